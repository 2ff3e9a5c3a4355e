//! `Edm.Binary`.

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use super::{ParseEdmError, text_type};

const LENIENT: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const STANDARD_LENIENT: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);
const URL_SAFE_LENIENT: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);

/// `Edm.Binary`: bytes sent as base64 text, which is kept.
///
/// Decoding accepts the standard alphabet (which Graph sends) and the
/// URL-safe one (which OData specifies), with or without padding. Bytes
/// given with [`Base64Binary::from_bytes`] are encoded with the standard
/// alphabet and padding. Equality and hashing compare the bytes. `Debug`
/// shows at most 64 characters of the text.
#[derive(Clone)]
pub struct Base64Binary {
    bytes: Vec<u8>,
    text: String,
}

impl Base64Binary {
    /// Decodes base64 text.
    pub fn parse(text: &str) -> Result<Self, ParseEdmError> {
        STANDARD_LENIENT
            .decode(text)
            .or_else(|e| URL_SAFE_LENIENT.decode(text).map_err(|_| e))
            .map(|bytes| Base64Binary { bytes, text: text.to_owned() })
            .map_err(|e| ParseEdmError::new("Edm.Binary", text, e.to_string()))
    }

    /// Wraps `bytes`, with standard padded base64 text.
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        let text = base64::engine::general_purpose::STANDARD.encode(&bytes);
        Base64Binary { bytes, text }
    }

    /// The decoded bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Consumes `self`, returning the decoded bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// The base64 text this value serialises to.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl From<Vec<u8>> for Base64Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Base64Binary::from_bytes(bytes)
    }
}

impl From<&[u8]> for Base64Binary {
    fn from(bytes: &[u8]) -> Self {
        Base64Binary::from_bytes(bytes.to_vec())
    }
}

impl PartialEq for Base64Binary {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for Base64Binary {}

impl std::hash::Hash for Base64Binary {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.bytes.hash(state);
    }
}

impl std::fmt::Debug for Base64Binary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const MAX: usize = 64;
        if self.text.len() <= MAX {
            f.debug_tuple("Base64Binary").field(&self.text).finish()
        } else {
            // Base64 text is ASCII, so byte slicing is on a char boundary.
            let head = format!("{}…", &self.text[..MAX]);
            f.debug_tuple("Base64Binary").field(&head).finish()
        }
    }
}

text_type!(Base64Binary, "an Edm.Binary base64 string", no_debug);
