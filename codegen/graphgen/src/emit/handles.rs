//! `src/handles.rs`: the resource handles (see [`crate::ir::HandleModel`]). Each is a
//! path, a type, and its navigations; the methods that build requests are `impl`
//! blocks in the area modules (so each is behind its area's feature).

use super::docs;
use super::operations::piece_calls;
use crate::ir::{ApiVersion, HandleIr, HandleModel, HandleResource, NavigationIr};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

fn what(handle: &HandleIr) -> String {
    match &handle.resource {
        HandleResource::Root => "The root of the API: where every request path starts.".to_owned(),
        HandleResource::Item(t) => format!("One {}.", docs::code(t)),
        HandleResource::Collection(t) => format!("A collection of {}.", docs::code(t)),
        HandleResource::Place(p) => format!("The `{p}` part of the API."),
    }
}

fn navigation(model: &HandleModel, nav: &NavigationIr) -> TokenStream {
    let name = format_ident!("{}", nav.rust_name);
    let target = format_ident!("{}", model.handles.get(nav.target).map_or("Graph", |h| h.rust_name.as_str()));
    let idents: Vec<proc_macro2::Ident> = nav.params.iter().map(|p| format_ident!("{}", p.rust_name)).collect();
    let args: Vec<TokenStream> = idents.iter().map(|ident| quote! { #ident }).collect();
    let params = idents.iter().map(|ident| quote! { #ident: &str });
    let calls = piece_calls(&nav.pieces, &nav.params, &args);
    let doc = format!(" `…{}`", crate::ir::pieces_text(&nav.pieces, &nav.params));
    quote! {
        #[doc = #doc]
        #[inline]
        pub fn #name(&self, #(#params),*) -> #target {
            #target { path: rt::PathBuilder::from_path(&self.path) #(#calls)* .finish() }
        }
    }
}

/// The `handles` module: per handle a struct holding the path, and its navigations.
pub fn emit_handles(model: &HandleModel, version: ApiVersion) -> TokenStream {
    let version_fn = match version {
        ApiVersion::V1 => format_ident!("v1"),
        ApiVersion::Beta => format_ident!("beta"),
    };
    let version_text = version.as_str();
    let version_doc = format!(
        " The root handle of the `{version_text}` API, the version these pages document: `Graph::{version_fn}().me().get()`."
    );
    let base_doc = format!(
        " The API root requests go to in `cloud` (`https://graph.microsoft.com/{version_text}` in the global service)."
    );
    let items = model.handles.iter().map(|h| {
        let name = format_ident!("{}", h.rust_name);
        let doc = format!(" {}", what(h));
        let navigations = h.navigations.iter().map(|n| navigation(model, n));
        let root = matches!(h.resource, HandleResource::Root).then(|| {
            quote! {
                /// The root handle: `Graph::new().me().get()`.
                pub fn new() -> Self {
                    #name { path: String::new() }
                }
                #[doc = #version_doc]
                pub fn #version_fn() -> Self {
                    Self::new()
                }
                /// The API version these pages document; [`crate::client`] and [`crate::blocking_client`] use it.
                pub const API_VERSION: rt::ApiVersion = crate::API_VERSION;
                #[doc = #base_doc]
                pub fn base_url(cloud: rt::Cloud) -> rt::BaseUrl {
                    rt::BaseUrl::new(cloud, Self::API_VERSION)
                }
            }
        });
        let default = root.is_some().then(|| {
            quote! {
                impl Default for #name {
                    fn default() -> Self {
                        Self::new()
                    }
                }
            }
        });
        quote! {
            #[doc = #doc]
            #[derive(Clone, Debug)]
            pub struct #name {
                pub(crate) path: String,
            }

            impl #name {
                #root
                /// The path this handle addresses, relative to the API root (`/users/a%40b`).
                #[inline]
                pub fn path(&self) -> &str {
                    &self.path
                }
                #(#navigations)*
            }
            #default
        }
    });
    quote! {
        use graphgen_runtime as rt;
        #(#items)*
    }
}
