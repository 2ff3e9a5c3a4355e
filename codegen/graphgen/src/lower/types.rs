//! The type registry: resource and enum pages by wire name (case-insensitive,
//! as the docs link them), resolution of type expressions, and the fallbacks
//! for types no page defines (an enum from inline "Possible values", a struct
//! from a request-body table, else untyped JSON with a warning).

use crate::diagnostics::{Code, Diagnostics};
use crate::ir::*;
use crate::naming::{Scope, field_name, type_name, variant_name};
use crate::page::{EnumMemberRow, EnumPage, Page, PropertyRow, ResourcePage, TypeExpr};
use std::collections::BTreeMap;

mod request_bodies;
pub use request_bodies::{required_from, sent_by_every_example};

enum Definition<'a> {
    Resource(&'a ResourcePage),
    Enum(&'a EnumPage),
    /// Members from an inline "Possible values are: ..." list.
    InlineEnum {
        members: Vec<String>,
        source: SourceRef,
    },
}

struct Entry<'a> {
    wire_name: String,
    rust_name: String,
    definition: Definition<'a>,
}

/// What resolution needs to know of a registered name.
struct Known {
    wire_name: String,
    rust_name: String,
    kind: NamedKind,
}

pub struct TypeRegistry<'a> {
    /// Lower-cased wire name → name facts, for resolution.
    known: BTreeMap<String, Known>,
    /// Lower-cased source path of each resource/enum page → its key in `known`.
    by_file: BTreeMap<String, String>,
    /// Definitions still to lower, in wire-name order.
    pending: Vec<Entry<'a>>,
    scope: Scope,
    lowered: Vec<ComplexType>,
    /// Lower-cased wire name → the other resource pages of that type (merged into its own page).
    also: BTreeMap<String, Vec<&'a ResourcePage>>,
    /// Lower-cased wire name → the other pages of that enum (their extra members are added).
    also_enums: BTreeMap<String, Vec<&'a EnumPage>>,
}

/// A type's lookup key: wire names are case-insensitive, as the docs link them.
pub(super) fn key(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// Pages grouped by the type they define (its lookup key, in key order), each
/// group as (key, the type's own page, the others): `canonical::type_page_rank`
/// decides which page is the type's own.
fn by_own_page<'p, T>(
    pages: impl Iterator<Item = &'p T>,
    name_and_source: impl Fn(&T) -> (&str, &str, &str),
) -> Vec<(String, &'p T, Vec<&'p T>)> {
    let mut groups: BTreeMap<String, Vec<&'p T>> = BTreeMap::new();
    for page in pages {
        groups.entry(key(name_and_source(page).0)).or_default().push(page);
    }
    groups
        .into_iter()
        .filter_map(|(k, mut group)| {
            group.sort_by_key(|p| {
                let (name, source, locale) = name_and_source(p);
                super::canonical::type_page_rank(source, name, locale)
            });
            let own = (!group.is_empty()).then(|| group.remove(0))?;
            Some((k, own, group))
        })
        .collect()
}

