//! Query strings: `$select=a,b&$top=5`. Plumbing for generated code (hidden
//! from the docs, no stability promise): users set query options with
//! [`crate::ODataQuery`].

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Characters encoded in a query parameter name: all but unreserved ones,
/// `$` (OData system options) and `@` (parameter aliases).
const NAME: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'$').remove(b'@');

/// Characters encoded in a query parameter value: all but unreserved ones and
/// the OData punctuation that has no meaning in a query string
/// (`$ , ( ) ' : @ /`). So `&`, `=`, `+`, `#`, `%`, `;`, `"`, space and all
/// non-ASCII characters are encoded.
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'$')
    .remove(b',')
    .remove(b'(')
    .remove(b')')
    .remove(b'\'')
    .remove(b':')
    .remove(b'@')
    .remove(b'/');

/// Characters encoded in one item of a comma-separated list value: as
/// [`VALUE`], plus `,` so an item cannot split itself.
const LIST_ITEM: &AsciiSet = &VALUE.add(b',');

/// Builds a percent-encoded query string such as `$select=a,b&$top=5`.
///
/// Names keep `$` and `@` literal; values are percent-encoded (space as
/// `%20`, never `+`). Pairs are kept in insertion order.
///
/// ```
/// use graphgen_runtime::QueryBuilder;
/// let mut q = QueryBuilder::new();
/// q.push_list("$select", ["id", "displayName"]).push("$top", 5);
/// q.push("$filter", "startswith(displayName,'A&B')");
/// assert_eq!(
///     q.as_str(),
///     "$select=id,displayName&$top=5&$filter=startswith(displayName,'A%26B')"
/// );
/// ```
#[doc(hidden)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryBuilder {
    query: String,
}

impl QueryBuilder {
    /// Starts an empty query.
    pub fn new() -> Self {
        Self::default()
    }

    fn start_pair(&mut self, name: &str) {
        if !self.query.is_empty() {
            self.query.push('&');
        }
        self.query.extend(utf8_percent_encode(name, NAME));
        self.query.push('=');
    }

    /// Appends `name=value`, with `value` formatted by `Display` and then
    /// percent-encoded.
    pub fn push(&mut self, name: &str, value: impl fmt::Display) -> &mut Self {
        self.start_pair(name);
        let value = value.to_string();
        self.query.extend(utf8_percent_encode(&value, VALUE));
        self
    }

    /// Appends `name=v1,v2,…`: each value percent-encoded (a `,` inside a
    /// value too), the separating commas literal. Used for `$select`, `$expand` and `$orderby`.
    pub fn push_list<I>(&mut self, name: &str, values: I) -> &mut Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.start_pair(name);
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.query.push(',');
            }
            self.query.extend(utf8_percent_encode(value.as_ref(), LIST_ITEM));
        }
        self
    }

    /// Appends `name=value` if `value` is `Some`.
    pub fn push_opt<V: fmt::Display>(&mut self, name: &str, value: Option<V>) -> &mut Self {
        if let Some(value) = value {
            self.push(name, value);
        }
        self
    }

    /// Appends every pair of `other`, keeping their order.
    pub fn extend(&mut self, other: &QueryBuilder) -> &mut Self {
        if !other.query.is_empty() {
            if !self.query.is_empty() {
                self.query.push('&');
            }
            self.query.push_str(&other.query);
        }
        self
    }

    /// True if no pair has been added.
    pub fn is_empty(&self) -> bool {
        self.query.is_empty()
    }

    /// The encoded query, without a leading `?`.
    pub fn as_str(&self) -> &str {
        &self.query
    }

    /// Returns the encoded query, without a leading `?`.
    pub fn finish(self) -> String {
        self.query
    }
}

impl fmt::Display for QueryBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.query)
    }
}

impl<K: AsRef<str>, V: fmt::Display> FromIterator<(K, V)> for QueryBuilder {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut q = QueryBuilder::new();
        for (k, v) in iter {
            q.push(k.as_ref(), v);
        }
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use percent_encoding::percent_decode_str;

    #[test]
    fn select_and_top() {
        let mut q = QueryBuilder::new();
        q.push_list("$select", ["a", "b"]).push("$top", 5);
        assert_eq!(q.as_str(), "$select=a,b&$top=5");
        assert_eq!(q.to_string(), "$select=a,b&$top=5");
    }

    #[test]
    fn values_are_encoded() {
        let mut q = QueryBuilder::new();
        q.push("$search", "\"display name:a+b&c=d#e%f\"");
        q.push("$count", true);
        q.push_opt("$skip", None::<u32>);
        q.push_opt("$skiptoken", Some("X'Y"));
        q.push("név", "é");
        assert_eq!(
            q.as_str(),
            "$search=%22display%20name:a%2Bb%26c%3Dd%23e%25f%22&$count=true\
             &$skiptoken=X'Y&n%C3%A9v=%C3%A9"
        );
        let uri: http::Uri = format!("/users?{q}").parse().unwrap();
        assert_eq!(uri.query(), Some(q.as_str()));
        for pair in q.as_str().split('&') {
            let (_, v) = pair.split_once('=').unwrap();
            assert!(!v.contains(['&', '=', '#', ' ', '+']));
        }
        let first = q.as_str().split('&').next().unwrap();
        let v = first.split_once('=').unwrap().1;
        assert_eq!(percent_decode_str(v).decode_utf8().unwrap(), "\"display name:a+b&c=d#e%f\"");
    }

    #[test]
    fn list_values_encode_commas_inside_items_only_as_separators() {
        let mut q = QueryBuilder::new();
        q.push_list("$orderby", ["displayName desc", "id"]);
        q.push_list("$select", ["a,b", "c"]);
        assert_eq!(q.as_str(), "$orderby=displayName%20desc,id&$select=a%2Cb,c");
    }

    #[test]
    fn from_pairs_and_extend() {
        let a: QueryBuilder = [("$top", "1"), ("$skip", "2")].into_iter().collect();
        let mut b = QueryBuilder::new();
        assert!(b.is_empty());
        b.extend(&QueryBuilder::new());
        assert!(b.is_empty());
        b.push("$count", "true").extend(&a);
        assert_eq!(b.finish(), "$count=true&$top=1&$skip=2");
    }
}
