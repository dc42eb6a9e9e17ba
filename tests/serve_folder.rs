//! `gloss serve` keeps the site it builds in a folder of its own,
//! `.gloss-cache/serve/PID-*/site/` in the site, and holds only the names in
//! memory: the pages are read from there, a save replaces just the files it
//! changed, and the folder goes when the server stops.

mod common;
use common::server::Server;
use common::*;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

#[track_caller]
fn await_reload(events: &mpsc::Receiver<String>) {
    let event = events.recv_timeout(Duration::from_secs(10));
    assert_eq!(event.expect("a reload event"), "reload");
}

fn site() -> TestSite {
    TestSite::new()
        .file("site.yaml", "title: Desk\nbase_url: https://example.org/\n")
        .entity("hamas", "Hamas", "organization", &[])
        .article("a", "annotations: [hamas]", "Hamas said one thing.")
        .article("b", "annotations: [hamas]", "Hamas said another.")
}

/// The previews' folders of the site at `root`.
fn preview_folders(root: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root.join(".gloss-cache/serve")) else {
        return Vec::new();
    };
    let mut folders: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    folders.sort();
    folders
}

/// The one preview's folder of the site at `root`, `…/site`.
#[track_caller]
fn only_folder(root: &Path) -> PathBuf {
    let folders = preview_folders(root);
    assert_eq!(folders.len(), 1, "{folders:?}");
    folders[0].join("site")
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).unwrap().ino()
}

