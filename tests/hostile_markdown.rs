//! Markdown that makes naive parsers quadratic: CommonMark's pathological
//! suite (cmark's `test/pathological_tests.py`) and known quadratic repros,
//! each through the whole article pipeline (front matter, matcher, sentences,
//! page render) of a site with entities to match. Time is measured, not
//! asserted against a wall clock alone: a doubling test checks the growth.

mod common;
use common::*;
use std::time::{Duration, Instant};

/// Timed tests run one at a time, so one does not slow the other.
static TIMING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// What one pathological body may take: a second in an optimized build.
/// An unoptimized one (`cargo test`) runs the same work several times
/// slower; the slowest cases take 0.8 to 1.1 s there on a 2-core machine,
/// so its limit leaves room for a busy machine. Growth, the real danger,
/// is what the doubling test below checks.
const LIMIT: Duration = if cfg!(debug_assertions) {
    Duration::from_secs(2)
} else {
    Duration::from_secs(1)
};

/// The largest body gloss accepts (1 MiB), less room for the front matter.
const MAX: usize = (1 << 20) - 64;

fn cases() -> Vec<(&'static str, String)> {
    let rep = |s: &str, n: usize| s.repeat(n);
    // Cases longer than the cap are cut to it (the cap itself is tested below).
    let fit = |s: &str, n: usize| s.repeat(n.min(MAX / s.len()));
    let cut = |mut s: String| {
        s.truncate(MAX);
        s
    };
    vec![
        (
            "nested emphasis",
            rep("*a **a ", 32_500) + "b" + &rep(" a** a*", 32_500),
        ),
        ("emphasis closers without openers", rep("a_ ", 65_000)),
        ("emphasis openers without closers", rep("_a ", 65_000)),
        ("link closers without openers", rep("a]", 65_000)),
        ("link openers without closers", rep("[a", 65_000)),
        ("mismatched openers and closers", rep("*a_ ", 50_000)),
        (
            "openers and closers multiple of 3",
            "a**b".to_string() + &rep("c* ", 50_000),
        ),
        ("link openers and emphasis closers", rep("[ a_", 50_000)),
        ("pattern [ (]( repeated", rep("[ (](", 80_000)),
        ("pattern ![[]() repeated", fit("![[]()", 160_000)),
        (
            "nested brackets",
            rep("[", 25_000) + "a" + &rep("]", 25_000),
        ),
        ("nested block quotes", rep(">", 25_000) + "a"),
        ("block quote markers", rep("> ", 100_000)),
        (
            "deeply nested lists",
            (0..1000).map(|x| "  ".repeat(x) + "* a\n").collect(),
        ),
        ("U+0000 in input", rep("abc\u{0}de\u{0}", 1000)),
        (
            "backticks",
            cut((1..5000)
                .map(|x| "e".to_string() + &"`".repeat(x))
                .collect()),
        ),
        ("unclosed links A", rep("[a](<b", 30_000)),
        ("unclosed links B", rep("[a](b", 30_000)),
        (
            "unclosed <!--",
            cut("</".to_string() + &rep("<!--", 300_000)),
        ),
        ("many <", rep("<", 80_000)),
        ("many <>", rep("<>", 40_000)),
        ("nested inlines", rep("*", 20_000) + "a" + &rep("*", 20_000)),
        ("many html openers", rep("<a>", 30_000)),
        (
            "html openers then stray closers",
            rep("<span>", 15_000) + &rep("</b>", 15_000),
        ),
        (
            "html blocks left open around paragraphs",
            rep("<div>\n\nHamas <em>said\n\n", 10_000),
        ),
        (
            "table with 100,000 columns",
            format!(
                "{}\n{}\n{}\n",
                rep("|a", 100_000),
                rep("|-", 100_000),
                rep("|b", 100_000)
            ),
        ),
        ("footnote definitions", rep("[^1]:\n", 10_000) + "x[^1]"),
        (
            "many references",
            (1..20_000)
                .map(|x| format!("[{x}]: u\n"))
                .collect::<String>()
                + &rep("[0] ", 1200),
        ),
        (
            "names everywhere",
            rep(
                "Hamas met Blinken in Egypt about Gaza and the ceasefire. ",
                15_000,
            ),
        ),
    ]
}

