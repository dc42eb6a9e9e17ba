//! URLs that never break: the record of published URLs (`published-urls.txt`),
//! `redirect_from:`, `redirects:` and `gone:`, and the errors of each.
//! Every rename here is built into a fresh output folder, as a CI job on a
//! fresh clone would: only the committed record remembers the old URL.

mod common;
use common::*;

use std::path::{Path, PathBuf};

const RECORD: &str = "published-urls.txt";

/// A site with one explainer, one entity and one tag.
fn site() -> TestSite {
    TestSite::new()
        .entity("hamas", "Hamas", "organization", &[])
        .article(
            "truce-talks",
            "annotations: [hamas]\ntags: [gaza]",
            "Hamas sent a delegation.",
        )
}

/// Builds `site` into a folder of its own that no earlier build wrote.
fn build_fresh(site: &TestSite, name: &str) -> Result<Built, gloss::Diagnostics> {
    let mut options = site.options();
    options.output = Some(site.root().join(name));
    let report = gloss::build(&options)?;
    Ok(Built::at(report.output, site))
}

fn record(site: &TestSite) -> String {
    std::fs::read_to_string(site.root().join(RECORD)).unwrap_or_default()
}

fn rename(site: &TestSite, from: &str, to: &str) {
    std::fs::rename(site.root().join(from), site.root().join(to)).unwrap();
}

fn edit(site: &TestSite, rel: &str, change: impl Fn(String) -> String) {
    let path: PathBuf = site.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, change(text)).unwrap();
}

fn errors(result: Result<Built, gloss::Diagnostics>) -> Vec<gloss::Diagnostic> {
    match result {
        Ok(_) => panic!("the build should have failed"),
        Err(diags) => diags.into_vec(),
    }
}

#[test]
fn a_build_records_every_url_it_publishes_with_its_file() {
    let site = site();
    build_fresh(&site, "out").unwrap();
    let text = record(&site);
    let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    for want in [
        "/",
        "/articles/truce-talks/ content/articles/truce-talks.md",
        "/entities/hamas/ content/entities/hamas.md",
        "/entities/hamas/atom.xml content/entities/hamas.md",
        "/tags/gaza/",
        "/atom.xml",
        "/sitemap.xml",
    ] {
        assert!(lines.contains(&want), "{want} not in:\n{text}");
    }
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted, "the record is sorted");
    assert!(!text.contains("/404.html"), "{text}");
}

#[test]
fn a_second_build_leaves_an_unchanged_record_untouched() {
    let site = site();
    build_fresh(&site, "out").unwrap();
    let path = site.root().join(RECORD);
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    build_fresh(&site, "out").unwrap();
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        before
    );
}

#[test]
fn a_renamed_article_fails_on_a_fresh_output_until_its_old_url_is_kept() {
    let site = site();
    build_fresh(&site, "first").unwrap();
    rename(
        &site,
        "content/articles/truce-talks.md",
        "content/articles/ceasefire-talks.md",
    );
    let errors = errors(build_fresh(&site, "second"));
    let dropped = only(&errors, "G0209");
    assert!(
        dropped.message.contains("`/articles/truce-talks/`"),
        "{dropped}"
    );
    assert_eq!(dropped.path, Path::new(RECORD));
    assert!(dropped.line_col().is_some());
    let help = dropped.help.as_deref().unwrap();
    assert!(help.contains("`/articles/ceasefire-talks/`"), "{help}");
    assert!(
        help.contains("redirect_from: [/articles/truce-talks/]")
            && help.contains("content/articles/ceasefire-talks.md"),
        "{help}"
    );
    assert!(!site.root().join("second").exists(), "nothing was written");

    edit(&site, "content/articles/ceasefire-talks.md", |text| {
        text.replacen("---\n", "---\nredirect_from: [/articles/truce-talks/]\n", 1)
    });
    let built = build_fresh(&site, "third").unwrap();
    let page = built.page("articles/truce-talks/index.html");
    // The test site has no `base_url`: links are paths.
    let new = "/articles/ceasefire-talks/";
    let canonical = select(&page, "link[rel=canonical]");
    assert_eq!(canonical[0].attr("href"), Some(new));
    let refresh = select(&page, "meta[http-equiv=refresh]");
    assert_eq!(
        refresh[0].attr("content"),
        Some("0; url=/articles/ceasefire-talks/")
    );
    let robots = select(&page, "meta[name=robots]");
    assert_eq!(robots[0].attr("content"), Some("noindex"));
    let link = select(&page, "body a");
    assert_eq!(link[0].attr("href"), Some("/articles/ceasefire-talks/"));
    let rules = built.read("_redirects");
    assert!(
        rules
            .lines()
            .any(|l| l == "/articles/truce-talks/ /articles/ceasefire-talks/ 301"),
        "{rules}"
    );
    assert!(record(&site).contains("/articles/truce-talks/ content/articles/ceasefire-talks.md"));
}

