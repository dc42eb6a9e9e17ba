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

// ---- completion ---------------------------------------------------------------

/// The position (0-based line, UTF-16 column) just after the first `needle` in `text`.
fn after(text: &str, needle: &str) -> Value {
    let at = text.find(needle).unwrap() + needle.len();
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let character: usize = text[start..at].chars().map(char::len_utf16).sum();
    json!({ "line": line, "character": character })
}

fn at(client: &Client, rel: &str, position: Value) -> Value {
    json!({ "textDocument": { "uri": client.uri(rel) }, "position": position })
}

fn labels(items: &Value) -> Vec<String> {
    let items = items.as_array().or(items["items"].as_array()).unwrap();
    items
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

fn complete(client: &mut Client, rel: &str, text: &str, needle: &str) -> Value {
    client
        .request(
            "textDocument/completion",
            at(client, rel, after(text, needle)),
        )
        .unwrap()
}

#[test]
fn slugs_complete_in_annotations_with_name_kind_and_summary() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    let text = read(&site, ARTICLE).replace("  - antony-blinken\n", "  - antony-bl\n");
    client.open(ARTICLE, &text);
    let items = complete(&mut client, ARTICLE, &text, "  - antony-bl");
    let items = items.as_array().unwrap();
    let blinken = items
        .iter()
        .find(|i| i["label"] == "antony-blinken")
        .unwrap();
    assert_eq!(blinken["detail"], "Antony Blinken · person");
    let summary = blinken["documentation"]["value"].as_str().unwrap();
    assert!(summary.starts_with("American diplomat"), "{summary}");
    // The slug replaces what was typed of it.
    let line = line_of(&text, "  - antony-bl");
    assert_eq!(
        blinken["textEdit"]["range"]["start"],
        json!({ "line": line, "character": 4 })
    );
    assert_eq!(
        blinken["textEdit"]["range"]["end"],
        json!({ "line": line, "character": 13 })
    );
}

#[test]
fn slugs_complete_after_an_at_link_in_the_body() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    let text = format!("{}\nSee [the minister](@ba\n", read(&site, ARTICLE));
    client.open(ARTICLE, &text);
    let items = complete(&mut client, ARTICLE, &text, "](@ba");
    assert!(labels(&items).contains(&"badr-abdelatty".to_string()));
    // Plain body text completes nothing.
    let none = complete(&mut client, ARTICLE, &text, "See [the");
    assert!(labels(&none).is_empty());
}

#[test]
fn keys_complete_at_the_start_of_a_front_matter_line_and_kinds_after_kind() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    let text = read(&site, ARTICLE).replace("tags: [", "up\ntags: [");
    client.open(ARTICLE, &text);
    let keys = labels(&complete(&mut client, ARTICLE, &text, "\nup"));
    assert!(keys.contains(&"updated".to_string()), "{keys:?}");
    // A key the article already has is not offered again.
    assert!(!keys.contains(&"title".to_string()), "{keys:?}");
    let entity = read(&site, ABDELATTY).replace("kind: person", "kind: p");
    client.open(ABDELATTY, &entity);
    let kinds = labels(&complete(&mut client, ABDELATTY, &entity, "kind: p"));
    assert_eq!(kinds, ["person", "organization", "place", "event", "other"]);
}

#[test]
fn tags_used_on_the_site_complete_in_tags() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    let text = read(&site, ARTICLE).replace(
        "tags: [gaza, diplomacy, egypt, hostages]",
        "tags: [gaza, dip]",
    );
    client.open(ARTICLE, &text);
    let items = complete(&mut client, ARTICLE, &text, "tags: [gaza, dip");
    let tags = labels(&items);
    assert!(
        tags.contains(&"diplomacy".to_string()) && tags.contains(&"lebanon".to_string()),
        "{tags:?}"
    );
}

// ---- hover ----------------------------------------------------------------------

