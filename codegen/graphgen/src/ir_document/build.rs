//! The mapping from the IR (and the run's diagnostics) to the document: one
//! function per kind of item, deciding nothing, then sorting.

use super::*;
use crate::diagnostics::{Code, PAGE};
use crate::ir::{
    Ir, NamedKind, PageKind, PermissionKind, Primitive, RequestBodyIr, ResponseShape, TypeOrigin, TypeRef,
};
use crate::summary::Summary;
use std::collections::{BTreeMap, BTreeSet};

/// `Edm.String` for [`Primitive::String`].
pub fn edm_name(p: Primitive) -> String {
    format!("Edm.{p:?}")
}

/// The mapping from the IR to the document: one function per kind of item, deciding nothing.
struct Converter;

impl Converter {
    fn ty(&self, t: &TypeRef) -> TypeRefDoc {
        match t {
            TypeRef::Primitive { edm } => TypeRefDoc::Primitive { edm: edm_name(*edm) },
            TypeRef::Named { wire_name, rust_name, kind } => TypeRefDoc::Named {
                wire_name: wire_name.clone(),
                rust_name: rust_name.clone(),
                type_kind: match kind {
                    NamedKind::Enum => NamedKindDoc::Enum,
                    NamedKind::Struct => NamedKindDoc::Complex,
                },
            },
            TypeRef::Collection { item } => TypeRefDoc::Collection { item: Box::new(self.ty(item)) },
            TypeRef::Json => TypeRefDoc::Untyped,
        }
    }

    fn property(&self, p: &ir::PropertyIr) -> PropertyDoc {
        let ty = self.ty(&p.ty);
        PropertyDoc {
            wire_name: p.wire_name.clone(),
            rust_name: p.rust_name.clone(),
            written_type: p.written_type.clone(),
            resolved_type: ty.notation(),
            collection: ty.is_collection(),
            ty,
            nullable: p.nullable,
            required: p.required,
            description: p.description.clone(),
            secret: p.secret,
            file: p.file.clone(),
            line: p.line,
        }
    }

    fn operation(
        &self,
        op: &ir::Operation,
        types: &BTreeMap<&str, &ir::ComplexType>,
        handles: &ir::HandleModel,
    ) -> OperationDoc {
        let query_parameters: Vec<ParameterDoc> = op
            .query_parameters
            .iter()
            .map(|q| ParameterDoc {
                name: q.wire_name.clone(),
                rust_name: q.rust_name.clone(),
                ty: self.ty(&q.ty),
                description: q.description.clone(),
            })
            .collect();
        let paths = op
            .paths
            .iter()
            .enumerate()
            .map(|(i, p)| PathDoc {
                template: p.template.clone(),
                query: p.query.clone(),
                parameters: p
                    .params
                    .iter()
                    .map(|param| PathParameterDoc {
                        name: param.wire_name.clone(),
                        rust_name: param.rust_name.clone(),
                        ty: self.ty(&param.ty),
                        quoted: param.quoted,
                    })
                    .collect(),
                // The handle method that builds the path, else (no walk) the operation's name.
                rust_function: handles.method_of(&op.id, i).unwrap_or_else(|| p.fn_name.clone()),
                call: handles.call_text(&op.id, i),
                source: (&p.source).into(),
            })
            .collect();
        let request_body = match &op.request_body {
            RequestBodyIr::None => RequestBodyDoc::None,
            RequestBodyIr::Binary => RequestBodyDoc::Binary,
            RequestBodyIr::Json { ty } => {
                let parameters_type = match ty {
                    TypeRef::Named { rust_name, .. } => {
                        types.get(rust_name.as_str()).filter(|t| matches!(t.origin, TypeOrigin::ActionParameters))
                    }
                    _ => None,
                };
                match parameters_type {
                    Some(t) => RequestBodyDoc::Parameters {
                        ty: self.ty(ty),
                        parameters: t.properties.iter().map(|p| self.property(p)).collect(),
                    },
                    None => RequestBodyDoc::Type { ty: self.ty(ty) },
                }
            }
        };
        let r = &op.response;
        let response = ResponseDoc {
            status: r.status,
            shape: match r.shape {
                ResponseShape::Json => ResponseShapeDoc::Json,
                ResponseShape::ValueWrapped => ResponseShapeDoc::ValueWrapped,
                ResponseShape::Collection => ResponseShapeDoc::Collection,
                ResponseShape::NoContent => ResponseShapeDoc::NoContent,
                ResponseShape::Binary => ResponseShapeDoc::Binary,
            },
            ty: r.ty.as_ref().map(|t| self.ty(t)),
            collection: r.shape == ResponseShape::Collection,
            value_wrapped: r.shape == ResponseShape::ValueWrapped,
        };
        let permissions = op
            .permissions
            .iter()
            .map(|p| PermissionDoc {
                permission_type: match p.kind {
                    PermissionKind::DelegatedWork => PermissionTypeDoc::DelegatedWork,
                    PermissionKind::DelegatedPersonal => PermissionTypeDoc::DelegatedPersonal,
                    PermissionKind::Application => PermissionTypeDoc::Application,
                },
                scenario: p.scenario.clone(),
                supported: !p.least.is_empty(),
                least_privileged: p.least.clone(),
                higher_privileged: p.higher.clone(),
                source: (&p.source).into(),
            })
            .collect();
        let source = op.sources.first().map(SourceDoc::from).unwrap_or(SourceDoc { file: String::new(), line: 0 });
        OperationDoc {
            id: op.id.clone(),
            area: op.module.name().to_owned(),
            rust_name: op.rust_name.clone(),
            title: op.title.clone(),
            description: op.description.clone(),
            method: op.method.as_str().to_owned(),
            paths,
            odata_query_options: op.odata_query_options.clone(),
            query_parameters,
            request_headers: op
                .request_headers
                .iter()
                .map(|h| HeaderDoc { name: h.name.clone(), description: h.description.clone(), required: h.required })
                .collect(),
            request_body,
            required_body: op.required_body.iter().map(|r| r.wire_name.clone()).collect(),
            responses: vec![response],
            permissions,
            entra_roles: op
                .entra_roles
                .as_ref()
                .map(|r| EntraRolesDoc { roles: r.roles.clone(), source: (&r.source).into() }),
            national_clouds: op.national_clouds.clone(),
            source,
            merged_from: op.sources.iter().skip(1).map(SourceDoc::from).collect(),
        }
    }
}

