//! Completion: entity slugs in `annotations:` and after `](@`, with each
//! entity's name, kind and summary; front-matter keys; the kinds of an
//! entity; the tags the site already uses.

use std::collections::BTreeMap;

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent,
    MarkupKind, TextEdit,
};

use super::cursor::{self, Spot};
use super::documents::Role;
use super::focus::Focus;
use super::position::LineIndex;
use crate::model::Kind;

pub fn complete(focus: &Focus) -> Vec<CompletionItem> {
    let range = LineIndex::new(focus.text).range(focus.word.clone());
    let edit = |text: &str| {
        Some(CompletionTextEdit::Edit(TextEdit {
            range,
            new_text: text.to_string(),
        }))
    };
    let items: Vec<CompletionItem> = match focus.spot {
        Spot::Slug | Spot::LinkSlug => slugs(focus),
        Spot::Key => keys(focus),
        Spot::Kind => (Kind::ALL.iter())
            .map(|k| item(k.as_str(), CompletionItemKind::ENUM_MEMBER))
            .collect(),
        Spot::Tag => tags(focus),
        _ => Vec::new(),
    };
    (items.into_iter())
        .map(|mut item| {
            let text = item
                .insert_text
                .take()
                .unwrap_or_else(|| item.label.clone());
            item.text_edit = edit(&text);
            item
        })
        .collect()
}

fn item(label: &str, kind: CompletionItemKind) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        ..Default::default()
    }
}

/// Every entity, the ones this article does not annotate yet first.
fn slugs(focus: &Focus) -> Vec<CompletionItem> {
    let Some(run) = focus.run else {
        return Vec::new();
    };
    let annotated = |e: usize| {
        focus.article().is_some_and(|a| {
            (a.annotations.iter()).any(|x| x.target == crate::model::Target::Entity(e))
        })
    };
    (run.site.entities.iter().enumerate())
        .map(|(e, entity)| CompletionItem {
            detail: Some(format!("{} · {}", entity.name, entity.kind.as_str())),
            documentation: Some(Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value: entity.summary.clone(),
            })),
            sort_text: Some(format!("{}{}", u8::from(annotated(e)), entity.slug)),
            // Typing the name finds the slug too.
            filter_text: Some(entity.slug.clone()),
            ..item(&entity.slug, CompletionItemKind::REFERENCE)
        })
        .collect()
}

/// The keys of this kind of file that it does not have yet.
fn keys(focus: &Focus) -> Vec<CompletionItem> {
    let keys = match focus.document.role {
        Role::Article => crate::load::ARTICLE_KEYS,
        Role::Entity => crate::load::ENTITY_KEYS,
        Role::Settings => crate::load::config::KEYS,
        Role::Other => return Vec::new(),
    };
    let yaml = cursor::yaml_of(focus.text, focus.document.role).unwrap_or(0..0);
    let written: Vec<&str> = (focus.text[yaml].lines())
        .filter(|line| !line.starts_with([' ', '\t', '-', '#']))
        .filter_map(|line| line.split_once(':').map(|(key, _)| key.trim()))
        .collect();
    (keys.iter())
        .filter(|key| !written.contains(key))
        .map(|key| CompletionItem {
            insert_text: Some(format!("{key}: ")),
            ..item(key, CompletionItemKind::PROPERTY)
        })
        .collect()
}

/// The tags of the site's articles, as first written, with how many use each.
fn tags(focus: &Focus) -> Vec<CompletionItem> {
    let Some(run) = focus.run else {
        return Vec::new();
    };
    let mut tags: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    for (name, slug) in run.site.articles.iter().flat_map(|a| &a.tags) {
        tags.entry(slug).or_insert((name, 0)).1 += 1;
    }
    (tags.values())
        .map(|(name, count)| {
            let s = if *count == 1 { "" } else { "s" };
            CompletionItem {
                detail: Some(format!("{count} article{s}")),
                ..item(name, CompletionItemKind::VALUE)
            }
        })
        .collect()
}
