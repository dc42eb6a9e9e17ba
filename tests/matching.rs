//! SPEC section 4, one test per matching rule.

mod common;
use common::*;

fn blinken_site(front: &str, body: &str) -> TestSite {
    TestSite::new()
        .entity("antony-blinken", "Antony Blinken", "person", &["Blinken"])
        .article("a", front, body)
}

#[test]
fn a_name_in_text_becomes_a_mention_link() {
    let built = blinken_site(
        "annotations: [antony-blinken]",
        "Antony Blinken met officials.",
    )
    .build_ok();
    let html = built.article("a");
    let links = select(&html, "a.gloss-mention");
    assert_eq!(links.len(), 1);
    let link = links[0].value();
    assert_eq!(link.attr("data-entity"), Some("antony-blinken"));
    assert_eq!(link.attr("href"), Some("/entities/antony-blinken/"));
    assert_eq!(text(&links[0]), "Antony Blinken");
}

#[test]
fn never_inside_code_links_images_raw_html_or_headings() {
    let body = "## Blinken abroad\n\n`Blinken` and [Blinken](https://example.org) and ![Blinken](x.png)\n\n<div>Blinken</div>\n\n    Blinken in code\n\nFinally Blinken.";
    let built = blinken_site("annotations: [antony-blinken]", body)
        .picture("content/articles/x.png", 20, 10)
        .build_ok();
    let html = built.article("a");
    let found = select(&html, "a.gloss-mention");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0]
            .parent()
            .unwrap()
            .value()
            .as_element()
            .unwrap()
            .name(),
        "p"
    );
    assert!(text(
        &found[0]
            .parent()
            .map(scraper::ElementRef::wrap)
            .unwrap()
            .unwrap()
    )
    .starts_with("Finally"));
}

#[test]
fn text_inside_inline_html_elements_is_matched() {
    for (i, element) in [
        "span lang=\"he\"",
        "span",
        "em",
        "abbr title=\"x\"",
        "mark",
        "q",
        "cite",
        "b",
        "small",
    ]
    .iter()
    .enumerate()
    {
        let name = element.split(' ').next().unwrap();
        let body = format!("Officials in <{element}>Blinken</{name}> said.");
        let built = blinken_site("annotations: [antony-blinken]", &body).build_ok();
        let html = built.article("a");
        assert_eq!(mentions(&html), ["Blinken"], "case {i}: {body}");
        let selector = format!(".article-body {name} > a.gloss-mention");
        assert_eq!(select(&html, &selector).len(), 1, "{}", html.html());
    }
}

#[test]
fn text_inside_raw_links_code_and_unshown_elements_is_not_matched() {
    for element in [
        "a href=\"https://example.org\"",
        "code",
        "kbd",
        "samp",
        "script",
        "style",
        "pre",
        "textarea",
        "button",
        "svg",
    ] {
        let name = element.split(' ').next().unwrap();
        let body =
            format!("Said <{element}>Blinken <b>again</b></{name}>, then Blinken<br> spoke.");
        let built = blinken_site("annotations: [antony-blinken]", &body).build_ok();
        let html = built.article("a");
        let found = select(&html, "a.gloss-mention");
        assert_eq!(found.len(), 1, "{body}: {}", html.html());
        assert!(
            select(&html, "a a").is_empty(),
            "{body}: a link inside a link"
        );
        let before = found[0]
            .prev_sibling()
            .and_then(|n| n.value().as_text().map(|t| t.to_string()));
        assert_eq!(
            before.as_deref(),
            Some(", then "),
            "{body}: the mention is the one after the element"
        );
    }
}

#[test]
fn raw_tags_are_read_as_a_browser_reads_them() {
    // Upper case names, `>` inside a quoted attribute, nesting, void and
    // self-closed tags, comments: the mention is the one outside `<CODE>`.
    let body = "<SPAN TITLE=\"a > b\"><em>In <CODE>Blinken</code></em> and <img src=\"x.png\"/> <!-- <a href=\"x\"> --> Blinken</SPAN> spoke.";
    let built = blinken_site("annotations: [antony-blinken]", body).build_ok();
    let html = built.article("a");
    assert_eq!(mentions(&html), ["Blinken"], "{}", html.html());
    assert_eq!(
        select(&html, ".article-body span > a.gloss-mention").len(),
        1
    );
    assert!(select(&html, "code a").is_empty());
}

