//! What gloss reads: regular files inside the site, each up to a size.
//!
//! A FIFO where a file should be used to block `open()` forever, in build,
//! check and serve; a socket or device is no file of a site either. Each is
//! refused with G0120 naming it, at once. Templates and static files have a
//! size limit, like content files (G0112). A `site.yaml` that links out of
//! the site is refused like a link in `content/` (G0113): nothing behind it
//! is read, so no error can quote it.

#![cfg(unix)]

mod common;
use common::server::Server;
use common::*;

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn site() -> TestSite {
    TestSite::new()
        .file("site.yaml", "title: Desk\nbase_url: https://example.org/\n")
        .entity("hamas", "Hamas", "organization", &[])
        .article("a", "annotations: [hamas]", "Hamas said one thing.")
}

fn mkfifo(path: &Path) {
    let _ = fs::remove_file(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

/// `gloss ARGS --root ROOT`, failing the test (not hanging it) if it has
/// not finished within ten seconds.
fn gloss(args: &[&str], root: &Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("gloss {args:?} still running after 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Runs `gloss check` and `gloss build`: each fails at once, printing a
/// G0120 error that names `shown` and says what it is.
#[track_caller]
fn refused(root: &Path, shown: &str, kind: &str) {
    for command in [&["check"][..], &["build"][..]] {
        let out = gloss(command, root);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{command:?}: {stderr}");
        assert!(
            stderr.contains("error[G0120]: not a regular file: it is ")
                && stderr.contains(kind)
                && stderr.contains(&format!("= in {shown}\n"))
                && stderr.contains("help: replace it with an ordinary file"),
            "{command:?}: {stderr}"
        );
    }
    assert!(!root.join("public").exists(), "nothing was written");
}

#[test]
fn a_fifo_as_site_yaml_is_refused_at_once() {
    let site = site();
    mkfifo(&site.root().join("site.yaml"));
    refused(site.root(), "site.yaml", "a named pipe (FIFO)");
}

#[test]
fn a_fifo_as_a_content_file_is_refused_at_once() {
    let site = site();
    mkfifo(&site.root().join("content/articles/b.md"));
    refused(site.root(), "content/articles/b.md", "a named pipe (FIFO)");
}

#[test]
fn a_fifo_as_a_template_is_refused_at_once() {
    let site = site();
    mkfifo(&site.root().join("templates/article.html"));
    refused(site.root(), "templates/article.html", "a named pipe (FIFO)");
}

#[test]
fn a_fifo_as_a_static_file_is_refused_at_once() {
    let site = site();
    mkfifo(&site.root().join("static/feed.xml"));
    refused(site.root(), "static/feed.xml", "a named pipe (FIFO)");
}

#[test]
fn a_socket_as_a_static_file_is_refused() {
    let site = site();
    fs::create_dir_all(site.root().join("static")).unwrap();
    let _socket =
        std::os::unix::net::UnixListener::bind(site.root().join("static/app.sock")).unwrap();
    refused(site.root(), "static/app.sock", "a socket");
}

#[test]
fn a_fifo_swapped_in_for_site_yaml_under_serve_is_shown_and_later_rebuilds_still_run() {
    let site = site();
    let root = site.root();
    let server = Server::start(root);
    server.eventually("/articles/a/", |status, body| {
        status == 200 && body.contains("one thing")
    });
    mkfifo(&root.join("site.yaml"));
    let body = server.eventually("/articles/a/", |_, body| {
        body.contains("gloss-error-overlay")
    });
    assert!(
        body.contains("G0120") && body.contains("site.yaml"),
        "{body}"
    );
    // The rebuild did not hang: the next ones run.
    fs::remove_file(root.join("site.yaml")).unwrap();
    fs::write(root.join("site.yaml"), "title: Desk again\n").unwrap();
    let _site = site.article("a", "annotations: [hamas]", "Hamas said another thing.");
    server.eventually("/articles/a/", |_, body| {
        !body.contains("gloss-error-overlay") && body.contains("another thing")
    });
}

#[test]
fn a_fifo_as_site_yaml_under_serve_is_shown_from_the_start() {
    let site = site();
    mkfifo(&site.root().join("site.yaml"));
    let server = Server::start(site.root());
    let body = server.eventually("/", |_, body| body.contains("gloss-error-overlay"));
    assert!(body.contains("G0120"), "{body}");
}

#[test]
fn a_template_over_1_mib_is_too_large() {
    let big = "<p>padding</p>\n".repeat(70_000);
    let errors = site().file("templates/article.html", &big).build_err();
    let error = only(&errors, "G0112");
    assert_eq!(error.path, Path::new("templates/article.html"));
    assert_eq!(error.message, "template is over 1 MiB");
}

#[test]
fn a_static_file_over_256_mib_is_too_large_and_never_read() {
    let site = site();
    fs::create_dir_all(site.root().join("static")).unwrap();
    // Sparse: the size is what counts, and it is never read.
    let file = fs::File::create(site.root().join("static/archive.tar")).unwrap();
    file.set_len((256 << 20) + 1).unwrap();
    let errors = site.build_err();
    let error = only(&errors, "G0112");
    assert_eq!(error.path, Path::new("static/archive.tar"));
    assert_eq!(error.message, "static file is over 256 MiB");
}

#[test]
fn a_static_file_of_256_mib_or_less_is_copied_with_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let site = site().file("static/tool.sh", "#!/bin/sh\n");
    let path = site.root().join("static/tool.sh");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    let built = site.build_ok();
    let copied = built.out.join("tool.sh");
    assert_eq!(fs::read_to_string(&copied).unwrap(), "#!/bin/sh\n");
    assert_eq!(
        fs::metadata(&copied).unwrap().permissions().mode() & 0o777,
        0o755
    );
}

/// Written in a file outside the site; never in any output.
const CANARY: &str = "gloss-canary-5e1b07";

#[test]
fn a_site_yaml_linked_out_of_the_site_is_refused_and_never_quoted() {
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("settings.yaml");
    fs::write(&target, format!("title: Leaked\n{CANARY}: 1\n")).unwrap();
    for target in [target.as_path(), Path::new("/etc/passwd")] {
        let site = site();
        fs::remove_file(site.root().join("site.yaml")).unwrap();
        std::os::unix::fs::symlink(target, site.root().join("site.yaml")).unwrap();
        for command in ["check", "build"] {
            let out = gloss(&[command], site.root());
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{stderr}");
            assert!(
                stderr.contains("error[G0113]: symbolic link points outside the site folder")
                    && stderr.contains("= in site.yaml\n"),
                "{stderr}"
            );
            assert!(
                !stderr.contains(CANARY) && !stderr.contains("root:"),
                "{stderr}"
            );
        }
    }
}

#[test]
fn a_site_yaml_linked_to_a_file_inside_the_site_is_read() {
    let site = site().file("settings/site.yaml", "title: Linked Desk\n");
    fs::remove_file(site.root().join("site.yaml")).unwrap();
    std::os::unix::fs::symlink("settings/site.yaml", site.root().join("site.yaml")).unwrap();
    let built = site.build_ok();
    let title = text(&select(&built.page("index.html"), "title")[0]);
    assert!(title.contains("Linked Desk"), "{title}");
}

#[test]
fn a_site_yaml_linked_out_while_serving_is_refused_and_never_quoted() {
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("settings.yaml");
    fs::write(&target, format!("title: Leaked\n{CANARY}: 1\n")).unwrap();
    let site = site();
    let server = Server::start(site.root());
    let temp = site.root().join(".site.yaml.link");
    std::os::unix::fs::symlink(&target, &temp).unwrap();
    fs::rename(&temp, site.root().join("site.yaml")).unwrap();
    let body = server.eventually("/articles/a/", |_, body| {
        body.contains("gloss-error-overlay")
    });
    assert!(
        body.contains("G0113") && body.contains("site.yaml"),
        "{body}"
    );
    assert!(!body.contains(CANARY) && !body.contains("Leaked"), "{body}");
}

#[test]
fn a_content_file_replaced_by_a_link_out_while_serving_is_refused_and_never_quoted() {
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("notes.md");
    fs::write(
        &target,
        format!("---\ntitle: Notes\ndate: {CANARY}\n---\n{CANARY}\n"),
    )
    .unwrap();
    let site = site();
    let server = Server::start(site.root());
    let article = site.root().join("content/articles/a.md");
    let temp = site.root().join("content/articles/.a.md.link");
    std::os::unix::fs::symlink(&target, &temp).unwrap();
    fs::rename(&temp, &article).unwrap();
    let body = server.eventually("/articles/a/", |_, body| {
        body.contains("gloss-error-overlay")
    });
    assert!(
        body.contains("G0113") && body.contains("content/articles/a.md"),
        "{body}"
    );
    assert!(!body.contains(CANARY), "{body}");
}
