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

/// Raw HTML that ends inside a tag takes the page's next `>`: on the page,
/// `<iframe ](/src=javascript:...` becomes an iframe with that `src`. Found by
/// fuzzing; every way of leaving markup open at the end is refused, in an
/// article's text and in an entity's.
#[test]
fn raw_html_left_open_at_the_end_of_a_text_is_an_error() {
    let endings = [
        "<iframe ](/src=javascript:alert(1)//)",
        "<div title=\"x",
        "<section id=a",
        "<!-- a comment never closed",
    ];
    for ending in endings {
        let text = format!("---\ntitle: A\n---\nFirst line.\n\n{ending}\n");
        let e = the_error(&article(&text), "G0111");
        assert_at(&e, "content/a.md", 6);
        assert!(e.message.contains("ends inside a tag"), "{ending}: {e}");
        let entity = TestSite::new().file(
            "content/entities/x.md",
            &format!("---\nname: X\nkind: place\nsummary: A place.\n---\n{ending}\n"),
        );
        let e = the_error(&entity, "G0111");
        assert!(e.message.contains("ends inside a tag"), "{ending}: {e}");
    }
    // Closed, the same markup passes.
    article("---\ntitle: A\n---\n<div title=\"x\">y</div>\n\n<!-- note -->\n").build_ok();
}

#[test]
fn a_refused_markdown_link_beside_raw_html_is_reported_once_at_the_link() {
    let text = "---\ntitle: A\n---\nSee <small>this</small>.\n\n[x](javascript:alert(1))\n";
    let e = the_error(&article(text), "G0111");
    assert_at(&e, "content/a.md", 6);
}