#[test]
fn an_html_link_around_paragraphs_hides_them_until_it_closes() {
    let body = "<a href=\"https://example.org\">\n\nBlinken inside.\n\n</a>\n\nBlinken outside.";
    let built = blinken_site("annotations: [antony-blinken]", body).build_ok();
    let html = built.article("a");
    assert!(select(&html, "a a").is_empty(), "{}", html.html());
    let found = select(&html, "a.gloss-mention");
    assert_eq!(found.len(), 1);
    let paragraph = scraper::ElementRef::wrap(found[0].parent().unwrap()).unwrap();
    assert_eq!(text(&paragraph), "Blinken outside.");
}

#[test]
fn an_element_left_open_in_a_paragraph_ends_with_it() {
    let body = "Said <code>Blinken.\n\nThen Blinken spoke.";
    let built = blinken_site("annotations: [antony-blinken]", body).build_ok();
    assert_eq!(mentions(&built.article("a")), ["Blinken"]);
}

#[test]
fn whole_words_only_with_unicode_letters() {
    let site = TestSite::new()
        .entity("israel", "Israel", "place", &[])
        .entity("iran", "Iran", "place", &[])
        .article(
            "a",
            "annotations: [israel, iran]\n",
            "Israeli troops, Iranés, Iran2 and finally Israel and Iran.",
        );
    let html = site.build_ok().article("a");
    assert_eq!(mentions(&html), ["Israel", "Iran"]);
}

#[test]
fn possessive_s_stays_outside_the_mention() {
    let built = blinken_site(
        "annotations: [antony-blinken]",
        "Blinken's trip and Blinken’s schedule.",
    )
    .build_ok();
    let html = built.article("a");
    assert_eq!(mentions(&html), ["Blinken"]);
    let paragraph = text(&select(&html, ".article-body p")[0]);
    assert!(paragraph.starts_with("Blinken’s trip"), "{paragraph}");
}

#[test]
fn matching_is_case_sensitive() {
    let built = blinken_site(
        "annotations: [antony-blinken]",
        "blinken and BLINKEN, then Blinken.",
    )
    .build_ok();
    assert_eq!(mentions(&built.article("a")), ["Blinken"]);
}

#[test]
fn typographic_and_straight_apostrophes_are_the_same() {
    let site = TestSite::new()
        .entity("maale-adumim", "Ma'ale Adumim", "place", &[])
        .entity("o-brien", "Conan O’Brien", "person", &[])
        .article(
            "a",
            "annotations: [maale-adumim, o-brien]\n",
            "In Ma’ale Adumim, Conan O'Brien spoke.",
        );
    assert_eq!(
        mentions(&site.build_ok().article("a")),
        ["Ma’ale Adumim", "Conan O’Brien"]
    );
}

#[test]
fn hyphen_and_non_breaking_hyphen_are_the_same() {
    let site = TestSite::new()
        .entity(
            "linda-thomas-greenfield",
            "Linda Thomas-Greenfield",
            "person",
            &[],
        )
        .article(
            "a",
            "annotations: [linda-thomas-greenfield]\n",
            "Linda Thomas\u{2011}Greenfield spoke.",
        );
    assert_eq!(
        mentions(&site.build_ok().article("a")),
        ["Linda Thomas\u{2011}Greenfield"]
    );
}

#[test]
fn leftmost_longest_wins() {
    let site = TestSite::new()
        .entity(
            "united-nations",
            "United Nations",
            "organization",
            &["U.N."],
        )
        .entity(
            "un-general-assembly",
            "U.N. General Assembly",
            "organization",
            &[],
        )
        .article(
            "a",
            "annotations: [united-nations, un-general-assembly]\n",
            "The U.N. General Assembly met. The U.N. watched.",
        );
    let html = site.build_ok().article("a");
    let found = select(&html, "a.gloss-mention");
    let slugs: Vec<_> = found
        .iter()
        .map(|a| a.value().attr("data-entity").unwrap())
        .collect();
    assert_eq!(slugs, ["un-general-assembly", "united-nations"]);
    assert_eq!(mentions(&html), ["U.N. General Assembly", "U.N."]);
}

#[test]
fn annotate_first_marks_only_the_first_mention() {
    let built = blinken_site(
        "annotations: [antony-blinken]",
        "Antony Blinken arrived. Blinken left. Blinken returned.",
    )
    .build_ok();
    assert_eq!(mentions(&built.article("a")), ["Antony Blinken"]);
}

#[test]
fn annotate_all_marks_every_mention() {
    let built = blinken_site(
        "annotations: [antony-blinken]",
        "Antony Blinken arrived. Blinken left.",
    )
    .file("site.yaml", "annotate: all\n")
    .build_ok();
    assert_eq!(mentions(&built.article("a")), ["Antony Blinken", "Blinken"]);
}

