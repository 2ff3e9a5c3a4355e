//! Types lower makes for request bodies: the entity reference of a `$ref`
//! request, an action's parameters, and parameters sent inside one property.

use super::{Known, TypeRegistry, key, rows_of};
use crate::diagnostics::{Code, Diagnostics};
use crate::ir::*;
use crate::page::PropertyRow;

impl TypeRegistry<'_> {
    /// The body of a `$ref` request (`POST /groups/{id}/members/$ref`): OData's
    /// entity reference, `{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}"}`,
    /// one type for the crate, made on first use.
    pub fn reference_type(&mut self, file: &str, line: u32) -> TypeRef {
        const WIRE: &str = "odataEntityReference";
        if let Some(known) = self.known.get(&key(WIRE)) {
            return TypeRef::Named {
                wire_name: known.wire_name.clone(),
                rust_name: known.rust_name.clone(),
                kind: NamedKind::Struct,
            };
        }
        let rust_name = self.scope.unique("EntityReference".to_owned());
        let known = Known { wire_name: WIRE.to_owned(), rust_name: rust_name.clone(), kind: NamedKind::Struct };
        self.known.insert(key(WIRE), known);
        let id = PropertyIr {
            nullable: Some(false),
            required: true,
            ..PropertyIr::synthesized(
                "@odata.id",
                "odata_id".to_owned(),
                TypeRef::Primitive { edm: Primitive::String },
                "String",
                "The URL of the entity referred to: `https://graph.microsoft.com/v1.0/directoryObjects/{id}`."
                    .to_owned(),
                line,
            )
        };
        self.lowered.push(ComplexType {
            wire_name: WIRE.to_owned(),
            rust_name: rust_name.clone(),
            module: Module::Shared,
            features: Vec::new(),
            odata_type: None,
            description: Some(
                "A reference to an entity, the body of a `$ref` request (adds a member, an owner, a manager…)."
                    .to_owned(),
            ),
            base_type: None,
            key: None,
            derived: Vec::new(),
            properties: vec![id],
            dynamic_only: false,
            open_type: false,
            origin: TypeOrigin::Synthesized,
            source: SourceRef::new(file, line),
        });
        TypeRef::Named { wire_name: WIRE.to_owned(), rust_name, kind: NamedKind::Struct }
    }

    /// A crate-unique type name for a generated helper type (`ListUsersOptions`).
    pub fn reserve_type_name(&mut self, base: &str) -> String {
        self.scope.unique(base.to_owned())
    }

    /// The request type of an action: one field per parameter. A parameter its
    /// description marks "Required." is a plain field, unless an example body
    /// (`sent`) leaves it out: then it stays optional (`required-parameter-not-sent`).
    #[allow(clippy::too_many_arguments)]
    pub fn add_parameters_type(
        &mut self,
        wire_name: &str,
        stem: &str,
        rows: &[PropertyRow],
        sent: &[&serde_json::Map<String, serde_json::Value>],
        file: &str,
        line: u32,
        title: &str,
        diags: &mut Diagnostics,
    ) -> TypeRef {
        let rust_name = self.scope.unique(format!("{stem}Request"));
        let mut properties = self.lower_properties(&rows_of(rows, file), file, diags);
        // The wire name is the camelCase the examples send (`Message` in the table, `message` in
        // every body; OData names are case-sensitive, Graph's are camelCase).
        for p in properties.iter_mut() {
            let spelled = sent.iter().find_map(|body| {
                (!body.contains_key(&p.wire_name))
                    .then(|| body.keys().find(|k| k.eq_ignore_ascii_case(&p.wire_name)))
                    .flatten()
            });
            let camel = |s: &&String| s.starts_with(|c: char| c.is_ascii_lowercase());
            if let Some(spelled) = spelled.filter(camel) {
                diags.note(
                    file,
                    p.line,
                    Code::ParameterNameCase,
                    format!("parameter {} is sent as {spelled} by the examples; that is its wire name", p.wire_name),
                );
                p.wire_name = spelled.clone();
            }
        }
        for p in properties.iter_mut().filter(|p| required_from(&p.description)) {
            p.required = sent_by_every_example(sent, &p.wire_name, file, p.line, diags);
        }
        self.push_parameters_type(wire_name, rust_name, title, properties, SourceRef::new(file, line))
    }

    /// The request type of an action whose parameters are sent inside one property
    /// (`addPassword`: the table lists a password credential's properties, the body is
    /// `{"passwordCredential": {…}}`): one optional field, `key`, of type `inner`.
    pub fn add_wrapper_type(
        &mut self,
        wire_name: &str,
        stem: &str,
        key: &str,
        inner: TypeRef,
        source: SourceRef,
        title: &str,
    ) -> TypeRef {
        let rust_name = self.scope.unique(format!("{stem}Request"));
        let written_type = match &inner {
            TypeRef::Named { wire_name, .. } => wire_name.clone(),
            _ => String::new(),
        };
        // Not a secret itself: the inner type redacts its own secrets.
        let property = PropertyIr::synthesized(
            key,
            crate::naming::Scope::new().unique(crate::naming::field_name(key)),
            inner,
            &written_type,
            format!("The parameters of the {title}, sent as one `{key}` object."),
            source.line,
        );
        self.push_parameters_type(wire_name, rust_name, title, vec![property], source)
    }

    /// Register the request type of an action (origin `ActionParameters`).
    fn push_parameters_type(
        &mut self,
        wire_name: &str,
        rust_name: String,
        title: &str,
        properties: Vec<PropertyIr>,
        source: SourceRef,
    ) -> TypeRef {
        self.lowered.push(ComplexType {
            wire_name: wire_name.to_owned(),
            rust_name: rust_name.clone(),
            module: Module::Shared,
            features: Vec::new(),
            odata_type: None,
            description: Some(format!("Parameters of the {title}.")),
            base_type: None,
            key: None,
            derived: Vec::new(),
            properties,
            dynamic_only: false,
            open_type: false,
            origin: TypeOrigin::ActionParameters,
            source,
        });
        TypeRef::Named { wire_name: wire_name.to_owned(), rust_name, kind: NamedKind::Struct }
    }
}