fn hover_text(client: &mut Client, rel: &str, text: &str, needle: &str) -> String {
    let hover = client
        .request("textDocument/hover", at(client, rel, after(text, needle)))
        .unwrap();
    hover["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn hovering_a_slug_shows_the_card_as_of_the_articles_date() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    let text = read(&site, ARTICLE);
    client.open(ARTICLE, &text);
    let card = hover_text(&mut client, ARTICLE, &text, "  - antony-bl");
    assert!(card.starts_with("**Antony Blinken** · person"), "{card}");
    // September 2024: secretary of state then, no longer today.
    assert!(
        card.contains("*then U.S. Secretary of State* (as of September 18, 2024)"),
        "{card}"
    );
    assert!(card.contains("American diplomat"), "{card}");
    assert!(card.contains("Mentioned in 3 other explainers"), "{card}");
}

#[test]
fn hovering_a_name_in_the_body_shows_its_card() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    let text = read(&site, ARTICLE);
    client.open(ARTICLE, &text);
    let card = hover_text(&mut client, ARTICLE, &text, "Foreign Minister Badr Abd");
    assert!(card.starts_with("**Badr Abdelatty** · person"), "{card}");
    let term = hover_text(&mut client, ARTICLE, &text, "a cease-f");
    assert!(term.starts_with("**cease-fire** · term"), "{term}");
}

#[test]
fn hovering_an_error_code_shows_its_explanation() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    let text = format!("{}\nWhy G0202 here?\n", read(&site, ARTICLE));
    client.open(ARTICLE, &text);
    let page = hover_text(&mut client, ARTICLE, &text, "Why G02");
    assert_eq!(page, gloss::explanation("G0202").unwrap());
}

// ---- navigation ----------------------------------------------------------------

#[test]
fn a_slug_or_a_mention_leads_to_the_entity_file() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    let text = read(&site, ARTICLE);
    client.open(ARTICLE, &text);
    let wanted = json!(client.uri("content/entities/people/antony-blinken.md"));
    for needle in [
        "  - antony-bl",
        "(@antony-bl",
        "Secretary of State Antony Bl",
    ] {
        let found = client.request(
            "textDocument/definition",
            at(&client, ARTICLE, after(&text, needle)),
        );
        assert_eq!(found.unwrap()["uri"], wanted, "from {needle}");
    }
}

#[test]
fn references_list_every_article_that_annotates_or_links_to_the_entity() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    let entity = "content/entities/people/antony-blinken.md";
    let text = read(&site, entity);
    client.open(entity, &text);
    let mut params = at(&client, entity, json!({ "line": 1, "character": 8 }));
    params["context"] = json!({ "includeDeclaration": false });
    let found = client.request("textDocument/references", params).unwrap();
    let mut files: Vec<String> = (found.as_array().unwrap().iter())
        .map(|l| {
            l["uri"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    files.dedup();
    assert_eq!(
        files,
        [
            "ceasefire-talks-egypt.md",
            "january-ceasefire-blinken-exit.md",
            "pager-explosions-hezbollah.md",
            "timeline-gaza-lebanon-un.md"
        ]
    );
}

// ---- code actions -------------------------------------------------------------

fn actions_at(client: &mut Client, rel: &str, text: &str, needle: &str) -> Vec<Value> {
    let position = after(text, needle);
    let params = json!({
        "textDocument": { "uri": client.uri(rel) },
        "range": { "start": position, "end": position },
        "context": { "diagnostics": [] }
    });
    let found = client.request("textDocument/codeAction", params).unwrap();
    found.as_array().unwrap().clone()
}

/// `text` with the edits of a workspace edit for `uri` applied (edits do not overlap).
fn apply(text: &str, edit: &Value, uri: &str) -> String {
    let mut edits = edit["changes"][uri].as_array().unwrap().clone();
    edits.sort_by_key(|e| {
        std::cmp::Reverse((
            e["range"]["start"]["line"].as_u64(),
            e["range"]["start"]["character"].as_u64(),
        ))
    });
    let mut text = text.to_string();
    for e in edits {
        let offset = |p: &Value| {
            let line = p["line"].as_u64().unwrap() as usize;
            let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
            let units = p["character"].as_u64().unwrap() as usize;
            let mut at = start;
            let mut counted = 0;
            for c in text[start..].chars() {
                if counted >= units {
                    break;
                }
                counted += c.len_utf16();
                at += c.len_utf8();
            }
            at
        };
        let (start, end) = (offset(&e["range"]["start"]), offset(&e["range"]["end"]));
        text.replace_range(start..end, e["newText"].as_str().unwrap());
    }
    text
}

#[test]
fn a_misspelt_slug_is_fixed_by_its_nearest_and_the_diagnostic_clears() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    let text = read(&site, ARTICLE).replace("  - antony-blinken\n", "  - antony-blinkn\n");
    client.open(ARTICLE, &text);
    client.diagnostics(ARTICLE, has("G0202"));
    let actions = actions_at(&mut client, ARTICLE, &text, "  - antony-bl");
    let fix = actions
        .iter()
        .find(|a| a["title"] == "Change to `antony-blinken`")
        .unwrap();
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["diagnostics"][0]["code"], "G0202");
    let fixed = apply(&text, &fix["edit"], &client.uri(ARTICLE));
    assert_eq!(fixed, read(&site, ARTICLE));
    client.change(ARTICLE, 2, &fixed);
    client.diagnostics(ARTICLE, lacks("G0202"));
}