#[test]
fn a_name_split_by_smart_quotes_and_entities_still_matches() {
    let site = TestSite::new()
        .entity("at-t", "AT&T", "organization", &[])
        .entity("o-neill", "Tip O'Neill", "person", &[])
        .article(
            "a",
            "annotations: [at-t, o-neill]\n",
            "Both AT&amp;T and Tip O'Neill.",
        );
    assert_eq!(
        mentions(&site.build_ok().article("a")),
        ["AT&T", "Tip O’Neill"]
    );
}

#[test]
fn a_name_across_a_line_break_matches() {
    let built = blinken_site(
        "annotations: [antony-blinken]",
        "Then Antony\nBlinken spoke.",
    )
    .build_ok();
    assert_eq!(mentions(&built.article("a")), ["Antony\nBlinken"]);
}

#[test]
fn article_aliases_match_only_in_their_article() {
    let site = TestSite::new()
        .entity("matthew-miller", "Matthew Miller", "person", &[])
        .article(
            "a",
            "annotations:\n  - entity: matthew-miller\n    aliases: [Miller]\n",
            "Miller spoke.",
        )
        .article(
            "b",
            "annotations: [matthew-miller]\n",
            "Miller spoke. Matthew Miller too.",
        );
    let built = site.build_ok();
    assert_eq!(mentions(&built.article("a")), ["Miller"]);
    assert_eq!(mentions(&built.article("b")), ["Matthew Miller"]);
}

#[test]
fn terms_are_focusable_mentions_with_a_card() {
    let site = TestSite::new().article(
        "a",
        "annotations:\n  - term: cease-fire\n    aliases: [ceasefire]\n    definition: A halt to fighting.\n",
        "A ceasefire, then a cease-fire.",
    );
    let html = site.build_ok().article("a");
    let found = select(&html, ".article-body .gloss-mention");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].value().attr("data-term"), Some("cease-fire"));
    assert!(
        found[0].value().attr("href").is_some(),
        "a term mention is focusable"
    );
    assert_eq!(select(&html, "#gloss-term-cease-fire.gloss-card").len(), 1);
    let entry = select(&html, "#who-term-cease-fire");
    assert!(text(&entry[0]).contains("A halt to fighting."));
}

#[test]
fn explicit_at_slug_link_annotates_any_text() {
    let site = TestSite::new()
        .entity("antony-blinken", "Antony Blinken", "person", &[])
        .article("a", "", "[The top U.S. diplomat](@antony-blinken) flew in.");
    let html = site.build_ok().article("a");
    let found = select(&html, "a.gloss-mention");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].value().attr("data-entity"), Some("antony-blinken"));
    assert_eq!(text(&found[0]), "The top U.S. diplomat");
    assert_eq!(select(&html, "#gloss-card-antony-blinken").len(), 1);
}

#[test]
fn an_annotation_that_never_matches_is_a_warning_naming_the_names_tried() {
    let built = blinken_site("annotations: [antony-blinken]", "Nobody here.").build_ok();
    let warning = only(&built.warnings, "G0301");
    assert!(!warning.is_error());
    assert!(
        warning.message.contains("`Antony Blinken`") && warning.message.contains("`Blinken`"),
        "{}",
        warning.message
    );
    assert_eq!(warning.path, std::path::Path::new("content/articles/a.md"));
    assert_eq!(warning.line_col(), Some((4, 15)));
}

#[test]
fn a_name_that_belongs_to_two_annotations_is_an_error() {
    let site = TestSite::new()
        .entity("matthew-miller", "Matthew Miller", "person", &["Miller"])
        .entity("jason-miller", "Jason Miller", "person", &[])
        .article(
            "a",
            "annotations:\n  - matthew-miller\n  - entity: jason-miller\n    aliases: [Miller]\n",
            "Miller spoke.",
        );
    let errors = site.build_err();
    let error = only(&errors, "G0205");
    assert!(error.message.contains("`Miller`"), "{}", error.message);
    assert_eq!(error.line_col(), Some((6, 13)));
    assert!(error.help.is_some());
}

#[test]
fn each_card_counts_the_other_explainers() {
    let site = TestSite::new()
        .entity("hamas", "Hamas", "organization", &[])
        .article("a", "annotations: [hamas]", "Hamas said.")
        .article("b", "annotations: [hamas]", "Hamas said.")
        .article("c", "annotations: [hamas]", "Hamas said.");
    let html = site.build_ok().article("a");
    let card = select(&html, "#gloss-card-hamas");
    assert!(
        text(&card[0]).contains("in 2 other explainers"),
        "{}",
        text(&card[0])
    );
}
