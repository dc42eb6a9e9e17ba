//! The atomic-write promise: the output folder is replaced only after every
//! page rendered, and a failed build leaves the previous output byte for byte.

mod common;
use common::output::{leftovers, snapshot};
use common::*;

#[test]
fn a_failing_build_leaves_the_previous_output_byte_for_byte() {
    let site = TestSite::new()
        .entity("hamas", "Hamas", "organization", &[])
        .article("a", "annotations: [hamas]", "Hamas said.");
    let built = site.build_ok();
    let before = snapshot(&built.out);
    assert!(before.contains_key("articles/a/index.html"));

    // A template error on one page only: every other page renders first.
    let site = site.file("templates/entity.html", "{{ entity.nope }}");
    site.build_err();
    assert_eq!(snapshot(&built.out), before);
    assert!(
        leftovers(site.root()).is_empty(),
        "{:?}",
        leftovers(site.root())
    );

    // A content error.
    let site = site
        .file("templates/entity.html", "{% extends \"base.html\" %}")
        .article("b", "annotations: [nobody]", "x");
    site.build_err();
    assert_eq!(snapshot(&built.out), before);
    assert!(leftovers(site.root()).is_empty());
}

#[test]
fn a_successful_build_replaces_the_output_and_drops_stale_files() {
    let site = TestSite::new().article("a", "", "One.");
    let built = site.build_ok();
    std::fs::write(built.out.join("stale.html"), "old").unwrap();
    let site = site.article("b", "", "Two.");
    let built = site.build_ok();
    assert!(!built.out.join("stale.html").exists());
    assert!(built.out.join("articles/b/index.html").exists());
    assert!(leftovers(site.root()).is_empty());
}

#[test]
fn a_static_file_never_replaces_a_page_gloss_writes() {
    let site = TestSite::new()
        .article("a", "", "Text.")
        .file("static/atom.xml", "<feed/>")
        .file("static/articles/a/index.html", "<p>stale</p>")
        .file("static/robots.txt", "User-agent: *\n");
    let errors = site.build_err();
    let mut named: Vec<String> = errors
        .iter()
        .filter(|d| d.code == "G0201")
        .map(|d| d.path.display().to_string())
        .collect();
    named.sort();
    assert_eq!(
        named,
        ["static/articles/a/index.html", "static/atom.xml"],
        "{errors:#?}"
    );
    // `check` finds the same, and the preview build refuses it too.
    let checked = gloss::check(&gloss::CheckOptions {
        root: site.root().to_path_buf(),
        strict: false,
        drafts: false,
        future: false,
    });
    assert_eq!(checked.err().map(|d| d.error_count()), Some(2));
    let memory = gloss::build_in_memory(&site.options());
    assert_eq!(memory.err().map(|d| d.error_count()), Some(2));
}
