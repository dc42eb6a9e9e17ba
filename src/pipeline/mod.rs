//! The one staged run behind `build`, `check` and `serve`:
//!
//! 1. load ([`sources`]): site.yaml, templates, static files, content files;
//! 2. resolve ([`resolved`]): references checked, the [`Site`] assembled;
//! 3. render: all Markdown, then every page through its template, in
//!    parallel, each page handed to the [`Output`] as soon as it is done,
//!    with the search index built beside the pages;
//! 4. write: feeds, static files, the search index.
//!
//! A [`Pipeline`] remembers what each stage produced. `serve` keeps one for
//! the whole session, so a rebuild reads, resolves, renders and writes only
//! what a change touched ([`written`] knows what the last run wrote); `build`
//! and `check` use a fresh one. Whatever the history, the output is the same,
//! byte for byte, as a run from scratch.

mod resolved;
mod sources;
mod written;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::editions;
use crate::model::{Embargo, Site, SiteConfig};
use crate::pictures;
use crate::progress::{Progress, Stopwatch};
use crate::published;
use crate::render::lists::ListMemory;
use crate::render::search::{IndexMemory, SearchJob};
use crate::render::{self, PageCounts, Plan, SiteText};
use crate::spill::Spill;
use crate::text::hash_of;
use crate::theme::{self, StaticFile, Theme};
use crate::urls;
use crate::write::{InFolder, Output};
pub use resolved::Publish;
use resolved::{ResolveCache, TextCache, Texts};
use sources::{SourceCache, Sources, Statics};
use written::{Changes, WrittenCache};

/// When the search index is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Search {
    /// Not at all (`check`).
    Off,
    /// Beside the pages, written with them (`build`).
    Inline,
    /// By the caller, from the job in [`Run::search`] (`serve`, where a save
    /// shows at once and the index follows).
    Deferred,
}

/// How one pipeline runs, as the command that owns it sets it up.
#[derive(Debug, Clone)]
pub struct PipelineOptions {
    pub root: PathBuf,
    /// Overrides `base_url` of site.yaml.
    pub base_url: Option<String>,
    pub publish: Publish,
    pub search: Search,
    /// Remember what each stage produced, so the next run redoes only what
    /// changed (`serve`). A one-off run drops the documents once resolved
    /// and does not fingerprint its pages.
    pub incremental: bool,
    /// Keep the articles' bodies, Markdown and HTML, in temporary files
    /// rather than in memory (`build` and `serve`). The editor server keeps
    /// them in memory: it reads an article again at every keystroke, and
    /// each reading would add to the files.
    pub texts_on_disk: bool,
    /// Warn of known entities named but not annotated (`check`).
    pub unannotated: bool,
    /// Make the next text of the record of published URLs (`build`, when
    /// it publishes neither drafts nor embargoed articles).
    pub keep_record: bool,
}

/// What `build`, and the preview of `serve`, are asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `output_dir` of site.yaml; relative to the current folder.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Also build articles dated after the build time (`--future`).
    pub future: bool,
    /// Show a progress bar on a terminal when the build is slow.
    pub progress: bool,
    /// Replace an output folder that gloss did not write (`--force`).
    pub force: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            future: false,
            progress: false,
            force: false,
        }
    }

    pub(crate) fn pipeline(&self, search: Search, incremental: bool) -> PipelineOptions {
        PipelineOptions {
            root: self.root.clone(),
            base_url: self.base_url.clone(),
            publish: Publish {
                drafts: self.drafts,
                future: self.future,
            },
            search,
            incremental,
            texts_on_disk: true,
            unannotated: false,
            keep_record: false,
        }
    }
}

/// What a successful run did.
pub struct Run {
    /// Every page of the site, by kind.
    pub pages: PageCounts,
    /// Files written this time (pages and feeds; the others were unchanged).
    pub rendered: usize,
    /// Static files written this time.
    pub static_files: usize,
    /// Search files written this time (with [`Search::Inline`]).
    pub search_files: usize,
    /// The index to build, with [`Search::Deferred`], when the text changed.
    pub search: Option<SearchJob>,
    /// Every file the site now has, whether written this time or before.
    pub files: Vec<Arc<str>>,
    pub warnings: Diagnostics,
    pub timings: Stopwatch,
    pub elapsed: Duration,
    pub next_embargo: Option<Embargo>,
    /// The record of published URLs to write, when it changed (with
    /// [`PipelineOptions::keep_record`]).
    pub record: Option<String>,
    /// The files of the addresses of `gone:`, answered with 410.
    pub gone: Vec<Arc<str>>,
    /// What each edition after the default lacks; empty in one language.
    pub untranslated: Vec<editions::Untranslated>,
}

