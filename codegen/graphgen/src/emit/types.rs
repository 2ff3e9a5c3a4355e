//! Structs and open enums for the IR's named types.

use super::{Context, docs};
use crate::ir::{ComplexType, EnumType, Module, Primitive, PropertyIr, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Where the generated code that names a type is written.
#[derive(Clone, Copy)]
pub enum Site<'a> {
    /// Inside the generated crate, in this module.
    Module(&'a Module),
    /// Outside it (the generated tests).
    Outside,
}

/// The Rust type for a type reference. `Option`, `String`, `Vec` and `Box` are
/// written bare: `naming` never gives a generated item those names.
pub fn rust_type(ctx: &Context, ty: &TypeRef, from: Site<'_>) -> TokenStream {
    match ty {
        TypeRef::Primitive { edm } => primitive(*edm, from),
        TypeRef::Named { rust_name, .. } => {
            let home = ctx.module_of(rust_name);
            let module = format_ident!("{}", home.name());
            let name = format_ident!("{}", rust_name);
            match from {
                Site::Module(m) if m == home => quote! { #name },
                Site::Module(_) => quote! { crate::#module::#name },
                Site::Outside => {
                    let krate = ctx.krate();
                    quote! { #krate::#module::#name }
                }
            }
        }
        TypeRef::Collection { item } => {
            let item = rust_type(ctx, item, from);
            quote! { Vec<#item> }
        }
        TypeRef::Json => runtime(from, quote! { serde_json::Value }),
    }
}

/// A path into the runtime: `rt::x` inside the crate (each module imports
/// `graphgen_runtime as rt`), `graphgen_runtime::x` outside.
pub fn runtime(from: Site<'_>, item: TokenStream) -> TokenStream {
    match from {
        Site::Module(_) => quote! { rt::#item },
        Site::Outside => quote! { graphgen_runtime::#item },
    }
}

fn primitive(edm: Primitive, from: Site<'_>) -> TokenStream {
    let rt = |item: TokenStream| runtime(from, item);
    match edm {
        Primitive::String => quote! { String },
        Primitive::Boolean => quote! { bool },
        Primitive::Byte => quote! { u8 },
        Primitive::SByte => quote! { i8 },
        Primitive::Int16 => quote! { i16 },
        Primitive::Int32 => quote! { i32 },
        Primitive::Int64 => quote! { i64 },
        // Single as f64: Graph's examples and responses carry more digits than f32 keeps.
        Primitive::Single | Primitive::Double | Primitive::Decimal => quote! { f64 },
        Primitive::DateTimeOffset => rt(quote! { DateTimeOffset }),
        Primitive::Date => rt(quote! { Date }),
        Primitive::TimeOfDay => rt(quote! { TimeOfDay }),
        Primitive::Duration => rt(quote! { Duration }),
        Primitive::Guid => rt(quote! { Guid }),
        Primitive::Binary => rt(quote! { Base64Binary }),
        Primitive::Stream => rt(quote! { serde_json::Value }),
    }
}

fn source_line(ctx: &Context, source: &crate::ir::SourceRef) -> String {
    format!("Source: {}", docs::code(&ctx.source_display(source)))
}

/// Field types parsed once per module: by type reference, whether it is boxed
/// (where the struct can contain itself through the field) and whether it is required.
#[derive(Default)]
pub struct FieldTypes(std::collections::HashMap<(TypeRef, bool, bool), syn::Type>);

impl FieldTypes {
    pub(super) fn get(&mut self, ctx: &Context, owner: &ComplexType, p: &PropertyIr) -> Result<syn::Type, String> {
        let boxed = p.boxed;
        let key = (p.ty.clone(), boxed, p.required);
        if let Some(ty) = self.0.get(&key) {
            return Ok(ty.clone());
        }
        let ty = rust_type(ctx, &p.ty, Site::Module(&owner.module));
        let ty = if boxed {
            quote! { Box<#ty> }
        } else {
            ty
        };
        let ty = if p.required {
            ty
        } else {
            quote! { rt::Nullable<#ty> }
        };
        let ty: syn::Type = syn::parse2(ty)
            .map_err(|e| format!("the type of {}.{} does not parse: {e}", owner.rust_name, p.rust_name))?;
        self.0.insert(key, ty.clone());
        Ok(ty)
    }
}

/// A struct and its impls. The fields, the bulk of the output, are built as
/// syntax-tree nodes directly rather than as tokens parsed back.
pub fn emit_struct(ctx: &Context, t: &ComplexType, field_types: &mut FieldTypes) -> Result<Vec<syn::Item>, String> {
    let name = format_ident!("{}", t.rust_name);
    let mut doc = vec![t.wire_name.clone()];
    if let Some(d) = &t.description {
        doc.push(String::new());
        doc.push(d.clone());
    }
    doc.push(String::new());
    if let Some(odata) = &t.odata_type {
        doc.push(format!("OData type: {}.", docs::code(odata)));
    }
    if let Some(base) = &t.base_type {
        let inherited = t.properties.iter().any(|p| p.inherited_from.is_some());
        doc.push(if inherited {
            format!("Base type: {} (its properties come first).", docs::code(base))
        } else {
            format!(
                "Base type: {} (no page defines it; its properties are kept in `additional_properties`).",
                docs::code(base)
            )
        });
    }
    let derived = &t.derived;
    if !derived.is_empty() {
        let names: Vec<String> = derived.iter().take(20).map(|d| docs::code(d)).collect();
        let more = if derived.len() > 20 { format!(" and {} more", derived.len() - 20) } else { String::new() };
        doc.push(format!(
            "Derived types: {}{more}; `graphgen_runtime::cast::<_, Derived>(&value)` gives a value as the derived type its `@odata.type` names.",
            names.join(", ")
        ));
    }
    doc.push(source_line(ctx, &t.source));
    let doc = docs::doc_attributes(&doc);

    let has_odata_type = t.odata_type.is_some();
    let odata_field = has_odata_type.then(|| {
        quote! {
            /// The `@odata.type` annotation: which (derived) type this value is.
            pub odata_type: Option<String>,
        }
    });
    let mut fields = Vec::with_capacity(t.properties.len());
    for p in &t.properties {
        let wire = &p.wire_name;
        let mut lines = Vec::new();
        if !p.description.is_empty() {
            lines.push(p.description.clone());
            lines.push(String::new());
        }
        lines.push(format!(
            "Wire name {}, type {}{}.",
            docs::code(wire),
            docs::code(if p.written_type.is_empty() { "(not given)" } else { &p.written_type }),
            p.inherited_from.as_ref().map(|b| format!(", inherited from {}", docs::code(b))).unwrap_or_default()
        ));
        if p.required {
            lines.push("Required: always sent.".to_owned());
        }
        fields.push(syn::Field {
            attrs: docs::doc_attributes(&lines),
            vis: syn::Visibility::Public(Default::default()),
            modifiers: Default::default(),
            ident: Some(format_ident!("{}", p.rust_name)),
            colon_token: Some(Default::default()),
            ty: field_types.get(ctx, t, p)?,
            default: None,
        });
    }
    let secret = t.properties.iter().any(|p| p.secret);
    // A struct with required fields has no `Default` (its fields have no empty value) but `new`.
    let required: Vec<&PropertyIr> = t.properties.iter().filter(|p| p.required).collect();
    let default = required.is_empty().then(|| quote! { Default, });
    let derives = if secret {
        quote! { #[derive(Clone, #default)] }
    } else {
        quote! { #[derive(Clone, Debug, #default)] }
    };
    let constructor = if required.is_empty() {
        None
    } else {
        let mut params = Vec::new();
        let mut inits = Vec::new();
        for p in &required {
            let field = format_ident!("{}", p.rust_name);
            let ty = field_types.get(ctx, t, p)?;
            params.push(quote! { #field: #ty });
            inits.push(quote! { #field });
        }
        let optional = t.properties.iter().filter(|p| !p.required).map(|p| format_ident!("{}", p.rust_name));
        let odata = has_odata_type.then(|| quote! { odata_type: None, });
        Some(quote! {
            impl #name {
                /// A value with the required fields; the others are left out.
                #[allow(clippy::too_many_arguments)]
                #[inline]
                pub fn new(#(#params),*) -> Self {
                    Self {
                        #odata
                        #(#inits,)*
                        #(#optional: rt::Nullable::Absent,)*
                        additional_properties: rt::AdditionalProperties::new(),
                    }
                }
            }
        })
    };
    let debug_impl = secret.then(|| {
        let name_str = t.rust_name.as_str();
        let odata = has_odata_type.then(|| quote! { .field("odata_type", &self.odata_type) });
        let fields = t.properties.iter().map(|p| {
            let field = format_ident!("{}", p.rust_name);
            let label = p.rust_name.as_str();
            if p.secret && p.required {
                quote! { .field(#label, &rt::Redacted(&self.#field)) }
            } else if p.secret {
                quote! { .field(#label, &rt::redact_nullable(&self.#field)) }
            } else {
                quote! { .field(#label, &self.#field) }
            }
        });
        quote! {
            /// Secrets are shown as `<redacted>`.
            impl ::std::fmt::Debug for #name {
                #[inline]
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#name_str)
                        #odata
                        #(#fields)*
                        .field("additional_properties", &self.additional_properties)
                        .finish()
                }
            }
        }
    });
    let odata_impl = t.odata_type.as_ref().map(|odata| {
        let odata = odata.trim_start_matches('#');
        quote! {
            impl rt::ODataType for #name {
                const ODATA_TYPE: &'static str = #odata;
                #[inline]
                fn odata_type_annotation(&self) -> Option<&str> {
                    self.odata_type.as_deref()
                }
            }
        }
    });
    let mut items = super::parse_items(
        quote! {
            #derives
            pub struct #name {
                #odata_field
                /// Properties the docs do not describe, kept as sent so nothing is lost.
                pub additional_properties: rt::AdditionalProperties,
            }
            #debug_impl
            #odata_impl
            #constructor
        },
        &t.rust_name,
    )?;
    let Some(syn::Item::Struct(syn::ItemStruct { fields: syn::Fields::Named(named), .. })) = items.first_mut() else {
        return Err(format!("the skeleton of {} is not a struct with named fields", t.rust_name));
    };
    // The documented properties go between `odata_type` and `additional_properties`.
    let mut all: Vec<syn::Field> = std::mem::take(&mut named.named).into_iter().collect();
    let last = all.pop();
    all.extend(fields);
    all.extend(last);
    named.named = all.into_iter().collect();
    // The serde and equality impls go right after the struct.
    let object = super::object_impls::object_impls(ctx, t, &name, field_types)?;
    items.splice(1..1, object);
    super::prepend_docs(&mut items, doc);
    Ok(items)
}

/// An open enum and its impls; the variants are built as syntax-tree nodes directly.
pub fn emit_enum(ctx: &Context, e: &EnumType) -> Result<Vec<syn::Item>, String> {
    let name = format_ident!("{}", e.rust_name);
    let mut doc = vec![e.wire_name.clone()];
    if let Some(d) = &e.description {
        doc.push(String::new());
        doc.push(d.clone());
    }
    doc.push(String::new());
    doc.push("An open enum: values this crate does not know are kept in `Other` and sent back unchanged.".to_owned());
    doc.push(source_line(ctx, &e.source));
    let doc = docs::doc_attributes(&doc);
    let variants = e.members.iter().map(|m| {
        let mut lines = Vec::new();
        if !m.description.is_empty() {
            lines.push(m.description.clone());
            lines.push(String::new());
        }
        lines.push(match m.value {
            Some(n) => format!("Wire value {} ({n}).", docs::code(&m.wire_name)),
            None => format!("Wire value {}.", docs::code(&m.wire_name)),
        });
        syn::Variant {
            attrs: docs::doc_attributes(&lines),
            ident: format_ident!("{}", m.rust_name),
            fields: syn::Fields::Unit,
            discriminant: None,
        }
    });
    let to_wire = e.members.iter().map(|m| {
        let v = format_ident!("{}", m.rust_name);
        let wire = &m.wire_name;
        quote! { Self::#v => #wire, }
    });
    let from_wire = e.members.iter().map(|m| {
        let v = format_ident!("{}", m.rust_name);
        let wire = &m.wire_name;
        quote! { #wire => Self::#v, }
    });
    let tokens = quote! {
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            /// A value not documented when this crate was generated.
            Other(String),
        }

        impl #name {
            /// The value as sent on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::Other(other) => other.as_str(),
                }
            }

            /// The member for a wire value; unknown values become `Other`.
            #[inline]
            pub fn from_wire(value: &str) -> Self {
                match value {
                    #(#from_wire)*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            #[inline]
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from_wire(value))
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from_wire(&value))
            }
        }
    };
    let mut items = super::parse_items(tokens, &e.rust_name)?;
    let Some(syn::Item::Enum(item)) = items.first_mut() else {
        return Err(format!("the skeleton of {} is not an enum", e.rust_name));
    };
    // The documented members go before `Other`.
    let mut all: Vec<syn::Variant> = variants.collect();
    all.extend(std::mem::take(&mut item.variants));
    item.variants = all.into_iter().collect();
    super::prepend_docs(&mut items, doc);
    Ok(items)
}
