//! `gloss serve` as an editor uses it: a real server on a free port, fetched
//! with a real HTTP client, files edited underneath it, reload events awaited.

mod common;
use common::server::Server;
use common::*;

use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[track_caller]
fn await_reload(events: &mpsc::Receiver<String>) {
    assert_eq!(
        events
            .recv_timeout(Duration::from_secs(10))
            .expect("a reload event"),
        "reload"
    );
}

fn site() -> TestSite {
    TestSite::new()
        .file("site.yaml", "title: Desk\nbase_url: https://example.org/\n")
        .entity("hamas", "Hamas", "organization", &[])
        .article("a", "annotations: [hamas]", "Hamas said one thing.")
}

#[test]
fn serves_pages_with_types_and_404() {
    let site = site();
    let server = Server::start(site.root());
    let (status, content_type, body) = server.get("/articles/a/");
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/html; charset=utf-8");
    assert!(body.contains("gloss-mention") && body.contains("/__gloss/live.js"));
    assert_eq!(server.get("/gloss.css").1, "text/css; charset=utf-8");
    assert!(server
        .get("/atom.xml")
        .1
        .starts_with("application/atom+xml"));
    let (status, _, body) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"));
    assert!(
        !site.root().join("public").exists(),
        "serve writes nothing to the output folder"
    );
}

#[test]
fn only_get_and_head_and_only_paths_inside_the_site() {
    let site = site();
    let server = Server::start(site.root());
    assert_eq!(server.status_of("HEAD / HTTP/1.1"), 200);
    assert_eq!(server.status_of("POST / HTTP/1.1"), 405);
    for path in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/..\\..\\secret",
        "/..%5c..%5csecret",
        "/index.html%00.txt",
        "/C:/Windows/win.ini",
        "////etc/passwd",
        "/.%252e/.%252e/etc/passwd",
    ] {
        let status = server.status_of(&format!("GET {path} HTTP/1.1"));
        assert!(status == 400 || status == 404, "{path} -> {status}");
    }
}

#[test]
fn a_foreign_host_header_is_refused() {
    let site = site();
    let server = Server::start(site.root());
    let response = server
        .agent
        .get(&server.url("/"))
        .header("Host", "evil.example")
        .call()
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
}

#[test]
fn editing_an_article_reloads_open_pages() {
    let site = site();
    let server = Server::start(site.root());
    let events = server.subscribe();
    let site = site.article("a", "annotations: [hamas]", "Hamas said another thing.");
    await_reload(&events);
    server.eventually("/articles/a/", |s, b| {
        s == 200 && b.contains("another thing")
    });
    // Added, renamed and deleted files.
    let site = site.article("b", "annotations: [hamas]", "Hamas again.");
    await_reload(&events);
    server.eventually("/articles/b/", |s, _| s == 200);
    std::fs::rename(
        site.root().join("content/articles/b.md"),
        site.root().join("content/articles/c.md"),
    )
    .unwrap();
    await_reload(&events);
    server.eventually("/articles/c/", |s, _| s == 200);
    server.eventually("/articles/b/", |s, _| s == 404);
    std::fs::remove_file(site.root().join("content/articles/c.md")).unwrap();
    await_reload(&events);
    server.eventually("/articles/c/", |s, _| s == 404);
}