/// What the stages up to the pages found ([`Pipeline::check_text`]).
pub struct TextRun {
    pub site: Site,
    pub text: SiteText,
    /// Sorted by file and position.
    pub diagnostics: Diagnostics,
}

/// How many files of each sort one run wrote.
#[derive(Default)]
struct Written {
    rendered: usize,
    static_files: usize,
    search_files: usize,
}

impl std::ops::AddAssign for Written {
    fn add_assign(&mut self, other: Written) {
        self.rendered += other.rendered;
        self.static_files += other.static_files;
        self.search_files += other.search_files;
    }
}

pub struct Pipeline {
    options: PipelineOptions,
    sources: SourceCache,
    /// The memory of each edition's later stages, the default first.
    editions: Vec<EditionCache>,
    /// What the last load found each edition lacks.
    untranslated: Vec<editions::Untranslated>,
    /// The other editions' entities as last made.
    translated: editions::Memory,
}

/// What one edition's resolve, render and write produced last time.
#[derive(Default)]
struct EditionCache {
    resolved: ResolveCache,
    text: TextCache,
    written: WrittenCache,
    /// What each picture file held when last read, and the pictures each
    /// article body named.
    pictures: pictures::Memory,
    /// The words of each document of the last search index.
    search: Arc<Mutex<IndexMemory>>,
    /// The lists of explainers of the last plan.
    lists: ListMemory,
}

/// One edition, resolved and with its Markdown rendered.
struct Edition {
    site: Site,
    text: SiteText,
    /// The settings and names every page of it depends on.
    base: u64,
}

/// Stops the run with every problem found so far when one is an error.
fn stop_on_errors(diags: &mut Diagnostics) -> Result<(), Diagnostics> {
    if diags.has_errors() {
        return Err(std::mem::take(diags).sorted());
    }
    Ok(())
}

impl Pipeline {
    pub fn new(options: PipelineOptions) -> Self {
        // The articles' Markdown bodies wait on disk from their read to
        // their render, and their HTML after it.
        let spill = options.texts_on_disk.then(|| Spill::new().ok()).flatten();
        let sources = match spill {
            Some(spill) => SourceCache::spilling(&options.root, Arc::new(spill)),
            None => SourceCache::new(&options.root),
        };
        Pipeline {
            sources,
            editions: Vec::new(),
            untranslated: Vec::new(),
            translated: editions::Memory::default(),
            options,
        }
    }

    /// Runs every stage after `changed` paths (all of them when `None`).
    /// `open` makes the output once the settings are known and the site has
    /// no error. On error nothing is remembered, and the diagnostics say why.
    pub fn run<O: Output>(
        &mut self,
        changed: Option<&[PathBuf]>,
        open: impl FnOnce(&SiteConfig) -> Result<O, Box<Diagnostic>>,
        progress: &Progress,
    ) -> Result<(Run, O), Diagnostics> {
        let run = crate::fault::isolate("site", || self.run_stages(changed, open, progress));
        run.unwrap_or_else(|error| {
            // What was remembered may be half updated: start afresh next time.
            self.reset();
            Err(Diagnostics::from_one(*error))
        })
    }

