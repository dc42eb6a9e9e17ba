//! gloss: a static site generator for annotated news explainers.
//!
//! The library offers the operations of the command line, each with its
//! options and report: [`build`], [`check`], [`serve()`] (and [`Preview`], its
//! engine), [`lsp()`], [`init`], [`new_article`], [`new_entity`] and [`explanation`].
//! Every problem they find is a [`Diagnostic`] with a [`Code`].
//!
//! Inside, one pipeline runs load -> resolve -> render -> write for all of
//! them; `docs/architecture.md` is the map.

mod budget;
mod diagnostics;
mod editions;
mod explain;
mod fault;
mod fsutil;
mod in_place;
mod interrupt;
mod lang;
mod links;
mod load;
mod lsp;
mod matcher;
mod model;
mod pictures;
mod pipeline;
mod preview;
mod progress;
mod published;
mod render;
mod resolve;
mod scaffold;
mod serve;
mod spill;
mod text;
mod theme;
mod urls;
mod write;

#[doc(hidden)]
pub mod internals;

use std::path::PathBuf;
use std::time::{Duration, Instant};

pub use budget::Counting as CountingAllocator;
pub use diagnostics::{Code, Diagnostic, Diagnostics, Related, Severity, SourceFile};
pub use editions::Untranslated;
pub use explain::{codes, explanation};
pub use lsp::{lsp, LspError, LspOptions};
pub use preview::{build_in_memory, MemorySite, Preview, Rebuilt, SiteFiles, SiteIndex};
pub use progress::Stopwatch;
pub use render::PageCounts;
pub use scaffold::{
    file_slug, init, new_article, new_article_in, new_entity, new_translation, NewTranslation,
    ScaffoldError,
};
pub use serve::{serve, ServeError, ServeOptions};
pub use write::MARKER as OUTPUT_MARKER;

pub use model::Embargo;
pub use pipeline::BuildOptions;

use pipeline::{Pipeline, PipelineOptions, Search};
use progress::Progress;

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
    /// When the next embargoed article is due, if any waits.
    pub next_embargo: Option<Embargo>,
}

/// From now on, SIGINT (Ctrl-C) and SIGTERM during [`build`] remove the
/// staging folder beside the output and end the process with status 130 or
/// 143 (128 + the signal), the output folder as it was. It installs a
/// handler for the whole process: for the `gloss build` command, not for a
/// program that handles its own signals.
pub fn clean_up_on_signals() -> std::io::Result<()> {
    interrupt::clean_up_on_signals()
}

/// Builds the site into its output folder, replacing it only if every page rendered.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let mut pipeline_options = options.pipeline(Search::Inline, false);
    // A preview with drafts or embargoed articles publishes nothing: it
    // must not record their URLs.
    pipeline_options.keep_record = !options.drafts && !options.future;
    let mut pipeline = Pipeline::new(pipeline_options);
    let mut output_dir = PathBuf::new();
    let open = |config: &model::SiteConfig| {
        let wanted = match &options.output {
            Some(dir) => dir.clone(),
            None => options.root.join(&config.output_dir),
        };
        output_dir = write::check_output(&options.root, &wanted, options.force)?;
        write::Staging::new(&output_dir).map_err(|err| {
            Box::new(Diagnostic::error(
                Code::CannotWrite,
                output_dir.clone(),
                format!("cannot create a staging folder beside the output: {err}"),
            ))
        })
    };
    let progress = Progress::new(options.progress);
    let (run, staging) = pipeline.run(None, open, &progress)?;
    // Dropping the staging folder on error removes it; the old output is untouched.
    let mut timings = run.timings;
    if let Some(record) = &run.record {
        let path = options.root.join(load::record::RECORD_FILE);
        if let Err(err) = write::replace_file(&path, record.as_bytes()) {
            return Err(Diagnostics::from_one(Diagnostic::error(
                Code::CannotWrite,
                load::record::RECORD_FILE,
                format!("cannot write the record of published URLs: {err}; nothing was published"),
            )));
        }
    }
    if let Err(err) = staging.commit() {
        return Err(Diagnostics::from_one(Diagnostic::error(
            Code::CannotWrite,
            output_dir,
            format!("cannot replace the output folder: {err}"),
        )));
    }
    timings.lap("swap");
    Ok(BuildReport {
        output: output_dir,
        pages: run.pages,
        static_files: run.static_files,
        search_files: run.search_files,
        elapsed: started.elapsed(),
        diagnostics: run.warnings,
        timings,
        next_embargo: run.next_embargo,
    })
}

#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub root: PathBuf,
    /// Warnings count as errors.
    pub strict: bool,
    pub drafts: bool,
    /// Also check articles dated after the build time (`--future`).
    pub future: bool,
}

#[derive(Debug)]
pub struct CheckReport {
    pub pages: PageCounts,
    pub diagnostics: Diagnostics,
    /// When the next embargoed article is due, if any waits.
    pub next_embargo: Option<Embargo>,
    /// Per edition after the default, what is not translated yet.
    pub untranslated: Vec<Untranslated>,
}

/// Everything `build` does except writing, plus a warning for every known entity
/// named in an article without being annotated.
pub fn check(options: &CheckOptions) -> Result<CheckReport, Diagnostics> {
    let mut pipeline = Pipeline::new(PipelineOptions {
        root: options.root.clone(),
        base_url: None,
        publish: pipeline::Publish {
            drafts: options.drafts,
            future: options.future,
        },
        search: Search::Off,
        incremental: false,
        texts_on_disk: true,
        unannotated: true,
        keep_record: false,
    });
    let (run, _) = pipeline.run(None, |_| Ok(write::Discard), &Progress::hidden())?;
    let mut diags = run.warnings;
    if options.strict && !diags.is_empty() {
        diags.promote_warnings();
        return Err(diags);
    }
    Ok(CheckReport {
        next_embargo: run.next_embargo,
        pages: run.pages,
        diagnostics: diags,
        untranslated: run.untranslated,
    })
}