#[test]
fn a_new_slug_names_the_same_file_as_the_successor() {
    let site = site();
    build_fresh(&site, "first").unwrap();
    edit(&site, "content/articles/truce-talks.md", |text| {
        text.replacen("---\n", "---\nslug: gaza-truce\n", 1)
    });
    let errors = errors(build_fresh(&site, "second"));
    let help = only(&errors, "G0209").help.clone().unwrap();
    assert!(
        help.contains(
            "its page is now `/articles/gaza-truce/` (made from content/articles/truce-talks.md)"
        ),
        "{help}"
    );
}

#[test]
fn a_renamed_entity_keeps_its_page_and_its_feed() {
    let site = site();
    build_fresh(&site, "first").unwrap();
    rename(
        &site,
        "content/entities/hamas.md",
        "content/entities/hamas-movement.md",
    );
    edit(&site, "content/articles/truce-talks.md", |t| {
        t.replace("[hamas]", "[hamas-movement]")
    });
    let errors = errors(build_fresh(&site, "second"));
    // The page and its feed go together: one error says both.
    let dropped = only(&errors, "G0209");
    assert!(dropped.message.contains("`/entities/hamas/`"), "{dropped}");
    let help = dropped.help.as_deref().unwrap();
    assert!(help.contains("`/entities/hamas-movement/`"), "{help}");

    edit(&site, "content/entities/hamas-movement.md", |t| {
        t.replacen("---\n", "---\nredirect_from: [/entities/hamas/]\n", 1)
    });
    let built = build_fresh(&site, "third").unwrap();
    let feed = built.read("entities/hamas/atom.xml");
    assert_eq!(feed, built.read("entities/hamas-movement/atom.xml"));
    let rules = built.read("_redirects");
    assert!(rules.contains("/entities/hamas/ /entities/hamas-movement/ 301\n"));
    assert!(rules.contains("/entities/hamas/atom.xml /entities/hamas-movement/atom.xml 301\n"));
}

#[test]
fn a_tag_no_article_has_any_more_leads_on_through_site_yaml() {
    let site = site();
    build_fresh(&site, "first").unwrap();
    edit(&site, "content/articles/truce-talks.md", |t| {
        t.replace("tags: [gaza]", "tags: [gaza-strip]")
    });
    let errors = errors(build_fresh(&site, "second"));
    let help = only(&errors, "G0209").help.clone().unwrap();
    assert!(help.contains("`redirects:` in site.yaml"), "{help}");

    let site = site.file(
        "site.yaml",
        "redirects:\n  /tags/gaza/: /tags/gaza-strip/\n",
    );
    let built = build_fresh(&site, "third").unwrap();
    assert!(built
        .read("_redirects")
        .contains("/tags/gaza/ /tags/gaza-strip/ 301\n"));
}

