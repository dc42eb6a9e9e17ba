//! The documents the editor has open: their unsaved text, kept in step
//! with the editor's changes, and what each is to the site.

use std::path::{Path, PathBuf};

use lsp_types::{TextDocumentContentChangeEvent, Url};

use super::position::LineIndex;

/// What an open file is to the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Article,
    Entity,
    /// `site.yaml`.
    Settings,
    /// Any other file of the site folder (a template, a README): gloss
    /// reads its text but has nothing to say about it.
    Other,
}

pub struct Document {
    pub uri: Url,
    /// Absolute, with symbolic links resolved (as the site's files are known).
    pub path: PathBuf,
    /// Relative to the site folder: how diagnostics name the file.
    pub rel: PathBuf,
    pub role: Role,
    pub version: i32,
    pub text: String,
}

impl Document {
    /// The document at `uri`, or `None` when it is not a file of the site
    /// folder at `root`.
    pub fn new(root: &Path, uri: Url, version: i32, text: String) -> Option<Document> {
        let path = site_path(root, &uri)?;
        let rel = path.strip_prefix(root).ok()?.to_path_buf();
        Some(Document {
            role: role(&rel),
            uri,
            path,
            rel,
            version,
            text,
        })
    }

    /// Applies the editor's changes, in order: a change with a range
    /// replaces that range, one without replaces the whole text.
    pub fn apply(&mut self, version: i32, changes: Vec<TextDocumentContentChangeEvent>) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let index = LineIndex::new(&self.text);
                    let start = index.offset(range.start);
                    let end = index.offset(range.end).max(start);
                    self.text.replace_range(start..end, &change.text);
                }
                None => self.text = change.text,
            }
        }
        self.version = version;
    }
}

/// The absolute path of a `file:` URI inside the site folder (`root`
/// has its symbolic links resolved), whether or not the file exists yet.
pub fn site_path(root: &Path, uri: &Url) -> Option<PathBuf> {
    if uri.scheme() != "file" {
        return None;
    }
    let path = uri.to_file_path().ok()?;
    let path = match std::fs::canonicalize(&path) {
        Ok(real) => real,
        Err(_) => {
            let parent = std::fs::canonicalize(path.parent()?).ok()?;
            parent.join(path.file_name()?)
        }
    };
    path.starts_with(root).then_some(path)
}

fn role(rel: &Path) -> Role {
    let markdown = rel.extension().is_some_and(|e| e == "md")
        && !(rel.file_name()).is_some_and(|n| n.to_string_lossy().starts_with('.'));
    if rel == Path::new("site.yaml") {
        Role::Settings
    } else if markdown && rel.starts_with("content/entities") {
        Role::Entity
    } else if markdown && rel.starts_with("content") {
        Role::Article
    } else {
        Role::Other
    }
}
