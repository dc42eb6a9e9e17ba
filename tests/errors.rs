//! SPEC section 8: every error names the file, line and column and says what
//! would fix it; one run reports them all. One test per error class.

mod common;
use common::*;
use std::path::Path;

fn assert_at(d: &gloss::Diagnostic, file: &str, line: usize, col: usize) {
    assert_eq!(d.path, Path::new(file), "{d}");
    assert_eq!(d.line_col(), Some((line, col)), "{d}");
    assert!(
        d.help.as_deref().is_some_and(|h| !h.is_empty()),
        "no hint: {d}"
    );
}

fn one_error(site: TestSite, code: &str) -> gloss::Diagnostic {
    let errors = site.build_err();
    only(&errors, code).clone()
}

#[test]
fn unknown_key_suggests_the_closest_one() {
    let e = one_error(
        TestSite::new().file("content/a.md", "---\ntitle: A\nsumary: x\n---\n"),
        "G0102",
    );
    assert_at(&e, "content/a.md", 3, 1);
    assert!(e.help.unwrap().contains("`summary`"));
}

#[test]
fn missing_required_key() {
    let e = one_error(
        TestSite::new().file("content/a.md", "---\ndate: 2024-09-19\n---\n"),
        "G0104",
    );
    assert_at(&e, "content/a.md", 2, 1);
    assert!(e.message.contains("`title`"));
}

#[test]
fn bad_date_points_at_the_value() {
    let e = one_error(
        TestSite::new().file("content/a.md", "---\ntitle: A\ndate: 19/09/2024\n---\n"),
        "G0105",
    );
    assert_at(&e, "content/a.md", 3, 7);
    assert!(e.help.unwrap().contains("YYYY-MM-DD"));
}

#[test]
fn rfc3339_dates_are_accepted() {
    TestSite::new()
        .file(
            "content/a.md",
            "---\ntitle: A\ndate: 2024-09-18T14:30:00Z\n---\n",
        )
        .build_ok();
}

#[test]
fn unknown_entity_kind_suggests_a_kind() {
    let site = TestSite::new().file(
        "content/entities/x.md",
        "---\nname: X\nkind: organisation\nsummary: s\n---\n",
    );
    let e = one_error(site, "G0105");
    assert_at(&e, "content/entities/x.md", 3, 7);
    assert!(e.help.unwrap().contains("`organization`"));
}

#[test]
fn link_urls_must_be_http() {
    let site = TestSite::new().file(
        "content/entities/x.md",
        "---\nname: X\nkind: place\nsummary: s\nlinks: { Wiki: \"en.wikipedia.org\" }\n---\n",
    );
    let e = one_error(site, "G0105");
    assert_at(&e, "content/entities/x.md", 5, 17);
}

#[test]
fn annotation_of_an_unknown_entity_suggests_the_slug() {
    let site = TestSite::new()
        .entity("antony-blinken", "Antony Blinken", "person", &[])
        .article("a", "annotations:\n  - antony-blinkn", "Text.");
    let e = one_error(site, "G0202");
    assert_at(&e, "content/articles/a.md", 5, 5);
    assert!(e.help.unwrap().contains("`antony-blinken`"));
}

#[test]
fn annotation_errors_point_at_their_own_entry() {
    // `lebanon` comes after the entry whose slug contains it, and the second
    // `hamas` is the duplicate: each caret lands on its own line.
    let site = TestSite::new()
        .entity("hamas", "Hamas", "organization", &[])
        .entity("lebanon-pager-explosions", "pager explosions", "event", &[])
        .article(
            "a",
            "annotations:\n  - lebanon-pager-explosions\n  - lebanon\n  - hamas\n  - hamas",
            "Hamas and the pager explosions.",
        );
    let errors = site.build_err();
    assert_at(only(&errors, "G0202"), "content/articles/a.md", 6, 5);
    assert_at(only(&errors, "G0204"), "content/articles/a.md", 8, 5);
}

