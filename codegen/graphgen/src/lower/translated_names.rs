//! Names a translated page may have translated into plain words: an enum member
//! `desconhecido` for `unknown`, a relationship `mensagens` for `messages`.
//! Machine translation leaves camelCase names alone (`smimeEncryption`) but not
//! single words, and a single lower-case word can be either. What is never
//! translated decides: the request paths of every API page, the keys and string
//! values of every example, the values code spans list (`possible values`), and
//! every name of the original (English) pages. A plain word on a translated
//! page that none of these has is left out and diagnosed; the enum stays open,
//! so no value is lost at run time.

use crate::classify::is_english;
use crate::diagnostics::{Code, Diagnostics};
use crate::page::columns::is_plain_word;
use crate::page::{Page, ResourcePage};
use std::borrow::Cow;
use std::collections::HashSet;

/// Every token that untranslated text of the tree spells, lower case.
fn untranslated_tokens(pages: &[&Page]) -> HashSet<String> {
    let mut tokens = HashSet::new();
    let mut add = |s: &str| {
        if !s.is_empty() && s.len() <= 100 {
            tokens.insert(s.to_ascii_lowercase());
        }
    };
    for page in pages {
        match page {
            Page::Api(api) => {
                for request in &api.requests {
                    for segment in request.template.raw.split(['/', '?', '(', ')', '=', '&', ',', '\'']) {
                        add(segment.trim());
                    }
                }
                let bodies = api.examples.iter().flat_map(|e| {
                    let request = e.request.as_ref().and_then(|r| r.body.as_ref());
                    let response = e.response.as_ref().and_then(|r| r.body.as_ref());
                    request.into_iter().chain(response).filter_map(|b| b.value.as_ref())
                });
                // Keys and string values at any depth, walked with a stack.
                let mut stack: Vec<&serde_json::Value> = bodies.collect();
                while let Some(v) = stack.pop() {
                    match v {
                        serde_json::Value::Object(map) => {
                            for (k, v) in map {
                                add(k);
                                stack.push(v);
                            }
                        }
                        serde_json::Value::Array(items) => stack.extend(items),
                        serde_json::Value::String(s) => add(s),
                        _ => {}
                    }
                }
            }
            Page::Resource(r) => {
                for row in r.properties.iter().chain(&r.relationships) {
                    row.possible_values.iter().chain(&row.code_spans).for_each(|v| add(v));
                    if is_english(&r.locale) {
                        add(&row.name);
                    }
                }
            }
            Page::Enums { enums } => {
                for e in enums.iter().filter(|e| is_english(&e.locale)) {
                    e.members.iter().for_each(|m| add(&m.name));
                }
            }
        }
    }
    tokens
}

/// The pages, with the plain-word enum members and relationships of translated
/// pages that no untranslated text spells left out (those pages copied).
pub fn confirm<'a>(pages: &[&'a Page], diags: &mut Diagnostics) -> Vec<Cow<'a, Page>> {
    if pages.iter().all(|p| match p {
        Page::Resource(r) => is_english(&r.locale),
        Page::Enums { enums } => enums.iter().all(|e| is_english(&e.locale)),
        Page::Api(_) => true,
    }) {
        return pages.iter().map(|p| Cow::Borrowed(*p)).collect();
    }
    let tokens = untranslated_tokens(pages);
    let unconfirmed = |name: &str| is_plain_word(name) && !tokens.contains(name);
    pages
        .iter()
        .map(|page| match page {
            Page::Resource(r) if !is_english(&r.locale) && r.relationships.iter().any(|p| unconfirmed(&p.name)) => {
                let mut r: ResourcePage = r.clone();
                r.relationships.retain(|row| {
                    let keep = !unconfirmed(&row.name);
                    if !keep {
                        diags.warn(
                            &r.source,
                            row.line,
                            Code::TranslatedIdentifier,
                            format!("relationship {:?} of {} is in no request path or example of the tree; on a translated page it is taken for translated text and not emitted", row.name, r.name),
                        );
                    }
                    keep
                });
                Cow::Owned(Page::Resource(r))
            }
            Page::Enums { enums }
                if enums.iter().any(|e| !is_english(&e.locale) && e.members.iter().any(|m| unconfirmed(&m.name))) =>
            {
                let mut enums = enums.clone();
                for e in enums.iter_mut().filter(|e| !is_english(&e.locale)) {
                    let (source, name) = (e.source.clone(), e.name.clone());
                    e.members.retain(|m| {
                        let keep = !unconfirmed(&m.name);
                        if !keep {
                            diags.warn(
                                &source,
                                m.line,
                                Code::TranslatedIdentifier,
                                format!("enum member {:?} of {name} is in no example, code span or original page of the tree; on a translated page it is taken for translated text and left out (the enum stays open)", m.name),
                            );
                        }
                        keep
                    });
                }
                Cow::Owned(Page::Enums { enums })
            }
            _ => Cow::Borrowed(*page),
        })
        .collect()
}
