//! The repository's own example site, and a generated 1,000-article corpus
//! checked against the generator's ground truth.

mod common;
use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn build_example() -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let mut options = gloss::BuildOptions::new(env!("CARGO_MANIFEST_DIR"));
    options.output = Some(out.path().join("public"));
    let report = gloss::build(&options).unwrap_or_else(|d| panic!("{}", render(&d)));
    assert!(
        report.diagnostics.is_empty(),
        "{}",
        render(&report.diagnostics)
    );
    (out, report.output)
}

#[test]
fn example_site_builds_without_warnings_and_check_strict_passes() {
    build_example();
    let options = gloss::CheckOptions {
        root: env!("CARGO_MANIFEST_DIR").into(),
        strict: true,
        drafts: true,
        future: true,
    };
    gloss::check(&options).unwrap_or_else(|d| panic!("{}", render(&d)));
}

#[test]
fn example_article_page_snapshot() {
    let (_keep, out) = build_example();
    let html =
        std::fs::read_to_string(out.join("articles/ceasefire-talks-egypt/index.html")).unwrap();
    insta::assert_snapshot!("article_ceasefire_talks_egypt", html);
}

#[test]
fn example_entity_page_snapshot() {
    let (_keep, out) = build_example();
    let html = std::fs::read_to_string(out.join("entities/hamas/index.html")).unwrap();
    insta::assert_snapshot!("entity_hamas", html);
}

/// Every entity page lists exactly the articles that mention the entity, per
/// the generator's `truth` format.
#[test]
fn generated_corpus_entity_pages_match_the_ground_truth() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = gloss_corpus::generate(&gloss_corpus::Options::new(1000));
    let run = |format: gloss_corpus::Format, out: &Path| {
        gloss_corpus::write(&corpus, format, out).unwrap();
    };
    run(gloss_corpus::Format::Gloss, &dir.path().join("site"));
    run(gloss_corpus::Format::Truth, &dir.path().join("truth"));

    let mut options = gloss::BuildOptions::new(dir.path().join("site"));
    options.output = Some(dir.path().join("public"));
    let report = gloss::build(&options).unwrap_or_else(|d| panic!("{}", render(&d)));

    let truth: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("truth/truth.json")).unwrap(),
    )
    .unwrap();
    let mut expected: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (url, article) in truth["articles"].as_object().unwrap() {
        for entity in article["entities"].as_array().unwrap() {
            expected
                .entry(entity.as_str().unwrap().to_string())
                .or_default()
                .insert(url.clone());
        }
    }
    let entities_dir = report.output.join("entities");
    let mut checked = 0;
    for entry in std::fs::read_dir(&entities_dir).unwrap() {
        let entry = entry.unwrap();
        if !entry.file_type().unwrap().is_dir() {
            continue;
        }
        let slug = entry.file_name().to_string_lossy().into_owned();
        // Page 1, then `page/2/` and on.
        let mut pages = vec![entry.path().join("index.html")];
        for n in 2.. {
            let page = entry.path().join(format!("page/{n}/index.html"));
            if !page.is_file() {
                break;
            }
            pages.push(page);
        }
        let mut listed: BTreeSet<String> = BTreeSet::new();
        for page in pages {
            let html = scraper::Html::parse_document(&std::fs::read_to_string(page).unwrap());
            let links = select(&html, ".mention-list h3 a");
            listed.extend(
                links
                    .iter()
                    .map(|a| a.value().attr("href").unwrap().to_string()),
            );
        }
        assert_eq!(
            listed,
            expected.remove(&slug).unwrap_or_default(),
            "entity {slug}"
        );
        checked += 1;
    }
    assert!(checked >= 50, "only {checked} entity pages");
    assert!(
        expected.is_empty(),
        "entities without a page: {:?}",
        expected.keys()
    );
}
