//! Code actions, each the fix of a diagnostic under the cursor: annotate a
//! known name the text mentions without annotating (G0302), the nearest
//! slug, key or kind for a misspelt one (G0202, G0203, G0102, G0105), and
//! a new entity file for an unknown slug, from `gloss new entity`'s
//! template.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use lsp_types::{
    CodeAction, CodeActionKind, CreateFile, CreateFileOptions, DocumentChangeOperation,
    DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier, Position, ResourceOp,
    TextDocumentEdit, TextEdit, Url, WorkspaceEdit,
};

use super::cursor;
use super::documents::{Document, Role};
use super::position::LineIndex;
use super::problems::to_lsp;
use crate::diagnostics::{did_you_mean, Code, Diagnostic};
use crate::model::Kind;
use crate::pipeline::TextRun;

/// What the actions need besides the diagnostics.
pub struct Context<'a> {
    pub root: &'a Path,
    pub document: &'a Document,
    pub run: Option<&'a TextRun>,
    /// Whether the editor can create files in a workspace edit.
    pub can_create: bool,
}

pub fn actions<'d>(
    cx: &Context,
    diagnostics: impl Iterator<Item = &'d Diagnostic>,
    range: Range<usize>,
) -> Vec<CodeAction> {
    let mut actions = Vec::new();
    for diagnostic in diagnostics {
        let Some(span) = diagnostic.span.clone() else {
            continue;
        };
        // The span must point into the text the editor has now.
        let current = (diagnostic.source.as_ref()).is_some_and(|s| s.text == cx.document.text);
        if !current || span.start > range.end || range.start > span.end {
            continue;
        }
        let fixes = match diagnostic.code {
            Code::NotAnnotated => annotate(cx, &span).into_iter().collect(),
            Code::NoEntity | Code::NoMentionedEntity => unknown_slug(cx, diagnostic, &span),
            Code::UnknownKey => respell(cx, &span, keys(cx.document.role)),
            Code::WrongValue if diagnostic.message.starts_with("unknown kind") => {
                respell(cx, &span, Kind::ALL.iter().map(|k| k.as_str()).collect())
            }
            _ => Vec::new(),
        };
        let problem = to_lsp(cx.root, diagnostic);
        actions.extend(
            fixes
                .into_iter()
                .map(|(title, edit, preferred)| CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![problem.clone()]),
                    edit: Some(edit),
                    is_preferred: Some(preferred),
                    ..Default::default()
                }),
        );
    }
    actions
}

/// A fix: its title, its edit, and whether it is the one to apply.
type Fix = (String, WorkspaceEdit, bool);

fn edit_here(document: &Document, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(document.uri.clone(), edits)])),
        ..Default::default()
    }
}

/// G0302: the entity named at `span` goes into `annotations:`.
fn annotate(cx: &Context, span: &Range<usize>) -> Option<Fix> {
    let run = cx.run?;
    let rel = &cx.document.rel;
    let a = (run.site.articles.iter()).position(|a| &a.file.path == rel)?;
    let found = (run.text.bodies[a].unannotated.iter()).find(|u| &u.span == span)?;
    let slug = &run.site.entities[found.entity].slug;
    let edit = add_annotation(&cx.document.text, slug)?;
    let title = format!("Annotate `{slug}`");
    Some((title, edit_here(cx.document, vec![edit]), true))
}

/// The edit that adds `- slug` to the front matter's `annotations:`,
/// written as the list already is (a block list, a one-line `[...]`), or
/// a new `annotations:` key.
pub fn add_annotation(text: &str, slug: &str) -> Option<TextEdit> {
    let yaml = cursor::yaml_of(text, Role::Article)?;
    let index = LineIndex::new(text);
    let insert = |at: usize, new_text: String| {
        let position = index.position(at);
        Some(TextEdit::new(
            lsp_types::Range::new(position, position),
            new_text,
        ))
    };
    let mut offset = yaml.start;
    let mut lines = text[yaml.clone()].split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let start = offset;
        offset += line.len();
        let Some(rest) = line.strip_prefix("annotations:") else {
            continue;
        };
        let value = rest.trim();
        if let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            let close = start + line.rfind(']')?;
            let sep = if inner.trim().is_empty() { "" } else { ", " };
            return insert(close, format!("{sep}{slug}"));
        }
        if !value.is_empty() {
            return None;
        }
        // A block list: its items are the lines that follow, indented or `- `.
        let mut indent = String::from("  ");
        let mut end = offset;
        while let Some(next) =
            lines.next_if(|l| l.starts_with([' ', '\t', '-']) || l.trim().is_empty())
        {
            if let Some(dash) = next.find("- ").filter(|&d| next[..d].trim().is_empty()) {
                if end == offset {
                    indent = next[..dash].to_string();
                }
            }
            if !next.trim().is_empty() {
                end += next.len();
            } else {
                break;
            }
        }
        return insert(end, format!("{indent}- {slug}\n"));
    }
    insert(yaml.end, format!("annotations:\n  - {slug}\n"))
}

