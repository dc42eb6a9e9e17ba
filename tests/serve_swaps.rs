//! `gloss serve` while folders are swapped under it, as branch switches,
//! sync tools and editors do: after each swap the server shows what is on
//! disk, and it still hears every later edit.

#![cfg(unix)]

mod common;
use common::server::Server;
use common::*;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

/// A site whose article `a` says `what`.
fn site(what: &str) -> TestSite {
    TestSite::new()
        .file("site.yaml", "title: Desk\nbase_url: https://example.org/\n")
        .entity("hamas", "Hamas", "organization", &[])
        .article("a", "annotations: [hamas]", &format!("Hamas said {what}."))
}

/// Article `a`, saying `what`.
fn article_saying(what: &str) -> String {
    format!("---\ntitle: a\ndate: 2024-09-19\nannotations: [hamas]\n---\nHamas said {what}.\n")
}

/// Writes article `a` of the site at `root` saying `what`, in place.
fn say(root: &Path, what: &str) {
    fs::write(root.join("content/articles/a.md"), article_saying(what)).unwrap();
}

/// A copy of `root/content` at `root/backup` whose article `a` says `what`.
fn backup_saying(root: &Path, what: &str) {
    run(root, "cp", &["-r", "content", "backup"]);
    fs::write(root.join("backup/articles/a.md"), article_saying(what)).unwrap();
}

fn run(dir: &Path, program: &str, args: &[&str]) {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Waits until article `a` is served and says `what`.
#[track_caller]
fn shows(server: &Server, what: &str) {
    server.eventually("/articles/a/", |status, body| {
        status == 200 && body.contains(&format!("said {what}."))
    });
}

/// The server still hears an edit of `content/` after whatever happened.
#[track_caller]
fn still_hears_edits(server: &Server, root: &Path) {
    say(root, "something after the swap");
    shows(server, "something after the swap");
}

#[test]
fn content_deleted_then_replaced_by_a_moved_folder_is_watched_again() {
    let site = site("one thing");
    let root = site.root();
    let server = Server::start(root);
    shows(&server, "one thing");
    backup_saying(root, "the thing in the backup");
    fs::remove_dir_all(root.join("content")).unwrap();
    fs::rename(root.join("backup"), root.join("content")).unwrap();
    shows(&server, "the thing in the backup");
    still_hears_edits(&server, root);
}

#[test]
fn content_deleted_then_copied_back_is_watched_again() {
    let site = site("one thing");
    let root = site.root();
    let server = Server::start(root);
    backup_saying(root, "the thing in the copy");
    fs::remove_dir_all(root.join("content")).unwrap();
    run(root, "cp", &["-r", "backup", "content"]);
    shows(&server, "the thing in the copy");
    still_hears_edits(&server, root);
}

#[test]
fn content_renamed_away_and_another_renamed_in_its_place_is_watched_again() {
    let site = site("one thing");
    let root = site.root();
    let server = Server::start(root);
    backup_saying(root, "the thing in the new folder");
    fs::rename(root.join("content"), root.join("content.old")).unwrap();
    fs::rename(root.join("backup"), root.join("content")).unwrap();
    shows(&server, "the thing in the new folder");
    still_hears_edits(&server, root);
    // The old folder, still on disk under another name, is not the site.
    fs::write(
        root.join("content.old/articles/a.md"),
        article_saying("the thing in the old folder"),
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    shows(&server, "something after the swap");
}

#[test]
fn a_folder_renamed_away_and_back_is_watched_again() {
    let site = site("one thing").file("templates/404.html", "Lost.");
    let root = site.root();
    let server = Server::start(root);
    fs::rename(root.join("templates"), root.join("templates.away")).unwrap();
    fs::rename(root.join("templates.away"), root.join("templates")).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    fs::write(root.join("templates/404.html"), "Nothing here.").unwrap();
    server.eventually("/no/such/page/", |status, body| {
        status == 404 && body.contains("Nothing here.")
    });
}

#[test]
fn a_git_checkout_of_another_branch_is_followed_and_edits_are_heard_after_it() {
    let site = site("one thing").file("templates/404.html", "Lost on main.");
    let root = site.root();
    let git = |args: &[&str]| {
        let mut all = vec![
            "-c",
            "user.name=Desk",
            "-c",
            "user.email=desk@example.org",
            "-c",
            "commit.gpgsign=false",
        ];
        all.extend_from_slice(args);
        run(root, "git", &all);
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "main"]);
    git(&["checkout", "-q", "-b", "other"]);
    // The other branch has other text, another article, and no templates/.
    say(root, "the thing on the other branch");
    fs::write(
        root.join("content/articles/b.md"),
        "---\ntitle: b\ndate: 2024-09-19\n---\nOnly on the other branch.\n",
    )
    .unwrap();
    fs::remove_dir_all(root.join("templates")).unwrap();
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "other"]);
    git(&["checkout", "-q", "main"]);

    let server = Server::start(root);
    shows(&server, "one thing");
    git(&["checkout", "-q", "other"]);
    shows(&server, "the thing on the other branch");
    server.eventually("/articles/b/", |status, _| status == 200);
    server.eventually("/no/such/page/", |status, body| {
        status == 404 && !body.contains("Lost on main.")
    });
    git(&["checkout", "-q", "main"]);
    shows(&server, "one thing");
    server.eventually("/articles/b/", |status, _| status == 404);
    server.eventually("/no/such/page/", |_, body| body.contains("Lost on main."));
    // templates/ came back as a new folder: it is watched too.
    fs::write(root.join("templates/404.html"), "Lost after the switch.").unwrap();
    server.eventually("/no/such/page/", |_, body| {
        body.contains("Lost after the switch.")
    });
    still_hears_edits(&server, root);
}