/// Whether every example body sends `wire_name` (exactly so, and not `null`); one that
/// does not is noted (`required-parameter-not-sent`): the docs' "Required." is then not
/// enforced (an action's parameter stays optional, a create does not check it).
pub fn sent_by_every_example(
    sent: &[&serde_json::Map<String, serde_json::Value>],
    wire_name: &str,
    file: &str,
    line: u32,
    diags: &mut Diagnostics,
) -> bool {
    let missing = sent.iter().any(|body| body.get(wire_name).is_none_or(serde_json::Value::is_null));
    if missing {
        diags.note(
            file,
            line,
            Code::RequiredParameterNotSent,
            format!("{wire_name} is marked \"Required.\" but an example sends the request without it (or null); it is not enforced"),
        );
    }
    !missing
}

/// Whether a parameter's description marks it required: the sentence "Required."
/// (or `Required,` / `(required)`), not "Required if …", "not required" or "whether a PIN is required".
pub fn required_from(description: &str) -> bool {
    let text = description.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = text[from..].find("required") {
        let at = from + i;
        let before = text[..at].trim_end();
        let after = &text[at + "required".len()..];
        // Not "… is required.": "Indicates whether a PIN is required." describes the property.
        let starts = before.is_empty() || before.ends_with(['.', '(', ';', ':']);
        let ends = after.trim_end().is_empty() || after.starts_with(['.', ')', ',', ';']);
        if starts && ends {
            return true;
        }
        from = at + "required".len();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::required_from;

    #[test]
    fn required_is_a_sentence_of_its_own() {
        assert!(required_from("The message to send. Required."));
        assert!(required_from("Required. The message to send."));
        assert!(required_from("The id (required)."));
        assert!(!required_from("Indicates whether a PIN is required."));
        assert!(!required_from("Required if the message is a reply."));
        assert!(!required_from("Optional. Not required when sending."));
        assert!(!required_from("Indicates whether a reply is required by the organizer."));
        assert!(!required_from("The message to send. Optional."));
    }
}