#[test]
fn a_page_removed_on_purpose_gets_the_410_page_and_rule() {
    let site = site();
    build_fresh(&site, "first").unwrap();
    std::fs::remove_file(site.root().join("content/articles/truce-talks.md")).unwrap();
    let site = site
        .article("other", "", "Other news.")
        .file("site.yaml", "gone:\n  - /articles/truce-talks/\n");
    // Its tag went with it: that URL must be kept or given up too.
    let errors = errors(build_fresh(&site, "second"));
    assert!(only(&errors, "G0209").message.contains("/tags/gaza/"));
    let site = site.file(
        "site.yaml",
        "gone:\n  - /articles/truce-talks/\n  - /tags/gaza/\n",
    );
    let built = build_fresh(&site, "third").unwrap();
    let page = built.page("410.html");
    assert_eq!(text(&select(&page, "h1")[0]), "Page removed");
    assert!(!built.out.join("articles/truce-talks").exists());
    let rules = built.read("_redirects");
    assert!(
        rules.contains("/articles/truce-talks/ /410.html 410\n"),
        "{rules}"
    );
}

#[test]
fn previews_with_drafts_or_future_articles_never_add_to_the_record() {
    let site = site().article("plan", "draft: true", "A draft.").file(
        "content/articles/later.md",
        "---\ntitle: Later\ndate: 2999-01-01\n---\nLater.\n",
    );
    build_fresh(&site, "first").unwrap();
    let before = record(&site);
    for flag in ["drafts", "future"] {
        let mut options = site.options();
        options.output = Some(site.root().join(flag));
        options.drafts = flag == "drafts";
        options.future = flag == "future";
        gloss::build(&options).unwrap();
        assert_eq!(record(&site), before, "--{flag}");
    }
    assert!(!before.contains("/articles/plan/") && !before.contains("/articles/later/"));
}

#[test]
fn check_reads_the_record_and_never_writes_it() {
    let site = site();
    let check = |site: &TestSite| {
        gloss::check(&gloss::CheckOptions {
            root: site.root().to_path_buf(),
            strict: false,
            drafts: false,
            future: false,
        })
    };
    check(&site).unwrap();
    assert!(!site.root().join(RECORD).exists());
    build_fresh(&site, "out").unwrap();
    rename(
        &site,
        "content/articles/truce-talks.md",
        "content/articles/talks.md",
    );
    let errors = check(&site).unwrap_err().into_vec();
    only(&errors, "G0209");
}

#[test]
fn a_damaged_record_is_an_error_and_is_never_written_over() {
    let site = site();
    build_fresh(&site, "out").unwrap();
    let damaged = format!(
        "{}<<<<<<< HEAD\n/articles/x/\n=======\n>>>>>>> other\n",
        record(&site)
    );
    std::fs::write(site.root().join(RECORD), &damaged).unwrap();
    let errors = errors(build_fresh(&site, "again"));
    let marker = errors.iter().find(|d| d.code == "G0210").unwrap();
    let line = damaged
        .lines()
        .position(|l| l.starts_with("<<<<<<<"))
        .unwrap()
        + 1;
    assert_eq!(marker.line_col(), Some((line, 1)));
    assert!(marker
        .help
        .as_deref()
        .unwrap()
        .contains("keep the lines of both sides"));
    assert_eq!(record(&site), damaged);
}

/// The one error with `code` after building `site` with `yaml` as its site.yaml.
fn moves_error(extra_front: &str, yaml: &str, code: &str) -> gloss::Diagnostic {
    let site = site().file("site.yaml", yaml);
    if !extra_front.is_empty() {
        edit(&site, "content/articles/truce-talks.md", |t| {
            t.replacen("---\n", &format!("---\n{extra_front}\n"), 1)
        });
    }
    let errors = errors(build_fresh(&site, "out"));
    only(&errors, code).clone()
}

#[test]
fn an_old_address_that_is_a_live_page_is_refused() {
    let error = moves_error("", "gone: [/entities/hamas/]\n", "G0206");
    assert!(error.message.contains("is a live page"), "{error}");
    assert_eq!(error.line_col(), Some((1, 8)));
}

#[test]
fn an_old_address_claimed_twice_is_refused() {
    let yaml = "redirects:\n  /old/: /articles/truce-talks/\ngone:\n  - /old/\n";
    let error = moves_error("", yaml, "G0206");
    assert!(error.message.contains("claimed twice"), "{error}");
}

