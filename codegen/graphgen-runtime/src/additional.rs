//! [`AdditionalProperties`]: the members of a JSON object that its generated
//! type has no field for, kept as sent so nothing is lost. Decoding can be
//! watched ([`record_additional_keys`]): the generated crate's example tests
//! use it to check that every documented key of the docs' examples lands in a
//! typed field, exactly as the generator's strict check says.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Deref, DerefMut};

/// Members a generated type has no field for, by name, as sent. Dereferences
/// to the map (`value.additional_properties.get("x")`).
#[derive(Clone, Default, PartialEq)]
pub struct AdditionalProperties(pub BTreeMap<String, serde_json::Value>);

impl AdditionalProperties {
    /// No members.
    pub fn new() -> Self {
        AdditionalProperties(BTreeMap::new())
    }
}

impl Deref for AdditionalProperties {
    type Target = BTreeMap<String, serde_json::Value>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl DerefMut for AdditionalProperties {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl fmt::Debug for AdditionalProperties {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl From<BTreeMap<String, serde_json::Value>> for AdditionalProperties {
    fn from(map: BTreeMap<String, serde_json::Value>) -> Self {
        AdditionalProperties(map)
    }
}

impl Serialize for AdditionalProperties {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

thread_local! {
    /// The keys decoded into any `AdditionalProperties` on this thread while recording.
    static RECORDED: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

impl<'de> Deserialize<'de> for AdditionalProperties {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<String, serde_json::Value>::deserialize(deserializer)?;
        for key in map.keys() {
            record_key(key);
        }
        Ok(AdditionalProperties(map))
    }
}

/// Note that `key` landed in an [`AdditionalProperties`], when recording.
pub(crate) fn record_key(key: &str) {
    RECORDED.with(|recorded| {
        if let Some(keys) = recorded.borrow_mut().as_mut() {
            keys.push(key.to_owned());
        }
    });
}

/// Run `decode` and return what it returned with the names of the keys that
/// landed in an [`AdditionalProperties`] at any depth, sorted. Recording is per
/// thread; a nested call records for itself.
pub fn record_additional_keys<R>(decode: impl FnOnce() -> R) -> (R, Vec<String>) {
    let outer = RECORDED.with(|recorded| recorded.borrow_mut().replace(Vec::new()));
    let result = decode();
    let mut keys = RECORDED.with(|recorded| std::mem::replace(&mut *recorded.borrow_mut(), outer)).unwrap_or_default();
    keys.sort();
    (result, keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Serialize)]
    struct Inner {
        a: i32,
        #[serde(flatten)]
        additional_properties: AdditionalProperties,
    }

    #[derive(Deserialize, Serialize)]
    struct Outer {
        inner: Vec<Inner>,
        #[serde(flatten)]
        additional_properties: AdditionalProperties,
    }

    #[test]
    fn keys_landing_outside_the_fields_are_recorded_at_any_depth() {
        let text = r#"{"inner": [{"a": 1, "b": 2}, {"a": 2}], "z": {"deep": 1}, "@odata.etag": "x"}"#;
        let (outer, keys) = record_additional_keys(|| serde_json::from_str::<Outer>(text).unwrap());
        assert_eq!(keys, ["@odata.etag", "b", "z"], "values kept as JSON are not looked into");
        assert_eq!(outer.inner[0].additional_properties.get("b"), Some(&serde_json::json!(2)));
        assert_eq!(serde_json::to_value(&outer).unwrap(), serde_json::from_str::<serde_json::Value>(text).unwrap());
        let (_, none) = record_additional_keys(|| serde_json::from_str::<Inner>(r#"{"a": 1}"#).unwrap());
        assert!(none.is_empty());
        // Outside a recording nothing is kept.
        let _: Inner = serde_json::from_str(r#"{"a": 1, "q": 0}"#).unwrap();
        assert!(RECORDED.with(|r| r.borrow().is_none()));
    }
}