#[test]
fn an_empty_alias_or_term_name_is_an_error() {
    let site = TestSite::new()
        .entity("hamas", "Hamas", "organization", &[])
        .article(
            "a",
            "annotations:\n  - entity: hamas\n    aliases: [\"\"]\n  - term: \" \"\n    definition: x",
            "Hamas said.",
        );
    let errors = site.build_err();
    let empty: Vec<_> = errors
        .iter()
        .filter(|d| d.message.contains("empty name"))
        .collect();
    assert_eq!(empty.len(), 2, "{errors:#?}");
    assert!(errors.iter().all(|d| d.code != "G0205"), "{errors:#?}");
}

#[test]
fn at_link_to_an_unknown_entity() {
    let site = TestSite::new()
        .entity("hamas", "Hamas", "organization", &[])
        .article("a", "", "Some [group](@hamaz) said.");
    let e = one_error(site, "G0203");
    assert_at(&e, "content/articles/a.md", 6, 6);
    assert!(e.help.unwrap().contains("`@hamas`"));
}

#[test]
fn yaml_syntax_error_has_its_position() {
    let e = one_error(
        TestSite::new().file("content/a.md", "---\ntitle: A\ntags: [a, b\n---\n"),
        "G0103",
    );
    assert_eq!(e.path, Path::new("content/a.md"));
    assert!(e.line_col().unwrap().0 >= 3, "{e}");
}

#[test]
fn unclosed_front_matter() {
    let e = one_error(
        TestSite::new().file("content/a.md", "---\ntitle: A\n"),
        "G0109",
    );
    assert_at(&e, "content/a.md", 1, 1);
}

#[test]
fn file_without_front_matter() {
    let e = one_error(
        TestSite::new().file("content/a.md", "Just text.\n"),
        "G0108",
    );
    assert_at(&e, "content/a.md", 1, 1);
}

#[test]
fn two_files_with_the_same_url_name_both() {
    let site = TestSite::new()
        .file(
            "content/articles/one.md",
            "---\ntitle: One\nslug: same\n---\n",
        )
        .file(
            "content/articles/two.md",
            "---\ntitle: Two\nslug: same\n---\n",
        );
    let e = one_error(site, "G0201");
    assert!(
        e.message.contains("one.md") && e.message.contains("two.md"),
        "{e}"
    );
    assert_at(&e, "content/articles/two.md", 3, 7);
}

#[test]
fn unknown_template() {
    let site = TestSite::new().file(
        "content/a.md",
        "---\ntitle: A\ntemplate: longform.html\n---\n",
    );
    let e = one_error(site, "G0403");
    assert_at(&e, "content/a.md", 3, 1);
}

#[test]
fn template_syntax_error_points_into_the_template() {
    let site = TestSite::new()
        .file("content/a.md", "---\ntitle: A\n---\n")
        .file("templates/article.html", "<h1>{{ article.title }</h1>\n");
    let errors = site.build_err();
    let e = only(&errors, "G0402");
    assert_eq!(e.path, Path::new("templates/article.html"));
    assert_eq!(e.line_col().map(|(line, _)| line), Some(1));
}

#[test]
fn template_rendering_error_names_the_page() {
    let site = TestSite::new()
        .file("content/a.md", "---\ntitle: A\n---\n")
        .file(
            "templates/article.html",
            "<h1>\n{{ article.no_such_field }}</h1>\n",
        );
    let errors = site.build_err();
    let e = only(&errors, "G0402");
    assert_eq!(e.path, Path::new("templates/article.html"));
    assert_eq!(e.line_col().map(|(line, _)| line), Some(2));
    assert!(e.message.contains("/a/"), "{e}");
}

/// A site with one article and the templates given.
fn with_templates(templates: &[(&str, &str)]) -> TestSite {
    let mut site = TestSite::new().file("content/a.md", "---\ntitle: A\n---\n");
    for (name, text) in templates {
        site = site.file(&format!("templates/{name}"), text);
    }
    site
}

#[test]
fn an_include_cycle_points_at_the_include_that_closes_it() {
    let e = one_error(
        with_templates(&[
            ("a.html", "{% include \"b.html\" %}\n"),
            ("b.html", "<p>\n  {% include \"a.html\" %}</p>\n"),
        ]),
        "G0402",
    );
    assert_at(&e, "templates/b.html", 2, 14);
    assert!(
        e.message
            .contains("`a.html` includes `b.html`, which includes `a.html`"),
        "{e}"
    );
    assert!(e.help.unwrap().contains("include"));
}