#[test]
#[cfg(unix)]
fn pages_are_read_from_the_folder_and_a_save_replaces_only_its_files() {
    let site = site();
    let server = Server::start(site.root());
    let folder = only_folder(site.root());
    assert!(folder.join("index.html").is_file());
    assert!(folder.join("articles/a/index.html").is_file());
    assert!(folder.join("gloss.css").is_file());
    let search = folder.join("search/index.json");
    server.eventually("/search/index.json", |status, _| status == 200);
    assert!(search.is_file(), "the search index is in the folder too");

    // What is in the folder is what is served.
    let page = folder.join("articles/a/index.html");
    std::fs::write(&page, "<html><body>Planted in the folder.</body></html>").unwrap();
    let (status, _, body) = server.get("/articles/a/");
    assert_eq!(status, 200);
    assert!(body.contains("Planted in the folder."), "{body}");
    assert!(
        body.contains("/__gloss/live.js"),
        "the reload script is added"
    );

    // A save puts the files it changed in place by a rename (a new inode);
    // the others stay as they were.
    let (css, page_b) = (
        folder.join("gloss.css"),
        folder.join("articles/b/index.html"),
    );
    let (css_before, b_before) = (inode(&css), inode(&page_b));
    let events = server.subscribe();
    let site = site.article("a", "annotations: [hamas]", "Hamas said a new thing.");
    await_reload(&events);
    server.eventually("/articles/a/", |s, b| s == 200 && b.contains("a new thing"));
    let written = std::fs::read_to_string(&page).unwrap();
    assert!(written.contains("a new thing") && !written.contains("__gloss"));
    assert_eq!(inode(&css), css_before, "gloss.css was not written again");
    assert_eq!(inode(&page_b), b_before, "article b was not written again");
    // The search index of the save is staged on a thread of its own, for
    // a moment.
    let staged = folder.with_file_name("staged");
    let empty = || std::fs::read_dir(&staged).unwrap().next().is_none();
    let until = std::time::Instant::now() + Duration::from_secs(10);
    while !empty() && std::time::Instant::now() < until {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(empty(), "nothing is left waiting to be put in place");

    // A removed article's page leaves the folder and is no longer served.
    std::fs::remove_file(site.root().join("content/articles/b.md")).unwrap();
    await_reload(&events);
    server.eventually("/articles/b/", |s, _| s == 404);
    assert!(!page_b.exists());
}

#[test]
fn a_broken_save_leaves_the_folder_as_it_was() {
    let site = site();
    let server = Server::start(site.root());
    let folder = only_folder(site.root());
    let page = folder.join("articles/b/index.html");
    let before = std::fs::read(&page).unwrap();
    let events = server.subscribe();
    // Article b renders with this template; article a fails.
    let _site = site.file(
        "templates/article.html",
        "{% if article.title == \"a\" %}{{ article.nope }}{% else %}<p>changed</p>{% endif %}",
    );
    await_reload(&events);
    server.eventually("/articles/b/", |_, b| b.contains("gloss-error-overlay"));
    assert_eq!(
        std::fs::read(&page).unwrap(),
        before,
        "the last good page stays"
    );
}

#[test]
#[cfg(unix)]
fn the_folder_goes_when_the_server_stops_on_ctrl_c_or_sigterm() {
    for signal in ["-INT", "-TERM"] {
        let site = site();
        let mut server = Server::start(site.root());
        let folder = only_folder(site.root());
        let status = std::process::Command::new("kill")
            .args([signal, &server.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let exit = server.exit_within(Duration::from_secs(10));
        assert_eq!(exit.code(), Some(0), "{signal}");
        assert!(!folder.exists(), "{signal}: {folder:?} is still there");
        assert!(preview_folders(site.root()).is_empty(), "{signal}");
    }
}

#[test]
#[cfg(target_os = "linux")]
fn two_previews_of_one_site_keep_apart_and_a_dead_ones_folder_is_swept() {
    let site = site();
    // The folder of a process that no longer runs (no process id is this
    // high: Linux's largest is 2^22).
    let dead = site.root().join(".gloss-cache/serve/4294967-left");
    std::fs::create_dir_all(dead.join("site")).unwrap();
    let mut first = Server::start(site.root());
    assert!(!dead.exists(), "the dead preview's folder is removed");
    let second = Server::start(site.root());
    assert_eq!(preview_folders(site.root()).len(), 2);
    first.interrupt();
    first.exit_within(Duration::from_secs(10));
    let left = only_folder(site.root());
    assert!(left.join("articles/a/index.html").is_file());
    let (status, _, body) = second.get("/articles/a/");
    assert_eq!(status, 200);
    assert!(body.contains("one thing"));
}

/// Whether some file under `dir` holds `text`.
fn any_file_holds(dir: &Path, text: &str) -> bool {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .any(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains(text)))
}

/// Waits until some file under `dir` holds `text`, as a save's search
/// index is written, then a little more: the index is put in place first,
/// and the files it no longer has go after.
fn wait_for_a_file_holding(dir: &Path, text: &str) {
    let until = std::time::Instant::now() + Duration::from_secs(10);
    while !any_file_holds(dir, text) {
        assert!(
            std::time::Instant::now() < until,
            "no file under {} holds {text} after the save",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
}

#[test]
fn a_save_in_one_edition_keeps_the_other_editions_search_index() {
    let site = TestSite::new()
        .file(
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/\nlanguages: [en, ar]\n",
        )
        .entity("hamas", "Hamas", "organization", &[])
        .article("a", "annotations: [hamas]", "Hamas said one thing.")
        .file(
            "content/articles/a.ar.md",
            "---\ntitle: أ\ndate: 2024-09-19\n---\nنص أول.\n",
        );
    let server = Server::start(site.root());
    server.eventually("/search/index.json", |status, _| status == 200);
    server.eventually("/ar/search/index.json", |status, _| status == 200);
    let folder = only_folder(site.root());

    // Only the Arabic edition changed: its index is made again, and the
    // English one stays served.
    let site = site.file(
        "content/articles/a.ar.md",
        "---\ntitle: أ\ndate: 2024-09-19\n---\nنص zebraword جديد.\n",
    );
    wait_for_a_file_holding(&folder.join("ar/search"), "zebraword");
    assert_eq!(server.get("/search/index.json").0, 200);
    assert!(folder.join("search/index.json").is_file());

    // And the other way round.
    let _site = site.article("a", "annotations: [hamas]", "Hamas said a quaggaword.");
    wait_for_a_file_holding(&folder.join("search"), "quaggaword");
    assert_eq!(server.get("/ar/search/index.json").0, 200);
    assert!(any_file_holds(&folder.join("ar/search"), "zebraword"));
}