    fn run_stages<O: Output>(
        &mut self,
        changed: Option<&[PathBuf]>,
        open: impl FnOnce(&SiteConfig) -> Result<O, Box<Diagnostic>>,
        progress: &Progress,
    ) -> Result<(Run, O), Diagnostics> {
        let started = Instant::now();
        let mut clock = Stopwatch::default();
        let mut diags = Diagnostics::new();
        let (sources, editions) = self.text_stages(changed, &mut diags, &mut clock);
        let Some(theme) = sources.theme.clone() else {
            return Err(diags.sorted());
        };
        stop_on_errors(&mut diags)?;
        let mut plans: Vec<Plan> = (editions.iter().zip(&mut self.editions))
            .map(|(e, cache)| Plan::new(&e.site, &e.text, &mut cache.lists))
            .collect();
        if plans.len() > 1 {
            let sitemaps = (editions.iter().zip(&plans))
                .map(|(e, plan)| plan.sitemap_parts(&e.site))
                .collect();
            plans[0].agg.sitemaps = sitemaps;
        }
        clock.lap("lists");
        // Each page's file, named once for the list of files and the
        // fingerprints both.
        let outputs: Vec<Vec<Arc<str>>> = (editions.iter().zip(&plans).zip(&self.editions))
            .map(|((e, plan), cache)| cache.written.outputs(&e.site, plan, e.base))
            .collect();
        let mut files = Vec::new();
        for ((edition, plan), pages) in editions.iter().zip(&plans).zip(&outputs) {
            files.extend(site_files(
                (&edition.site, &edition.text, plan),
                pages,
                &sources,
                &mut diags,
            ));
        }
        clock.lap("files");
        let record = self.check_published(&sources, &editions, &plans, &mut diags);
        clock.lap("published");
        stop_on_errors(&mut diags)?;
        let output = open(&editions[0].site.config).map_err(|d| Diagnostics::from_one(*d))?;
        let mut written = Written::default();
        let mut search: Option<SearchJob> = None;
        for (e, (edition, plan)) in editions.iter().zip(&plans).enumerate() {
            let cx = (&edition.site, &*theme, &edition.text, plan);
            let cache = &self.editions[e];
            let changes = (cache.written).changes(
                cx,
                (edition.base, &outputs[e]),
                (&sources.statics, &edition.text.pictures),
                self.options.incremental,
            );
            clock.lap("fingerprints");
            let folder = InFolder {
                output: &output,
                folder: folder_of(&edition.site.config),
            };
            let statics = (e == 0).then_some(&sources.statics);
            written += self.write(cx, &changes, statics, &folder, progress, &mut clock)?;
            if self.options.search == Search::Deferred && changes.search {
                let job = SearchJob::new(&edition.site, &edition.text).remembering(&cache.search);
                search = Some(match search {
                    Some(first) => first.and(job),
                    None => job,
                });
            }
            self.editions[e].written.update(changes);
        }
        diags.sort();
        let pages = plans.iter().map(Plan::counts).sum();
        if self.options.incremental {
            for ((plan, edition), cache) in plans.into_iter().zip(&editions).zip(&mut self.editions)
            {
                plan.remember(&edition.site, &edition.text, &mut cache.lists);
            }
        }
        let run = Run {
            pages,
            rendered: written.rendered,
            static_files: written.static_files,
            search_files: written.search_files,
            search,
            files,
            warnings: diags,
            timings: clock,
            elapsed: started.elapsed(),
            next_embargo: editions_embargo(&editions),
            record,
            gone: editions.iter().flat_map(gone_files).collect(),
            untranslated: self.untranslated.clone(),
        };
        Ok((run, output))
    }

    /// Each edition's Markdown, rendered. Bodies are rendered even after an
    /// error so that `@slug` mistakes are reported in the same run.
    fn render_text(
        &mut self,
        sites: Vec<Site>,
        theme: Option<&Theme>,
        diags: &mut Diagnostics,
        clock: &mut Stopwatch,
    ) -> Vec<Edition> {
        let mut editions = Vec::with_capacity(sites.len());
        let root = &self.options.root;
        let texts = Texts {
            on_disk: self.options.texts_on_disk,
            kept: self.options.incremental,
        };
        for (site, cache) in sites.into_iter().zip(&mut self.editions) {
            let pictures = Arc::new(pictures::find(&site, root, &cache.pictures, diags));
            clock.lap("pictures");
            // Settings, names, pictures and shortcodes: what every body and
            // page depends on.
            let base = hash_of(&(
                format!("{:?}", site.config),
                site.names_version,
                pictures.digest,
                theme.map(Theme::shortcodes_version),
            ));
            let text = (cache.text).render(&site, base, (&pictures, theme), texts, diags);
            clock.lap("match");
            if self.options.unannotated {
                warn_unannotated(&site, &text, diags);
            }
            editions.push(Edition { site, text, base });
        }
        editions
    }

