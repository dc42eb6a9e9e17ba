//! The addresses of the editions other than the default one
//! (docs/languages.md, docs/publishing.md): their old addresses, their
//! removed pages, the one `/_redirects` a host reads, the sitemap index.

mod common;
use common::*;

/// English and Arabic, one story in both.
fn two_editions() -> TestSite {
    TestSite::new()
        .file(
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/\nlanguages: [en, ar]\n",
        )
        .entity("egypt", "Egypt", "place", &[])
        .article("talks", "annotations: [egypt]", "Egypt hosted the talks.")
        .file(
            "content/articles/talks.ar.md",
            "---\ntitle: محادثات\ndate: 2024-09-19\n---\nاستضافت مصر المحادثات.\n",
        )
}

/// Where a redirect page sends its reader.
fn refresh_target(page: &scraper::Html) -> String {
    let meta = select(page, "meta[http-equiv=refresh]");
    let content = meta[0].value().attr("content").unwrap();
    content.split_once("url=").unwrap().1.to_string()
}

#[test]
fn a_moved_article_of_an_edition_keeps_its_old_address_in_the_edition() {
    let site = two_editions().file(
        "content/articles/talks.ar.md",
        "---\ntitle: محادثات\ndate: 2024-09-19\nredirect_from: [/ar/articles/old-talks/]\n---\nنص.\n",
    );
    let built = site.build_ok();
    let page = built.page("ar/articles/old-talks/index.html");
    assert_eq!(refresh_target(&page), "/ar/articles/talks/");
    let html = select(&page, "html");
    assert_eq!(html[0].value().attr("lang"), Some("ar"));
    let rules = built.read("_redirects");
    assert!(
        rules.contains("/ar/articles/old-talks/ /ar/articles/talks/ 301\n"),
        "{rules}"
    );
}

#[test]
fn an_old_address_of_an_edition_must_be_in_its_folder() {
    let site = two_editions().file(
        "content/articles/talks.ar.md",
        "---\ntitle: محادثات\ndate: 2024-09-19\nredirect_from: [/articles/old-talks/]\n---\nنص.\n",
    );
    let errors = site.build_err();
    let error = only(&errors, "G0114");
    assert!(error.message.contains("`ar` edition"), "{}", error.message);
    assert!(
        error
            .help
            .as_deref()
            .unwrap()
            .contains("/ar/articles/old-talks/"),
        "{:?}",
        error.help
    );
}

#[test]
fn a_removed_page_of_an_edition_gets_the_editions_410_page_and_rule() {
    let site = two_editions().file(
        "site.yaml",
        "title: Desk\nbase_url: https://example.org/\nlanguages: [en, ar]\ngone:\n  - /ar/articles/withdrawn/\n",
    );
    let built = site.build_ok();
    let page = built.page("ar/410.html");
    assert_eq!(text(&select(&page, "h1")[0]), "صفحة محذوفة");
    assert!(!built.out.join("410.html").exists());
    let rules = built.read("_redirects");
    assert!(
        rules.contains("/ar/articles/withdrawn/ /ar/410.html 410\n"),
        "{rules}"
    );
}

#[test]
fn the_root_redirect_rules_hold_every_editions_rules() {
    let site = two_editions()
        .file(
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/news/\nlanguages: [en, ar]\ngone:\n  - /articles/withdrawn/\n  - /ar/articles/withdrawn/\n",
        )
        .file(
            "content/entities/egypt.md",
            "---\nname: Egypt\nkind: place\nsummary: A country.\nredirect_from: [/entities/misr/]\n---\n",
        );
    let built = site.build_ok();
    assert!(!built.out.join("ar/_redirects").exists());
    let rules = built.read("_redirects");
    for rule in [
        "/news/articles/withdrawn/ /news/410.html 410\n",
        "/news/ar/articles/withdrawn/ /news/ar/410.html 410\n",
        "/news/entities/misr/ /news/entities/egypt/ 301\n",
        "/news/ar/entities/misr/ /news/ar/entities/egypt/ 301\n",
    ] {
        assert!(rules.contains(rule), "no `{rule}` in:\n{rules}");
    }
    let page = built.page("ar/entities/misr/index.html");
    assert_eq!(refresh_target(&page), "/news/ar/entities/egypt/");
}

#[test]
fn a_renamed_article_of_an_edition_is_kept_by_its_rooted_old_address() {
    let site = two_editions();
    let mut options = site.options();
    options.output = Some(site.root().join("first"));
    gloss::build(&options).unwrap();
    let record = std::fs::read_to_string(site.root().join("published-urls.txt")).unwrap();
    assert!(record.contains("/ar/articles/talks/"), "{record}");
    std::fs::rename(
        site.root().join("content/articles/talks.ar.md"),
        site.root().join("content/articles/cairo.ar.md"),
    )
    .unwrap();
    options.output = Some(site.root().join("second"));
    let errors = gloss::build(&options).unwrap_err().into_vec();
    let error = only(&errors, "G0209");
    let help = error.help.as_deref().unwrap();
    assert!(
        help.contains("redirect_from: [/ar/articles/talks/]"),
        "{help}"
    );
    let site = site.file(
        "content/articles/cairo.ar.md",
        "---\ntitle: محادثات\ndate: 2024-09-19\nredirect_from: [/ar/articles/talks/]\n---\nنص.\n",
    );
    options.output = Some(site.root().join("third"));
    gloss::build(&options).unwrap_or_else(|d| panic!("{}", render(&d)));
}