impl<'a> TypeRegistry<'a> {
    /// Register every resource and enum page (sorted input: the first of two
    /// pages for one name wins, with a warning), and every inline enum.
    pub fn from_pages(pages: &[&'a Page], diags: &mut Diagnostics) -> Self {
        let mut entries: BTreeMap<String, Entry<'a>> = BTreeMap::new();
        let mut by_file = BTreeMap::new();
        for page in pages {
            match page {
                Page::Resource(r) => by_file.insert(r.source.to_ascii_lowercase(), key(&r.name)),
                // A page of several enums names none of them by its file.
                Page::Enums { enums: list } => match list.as_slice() {
                    [e] => by_file.insert(e.source.to_ascii_lowercase(), key(&e.name)),
                    _ => None,
                },
                Page::Api(_) => None,
            };
        }
        fn register<'a>(
            entries: &mut BTreeMap<String, Entry<'a>>,
            name: &str,
            definition: Definition<'a>,
            file: &str,
            line: u32,
            diags: &mut Diagnostics,
        ) {
            let k = key(name);
            if let Some(existing) = entries.get(&k) {
                if !matches!(existing.definition, Definition::InlineEnum { .. }) {
                    diags.warn(
                        file,
                        line,
                        Code::DuplicateType,
                        format!("type {name} is defined by more than one page; the first is used"),
                    );
                    return;
                }
            }
            entries.insert(k, Entry { wire_name: name.to_owned(), rust_name: String::new(), definition });
        }
        // Resource pages by type: the type's own page is registered, the others merged into it.
        let resources = pages.iter().filter_map(|p| match p {
            Page::Resource(r) => Some(r),
            _ => None,
        });
        let mut also = BTreeMap::new();
        for (k, own, others) in by_own_page(resources, |r| (&r.name, &r.source, &r.locale)) {
            register(&mut entries, &own.name, Definition::Resource(own), &own.source, own.line, diags);
            if !others.is_empty() {
                also.insert(k, others);
            }
        }
        // Enums likewise: the enum's own page, else `enums.md`, with the members only others list added.
        let enum_pages = pages.iter().flat_map(|p| match p {
            Page::Enums { enums } => enums.as_slice(),
            _ => &[],
        });
        let mut also_enums = BTreeMap::new();
        for (k, own, others) in by_own_page(enum_pages, |e| (&e.name, &e.source, &e.locale)) {
            register(&mut entries, &own.name, Definition::Enum(own), &own.source, own.line, diags);
            if !others.is_empty() {
                also_enums.insert(k, others);
            }
        }
        // Inline enums: a property typed by a name no page defines, with its members listed.
        let mut inline: Vec<(String, Vec<String>, SourceRef)> = Vec::new();
        let mut inline_keys = std::collections::HashSet::new();
        for page in pages {
            let (rows, file): (Vec<&PropertyRow>, &str) = match page {
                Page::Resource(r) => (r.properties.iter().collect(), &r.source),
                Page::Api(a) => match &a.request_body {
                    crate::page::RequestBody::Resource { properties, .. }
                    | crate::page::RequestBody::Parameters { params: properties, .. } => {
                        (properties.iter().collect(), &a.source)
                    }
                    _ => (Vec::new(), &a.source),
                },
                Page::Enums { .. } => (Vec::new(), ""),
            };
            for row in rows {
                let Some(ty) = &row.ty else { continue };
                if row.possible_values.is_empty()
                    || Primitive::from_name(&ty.name).is_some()
                    || entries.contains_key(&key(&ty.name))
                {
                    continue;
                }
                if inline_keys.insert(key(&ty.name)) {
                    inline.push((ty.name.clone(), row.possible_values.clone(), SourceRef::new(file, row.line)));
                }
            }
        }
        for (name, members, source) in inline {
            diags.note(
                &source.file,
                source.line,
                Code::EnumFromInlineValues,
                format!("enum {name} has no page; its members come from the inline list of possible values"),
            );
            register(
                &mut entries,
                &name,
                Definition::InlineEnum { members, source: source.clone() },
                &source.file,
                source.line,
                diags,
            );
        }
        // Rust names in wire-name order: deterministic, unique crate-wide.
        let mut scope = Scope::new();
        let mut known = BTreeMap::new();
        let mut pending = Vec::with_capacity(entries.len());
        for (k, mut entry) in entries {
            entry.rust_name = scope.unique(type_name(&entry.wire_name));
            let kind = match entry.definition {
                Definition::Enum(_) | Definition::InlineEnum { .. } => NamedKind::Enum,
                Definition::Resource(_) => NamedKind::Struct,
            };
            known.insert(k, Known { wire_name: entry.wire_name.clone(), rust_name: entry.rust_name.clone(), kind });
            pending.push(entry);
        }
        by_file.retain(|_, k| known.contains_key(k));
        TypeRegistry { known, by_file, pending, scope, lowered: Vec::new(), also, also_enums }
    }

