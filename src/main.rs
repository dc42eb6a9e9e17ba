//! The `gloss` command: parse arguments, call the library, map the result to an
//! exit status (0 success, 1 content or template errors, 2 usage errors).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use gloss::{BuildOptions, CheckOptions, Diagnostics, ScaffoldError, ServeOptions};
use std::net::IpAddr;

/// A build allocates and frees millions of small strings and template
/// values across threads; mimalloc's per-thread heaps do that in a fraction
/// of the time the system allocator takes (a quarter of the CPU time of a
/// 10,000-article build went to glibc malloc/free before).
/// Counting wraps it so that a page's render can be held to its memory
/// budget (`render_limits` in site.yaml).
#[global_allocator]
static ALLOCATOR: gloss::CountingAllocator<mimalloc::MiMalloc> =
    gloss::CountingAllocator(mimalloc::MiMalloc);

#[derive(Parser)]
#[command(
    name = "gloss",
    version,
    about = "A static site generator for annotated news explainers"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (default `public/`).
    Build {
        /// The site folder (holding `content/` and optionally `site.yaml`).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Write the site here instead of `output_dir` from site.yaml.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override `base_url` from site.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// Also build articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Also build articles dated after now (embargoed), for a preview.
        #[arg(long)]
        future: bool,
        /// Print the wall time of each stage.
        #[arg(long)]
        timings: bool,
        /// Replace the output folder even if gloss did not write it.
        #[arg(long)]
        force: bool,
    },
    /// Build into memory, serve on loopback, rebuild on change and reload open pages.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; anything but loopback makes the preview visible to others.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Also show articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Also show articles dated after now (embargoed).
        #[arg(long)]
        future: bool,
    },
    /// Create a new article or entity file.
    New {
        #[command(subcommand)]
        what: NewCommand,
        #[arg(long, default_value = ".", global = true)]
        root: PathBuf,
    },
    /// Create a new site in DIR (which must be new or empty).
    Init { dir: PathBuf },
    /// Explain an error code such as G0102: what it means, a wrong and a right example, the fix.
    Explain {
        /// The code printed with the error, e.g. `G0102`.
        code: String,
    },
    /// Serve the Language Server Protocol over stdin and stdout, for an editor.
    Lsp {
        /// The site folder (default: the folder the editor opened, else the current one).
        #[arg(long)]
        root: Option<PathBuf>,
        /// Accepted for editors that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Check the site without writing anything; also warns about names of known entities left unannotated.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// Also check articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Also check articles dated after now (embargoed).
        #[arg(long)]
        future: bool,
        /// Print only when the next embargo lifts (RFC 3339), or nothing
        /// when no article waits: for a job that schedules the next build.
        #[arg(long)]
        next_publish: bool,
        /// List, per edition, every article and entity not yet translated
        /// (without it, a site in several languages gets their counts).
        #[arg(long)]
        untranslated: bool,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// `content/articles/SLUG.md`, a draft dated today; with `--lang`, in that
    /// edition, and with `--translation-of`, a translation of an article.
    Article {
        /// The title; a translation starts with its original's when left out.
        #[arg(required_unless_present = "translation_of")]
        title: Option<String>,
        /// The file name (and so the URL) instead of one made from the title.
        #[arg(long)]
        slug: Option<String>,
        /// The edition (a language of `languages:` in site.yaml, not the default).
        #[arg(long)]
        lang: Option<String>,
        /// The slug of the article of the default edition this translates.
        #[arg(long, requires = "lang")]
        translation_of: Option<String>,
    },
    /// `content/entities/SLUG.md`.
    Entity {
        name: String,
        #[arg(long, value_parser = ["person", "organization", "place", "event", "other"])]
        kind: String,
        /// The file name (and so the slug) instead of one made from the name.
        #[arg(long)]
        slug: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            future,
            timings,
            force,
        } => {
            let options = BuildOptions {
                root,
                output,
                base_url,
                drafts,
                future,
                progress: true,
                force,
            };
            build_command(&options, timings, color)
        }
        Command::Serve {
            root,
            port,
            bind,
            drafts,
            future,
        } => serve_command(&ServeOptions {
            root,
            bind,
            port,
            drafts,
            future,
        }),
        Command::New { what, root } => new_command(what, &root),
        Command::Init { dir } => init_command(&dir),
        Command::Explain { code } => explain_command(&code),
        Command::Lsp { root, stdio: _ } => lsp_command(gloss::LspOptions { root }),
        Command::Check {
            root,
            strict,
            drafts,
            future,
            next_publish,
            untranslated,
        } => check_command(
            &CheckOptions {
                root,
                strict,
                drafts,
                future,
            },
            (next_publish, untranslated),
            color,
        ),
    }
}

