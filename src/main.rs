//! The `gloss` command: parse arguments, call the library, map the result to an
//! exit status (0 success, 1 content or template errors, 2 usage errors).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use gloss::{BuildOptions, CheckOptions, Diagnostics};

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
        /// Print the wall time of each stage (load, resolve, match, render, write).
        #[arg(long)]
        timings: bool,
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
            timings,
        } => {
            let options = BuildOptions {
                root,
                output,
                base_url,
                drafts,
                progress: true,
            };
            match gloss::build(&options) {
                Ok(report) => {
                    print_diagnostics(&report.diagnostics, color);
                    let p = &report.pages;
                    println!(
                        "Built {} pages into {} in {:.2} s: {} articles, {} entity pages, {} tag pages, {} lists, {} other; {} static files",
                        p.total(),
                        report.output.display(),
                        report.elapsed.as_secs_f64(),
                        p.articles,
                        p.entities,
                        p.tags,
                        p.lists,
                        p.other,
                        report.static_files,
                    );
                    if timings {
                        for (stage, time) in &report.timings.stages {
                            println!("  {stage:<8} {:>8.3} s", time.as_secs_f64());
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(diags) => failed(&diags, "build", color),
            }
        }
        Command::Check {
            root,
            strict,
            drafts,
        } => {
            let options = CheckOptions {
                root,
                strict,
                drafts,
            };
            match gloss::check(&options) {
                Ok(report) => {
                    print_diagnostics(&report.diagnostics, color);
                    println!(
                        "Checked {} pages: no errors, {} warnings",
                        report.pages.total(),
                        report.diagnostics.warning_count()
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => failed(&diags, "check", color),
            }
        }
    }
}

fn print_diagnostics(diags: &Diagnostics, color: bool) {
    for diagnostic in diags.iter() {
        eprint!("{}", diagnostic.render(color));
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
