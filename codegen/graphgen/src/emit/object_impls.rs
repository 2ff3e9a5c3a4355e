//! A struct's `Deserialize`, `Serialize` and `PartialEq`, through the runtime's
//! `object` routines (see `graphgen_runtime::object`): a `match` on the member
//! names with one call per field, one write per field, equality by the JSON.
//!
//! The per-field parts (most of the output) are cloned from one parsed arm or
//! statement and given their name and field, rather than written as tokens and
//! parsed back once per field.

use super::Context;
use super::types::FieldTypes;
use crate::ir::{ComplexType, PropertyIr};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};

/// The parsed shapes each field's arm and write are cloned from.
struct Templates {
    /// `"k" => rt::object::value(map, &mut self.f),`
    arm: syn::Arm,
    /// `w.field("k", &self.f)?;`
    field: syn::Stmt,
    /// `w.required("k", &self.f)?;`
    required: syn::Stmt,
}

impl Templates {
    fn parse() -> Result<Templates, String> {
        let error = |e: syn::Error| format!("a serde template does not parse: {e}");
        Ok(Templates {
            arm: syn::parse2(quote! { "k" => rt::object::value(map, &mut self.f), }).map_err(error)?,
            field: syn::parse2(quote! { w.field("k", &self.f)?; }).map_err(error)?,
            required: syn::parse2(quote! { w.required("k", &self.f)?; }).map_err(error)?,
        })
    }
}

thread_local! {
    static TEMPLATES: Result<Templates, String> = Templates::parse();
}

/// Point `&self.f` (a reference to a field of `self`) at `field`.
fn set_field(expr: &mut syn::Expr, field: &syn::Ident) -> Option<()> {
    let syn::Expr::Reference(reference) = expr else { return None };
    let syn::Expr::Field(access) = &mut *reference.expr else { return None };
    access.member = syn::Member::Named(field.clone());
    Some(())
}

fn arm(template: &syn::Arm, wire: &str, field: &syn::Ident) -> Option<syn::Arm> {
    let mut arm = template.clone();
    let syn::Pat::Lit(pattern) = &mut arm.pat else { return None };
    pattern.lit = syn::Lit::Str(syn::LitStr::new(wire, Span::call_site()));
    let syn::Expr::Call(call) = &mut *arm.body else { return None };
    set_field(call.args.iter_mut().nth(1)?, field)?;
    Some(arm)
}

fn write(template: &syn::Stmt, wire: &str, field: &syn::Ident) -> Option<syn::Stmt> {
    let mut stmt = template.clone();
    let syn::Stmt::Expr(syn::Expr::Try(attempt), _) = &mut stmt else { return None };
    let syn::Expr::MethodCall(call) = &mut *attempt.expr else { return None };
    let mut args = call.args.iter_mut();
    let syn::Expr::Lit(key) = args.next()? else { return None };
    key.lit = syn::Lit::Str(syn::LitStr::new(wire, Span::call_site()));
    set_field(args.next()?, field)?;
    Some(stmt)
}

/// The body of the one method of an impl item.
fn method_body<'a>(item: &'a mut syn::Item, method: &str) -> Option<&'a mut syn::Block> {
    let syn::Item::Impl(implementation) = item else { return None };
    implementation.items.iter_mut().find_map(|i| match i {
        syn::ImplItem::Fn(f) if f.sig.ident == method => Some(&mut f.block),
        _ => None,
    })
}

/// Insert the arms of `fields` before the last (`_ =>`) arm of the match that is
/// the body of `field`.
fn fill_arms(item: &mut syn::Item, arms: Vec<syn::Arm>) -> Option<()> {
    let body = method_body(item, "field")?;
    let syn::Stmt::Expr(syn::Expr::Match(matching), _) = body.stmts.first_mut()? else { return None };
    let last = matching.arms.len().checked_sub(1)?;
    matching.arms.splice(last..last, arms);
    Some(())
}

/// Insert `writes` before the last statement (`w.end(…)`) of `serialize`.
fn fill_writes(item: &mut syn::Item, writes: Vec<syn::Stmt>) -> Option<()> {
    let body = method_body(item, "serialize")?;
    let last = body.stmts.len().checked_sub(1)?;
    body.stmts.splice(last..last, writes);
    Some(())
}

