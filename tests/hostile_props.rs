//! SPEC section 8 under hostile input, as properties: whatever the front
//! matter, body or `site.yaml`, a build never panics, never takes more than a
//! second on one input, and when it succeeds every `href` and `src` it wrote
//! has an allowed scheme. Failing builds are fine: they are how bad input is
//! refused.
//!
//! These are the properties the cargo-fuzz targets in `fuzz/` check, run here
//! with generators biased toward what breaks things (entity names, every link
//! syntax, raw HTML, odd spellings of `javascript:`, YAML anchors) and through
//! the same sandbox, so the ordinary test suite keeps them. Inputs the fuzzers
//! found are replayed from `tests/fixtures/fuzz-regressions/`.

#[path = "../fuzz/src/harness.rs"]
mod harness;
#[path = "../fuzz/src/urls.rs"]
mod urls;

use std::cell::RefCell;
use std::path::Path;
use std::time::{Duration, Instant};

use harness::{Outcome, Sandbox};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// The fuzzers' `-timeout=1`. Debug builds of gloss run several times slower
/// than the fuzzers' optimized ones, so they get more room; a pathological
/// input (quadratic matching, an alias bomb) still blows through it.
const LIMIT: Duration = if cfg!(debug_assertions) {
    Duration::from_secs(4)
} else {
    Duration::from_secs(1)
};

/// Each case is a whole site build; these counts keep the file near 20 s in a
/// debug build on two cores.
const CASES: u32 = 400;

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: CASES,
        // Cases worth keeping become fixtures under fuzz-regressions/.
        failure_persistence: None,
        ..Config::default()
    })
}

/// Runs `strategy` through one sandbox, timing each case.
fn check<S: Strategy>(strategy: S, run: impl Fn(&mut Sandbox, &S::Value) -> Outcome)
where
    S::Value: std::fmt::Debug,
{
    let sandbox = RefCell::new(Sandbox::new());
    let result = runner().run(&strategy, |input| {
        let started = Instant::now();
        let outcome = run(&mut sandbox.borrow_mut(), &input);
        if std::env::var_os("HOSTILE_STATS").is_some() {
            eprintln!("{outcome:?}");
        }
        let took = started.elapsed();
        prop_assert!(took < LIMIT, "one input took {took:?}");
        Ok(())
    });
    if let Err(err) = result {
        panic!("{err}");
    }
}

// ---- generators ----

const NAMES: &[&str] = &[
    "Antony Blinken",
    "Blinken",
    "the secretary",
    "Hamas",
    "Hamas's leaders",
    "Hamas’s",
    "Islamic Resistance Movement",
    "U.N.",
    "U.N. General Assembly",
    "General Assembly",
    "United Nations",
    "Gaza",
    "Gaza Strip",
    "Lebanon",
    "pager explosions",
    "cease-fire",
    "cease\u{2011}fire",
    "ceasefire",
];

const SLUGS: &[&str] = &[
    "antony-blinken",
    "hamas",
    "united-nations",
    "un-general-assembly",
    "gaza-strip",
    "lebanon",
    "pager-explosions",
    "no-such-entity",
    "",
];

/// Schemes a page may carry, and relative starts.
const SAFE_SCHEMES: &[&str] = &[
    "https://", "http://", "HTTPS://", "mailto:", "/", "//", "#", "?", "", "./", "../",
];

/// Spellings of a refused scheme a browser reads as one, and near misses it does not.
const HOSTILE_SCHEMES: &[&str] = &[
    "javascript:",
    "JaVaScRiPt:",
    "&#106;avascript:",
    "&#x6A;avascript:",
    "&#0000106avascript:",
    "java\tscript:",
    "java&#9;script:",
    "java&Tab;script:",
    "jav&#x0A;ascript:",
    " javascript:",
    "\u{1}javascript:",
    "javascript&colon;",
    "%6Aavascript:",
    "vbscript:",
    "data:text/html,",
    "data:image/svg+xml,",
    "file:",
    "java script:",
    "@",
];

const PAYLOADS: &[&str] = &[
    "alert(1)",
    "alert(1)//",
    "example.org/a",
    "a@b.example",
    "",
    "hamas",
    "x\"onmouseover=alert(1)",
    "%0aalert(1)",
    "//%0aalert(1)",
    "&#x3C;script&#x3E;",
];

fn pick(list: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::sample::select(list).prop_map(str::to_string)
}

/// Mostly allowed URLs, so that most builds succeed and the URL property has
/// pages to judge; the hostile ones are there to be refused or caught.
fn url() -> BoxedStrategy<String> {
    let scheme = prop_oneof![8 => pick(SAFE_SCHEMES), 1 => pick(HOSTILE_SCHEMES)];
    (scheme, pick(PAYLOADS))
        .prop_map(|(s, p)| format!("{s}{p}"))
        .boxed()
}

