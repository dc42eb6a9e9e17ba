//! Editions in several languages (docs/languages.md): the alternates every
//! page declares, the commands that start a translation, and what `gloss
//! check` says is not yet translated.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output};

use common::*;

const BASE: &str = "https://example.org/";

/// The repository's example site (English, Arabic and Spanish), built.
fn example_output() -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let mut options = gloss::BuildOptions::new(env!("CARGO_MANIFEST_DIR"));
    options.output = Some(out.path().join("public"));
    let report = gloss::build(&options).unwrap_or_else(|d| panic!("{}", render(&d)));
    (out, report.output)
}

/// The output file an absolute URL of the example site is served from.
fn file_of(url: &str) -> String {
    let path = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not under {BASE}"));
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// A page's `hreflang` alternates: language -> URL.
fn alternates(html: &scraper::Html) -> BTreeMap<String, String> {
    select(html, "link[rel=alternate][hreflang]")
        .iter()
        .map(|l| {
            let lang = l.value().attr("hreflang").unwrap().to_string();
            (lang, l.value().attr("href").unwrap().to_string())
        })
        .collect()
}

#[test]
fn hreflang_is_reciprocal_on_every_page_of_the_example_site() {
    let (_keep, out) = example_output();
    let mut pages: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut langs: BTreeMap<String, String> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let rel = entry.path().strip_prefix(&out).unwrap();
        let rel = rel.to_str().unwrap().replace('\\', "/");
        let html = scraper::Html::parse_document(&std::fs::read_to_string(entry.path()).unwrap());
        if let Some(html_tag) = select(&html, "html").first() {
            langs.insert(
                rel.clone(),
                html_tag.value().attr("lang").unwrap_or("").into(),
            );
        }
        let found = alternates(&html);
        if !found.is_empty() {
            pages.insert(rel, found);
        }
    }
    assert!(
        pages.len() > 30,
        "only {} pages declare alternates",
        pages.len()
    );
    let mut failures = Vec::new();
    for (page, alts) in &pages {
        let lang = &langs[page];
        match alts.get(lang) {
            Some(own) if file_of(own) == *page => {}
            _ => failures.push(format!("{page} ({lang}) does not list itself: {alts:?}")),
        }
        if alts.get("x-default") != alts.get("en") {
            failures.push(format!(
                "{page}: x-default is not the English page: {alts:?}"
            ));
        }
        for (other_lang, url) in alts.iter().filter(|(l, _)| *l != "x-default") {
            let other = file_of(url);
            match pages.get(&other) {
                None => failures.push(format!("{page} names {other}, which lists no alternates")),
                Some(theirs) if theirs != alts => failures.push(format!(
                    "{page} and its {other_lang} alternate {other} disagree: {alts:?} / {theirs:?}"
                )),
                Some(_) if langs.get(&other) != Some(other_lang) => failures.push(format!(
                    "{page} calls {other} `{other_lang}`, but it is in {:?}",
                    langs.get(&other)
                )),
                Some(_) => {}
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let article = &pages["ar/articles/ceasefire-talks-egypt/index.html"];
    let editions: BTreeSet<&str> = article.keys().map(String::as_str).collect();
    assert_eq!(editions, BTreeSet::from(["ar", "en", "es", "x-default"]));
}

// ---- a small site in two editions ------------------------------------------------

/// English and Arabic: one story in both, one in English only, and two
/// entities of which one is translated.
fn two_editions() -> TestSite {
    TestSite::new()
        .file(
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/\nlanguages: [en, ar]\n",
        )
        .entity("antony-blinken", "Antony Blinken", "person", &["Blinken"])
        .file(
            "content/entities/antony-blinken.ar.md",
            "---\nname: أنتوني بلينكن\naliases: [بلينكن]\nsummary: وزير الخارجية الأمريكي.\n---\n",
        )
        .entity("egypt", "Egypt", "place", &[])
        .article(
            "talks",
            "slug: cairo-talks\nsummary: Talks in Cairo.\ntags: [gaza]\nannotations:\n  - antony-blinken\nredirect_from: [/articles/old-talks/]",
            "Antony Blinken arrived in Cairo.",
        )
        .file(
            "content/articles/talks.ar.md",
            "---\ntitle: محادثات\ndate: 2024-09-19\nannotations:\n  - antony-blinken\n---\nوصل بلينكن إلى القاهرة.\n",
        )
        .article(
            "egypt-only",
            "annotations:\n  - egypt",
            "Egypt hosted the talks.",
        )
}

fn gloss(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn check_counts_what_each_edition_has_not_translated() {
    let site = two_editions();
    let out = gloss(site.root(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let printed = stdout(&out);
    assert!(
        printed.contains("Not yet translated:\n  ar: 1 of 2 articles, 1 of 2 entities\n"),
        "{printed}"
    );
    assert!(printed.contains("gloss check --untranslated"), "{printed}");
    assert!(
        !printed.contains("content/articles/egypt-only.md"),
        "{printed}"
    );
}

#[test]
fn check_untranslated_lists_each_file_not_yet_translated() {
    let site = two_editions();
    let printed = stdout(&gloss(site.root(), &["check", "--untranslated"]));
    let listed: Vec<&str> = printed
        .lines()
        .filter_map(|l| l.strip_prefix("    "))
        .collect();
    assert_eq!(
        listed,
        [
            "content/articles/egypt-only.md",
            "content/entities/egypt.md"
        ]
    );
}

#[test]
fn a_site_in_one_language_has_nothing_to_translate() {
    let site = TestSite::new()
        .entity("egypt", "Egypt", "place", &[])
        .article("a", "annotations:\n  - egypt", "Egypt said.");
    let printed = stdout(&gloss(site.root(), &["check", "--untranslated"]));
    assert!(!printed.contains("translated"), "{printed}");
}

#[test]
fn new_translation_copies_the_original_as_a_draft_tied_by_file_name() {
    let site = two_editions();
    let out = gloss(
        site.root(),
        &[
            "new",
            "article",
            "--lang",
            "ar",
            "--translation-of",
            "egypt-only",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = site.root().join("content/articles/egypt-only.ar.md");
    assert!(stdout(&out).contains("content/articles/egypt-only.ar.md"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("---\ntitle: egypt-only\n"), "{text}");
    assert!(text.contains("annotations:\n  - egypt\n"), "{text}");
    assert!(
        text.contains("draft: true\n---\nEgypt hosted the talks."),
        "{text}"
    );
    // A draft is a translation still: the desk is on it.
    let printed = stdout(&gloss(site.root(), &["check", "--untranslated"]));
    assert!(printed.contains("ar: 0 of 2 articles"), "{printed}");
    // Published, it is the original's alternate.
    std::fs::write(&path, text.replace("draft: true\n", "")).unwrap();
    let built = site.build_ok();
    let html = built.page("ar/articles/egypt-only/index.html");
    let alts = alternates(&html);
    assert_eq!(alts["en"], "https://example.org/articles/egypt-only/");
}

#[test]
fn new_translation_keeps_the_originals_address_but_not_its_old_ones() {
    let site = two_editions();
    std::fs::remove_file(site.root().join("content/articles/talks.ar.md")).unwrap();
    let out = gloss(
        site.root(),
        &[
            "new",
            "article",
            "محادثات القاهرة",
            "--lang",
            "ar",
            "--translation-of",
            "cairo-talks",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(site.root().join("content/articles/talks.ar.md")).unwrap();
    assert!(
        text.starts_with("---\ntitle: \"محادثات القاهرة\"\n"),
        "{text}"
    );
    assert!(text.contains("slug: cairo-talks\n"), "{text}");
    assert!(!text.contains("redirect_from"), "{text}");
}

#[test]
fn new_translation_with_its_own_slug_names_its_original() {
    let site = two_editions();
    let out = gloss(
        site.root(),
        &[
            "new",
            "article",
            "--lang",
            "ar",
            "--translation-of",
            "egypt-only",
            "--slug",
            "misr",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(site.root().join("content/articles/misr.ar.md")).unwrap();
    assert!(text.contains("translation_of: egypt-only\n"), "{text}");
    std::fs::write(
        site.root().join("content/articles/misr.ar.md"),
        text.replace("draft: true\n", ""),
    )
    .unwrap();
    let built = site.build_ok();
    let alts = alternates(&built.page("articles/egypt-only/index.html"));
    assert_eq!(alts["ar"], "https://example.org/ar/articles/misr/");
}

#[test]
fn new_translation_refuses_a_second_translation_into_one_language() {
    let site = two_editions();
    let out = gloss(
        site.root(),
        &[
            "new",
            "article",
            "--lang",
            "ar",
            "--translation-of",
            "cairo-talks",
            "--slug",
            "x",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("talks.ar.md already exists"),
        "{}",
        stderr(&out)
    );
    assert!(!site.root().join("content/articles/x.ar.md").exists());
}

#[test]
fn new_translation_refuses_an_unknown_original_with_the_nearest_slug() {
    let site = two_editions();
    let out = gloss(
        site.root(),
        &[
            "new",
            "article",
            "--lang",
            "ar",
            "--translation-of",
            "cairo-talk",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("did you mean `--translation-of cairo-talks`?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn new_article_refuses_a_language_site_yaml_does_not_declare() {
    let site = two_editions();
    for (lang, says) in [
        ("fr", "use one of ar, or add `fr` to `languages:`"),
        ("en", "leave out `--lang`"),
    ] {
        let out = gloss(site.root(), &["new", "article", "Title", "--lang", lang]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains(says), "{lang}: {}", stderr(&out));
    }
    let one = TestSite::new();
    let out = gloss(one.root(), &["new", "article", "Title", "--lang", "ar"]);
    assert!(
        stderr(&out).contains("`languages: [en, ar]`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn new_article_in_an_edition_is_published_there_alone() {
    let site = two_editions();
    let out = gloss(
        site.root(),
        &["new", "article", "مصر", "--lang", "ar", "--slug", "misr"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(site.root().join("content/articles/misr.ar.md")).unwrap();
    assert!(
        text.contains("title: \"مصر\"\n") && text.contains("draft: true\n"),
        "{text}"
    );
    assert!(!text.contains("translation_of"), "{text}");
}

#[test]
fn a_latin_name_in_arabic_text_is_isolated_so_its_punctuation_stays() {
    let site = two_editions().file(
        "content/articles/misr.ar.md",
        "---\ntitle: مصر\ndate: 2024-09-19\nannotations:\n  - egypt\n  - antony-blinken\n---\nاستضافت Egypt، مع بلينكن، المحادثات.\n",
    );
    let built = site.build_ok();
    let html = built.page("ar/articles/misr/index.html");
    let latin = select(&html, ".article-body a[data-entity=egypt] > bdi");
    assert_eq!(latin.len(), 1);
    assert_eq!(text(&latin[0]), "Egypt");
    let arabic = select(&html, ".article-body a[data-entity=antony-blinken]");
    assert_eq!(text(&arabic[0]), "بلينكن");
    assert!(select(&html, ".article-body a[data-entity=antony-blinken] bdi").is_empty());
    // The who's who names the untranslated entity in Latin letters, isolated.
    let who: Vec<String> = select(&html, ".whos-who dt .who-name bdi")
        .iter()
        .map(text)
        .collect();
    assert_eq!(who, ["Egypt"]);
}

#[test]
fn names_that_run_with_the_page_are_not_isolated() {
    let built = two_editions().build_ok();
    for page in [
        "articles/cairo-talks/index.html",
        "entities/index.html",
        "ar/articles/talks/index.html",
    ] {
        let html = built.page(page);
        assert!(select(&html, "bdi").is_empty(), "{page}");
    }
}

#[test]
fn the_themes_words_are_the_editions_with_its_plural_forms() {
    let built = two_editions().build_ok();
    let entity = built.page("ar/entities/antony-blinken/index.html");
    assert_eq!(text(&select(&entity, "#mentions-title")[0]), "في شرح واحد");
    assert_eq!(text(&select(&entity, ".entity-header .kind")[0]), "شخص");
    let who = built.page("ar/entities/index.html");
    assert_eq!(text(&select(&who, "h1")[0]), "من هم");
    let counts: Vec<String> = select(&who, ".entity-list .count")
        .iter()
        .map(text)
        .collect();
    assert!(counts.contains(&"شرح واحد".to_string()), "{counts:?}");
    let english = built.page("entities/antony-blinken/index.html");
    assert_eq!(
        text(&select(&english, "#mentions-title")[0]),
        "In 1 explainer"
    );
    assert_eq!(text(&select(&english, ".entity-header .kind")[0]), "person");
    let missing = built.page("ar/404.html");
    assert_eq!(text(&select(&missing, "h1")[0]), "الصفحة غير موجودة");
}