/// The impls of `t` (named `name`) as items: `Fields` (on the struct, or on a private
/// all-optional copy for a struct with required fields, whose `Deserialize` then says
/// which one is missing), `Deserialize`, `PartialEq` and `Serialize`.
pub(super) fn object_impls(
    ctx: &Context,
    t: &ComplexType,
    name: &syn::Ident,
    field_types: &mut FieldTypes,
) -> Result<Vec<syn::Item>, String> {
    let expecting = format!("a {} object", t.wire_name);
    let odata = t.odata_type.is_some();
    // One arm per wire name: a later duplicate (there should be none) would be unreachable.
    let mut seen = std::collections::HashSet::new();
    if odata {
        seen.insert("@odata.type");
    }
    let read: Vec<(&PropertyIr, syn::Ident)> = t
        .properties
        .iter()
        .filter(|p| seen.insert(p.wire_name.as_str()))
        .map(|p| (p, format_ident!("{}", p.rust_name)))
        .collect();
    let shape = || format!("the serde impls of {} do not have the expected shape", t.rust_name);
    let (arms, writes) = TEMPLATES.with(|templates| -> Result<_, String> {
        let templates = templates.as_ref().map_err(Clone::clone)?;
        let arms: Option<Vec<syn::Arm>> =
            read.iter().map(|(p, field)| arm(&templates.arm, &p.wire_name, field)).collect();
        let writes: Option<Vec<syn::Stmt>> = read
            .iter()
            .map(|(p, field)| {
                write(if p.required { &templates.required } else { &templates.field }, &p.wire_name, field)
            })
            .collect();
        Ok((arms.ok_or_else(shape)?, writes.ok_or_else(shape)?))
    })?;
    let odata_arm = odata.then(|| quote! { "@odata.type" => rt::object::value(map, &mut self.odata_type), });
    let fields_impl = |target: TokenStream| {
        quote! {
            impl rt::object::Fields for #target {
                const EXPECTING: &'static str = #expecting;
                fn field<'de, A: ::serde::de::MapAccess<'de>>(
                    &mut self,
                    key: &str,
                    map: &mut A,
                ) -> ::std::result::Result<(), A::Error> {
                    match key {
                        #odata_arm
                        _ => rt::object::other(map, key, &mut self.additional_properties),
                    }
                }
            }
        }
    };
    let body = if writes.is_empty() && !odata {
        quote! { rt::object::Writer::new(serializer)?.end(&self.additional_properties) }
    } else {
        let odata_write = odata.then(|| quote! { w.annotation("@odata.type", &self.odata_type)?; });
        quote! {
            let mut w = rt::object::Writer::new(serializer)?;
            #odata_write
            w.end(&self.additional_properties)
        }
    };
    // Equality is the JSON's: a derived `PartialEq` (a comparison per field, each
    // with its own trait obligations) was a third of the crate's check time.
    let common = quote! {
        impl ::std::cmp::PartialEq for #name {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                rt::object::same_json(self, other)
            }
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                #body
            }
        }
    };
    let tokens = if !t.properties.iter().any(|p| p.required) {
        let fields = fields_impl(quote! { #name });
        quote! {
            #fields
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    rt::object::deserialize(deserializer)
                }
            }
            #common
        }
    } else {
        let mut partial_fields = Vec::new();
        let mut finish = Vec::new();
        for p in &t.properties {
            let field = format_ident!("{}", p.rust_name);
            let ty = field_types.get(ctx, t, p)?;
            if p.required {
                let wire = &p.wire_name;
                partial_fields.push(quote! { #field: rt::Nullable<#ty>, });
                finish.push(quote! { #field: rt::object::required(partial.#field, #wire)?, });
            } else {
                partial_fields.push(quote! { #field: #ty, });
                finish.push(quote! { #field: partial.#field, });
            }
        }
        let odata_partial = odata.then(|| quote! { odata_type: Option<String>, });
        let odata_finish = odata.then(|| quote! { odata_type: partial.odata_type, });
        let fields = fields_impl(quote! { __Partial });
        quote! {
            const _: () = {
                #[derive(Default)]
                struct __Partial {
                    #odata_partial
                    #(#partial_fields)*
                    additional_properties: rt::AdditionalProperties,
                }
                #fields
                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        let partial: __Partial = rt::object::deserialize(deserializer)?;
                        Ok(#name {
                            #odata_finish
                            #(#finish)*
                            additional_properties: partial.additional_properties,
                        })
                    }
                }
            };
            #common
        }
    };
    let mut items = super::parse_items(tokens, &t.rust_name)?;
    // Fields: the first item, or inside the `const _` block.
    let fields_item = match items.first_mut() {
        Some(syn::Item::Const(block)) => match &mut *block.expr {
            syn::Expr::Block(b) => b.block.stmts.iter_mut().find_map(|s| match s {
                syn::Stmt::Item(item @ syn::Item::Impl(_)) => Some(item),
                _ => None,
            }),
            _ => None,
        },
        item => item,
    };
    fill_arms(fields_item.ok_or_else(shape)?, arms).ok_or_else(shape)?;
    if !writes.is_empty() {
        fill_writes(items.last_mut().ok_or_else(shape)?, writes).ok_or_else(shape)?;
    }
    Ok(items)
}
