//! An article dated after the build time is not published, and leaks into
//! nothing: a site with it builds byte for byte as the same site without it
//! (pages, lists, entity pages and their counts, cards, feeds, sitemaps,
//! search index, entities.json). Drafts follow the same rule.

mod common;
use common::output::snapshot;
use common::*;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

/// 2024-09-20T00:00:00Z: the build time of every build here.
const BUILD_TIME: &str = "1726790400";

/// A site with two published explainers that mention Hamas.
fn site() -> TestSite {
    TestSite::new()
        .entity("hamas", "Hamas", "organization", &[])
        .entity("qatar", "Qatar", "place", &[])
        .article(
            "talks",
            "annotations: [hamas]\ntags: [gaza]",
            "Hamas sent a delegation to the talks.",
        )
        .file(
            "content/articles/earlier.md",
            "---\ntitle: Earlier\ndate: 2024-09-18T09:00:00-04:00\nannotations: [hamas]\n---\nHamas answered.\n",
        )
}

/// An article dated after the build time, in a zone, with its own tag, term,
/// and entity, and a mention of an entity other pages list.
const EMBARGOED: &str = "---\ntitle: Zanzibar ceasefire plan\ndate: 2024-09-20T06:00:00-04:00\ntags: [zanzibar-plan]\nannotations:\n  - hamas\n  - qatar\n  - { term: Zanzibar accord, definition: A plan for a ceasefire. }\n---\nHamas and Qatar met on the Zanzibar accord. Qatar hosted.\n";

fn gloss_build(root: &Path, out: &Path, flags: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .args(flags)
        .env("SOURCE_DATE_EPOCH", BUILD_TIME)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The output of `site` built with `extra` written into it.
fn built_with(extra: Option<(&str, &str)>, flags: &[&str]) -> (BTreeMap<String, Vec<u8>>, String) {
    let mut site = site();
    if let Some((rel, text)) = extra {
        site = site.file(rel, text);
    }
    let out = site.root().join("public");
    let output = gloss_build(site.root(), &out, flags);
    let mut files = snapshot(&out);
    files.remove(gloss::OUTPUT_MARKER);
    (files, String::from_utf8_lossy(&output.stdout).into_owned())
}

#[track_caller]
fn assert_same_site(got: &BTreeMap<String, Vec<u8>>, want: &BTreeMap<String, Vec<u8>>) {
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(got), names(want));
    for (file, bytes) in want {
        assert!(got[file] == *bytes, "{file} differs");
    }
}

#[test]
fn an_embargoed_article_leaks_into_nothing() {
    let (without, _) = built_with(None, &[]);
    let (with, stdout) = built_with(Some(("content/articles/zanzibar.md", EMBARGOED)), &[]);
    assert_same_site(&with, &without);
    assert!(
        stdout.contains(
            "Next embargo lifts at 2024-09-20T06:00:00-04:00 (1 article waiting; `--future` shows them now)"
        ),
        "{stdout}"
    );
}

#[test]
fn a_draft_leaks_into_nothing() {
    let draft = EMBARGOED
        .replace("2024-09-20T06:00:00-04:00", "2024-09-19")
        .replace("---\ntitle", "---\ndraft: true\ntitle");
    let (without, _) = built_with(None, &[]);
    let (with, stdout) = built_with(Some(("content/articles/zanzibar.md", &draft)), &[]);
    assert_same_site(&with, &without);
    assert!(!stdout.contains("embargo"), "{stdout}");
}

#[test]
fn future_publishes_embargoed_articles() {
    let (with, _) = built_with(
        Some(("content/articles/zanzibar.md", EMBARGOED)),
        &["--future"],
    );
    assert!(with.contains_key("articles/zanzibar/index.html"));
    assert!(with.contains_key("tags/zanzibar-plan/index.html"));
    let hamas = String::from_utf8_lossy(&with["entities/hamas/index.html"]).into_owned();
    assert!(hamas.contains("Zanzibar ceasefire plan"));
}

#[test]
fn an_embargo_lifts_at_its_time_in_its_zone() {
    // 06:00 at UTC-4 is 10:00 UTC: one second before, it waits; at that
    // second, it is published.
    let site = site().file("content/articles/zanzibar.md", EMBARGOED);
    let page = site.root().join("public/articles/zanzibar/index.html");
    let build_at = |epoch: &str| {
        let out = site.root().join("public");
        let status = Command::new(env!("CARGO_BIN_EXE_gloss"))
            .args(["build", "--root"])
            .arg(site.root())
            .arg("--output")
            .arg(&out)
            .env("SOURCE_DATE_EPOCH", epoch)
            .status()
            .unwrap();
        assert!(status.success());
        page.is_file()
    };
    assert!(!build_at("1726826399"));
    assert!(build_at("1726826400"));
}

