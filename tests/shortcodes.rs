//! Shortcodes (docs/pictures.md, "Shortcodes"): a Tera snippet of
//! `templates/shortcodes/` called from the Markdown as in Zola; the built-in
//! `factbox` and `pullquote`; unknown shortcodes and bad arguments are
//! errors at their line and column.

mod common;
use common::*;

fn page(body: &str) -> scraper::Html {
    TestSite::new()
        .article("a", "", body)
        .build_ok()
        .article("a")
}

/// The first line of an article body written by `TestSite::article`.
const BODY_LINE: usize = 6;

#[test]
fn a_factbox_holds_its_title_and_its_markdown() {
    let html = page(
        "Before.\n\n{% factbox(title=\"Key facts\") %}\n- Talks resumed on **Wednesday**.\n- Two delegations.\n{% end %}\n\nAfter.",
    );
    let factbox = &select(&html, ".article-body > .factbox")[0];
    assert_eq!(
        text(&select(&html, ".factbox .factbox-title")[0]),
        "Key facts"
    );
    let items: Vec<String> = select(&html, ".factbox li").iter().map(text).collect();
    assert_eq!(items, ["Talks resumed on Wednesday.", "Two delegations."]);
    assert_eq!(select(&html, ".factbox li strong").len(), 1);
    assert!(!text(factbox).contains("{%"));
    let paragraphs: Vec<String> = select(&html, ".article-body > p")
        .iter()
        .map(text)
        .collect();
    assert_eq!(paragraphs, ["Before.", "After."]);
}

#[test]
fn a_pullquote_alone_in_its_paragraph_replaces_it() {
    let html = page("Before.\n\n{{ pullquote(quote=\"We are closer than ever\", by=\"Antony Blinken\") }}\n\nAfter.");
    let quote = &select(&html, ".article-body > figure.pullquote")[0];
    assert_eq!(
        text(&select(&html, ".pullquote blockquote")[0]).trim(),
        "We are closer than ever"
    );
    assert_eq!(
        text(&select(&html, ".pullquote figcaption")[0]),
        "Antony Blinken"
    );
    assert_eq!(
        select(&html, ".article-body p figure").len(),
        0,
        "not inside a paragraph"
    );
    assert!(quote.value().attr("class").is_some());
}

#[test]
fn a_pullquote_without_by_has_no_caption() {
    let html = page("{{ pullquote(quote=\"No double standards.\") }}");
    assert_eq!(select(&html, ".pullquote").len(), 1);
    assert!(select(&html, ".pullquote figcaption").is_empty());
}

#[test]
fn a_site_shortcode_is_called_with_its_arguments() {
    let html = TestSite::new()
        .file(
            "templates/shortcodes/flag.html",
            "<span class=\"flag\" data-n=\"{{ n }}\">{{ country | upper }}</span>",
        )
        .article(
            "a",
            "",
            "Delegates from {{ flag(country=\"egypt\", n=2) }} arrived.",
        )
        .build_ok()
        .article("a");
    let flag = &select(&html, ".article-body p .flag")[0];
    assert_eq!(text(flag), "EGYPT");
    assert_eq!(flag.value().attr("data-n"), Some("2"));
    assert_eq!(
        text(&select(&html, ".article-body p")[0]),
        "Delegates from EGYPT arrived."
    );
}

#[test]
fn a_site_shortcode_replaces_a_builtin_one() {
    let html = TestSite::new()
        .file(
            "templates/shortcodes/pullquote.html",
            "<p class=\"house-quote\">{{ quote }}</p>",
        )
        .article("a", "", "{{ pullquote(quote=\"Ours.\") }}")
        .build_ok()
        .article("a");
    assert_eq!(text(&select(&html, ".house-quote")[0]), "Ours.");
    assert!(select(&html, "figure.pullquote").is_empty());
}

#[test]
fn arguments_are_escaped_like_any_template_variable() {
    let html = page("{{ pullquote(quote=\"<script>alert(1)</script>\") }}");
    assert!(select(&html, ".article-body script").is_empty());
    assert_eq!(
        text(&select(&html, ".pullquote blockquote p")[0]),
        "<script>alert(1)</script>"
    );
}

