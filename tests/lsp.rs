//! `gloss lsp` spoken to as an editor speaks to it: the server is started
//! as a process in a copy of the example site, and each test talks
//! JSON-RPC with it over its stdin and stdout (`tests/common/lsp.rs`).

mod common;

use std::path::Path;

use common::lsp::{codes, start_of, Client};
use serde_json::{json, Value};

const ARTICLE: &str = "content/articles/ceasefire-talks-egypt.md";
const UN_VOTE: &str = "content/articles/un-general-assembly-occupation-vote.md";
const ABDELATTY: &str = "content/entities/people/badr-abdelatty.md";

/// A fresh copy of the repository's example site, with its record of
/// published URLs.
fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in ["site.yaml", "published-urls.txt"] {
        std::fs::copy(root.join(file), dir.path().join(file)).unwrap();
    }
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.unwrap();
        let to = dir.path().join(entry.path().strip_prefix(root).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

fn read(site: &tempfile::TempDir, rel: &str) -> String {
    std::fs::read_to_string(site.path().join(rel)).unwrap()
}

fn with_code<'d>(diagnostics: &'d [Value], code: &str) -> Option<&'d Value> {
    diagnostics.iter().find(|d| d["code"] == code)
}

fn has(code: &'static str) -> impl Fn(&[Value]) -> bool {
    move |d: &[Value]| with_code(d, code).is_some()
}

fn lacks(code: &'static str) -> impl Fn(&[Value]) -> bool {
    move |d: &[Value]| with_code(d, code).is_none()
}

/// The 0-based line of the first line of `text` that starts with `start`.
fn line_of(text: &str, start: &str) -> u64 {
    text.lines().position(|l| l.starts_with(start)).unwrap() as u64
}

// ---- diagnostics ----------------------------------------------------------------

#[test]
fn files_that_are_not_open_are_shown_their_problems_too() {
    let site = example_site();
    let broken = read(&site, ABDELATTY).replace("kind: person", "kind: persn");
    std::fs::write(site.path().join(ABDELATTY), broken).unwrap();
    let mut client = Client::ready(site.path());
    client.diagnostics(ABDELATTY, has("G0105"));
}

#[test]
fn a_misspelt_slug_is_reported_where_it_is_written_with_its_fix() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    let text = read(&site, ARTICLE).replace("  - antony-blinken\n", "  - antony-blinkn\n");
    client.open(ARTICLE, &text);
    let found = client.diagnostics(ARTICLE, has("G0202"));
    let problem = with_code(&found, "G0202").unwrap();
    assert_eq!(start_of(problem), (line_of(&text, "  - antony-blinkn"), 4));
    assert_eq!(problem["severity"], 1);
    assert_eq!(problem["source"], "gloss");
    let message = problem["message"].as_str().unwrap();
    assert!(message.contains("no entity `antony-blinkn`"), "{message}");
    assert!(
        message.contains("help: did you mean `antony-blinken`?"),
        "{message}"
    );
}

#[test]
fn diagnostics_follow_unsaved_changes_and_clear_once_fixed() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    let good = read(&site, ARTICLE);
    client.open(ARTICLE, &good);
    let found = client.diagnostics(ARTICLE, |_| true);
    assert!(found.iter().all(|d| d["severity"] != 1), "{found:#?}");
    let bad = good.replace("  - hamas\n", "  - hamass\n");
    client.change(ARTICLE, 2, &bad);
    client.diagnostics(ARTICLE, has("G0202"));
    client.change(ARTICLE, 3, &good);
    client.diagnostics(ARTICLE, lacks("G0202"));
    // Nothing was saved: the disk still has the text it had.
    assert_eq!(read(&site, ARTICLE), good);
}

#[test]
fn columns_count_utf16_code_units() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    let text = format!("{}\nSee ’𝄞’ [him](@nobody-at-all).\n", read(&site, ARTICLE));
    client.open(ARTICLE, &text);
    let found = client.diagnostics(ARTICLE, has("G0203"));
    let problem = with_code(&found, "G0203").unwrap();
    // "See ’𝄞’ " is 8 characters, 9 UTF-16 units (𝄞 takes two).
    assert_eq!(start_of(problem), (line_of(&text, "See ’𝄞’"), 9));
}

#[test]
fn editing_an_entity_rechecks_the_open_articles_that_use_it() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    client.open(ARTICLE, &read(&site, ARTICLE));
    client.diagnostics(ARTICLE, lacks("G0301"));
    let entity = read(&site, ABDELATTY);
    client.open(ABDELATTY, &entity);
    let renamed = entity
        .replace("name: Badr Abdelatty", "name: Someone Else")
        .replace("aliases: [Abdelatty, Badr Abdel Aty]", "aliases: []");
    client.change(ABDELATTY, 2, &renamed);
    // The article was not touched, yet its annotation no longer matches.
    let found = client.diagnostics(ARTICLE, has("G0301"));
    let message = with_code(&found, "G0301").unwrap()["message"]
        .as_str()
        .unwrap();
    assert!(message.contains("`Someone Else`"), "{message}");
    client.change(ABDELATTY, 3, &entity);
    client.diagnostics(ARTICLE, lacks("G0301"));
}

#[test]
fn site_yaml_is_checked_as_it_is_typed() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    let text = format!("{}\ntitel: Another\n", read(&site, "site.yaml"));
    client.open("site.yaml", &text);
    let found = client.diagnostics("site.yaml", has("G0102"));
    let problem = with_code(&found, "G0102").unwrap();
    assert_eq!(start_of(problem), (line_of(&text, "titel"), 0));
    assert!(problem["message"]
        .as_str()
        .unwrap()
        .contains("did you mean `title`"));
}

#[test]
fn a_problem_shared_with_another_file_links_to_it() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    let text =
        read(&site, UN_VOTE).replace("slug: un-vote-on-occupation", "slug: ceasefire-talks-egypt");
    client.open(UN_VOTE, &text);
    let found = client.diagnostics(UN_VOTE, has("G0201"));
    let related = &with_code(&found, "G0201").unwrap()["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], json!(client.uri(ARTICLE)));
}

#[test]
fn the_pages_problems_follow_once_the_editor_is_idle() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    // The article's published URL would go: only the pages' check sees it.
    let text = read(&site, ARTICLE).replace("title: ", "slug: somewhere-else\ntitle: ");
    client.open(ARTICLE, &text);
    // The error is at the URL's line in the record, naming the fix.
    let found = client.diagnostics("published-urls.txt", has("G0209"));
    assert_eq!(
        codes(&found).iter().filter(|c| *c == "G0209").count(),
        1,
        "{found:#?}"
    );
    let message = with_code(&found, "G0209").unwrap()["message"]
        .as_str()
        .unwrap();
    assert!(
        message.contains("`/articles/ceasefire-talks-egypt/` was published"),
        "{message}"
    );
}

#[test]
fn an_unsaved_new_file_is_checked() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    let rel = "content/articles/not-saved-yet.md";
    client.open(
        rel,
        "---\ntitle: New\ndate: 2024-09-20\nannotations:\n  - hamass\n---\nHamas.\n",
    );
    client.diagnostics(rel, has("G0202"));
    assert!(!site.path().join(rel).exists());
}
