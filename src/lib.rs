//! gloss: a static site generator for annotated news explainers.
//!
//! A build runs four stages, each taking the previous one's output by reference:
//!
//! 1. [`load`]: read `site.yaml` and every file under `content/`, decode front matter.
//! 2. [`resolve`]: URLs, slugs, collisions, annotations against entities.
//! 3. [`render`]: Markdown with mentions, then every page through Tera, in parallel.
//! 4. [`write`]: pages stream into a staging folder that replaces the output at the end.
//!
//! Every stage pushes problems into one [`Diagnostics`] collector; the run fails
//! once, at the end of the first stage that found an error, with all of them.

pub mod diagnostics;
pub mod explain;
pub mod fault;
pub mod fsutil;
pub mod incremental;
pub mod links;
pub mod load;
pub mod matcher;
pub mod model;
pub mod progress;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod text;
pub mod urls;
pub mod theme;
pub mod write;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

pub use diagnostics::{Code, Diagnostic, Diagnostics, Severity};
use model::Site;
use progress::{Progress, Stopwatch};
use render::PageCounts;
use theme::{StaticFile, Theme};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `output_dir` of site.yaml; relative to the current folder.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
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
            progress: false,
            force: false,
        }
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: PageCounts,
    pub static_files: usize,
    /// Files of the search index under `search/`.
    pub search_files: usize,
    pub elapsed: Duration,
    /// Warnings found on the way.
    pub diagnostics: Diagnostics,
    /// Wall time of each stage.
    pub timings: Stopwatch,
}

/// The loaded, resolved and body-rendered site: what `build` and `check` share.
struct Prepared {
    site: Site,
    theme: Theme,
    statics: Vec<(String, StaticFile)>,
    text: render::SiteText,
}

fn prepare(
    root: &Path,
    drafts: bool,
    base_url: Option<&str>,
    diags: &mut Diagnostics,
    clock: &mut Stopwatch,
) -> Option<Prepared> {
    let loaded = load::load(root, base_url, diags);
    clock.lap("load");
    let site = resolve::resolve(&loaded, drafts, diags);
    let theme = Theme::load(root, diags);
    let statics = theme::static_files(root, diags);
    clock.lap("resolve");
    // Bodies are rendered even after an error so that `@slug` mistakes are
    // reported in the same run.
    let text = render::SiteText {
        entities: Arc::new(render::texts::entity_texts(&site.entities)),
        bodies: render::render_bodies(&site, &|_| None, diags),
    };
    clock.lap("match");
    if diags.has_errors() {
        return None;
    }
    Some(Prepared {
        site,
        theme: theme?,
        statics,
        text,
    })
}

/// Builds the site into its output folder, replacing it only if every page rendered.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let mut diags = Diagnostics::new();
    let mut clock = Stopwatch::default();
    let Some(prepared) = prepare(
        &options.root,
        options.drafts,
        options.base_url.as_deref(),
        &mut diags,
        &mut clock,
    ) else {
        return Err(diags.sorted());
    };
    let output = match &options.output {
        Some(dir) => dir.clone(),
        None => options.root.join(&prepared.site.config.output_dir),
    };
    let output = match write::check_output(&options.root, &output, options.force) {
        Ok(path) => path,
        Err(diagnostic) => {
            diags.push(*diagnostic);
            return Err(diags.sorted());
        }
    };
    let staging = match write::Staging::new(&output) {
        Ok(staging) => staging,
        Err(err) => {
            diags.push(Diagnostic::error(
                Code::CannotWrite,
                output.clone(),
                format!("cannot create a staging folder beside the output: {err}"),
            ));
            return Err(diags.sorted());
        }
    };
    let progress = Progress::new(options.progress);
    let sink = |rel: &str, bytes: &[u8]| staging.write(rel, bytes);
    // The search index builds on a thread of its own while the pages render.
    let search = prepared.site.config.search && !diags.has_errors();
    let (pages, search) = std::thread::scope(|scope| {
        let index = search.then(|| {
            let job = render::search::SearchJob::new(&prepared.site, &prepared.text);
            scope.spawn(|| job.run())
        });
        let pages = render::render_site(
            &prepared.site,
            &prepared.theme,
            &prepared.text,
            &sink,
            &progress,
            &mut diags,
        );
        progress.finish();
        clock.lap("render");
        let search = index.map(|handle| {
            handle
                .join()
                .unwrap_or_else(|_| Err("the search indexer stopped unexpectedly".into()))
        });
        (pages, search)
    });
    let mut search_files = 0;
    match search {
        Some(Ok(files)) if !diags.has_errors() => {
            for (name, bytes) in &files {
                if let Err(err) = sink(name, bytes) {
                    diags.push(Diagnostic::error(
                        Code::CannotWrite,
                        name.clone(),
                        format!("cannot write: {err}"),
                    ));
                }
            }
            search_files = files.len();
        }
        Some(Err(err)) => diags.push(search_failed(&err)),
        _ => {}
    }
    clock.lap("search");
    // Every page is in the staging folder by now: a static file of the same
    // name would replace it.
    diags.extend(theme::static_collisions(
        theme::site_static_names(&prepared.statics),
        |name| staging.contains(name),
    ));
    if diags.has_errors() {
        return Err(diags.sorted());
    }
    let static_files = copy_static(&prepared.statics, &staging, &mut diags);
    if diags.has_errors() {
        // Dropping the staging folder removes it; the old output is untouched.
        return Err(diags.sorted());
    }
    if let Err(err) = staging.commit() {
        diags.push(Diagnostic::error(
            Code::CannotWrite,
            output.clone(),
            format!("cannot replace the output folder: {err}"),
        ));
        return Err(diags.sorted());
    }
    clock.lap("write");
    diags.sort();
    Ok(BuildReport {
        output,
        pages,
        static_files,
        search_files,
        elapsed: started.elapsed(),
        diagnostics: diags,
        timings: clock,
    })
}