#[test]
fn allowed_links_pass() {
    let body = "[a](https://x.org) [b](http://x.org) [c](mailto:a@b.org) [d](/x/) [e](#top) \
                [f](../y) [g](?q=1) ![h](pic.png) ![i](https://x.org/p.png) \
                <a href=\"https://x.org\">j</a> <img src=\"/k.png\">";
    let built = article(&format!("---\ntitle: A\n---\n{body}\n"))
        .picture("content/pic.png", 20, 10)
        .build_ok();
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

// ---- files -------------------------------------------------------------------

#[test]
fn a_body_over_one_mebibyte_is_refused() {
    let body = "word ".repeat(220_000);
    let e = the_error(&article(&format!("---\ntitle: A\n---\n{body}")), "G0112");
    assert_at(&e, "content/a.md", 4);
    assert!(e.message.contains("1 MiB"), "{e}");
}

#[test]
fn front_matter_over_64_kibibytes_is_refused() {
    let tags: Vec<String> = (0..8000).map(|i| format!("tag{i}")).collect();
    let text = format!("---\ntitle: A\ntags: [{}]\n---\nBody.\n", tags.join(", "));
    let e = the_error(&article(&text), "G0112");
    assert_at(&e, "content/a.md", 1);
    assert!(e.message.contains("64 KiB"), "{e}");
}

#[test]
fn invalid_utf8_points_at_the_first_bad_byte() {
    let site = TestSite::new();
    std::fs::write(
        site.root().join("content/a.md"),
        b"---\ntitle: A\n---\nfine\nbad \xff here\n",
    )
    .unwrap();
    let e = the_error(&site, "G0107");
    assert_eq!(e.line_col(), Some((5, 5)), "{e}");
}

#[test]
fn an_empty_file_says_so() {
    let e = the_error(&article(""), "G0108");
    assert_at(&e, "content/a.md", 1);
    assert!(e.message.contains("empty"), "{e}");
}

#[test]
fn a_file_without_front_matter_or_with_an_unclosed_fence() {
    let e = the_error(&article("# Title\n\nText.\n"), "G0108");
    assert_at(&e, "content/a.md", 1);
    let e = the_error(&article("---\ntitle: A\n\nText.\n"), "G0109");
    assert_at(&e, "content/a.md", 1);
}

/// A byte-order mark and CRLF line endings are what some editors save; they
/// are read as if absent, and errors still point at the right line and column.
#[test]
fn bom_and_crlf_are_read_as_plain_utf8_and_lf() {
    let lf = "---\ntitle: A\n---\nHamas said.\n";
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    let hamas = "---\nname: Hamas\nkind: organization\nsummary: x\n---\n";
    let build = |text: &str| {
        TestSite::new()
            .file("content/entities/hamas.md", &hamas.replace('\n', "\r\n"))
            .file(
                "content/a.md",
                &text.replace("title: A", "title: A\r\nannotations: [hamas]"),
            )
            .build_ok()
            .read("a/index.html")
    };
    let (a, b) = (build(lf), build(&crlf));
    assert_eq!(a.replace('\r', ""), b.replace('\r', ""));
    assert!(b.contains("data-entity=\"hamas\""), "{b}");
    let e = the_error(
        &article("\u{feff}---\r\ntitle: A\r\ndate: nope\r\n---\r\n"),
        "G0105",
    );
    assert_eq!(e.line_col(), Some((3, 7)), "{e}");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_and_an_unreadable_file_are_reported() {
    let site = article("---\ntitle: A\n---\n");
    std::os::unix::fs::symlink("..", site.root().join("content/loop")).unwrap();
    let e = the_error(&site, "G0101");
    assert!(e.path.starts_with("content/loop"), "{e}");
    assert!(e.message.contains("loop"), "{e}");

    let site = article("---\ntitle: A\n---\n");
    let path = site.root().join("content/a.md");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        return; // root reads anything: nothing to test here.
    }
    let e = the_error(&site, "G0101");
    assert_eq!(e.path, Path::new("content/a.md"));
}

// ---- YAML --------------------------------------------------------------------

#[test]
fn billion_laughs_is_refused_quickly() {
    let mut yaml = String::from(
        "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(",");
        yaml.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    let text = format!(
        "---\ntitle: A\nextra:\n  {}---\n",
        yaml.replace('\n', "\n  ")
    );
    let e = errors_of(&article(&text));
    assert!(!e.is_empty());
    assert!(e[0].line_col().is_some(), "{}", e[0]);
}

#[test]
fn deep_nesting_is_refused_quickly() {
    let text = format!(
        "---\ntitle: A\nextra: {}{}\n---\n",
        "[".repeat(1000),
        "]".repeat(1000)
    );
    let e = the_error(&article(&text), "G0103");
    assert!(e.message.contains("recursion"), "{e}");
    assert!(e.line_col().is_some());
}

#[test]
fn duplicate_keys_several_documents_tabs_and_nul_are_errors_with_lines() {
    let cases = [
        ("---\ntitle: A\ntitle: B\n---\n", 3),
        ("---\ntitle: A\n...\nother: 1\n---\n", 3),
        ("---\ntitle: A\nextra:\n\tkey: 1\n---\n", 4),
        ("---\ntitle: A\u{0}\n---\n", 2),
    ];
    for (text, line) in cases {
        let errors = errors_of(&article(text));
        let first = &errors[0];
        assert_eq!(first.path, Path::new("content/a.md"), "{first}");
        assert_eq!(
            first.line_col().map(|l| l.0),
            Some(line),
            "{text:?}: {first}"
        );
    }
}

#[test]
fn site_yaml_too_large_not_utf8_or_hostile_is_an_error() {
    let big = format!("title: A\nextra:\n  notes: \"{}\"\n", "x".repeat(70_000));
    let e = the_error(
        &article("---\ntitle: A\n---\n").file("site.yaml", &big),
        "G0112",
    );
    assert_eq!(e.path, Path::new("site.yaml"));

    let site = article("---\ntitle: A\n---\n");
    std::fs::write(site.root().join("site.yaml"), b"title: \"caf\xe9\"\n").unwrap();
    let e = the_error(&site, "G0107");
    assert_eq!(e.line_col(), Some((1, 12)), "{e}");

    let nested = format!(
        "title: A\nextra: {}{}\n",
        "{a: ".repeat(500),
        "}".repeat(500)
    );
    let e = the_error(
        &article("---\ntitle: A\n---\n").file("site.yaml", &nested),
        "G0103",
    );
    assert_eq!(e.path, Path::new("site.yaml"));
    assert!(e.line_col().is_some());
}

#[test]
fn a_language_that_is_not_a_tag_is_an_error() {
    for language in ["../../escape", "en/../../x", &"x".repeat(80), "e n"] {
        let site = article("---\ntitle: A\n---\n")
            .file("site.yaml", &format!("title: A\nlanguage: {language:?}\n"));
        let e = the_error(&site, "G0105");
        assert_at(&e, "site.yaml", 2);
        assert!(!site.root().join("escape").exists());
    }
    let built = article("---\ntitle: A\n---\n")
        .file("site.yaml", "title: A\nlanguage: pt-BR\n")
        .build_ok();
    assert!(built.out.join("search/index.json").is_file());
}

#[test]
fn a_base_url_that_is_not_a_web_address_is_an_error_at_its_line() {
    for base in [
        "javascript:alert(1)",
        "VBScript:x",
        "mailto:<script>",
        "example.org/news",
        "//evil.example",
        "https://",
    ] {
        let site = article("---\ntitle: A\n---\n")
            .file("site.yaml", &format!("title: A\nbase_url: {base:?}\n"));
        let e = the_error(&site, "G0105");
        assert_at(&e, "site.yaml", 2);
    }
    for base in [
        "https://example.org/news/",
        "http://localhost:1111",
        "/news",
        "",
    ] {
        let site = article("---\ntitle: A\n---\n")
            .file("site.yaml", &format!("title: A\nbase_url: {base:?}\n"));
        site.build_ok();
    }
}

// ---- escaping ----------------------------------------------------------------

const EVIL: &str = "</title><script>alert(1)</script>\"'&";

/// Every front-matter string comes out escaped wherever it is written: text,
/// attributes, `<title>`, meta tags, the feed and the sitemap. The raw tag
/// never appears in any output file, and parsed back, the text is intact.
#[test]
fn front_matter_strings_are_escaped_everywhere() {
    let q = |s: &str| format!("{:?}", s); // a YAML double-quoted string
    let e = q(EVIL);
    let site = TestSite::new()
        .file(
            "site.yaml",
            &format!("title: {e}\ndescription: {e}\nbase_url: https://example.org/\n"),
        )
        .file(
            "content/entities/evil.md",
            &format!(
                "---\nname: Evil Corp\nkind: organization\naliases: [{}]\nsummary: {e}\nlinks: {{ {e}: \"https://example.org/?a=1&b=2\" }}\n---\n",
                q(&format!("Evil {EVIL}"))
            ),
        )
        .file(
            "content/articles/x.md",
            &format!(
                "---\ntitle: {e}\ndate: 2024-09-19\nsummary: {e}\nauthors: [{e}]\ntags: [{e}]\nsource: {{ name: {e}, url: \"https://example.org/?a=1&b=2\" }}\nannotations:\n  - {{ entity: evil, note: {e} }}\n  - {{ term: ceasefire, definition: {e} }}\n---\nEvil Corp agreed to a ceasefire.\n"
            ),
        );
    let built = site.build_ok();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&built.out) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        assert!(
            !text.contains("<script>alert") && !text.contains("</title><script"),
            "unescaped in {}",
            entry.path().display()
        );
    }
    assert!(files > 5);

    let page = built.article("x");
    let title = select(&page, "title")[0].text().collect::<String>();
    assert!(title.contains(EVIL), "{title}");
    let h1 = text(&select(&page, "h1")[0]);
    assert_eq!(h1, EVIL);
    for meta in select(&page, "meta[name=description], meta[property]") {
        let content = meta.value().attr("content").unwrap_or_default();
        if content.contains("alert") {
            assert!(content.contains(EVIL), "{content}");
        }
    }
    let feed = atom_syndication::Feed::read_from(built.read("atom.xml").as_bytes()).unwrap();
    assert_eq!(feed.title().as_str(), EVIL);
    assert_eq!(feed.entries()[0].title().as_str(), EVIL);
    let entity = built.page("entities/evil/index.html");
    assert!(text(&select(&entity, ".lede")[0]).contains(EVIL));
    let link = select(&entity, "a[href^='https://example.org/?a=1']")[0];
    assert_eq!(
        link.value().attr("href"),
        Some("https://example.org/?a=1&b=2")
    );
    assert!(text(&link).contains(EVIL));
}