fn origin(o: &TypeOrigin) -> OriginDoc {
    match o {
        TypeOrigin::Resource => OriginDoc::Resource,
        TypeOrigin::ActionParameters => OriginDoc::ActionParameters,
        TypeOrigin::Synthesized => OriginDoc::Synthesized,
    }
}

impl IrDocument {
    /// The document of an IR and the run's sorted diagnostics. `specs` is the specs
    /// folder's name, as shown to users.
    pub fn build(ir: &Ir, diagnostics: &[Diagnostic], specs: &str) -> IrDocument {
        let conv = Converter;
        let by_rust_name: BTreeMap<&str, &ir::ComplexType> =
            ir.types.iter().map(|t| (t.rust_name.as_str(), t)).collect();

        let mut operations: Vec<OperationDoc> =
            ir.operations.iter().map(|op| conv.operation(op, &by_rust_name, &ir.handles)).collect();
        operations.sort_by(|a, b| (&a.id, &a.rust_name).cmp(&(&b.id, &b.rust_name)));

        let mut types: Vec<ComplexTypeDoc> = ir
            .types
            .iter()
            .map(|t| ComplexTypeDoc {
                wire_name: t.wire_name.clone(),
                rust_name: t.rust_name.clone(),
                module: t.module.name().to_owned(),
                features: t.features.clone(),
                odata_type: t.odata_type.clone(),
                description: t.description.clone(),
                base_type: t.base_type.clone(),
                key: t.key.clone(),
                origin: origin(&t.origin),
                properties: t.properties.iter().map(|p| conv.property(p)).collect(),
                source: (&t.source).into(),
            })
            .collect();
        types.sort_by(|a, b| (&a.wire_name, &a.rust_name).cmp(&(&b.wire_name, &b.rust_name)));

        let mut enums: Vec<EnumDoc> = ir
            .enums
            .iter()
            .map(|e| EnumDoc {
                wire_name: e.wire_name.clone(),
                rust_name: e.rust_name.clone(),
                module: e.module.name().to_owned(),
                features: e.features.clone(),
                description: e.description.clone(),
                origin: origin(&e.origin),
                members: e
                    .members
                    .iter()
                    .map(|m| EnumMemberDoc {
                        wire_name: m.wire_name.clone(),
                        rust_name: m.rust_name.clone(),
                        value: m.value,
                        description: m.description.clone(),
                    })
                    .collect(),
                source: (&e.source).into(),
            })
            .collect();
        enums.sort_by(|a, b| (&a.wire_name, &a.rust_name).cmp(&(&b.wire_name, &b.rust_name)));

        let handles = handles(&ir.handles);
        let pages = pages(ir, diagnostics, &operations, &types, &enums);
        let s = Summary::of(ir, diagnostics);
        IrDocument {
            format_version: FORMAT_VERSION,
            generator: Generator { name: "graphgen".into(), version: env!("CARGO_PKG_VERSION").into() },
            specs: specs.to_owned(),
            api_version: ir.api_version.as_str().to_owned(),
            summary: SummaryDoc {
                pages_read: s.pages_read,
                api_pages: s.api_pages,
                resource_pages: s.resource_pages,
                enum_pages: s.enum_pages,
                skipped_pages: s.skipped_pages,
                operations: s.operations,
                types: s.types,
                enums: s.enums,
                warnings: s.warnings,
                errors: s.errors,
            },
            operations,
            types,
            enums,
            handles,
            pages,
            diagnostics: diagnostics.iter().map(DiagnosticDoc::from).collect(),
        }
    }