#[test]
fn a_misspelt_key_is_fixed_by_its_nearest() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    let text = read(&site, ARTICLE).replace("summary:", "sumary:");
    client.open(ARTICLE, &text);
    client.diagnostics(ARTICLE, has("G0102"));
    let actions = actions_at(&mut client, ARTICLE, &text, "sum");
    let fix = actions
        .iter()
        .find(|a| a["title"] == "Change to `summary`")
        .unwrap();
    assert_eq!(
        apply(&text, &fix["edit"], &client.uri(ARTICLE)),
        read(&site, ARTICLE)
    );
}

#[test]
fn a_name_mentioned_but_not_annotated_is_annotated_by_its_fix() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    let text = read(&site, ARTICLE).replace("  - qatar\n", "");
    client.open(ARTICLE, &text);
    let found = client.diagnostics(ARTICLE, has("G0302"));
    let problem = found
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("`qatar`"))
        .unwrap();
    let start = &problem["range"]["start"];
    let params = json!({
        "textDocument": { "uri": client.uri(ARTICLE) },
        "range": { "start": start, "end": start },
        "context": { "diagnostics": [problem] }
    });
    let actions = client.request("textDocument/codeAction", params).unwrap();
    let fix = (actions.as_array().unwrap().iter())
        .find(|a| a["title"] == "Annotate `qatar`")
        .unwrap();
    let fixed = apply(&text, &fix["edit"], &client.uri(ARTICLE));
    assert!(fixed.contains("  - term: cease-fire\n    aliases: [ceasefire]\n    definition: An agreed halt to fighting, usually temporary, that both sides commit to observe.\n  - qatar\n"), "{fixed}");
    client.change(ARTICLE, 2, &fixed);
    client.diagnostics(ARTICLE, |d| {
        !d.iter()
            .any(|d| d["message"].as_str().unwrap().contains("`qatar`"))
    });
}

#[test]
fn an_unknown_slug_offers_to_create_the_entity_from_the_new_entity_template() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    let text = read(&site, ARTICLE).replace("  - hamas\n", "  - hamas\n  - yahya-sinwar\n");
    client.open(ARTICLE, &text);
    client.diagnostics(ARTICLE, has("G0202"));
    let actions = actions_at(&mut client, ARTICLE, &text, "  - yahya");
    let create = actions
        .iter()
        .find(|a| a["title"] == "Create entity `yahya-sinwar` (person)")
        .unwrap();
    let operations = create["edit"]["documentChanges"].as_array().unwrap();
    let uri = client.uri("content/entities/yahya-sinwar.md");
    assert_eq!(
        operations[0],
        json!({ "kind": "create", "uri": uri, "options": { "overwrite": false, "ignoreIfExists": true } })
    );
    let written = operations[1]["edits"][0]["newText"].as_str().unwrap();
    // What `gloss new entity` writes for the same name and kind.
    let other = tempfile::tempdir().unwrap();
    let path = gloss::new_entity(other.path(), "Yahya Sinwar", "person", None).unwrap();
    assert_eq!(written, std::fs::read_to_string(path).unwrap());
    // Once the editor has created it, the article is fine.
    client.open("content/entities/yahya-sinwar.md", written);
    client.diagnostics(ARTICLE, lacks("G0202"));
}

