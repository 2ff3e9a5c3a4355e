//! OData system query options: `$select`, `$filter`, `$top`…

use crate::query::QueryBuilder;

/// OData system query options for one request.
///
/// Each setter is named after its option without the `$` and takes and
/// returns the query by value. Apply the query with
/// [`crate::Request::with_query`]. Options are written in a fixed order
/// (`$select`, `$expand`, `$filter`, `$search`, `$orderby`, `$top`,
/// `$skip`, `$count`) and percent-encoded (space as `%20`, `&`, `=`, `+`,
/// `#` and `%` encoded too); unset options are omitted.
///
/// ```
/// use graphgen_runtime::{ODataQuery, Page, Request};
/// # use graphgen_runtime::{RequestBuilder, ResponseShape, http::Method};
/// let query = ODataQuery::new()
///     .select(["id", "displayName"])
///     .filter("startswith(displayName,'A&B')")
///     .search("displayName:room 1")
///     .orderby(["displayName desc"])
///     .top(5)
///     .count(true);
/// // A request from a generated endpoint function (here: listing users).
/// # let list_users = || RequestBuilder::new(Method::GET, "/users").build(ResponseShape::Collection);
/// let request: Request<Page<serde_json::Value>> = list_users()?.with_query(&query)?;
/// assert_eq!(
///     request.path_and_query(),
///     "/users?$select=id,displayName&$filter=startswith(displayName,'A%26B')\
///      &$search=%22displayName:room%201%22&$orderby=displayName%20desc&$top=5&$count=true"
/// );
/// # Ok::<(), graphgen_runtime::Error>(())
/// ```
///
/// Graph requires the `ConsistencyLevel: eventual` header for `$search` and
/// `$count` on directory objects; add it with
/// [`crate::Request::with_header`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ODataQuery {
    select: Vec<String>,
    expand: Vec<String>,
    filter: Option<String>,
    search: Option<String>,
    orderby: Vec<String>,
    top: Option<u64>,
    skip: Option<u64>,
    count: Option<bool>,
}

impl ODataQuery {
    /// No options.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds properties to `$select`.
    pub fn select<I>(mut self, properties: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.select.extend(properties.into_iter().map(Into::into));
        self
    }

    /// Adds navigation properties to `$expand` (each item may carry its own
    /// options, such as `members($select=id)`).
    pub fn expand<I>(mut self, properties: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.expand.extend(properties.into_iter().map(Into::into));
        self
    }

    /// Sets `$filter` to an OData expression, such as
    /// `startswith(displayName,'a')`. String literals in it must already
    /// be quoted, with `'` doubled inside them.
    pub fn filter(mut self, expression: impl Into<String>) -> Self {
        self.filter = Some(expression.into());
        self
    }

    /// Sets `$search` to one search phrase, which is put in double quotes
    /// (with `\` and `"` inside it escaped by `\`), as Graph requires:
    /// `displayName:room` becomes `"displayName:room"`.
    pub fn search(mut self, phrase: &str) -> Self {
        let mut quoted = String::with_capacity(phrase.len() + 2);
        quoted.push('"');
        for c in phrase.chars() {
            if matches!(c, '"' | '\\') {
                quoted.push('\\');
            }
            quoted.push(c);
        }
        quoted.push('"');
        self.search = Some(quoted);
        self
    }

    /// Sets `$search` to an expression written by the caller, quotes
    /// included, such as `"displayName:a" OR "mail:b"`.
    pub fn search_raw(mut self, expression: impl Into<String>) -> Self {
        self.search = Some(expression.into());
        self
    }

    /// Adds sort keys to `$orderby`, such as `displayName desc`.
    pub fn orderby<I>(mut self, keys: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.orderby.extend(keys.into_iter().map(Into::into));
        self
    }

    /// Sets `$top`, the page size.
    pub fn top(mut self, top: u64) -> Self {
        self.top = Some(top);
        self
    }

    /// Sets `$skip`.
    pub fn skip(mut self, skip: u64) -> Self {
        self.skip = Some(skip);
        self
    }

    /// Sets `$count`.
    pub fn count(mut self, count: bool) -> Self {
        self.count = Some(count);
        self
    }

    /// True if no option is set.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The options as an encoded query. Plumbing: apply a query with
    /// [`crate::Request::with_query`].
    #[doc(hidden)]
    pub fn to_query(&self) -> QueryBuilder {
        let mut q = QueryBuilder::new();
        if !self.select.is_empty() {
            q.push_list("$select", &self.select);
        }
        if !self.expand.is_empty() {
            q.push_list("$expand", &self.expand);
        }
        q.push_opt("$filter", self.filter.as_ref());
        q.push_opt("$search", self.search.as_ref());
        if !self.orderby.is_empty() {
            q.push_list("$orderby", &self.orderby);
        }
        q.push_opt("$top", self.top);
        q.push_opt("$skip", self.skip);
        q.push_opt("$count", self.count);
        q
    }
}

impl From<&ODataQuery> for QueryBuilder {
    fn from(query: &ODataQuery) -> Self {
        query.to_query()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use percent_encoding::percent_decode_str;

    fn decoded(query: &ODataQuery, name: &str) -> String {
        let q = query.to_query();
        let pair = q.as_str().split('&').find(|p| p.starts_with(&format!("{name}="))).unwrap().to_owned();
        percent_decode_str(pair.split_once('=').unwrap().1).decode_utf8().unwrap().into_owned()
    }

    #[test]
    fn empty_query_writes_nothing() {
        assert!(ODataQuery::new().is_empty());
        assert_eq!(ODataQuery::new().to_query().as_str(), "");
        assert!(!ODataQuery::new().top(0).is_empty());
    }

    #[test]
    fn search_is_quoted_and_escaped() {
        let q = ODataQuery::new().search(r#"say "hi" \ & go"#);
        assert_eq!(decoded(&q, "$search"), r#""say \"hi\" \\ & go""#);
        assert_eq!(q.to_query().as_str(), "$search=%22say%20%5C%22hi%5C%22%20%5C%5C%20%26%20go%22");
        let raw = ODataQuery::new().search_raw(r#""displayName:a" OR "mail:b""#);
        assert_eq!(decoded(&raw, "$search"), r#""displayName:a" OR "mail:b""#);
    }

    #[test]
    fn every_option_in_order_and_encoded() {
        let q = ODataQuery::new()
            .count(false)
            .skip(10)
            .top(3)
            .orderby(["a desc", "b"])
            .filter("x eq 'a+b=c#d%e é'")
            .expand(["members($select=id,displayName)"])
            .select(["id"])
            .select(["name"]);
        let text = q.to_query().finish();
        assert_eq!(
            text,
            "$select=id,name&$expand=members($select%3Did%2CdisplayName)\
             &$filter=x%20eq%20'a%2Bb%3Dc%23d%25e%20%C3%A9'&$orderby=a%20desc,b&$top=3&$skip=10&$count=false"
        );
        assert_eq!(decoded(&q, "$filter"), "x eq 'a+b=c#d%e é'");
        assert_eq!(decoded(&q, "$expand"), "members($select=id,displayName)");
        let uri: http::Uri = format!("/users?{text}").parse().unwrap();
        assert_eq!(uri.query(), Some(text.as_str()));
    }
}
