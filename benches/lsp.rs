//! How soon `gloss lsp` shows the diagnostics of an article after a change,
//! on a 10,000-article site: `cargo bench --bench lsp`.
//!
//! The site is `gloss-corpus`'s (10,000 articles, 500 entities, seed 1),
//! written into a temporary folder. The server is the release binary,
//! started as an editor starts it and spoken to over stdio by the tests'
//! client (`tests/common/lsp.rs`). Once it has loaded the site and checked
//! its pages, each iteration sends one `textDocument/didChange` of an open
//! article and times until `textDocument/publishDiagnostics` for that
//! version arrives:
//!
//! - `lsp/body_edit`: a word typed in the body (the article's Markdown is
//!   rendered and matched again);
//! - `lsp/slug_edit`: a slug in `annotations:` misspelt and fixed in turn
//!   (resolved again; the diagnostics change each time).
//!
//! The target is 50 ms.

#[path = "../tests/common/lsp.rs"]
#[allow(dead_code)]
mod client;

use std::time::{Duration, Instant};

use client::Client;
use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::json;

const ARTICLES: usize = 10_000;

fn change_and_wait(client: &mut Client, rel: &str, version: i64, text: &str) -> Duration {
    let uri = client.uri(rel);
    let started = Instant::now();
    client.change(rel, version, text);
    client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == json!(uri)
            && m["params"]["version"] == json!(version)
    });
    started.elapsed()
}

fn lsp(c: &mut Criterion) {
    let corpus = gloss_corpus::generate(&gloss_corpus::Options {
        articles: ARTICLES,
        entities: None,
        seed: 1,
    });
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    gloss_corpus::write(&corpus, gloss_corpus::Format::Gloss, &root).unwrap();
    let mut client = Client::ready(&root);
    // The article the bench edits: the 5,000th file, in the middle of the site.
    let mut files: Vec<_> = std::fs::read_dir(root.join("content/articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let path = &files[files.len() / 2];
    let rel = path
        .strip_prefix(&root)
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let text = std::fs::read_to_string(path).unwrap();
    client.open(&rel, &text);
    client.diagnostics(&rel, |_| true);
    // Let the first check of every page finish (it runs once the editor is
    // idle): a request is answered after it.
    std::thread::sleep(Duration::from_secs(2));
    let hover = json!({ "textDocument": { "uri": client.uri(&rel) }, "position": { "line": 0, "character": 0 } });
    client.request("textDocument/hover", hover).unwrap();
    client.backlog.clear();

    let body = text.rfind("\n\n").unwrap();
    // The corpus writes `annotations: ["slug", ...]`.
    let first_slug = text.find("annotations: [\"").unwrap() + "annotations: [\"".len();
    let mut version = 1;
    let mut group = c.benchmark_group("lsp");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("body_edit", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                version += 1;
                let mut edited = text.clone();
                edited.insert_str(body, &format!(" word{version}"));
                total += change_and_wait(&mut client, &rel, version, &edited);
            }
            total
        })
    });
    group.bench_function("slug_edit", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                version += 1;
                let mut edited = text.clone();
                if version % 2 == 0 {
                    edited.insert(first_slug, 'x');
                }
                total += change_and_wait(&mut client, &rel, version, &edited);
            }
            total
        })
    });
    group.finish();
    client.shutdown();
}

criterion_group!(benches, lsp);
criterion_main!(benches);