#[test]
fn an_extends_cycle_points_at_the_extends_that_closes_it() {
    let e = one_error(
        with_templates(&[
            ("a.html", "{% extends \"b.html\" %}\n"),
            ("b.html", "{% extends \"a.html\" %}\n"),
        ]),
        "G0402",
    );
    assert_at(&e, "templates/b.html", 1, 12);
    assert!(e.help.unwrap().contains("extends"));
}

#[test]
fn a_missing_parent_points_at_the_extends_and_suggests_a_name() {
    let e = one_error(
        with_templates(&[("article.html", "{% extends \"bsae.html\" %}\n")]),
        "G0402",
    );
    assert_at(&e, "templates/article.html", 1, 12);
    assert!(e.message.contains("`bsae.html`"), "{e}");
    assert!(e.help.unwrap().contains("\"base.html\"?"));
}

#[test]
fn an_unknown_include_points_at_the_include() {
    let e = one_error(
        with_templates(&[(
            "article.html",
            "{% extends \"base.html\" %}\n{% block content %}{% include \"byline.html\" %}{% endblock content %}\n",
        )]),
        "G0402",
    );
    assert_at(&e, "templates/article.html", 2, 31);
    assert!(e.message.contains("`byline.html`"), "{e}");
}

#[test]
fn a_component_that_calls_itself_points_at_the_call() {
    let e = one_error(
        with_templates(&[
            (
                "components.html",
                "{% component tree(n) %}\n<li>{{ n }}{{ <tree n={n + 1} /> }}</li>\n{% endcomponent tree %}\n",
            ),
            (
                "article.html",
                "{% extends \"base.html\" %}\n{% block content %}{{ <tree n={1} /> }}{% endblock content %}\n",
            ),
        ]),
        "G0402",
    );
    assert_at(&e, "templates/components.html", 2, 16);
    assert!(e.message.contains("`tree` calls itself"), "{e}");
    let help = e.help.unwrap();
    assert!(
        help.contains("{% if") && !help.contains("include"),
        "{help}"
    );
}

#[test]
fn one_template_mistake_is_reported_once_with_the_pages_it_broke() {
    let site = TestSite::new()
        .file("content/a.md", "---\ntitle: A\n---\n")
        .file("content/b.md", "---\ntitle: B\n---\n")
        .file("content/c.md", "---\ntitle: C\n---\n")
        .file("templates/article.html", "{{ article.nmae }}\n");
    let errors = site.build_err();
    let e = only(&errors, "G0402");
    assert!(e.message.ends_with("(and 2 other pages)"), "{e}");
}

#[test]
fn output_folder_may_not_hold_the_site() {
    let site = TestSite::new().file("content/a.md", "---\ntitle: A\n---\n");
    for output in [
        site.root().to_path_buf(),
        site.root().join("content"),
        site.root().join("static/x"),
        "/".into(),
    ] {
        let mut options = site.options();
        options.output = Some(output.clone());
        let errors = gloss::build(&options).expect_err("must refuse").into_vec();
        only(&errors, "G0502");
    }
    assert!(site.root().join("content/a.md").exists());
}

