//! The site kept up to date edit after edit: the engine of `gloss serve`.
//! Each rebuild runs the one pipeline with its memory, so it reads, renders
//! and writes only what a change touched; the result is the same, byte for
//! byte, as a build from scratch. The files go to the preview's own folder
//! on disk (`folder.rs`), and only their names stay in memory. A failed
//! rebuild leaves the last good site as it was.

mod folder;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::pipeline::BuildOptions;
use crate::pipeline::{Pipeline, Search};
use crate::progress::{Progress, Stopwatch};
use crate::render::search::SearchJob;
use crate::render::PageCounts;
use crate::write::Memory;

pub use folder::{PreviewFolder, FOLDER};

/// A built site in memory: path inside the site (`articles/x/index.html`) -> bytes.
pub type SiteFiles = rustc_hash::FxHashMap<Arc<str>, Arc<[u8]>>;

/// The names of a built site's files (`articles/x/index.html`), whose bytes
/// are in the preview's folder.
pub type SiteIndex = rustc_hash::FxHashSet<Arc<str>>;

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

/// How [`Preview::files`] changed in one rebuild: a copy of the index that
/// takes out `removed` and takes in `written` is the same.
#[derive(Debug, Default)]
pub struct FileChanges {
    /// The files written (new or with new bytes).
    pub written: Vec<Arc<str>>,
    /// The files the site no longer has.
    pub removed: Vec<Arc<str>>,
}

pub struct Preview {
    pipeline: Pipeline,
    root: PathBuf,
    /// Made by the first rebuild, so that making the preview cannot fail.
    folder: Option<Arc<PreviewFolder>>,
    files: SiteIndex,
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
    /// A preview of the site at `options.root`, its files kept in a folder
    /// of its own under the site's [`FOLDER`]; the search index is left to
    /// the caller ([`Preview::take_search_job`]).
    pub fn new(options: &BuildOptions) -> Self {
        Preview {
            pipeline: Pipeline::new(options.pipeline(Search::Deferred, true)),
            root: options.root.clone(),
            folder: None,
            files: SiteIndex::default(),
            gone: Default::default(),
            search: None,
            names: Vec::new(),
            exact: false,
        }
    }

    /// The files of the last good site, by name; [`Preview::read`] gives
    /// their bytes.
    pub fn files(&self) -> &SiteIndex {
        &self.files
    }

    /// The bytes of `file` in the last good site (`articles/x/index.html`),
    /// `None` if the site has no such file.
    pub fn read(&self, file: &str) -> Option<Vec<u8>> {
        let folder = self.folder.as_ref()?;
        self.files.get(file)?;
        folder.read(file).ok()
    }

    /// The folder the files are in, once the first rebuild has made it.
    pub(crate) fn folder(&self) -> Option<&Arc<PreviewFolder>> {
        self.folder.as_ref()
    }

    /// Removes the preview's folder; rebuilds after this fail.
    pub(crate) fn close(&self) -> std::io::Result<()> {
        self.folder.as_ref().map_or(Ok(()), |folder| folder.close())
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

    /// The preview's folder, made on first use, and made again when it
    /// went with a site folder replaced under the preview.
    fn open_folder(&mut self) -> Result<Arc<PreviewFolder>, Diagnostics> {
        if let Some(folder) = &self.folder {
            if folder.is_closed() {
                let stopping = std::io::Error::other("the preview is stopping");
                return Err(Diagnostics::from_one(cannot_keep(folder.site(), &stopping)));
            }
            if folder.is_intact() {
                return Ok(Arc::clone(folder));
            }
            // The files went with it: this run writes every one again
            // into a new folder, and the names the site no longer has are
            // taken out of the index as usual.
            self.pipeline.reset();
            self.exact = false;
        }
        let folder = PreviewFolder::create(&self.root)
            .map(Arc::new)
            .map_err(|e| Diagnostics::from_one(cannot_keep(&self.root.join(FOLDER), &e)))?;
        self.folder = Some(Arc::clone(&folder));
        Ok(folder)
    }

    /// Rebuilds after `changed` paths (all of them when `None`). On error the
    /// last good site is kept and the diagnostics say why.
    pub fn rebuild(&mut self, changed: Option<&[PathBuf]>) -> Result<Rebuilt, Diagnostics> {
        let folder = self.open_folder()?;
        // Before the first good build nothing is served: its files go
        // straight into place.
        let in_place = self.files.is_empty();
        let open = |_: &crate::model::SiteConfig| Ok(folder.stage(in_place));
        let (mut run, staged) = self.pipeline.run(changed, open, &Progress::hidden())?;
        let written = staged.commit().map_err(|e| {
            // Some files may be in place and others not: the next rebuild
            // writes every file again.
            self.pipeline.reset();
            Diagnostics::from_one(cannot_keep(folder.site(), &e))
        })?;
        // Pages and files the site no longer has go; the search index is
        // kept apart by the caller (`take_search_job`). A save mostly
        // leaves the names as they were: comparing the two lists in order
        // is cheaper than a lookup for every file of a large site.
        let mut changes = FileChanges::default();
        if !(self.exact && run.files == self.names) {
            let current: rustc_hash::FxHashSet<&str> = run.files.iter().map(|f| &**f).collect();
            self.files.retain(|name| {
                let keep = current.contains(&**name);
                if !keep {
                    changes.removed.push(Arc::clone(name));
                }
                keep
            });
        }
        folder.remove(&changes.removed);
        self.files.extend(written.iter().cloned());
        changes.written = written;
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

/// The preview could not write its own folder.
fn cannot_keep(folder: &Path, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Code::CannotWrite,
        folder,
        format!("cannot keep the preview's files: {err}"),
    )
    .with_help(format!(
        "the preview keeps the site it builds in `{FOLDER}/` in the site folder: \
         check that the disk has room and that the folder is writable"
    ))
}

/// A whole site rendered into memory, search index included.
pub struct MemorySite {
    pub files: SiteFiles,
    pub pages: PageCounts,
    /// Warnings found on the way.
    pub diagnostics: Diagnostics,
}

/// Builds the site, search index included, without touching the disk
/// (`output` is ignored): for tests and benchmarks, whose sites are small.
pub fn build_in_memory(options: &BuildOptions) -> Result<MemorySite, Diagnostics> {
    let mut pipeline = Pipeline::new(options.pipeline(Search::Inline, true));
    let open = |_: &crate::model::SiteConfig| Ok(Memory::default());
    let (run, written) = pipeline.run(None, open, &Progress::hidden())?;
    Ok(MemorySite {
        files: written.into_files().into_iter().collect(),
        pages: run.pages,
        diagnostics: run.warnings,
    })
}
