//! How generated structs are read from and written to JSON objects, shared so
//! that a struct costs one `match` on its keys and one call per field, nothing
//! that serde's derive writes per struct (a field enum, visitors, and with
//! `#[serde(flatten)]` a buffer of every member before any field is read).
//!
//! Reading: a generated struct implements [`Fields`] (one arm per documented
//! key, each calling [`value`]; every other key goes to [`other`], so it lands in
//! `additional_properties` without being buffered twice), and its `Deserialize`
//! is [`deserialize`]. Writing: its `Serialize` opens a [`Writer`], writes each
//! field (absent ones are left out) and ends with the additional properties.
//!
//! Plumbing for generated code: public, not documented.

use crate::additional::{AdditionalProperties, record_key};
use crate::nullable::Nullable;
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Deserializer, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// A JSON object's members, read one at a time into a value that starts empty.
pub trait Fields: Default {
    /// What the object is, for error messages (`struct user`).
    const EXPECTING: &'static str;

    /// Read the value of the member `key` from `map` into its field.
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error>;
}

/// A struct's `Deserialize`: a JSON object, member by member through [`Fields`].
pub fn deserialize<'de, D: Deserializer<'de>, T: Fields>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Fields> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut value = T::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            value.field(&key, &mut map)?;
        }
        Ok(value)
    }
}

/// A member name, borrowed from the input when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// Read the current member's value into `slot`.
#[inline]
pub fn value<'de, A: MapAccess<'de>, T: Deserialize<'de>>(map: &mut A, slot: &mut T) -> Result<(), A::Error> {
    *slot = map.next_value()?;
    Ok(())
}

/// Read the current member's value, a member no field has, into `additional`.
pub fn other<'de, A: MapAccess<'de>>(
    map: &mut A,
    key: &str,
    additional: &mut AdditionalProperties,
) -> Result<(), A::Error> {
    let value: serde_json::Value = map.next_value()?;
    record_key(key);
    additional.insert(key.to_owned(), value);
    Ok(())
}

/// A required field's value once the object is read: missing or `null` is an error.
pub fn required<T, E: de::Error>(slot: Nullable<T>, key: &'static str) -> Result<T, E> {
    match slot {
        Nullable::Value(v) => Ok(v),
        Nullable::Absent => Err(E::missing_field(key)),
        Nullable::Null => Err(E::invalid_type(de::Unexpected::Unit, &key)),
    }
}

/// A struct's `Serialize`: the members in order, then the additional properties.
pub struct Writer<S: Serializer> {
    map: S::SerializeMap,
}

impl<S: Serializer> Writer<S> {
    /// Start the object.
    #[inline]
    pub fn new(serializer: S) -> Result<Self, S::Error> {
        Ok(Writer { map: serializer.serialize_map(None)? })
    }

    /// A property that may be absent (left out), `null` or a value.
    #[inline]
    pub fn field<T: Serialize>(&mut self, key: &'static str, value: &Nullable<T>) -> Result<(), S::Error> {
        match value {
            Nullable::Absent => Ok(()),
            Nullable::Null => self.map.serialize_entry(key, &()),
            Nullable::Value(v) => self.map.serialize_entry(key, v),
        }
    }

    /// The `@odata.type` annotation, when there is one.
    #[inline]
    pub fn annotation(&mut self, key: &'static str, value: &Option<String>) -> Result<(), S::Error> {
        match value {
            Some(v) => self.map.serialize_entry(key, v),
            None => Ok(()),
        }
    }

    /// A property always sent.
    #[inline]
    pub fn required<T: Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), S::Error> {
        self.map.serialize_entry(key, value)
    }

    /// The members no field has, and the end of the object.
    pub fn end(mut self, additional: &AdditionalProperties) -> Result<S::Ok, S::Error> {
        for (key, value) in additional.iter() {
            self.map.serialize_entry(key, value)?;
        }
        self.map.end()
    }
}