fn name() -> BoxedStrategy<String> {
    prop_oneof![
        4 => pick(NAMES),
        1 => "[a-zA-Z .'’-]{0,12}",
        1 => any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ]
    .boxed()
}

/// One piece of Markdown, biased toward links and raw HTML.
fn piece() -> BoxedStrategy<String> {
    let plain = pick(&[
        "and",
        "the",
        ".",
        ",",
        "'s",
        "’s",
        " ",
        "\n",
        "\n\n",
        "# ",
        "## ",
        "> ",
        "- ",
        "1. ",
        "`",
        "```\n",
        "*",
        "_",
        "~~",
        "|",
        "| a | b |\n|---|---|\n",
        "[^1]",
        "\n\n[^1]: ",
        "\\",
        "&amp;",
        "&",
        "<",
        ">",
        "\"",
        "'",
        "](",
        "[",
        "]",
        "(",
        ")",
        "<!--",
        "-->",
    ]);
    let link = (name(), url(), pick(SLUGS)).prop_flat_map(|(text, url, slug)| {
        proptest::sample::select(vec![
            format!("[{text}]({url})"),
            format!("[{text}](<{url}>)"),
            format!("[{text}]({url} \"t\")"),
            format!("![{text}]({url})"),
            format!("[![{text}]({url})]({url})"),
            format!("<{url}>"),
            format!("[{text}][r]\n\n[r]: {url}\n"),
            format!("[{text}](@{slug})"),
            format!("[{text} [nested]({url})](@{slug})"),
            format!("<a href=\"{url}\">{text}</a>"),
            format!("<a href={url}>{text}</a>"),
            format!("<A HREF='{url}'>"),
            format!("<img src=\"{url}\">"),
            format!("<img\nsrc=\"{url}\">"),
            format!("<iframe src='{url}'></iframe>"),
            format!("<svg><a xlink:href=\"{url}\"><text>{text}</text></a></svg>"),
            format!("<div>\n<a href=\"{url}\">\n</div>"),
            // An attribute opened in raw HTML and closed by the markup gloss
            // writes: a browser reads the two as one tag.
            format!("<iframe title=\"\n\n[{text}](/src={url}//)"),
            format!("<div title='\n\n`'/src={url}//`"),
            format!("<iframe title=\"\n\n{text}"),
        ])
    });
    prop_oneof![
        3 => pick(NAMES),
        4 => plain,
        2 => link,
        1 => any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
    .boxed()
}

fn body() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..12).prop_map(|pieces| pieces.concat())
}

/// A YAML scalar as written after `key: `, in the forms YAML allows.
fn scalar(value: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    (value, 0..5u8).prop_map(|(v, form)| match form {
        0 => v.replace('\n', " "),
        1 => format!("{v:?}"),
        2 => format!("'{}'", v.replace('\'', "''").replace('\n', " ")),
        3 => format!("|\n  {}", v.replace('\n', "\n  ")),
        _ => format!("&a {}", v.replace('\n', " ")),
    })
}

/// Markdown for a front-matter field that takes it (summary, note, definition).
fn inline() -> BoxedStrategy<String> {
    (name(), url())
        .prop_map(|(n, u)| format!("{n} [x]({u}) <a href=\"{u}\">y</a>"))
        .boxed()
}

fn article_line() -> BoxedStrategy<String> {
    prop_oneof![
        scalar(name()).prop_map(|v| format!("title: {v}")),
        scalar(inline()).prop_map(|v| format!("summary: {v}")),
        pick(&[
            "2024-09-19",
            "2024-09-19T14:30:00Z",
            "2024-13-45",
            "9999-12-31T23:59:59+23:59",
            "-0001-01-01",
            "",
        ])
        .prop_map(|d| format!("date: {d}")),
        (name(), url()).prop_map(|(n, u)| format!("source: {{ name: {n:?}, url: {u:?} }}")),
        (name(), url()).prop_map(|(n, u)| format!("tags: [{n:?}, {u:?}]")),
        pick(&["x", "../../etc", "a/b", "--", "Ünïcode", "con", ""])
            .prop_map(|s| format!("slug: {s:?}")),
        pick(&[
            "article.html",
            "base.html",
            "card.html",
            "../x.html",
            "missing.html"
        ])
        .prop_map(|t| format!("template: {t}")),
        Just("draft: true".to_string()),
        (pick(SLUGS), name(), inline()).prop_map(|(s, a, n)| format!(
            "annotations:\n  - {s}\n  - entity: {s:?}\n    aliases: [{a:?}]\n    note: {n:?}"
        )),
        (name(), name(), inline()).prop_map(|(t, a, d)| format!(
            "annotations:\n  - term: {t:?}\n    aliases: [{a:?}, {t:?}]\n    definition: {d:?}"
        )),
        url().prop_map(|u| format!("extra: &e {{ link: {u:?}, list: &l [1, 2] }}\nsummary: *e")),
        Just(
            "extra: { a: &a [x, x, x, x], b: &b [*a, *a, *a, *a], c: [*b, *b, *b, *b] }"
                .to_string()
        ),
        Just("<<: { title: merged }".to_string()),
        Just("title: a\ntitle: b".to_string()),
        any::<String>().prop_map(|s| s.chars().take(16).collect()),
    ]
    .boxed()
}