#[test]
fn check_and_the_preview_leave_embargoed_articles_out_too() {
    let site = site().file("content/articles/zanzibar.md", EMBARGOED);
    let checked = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(["check", "--root"])
        .arg(site.root())
        .env("SOURCE_DATE_EPOCH", BUILD_TIME)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&checked.stdout);
    assert!(checked.status.success());
    assert!(
        stdout.contains("Next embargo lifts at 2024-09-20T06:00:00-04:00"),
        "{stdout}"
    );
    // The in-memory build (the preview's engine) as of the clock: the
    // article is dated in the past then, so a far-future one stands in.
    let site = site.file(
        "content/articles/later.md",
        &EMBARGOED.replace("2024-09-20T06:00:00-04:00", "2999-01-01"),
    );
    let memory = gloss::build_in_memory(&site.options()).unwrap();
    assert!(!memory.files.contains_key("articles/later/index.html"));
    assert!(memory.files.contains_key("articles/zanzibar/index.html"));
}

/// An article and a draft whose every field carries a word found nowhere
/// else: none of those words may appear in any file of the output.
#[test]
fn no_word_of_an_embargoed_article_or_a_draft_reaches_any_output_file() {
    let fields = |tag: &str, date: &str, draft: bool| {
        format!(
            "---\ntitle: {tag}title\ndate: {date}\ndraft: {draft}\nsummary: {tag}summary\nauthors: [{tag}author]\nsource: {{ name: {tag}source, url: \"https://example.org/{tag}src\" }}\ntags: [{tag}tag]\nslug: {tag}slug\nannotations:\n  - {{ entity: hamas, aliases: [{tag}alias], note: {tag}note }}\n  - {{ term: {tag}term, definition: {tag}definition }}\ncorrections:\n  - {{ date: {date}, text: {tag}correction }}\nextra: {{ kicker: {tag}extra }}\n---\nHamas and {tag}alias spoke of the {tag}term in {tag}body.\n"
        )
    };
    let site = site()
        .file(
            "content/articles/embargoed.md",
            &fields("quokkaembargo", "2024-09-21T08:00:00+02:00", false),
        )
        .file(
            "content/articles/draft.md",
            &fields("wombatdraft", "2024-09-18", true),
        );
    let out = site.root().join("public");
    gloss_build(site.root(), &out, &[]);
    let files = snapshot(&out);
    assert!(
        files.keys().any(|f| f.starts_with("search/")),
        "the search index is checked too"
    );
    let record = std::fs::read(site.root().join("published-urls.txt")).unwrap();
    let record_name = "published-urls.txt".to_string();
    let checked = files.iter().chain([(&record_name, &record)]);
    for (file, bytes) in checked {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for word in ["quokkaembargo", "wombatdraft"] {
            assert!(!text.contains(word), "{word} leaked into {file}");
        }
    }
}

/// `gloss serve --future` shows an embargoed article with its banner, and
/// when the embargo lifts while it runs, the banner goes without a restart;
/// without `--future`, the article appears at that moment.
#[test]
fn serve_shows_the_banner_and_lifts_the_embargo_while_it_runs() {
    use common::server::Server;
    // Whole seconds, as the date is written: the article is due at `due`
    // itself, not up to a second before it.
    let due = chrono::DateTime::from_timestamp(chrono::Utc::now().timestamp() + 6, 0).unwrap();
    let article = format!(
        "---\ntitle: Talks resume\ndate: {}\n---\nHamas returned to the talks.\n",
        due.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    );
    let site = site().file("content/articles/soon.md", &article);
    let preview = Server::launch(site.root()).arg("--future").start();
    let plain = Server::launch(site.root()).start();

    let (status, _, body) = preview.get("/articles/soon/");
    assert_eq!(status, 200);
    let page = scraper::Html::parse_document(&body);
    let banner = select(&page, ".embargo-banner");
    assert_eq!(banner.len(), 1, "{body}");
    assert!(
        text(&banner[0]).starts_with("Embargoed until"),
        "{}",
        text(&banner[0])
    );
    let noindex = select(&page, "meta[name=robots]");
    assert_eq!(noindex[0].attr("content"), Some("noindex"));
    assert_eq!(plain.get("/articles/soon/").0, 404);
    let index = plain.get("/").2;
    assert!(!index.contains("Talks resume"));

    // Within a few seconds of the embargo, and no edit in between.
    let limit = std::time::Duration::from_secs(20);
    preview.eventually_within(limit, "/articles/soon/", |status, body| {
        status == 200 && !body.contains("embargo-banner")
    });
    plain.eventually_within(limit, "/articles/soon/", |status, _| status == 200);
    assert!(chrono::Utc::now() >= due, "published before its embargo");
    assert!(plain.get("/").2.contains("Talks resume"));
}