#[test]
fn a_redirect_to_itself_is_a_loop() {
    let error = moves_error("redirect_from: [/articles/truce-talks/]", "", "G0206");
    assert!(error.message.contains("live page"), "{error}");
    let yaml = "redirects:\n  /a/: /b/\n  /b/: /a/\n";
    let site = site().file("site.yaml", yaml);
    let errors = errors(build_fresh(&site, "out"));
    let loops: Vec<_> = errors.iter().filter(|d| d.code == "G0207").collect();
    assert_eq!(loops.len(), 2, "{errors:#?}");
    assert!(
        loops[0].message.contains("loop: /a/ -> /b/ -> /a/"),
        "{}",
        loops[0]
    );
}

#[test]
fn a_chain_is_shown_collapsed_to_its_final_page() {
    let yaml = "redirects:\n  /a/: /b/\n  /b/: /articles/truce-talks/\n";
    let error = moves_error("", yaml, "G0207");
    assert!(
        error
            .message
            .contains("/a/ -> /b/ -> /articles/truce-talks/"),
        "{error}"
    );
    assert!(error
        .help
        .as_deref()
        .unwrap()
        .contains("`/a/: /articles/truce-talks/`"));
    assert_eq!(error.line_col(), Some((2, 3)));
}

#[test]
fn a_redirect_to_no_page_is_refused_with_the_closest_page() {
    let error = moves_error("", "redirects:\n  /a/: /articles/truce-talk/\n", "G0208");
    assert!(
        error
            .help
            .as_deref()
            .unwrap()
            .contains("/articles/truce-talks/"),
        "{error}"
    );
}

#[test]
fn a_redirect_that_leaves_the_site_is_refused() {
    let error = moves_error(
        "redirect_from: [\"https://elsewhere.example/a/\"]",
        "",
        "G0114",
    );
    assert!(error.message.contains("another site"), "{error}");
    // The span is the address inside its quotes.
    assert_eq!(error.line_col(), Some((2, 18)));
}

#[test]
fn a_malformed_address_is_refused() {
    for bad in ["old/", "/a/../b/", "/a//b/", "/a?page=2", "/a b/"] {
        let yaml = format!("gone:\n  - {bad:?}\n");
        let error = moves_error("", &yaml, "G0114");
        assert!(
            error.message.contains("not an address of this site"),
            "{bad}: {error}"
        );
        assert_eq!(error.line_col(), Some((2, 6)), "{bad}");
    }
}

#[test]
fn an_unparseable_date_time_or_zone_is_refused_at_its_line() {
    for bad in [
        "2024-09-19T25:00:00Z",
        "2024-09-19T06:00:00+99:00",
        "2024-09-19T06:00",
    ] {
        let site = TestSite::new().file(
            "content/articles/a.md",
            &format!("---\ntitle: A\ndate: {bad}\n---\nText.\n"),
        );
        let errors = errors(build_fresh(&site, "out"));
        let error = only(&errors, "G0105");
        assert_eq!(error.line_col(), Some((3, 7)), "{bad}");
    }
}

#[test]
fn the_sites_own_redirect_rules_come_first() {
    let site = site()
        .file(
            "static/_redirects",
            "/api/* https://api.example.org/:splat 200\n",
        )
        .file("site.yaml", "redirects:\n  /old/: /articles/truce-talks/\n");
    let built = build_fresh(&site, "out").unwrap();
    let rules = built.read("_redirects");
    let own = rules.find("/api/*").unwrap();
    let ours = rules.find("/old/ /articles/truce-talks/ 301").unwrap();
    assert!(own < ours, "{rules}");
}

#[test]
fn serve_answers_a_removed_address_with_410_and_the_410_page() {
    let site = site().file("site.yaml", "gone:\n  - /articles/withdrawn/\n");
    let server = common::server::Server::start(site.root());
    let (status, content_type, body) = server.get("/articles/withdrawn/");
    assert_eq!(status, 410);
    assert!(content_type.starts_with("text/html"));
    let page = scraper::Html::parse_document(&body);
    assert_eq!(text(&select(&page, "h1")[0]), "Page removed");
    assert_eq!(server.get("/articles/truce-talks/").0, 200);
}