    /// The stages every page depends on: load, resolve, and all Markdown
    /// rendered (which finds the mentions), with the articles' templates
    /// checked; one site per edition, the default first.
    fn text_stages(
        &mut self,
        changed: Option<&[PathBuf]>,
        diags: &mut Diagnostics,
        clock: &mut Stopwatch,
    ) -> (Sources, Vec<Edition>) {
        let (sources, sites) = self.load_and_resolve(changed, diags, clock);
        let editions = self.render_text(sites, sources.theme.as_deref(), diags, clock);
        if let Some(theme) = &sources.theme {
            for edition in &editions {
                render::check_templates(&edition.site, theme, diags);
            }
        }
        (sources, editions)
    }

    /// The stages up to the pages, for an editor (`gloss lsp`), which must
    /// answer within a keystroke: what they find in every edition, with the
    /// default edition's site and rendered Markdown to answer questions
    /// from. A later [`Pipeline::run`] finds the rest (the pages' problems)
    /// from the same memory.
    pub fn check_text(&mut self, changed: Option<&[PathBuf]>) -> Result<TextRun, Diagnostics> {
        let run = crate::fault::isolate("site", || {
            let mut diags = Diagnostics::new();
            let mut clock = Stopwatch::default();
            let (_, mut editions) = self.text_stages(changed, &mut diags, &mut clock);
            diags.sort();
            let first = editions.swap_remove(0);
            TextRun {
                site: first.site,
                text: first.text,
                diagnostics: diags,
            }
        });
        run.map_err(|error| {
            self.reset();
            Diagnostics::from_one(*error)
        })
    }

    /// Reads text from `text` instead of the file at `path` from now on (an
    /// editor's unsaved buffer), or from the disk again when `None`.
    pub fn set_overlay(&mut self, path: &std::path::Path, text: Option<Arc<str>>) {
        self.sources.set_overlay(path, text);
    }

    /// Forgets what was remembered, which may be half updated after a
    /// panic or after its output failed; the overlay stays.
    pub fn reset(&mut self) {
        self.sources.reset();
        self.editions = Vec::new();
        self.translated = editions::Memory::default();
    }

    /// Checks the old addresses and the record of published URLs against
    /// the pages; returns the record's next text when the run keeps it and
    /// it changed. A site with neither pays nothing.
    fn check_published(
        &self,
        sources: &Sources,
        editions: &[Edition],
        plans: &[Plan],
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let record = sources.loaded.record.as_deref();
        let moves = published::Moves::new(editions.iter().map(|e| &e.site));
        if record.is_none() && moves.is_empty() && !self.options.keep_record {
            return None;
        }
        let mut pages = published::Pages::new(&editions[0].site, &plans[0]);
        for (edition, plan) in editions.iter().zip(plans).skip(1) {
            pages.extend(published::Pages::new(&edition.site, plan));
        }
        published::check_moves(&moves, &pages, diags);
        if let Some(record) = record {
            published::check_record(record, &moves, &pages, diags);
        }
        let keep = self.options.keep_record && !diags.has_errors();
        keep.then(|| published::next_record(record, &moves, &pages))
            .flatten()
    }