    /// The document as pretty JSON with a final newline: the bytes `--emit-ir` writes.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("the IR document serialises");
        s.push('\n');
        s
    }
}

fn pages(
    ir: &Ir,
    diagnostics: &[Diagnostic],
    operations: &[OperationDoc],
    types: &[ComplexTypeDoc],
    enums: &[EnumDoc],
) -> Vec<PageDoc> {
    #[derive(Default)]
    struct Produced {
        operations: BTreeSet<String>,
        merged_into: BTreeSet<String>,
        types: BTreeSet<String>,
        enums: BTreeSet<String>,
    }
    let mut produced: BTreeMap<&str, Produced> = BTreeMap::new();
    for op in operations {
        produced.entry(op.source.file.as_str()).or_default().operations.insert(op.id.clone());
        for m in &op.merged_from {
            produced.entry(m.file.as_str()).or_default().merged_into.insert(op.id.clone());
        }
    }
    for t in types {
        produced.entry(t.source.file.as_str()).or_default().types.insert(t.wire_name.clone());
    }
    for e in enums {
        produced.entry(e.source.file.as_str()).or_default().enums.insert(e.wire_name.clone());
    }
    // The most severe diagnostic of each file, first by line.
    let mut worst: BTreeMap<&str, &Diagnostic> = BTreeMap::new();
    for d in diagnostics {
        let entry = worst.entry(d.file.as_str()).or_insert(d);
        if d.level > entry.level {
            *entry = d;
        }
    }
    let mut out: Vec<PageDoc> = ir
        .pages
        .iter()
        .map(|p| {
            let made = produced.remove(p.file.as_str()).unwrap_or_default();
            let nothing = made.operations.is_empty()
                && made.merged_into.is_empty()
                && made.types.is_empty()
                && made.enums.is_empty();
            let (kind, reason) = match &p.kind {
                PageKind::Api => (PageKindDoc::Api, None),
                PageKind::Resource => (PageKindDoc::Resource, None),
                PageKind::Enum => (PageKindDoc::Enum, None),
                PageKind::Skipped(why) => (
                    PageKindDoc::Skipped,
                    Some(ReasonDoc {
                        code: Code::PageSkipped.as_str().into(),
                        line: PAGE,
                        message: format!("skipped: {why}"),
                    }),
                ),
            };
            let reason = if nothing {
                reason.or_else(|| {
                    worst.get(p.file.as_str()).map(|d| ReasonDoc {
                        code: d.code.as_str().to_owned(),
                        line: d.line,
                        message: d.message.clone(),
                    })
                })
            } else {
                None
            };
            PageDoc {
                file: p.file.clone(),
                kind,
                locale: p.locale.clone(),
                operations: made.operations.into_iter().collect(),
                merged_into: made.merged_into.into_iter().collect(),
                types: made.types.into_iter().collect(),
                enums: made.enums.into_iter().collect(),
                reason,
            }
        })
        .collect();
    out.sort_by(|a, b| a.file.cmp(&b.file));
    out
}

fn handles(model: &ir::HandleModel) -> Vec<HandleDoc> {
    let name = |i: usize| model.handles.get(i).map_or(String::new(), |h| h.rust_name.clone());
    model
        .handles
        .iter()
        .map(|h| {
            let (kind, resource) = match &h.resource {
                ir::HandleResource::Root => ("root", None),
                ir::HandleResource::Item(t) => ("item", Some(t.clone())),
                ir::HandleResource::Collection(t) => ("collection", Some(t.clone())),
                ir::HandleResource::Place(p) => ("place", Some(p.clone())),
            };
            HandleDoc {
                rust_name: h.rust_name.clone(),
                kind: kind.to_owned(),
                resource,
                navigations: h
                    .navigations
                    .iter()
                    .map(|n| NavigationDoc {
                        rust_name: n.rust_name.clone(),
                        appends: ir::pieces_text(&n.pieces, &n.params),
                        target: name(n.target),
                    })
                    .collect(),
                methods: h
                    .methods
                    .iter()
                    .map(|m| HandleMethodDoc {
                        rust_name: m.rust_name.clone(),
                        operation: m.operation.clone(),
                        appends: ir::pieces_text(&m.pieces, &m.params),
                        also: m.also.clone(),
                    })
                    .collect(),
            }
        })
        .collect()
}
