//! Bylines (docs/articles.md, "authors"): each name of `authors:` leads to
//! the author's page, which lists their explainers and has a feed; an
//! author file adds a role, a bio, links and a picture; an author who is
//! also a person entity is one person.

mod common;
use common::*;

fn hrefs(html: &scraper::Html, css: &str) -> Vec<String> {
    select(html, css)
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect()
}

fn site() -> TestSite {
    TestSite::new()
        .file("site.yaml", "title: Desk\nbase_url: https://example.org/\n")
        .file(
            "content/articles/old.md",
            "---\ntitle: Old\ndate: 2024-09-01\nauthors: [Jane Doe]\n---\nText.\n",
        )
        .file(
            "content/articles/new.md",
            "---\ntitle: New\ndate: 2024-09-20\nauthors: [Jane Doe, Gloss Desk U.N. team]\n---\nText.\n",
        )
}

#[test]
fn each_name_of_a_byline_links_to_the_authors_page() {
    let built = site().build_ok();
    let page = built.article("new");
    assert_eq!(
        hrefs(&page, ".byline .authors a[rel='author']"),
        ["/authors/jane-doe/", "/authors/gloss-desk-u-n-team/"]
    );
    assert_eq!(
        text(&select(&page, ".byline .authors")[0]),
        "By Jane Doe, Gloss Desk U.N. team"
    );
}

#[test]
fn an_authors_page_lists_their_explainers_newest_first() {
    let built = site().build_ok();
    let page = built.page("authors/jane-doe/index.html");
    assert_eq!(text(&select(&page, "h1")[0]), "Jane Doe");
    assert_eq!(
        hrefs(&page, ".article-list h2 a"),
        ["/articles/new/", "/articles/old/"]
    );
    let desk = built.page("authors/gloss-desk-u-n-team/index.html");
    assert_eq!(hrefs(&desk, ".article-list h2 a"), ["/articles/new/"]);
}

#[test]
fn an_author_has_a_feed_of_their_own() {
    let built = site().build_ok();
    let feed = built.read("authors/jane-doe/atom.xml");
    let feed = scraper::Html::parse_fragment(&feed);
    let ids: Vec<String> = select(&feed, "entry > id").iter().map(text).collect();
    assert_eq!(
        ids,
        [
            "https://example.org/articles/new/",
            "https://example.org/articles/old/"
        ]
    );
    let page = built.page("authors/jane-doe/index.html");
    assert_eq!(
        hrefs(&page, "link[type='application/atom+xml'][title^='Jane']"),
        ["/authors/jane-doe/atom.xml"]
    );
}

#[test]
fn an_author_file_adds_a_role_a_bio_links_and_a_picture() {
    let built = site()
        .file(
            "content/authors/jane-doe.md",
            "---\nname: Jane Doe\nrole: Diplomatic correspondent\nlinks: { Mastodon: \"https://mastodon.example/@jane\" }\nimage: { src: jane.jpg, alt: \"Jane Doe in the newsroom\" }\n---\nJane covers the *State Department*.\n",
        )
        .picture("content/authors/jane.jpg", 800, 800)
        .build_ok();
    let page = built.page("authors/jane-doe/index.html");
    assert_eq!(text(&select(&page, ".lede")[0]), "Diplomatic correspondent");
    assert_eq!(select(&page, ".author-bio em").len(), 1);
    assert!(hrefs(&page, ".links a").contains(&"https://mastodon.example/@jane".to_string()));
    assert_eq!(select(&page, ".entity-picture picture img").len(), 1);
    let script = &select(&page, "script[type='application/ld+json']")[0];
    let ld: serde_json::Value = serde_json::from_str(&text(script)).unwrap();
    assert_eq!(ld["@type"], "Person");
    assert_eq!(ld["jobTitle"], "Diplomatic correspondent");
    assert_eq!(ld["image"]["@type"], "ImageObject");
}

#[test]
fn an_author_file_named_after_someone_else_is_an_error() {
    let errors = site()
        .file("content/authors/jane-doe.md", "---\nname: John Roe\n---\n")
        .build_err();
    let e = only(&errors, "G0105");
    assert_eq!(e.line_col(), Some((2, 7)));
}

#[test]
fn the_news_article_names_its_authors_as_people_with_pages() {
    let built = site().build_ok();
    let page = built.article("new");
    let script = &select(&page, "script[type='application/ld+json']")[0];
    let ld: serde_json::Value = serde_json::from_str(&text(script)).unwrap();
    assert_eq!(ld["author"][0]["@type"], "Person");
    assert_eq!(
        ld["author"][0]["url"],
        "https://example.org/authors/jane-doe/"
    );
}

#[test]
fn a_reporter_who_is_also_an_entity_is_one_person() {
    let built = site()
        .entity("jane-doe", "Jane Doe", "person", &[])
        .build_ok();
    let author = built.page("authors/jane-doe/index.html");
    assert!(hrefs(&author, ".links a").contains(&"/entities/jane-doe/".to_string()));
    let entity = built.page("entities/jane-doe/index.html");
    assert!(hrefs(&entity, ".follow a").contains(&"/authors/jane-doe/".to_string()));
    let page = built.article("new");
    let script = &select(&page, "script[type='application/ld+json']")[0];
    let ld: serde_json::Value = serde_json::from_str(&text(script)).unwrap();
    assert_eq!(
        ld["author"][0]["@id"],
        "https://example.org/entities/jane-doe/#entity"
    );
}
