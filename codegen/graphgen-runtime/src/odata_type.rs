//! `@odata.type` dispatch: a value of a base type (say `deviceConfiguration`)
//! that is really a derived type (`androidCustomConfiguration`) says so in its
//! `@odata.type` annotation and keeps the derived type's properties in its
//! `additional_properties`; [`cast`] turns it into the derived type.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A generated type with an OData type name.
pub trait ODataType {
    /// The OData type name, `microsoft.graph.x`.
    const ODATA_TYPE: &'static str;

    /// The value's own `@odata.type` annotation, when it has one.
    fn odata_type_annotation(&self) -> Option<&str>;
}

/// Whether an `@odata.type` annotation (`#microsoft.graph.x`) names `type_name`
/// (`microsoft.graph.x`); case-insensitive, as Graph is.
pub fn is_odata_type(annotation: &str, type_name: &str) -> bool {
    annotation.trim_start_matches('#').eq_ignore_ascii_case(type_name.trim_start_matches('#'))
}

/// The value as the derived type `To`, when its `@odata.type` says it is one;
/// `None` otherwise (or when its properties do not fit `To`).
pub fn cast<From, To>(value: &From) -> Option<To>
where
    From: Serialize + ODataType,
    To: DeserializeOwned + ODataType,
{
    let annotation = value.odata_type_annotation()?;
    if !is_odata_type(annotation, To::ODATA_TYPE) {
        return None;
    }
    serde_json::to_value(value).ok().and_then(|json| serde_json::from_value(json).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Serialize, Deserialize)]
    struct Base {
        #[serde(rename = "@odata.type", default, skip_serializing_if = "Option::is_none")]
        odata_type: Option<String>,
        #[serde(flatten)]
        rest: BTreeMap<String, serde_json::Value>,
    }
    #[derive(Serialize, Deserialize)]
    struct Derived {
        #[serde(rename = "@odata.type", default, skip_serializing_if = "Option::is_none")]
        odata_type: Option<String>,
        size: i32,
    }
    impl ODataType for Base {
        const ODATA_TYPE: &'static str = "microsoft.graph.base";
        fn odata_type_annotation(&self) -> Option<&str> {
            self.odata_type.as_deref()
        }
    }
    impl ODataType for Derived {
        const ODATA_TYPE: &'static str = "microsoft.graph.derived";
        fn odata_type_annotation(&self) -> Option<&str> {
            self.odata_type.as_deref()
        }
    }

    #[test]
    fn casts_by_annotation() {
        let base: Base =
            serde_json::from_value(serde_json::json!({"@odata.type": "#microsoft.graph.derived", "size": 3})).unwrap();
        let derived: Derived = cast(&base).unwrap();
        assert_eq!(derived.size, 3);
        let other: Base = serde_json::from_value(serde_json::json!({"@odata.type": "#microsoft.graph.other"})).unwrap();
        assert!(cast::<_, Derived>(&other).is_none());
        assert!(is_odata_type("#Microsoft.Graph.Derived", "microsoft.graph.derived"));
    }
}
