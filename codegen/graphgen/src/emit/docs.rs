//! Doc comments from page text. Text only ever becomes `#[doc = "…"]`
//! literals, one per line, after removing what could mislead a reader or
//! rustdoc: control and bidirectional-override characters, and lines that
//! rustdoc would run as doctests (fences, indented code).

use proc_macro2::TokenStream;
use quote::quote;

/// Clean one piece of page text for a doc comment.
pub fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            let invisible =
                matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}');
            let control = c.is_control() && c != '\n';
            !(invisible || control)
        })
        .collect()
}

/// Doc attributes for a block of text (paragraphs separated by blank lines).
pub fn doc_lines(lines: &[String]) -> TokenStream {
    doc_attrs(lines, false)
}

/// Inner doc attributes (`//!`), for a module or crate.
pub fn inner_doc_lines(lines: &[String]) -> TokenStream {
    doc_attrs(lines, true)
}

/// The text of each `#[doc]` attribute for `lines`: cleaned, one per line, runs of
/// blank lines collapsed, fences escaped.
fn doc_texts(lines: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut previous_blank = true;
    for raw in lines {
        for line in clean(raw).split('\n') {
            let mut line = line.trim().to_owned();
            if line.is_empty() {
                if previous_blank {
                    continue;
                }
                previous_blank = true;
            } else {
                previous_blank = false;
            }
            // A fence would open a code block that rustdoc compiles and runs.
            if line.starts_with("```") || line.starts_with("~~~") {
                line.insert(0, '\\');
            }
            out.push(if line.is_empty() { String::new() } else { format!(" {line}") });
        }
    }
    out
}

fn doc_attrs(lines: &[String], inner: bool) -> TokenStream {
    let mut out = TokenStream::new();
    for text in doc_texts(lines) {
        out.extend(if inner {
            quote! { #![doc = #text] }
        } else {
            quote! { #[doc = #text] }
        });
    }
    out
}

/// [`doc_lines`] as syntax-tree attributes, built directly (no tokens to parse):
/// the same `#[doc = "…"]` items, for the emitters that assemble syn items.
pub fn doc_attributes(lines: &[String]) -> Vec<syn::Attribute> {
    doc_texts(lines).iter().map(|text| doc_attribute(text)).collect()
}

fn doc_attribute(text: &str) -> syn::Attribute {
    let span = proc_macro2::Span::call_site();
    super::outer_attribute(syn::Meta::NameValue(syn::MetaNameValue {
        path: syn::Ident::new("doc", span).into(),
        eq_token: Default::default(),
        value: syn::Expr::Lit(syn::ExprLit { attrs: Vec::new(), lit: syn::Lit::Str(syn::LitStr::new(text, span)) }),
    }))
}

/// Inline code in docs: backticks in the value are replaced so the span stays closed.
pub fn code(text: &str) -> String {
    format!("`{}`", clean(text).replace('`', "'").replace('\n', " "))
}
