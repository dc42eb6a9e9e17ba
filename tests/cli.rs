//! The command line as a user runs it: output, exit statuses (SPEC 7).

mod common;
use common::*;
use std::process::{Command, Output};

fn gloss(args: &[&str], site: &TestSite) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .arg("--root")
        .arg(site.root())
        .output()
        .expect("gloss runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn hamas_site(body: &str) -> TestSite {
    TestSite::new()
        .file("site.yaml", "base_url: https://example.org/\n")
        .entity("hamas", "Hamas", "organization", &[])
        .entity("egypt", "Egypt", "place", &[])
        .article("a", "annotations: [hamas]", body)
}

#[test]
fn build_prints_what_it_wrote_and_exits_0() {
    let site = hamas_site("Hamas said.");
    let out = gloss(&["build"], &site);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("1 articles") && stdout.contains("2 entity pages") && stdout.contains(" s"),
        "{stdout}"
    );
    assert!(site.root().join("public/articles/a/index.html").exists());
}

#[test]
fn content_errors_exit_1_with_file_line_column_and_caret() {
    let site = hamas_site("Hamas said.").file("content/b.md", "---\ntitle: B\ndate: soon\n---\n");
    let out = gloss(&["build"], &site);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("content/b.md:3:7"), "{err}");
    assert!(err.contains("^^^^"), "{err}");
    assert!(err.contains("help: write `YYYY-MM-DD`"), "{err}");
    assert!(err.contains("1 error"), "{err}");
    assert!(!site.root().join("public").exists());
}

#[test]
fn usage_errors_exit_2() {
    let site = hamas_site("Hamas said.");
    assert_eq!(
        gloss(&["build", "--no-such-flag"], &site).status.code(),
        Some(2)
    );
    assert_eq!(gloss(&["frobnicate"], &site).status.code(), Some(2));
}

#[test]
fn check_warns_about_unannotated_entity_names_and_writes_nothing() {
    let site = hamas_site("Hamas met officials in\nEgypt.");
    let out = gloss(&["check"], &site);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(err.contains("`Egypt` names the entity `egypt`"), "{err}");
    assert!(err.contains("content/articles/a.md:7:1"), "{err}");
    assert!(err.contains("add `- egypt`"), "{err}");
    assert!(!site.root().join("public").exists());
}

#[test]
fn check_strict_turns_warnings_into_errors() {
    let site = hamas_site("Hamas met officials in Egypt.");
    let out = gloss(&["check", "--strict"], &site);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn check_of_a_clean_site_exits_0() {
    let out = gloss(&["check", "--strict"], &hamas_site("Hamas said."));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