#[test]
fn an_editor_s_atomic_save_is_heard_every_time() {
    let site = site("one thing");
    let root = site.root();
    let server = Server::start(root);
    let article = root.join("content/articles/a.md");
    let temp = root.join("content/articles/.a.md.tmp");
    for what in ["the first save", "the second save", "the third save"] {
        fs::write(&temp, article_saying(what)).unwrap();
        fs::rename(&temp, &article).unwrap();
        shows(&server, what);
    }
    // site.yaml saved the same way.
    let temp = root.join(".site.yaml.tmp");
    fs::write(
        &temp,
        "title: Renamed Desk\nbase_url: https://example.org/\n",
    )
    .unwrap();
    fs::rename(&temp, root.join("site.yaml")).unwrap();
    server.eventually("/", |_, body| body.contains("Renamed Desk"));
    still_hears_edits(&server, root);
}

#[test]
fn the_site_folder_itself_replaced_is_followed() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("site");
    let first = site("the thing in the first folder");
    fs::rename(first.root(), &root).unwrap();
    let second = site("the thing in the second folder");
    let server = Server::start(&root);
    shows(&server, "the thing in the first folder");
    fs::rename(&root, parent.path().join("site.old")).unwrap();
    fs::rename(second.root(), &root).unwrap();
    shows(&server, "the thing in the second folder");
    still_hears_edits(&server, &root);
}

#[test]
fn a_change_the_watcher_never_reports_is_found_by_the_periodic_check() {
    let site = site("one thing");
    let root = site.root();
    let server = Server::start(root);
    // Written through a hard link in another folder, the change reaches no
    // watched folder: only a stat of the file shows it.
    let elsewhere = tempfile::tempdir_in(root.parent().unwrap()).unwrap();
    let link = elsewhere.path().join("a.md");
    fs::hard_link(root.join("content/articles/a.md"), &link).unwrap();
    let events = server.subscribe();
    fs::write(&link, article_saying("a thing nobody reported")).unwrap();
    events
        .recv_timeout(Duration::from_secs(15))
        .expect("a reload after the check");
    shows(&server, "a thing nobody reported");
}

#[test]
fn a_quiet_site_is_not_rebuilt_by_the_periodic_check() {
    let site = site("one thing");
    let server = Server::start(site.root());
    let events = server.subscribe();
    // Long enough for two checks.
    match events.recv_timeout(Duration::from_secs(5)) {
        Err(mpsc::RecvTimeoutError::Timeout) => {}
        other => panic!("nothing changed, yet: {other:?}"),
    }
}