#[test]
fn an_at_mention_outside_an_article_body_is_an_error_not_a_broken_link() {
    let errors = TestSite::new()
        .file(
            "content/entities/hamas.md",
            "---\nname: Hamas\nkind: organization\nsummary: Allied with [Hezbollah](@hezbollah).\n---\nSee [Hezbollah](@hezbollah).\n",
        )
        .file(
            "content/entities/hezbollah.md",
            "---\nname: Hezbollah\nkind: organization\nsummary: A group.\n---\n",
        )
        .build_err();
    let found: Vec<usize> = errors
        .iter()
        .filter(|d| d.code == "G0111" && d.message.contains("@hezbollah"))
        .filter_map(|d| d.line_col().map(|(line, _)| line))
        .collect();
    assert_eq!(found, [4, 6], "{errors:#?}");
}

#[test]
fn a_dangling_link_in_templates_or_static_is_an_error_not_a_silent_fallback() {
    let site = article("---\ntitle: A\n---\n");
    std::fs::create_dir_all(site.root().join("templates")).unwrap();
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    std::os::unix::fs::symlink(
        site.root().join("missing.html"),
        site.root().join("templates/article.html"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        site.root().join("missing.css"),
        site.root().join("static/gloss.css"),
    )
    .unwrap();
    let errors = errors_of(&site);
    let mut named: Vec<String> = errors
        .iter()
        .filter(|d| d.code == "G0101")
        .map(|d| d.path.display().to_string())
        .collect();
    named.sort();
    assert_eq!(
        named,
        ["static/gloss.css", "templates/article.html"],
        "{errors:#?}"
    );
}