/// `gloss build`: builds the site and prints what it wrote (and, with
/// `--timings`, how long each stage took).
fn build_command(options: &BuildOptions, timings: bool, color: bool) -> ExitCode {
    if let Err(err) = gloss::clean_up_on_signals() {
        eprintln!("warning: cannot catch Ctrl-C ({err}); an interrupted build leaves its staging folder until the next build");
    }
    // A panic is caught where a page, a file or the run is worked
    // on and comes back as an error (G0504), never as an abort.
    match gloss::build(options) {
        Ok(report) => {
            print_diagnostics(&report.diagnostics, color);
            let p = &report.pages;
            println!(
                "Built {} files into {} in {:.2} s: {} articles, {} entity pages, {} tag pages, {} lists, {} entity feeds, {}{} other; {} static files, {} search files",
                p.total(),
                report.output.display(),
                report.elapsed.as_secs_f64(),
                p.articles,
                p.entities,
                p.tags,
                p.lists,
                p.feeds,
                match p.redirects {
                    0 => String::new(),
                    n => format!("{n} redirects, "),
                },
                p.other,
                report.static_files,
                report.search_files,
            );
            if let Some(embargo) = &report.next_embargo {
                println!("{embargo}");
            }
            if timings {
                for lap in &report.timings.stages {
                    let peak = (lap.peak_memory)
                        .map(|bytes| format!("  peak {:>6} MiB", bytes >> 20))
                        .unwrap_or_default();
                    println!(
                        "  {:<12} {:>8.3} s{peak}",
                        lap.stage,
                        lap.time.as_secs_f64()
                    );
                }
            }
            ExitCode::SUCCESS
        }
        Err(diags) => failed(&diags, "build", color),
    }
}

/// `gloss serve`: serves the preview until it is stopped or fails.
fn serve_command(options: &ServeOptions) -> ExitCode {
    match gloss::serve(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(1)
        }
    }
}

/// `gloss new article|entity`: writes one new content file.
fn new_command(what: NewCommand, root: &Path) -> ExitCode {
    let result = match what {
        NewCommand::Article {
            title,
            slug,
            lang,
            translation_of,
        } => new_article(root, title, slug, lang, translation_of),
        NewCommand::Entity { name, kind, slug } => {
            gloss::new_entity(root, &name, &kind, slug.as_deref())
        }
    };
    scaffold_result(result.map(|path| vec![path]))
}

/// `gloss new article`: an article of the default edition, of another
/// edition (`--lang`), or a translation (`--translation-of`, which clap
/// lets through only with `--lang`; a title is required without it).
fn new_article(
    root: &Path,
    title: Option<String>,
    slug: Option<String>,
    lang: Option<String>,
    translation_of: Option<String>,
) -> Result<PathBuf, ScaffoldError> {
    let today = chrono::Local::now().date_naive();
    match (lang, translation_of) {
        (Some(lang), Some(of)) => gloss::new_translation(
            root,
            &gloss::NewTranslation {
                lang: &lang,
                of: &of,
                title: title.as_deref(),
                slug: slug.as_deref(),
            },
        ),
        (Some(lang), None) => gloss::new_article_in(
            root,
            &lang,
            &title.unwrap_or_default(),
            slug.as_deref(),
            today,
        ),
        (None, _) => gloss::new_article(root, &title.unwrap_or_default(), slug.as_deref(), today),
    }
}

