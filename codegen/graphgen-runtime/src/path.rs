//! Building request paths from templates and user-supplied values.
//! Plumbing for generated code (hidden from the docs, no stability promise).
//!
//! Generated code writes the literal parts of a path template itself and
//! passes every parameter through one of the functions here, so a value can
//! never change the shape of the path:
//!
//! - [`push_segment`] writes a value as exactly one path segment
//!   (`/users/{id}`);
//! - [`push_quoted_key`] writes a value inside an OData string literal whose
//!   quotes the template supplies (`/applications(appId='{appId}')`);
//! - [`push_segments`] writes a `/`-separated value as several segments
//!   (`/drive/root:/{item-path}:`), each one encoded like [`push_segment`].
//!
//! Only RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) and `@` are
//! written as they are; everything else, including every non-ASCII
//! character, is percent-encoded as UTF-8. That covers the characters that
//! end or split a segment (`/ ? #`), `%`, the characters Graph gives meaning
//! inside a path (`: $ ( ) ' ,` and `=`), and the characters `http::Uri`
//! rejects. A value that is exactly `.` or `..` is written as `%2E` or
//! `%2E%2E`, so it cannot be read as a relative path step.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Characters encoded in a path segment: all but unreserved ones and `@`.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'@');

/// Appends `value` to `path` as exactly one percent-encoded path segment.
///
/// No `/` is written: the template's literal text supplies separators. An
/// empty `value` writes nothing, which [`crate::RequestBuilder::build`] then
/// rejects as an empty segment.
pub fn push_segment(path: &mut String, value: &str) {
    match value {
        "." => path.push_str("%2E"),
        ".." => path.push_str("%2E%2E"),
        _ => path.extend(utf8_percent_encode(value, SEGMENT)),
    }
}

/// Appends `value` as the content of a quoted OData string key literal.
///
/// Each `'` is doubled as OData requires (`O'Brien` → `O''Brien`), then the
/// result is percent-encoded like [`push_segment`] (giving `O%27%27Brien`).
/// The surrounding quotes are the template's literal text and are not
/// written here.
pub fn push_quoted_key(path: &mut String, value: &str) {
    if value.contains('\'') {
        path.extend(utf8_percent_encode(&value.replace('\'', "''"), SEGMENT));
    } else {
        path.extend(utf8_percent_encode(value, SEGMENT));
    }
}

/// Appends a `/`-separated relative path (such as a drive item path
/// `folder/file.txt`) as several segments.
///
/// The value is split on `/`, each part is written with [`push_segment`]
/// (so `.` and `..` parts cannot traverse and `:` cannot end Graph's
/// path-addressing syntax), and the parts are joined with `/`. Empty parts
/// (from a leading, trailing or doubled `/`) give empty segments, which
/// [`crate::RequestBuilder::build`] rejects.
pub fn push_segments(path: &mut String, value: &str) {
    for (i, part) in value.split('/').enumerate() {
        if i > 0 {
            path.push('/');
        }
        push_segment(path, part);
    }
}

/// Builds a request path from template literals and encoded values.
///
/// ```
/// use graphgen_runtime::PathBuilder;
/// let path = PathBuilder::new()
///     .lit("/users/")
///     .segment("a/b")
///     .lit("/appRoleAssignments(principalId='")
///     .quoted("O'Brien")
///     .lit("')")
///     .finish();
/// assert_eq!(path, "/users/a%2Fb/appRoleAssignments(principalId='O%27%27Brien')");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathBuilder {
    path: String,
}

impl PathBuilder {
    /// Starts an empty path.
    pub fn new() -> Self {
        Self::default()
    }

    /// Continues `path`, a path already built (the one a resource handle holds).
    pub fn from_path(path: &str) -> Self {
        PathBuilder { path: path.to_owned() }
    }

    /// Appends literal template text, unencoded.
    pub fn lit(mut self, text: &'static str) -> Self {
        self.path.push_str(text);
        self
    }

    /// Appends `value` as one encoded segment (see [`push_segment`]).
    pub fn segment(mut self, value: &str) -> Self {
        push_segment(&mut self.path, value);
        self
    }

    /// Appends `value` as the content of a quoted key literal (see
    /// [`push_quoted_key`]).
    pub fn quoted(mut self, value: &str) -> Self {
        push_quoted_key(&mut self.path, value);
        self
    }

    /// Appends `value` as `/`-separated encoded segments (see
    /// [`push_segments`]).
    pub fn segments(mut self, value: &str) -> Self {
        push_segments(&mut self.path, value);
        self
    }

    /// Returns the path built so far.
    pub fn as_str(&self) -> &str {
        &self.path
    }