    /// The load and resolve stages: one site per edition, the default first.
    fn load_and_resolve(
        &mut self,
        changed: Option<&[PathBuf]>,
        diags: &mut Diagnostics,
        clock: &mut Stopwatch,
    ) -> (Sources, Vec<Site>) {
        self.sources.invalidate(changed);
        let mut sources = self.sources.load(self.options.base_url.as_deref(), diags);
        clock.lap("load");
        let publish = self.options.publish;
        let now = sources.loaded.config.build_time();
        let published = |doc: &crate::load::ArticleDoc| {
            (publish.drafts || !doc.meta.draft)
                && (publish.future || doc.meta.date.is_none_or(|d| d.value <= now))
        };
        let memory = &mut self.translated;
        let mut split = editions::split(&sources.loaded, published, memory, diags);
        self.untranslated = std::mem::take(&mut split.untranslated);
        if self.editions.len() != split.editions.len() {
            self.editions = split
                .editions
                .iter()
                .map(|_| EditionCache::default())
                .collect();
        }
        let mut sites = Vec::with_capacity(split.editions.len());
        for (loaded, cache) in split.editions.iter().zip(&mut self.editions) {
            let mut site = cache
                .resolved
                .resolve(loaded, publish, self.options.incremental, diags);
            site.translations = Arc::clone(&split.translations);
            sites.push(site);
        }
        if !self.options.incremental {
            // No later run will ask for the documents: they go before the
            // pages render, which need the memory more.
            drop(split);
            sources.loaded.articles = Vec::new();
            sources.loaded.entities = Vec::new();
            sources.loaded.entity_translations = Vec::new();
            self.sources = SourceCache::new(&self.options.root);
            for cache in &mut self.editions {
                cache.resolved = ResolveCache::default();
            }
            self.translated = editions::Memory::default();
        }
        if let Some(record) = sources.loaded.record.as_deref() {
            for site in &mut sites {
                published::keep_old_slugs(record, site);
            }
        }
        let others: String = (sites.iter().skip(1))
            .map(render::redirects::edition_rules)
            .collect();
        if !others.is_empty() {
            sites[0].edition_rules = Some(others.into());
        }
        clock.lap("resolve");
        (sources, sites)
    }

    /// Renders and writes what changed: pages (with the search index beside
    /// them), feeds, then static files.
    fn write(
        &self,
        (site, theme, text, plan): (&Site, &Theme, &SiteText, &Plan),
        changes: &Changes,
        statics: Option<&Statics>,
        output: &dyn Output,
        progress: &Progress,
        clock: &mut Stopwatch,
    ) -> Result<Written, Diagnostics> {
        progress.set_total((changes.pages.len() + changes.feeds.len()) as u64);
        let inline = self.options.search == Search::Inline && changes.search;
        let (errors, search) = std::thread::scope(|scope| {
            let index = inline.then(|| {
                let job = SearchJob::new(site, text).in_own_folder();
                scope.spawn(move || SearchFiles::write(job, statics, output))
            });
            let errors = render::render_pages(
                &changes.pages,
                plan,
                site,
                theme,
                text,
                &ToOutput(output),
                progress,
            );
            let search = index.map(|handle| {
                handle.join().unwrap_or_else(|_| SearchFiles {
                    failed: Some("the search indexer stopped unexpectedly".into()),
                    ..SearchFiles::default()
                })
            });
            (errors, search.unwrap_or_default())
        });
        let mut diags = Diagnostics::new();
        diags.extend(errors);
        stop_on_errors(&mut diags)?;
        clock.lap("render");
        for feed in &changes.feeds {
            for (path, bytes) in render::feed_files(feed, site, plan) {
                let file = urls::output_file(&path);
                if let Err(err) = output.write(&file, &bytes) {
                    diags.push(render::cannot_write(&file, &err));
                }
            }
            progress.inc();
        }
        progress.finish();
        let search_files = search.written;
        diags.extend(search.problems(statics));
        clock.lap("search");
        let static_files = match statics {
            Some(statics) if changes.statics => copy_static(statics, output, &mut diags),
            _ => 0,
        };
        stop_on_errors(&mut diags)?;
        clock.lap("write");
        let cache = pictures::Cache::new(&self.options.root);
        diags.extend(pictures::produce(
            &changes.pictures,
            &cache,
            &|file, made| match made {
                pictures::Made::Bytes(bytes) => output.write(file, bytes),
                pictures::Made::Cached(path) => output.share(file, path),
            },
        ));
        stop_on_errors(&mut diags)?;
        clock.lap("pictures");
        Ok(Written {
            rendered: changes.pages.len() + changes.feeds.len(),
            static_files,
            search_files,
        })
    }
}

/// The output as the renderers see it.
struct ToOutput<'a>(&'a dyn Output);

impl render::Sink for ToOutput<'_> {
    fn write(&self, file: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.0.write(file, bytes)
    }

    fn write_parts(
        &self,
        file: &str,
        parts: &mut dyn Iterator<Item = Vec<u8>>,
    ) -> std::io::Result<()> {
        self.0.write_parts(file, parts)
    }
}