/// `gloss init`: creates a new site in `dir`.
fn init_command(dir: &Path) -> ExitCode {
    let result = gloss::init(dir);
    if result.is_ok() {
        println!(
            "Created a new site in {0}; preview it with `gloss serve --root {0}`",
            dir.display()
        );
    }
    scaffold_result(result)
}

/// `gloss lsp`: serves an editor until it says `exit`.
fn lsp_command(options: gloss::LspOptions) -> ExitCode {
    match gloss::lsp(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(1)
        }
    }
}

/// `gloss explain`: prints the page for an error code.
fn explain_command(code: &str) -> ExitCode {
    match gloss::explanation(code) {
        Some(page) => {
            print!("{page}");
            ExitCode::SUCCESS
        }
        None => {
            eprintln!(
                "error: no error code `{code}`; the codes are {}",
                gloss::codes().join(", ")
            );
            ExitCode::from(2)
        }
    }
}

/// `gloss check`: checks the site without writing it.
/// `gloss check`; `next_publish` prints only the next embargo, and
/// `untranslated` lists each edition's backlog in full.
fn check_command(
    options: &CheckOptions,
    (next_publish, untranslated): (bool, bool),
    color: bool,
) -> ExitCode {
    match gloss::check(options) {
        Ok(report) if next_publish => {
            if let Some(embargo) = &report.next_embargo {
                println!("{}", embargo.until.to_rfc3339());
            }
            ExitCode::SUCCESS
        }
        Ok(report) => {
            print_diagnostics(&report.diagnostics, color);
            println!(
                "Checked {} pages: no errors, {} warnings",
                report.pages.total(),
                report.diagnostics.warning_count()
            );
            if let Some(embargo) = &report.next_embargo {
                println!("{embargo}");
            }
            print_untranslated(&report.untranslated, untranslated);
            ExitCode::SUCCESS
        }
        Err(diags) => failed(&diags, "check", color),
    }
}

/// Each edition's untranslated articles and entities: counts, or with
/// `full` every file.
fn print_untranslated(editions: &[gloss::Untranslated], full: bool) {
    if editions.is_empty() {
        return;
    }
    println!("Not yet translated:");
    for e in editions {
        println!(
            "  {}: {} of {} articles, {} of {} entities",
            e.lang,
            e.articles.len(),
            e.of_articles,
            e.entities.len(),
            e.of_entities
        );
        if full {
            for path in e.articles.iter().chain(&e.entities) {
                println!("    {}", path.display());
            }
        }
    }
    let backlog = editions
        .iter()
        .any(|e| !e.articles.is_empty() || !e.entities.is_empty());
    if backlog && !full {
        println!("List them with `gloss check --untranslated`.");
    }
}

fn scaffold_result(result: Result<Vec<PathBuf>, ScaffoldError>) -> ExitCode {
    match result {
        Ok(paths) => {
            for path in paths {
                println!("Wrote {}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(1)
        }
    }
}

fn print_diagnostics(diags: &Diagnostics, color: bool) {
    for diagnostic in diags.iter() {
        eprint!("{}", diagnostic.render(color));
    }
    if let Some(first) = diags.iter().next() {
        eprintln!(
            "For what a code means, with an example and the fix, run `gloss explain {}`.",
            first.code
        );
    }
}

fn failed(diags: &Diagnostics, what: &str, color: bool) -> ExitCode {
    print_diagnostics(diags, color);
    eprintln!(
        "{what} failed: {} error{}, {} warning{}; nothing was written",
        diags.error_count(),
        if diags.error_count() == 1 { "" } else { "s" },
        diags.warning_count(),
        if diags.warning_count() == 1 { "" } else { "s" },
    );
    ExitCode::from(1)
}
