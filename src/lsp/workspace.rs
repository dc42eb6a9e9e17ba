//! The site as the editor sees it: one pipeline with the same memory as
//! `serve`'s, whose load stage reads the open documents' unsaved text
//! instead of the disk, and what its last checks found.
//!
//! Every change runs the stages up to the pages ([`Pipeline::check_text`]),
//! which redo only what the change touched: that is what answers while
//! one types. The pages' own problems (templates that fail, published URLs
//! dropped) need every page planned, which takes longer on a large site, so
//! they are looked for once the editor is idle ([`Workspace::check_pages`])
//! and shown with the others until the next such check.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lsp_types::{TextDocumentContentChangeEvent, Url};
use rustc_hash::FxHashMap;

use super::documents::{Document, Role};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::pipeline::{Pipeline, PipelineOptions, Publish, Search, TextRun};
use crate::progress::Progress;

/// How long the editor stays quiet before the pages are checked.
pub const IDLE: Duration = Duration::from_millis(800);

pub struct Workspace {
    /// The site folder, with symbolic links resolved.
    pub root: PathBuf,
    pipeline: Pipeline,
    pub documents: FxHashMap<Url, Document>,
    /// The last check of the text stages.
    snapshot: Option<TextRun>,
    /// What stopped the last check when it could not run at all (a bug).
    failed: Option<Diagnostics>,
    /// What the last check of the pages found beyond the text stages.
    late: Vec<Diagnostic>,
    /// Files changed on disk since the last check.
    pending: Vec<PathBuf>,
    dirty: bool,
    loaded: bool,
    pages_due: Option<Instant>,
}

/// A file that is not in the site folder.
#[derive(Debug)]
pub struct NotInSite;

impl Workspace {
    pub fn new(root: &Path) -> Self {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        // An editor is for writing drafts and embargoed pieces too: they
        // are checked as `gloss check --drafts --future` checks them.
        let options = PipelineOptions {
            root: root.clone(),
            base_url: None,
            publish: Publish {
                drafts: true,
                future: true,
            },
            search: Search::Off,
            incremental: true,
            texts_on_disk: false,
            unannotated: true,
            keep_record: false,
        };
        Workspace {
            pipeline: Pipeline::new(options),
            root,
            documents: FxHashMap::default(),
            snapshot: None,
            failed: None,
            late: Vec::new(),
            pending: Vec::new(),
            dirty: true,
            loaded: false,
            pages_due: None,
        }
    }

    pub fn open(&mut self, uri: Url, version: i32, text: String) -> Result<(), NotInSite> {
        let document = Document::new(&self.root, uri.clone(), version, text).ok_or(NotInSite)?;
        self.overlay(&document);
        self.documents.insert(uri, document);
        Ok(())
    }

    pub fn change(
        &mut self,
        uri: &Url,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) -> Result<(), NotInSite> {
        let document = self.documents.get_mut(uri).ok_or(NotInSite)?;
        document.apply(version, changes);
        let document = &self.documents[uri];
        if document.role != Role::Other {
            let text = Arc::from(document.text.as_str());
            self.pipeline.set_overlay(&document.path, Some(text));
            self.dirty = true;
        }
        Ok(())
    }

    /// Forgets a closed document: its file is read from the disk again.
    pub fn close(&mut self, uri: &Url) -> Option<Document> {
        let document = self.documents.remove(uri)?;
        if document.role != Role::Other {
            self.pipeline.set_overlay(&document.path, None);
            self.dirty = true;
        }
        Some(document)
    }

    /// Files changed on disk (by another program, or saved): read again
    /// unless the editor holds them open.
    pub fn disk_changed(&mut self, paths: impl IntoIterator<Item = PathBuf>) {
        let open: HashSet<&Path> = self.documents.values().map(|d| d.path.as_path()).collect();
        let changed: Vec<PathBuf> = (paths.into_iter())
            .filter(|p| p.starts_with(&self.root) && !open.contains(p.as_path()))
            .collect();
        if !changed.is_empty() {
            self.pending.extend(changed);
            self.dirty = true;
        }
    }

    fn overlay(&mut self, document: &Document) {
        if document.role != Role::Other {
            let text = Arc::from(document.text.as_str());
            self.pipeline.set_overlay(&document.path, Some(text));
            self.dirty = true;
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Checks the text stages again after changes; the first time, reads
    /// the whole site.
    pub fn refresh(&mut self) {
        if !self.dirty {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        let changed = self.loaded.then_some(pending.as_slice());
        match self.pipeline.check_text(changed) {
            Ok(run) => {
                self.failed = None;
                // The pages are checked only when the text has no error,
                // as `gloss check` stops at the first stage with one.
                self.pages_due = (!run.diagnostics.has_errors()).then(|| Instant::now() + IDLE);
                self.snapshot = Some(run);
            }
            Err(diags) => {
                self.failed = Some(diags);
                self.pages_due = None;
            }
        }
        self.loaded = true;
        self.dirty = false;
    }

    /// When the pages should be checked, if they should.
    pub fn pages_due(&self) -> Option<Instant> {
        self.pages_due
    }

    /// Runs the whole pipeline, pages included, as `gloss check` does, and
    /// keeps what it finds beyond the text stages.
    pub fn check_pages(&mut self) {
        self.pages_due = None;
        let Some(snapshot) = &self.snapshot else {
            return;
        };
        let open = |_: &crate::model::SiteConfig| Ok(crate::write::Discard);
        let found = match self.pipeline.run(Some(&[]), open, &Progress::hidden()) {
            Ok((run, _)) => run.warnings,
            Err(diags) => diags,
        };
        let key = |d: &Diagnostic| (d.code, d.path.clone(), d.span.clone(), d.message.clone());
        let known: HashSet<_> = snapshot.diagnostics.iter().map(key).collect();
        self.late = found
            .into_iter()
            .filter(|d| !known.contains(&key(d)))
            .collect();
    }

    /// The last check of the text stages, once there is one.
    pub fn snapshot(&self) -> Option<&TextRun> {
        self.snapshot.as_ref()
    }

    /// Every current diagnostic: the text stages' (or what stopped them),
    /// then the pages' when the text has no error.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        let text = match (&self.failed, &self.snapshot) {
            (Some(failed), _) => Some(failed),
            (None, Some(run)) => Some(&run.diagnostics),
            (None, None) => None,
        };
        let late_counts = text.is_some_and(|d| !d.has_errors());
        let late = self.late.iter().filter(move |_| late_counts);
        (text.into_iter().flat_map(Diagnostics::iter)).chain(late)
    }

    /// Every current diagnostic of the file at `rel` (relative to the site).
    pub fn diagnostics_of<'a>(&'a self, rel: &'a Path) -> impl Iterator<Item = &'a Diagnostic> {
        self.diagnostics().filter(move |d| d.path == rel)
    }
}