#[test]
fn calls_in_code_are_shown_as_written() {
    let html =
        page("Write `{{ pullquote(quote=\"x\") }}`:\n\n```\n{% factbox(title=\"x\") %}\n```");
    assert!(select(&html, ".pullquote, .factbox").is_empty());
    assert_eq!(
        text(&select(&html, ".article-body p code")[0]),
        "{{ pullquote(quote=\"x\") }}"
    );
}

#[test]
fn text_after_a_call_keeps_its_place_in_errors() {
    let errors = TestSite::new()
        .article("a", "", "{{ pullquote(quote=\"x\") }}\n\n[a](@nobody)")
        .build_err();
    let e = only(&errors, "G0203");
    assert_eq!(e.line_col(), Some((BODY_LINE + 2, 1)));
}

#[test]
fn an_unknown_shortcode_is_an_error_at_its_name() {
    let errors = TestSite::new()
        .article("a", "", "Text.\n\n{{ factbocks(title=\"x\") }}")
        .build_err();
    let e = only(&errors, "G0138");
    assert_eq!(e.line_col(), Some((BODY_LINE + 2, 4)));
    assert!(
        e.help.as_ref().unwrap().contains("did you mean `factbox`?"),
        "{e:?}"
    );
}

#[test]
fn an_argument_the_template_never_reads_is_an_error_at_it() {
    let errors = TestSite::new()
        .article("a", "", "{{ pullquote(quote=\"x\", bye=\"B\") }}")
        .build_err();
    let e = only(&errors, "G0139");
    assert_eq!(e.line_col(), Some((BODY_LINE, 25)));
    assert!(
        e.message.contains("takes no argument `bye`"),
        "{}",
        e.message
    );
    assert!(e.help.as_ref().unwrap().contains("did you mean `by`?"));
}

#[test]
fn a_value_without_quotes_is_an_error_where_it_starts() {
    let errors = TestSite::new()
        .article("a", "", "{{ pullquote(quote=We are close) }}")
        .build_err();
    let e = only(&errors, "G0139");
    assert_eq!(e.line_col(), Some((BODY_LINE, 20)));
    assert!(e.help.as_ref().unwrap().contains("in quotes"));
}

#[test]
fn a_missing_argument_is_an_error_at_the_call() {
    let errors = TestSite::new()
        .article("a", "", "Text.\n\n{% factbox() %}\nFacts.\n{% end %}")
        .build_err();
    let e = only(&errors, "G0139");
    assert_eq!(e.line_col(), Some((BODY_LINE + 2, 1)));
    assert!(e.message.contains("title"), "{}", e.message);
}

#[test]
fn a_block_never_closed_is_an_error_at_its_opening() {
    let errors = TestSite::new()
        .article("a", "", "{% factbox(title=\"x\") %}\nFacts.")
        .build_err();
    let e = only(&errors, "G0139");
    assert_eq!(e.line_col(), Some((BODY_LINE, 1)));
    assert!(e.help.as_ref().unwrap().contains("{% end %}"));
}

#[test]
fn a_link_in_a_shortcode_body_follows_the_body_rules() {
    let errors = TestSite::new()
        .article(
            "a",
            "",
            "{% factbox(title=\"x\") %}\n[click](javascript:alert(1))\n{% end %}",
        )
        .build_err();
    let e = only(&errors, "G0111");
    assert_eq!(e.line_col(), Some((BODY_LINE + 1, 1)));
}

#[test]
fn changing_a_shortcode_template_changes_the_page_in_serve() {
    let site = TestSite::new()
        .file(
            "templates/shortcodes/flag.html",
            "<b class=\"flag\">{{ c }}</b>",
        )
        .article("a", "", "From {{ flag(c=\"eg\") }} today.");
    let mut preview = gloss::Preview::new(&site.options());
    preview.rebuild(None).unwrap();
    let flag = |preview: &gloss::Preview| {
        let bytes = preview.read("articles/a/index.html").unwrap();
        let page = scraper::Html::parse_document(std::str::from_utf8(&bytes).unwrap());
        let found = &select(&page, ".article-body .flag")[0];
        (found.value().name().to_string(), text(found))
    };
    assert_eq!(flag(&preview), ("b".to_string(), "eg".to_string()));
    let template = site.root().join("templates/shortcodes/flag.html");
    std::fs::write(&template, "<i class=\"flag\">{{ c | upper }}</i>").unwrap();
    preview.rebuild(Some(&[template])).unwrap();
    assert_eq!(flag(&preview), ("i".to_string(), "EG".to_string()));
}
