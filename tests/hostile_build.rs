//! Faults during a build: a folder that is not gloss's, a page that panics, a
//! build killed halfway. The previous output survives byte for byte, nothing
//! is left beside it, and the preview server stays up.

mod common;
use common::output::{leftovers, snapshot};
use common::server::Server;
use common::*;

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// `gloss build --root SITE --output SITE/public`, with `GLOSS_FAULT` set
/// when given (debug builds panic on the page or file it names).
fn gloss_build(site: &TestSite, fault: Option<&str>, extra: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gloss"));
    command
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(site.root().join("public"))
        .args(extra);
    if let Some(fault) = fault {
        command.env("GLOSS_FAULT", fault);
    }
    command.output().expect("gloss runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn small_site() -> TestSite {
    TestSite::new()
        .entity("hamas", "Hamas", "organization", &[])
        .article("a", "annotations: [hamas]", "Hamas said.")
        .article("boom", "annotations: [hamas]", "Hamas again.")
}

#[test]
fn a_folder_gloss_did_not_write_is_replaced_only_with_force() {
    let site = small_site();
    let public = site.root().join("public");
    std::fs::create_dir_all(&public).unwrap();
    std::fs::write(public.join("thesis.docx"), "months of work").unwrap();

    let refused = gloss_build(&site, None, &[]);
    assert_eq!(refused.status.code(), Some(1));
    let err = stderr(&refused);
    assert!(err.contains("G0503") && err.contains("--force"), "{err}");
    assert_eq!(
        std::fs::read_to_string(public.join("thesis.docx")).unwrap(),
        "months of work"
    );

    let forced = gloss_build(&site, None, &["--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(!public.join("thesis.docx").exists());
    assert!(public.join(".gloss-output").is_file());

    // Now the folder is gloss's: the next build needs no flag.
    let again = gloss_build(&site, None, &[]);
    assert!(again.status.success(), "{}", stderr(&again));

    // An empty folder is anyone's to fill.
    let empty = TestSite::new().article("a", "", "x");
    std::fs::create_dir_all(empty.root().join("public")).unwrap();
    assert!(gloss_build(&empty, None, &[]).status.success());
}

#[test]
fn a_page_that_panics_is_an_error_naming_it_and_nothing_is_written() {
    let site = small_site();
    assert!(gloss_build(&site, None, &[]).status.success());
    let public = site.root().join("public");
    let before = snapshot(&public);

    for fault in ["articles/boom/index.html", "content/articles/boom.md"] {
        let failed = gloss_build(&site, Some(fault), &[]);
        assert_eq!(failed.status.code(), Some(1), "{fault}");
        let err = stderr(&failed);
        assert!(err.contains("error[G0504]"), "{err}");
        assert!(
            err.contains(&format!("in {fault}"))
                || err.contains(&format!("{fault}:"))
                || err.contains(fault),
            "{err}"
        );
        assert!(err.contains("nothing was written"), "{err}");
        assert_eq!(snapshot(&public), before, "{fault}");
        assert!(leftovers(site.root()).is_empty(), "{fault}");
    }
}

/// A site large enough that writing it takes a while in a debug build.
fn generated_site(articles: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let corpus = gloss_corpus::generate(&gloss_corpus::Options::new(articles));
    gloss_corpus::write(&corpus, gloss_corpus::Format::Gloss, &root).unwrap();
    (dir, root)
}

#[cfg(unix)]
#[test]
fn a_build_killed_while_writing_leaves_the_previous_output() {
    let (dir, root) = generated_site(1500);
    let out = dir.path().join("public");
    let build = || {
        Command::new(env!("CARGO_BIN_EXE_gloss"))
            .args(["build", "--root"])
            .arg(&root)
            .arg("--output")
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    assert!(build().wait().unwrap().success());
    let before = snapshot(&out);

    // Kill the next build once its staging folder has pages in it.
    let mut child = build();
    let started = Instant::now();
    let staging = loop {
        let found = leftovers(dir.path())
            .into_iter()
            .find(|n| n.contains("staging"));
        if let Some(name) = found {
            let staging = dir.path().join(name);
            let pages = walkdir::WalkDir::new(&staging).into_iter().count();
            if pages > 200 {
                break staging;
            }
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build finished before it could be killed"
        );
        assert!(started.elapsed() < Duration::from_secs(120));
        std::thread::sleep(Duration::from_millis(5));
    };
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(snapshot(&out), before, "the previous output is intact");
    assert!(staging.exists(), "a killed process cannot clean up");

    // The next build removes what the killed one left.
    assert!(build().wait().unwrap().success());
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
    assert_eq!(snapshot(&out), before, "same input, same bytes");
}

#[test]
fn the_preview_server_survives_a_page_that_panics() {
    let site = small_site();
    std::fs::remove_file(site.root().join("content/articles/boom.md")).unwrap();
    let server = Server::launch(site.root())
        .env("GLOSS_FAULT", "articles/boom/index.html")
        .start();
    let eventually = |path: &str, ok: &dyn Fn(u16, &str) -> bool| {
        server.eventually_within(Duration::from_secs(20), path, ok)
    };
    eventually("/articles/a/", &|s, _| s == 200);

    let site = site.article("boom", "annotations: [hamas]", "Hamas again.");
    let body = eventually("/articles/a/", &|_, b| b.contains("G0504"));
    assert!(body.contains("articles/boom/index.html"), "{body}");
    assert!(body.contains("said."), "the last good page is still served");

    std::fs::remove_file(site.root().join("content/articles/boom.md")).unwrap();
    eventually("/articles/a/", &|s, b| s == 200 && !b.contains("G0504"));
}