#[test]
fn serve_answers_a_removed_address_of_an_edition_with_its_410_page() {
    let site = two_editions().file(
        "site.yaml",
        "title: Desk\nbase_url: https://example.org/\nlanguages: [en, ar]\ngone:\n  - /ar/articles/withdrawn/\n",
    );
    let server = common::server::Server::start(site.root());
    let (status, _, body) = server.get("/ar/articles/withdrawn/");
    assert_eq!(status, 410);
    let page = scraper::Html::parse_document(&body);
    assert_eq!(text(&select(&page, "h1")[0]), "صفحة محذوفة");
}

/// The `<loc>` of each entry of an XML sitemap or sitemap index.
fn locs(xml: &str) -> Vec<String> {
    let doc = scraper::Html::parse_fragment(xml);
    select(&doc, "loc").iter().map(text).collect()
}

#[test]
fn a_site_of_several_editions_has_a_sitemap_index_at_its_root() {
    let built = two_editions().build_ok();
    let index = built.read("sitemap.xml");
    assert!(index.contains("<sitemapindex"), "{index}");
    assert_eq!(
        locs(&index),
        [
            "https://example.org/sitemap-en.xml",
            "https://example.org/ar/sitemap.xml"
        ]
    );
    let english = locs(&built.read("sitemap-en.xml"));
    assert!(english.contains(&"https://example.org/articles/talks/".to_string()));
    assert!(
        !english.iter().any(|loc| loc.contains("/ar/")),
        "{english:?}"
    );
    let arabic = locs(&built.read("ar/sitemap.xml"));
    assert!(arabic.contains(&"https://example.org/ar/articles/talks/".to_string()));
}

#[test]
fn a_site_in_one_language_keeps_one_sitemap_of_its_pages() {
    let built = TestSite::new()
        .file("site.yaml", "title: Desk\nbase_url: https://example.org/\n")
        .article("talks", "", "Talks.")
        .build_ok();
    let sitemap = built.read("sitemap.xml");
    assert!(sitemap.contains("<urlset"), "{sitemap}");
    assert!(locs(&sitemap).contains(&"https://example.org/articles/talks/".to_string()));
    assert!(!built.out.join("sitemap-en.xml").exists());
}

/// English and Spanish, with a Spanish byline and tag with accents.
fn spanish_byline() -> TestSite {
    TestSite::new()
        .file(
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/\nlanguages: [en, es]\n",
        )
        .article("talks", "", "Talks.")
        .file(
            "content/articles/talks.es.md",
            "---\ntitle: Conversaciones\ndate: 2024-09-19\nauthors: [Redacción Gloss]\ntags: [Diplomacía]\n---\nTexto.\n",
        )
}

#[test]
fn latin_letters_with_accents_are_spelled_in_ascii_in_addresses() {
    let built = spanish_byline().build_ok();
    assert!(built
        .out
        .join("es/authors/redaccion-gloss/index.html")
        .exists());
    assert!(built.out.join("es/tags/diplomacia/index.html").exists());
}

#[test]
fn an_address_the_old_slug_rule_published_keeps_working() {
    let record = "/es/authors/redacci-n-gloss/\n/es/authors/redacci-n-gloss/atom.xml\n/es/tags/diplomac-a/\n";
    let site = spanish_byline().file("published-urls.txt", record);
    let built = site.build_ok();
    let page = built.page("es/authors/redacci-n-gloss/index.html");
    assert_eq!(refresh_target(&page), "/es/authors/redaccion-gloss/");
    let page = built.page("es/tags/diplomac-a/index.html");
    assert_eq!(refresh_target(&page), "/es/tags/diplomacia/");
    let rules = built.read("_redirects");
    for rule in [
        "/es/authors/redacci-n-gloss/ /es/authors/redaccion-gloss/ 301\n",
        "/es/authors/redacci-n-gloss/atom.xml /es/authors/redaccion-gloss/atom.xml 301\n",
        "/es/tags/diplomac-a/ /es/tags/diplomacia/ 301\n",
    ] {
        assert!(rules.contains(rule), "no `{rule}` in:\n{rules}");
    }
    // Feed readers follow no HTML redirect: the old address is the feed.
    assert_eq!(
        built.read("es/authors/redacci-n-gloss/atom.xml"),
        built.read("es/authors/redaccion-gloss/atom.xml")
    );
    let kept = std::fs::read_to_string(site.root().join("published-urls.txt")).unwrap();
    assert!(kept.contains("\n/es/authors/redacci-n-gloss/\n"), "{kept}");
}

#[test]
fn an_old_slug_the_record_does_not_hold_gets_no_redirect() {
    let built = spanish_byline().build_ok();
    assert!(!built.out.join("es/authors/redacci-n-gloss").exists());
}