#[test]
fn a_broken_save_keeps_the_last_good_pages_and_shows_the_errors() {
    let site = site();
    let server = Server::start(site.root());
    let events = server.subscribe();
    let site = site.file(
        "content/articles/a.md",
        "---\ntitle: a\ndate: someday\n---\nHamas said a new thing.\n",
    );
    await_reload(&events);
    let body = server.eventually("/articles/a/", |_, b| b.contains("gloss-error-overlay"));
    assert!(
        body.contains("one thing"),
        "the last good page is still served"
    );
    assert!(body.contains("content/articles/a.md:3:7"), "{body}");
    assert!(body.contains("YYYY-MM-DD"));

    let site = site.file(
        "content/articles/a.md",
        "---\ntitle: a\ndate: 2024-09-19\n---\nHamas said a new thing.\n",
    );
    await_reload(&events);
    server.eventually("/articles/a/", |_, b| {
        !b.contains("gloss-error-overlay") && b.contains("new thing")
    });

    let _site = site.file("templates/article.html", "{{ article.nope }}");
    await_reload(&events);
    let body = server.eventually("/articles/a/", |_, b| b.contains("gloss-error-overlay"));
    assert!(body.contains("templates/article.html"));
}

#[test]
fn a_runaway_template_is_stopped_and_shown_while_the_server_keeps_answering() {
    let site = site();
    let server = Server::start(site.root());
    let events = server.subscribe();
    let _site = site
        .file(
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/\nrender_limits: { seconds: 2 }\n",
        )
        .file(
            "templates/article.html",
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
        );
    // Through the rebuild, which runs until the limit, pages keep coming.
    let until = Instant::now() + Duration::from_secs(3);
    while Instant::now() < until {
        let asked = Instant::now();
        let (status, _, body) = server.get("/articles/a/");
        assert_eq!(status, 200);
        assert!(body.contains("one thing"), "the last good page");
        assert!(
            asked.elapsed() < Duration::from_secs(1),
            "{:?}",
            asked.elapsed()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    await_reload(&events);
    let body = server.eventually("/articles/a/", |_, b| b.contains("gloss-error-overlay"));
    assert!(
        body.contains("G0404") && body.contains("render_limits.seconds"),
        "{body}"
    );
    assert!(body.contains("templates/article.html"), "{body}");
}

#[test]
fn a_taken_port_is_reported_with_a_fix() {
    let site = site();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(["serve", "--port", &port, "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("already in use") && err.contains("--port"),
        "{err}"
    );
}

#[test]
fn build_output_never_holds_the_reload_script() {
    let built = site().build_ok();
    assert!(!built.read("articles/a/index.html").contains("__gloss"));
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = site();
    let mut server = Server::start(site.root());
    server.interrupt();
    let exit = server.exit_within(Duration::from_secs(10));
    assert_eq!(exit.code(), Some(0));
}

#[test]
fn the_search_index_is_served_and_follows_edits() {
    let site = site();
    let server = Server::start(site.root());
    // Built on its own thread, it appears shortly after the pages.
    let manifest = server.eventually("/search/index.json", |status, _| status == 200);
    assert!(manifest.contains("\"shards\""), "{manifest}");
    let (status, content_type, _) = server.get("/search/d/0.json");
    assert_eq!(status, 200);
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    // An edit of the text makes a new index: a new word gets a shard.
    let article = site.root().join("content/articles/a.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(
        &article,
        text.replace("Hamas said", "Hamas said, in a quixotic statement,"),
    )
    .unwrap();
    server.eventually("/search/index.json", |status, body| {
        status == 200 && body != manifest
    });
    let (status, _, shard) = server.get("/search/t/71.json"); // "q"
    assert_eq!(status, 200);
    assert!(shard.contains("\"quixotic\""), "{shard}");
}

#[test]
fn editing_the_theme_words_in_i18n_reloads_open_pages() {
    let site = site().file("i18n/en.yaml", "nav_whos_who: People\n");
    let server = Server::start(site.root());
    server.eventually("/", |s, b| s == 200 && b.contains("People"));
    let events = server.subscribe();
    let site = site.file("i18n/en.yaml", "nav_whos_who: Names in the news\n");
    await_reload(&events);
    server.eventually("/", |s, b| s == 200 && b.contains("Names in the news"));
    std::fs::remove_file(site.root().join("i18n/en.yaml")).unwrap();
    await_reload(&events);
    server.eventually("/", |s, b| s == 200 && !b.contains("Names in the news"));
}