/// Every file of the site but the search index: pages, feeds and static
/// files. A static file of the site's with the path of a page or feed is
/// reported.
fn site_files(
    (site, text, plan): (&Site, &SiteText, &Plan),
    pages: &[Arc<str>],
    sources: &Sources,
    diags: &mut Diagnostics,
) -> Vec<Arc<str>> {
    let folder = folder_of(&site.config);
    let in_folder = |file: Arc<str>| match folder.as_str() {
        "" => file,
        folder => Arc::from(format!("{folder}{file}")),
    };
    let pages = pages.iter().map(|file| in_folder(Arc::clone(file)));
    let feeds = (render::FEEDS.iter())
        .flat_map(|f| render::feed_paths(f, site, plan))
        .map(|path| in_folder(Arc::from(urls::output_file(&path))));
    let pictures = (text.pictures.pictures.iter())
        .flat_map(|picture| picture.files())
        .map(|(file, _, _)| in_folder(Arc::from(file)));
    let mut files: Vec<Arc<str>> = pages.chain(feeds).chain(pictures).collect();
    // The site's static files are few, the pages many: the pages are
    // looked up among the static files, not the other way round.
    let site_statics: rustc_hash::FxHashSet<&str> = (sources.statics.iter())
        .filter(|(_, f)| matches!(f, StaticFile::Site(_)))
        .map(|(name, _)| name.as_str())
        .collect();
    if !site_statics.is_empty() {
        let taken: rustc_hash::FxHashSet<&str> = (files.iter())
            .filter_map(|file| site_statics.get(&**file).copied())
            .collect();
        diags.extend(static_collisions(&sources.statics, |name| {
            taken.contains(name)
        }));
    }
    if site.config.edition == 0 {
        let statics = sources
            .statics
            .iter()
            .map(|(name, _)| Arc::from(name.as_str()));
        files.extend(statics);
    }
    files
}

/// A file of the site's `static/` with the path of a file gloss writes would
/// silently replace it: an error instead, reported against the static file.
fn static_collisions(statics: &Statics, is_written: impl Fn(&str) -> bool) -> Vec<Diagnostic> {
    let site_statics = statics
        .iter()
        .filter(|(_, f)| matches!(f, StaticFile::Site(_)));
    let names = site_statics.map(|(name, _)| name.as_str());
    theme::static_collisions(names.filter(|name| is_written(name)))
}

/// The search index, written file by file as the indexer makes it.
#[derive(Default)]
struct SearchFiles {
    written: usize,
    /// Files of the index that a static file of the site's has the path of:
    /// not written, and reported.
    collisions: Vec<String>,
    errors: Vec<Diagnostic>,
    failed: Option<String>,
}

impl SearchFiles {
    fn write(job: SearchJob, statics: Option<&Statics>, output: &dyn Output) -> SearchFiles {
        let mut files = SearchFiles::default();
        let statics: rustc_hash::FxHashSet<&str> = (statics.iter().flat_map(|s| s.iter()))
            .map(|(name, _)| name.as_str())
            .collect();
        let result = job.run(&mut |file, bytes| {
            if statics.contains(file.as_str()) {
                files.collisions.push(file);
            } else if let Err(err) = output.write(&file, &bytes) {
                files.errors.push(render::cannot_write(&file, &err));
            } else {
                files.written += 1;
            }
        });
        files.failed = result.err();
        files
    }

    /// What went wrong, as diagnostics.
    fn problems(self, statics: Option<&Statics>) -> Vec<Diagnostic> {
        let mut problems = self.errors;
        if let Some(statics) = statics {
            let collided = |name: &str| self.collisions.iter().any(|c| c == name);
            problems.extend(static_collisions(statics, collided));
        }
        problems.extend(self.failed.as_deref().map(search_failed));
        problems
    }
}

fn copy_static(
    files: &[(String, StaticFile)],
    output: &dyn Output,
    diags: &mut Diagnostics,
) -> usize {
    let errors: Vec<Diagnostic> = files
        .par_iter()
        .filter_map(|(name, file)| {
            let result = match file {
                StaticFile::Builtin(bytes) => output.write(name, bytes),
                StaticFile::Site(path) => output.copy(name, path),
            };
            let shown = std::path::Path::new("static").join(name);
            result.err().map(|err| {
                Diagnostic::error(Code::CannotWrite, shown, format!("cannot copy: {err}"))
            })
        })
        .collect();
    diags.extend(errors);
    files.len()
}

