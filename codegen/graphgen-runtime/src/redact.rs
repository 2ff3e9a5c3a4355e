//! `Debug` helpers that hide secrets. Plumbing for generated code (hidden
//! from the docs, no stability promise).
//!
//! Generated structs with token, password or secret fields implement
//! `Debug` by hand and show those fields through these helpers:
//!
//! ```
//! use graphgen_runtime::{Redacted, redact_option};
//! struct Credential { name: String, secret: String, hint: Option<String> }
//! impl std::fmt::Debug for Credential {
//!     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
//!         f.debug_struct("Credential")
//!             .field("name", &self.name)
//!             .field("secret", &Redacted(&self.secret))
//!             .field("hint", &redact_option(&self.hint))
//!             .finish()
//!     }
//! }
//! let c = Credential { name: "n".into(), secret: "s3cr3t".into(), hint: Some("h".into()) };
//! assert_eq!(
//!     format!("{c:?}"),
//!     r#"Credential { name: "n", secret: "<redacted>", hint: Some("<redacted>") }"#
//! );
//! ```

use std::fmt;

/// Shows as `"<redacted>"` in `Debug` output, whatever it wraps.
#[derive(Clone, Copy)]
pub struct Redacted<'a, T: ?Sized>(pub &'a T);

impl<T: ?Sized> fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt("<redacted>", f)
    }
}

/// Shows an `Option` as `Some("<redacted>")` or `None` in `Debug` output,
/// so whether a secret is present stays visible but its value does not.
pub fn redact_option<T>(value: &Option<T>) -> impl fmt::Debug + '_ {
    RedactedOption(value)
}

struct RedactedOption<'a, T>(&'a Option<T>);

impl<T> fmt::Debug for RedactedOption<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(v) => f.debug_tuple("Some").field(&Redacted(v)).finish(),
            None => f.write_str("None"),
        }
    }
}

/// Shows a [`Nullable`](crate::Nullable) as `Value("<redacted>")`, `Null` or
/// `Absent` in `Debug` output.
pub fn redact_nullable<T>(value: &crate::Nullable<T>) -> impl fmt::Debug + '_ {
    RedactedNullable(value)
}

struct RedactedNullable<'a, T>(&'a crate::Nullable<T>);

impl<T> fmt::Debug for RedactedNullable<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            crate::Nullable::Value(v) => f.debug_tuple("Value").field(&Redacted(v)).finish(),
            crate::Nullable::Null => f.write_str("Null"),
            crate::Nullable::Absent => f.write_str("Absent"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_values() {
        assert_eq!(format!("{:?}", Redacted("token")), r#""<redacted>""#);
        assert_eq!(format!("{:?}", Redacted(&42)), r#""<redacted>""#);
        assert_eq!(format!("{:?}", redact_option(&Some("x"))), r#"Some("<redacted>")"#);
        assert_eq!(format!("{:?}", redact_option::<String>(&None)), "None");
        assert_eq!(format!("{:#?}", redact_option(&Some(vec![1u8]))), "Some(\n    \"<redacted>\",\n)");
    }
}