/// A struct's `PartialEq`: whether two values send the same JSON (the same
/// members, absent and `null` told apart, additional properties included).
pub fn same_json<T: Serialize>(a: &T, b: &T) -> bool {
    match (serde_json::to_value(a), serde_json::to_value(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::additional::record_additional_keys;
    use serde_json::json;

    /// What the generator writes for `{ "@odata.type", "name": String, "size": Int32 }`.
    #[derive(Debug, Default, PartialEq)]
    struct Thing {
        odata_type: Option<String>,
        name: Nullable<String>,
        size: Nullable<i32>,
        inner: Nullable<Vec<Thing>>,
        additional_properties: AdditionalProperties,
    }

    impl Fields for Thing {
        const EXPECTING: &'static str = "struct thing";
        fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
            match key {
                "@odata.type" => value(map, &mut self.odata_type),
                "name" => value(map, &mut self.name),
                "size" => value(map, &mut self.size),
                "inner" => value(map, &mut self.inner),
                _ => other(map, key, &mut self.additional_properties),
            }
        }
    }

    impl<'de> Deserialize<'de> for Thing {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer)
        }
    }

    impl Serialize for Thing {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut w = Writer::new(serializer)?;
            w.annotation("@odata.type", &self.odata_type)?;
            w.field("name", &self.name)?;
            w.field("size", &self.size)?;
            w.field("inner", &self.inner)?;
            w.end(&self.additional_properties)
        }
    }

    #[test]
    fn absent_null_value_and_unknown_members_round_trip() {
        for text in [
            json!({}),
            json!({"name": null}),
            json!({"@odata.type": "#x", "name": "a", "size": 3}),
            json!({"size": null, "inner": [{"name": "b", "z": [1, {"q": null}]}], "@odata.etag": "W/1"}),
        ] {
            let thing: Thing = serde_json::from_value(text.clone()).unwrap();
            assert_eq!(serde_json::to_value(&thing).unwrap(), text);
        }
        let thing: Thing = serde_json::from_str(r#"{"name": null, "x\u0041": 1}"#).unwrap();
        assert!(thing.name.is_null() && thing.size.is_absent());
        assert_eq!(thing.additional_properties.get("xA"), Some(&json!(1)), "escaped keys are read too");
    }

    #[test]
    fn unknown_members_are_recorded_at_any_depth_and_errors_say_where() {
        let (thing, keys) = record_additional_keys(|| {
            serde_json::from_str::<Thing>(r#"{"b": 1, "inner": [{"c": 2, "name": "x"}], "size": 1}"#).unwrap()
        });
        assert_eq!(keys, ["b", "c"]);
        assert_eq!(thing.size, Nullable::Value(1));
        let error = serde_json::from_str::<Thing>(r#"{"size": "three"}"#).unwrap_err().to_string();
        assert!(error.contains("expected i32"), "{error}");
        let error = serde_json::from_str::<Thing>("[1]").unwrap_err().to_string();
        assert!(error.contains("struct thing"), "{error}");
    }

    #[test]
    fn equal_values_send_the_same_json() {
        let a: Thing = serde_json::from_value(json!({"name": "a", "z": 1})).unwrap();
        let mut b: Thing = serde_json::from_value(json!({"z": 1, "name": "a"})).unwrap();
        assert!(same_json(&a, &b));
        b.size = Nullable::Null;
        assert!(!same_json(&a, &b), "null is not absent");
        b.size = Nullable::Absent;
        b.additional_properties.insert("y".into(), json!(2));
        assert!(!same_json(&a, &b), "additional properties count");
    }

    #[test]
    fn required_fields_must_be_values() {
        let missing: Result<i32, serde_json::Error> = required(Nullable::Absent, "id");
        assert!(missing.unwrap_err().to_string().contains("missing field `id`"));
        let null: Result<i32, serde_json::Error> = required(Nullable::Null, "id");
        assert!(null.is_err());
        let value: Result<i32, serde_json::Error> = required(Nullable::Value(1), "id");
        assert_eq!(value.unwrap(), 1);
    }
}