fn search_failed(err: &str) -> Diagnostic {
    Diagnostic::error(
        Code::Internal,
        urls::SEARCH_FOLDER,
        format!("internal error while building the search index: {err}"),
    )
    .with_help("this is a bug in gloss: please report it; nothing was written")
}

/// The folder of an edition's files in the output: `` for the default
/// edition, `ar/` for the others.
fn folder_of(config: &SiteConfig) -> String {
    let prefix = config.prefix_of(config.edition);
    match prefix.strip_prefix('/') {
        Some(tag) => format!("{tag}/"),
        None => String::new(),
    }
}

/// The files of an edition's `gone:` addresses, in its folder.
fn gone_files(edition: &Edition) -> impl Iterator<Item = Arc<str>> + '_ {
    let folder = folder_of(&edition.site.config);
    (edition.site.gone.iter())
        .map(move |g| Arc::from(format!("{folder}{}", urls::output_file(&g.value))))
}

/// The next embargo to lift in any edition.
fn editions_embargo(editions: &[Edition]) -> Option<Embargo> {
    let mut all = editions.iter().filter_map(|e| e.site.next_embargo.clone());
    let first = all.next()?;
    Some(all.fold(first, |soonest, next| Embargo {
        until: soonest.until.min(next.until),
        waiting: soonest.waiting + next.waiting,
        previewed: soonest.previewed,
    }))
}

/// `check`: a warning for every known entity named in an article without
/// being annotated.
fn warn_unannotated(site: &Site, text: &SiteText, diags: &mut Diagnostics) {
    for (article, body) in site.articles.iter().zip(&text.bodies) {
        if body.unannotated.is_empty() {
            continue;
        }
        let file = match article.whole_file() {
            Ok(file) => file,
            Err(unreadable) => {
                diags.push(*unreadable);
                continue;
            }
        };
        for found in &body.unannotated {
            let entity = &site.entities[found.entity];
            let name = &file.text[found.span.clone()];
            diags.push(
                Diagnostic::warning(
                    Code::NotAnnotated,
                    &article.file.path,
                    format!(
                        "`{name}` names the entity `{}` but is not annotated",
                        entity.slug
                    ),
                )
                .at(&file, found.span.clone())
                .with_label("known entity")
                .with_help(format!(
                    "add `- {}` to this article's `annotations:`",
                    entity.slug
                )),
            );
        }
    }
}

/// The load stage alone, for benchmarks: how many documents the site has.
pub(crate) fn load(root: &std::path::Path, diags: &mut Diagnostics) -> usize {
    let sources = SourceCache::new(root).load(None, diags);
    sources.loaded.articles.len() + sources.loaded.entities.len()
}

/// The site's documents as they are on disk, whatever they hold wrong: for
/// `gloss new` to find an original.
pub(crate) fn loaded(root: &std::path::Path) -> crate::load::Loaded {
    SourceCache::new(root)
        .load(None, &mut Diagnostics::new())
        .loaded
}

/// The stages before the pages, for benchmarks: the resolved site, its
/// rendered Markdown and the templates.
pub(crate) fn prepare(root: &std::path::Path) -> Result<(Site, SiteText, Arc<Theme>), Diagnostics> {
    let mut diags = Diagnostics::new();
    let sources = SourceCache::new(root).load(None, &mut diags);
    let publish = Publish::default();
    let site = ResolveCache::default().resolve(&sources.loaded, publish, false, &mut diags);
    let memory = pictures::Memory::default();
    let pictures = Arc::new(pictures::find(&site, root, &memory, &mut diags));
    let theme = sources.theme.as_deref();
    let base = hash_of(&(
        format!("{:?}", site.config),
        site.names_version,
        pictures.digest,
        theme.map(Theme::shortcodes_version),
    ));
    let texts = Texts {
        on_disk: false,
        kept: false,
    };
    let text = TextCache::default().render(&site, base, (&pictures, theme), texts, &mut diags);
    stop_on_errors(&mut diags)?;
    let theme = sources.theme.ok_or_else(|| diags.clone())?;
    Ok((site, text, theme))
}
