//! [`Nullable`]: a property that is absent, explicitly `null`, or a value.
//!
//! Graph tells the three apart: a PATCH that leaves a property out keeps it, a
//! PATCH with `"x": null` clears it, and responses send `null` for unset
//! values. `Option<T>` folds the first two together; `Nullable<T>` keeps them
//! apart, so example payloads round-trip and updates can clear fields.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A property value: [`Absent`](Nullable::Absent) (left out of the JSON, the
/// default), [`Null`](Nullable::Null) (sent as `null`), or a value.
///
/// Generated structs start every field `Absent`, read the members present,
/// and leave `Absent` fields out when they write (`object::Writer::field`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Nullable<T> {
    /// Not present in the JSON object.
    #[default]
    Absent,
    /// Present as `null`.
    Null,
    /// Present with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// `true` when the property is left out.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// `true` when the property is an explicit `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// `true` when the property has a value.
    pub fn is_value(&self) -> bool {
        matches!(self, Nullable::Value(_))
    }

    /// The value, if there is one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value, mutably, if there is one.
    pub fn value_mut(&mut self) -> Option<&mut T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value, if there is one (absent and `null` both give `None`).
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// Borrow the value: `&Nullable<T>` → `Nullable<&T>`.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(v),
        }
    }

    /// Map the value, keeping absent and `null`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(f(v)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` is an explicit `null`.
    fn from(value: Option<T>) -> Self {
        value.map_or(Nullable::Null, Nullable::Value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Only reached when a caller serialises the value outside a struct
            // field that skips it: `null` is the closest JSON.
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
            Nullable::Value(v) => serializer.serialize_some(v),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A missing field never reaches here: the field stays as it started, Absent.
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        name: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        size: Nullable<i32>,
    }

    #[test]
    fn three_states_round_trip() {
        for value in [json!({}), json!({"name": null}), json!({"name": "x", "size": 3}), json!({"size": null})] {
            let p: Patch = serde_json::from_value(value.clone()).unwrap();
            assert_eq!(serde_json::to_value(&p).unwrap(), value);
        }
        let p: Patch = serde_json::from_value(json!({"name": null})).unwrap();
        assert!(p.name.is_null() && p.size.is_absent());
    }

    #[test]
    fn construction_and_access() {
        let p = Patch { name: "x".to_owned().into(), size: Nullable::Null };
        assert_eq!(serde_json::to_value(&p).unwrap(), json!({"name": "x", "size": null}));
        assert_eq!(p.name.value().map(String::as_str), Some("x"));
        assert_eq!(p.size.into_option(), None);
        assert_eq!(Nullable::<i32>::from(None), Nullable::Null);
        assert_eq!(Nullable::Value(2).map(|v| v * 2), Nullable::Value(4));
    }
}
