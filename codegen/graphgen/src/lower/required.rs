//! The create checks' required properties, named by the body type's fields.

use crate::ir::*;

/// Name each required body property by the body type's field; one the type lacks is dropped.
pub fn name_required_properties(ir: &mut Ir) {
    let fields: std::collections::BTreeMap<&str, &ComplexType> =
        ir.types.iter().map(|t| (t.rust_name.as_str(), t)).collect();
    for op in &mut ir.operations {
        let Some(t) = (match &op.request_body {
            RequestBodyIr::Json { ty: TypeRef::Named { rust_name, .. } } => fields.get(rust_name.as_str()),
            _ => None,
        }) else {
            op.required_body.clear();
            continue;
        };
        op.required_body.retain_mut(|r| {
            match t.properties.iter().find(|p| p.wire_name.eq_ignore_ascii_case(&r.wire_name)) {
                Some(p) if !p.required => {
                    r.wire_name = p.wire_name.clone();
                    r.rust_name = p.rust_name.clone();
                    true
                }
                _ => false,
            }
        });
    }
}
