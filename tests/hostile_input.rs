//! Hostile and broken content: every case is a clear error with the file and,
//! where it applies, line and column, in well under a second, never a panic.

mod common;
use common::*;
use std::path::Path;
use std::time::{Duration, Instant};

/// Builds the site and returns its errors, asserting the build failed quickly.
fn errors_of(site: &TestSite) -> Vec<gloss::Diagnostic> {
    let started = Instant::now();
    let errors = site.build_err();
    let took = started.elapsed();
    // Generous: the point is "not exponential", and debug builds are slow.
    assert!(took < Duration::from_secs(5), "took {took:?}");
    errors
}

fn the_error(site: &TestSite, code: &str) -> gloss::Diagnostic {
    let errors = errors_of(site);
    only(&errors, code).clone()
}

fn assert_at(d: &gloss::Diagnostic, file: &str, line: usize) {
    assert_eq!(d.path, Path::new(file), "{d}");
    assert_eq!(d.line_col().map(|(l, _)| l), Some(line), "{d}");
    assert!(
        d.help.as_deref().is_some_and(|h| !h.is_empty()),
        "no hint: {d}"
    );
}

fn article(body_front: &str) -> TestSite {
    TestSite::new().file("content/a.md", body_front)
}

// ---- links -----------------------------------------------------------------

#[test]
fn script_links_in_the_body_are_errors_in_every_spelling() {
    let spellings = [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](&#x6A;avascript:alert(1))",
        "[x](<java\tscript:alert(1)>)",
        "<javascript:alert(1)>",
        "[x][r]\n\n[r]: vbscript:msgbox",
        "![x](data:image/svg+xml,<svg>)",
        "![x](mailto:a@b.org)",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href='&#106;avascript:alert(1)'>x</a>",
        "<a href=JAVASCRIPT:alert(1)>x</a>",
        "<img src=\"data:image/png;base64,AAAA\">",
        "<div>\n<a\n  href=\"javascript:alert(1)\">x</a>\n</div>",
        "<iframe srcdoc=\"<a href='javascript:x'>y</a>\"></iframe>",
        "<svg><a xlink:href=\"javascript:x\">y</a></svg>",
        "<form action=\"javascript:x\"><button>y</button></form>",
    ];
    for (i, link) in spellings.iter().enumerate() {
        let text = format!("---\ntitle: A\n---\nFirst line.\n\n{link}\n");
        let e = the_error(&article(&text), "G0111");
        // A tag written over several lines is reported where its attribute stands.
        let line = 6 + link.lines().position(|l| l.contains("href")).unwrap_or(0);
        assert_at(&e, "content/a.md", line);
        assert!(e.message.contains("not allowed"), "case {i}: {e}");
    }
}

#[test]
fn allowed_links_pass() {
    let body = "[a](https://x.org) [b](http://x.org) [c](mailto:a@b.org) [d](/x/) [e](#top) \
                [f](../y) [g](?q=1) ![h](pic.png) ![i](https://x.org/p.png) \
                <a href=\"https://x.org\">j</a> <img src=\"/k.png\">";
    let built = article(&format!("---\ntitle: A\n---\n{body}\n")).build_ok();
    let html = built.read("a/index.html");
    assert!(html.contains("mailto:a@b.org"));
}

#[test]
fn script_links_in_front_matter_are_errors() {
    let site = TestSite::new()
        .entity("hamas", "Hamas", "organization", &[])
        .file(
            "content/entities/egypt.md",
            "---\nname: Egypt\nkind: place\nsummary: A [country](javascript:alert(1)).\n---\nSee <a href=\"javascript:x\">this</a>.\n",
        )
        .file(
            "content/a.md",
            "---\ntitle: A\nsummary: \"[x](JAVASCRIPT:1)\"\nannotations:\n  - { entity: hamas, note: \"[n](vbscript:1)\" }\n  - { term: ceasefire, definition: \"![d](data:x)\" }\n---\nHamas and a ceasefire.\n",
        )
        .file(
            "content/b.md",
            "---\ntitle: B\nsource: { name: X, url: \"javascript:alert(1)\" }\n---\n",
        );
    let errors = errors_of(&site);
    let at: Vec<(String, usize)> = errors
        .iter()
        .map(|d| {
            (
                d.path.display().to_string(),
                d.line_col().map_or(0, |l| l.0),
            )
        })
        .collect();
    for expected in [
        ("content/entities/egypt.md", 4),
        ("content/entities/egypt.md", 6),
        ("content/a.md", 3),
        ("content/a.md", 5),
        ("content/a.md", 6),
        ("content/b.md", 3),
    ] {
        assert!(
            at.contains(&(expected.0.to_string(), expected.1)),
            "{expected:?} not in {at:?}"
        );
    }
}