    /// Resolve a type expression; unknown names become untyped JSON with a warning.
    pub fn resolve(&mut self, ty: &TypeExpr, file: &str, line: u32, diags: &mut Diagnostics) -> TypeRef {
        if ty.nested_collection {
            diags.warn(
                file,
                line,
                Code::NestingTooDeep,
                format!(
                    "a collection of collections is not an OData type; {} is read as a collection of {}",
                    ty.written.chars().take(80).collect::<String>(),
                    ty.name
                ),
            );
        }
        let item = self.resolve_item(ty, file).unwrap_or_else(|| {
            diags.warn(
                file,
                line,
                Code::UnresolvedType,
                format!("type {} has no resource or enum page; it is untyped JSON", ty.name),
            );
            TypeRef::Json
        });
        wrap(item, ty.collection)
    }

    /// The type `ty` names, when it is a primitive or a documented type; no diagnostic.
    pub fn lookup(&self, ty: &TypeExpr, file: &str) -> Option<TypeRef> {
        Some(wrap(self.resolve_item(ty, file)?, ty.collection))
    }

    fn resolve_item(&self, ty: &TypeExpr, file: &str) -> Option<TypeRef> {
        if let Some(edm) = Primitive::from_name(&ty.name) {
            return Some(TypeRef::Primitive { edm });
        }
        if matches!(ty.name.to_ascii_lowercase().as_str(), "json" | "object" | "untyped") {
            return Some(TypeRef::Json);
        }
        // The page the type cell links to, else the name: where link text and target
        // disagree the target is the type (`[message](chatmessage.md)` is a chatMessage;
        // `secureScores` → securescores.md is `secureScore`).
        let by_link = || {
            let target = link_target(file, ty.link.as_deref()?)?;
            self.known.get(self.by_file.get(&target)?)
        };
        let known = by_link()
            .or_else(|| self.known.get(&key(&ty.name)))
            // Prose sometimes names the type in the plural (`a **secureScores** object`).
            .or_else(|| self.known.get(&key(ty.name.strip_suffix('s')?)))?;
        Some(TypeRef::Named {
            wire_name: known.wire_name.clone(),
            rust_name: known.rust_name.clone(),
            kind: known.kind,
        })
    }

    /// The entity type an update page's parameter table describes, when every
    /// parameter is a property of it (of its own page or one restating it):
    /// PATCH sends the entity type, whose fields are all optional.
    pub fn entity_for_update(&self, name: &str, params: &[PropertyRow]) -> Option<TypeRef> {
        let k = key(name);
        let known = self.known.get(&k).filter(|k| k.kind == NamedKind::Struct)?;
        let Entry { definition: Definition::Resource(own), .. } =
            self.pending.iter().find(|e| key(&e.wire_name) == k)?
        else {
            return None;
        };
        let pages = std::iter::once(*own).chain(self.also.get(&k).into_iter().flatten().copied());
        let names: std::collections::HashSet<String> = pages
            .flat_map(|p| p.properties.iter().chain(&p.relationships))
            .map(|r| r.name.to_ascii_lowercase())
            .collect();
        let all_known = !params.is_empty() && params.iter().all(|p| names.contains(&p.name.to_ascii_lowercase()));
        all_known.then(|| TypeRef::Named {
            wire_name: known.wire_name.clone(),
            rust_name: known.rust_name.clone(),
            kind: NamedKind::Struct,
        })
    }

