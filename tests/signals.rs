//! Ctrl-C (SIGINT) or `kill` (SIGTERM) during `gloss build`: the staging
//! folder beside the output is removed, the previous output is as it was,
//! and the status says which signal ended the build (128 + its number).
//! SIGKILL cannot be caught; `tests/hostile_build.rs` shows the next build
//! sweeping what it leaves.

#![cfg(unix)]

mod common;
use common::output::{leftovers, snapshot};

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A generated site large enough that writing it takes a while in a debug
/// build, at `DIR/site`, built once into `DIR/public`.
fn built_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let corpus = gloss_corpus::generate(&gloss_corpus::Options::new(1500));
    gloss_corpus::write(&corpus, gloss_corpus::Format::Gloss, &root).unwrap();
    assert!(build(dir.path()).wait().unwrap().success());
    (dir, root)
}

fn build(dir: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(["build", "--root"])
        .arg(dir.join("site"))
        .arg("--output")
        .arg(dir.join("public"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Starts a build and sends it `signal` once its staging folder has pages
/// in it; returns its exit code.
fn interrupt_while_writing(dir: &Path, signal: &str) -> Option<i32> {
    let mut child = build(dir);
    let started = Instant::now();
    loop {
        let staging = leftovers(dir).into_iter().find(|n| n.contains("staging"));
        let pages = staging.map_or(0, |name| {
            walkdir::WalkDir::new(dir.join(name)).into_iter().count()
        });
        if pages > 200 {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build finished before it could be interrupted"
        );
        assert!(started.elapsed() < Duration::from_secs(120));
        std::thread::sleep(Duration::from_millis(5));
    }
    let sent = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    child.wait().unwrap().code()
}

#[test]
fn ctrl_c_during_a_build_removes_the_staging_folder_and_exits_130() {
    let (dir, _root) = built_site();
    let before = snapshot(&dir.path().join("public"));
    assert_eq!(interrupt_while_writing(dir.path(), "-INT"), Some(130));
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
    assert_eq!(snapshot(&dir.path().join("public")), before);
}

#[test]
fn sigterm_during_a_build_removes_the_staging_folder_and_exits_143() {
    let (dir, _root) = built_site();
    let before = snapshot(&dir.path().join("public"));
    assert_eq!(interrupt_while_writing(dir.path(), "-TERM"), Some(143));
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
    assert_eq!(snapshot(&dir.path().join("public")), before);
}