fn site_with(body: &str) -> TestSite {
    site_with_copies(body, 1)
}

/// `copies` articles with the same body, so that per-article work outweighs
/// the fixed cost of a build when bodies are small.
fn site_with_copies(body: &str, copies: usize) -> TestSite {
    // The search index is left out: it is measured in benches/compare.sh;
    // the subject here is the Markdown parser, the matcher, the sentences
    // and the page.
    let mut site = TestSite::new()
        .file("site.yaml", "search: false\n")
        .entity("hamas", "Hamas", "organization", &[])
        .entity("antony-blinken", "Antony Blinken", "person", &["Blinken"])
        .entity("egypt", "Egypt", "place", &[])
        .entity("gaza", "Gaza", "place", &["Gaza Strip"]);
    for i in 0..copies {
        site = site.file(
            &format!("content/articles/x{i}.md"),
            &format!(
                "---\ntitle: X\ndate: 2024-09-19\nannotations: [hamas, antony-blinken, egypt, gaza, {{ term: ceasefire, definition: A pause. }}]\n---\n{body}"
            ),
        );
    }
    site
}

/// Whole-pipeline time for one body, in memory (disk writes are not the
/// subject here).
fn time(body: &str) -> Duration {
    time_copies(body, 1)
}

fn time_copies(body: &str, copies: usize) -> Duration {
    let site = site_with_copies(body, copies);
    let options = site.options();
    let started = Instant::now();
    let result = gloss::build_in_memory(&options);
    let took = started.elapsed();
    if let Err(diags) = result {
        // Some inputs are refused with an error; that is fine, a panic is not.
        assert!(diags.error_count() > 0);
    }
    took
}

#[test]
fn every_pathological_input_builds_in_under_a_second() {
    let _alone = TIMING.lock().unwrap_or_else(|e| e.into_inner());
    let mut slow = Vec::new();
    for (name, body) in cases() {
        assert!(body.len() <= MAX, "{name}: {} bytes", body.len());
        let took = time(&body);
        eprintln!("{name:<40} {:>8} bytes {took:>10.2?}", body.len());
        if took > LIMIT {
            slow.push(format!("{name}: {took:?}"));
        }
    }
    assert!(slow.is_empty(), "over {LIMIT:?}: {slow:#?}");
}

#[test]
fn a_body_over_the_cap_is_refused_at_once() {
    let body = "<!--".repeat(300_000);
    let site = site_with(&body);
    let started = Instant::now();
    let errors = site.build_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    only(&errors, "G0112");
}

/// Time per byte may not grow 2.5x when the input doubles: each seed is
/// repeated to 1, 2, 4 and 8 KiB, built as 32 articles so that body work
/// outweighs the fixed cost of a build, and every step's ratio is checked.
#[test]
fn time_per_byte_stays_flat_as_input_doubles() {
    let _alone = TIMING.lock().unwrap_or_else(|e| e.into_inner());
    let seeds = [
        "*a **a ",
        "[a",
        "a]",
        "> ",
        "<!--",
        "<",
        "[^1]:\n",
        "|a",
        "Hamas met Blinken in Egypt. ",
        "[ (](",
    ];
    for seed in seeds {
        let per_byte: Vec<f64> = [1usize, 2, 4, 8]
            .iter()
            .map(|kib| {
                let body = seed.repeat(kib * 1024 / seed.len() + 1);
                // Best of three runs: the least disturbed by the machine.
                let best = (0..3).map(|_| time_copies(&body, 32)).min().unwrap();
                best.as_secs_f64() / body.len() as f64
            })
            .collect();
        for pair in per_byte.windows(2) {
            let growth = pair[1] / pair[0];
            assert!(
                growth < 2.5,
                "{seed:?}: time per byte grew {growth:.2}x on doubling ({per_byte:?})"
            );
        }
    }
}