    /// A request body "JSON representation of X": X, or (no page) a struct built from the table.
    pub fn resolve_body_type(
        &mut self,
        ty: &TypeExpr,
        rows: &[PropertyRow],
        file: &str,
        line: u32,
        diags: &mut Diagnostics,
    ) -> TypeRef {
        if let Some(found) = self.resolve_item(ty, file) {
            return wrap(found, ty.collection);
        }
        if rows.is_empty() {
            return self.resolve(ty, file, line, diags);
        }
        diags.note(
            file,
            line,
            Code::TypeFromBodyTable,
            format!("type {} has no resource page; built from the request body table", ty.name),
        );
        let rust_name = self.scope.unique(type_name(&ty.name));
        let properties = self.lower_properties(&rows_of(rows, file), file, diags);
        let known = Known { wire_name: ty.name.clone(), rust_name: rust_name.clone(), kind: NamedKind::Struct };
        self.known.insert(key(&ty.name), known);
        self.lowered.push(ComplexType {
            wire_name: ty.name.clone(),
            rust_name: rust_name.clone(),
            module: Module::Shared,
            features: Vec::new(),
            odata_type: None,
            description: None,
            base_type: None,
            key: None,
            derived: Vec::new(),
            properties,
            dynamic_only: false,
            open_type: false,
            origin: TypeOrigin::Synthesized,
            source: SourceRef::new(file, line),
        });
        wrap(TypeRef::Named { wire_name: ty.name.clone(), rust_name, kind: NamedKind::Struct }, ty.collection)
    }

    /// Properties from rows, each with the page it is on; `own_file` is the type's own page.
    fn lower_properties(
        &mut self,
        rows: &[(&PropertyRow, &str)],
        own_file: &str,
        diags: &mut Diagnostics,
    ) -> Vec<PropertyIr> {
        let mut scope = Scope::new();
        scope.reserve("odata_type");
        scope.reserve("additional_properties");
        let mut seen = std::collections::BTreeSet::new();
        let mut kept = Vec::with_capacity(rows.len());
        for &(row, file) in rows {
            if row.name.starts_with("@odata") || row.name.eq_ignore_ascii_case("odata.type") {
                continue;
            }
            // One wire name, one field (a page may list a name in two tables).
            if !seen.insert(row.name.as_str()) {
                diags.warn(
                    file,
                    row.line,
                    Code::DuplicateProperty,
                    format!("property {} is listed again; the first row is used", row.name),
                );
                continue;
            }
            kept.push((row, file));
        }
        kept.into_iter()
            .map(|(row, file)| {
                let ty = match &row.ty {
                    Some(t) => self.resolve(t, file, row.line, diags),
                    None => TypeRef::Json,
                };
                let written = row.ty.as_ref().map(|t| t.written.clone()).unwrap_or_default();
                PropertyIr {
                    wire_name: row.name.clone(),
                    rust_name: scope.unique(field_name(&row.name)),
                    nullable: nullable_from(&row.description, &written),
                    required: false,
                    written_type: written,
                    ty,
                    description: row.description.clone(),
                    secret: is_secret(&row.name),
                    boxed: false,
                    inherited_from: None,
                    file: (file != own_file).then(|| file.to_owned()),
                    line: row.line,
                }
            })
            .collect()
    }

