//! The site in memory, kept up to date edit after edit: the engine of
//! `gloss serve`. Each rebuild runs the one pipeline with its memory, so it
//! reads, renders and writes only what a change touched; the result is the
//! same, byte for byte, as a build from scratch. A failed rebuild leaves the
//! last good site as it was.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::diagnostics::Diagnostics;
use crate::pipeline::BuildOptions;
use crate::pipeline::{Pipeline, Search};
use crate::progress::{Progress, Stopwatch};
use crate::render::search::SearchJob;
use crate::render::PageCounts;
use crate::write::Memory;

/// A built site in memory: path inside the site (`articles/x/index.html`) -> bytes.
pub type SiteFiles = rustc_hash::FxHashMap<Arc<str>, Arc<[u8]>>;

/// What one rebuild did.
#[derive(Debug)]
pub struct Rebuilt {
    /// Files written this time (the others were reused).
    pub rendered: usize,
    pub pages: PageCounts,
    pub elapsed: Duration,
    /// Wall time of each stage.
    pub timings: Stopwatch,
    pub warnings: Diagnostics,
    /// When the next embargoed article is due, if any waits.
    pub next_embargo: Option<crate::model::Embargo>,
    /// What changed in [`Preview::files`], for a caller that keeps a copy.
    pub changes: FileChanges,
}

/// How [`Preview::files`] changed in one rebuild: a copy that takes out
/// `removed` and takes in `written` (from [`Preview::files`]) is the same.
#[derive(Debug, Default)]
pub struct FileChanges {
    /// The files written (new or with new bytes).
    pub written: Vec<Arc<str>>,
    /// The files the site no longer has.
    pub removed: Vec<Arc<str>>,
}

pub struct Preview {
    pipeline: Pipeline,
    files: SiteFiles,
    /// Files of the addresses removed on purpose (`gone:`).
    gone: rustc_hash::FxHashSet<Arc<str>>,
    search: Option<SearchJob>,
    /// Every file the last rebuild said the site has, in its order.
    names: Vec<Arc<str>>,
    /// Whether `files` holds exactly `names`: then a rebuild with the same
    /// names removes nothing, and need not look at every file.
    exact: bool,
}

impl Preview {
    /// A preview of the site at `options.root`; the search index is left to
    /// the caller ([`Preview::take_search_job`]).
    pub fn new(options: &BuildOptions) -> Self {
        Preview::with_search(options, Search::Deferred)
    }

    fn with_search(options: &BuildOptions, search: Search) -> Self {
        Preview {
            pipeline: Pipeline::new(options.pipeline(search, true)),
            files: SiteFiles::default(),
            gone: Default::default(),
            search: None,
            names: Vec::new(),
            exact: false,
        }
    }

    /// The last good site: path inside the site -> bytes.
    pub fn files(&self) -> &SiteFiles {
        &self.files
    }

    /// The files of addresses removed on purpose (`gone:`), which the
    /// server answers with 410 Gone and the 410 page.
    pub fn gone(&self) -> &rustc_hash::FxHashSet<Arc<str>> {
        &self.gone
    }

    /// The search index to build, when the text of the site changed since the
    /// last one was asked for. It takes longer than a one-article rebuild on
    /// a large site (about 0.9 s at 10,000 articles), so the preview server
    /// builds it on a thread of its own.
    pub fn take_search_job(&mut self) -> Option<SearchJob> {
        self.search.take()
    }

    /// Rebuilds after `changed` paths (all of them when `None`). On error the
    /// last good site is kept and the diagnostics say why.
    pub fn rebuild(&mut self, changed: Option<&[PathBuf]>) -> Result<Rebuilt, Diagnostics> {
        let open = |_: &crate::model::SiteConfig| Ok(Memory::default());
        let (mut run, written) = self.pipeline.run(changed, open, &Progress::hidden())?;
        // Pages and files the site no longer has go; the search index is
        // kept apart by the caller (`take_search_job`). A save mostly
        // leaves the names as they were: comparing the two lists in order
        // is cheaper than a lookup for every file of a large site.
        let mut changes = FileChanges::default();
        if !(self.exact && run.files == self.names) {
            let current: rustc_hash::FxHashSet<&str> = run.files.iter().map(|f| &**f).collect();
            self.files.retain(|name, _| {
                let keep = current.contains(&**name);
                if !keep {
                    changes.removed.push(Arc::clone(name));
                }
                keep
            });
        }
        let written = written.into_files();
        changes.written = written.iter().map(|(name, _)| Arc::clone(name)).collect();
        self.files.extend(written);
        self.names = std::mem::take(&mut run.files);
        self.exact = self.files.len() == self.names.len();
        self.gone = run.gone.into_iter().collect();
        if run.search.is_some() {
            self.search = run.search;
        }
        Ok(Rebuilt {
            rendered: run.rendered,
            pages: run.pages,
            elapsed: run.elapsed,
            timings: run.timings,
            warnings: run.warnings,
            next_embargo: run.next_embargo,
            changes,
        })
    }
}

/// A whole site rendered into memory, search index included.
pub struct MemorySite {
    pub files: SiteFiles,
    pub pages: PageCounts,
    /// Warnings found on the way.
    pub diagnostics: Diagnostics,
}

/// Builds the site without touching the disk (`output` is ignored).
pub fn build_in_memory(options: &BuildOptions) -> Result<MemorySite, Diagnostics> {
    let mut preview = Preview::with_search(options, Search::Inline);
    let report = preview.rebuild(None)?;
    Ok(MemorySite {
        files: preview.files,
        pages: report.pages,
        diagnostics: report.warnings,
    })
}