#[test]
fn every_wrong_field_is_reported_in_one_run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/every-field-wrong");
    let mut options = gloss::BuildOptions::new(&root);
    let out = tempfile::tempdir().unwrap();
    options.output = Some(out.path().join("public"));
    let errors = gloss::build(&options).expect_err("must fail").into_vec();
    let at = |file: &str| -> Vec<(usize, &str)> {
        let mut v: Vec<_> = errors
            .iter()
            .filter(|d| d.path == Path::new(file))
            .map(|d| (d.line_col().unwrap().0, d.code.as_str()))
            .collect();
        v.sort();
        v
    };
    // One error per wrong line of the article: titel, date, updated, summary,
    // authors, source url, tags, draft, slug, the unknown entity, the bad note key,
    // the missing title and the `@nobody` link in the body.
    let article = at("content/articles/everything-wrong.md");
    let lines: Vec<usize> = article.iter().map(|(l, _)| *l).collect();
    for line in [2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 18] {
        assert!(
            lines.contains(&line),
            "no error on line {line}: {article:?}\n{errors:#?}"
        );
    }
    let entity = at("content/entities/hamas.md");
    let lines: Vec<usize> = entity.iter().map(|(l, _)| *l).collect();
    for line in [3, 4, 5, 6] {
        assert!(lines.contains(&line), "no error on line {line}: {entity:?}");
    }
    assert!(errors.iter().all(|d| d.help.is_some()), "{errors:#?}");
    assert!(!out.path().join("public").exists());
}

#[test]
fn over_100_tags_on_one_article_is_a_warning_at_its_tags_line() {
    let tags = |n: usize| {
        let list: Vec<String> = (1..=n).map(|i| format!("t{i}")).collect();
        format!("tags: [{}]", list.join(", "))
    };
    let built = TestSite::new().article("a", &tags(101), "Text.").build_ok();
    let warning = only(&built.warnings, "G0115");
    assert!(!warning.is_error());
    assert!(warning.message.contains("101 tags"), "{}", warning.message);
    assert_at(warning, "content/articles/a.md", 4, 1);
    let built = TestSite::new().article("a", &tags(100), "Text.").build_ok();
    assert!(built.warnings.iter().all(|w| w.code != "G0115"));
}

/// A site path segment gloss refuses: one character over the limit.
const TOO_LONG: usize = 201;

fn assert_nothing_written(site: &TestSite) {
    assert!(
        !site.root().join("public").exists(),
        "the output was written"
    );
}

#[test]
fn a_tag_too_long_for_a_file_name_is_an_error_at_the_tag() {
    let long = "x".repeat(300);
    let site = TestSite::new().article("a", &format!("tags:\n  - gaza\n  - {long}"), "Text.");
    let e = only(&site.build_err(), "G0116").clone();
    assert_at(&e, "content/articles/a.md", 6, 5);
    assert!(e.message.contains("300 characters"), "{}", e.message);
    assert_nothing_written(&site);
}

#[test]
fn a_slug_too_long_for_a_file_name_is_an_error_at_the_slug() {
    let site = TestSite::new().article("a", &format!("slug: {}", "blinken-".repeat(30)), "Text.");
    let e = only(&site.build_err(), "G0116").clone();
    assert_at(&e, "content/articles/a.md", 4, 7);
    assert!(e.message.contains("240 characters"), "{}", e.message);
    assert_nothing_written(&site);
}

#[test]
fn a_slug_of_200_characters_is_written() {
    let slug = "x".repeat(200);
    let built = TestSite::new()
        .article("a", &format!("slug: {slug}"), "Text.")
        .build_ok();
    assert!(built
        .out
        .join(format!("articles/{slug}/index.html"))
        .is_file());
}

#[test]
fn an_article_file_name_too_long_for_a_slug_is_an_error_naming_the_file() {
    let name = "a".repeat(TOO_LONG);
    let site = TestSite::new().article(&name, "", "Text.");
    let e = only(&site.build_err(), "G0116").clone();
    assert_eq!(e.path, Path::new(&format!("content/articles/{name}.md")));
    assert!(
        e.help.as_deref().is_some_and(|h| h.contains("slug:")),
        "{e}"
    );
    assert_nothing_written(&site);
    // A short `slug:` is the fix.
    TestSite::new()
        .article(&name, "slug: short", "Text.")
        .build_ok();
}

#[test]
fn an_entity_file_name_too_long_for_a_slug_is_an_error_naming_the_file() {
    let name = "e".repeat(TOO_LONG);
    let site = TestSite::new().entity(&name, "Egypt", "place", &[]);
    let e = only(&site.build_err(), "G0116").clone();
    assert_eq!(e.path, Path::new(&format!("content/entities/{name}.md")));
    assert!(e.help.is_some());
    assert_nothing_written(&site);
}