/// G0202 and G0203: the nearest slug, and a new entity file.
fn unknown_slug(cx: &Context, diagnostic: &Diagnostic, span: &Range<usize>) -> Vec<Fix> {
    let Some(slug) = diagnostic.message.split('`').nth(1) else {
        return Vec::new();
    };
    let text = &cx.document.text;
    let within = &text[span.clone()];
    let at = match diagnostic.code {
        Code::NoMentionedEntity => within.find(&format!("(@{slug}")).map(|i| i + 2),
        _ => within.find(slug),
    };
    let mut fixes = Vec::new();
    let Some(at) = at.map(|i| span.start + i) else {
        return fixes;
    };
    let slugs = cx.run.map_or(Vec::new(), |r| {
        r.site.entities.iter().map(|e| e.slug.as_str()).collect()
    });
    if let Some(fix) = replace(cx, at..at + slug.len(), did_you_mean(slug, slugs)) {
        fixes.push(fix);
    }
    fixes.extend(create_entity(cx, slug));
    fixes
}

/// G0102 and G0105: the nearest of `candidates` to the word at `span`.
fn respell(cx: &Context, span: &Range<usize>, candidates: Vec<&str>) -> Vec<Fix> {
    let word = cursor::word_at(&cx.document.text, span.start);
    let written = &cx.document.text[word.clone()];
    let best = did_you_mean(written, candidates);
    replace(cx, word, best).into_iter().collect()
}

fn replace(cx: &Context, range: Range<usize>, with: Option<&str>) -> Option<Fix> {
    let with = with?;
    let range = LineIndex::new(&cx.document.text).range(range);
    let edit = TextEdit::new(range, with.to_string());
    Some((
        format!("Change to `{with}`"),
        edit_here(cx.document, vec![edit]),
        true,
    ))
}

fn keys(role: Role) -> Vec<&'static str> {
    match role {
        Role::Article => crate::load::ARTICLE_KEYS.to_vec(),
        Role::Entity => crate::load::ENTITY_KEYS.to_vec(),
        Role::Settings => crate::load::config::KEYS.to_vec(),
        Role::Other => Vec::new(),
    }
}

/// `content/entities/SLUG.md` for each kind, as `gloss new entity` writes
/// it, when the editor can create files and the slug can be a file name.
fn create_entity(cx: &Context, slug: &str) -> Vec<Fix> {
    let name: Vec<String> = (slug.split('-'))
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
        })
        .collect();
    let name = name.join(" ");
    if !cx.can_create || crate::scaffold::file_slug(&name) != slug {
        return Vec::new();
    }
    Kind::ALL
        .iter()
        .filter_map(|&kind| {
            let (path, text) = crate::scaffold::entity_file(cx.root, slug, &name, kind);
            let uri = Url::from_file_path(&path).ok().filter(|_| !path.exists())?;
            let create = DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                uri: uri.clone(),
                options: Some(CreateFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(true),
                }),
                annotation_id: None,
            }));
            let write = DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                edits: vec![OneOf::Left(TextEdit::new(
                    lsp_types::Range::new(Position::new(0, 0), Position::new(0, 0)),
                    text,
                ))],
            });
            let edit = WorkspaceEdit {
                document_changes: Some(DocumentChanges::Operations(vec![create, write])),
                ..Default::default()
            };
            let title = format!("Create entity `{slug}` ({})", kind.as_str());
            Some((title, edit, false))
        })
        .collect()
}