    /// Returns the finished path.
    pub fn finish(self) -> String {
        self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use percent_encoding::percent_decode_str;

    fn seg(value: &str) -> String {
        let mut s = String::new();
        push_segment(&mut s, value);
        s
    }

    fn assert_one_segment(value: &str) {
        let encoded = seg(value);
        for c in ['/', '?', '#', '\'', '"', ' ', ':', '$', '(', ')', '[', ']'] {
            assert!(!encoded.contains(c), "{value:?} -> {encoded:?} contains {c:?}");
        }
        assert!(encoded.is_ascii(), "{value:?} -> {encoded:?}");
        assert_ne!(encoded, ".");
        assert_ne!(encoded, "..");
        let decoded = percent_decode_str(&encoded).decode_utf8().unwrap();
        assert_eq!(decoded, value, "{encoded:?}");
        let path = format!("/users/{encoded}/messages");
        let uri: http::Uri = path.parse().unwrap_or_else(|e| panic!("{path:?}: {e}"));
        assert_eq!(uri.path(), path);
        assert_eq!(uri.query(), None);
        let segments: Vec<&str> = uri.path().split('/').collect();
        assert_eq!(segments.len(), 4, "{path:?}");
        assert_eq!(segments[2], encoded);
    }

    #[test]
    fn specific_values_encode_as_one_segment() {
        for value in [
            "abc",
            "a/b",
            "a#b",
            "a?b=c&d",
            "100%",
            "%2F",
            "O'Brien",
            "two words",
            ".",
            "..",
            "...",
            "../..",
            "ünïcødé",
            "日本語",
            "emoji 🦀",
            "AAMkAGI2TG93AAA=",
            "a+b/c==",
            "alice@contoso.com",
            "user_contoso.com#EXT#@fabrikam.onmicrosoft.com",
            "$value",
            "root:/x:",
            "x')/y('",
            "<>\\^`{|}\"[]",
            "tab\tnewline\ncr\r",
        ] {
            assert_one_segment(value);
        }
    }

    #[test]
    fn exact_encodings() {
        assert_eq!(seg("a/b"), "a%2Fb");
        assert_eq!(seg("."), "%2E");
        assert_eq!(seg(".."), "%2E%2E");
        assert_eq!(seg("..."), "...");
        assert_eq!(seg("a b"), "a%20b");
        assert_eq!(seg("100%"), "100%25");
        assert_eq!(seg("é"), "%C3%A9");
        assert_eq!(seg("a-b.c_d~e"), "a-b.c_d~e");
        assert_eq!(seg("alice@contoso.com"), "alice@contoso.com");
        assert_eq!(seg("#EXT#"), "%23EXT%23");
        assert_eq!(seg("AAMk+/="), "AAMk%2B%2F%3D");
    }

    #[test]
    fn generated_strings_encode_as_one_segment() {
        // A deterministic walk over a hand-made alphabet of awkward chars.
        let alphabet: Vec<char> = " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~aZ09\u{0}\u{7f}\u{80}é€😀\t\n".chars().collect();
        let n = alphabet.len();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for len in 0..12 {
            for _ in 0..400 {
                let mut value = String::new();
                for _ in 0..len {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    value.push(alphabet[(state % n as u64) as usize]);
                }
                if !value.is_empty() {
                    assert_one_segment(&value);
                }
            }
        }
        // Every single char, including pairs making "." and "..".
        for &c in &alphabet {
            assert_one_segment(&c.to_string());
            assert_one_segment(&format!("{c}{c}"));
        }
    }

    #[test]
    fn quoted_key_doubles_quotes_then_encodes() {
        let mut s = String::new();
        push_quoted_key(&mut s, "O'Brien");
        assert_eq!(s, "O%27%27Brien");
        let decoded = percent_decode_str(&s).decode_utf8().unwrap();
        assert_eq!(decoded, "O''Brien");

        let path = PathBuilder::new().lit("/applications(appId='").quoted("x') or ('a b/c").lit("')").finish();
        assert_eq!(path, "/applications(appId='x%27%27%29%20or%20%28%27%27a%20b%2Fc')");
        let uri: http::Uri = path.parse().unwrap();
        assert_eq!(uri.path(), path);
    }

    #[test]
    fn segments_keep_slashes_but_not_traversal() {
        let path = PathBuilder::new().lit("/me/drive/root:/").segments("Docs/../a b/x:y.txt").lit(":/content").finish();
        assert_eq!(path, "/me/drive/root:/Docs/%2E%2E/a%20b/x%3Ay.txt:/content");
        let _: http::Uri = path.parse().unwrap();
    }

    #[test]
    fn builder_as_str() {
        let b = PathBuilder::new().lit("/me/").segment("x y");
        assert_eq!(b.as_str(), "/me/x%20y");
    }
}