    /// Lower every registered type and return them sorted (modules are assigned
    /// once the operations' types are final, `modules::assign_type_modules`).
    pub fn finish(mut self, diags: &mut Diagnostics) -> (Vec<ComplexType>, Vec<EnumType>) {
        let mut complex = std::mem::take(&mut self.lowered);
        let mut enums = Vec::new();
        for Entry { wire_name, rust_name, definition } in std::mem::take(&mut self.pending) {
            let source = match &definition {
                Definition::Resource(page) => page.source.as_str(),
                Definition::Enum(page) => page.source.as_str(),
                Definition::InlineEnum { source, .. } => source.file.as_str(),
            };
            let mark = crate::crash::page_mark(source);
            let _working = crate::crash::working_on(&mark);
            match definition {
                Definition::Resource(page) => {
                    let others = self.also.remove(&key(&wire_name)).unwrap_or_default();
                    let rows = super::canonical::union_rows(page, &others, diags);
                    let properties = self.lower_properties(&rows, &page.source, diags);
                    complex.push(ComplexType {
                        wire_name,
                        rust_name,
                        module: Module::Shared,
                        features: Vec::new(),
                        odata_type: page.odata_type.clone().or_else(|| Some(format!("microsoft.graph.{}", page.name))),
                        description: page.description.clone(),
                        base_type: page.base_type.clone(),
                        key: page.key_property.clone(),
                        derived: Vec::new(),
                        dynamic_only: page.open_type && rows.is_empty(),
                        open_type: page.open_type,
                        properties,
                        origin: TypeOrigin::Resource,
                        source: SourceRef::new(&page.source, page.line),
                    });
                }
                Definition::Enum(page) => {
                    let others = self.also_enums.remove(&key(&wire_name)).unwrap_or_default();
                    let members = super::canonical::union_members(page, &others, diags);
                    enums.push(lower_enum(
                        wire_name,
                        rust_name,
                        page.description.clone(),
                        &members,
                        TypeOrigin::Resource,
                        SourceRef::new(&page.source, page.line),
                    ));
                }
                Definition::InlineEnum { members, source } => {
                    let rows: Vec<EnumMemberRow> = members
                        .iter()
                        .map(|m| EnumMemberRow {
                            name: m.clone(),
                            value: None,
                            description: String::new(),
                            line: source.line,
                        })
                        .collect();
                    enums.push(lower_enum(wire_name, rust_name, None, &rows, TypeOrigin::Synthesized, source));
                }
            }
        }
        super::inheritance::inherit_base_properties(&mut complex, diags);
        super::inheritance::add_missing_keys(&mut complex);
        complex.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
        enums.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
        (complex, enums)
    }
}

/// Rows that are all on one page.
fn rows_of<'r>(rows: &'r [PropertyRow], file: &'r str) -> Vec<(&'r PropertyRow, &'r str)> {
    rows.iter().map(|r| (r, file)).collect()
}

/// What a description says about nullability: `Nullable.` → true, `Not nullable.` → false.
pub fn nullable_from(description: &str, written_type: &str) -> Option<bool> {
    let text = format!("{description} {written_type}").to_ascii_lowercase();
    if ["not nullable", "non-nullable", "non nullable", "not null", "cannot be null"].iter().any(|s| text.contains(s)) {
        Some(false)
    } else if text.contains("nullable") || text.contains("can be null") {
        Some(true)
    } else {
        None
    }
}

/// A link from a type cell, relative to the page it is on, as a lower-cased specs path.
fn link_target(file: &str, link: &str) -> Option<String> {
    let link = link.split(['#', '?']).next()?.trim();
    if link.is_empty() || link.contains("://") {
        return None;
    }
    let path = if link.starts_with('/') {
        crate::specs::normalize_relative(link.trim_start_matches('/'))?
    } else {
        crate::specs::resolve_relative(file, link)?
    };
    let path = if path.ends_with(".md") { path } else { format!("{path}.md") };
    Some(path.to_ascii_lowercase())
}

fn wrap(item: TypeRef, collection: bool) -> TypeRef {
    if collection { TypeRef::Collection { item: Box::new(item) } } else { item }
}

fn lower_enum(
    wire_name: String,
    rust_name: String,
    description: Option<String>,
    rows: &[EnumMemberRow],
    origin: TypeOrigin,
    source: SourceRef,
) -> EnumType {
    let mut scope = Scope::new();
    scope.reserve("Other");
    let members = rows
        .iter()
        .map(|m| EnumMemberIr {
            wire_name: m.name.clone(),
            rust_name: scope.unique(variant_name(&m.name)),
            value: m.value,
            description: m.description.clone(),
        })
        .collect();
    EnumType {
        wire_name,
        rust_name,
        module: Module::Shared,
        features: Vec::new(),
        description,
        members,
        origin,
        source,
    }
}

/// Properties whose values are credentials: redacted in `Debug`.
pub fn is_secret(wire_name: &str) -> bool {
    let n = wire_name.to_ascii_lowercase();
    n.contains("password")
        || n.contains("secret")
        || n.ends_with("token")
        || n.ends_with("tokens")
        || n.contains("privatekey")
        || n.contains("apikey")
        || n == "key"
        || n.ends_with("credential")
}
