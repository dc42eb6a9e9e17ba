//! `gloss new` and `gloss init`: starting files that build at once, never overwriting.

use std::process::{Command, Output};

fn gloss(args: &[&str], cwd: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

#[test]
fn init_creates_a_site_that_builds_and_refuses_a_non_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("news");
    let out = gloss(&["init", site.to_str().unwrap()], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut options = gloss::BuildOptions::new(&site);
    options.output = Some(dir.path().join("public"));
    let report = gloss::build(&options).unwrap_or_else(|d| panic!("{d:?}"));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let html = std::fs::read_to_string(report.output.join("articles/welcome/index.html")).unwrap();
    assert!(html.contains("data-entity=\"united-nations\""));

    let again = gloss(&["init", site.to_str().unwrap()], dir.path());
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
}

#[test]
fn new_article_and_entity_write_files_that_build_and_never_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    gloss(&["init", "."], root);
    let out = gloss(&["new", "article", "Talks resume: what's next?"], root);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = root.join("content/articles/talks-resume-what-s-next.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("draft: true") && text.contains("title: \"Talks resume: what's next?\""),
        "{text}"
    );
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    assert!(text.contains(&format!("date: {today}")));

    let out = gloss(
        &["new", "entity", "Abdel Fattah El-Sissi", "--kind", "person"],
        root,
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(root
        .join("content/entities/abdel-fattah-el-sissi.md")
        .exists());

    let mut options = gloss::BuildOptions::new(root);
    options.drafts = true;
    options.output = Some(root.join("public"));
    gloss::build(&options).unwrap_or_else(|d| panic!("{d:?}"));

    std::fs::write(&path, "edited").unwrap();
    let again = gloss(&["new", "article", "Talks resume: what's next?"], root);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("talks-resume-what-s-next.md"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited");

    // An unknown kind is a usage error, listing the kinds.
    let bad = gloss(&["new", "entity", "X", "--kind", "robot"], root);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("person, organization, place"));
}

/// The files in `dir`, hidden ones included.
fn files_in(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_title_or_name_that_makes_no_file_name_is_refused_with_the_slug_flag_as_fix() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    gloss(&["init", "."], root);
    let articles = files_in(&root.join("content/articles"));
    // (An Arabic or Chinese title makes a file name: its letters are kept.)
    for title in ["...", "« ! »", "Ελλάδα"] {
        let out = gloss(&["new", "article", title], root);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{title}: {stderr}");
        assert!(stderr.contains("--slug"), "{stderr}");
        assert_eq!(
            files_in(&root.join("content/articles")),
            articles,
            "{title}"
        );
    }
    let out = gloss(&["new", "entity", "Ελλάδα", "--kind", "place"], root);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--slug"));
    assert!(!root.join("content/entities/.md").exists());
    // A --slug that makes no file name either is refused the same way.
    let out = gloss(&["new", "article", "Ελλάδα", "--slug", "؟"], root);
    assert_eq!(out.status.code(), Some(1));

    let out = gloss(&["new", "article", "مصر", "--slug", "Egypt talks"], root);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let article = std::fs::read_to_string(root.join("content/articles/egypt-talks.md")).unwrap();
    assert!(article.contains("title: \"مصر\""), "{article}");
    let out = gloss(
        &["new", "entity", "مصر", "--kind", "place", "--slug", "egypt"],
        root,
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(root.join("content/entities/egypt.md").exists());
}

#[test]
fn a_title_too_long_for_a_url_is_cut_after_a_whole_word() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    gloss(&["init", "."], root);
    let title = "Talks resume in Cairo ".repeat(20);
    let out = gloss(&["new", "article", &title], root);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written: Vec<String> = files_in(&root.join("content/articles"))
        .into_iter()
        .filter(|f| f.starts_with("talks-"))
        .collect();
    let [name] = written.as_slice() else {
        panic!("{written:?}")
    };
    let stem = name.strip_suffix(".md").unwrap();
    assert!(stem.len() <= 200 && stem.ends_with("cairo"), "{stem}");
    let mut options = gloss::BuildOptions::new(root);
    options.drafts = true;
    options.output = Some(root.join("public"));
    gloss::build(&options).unwrap_or_else(|d| panic!("{d:?}"));
}