fn entity_line() -> BoxedStrategy<String> {
    prop_oneof![
        scalar(name()).prop_map(|v| format!("name: {v}")),
        pick(&[
            "person",
            "organization",
            "place",
            "event",
            "other",
            "Person",
            ""
        ])
        .prop_map(|k| format!("kind: {k}")),
        (name(), name()).prop_map(|(a, b)| format!("aliases: [{a:?}, {b:?}]")),
        (name(), url()).prop_map(|(n, u)| format!("summary: \"{n} [x]({u})\"")),
        (name(), url()).prop_map(|(n, u)| format!("links: {{ {n:?}: {u:?} }}")),
        any::<String>().prop_map(|s| s.chars().take(16).collect()),
    ]
    .boxed()
}

/// A whole content file: front matter made of `lines`, then a body.
fn file(lines: BoxedStrategy<String>, base: &'static str) -> impl Strategy<Value = String> {
    (proptest::collection::vec(lines, 0..6), body())
        .prop_map(move |(lines, body)| format!("---\n{base}{}\n---\n{body}\n", lines.join("\n")))
}

fn site_yaml() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        url().prop_map(|u| format!("base_url: {u:?}")),
        url().prop_map(|u| format!("base_url: {u}")),
        scalar(name()).prop_map(|v| format!("title: {v}")),
        scalar(name()).prop_map(|v| format!("description: {v}")),
        pick(&["en", "\"><script>", "x\" onload=\"alert(1)", ""])
            .prop_map(|l| format!("language: {l}")),
        pick(&["first", "all", "none", "[all]"]).prop_map(|a| format!("annotate: {a}")),
        pick(&["public", "..", "/", "content", ""]).prop_map(|d| format!("output_dir: {d:?}")),
        url().prop_map(|u| format!("extra: {{ tagline: {u:?}, source_credit: &c x }}")),
        Just("extra: &x { a: 1 }\ntitle: *x".to_string()),
        any::<String>().prop_map(|s| s.chars().take(16).collect()),
    ];
    proptest::collection::vec(line, 0..6).prop_map(|lines| lines.join("\n"))
}

// ---- properties ----

#[test]
fn any_front_matter_is_decoded_or_refused_safely() {
    let entity_or_article = prop_oneof![
        file(article_line(), "title: T\n"),
        file(article_line(), ""),
        file(entity_line(), "name: N\nkind: person\nsummary: S.\n"),
        file(entity_line(), ""),
    ];
    check(entity_or_article, |sandbox, text| {
        sandbox.front_matter(text.as_bytes())
    });
}

#[test]
fn any_body_builds_or_is_refused_safely() {
    check(body(), |sandbox, text| sandbox.article(text.as_bytes()));
}

#[test]
fn any_article_builds_or_is_refused_safely() {
    check(file(article_line(), "title: T\n"), |sandbox, text| {
        sandbox.article(text.as_bytes())
    });
}

#[test]
fn any_site_yaml_builds_or_is_refused_safely() {
    check(site_yaml(), |sandbox, text| {
        sandbox.site_yaml(text.as_bytes())
    });
}

#[test]
fn raw_bytes_never_panic() {
    let bytes = proptest::collection::vec(any::<u8>(), 0..64).prop_map(|tail| {
        let mut file = b"---\ntitle: T\n---\n".to_vec();
        file.extend(tail);
        file
    });
    check(bytes, |sandbox, bytes| {
        sandbox.front_matter(bytes);
        sandbox.site_yaml(bytes)
    });
}

/// Every input a fuzzer found, replayed through the target that found it.
#[test]
fn fuzz_regressions_stay_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz-regressions");
    let mut sandbox = Sandbox::new();
    let mut replayed = 0;
    for target in ["front_matter", "article", "site_yaml"] {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).unwrap();
            let started = Instant::now();
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match target {
                "front_matter" => sandbox.front_matter(&bytes),
                "article" => sandbox.article(&bytes),
                _ => sandbox.site_yaml(&bytes),
            }));
            if let Err(panic) = result {
                std::panic::resume_unwind(Box::new(format!(
                    "{}: {}",
                    path.display(),
                    panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default()
                )));
            }
            let took = started.elapsed();
            assert!(took < LIMIT, "{} took {took:?}", path.display());
            replayed += 1;
        }
    }
    assert!(replayed > 0 || !root.exists(), "no fixture replayed");
}