// ---- robustness ----------------------------------------------------------------

#[test]
fn a_malformed_message_gets_a_parse_error_and_the_server_reads_on() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    client.send_raw(b"Content-Length: 11\r\n\r\n{not json!}");
    let answer = client.wait_for(|m| m.get("error").is_some());
    assert_eq!(answer["id"], Value::Null);
    assert_eq!(answer["error"]["code"], -32700);
    client.send_raw(b"Content-Length: 9\r\n\r\n{\"id\":[]}");
    client.wait_for(|m| m["error"]["code"] == -32700);
    let text = read(&site, ARTICLE);
    client.open(ARTICLE, &text);
    assert!(client
        .request(
            "textDocument/hover",
            at(&client, ARTICLE, after(&text, "  - hama"))
        )
        .is_ok());
    assert!(client.shutdown().success());
}

#[test]
fn a_message_claiming_a_huge_length_is_refused_at_once_without_setting_memory_aside() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    client.send_raw(b"Content-Length: 999999999999999\r\n\r\n");
    let answer = client.wait_for(|m| m.get("error").is_some());
    assert_eq!(answer["error"]["code"], -32700);
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(message.contains("over the limit"), "{message}");
}

#[test]
fn an_unknown_method_is_answered_method_not_found() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    let error = client
        .request("textDocument/semanticTokens/full", json!({}))
        .unwrap_err();
    assert_eq!(error["code"], -32601);
    let error = client
        .request("textDocument/hover", json!({ "nonsense": true }))
        .unwrap_err();
    assert_eq!(error["code"], -32602);
    assert!(client.shutdown().success());
}

#[test]
fn a_document_outside_the_site_is_refused() {
    let site = example_site();
    let elsewhere = tempfile::tempdir().unwrap();
    let mut client = Client::ready(site.path());
    let uri = lsp_types::Url::from_file_path(elsewhere.path().join("notes.md")).unwrap();
    client.notify("textDocument/didOpen", json!({
        "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": "---\ntitle: x\n---\n" }
    }));
    let params =
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 0 } });
    let error = client.request("textDocument/hover", params).unwrap_err();
    assert_eq!(error["code"], -32602);
    assert!(error["message"]
        .as_str()
        .unwrap()
        .contains("not a file of the site"));
    assert!(client.shutdown().success());
}

#[test]
fn requests_before_initialize_are_refused() {
    let site = example_site();
    let mut client = Client::start(site.path(), &[]);
    let error = client.request("textDocument/hover", json!({})).unwrap_err();
    assert_eq!(error["code"], -32002);
    client.initialize(json!({}));
    assert!(client.shutdown().success());
}

#[test]
fn a_panic_in_one_request_is_an_error_and_the_server_keeps_running() {
    let site = example_site();
    let mut client = Client::start(site.path(), &[("GLOSS_FAULT", "textDocument/hover")]);
    client.initialize(json!({}));
    let text = read(&site, ARTICLE);
    client.open(ARTICLE, &text);
    let position = at(&client, ARTICLE, after(&text, "  - hama"));
    let error = client
        .request("textDocument/hover", position.clone())
        .unwrap_err();
    assert_eq!(error["code"], -32603);
    let found = client.request("textDocument/definition", position).unwrap();
    assert_eq!(
        found["uri"],
        json!(client.uri("content/entities/organizations/hamas.md"))
    );
    assert!(client.shutdown().success());
}

#[test]
fn exit_without_shutdown_ends_with_status_1() {
    let site = example_site();
    let mut client = Client::ready(site.path());
    client.notify("exit", Value::Null);
    assert_eq!(client.wait().code(), Some(1));
}
