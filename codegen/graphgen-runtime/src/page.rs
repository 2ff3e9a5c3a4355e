//! One page of a collection response.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One page of a collection response:
/// `{"value": [...], "@odata.nextLink": "...", ...}`.
///
/// Members other than those named here (such as `@odata.context`) are kept
/// in `extra`, and absent optional members stay absent when re-serialised,
/// so a page round-trips exactly (as a `serde_json::Value`). The items are
/// decoded straight from the input (no buffering of the page first).
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items of this page.
    pub value: Vec<T>,
    /// The absolute URL of the next page, if there is one (follow it with
    /// [`crate::Request::next_page`]).
    pub next_link: Option<String>,
    /// The total number of items, when `$count=true` was requested.
    pub count: Option<i64>,
    /// The link to request later changes, on the last page of a delta query.
    pub delta_link: Option<String>,
    /// Any other members, as sent.
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl<T: Serialize> Serialize for Page<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("value", &self.value)?;
        if let Some(v) = &self.next_link {
            map.serialize_entry("@odata.nextLink", v)?;
        }
        if let Some(v) = &self.count {
            map.serialize_entry("@odata.count", v)?;
        }
        if let Some(v) = &self.delta_link {
            map.serialize_entry("@odata.deltaLink", v)?;
        }
        for (key, value) in &self.extra {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PageVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for PageVisitor<T> {
            type Value = Page<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a collection page (an object with `value`)")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Page<T>, A::Error> {
                let mut page = Page::default();
                let mut value = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "value" => value = Some(map.next_value()?),
                        "@odata.nextLink" => page.next_link = map.next_value()?,
                        "@odata.count" => page.count = map.next_value()?,
                        "@odata.deltaLink" => page.delta_link = map.next_value()?,
                        _ => {
                            let v = map.next_value()?;
                            page.extra.insert(key, v);
                        }
                    }
                }
                page.value = value.ok_or_else(|| serde::de::Error::missing_field("value"))?;
                Ok(page)
            }
        }
        deserializer.deserialize_map(PageVisitor(PhantomData))
    }
}

impl<T> Page<T> {
    /// The `@odata.nextLink`, if there is a next page.
    pub fn next_link(&self) -> Option<&str> {
        self.next_link.as_deref()
    }

    /// True if there is a next page.
    pub fn has_next(&self) -> bool {
        self.next_link.is_some()
    }

    /// The items of this page.
    pub fn items(&self) -> &[T] {
        &self.value
    }

    /// Consumes the page, returning its items.
    pub fn into_items(self) -> Vec<T> {
        self.value
    }
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page { value: Vec::new(), next_link: None, count: None, delta_link: None, extra: BTreeMap::new() }
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.value.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct User {
        id: String,
        #[serde(rename = "displayName")]
        display_name: Option<String>,
    }

    fn round_trip(v: serde_json::Value) -> Page<User> {
        let page: Page<User> = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(serde_json::to_value(&page).unwrap(), v);
        page
    }

    #[test]
    fn with_next_link_and_unknown_members() {
        let page = round_trip(json!({
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
            "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$skiptoken=X",
            "@odata.count": 42,
            "@vendor.annotation": {"a": [1, 2]},
            "value": [{"id": "1", "displayName": "A"}, {"id": "2", "displayName": null}]
        }));
        assert!(page.has_next());
        assert_eq!(page.count, Some(42));
        assert_eq!(page.items().len(), 2);
        assert_eq!(page.extra.len(), 2);
        assert_eq!(page.into_iter().map(|u| u.id).collect::<Vec<_>>(), ["1", "2"]);
    }

    #[test]
    fn last_page_with_delta_link() {
        let page = round_trip(json!({
            "@odata.deltaLink": "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=Y",
            "value": []
        }));
        assert!(!page.has_next());
        assert_eq!(page.next_link(), None);
        assert!(page.delta_link.is_some());
        assert!(page.extra.is_empty());
    }

    #[test]
    fn minimal_page_stays_minimal() {
        let page = round_trip(json!({"value": [{"id": "1", "displayName": "x"}]}));
        assert_eq!(page.into_items()[0].id, "1");
        let empty: Page<User> = Page::default();
        assert_eq!(serde_json::to_value(&empty).unwrap(), json!({"value": []}));
    }

    #[test]
    fn missing_value_is_an_error() {
        assert!(serde_json::from_value::<Page<User>>(json!({"@odata.count": 1})).is_err());
    }
}