fn search_failed(err: &str) -> Diagnostic {
    Diagnostic::error(
        Code::Internal,
        urls::SEARCH_FOLDER,
        format!("internal error while building the search index: {err}"),
    )
    .with_help("this is a bug in gloss: please report it; nothing was written")
}

/// A built site in memory: path inside the site (`articles/x/index.html`) -> bytes.
pub type SiteFiles = rustc_hash::FxHashMap<Arc<str>, Arc<[u8]>>;

/// A whole site rendered into memory, for `serve`: path inside the site -> bytes.
pub struct MemorySite {
    pub files: SiteFiles,
    pub pages: PageCounts,
    /// Warnings found on the way.
    pub diagnostics: Diagnostics,
}

/// Builds the site without touching the disk (`output` is ignored).
pub fn build_in_memory(options: &BuildOptions) -> Result<MemorySite, Diagnostics> {
    let mut engine = incremental::Incremental::new(options.clone());
    let report = engine.rebuild(None)?;
    if let Some(job) = engine.take_search_job() {
        match job.run() {
            Ok(files) => engine.add_files(files),
            Err(err) => return Err(Diagnostics::from_one(search_failed(&err))),
        }
    }
    Ok(MemorySite {
        files: engine.into_files(),
        pages: report.pages,
        diagnostics: report.warnings,
    })
}

fn copy_static(
    files: &[(String, StaticFile)],
    staging: &write::Staging,
    diags: &mut Diagnostics,
) -> usize {
    let errors: Vec<Diagnostic> = files
        .par_iter()
        .filter_map(|(name, file)| {
            let result = match file {
                StaticFile::Builtin(bytes) => staging.write(name, bytes),
                StaticFile::Site(path) => staging.copy(name, path),
            };
            result.err().map(|err| {
                Diagnostic::error(
                    Code::CannotWrite,
                    Path::new("static").join(name),
                    format!("cannot copy: {err}"),
                )
            })
        })
        .collect();
    diags.extend(errors);
    files.len()
}

#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub root: PathBuf,
    /// Warnings count as errors.
    pub strict: bool,
    pub drafts: bool,
}

#[derive(Debug)]
pub struct CheckReport {
    pub pages: PageCounts,
    pub diagnostics: Diagnostics,
}

/// Everything `build` does except writing, plus a warning for every known entity
/// named in an article without being annotated.
pub fn check(options: &CheckOptions) -> Result<CheckReport, Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut clock = Stopwatch::default();
    let Some(prepared) = prepare(&options.root, options.drafts, None, &mut diags, &mut clock)
    else {
        return Err(diags.sorted());
    };
    let written = std::sync::Mutex::new(rustc_hash::FxHashSet::default());
    let sink = |rel: &str, _: &[u8]| {
        written.lock().unwrap().insert(rel.to_string());
        Ok(())
    };
    let pages = render::render_site(
        &prepared.site,
        &prepared.theme,
        &prepared.text,
        &sink,
        &Progress::hidden(),
        &mut diags,
    );
    let written = written.into_inner().unwrap();
    diags.extend(theme::static_collisions(
        theme::site_static_names(&prepared.statics),
        |name| written.contains(name),
    ));
    for (article, body) in prepared.site.articles.iter().zip(&prepared.text.bodies) {
        for found in &body.unannotated {
            let entity = &prepared.site.entities[found.entity];
            let name = &article.file.text[found.span.clone()];
            diags.push(
                Diagnostic::warning(
                    Code::NotAnnotated,
                    &article.file.path,
                    format!(
                        "`{name}` names the entity `{}` but is not annotated",
                        entity.slug
                    ),
                )
                .at(&article.file, found.span.clone())
                .with_label("known entity")
                .with_help(format!(
                    "add `- {}` to this article's `annotations:`",
                    entity.slug
                )),
            );
        }
    }
    if options.strict {
        diags.promote_warnings();
    }
    if diags.has_errors() {
        return Err(diags.sorted());
    }
    diags.sort();
    Ok(CheckReport {
        pages,
        diagnostics: diags,
    })
}
