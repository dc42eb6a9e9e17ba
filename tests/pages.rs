//! SPEC section 6: every page written, read back with an HTML or XML parser.

mod common;
use common::*;

fn news_site() -> TestSite {
    TestSite::new()
        .file("site.yaml", "title: Desk\nbase_url: https://example.org/news/\n")
        .entity("antony-blinken", "Antony Blinken", "person", &["Blinken"])
        .entity("hamas", "Hamas", "organization", &[])
        .entity("egypt", "Egypt", "place", &[])
        .file(
            "content/articles/older.md",
            "---\ntitle: Older\ndate: 2024-09-17\ntags: [gaza]\nannotations: [hamas, egypt]\n---\nHamas and Egypt.\n",
        )
        .file(
            "content/articles/newer.md",
            "---\ntitle: Newer\ndate: 2024-09-19T10:00:00Z\nsummary: The latest.\ntags: [gaza, diplomacy]\nsource: { name: VOA, url: \"https://www.voanews.com/\" }\nannotations:\n  - antony-blinken\n  - entity: hamas\n    note: Holds the hostages.\n---\nFirst line. Then Blinken met Hamas mediators in Egypt. Last line.\n",
        )
        .file("content/articles/secret.md", "---\ntitle: Secret\ndate: 2024-09-20\ndraft: true\n---\nDraft.\n")
        .file("content/about.md", "---\ntitle: About us\n---\nWho we are.\n")
}

#[test]
fn index_lists_dated_articles_newest_first() {
    let built = news_site().build_ok();
    let html = built.page("index.html");
    let titles: Vec<String> = select(&html, ".article-list h2 a")
        .iter()
        .map(text)
        .collect();
    assert_eq!(titles, ["Newer", "Older"]);
    let links: Vec<_> = select(&html, ".article-list h2 a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(links, ["/news/articles/newer/", "/news/articles/older/"]);
}

#[test]
fn index_paginates_past_twenty() {
    let mut site = TestSite::new();
    for i in 0..45 {
        site = site.file(
            &format!("content/articles/a{i:02}.md"),
            &format!(
                "---\ntitle: A{i:02}\ndate: 2024-01-{:02}\n---\n",
                i % 28 + 1
            ),
        );
    }
    let built = site.build_ok();
    assert_eq!(
        select(&built.page("index.html"), ".article-list li").len(),
        20
    );
    assert_eq!(
        select(&built.page("page/2/index.html"), ".article-list li").len(),
        20
    );
    let last = built.page("page/3/index.html");
    assert_eq!(select(&last, ".article-list li").len(), 5);
    assert_eq!(
        select(&last, "a[rel=prev]")[0].value().attr("href"),
        Some("/page/2/")
    );
}

#[test]
fn article_page_has_cards_whos_who_tags_and_source() {
    let built = news_site().build_ok();
    let html = built.article("newer");
    assert_eq!(text(&select(&html, "h1")[0]), "Newer");
    let cards = select(&html, ".gloss-card");
    let ids: Vec<_> = cards
        .iter()
        .map(|c| c.value().attr("id").unwrap())
        .collect();
    assert_eq!(ids, ["gloss-card-antony-blinken", "gloss-card-hamas"]);
    // A card is completed from its "Who's who" entry, which holds the summary.
    assert_eq!(cards[1].value().attr("data-who"), Some("who-hamas"));
    let entry = text(&select(&html, "#who-hamas")[0]);
    assert!(entry.contains("Holds the hostages."), "{entry}");
    assert!(entry.contains("organization"), "{entry}");
    let who: Vec<String> = select(&html, ".whos-who dt a").iter().map(text).collect();
    assert_eq!(who, ["Antony Blinken", "Hamas"]);
    let tags: Vec<String> = select(&html, ".article-header .tag")
        .iter()
        .map(text)
        .collect();
    assert_eq!(tags, ["gaza", "diplomacy"]);
    assert_eq!(
        select(&html, ".source-credit a")[0].value().attr("href"),
        Some("https://www.voanews.com/")
    );
    assert_eq!(
        select(&html, "link[rel=canonical]")[0].value().attr("href"),
        Some("https://example.org/news/articles/newer/")
    );
}

#[test]
fn undated_pages_are_built_but_not_listed() {
    let built = news_site().build_ok();
    assert_eq!(
        text(&select(&built.page("about/index.html"), "h1")[0]),
        "About us"
    );
    assert!(!built.read("index.html").contains("About us"));
}

/// An undated page is not counted among an entity's explainers, so its card
/// counts every listed one as "other".
#[test]
fn an_undated_page_can_annotate() {
    let built = news_site()
        .file(
            "content/about.md",
            "---\ntitle: About us\nannotations: [hamas]\n---\nWe cover Hamas.\n",
        )
        .build_ok();
    let about = built.read("about/index.html");
    assert!(about.contains("in 2 other explainers"), "{about}");
}

#[test]
fn drafts_are_built_only_with_drafts() {
    let site = news_site();
    assert!(!site
        .build_ok()
        .out
        .join("articles/secret/index.html")
        .exists());
    let mut options = site.options();
    options.drafts = true;
    let report = gloss::build(&options).unwrap();
    assert!(report.output.join("articles/secret/index.html").exists());
}

#[test]
fn entities_index_groups_by_kind_a_to_z() {
    let built = news_site().build_ok();
    let html = built.page("entities/index.html");
    let groups: Vec<String> = select(&html, ".kind-group h2").iter().map(text).collect();
    assert_eq!(groups, ["People", "Organizations", "Places"]);
    let people: Vec<String> = select(&html, "#kind-person li > a")
        .iter()
        .map(text)
        .collect();
    assert_eq!(people, ["Antony Blinken"]);
}

#[test]
fn entity_page_lists_mentions_newest_first_with_their_sentence() {
    let built = news_site().build_ok();
    let html = built.page("entities/hamas/index.html");
    assert_eq!(text(&select(&html, "h1")[0]), "Hamas");
    let titles: Vec<String> = select(&html, ".mention-list h3 a")
        .iter()
        .map(text)
        .collect();
    assert_eq!(titles, ["Newer", "Older"]);
    let sentence = text(&select(&html, ".mention-sentence")[0]);
    assert_eq!(
        sentence.trim(),
        "Then Blinken met Hamas mediators in Egypt."
    );
    assert_eq!(text(&select(&html, ".mention-sentence mark")[0]), "Hamas");
    let related: Vec<String> = select(&html, ".related li > a").iter().map(text).collect();
    // Both share one explainer with Hamas; ties go A-Z.
    assert_eq!(related, ["Antony Blinken", "Egypt"]);
}

#[test]
fn tag_pages_list_their_articles() {
    let built = news_site().build_ok();
    let tags: Vec<String> = select(&built.page("tags/index.html"), ".tag-cloud a")
        .iter()
        .map(text)
        .collect();
    assert_eq!(tags, ["diplomacy", "gaza"]);
    let gaza: Vec<String> = select(&built.page("tags/gaza/index.html"), ".article-list h2 a")
        .iter()
        .map(text)
        .collect();
    assert_eq!(gaza, ["Newer", "Older"]);
}

/// One article with `n` tags (`t-1` ... `t-n`).
fn site_with_tags(n: usize) -> TestSite {
    let tags: Vec<String> = (1..=n).map(|i| format!("t-{i}")).collect();
    TestSite::new().article("a", &format!("tags: [{}]", tags.join(", ")), "Text.")
}

/// Bytes written under `tags/`.
fn tag_pages_size(built: &Built) -> u64 {
    walkdir::WalkDir::new(built.out.join("tags"))
        .into_iter()
        .map(|e| e.unwrap().metadata().unwrap())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

#[test]
fn a_tag_page_lists_its_articles_not_their_other_tags() {
    let built = site_with_tags(50).build_ok();
    let page = built.page("tags/t-1/index.html");
    assert_eq!(select(&page, ".article-list h2 a").len(), 1);
    let tag_links: Vec<&str> = select(&page, "a[href]")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .filter(|href| href.starts_with("/tags/") && *href != "/tags/")
        .collect();
    assert!(tag_links.is_empty(), "{tag_links:?}");
    // The index of tags still lists every one, once.
    assert_eq!(
        select(&built.page("tags/index.html"), ".tag-cloud a").len(),
        50
    );
}

#[test]
fn tag_pages_grow_linearly_with_the_tags_of_an_article() {
    let small = tag_pages_size(&site_with_tags(150).build_ok());
    let large = tag_pages_size(&site_with_tags(300).build_ok());
    // Twice the tags, twice the pages of about the same size; listing every
    // tag on every page made it four times.
    assert!(
        large * 10 < small * 25,
        "150 tags: {small} bytes, 300 tags: {large} bytes"
    );
}

#[test]
fn atom_feed_is_valid_and_newest_first() {
    let built = news_site().build_ok();
    let feed: atom_syndication::Feed = built.read("atom.xml").parse().expect("valid Atom");
    assert_eq!(feed.title().as_str(), "Desk");
    let ids: Vec<&str> = feed.entries().iter().map(|e| e.id()).collect();
    assert_eq!(
        ids,
        [
            "https://example.org/news/articles/newer/",
            "https://example.org/news/articles/older/"
        ]
    );
    assert_eq!(
        feed.entries()[0].summary().map(|s| s.as_str()),
        Some("The latest.")
    );
}

#[test]
fn sitemap_lists_every_page() {
    let built = news_site().build_ok();
    let xml = built.read("sitemap.xml");
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut locs = Vec::new();
    let mut in_loc = false;
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Start(e) => in_loc = e.name().as_ref() == b"loc",
            quick_xml::events::Event::Text(t) if in_loc => {
                locs.push(t.decode().unwrap().into_owned())
            }
            quick_xml::events::Event::End(_) => in_loc = false,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    for path in [
        "",
        "articles/newer/",
        "about/",
        "entities/",
        "entities/hamas/",
        "tags/",
        "tags/gaza/",
    ] {
        assert!(
            locs.contains(&format!("https://example.org/news/{path}")),
            "{path} missing from {locs:?}"
        );
    }
}

#[test]
fn not_found_page() {
    let built = news_site().build_ok();
    assert_eq!(
        text(&select(&built.page("404.html"), "h1")[0]),
        "Page not found"
    );
}

#[test]
fn a_site_template_replaces_the_built_in_one() {
    let built = news_site()
        .file(
            "templates/404.html",
            "{% extends \"base.html\" %}{% block content %}<h1>Lost</h1>{% endblock content %}",
        )
        .build_ok();
    assert_eq!(text(&select(&built.page("404.html"), "h1")[0]), "Lost");
}

#[test]
fn static_files_are_copied_and_override_the_built_in_ones() {
    let built = news_site()
        .file("static/gloss.css", "body{}")
        .file("static/img/logo.svg", "<svg/>")
        .build_ok();
    assert_eq!(built.read("gloss.css"), "body{}");
    assert_eq!(built.read("img/logo.svg"), "<svg/>");
    assert!(built.out.join("gloss.js").exists());
}

#[test]
fn a_static_file_with_the_path_of_a_search_file_is_refused() {
    let errors = news_site()
        .file("static/search/index.json", "{}")
        .build_err();
    let e = only(&errors, "G0201");
    assert!(e.message.contains("`static/search/index.json`"), "{e}");
}

#[test]
fn site_rooted_links_in_the_body_follow_the_base_url_path() {
    let built = TestSite::new()
        .file("site.yaml", "base_url: https://example.org/news/\n")
        .article(
            "a",
            "",
            "See [the timeline](/articles/b/), ![a map](/img/map.png), [a CDN](//cdn.example.org/x) and [a page](b/).",
        )
        .article("b", "", "Text.")
        .picture("static/img/map.png", 20, 10)
        .build_ok();
    let html = built.article("a");
    let hrefs: Vec<&str> = select(&html, "main a[href], article a[href]")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| !h.contains("tags") && !h.contains("entities"))
        .collect();
    assert!(hrefs.contains(&"/news/articles/b/"), "{hrefs:?}");
    assert!(hrefs.contains(&"//cdn.example.org/x"), "{hrefs:?}");
    assert!(hrefs.contains(&"b/"), "{hrefs:?}");
    let srcs: Vec<&str> = select(&html, "img")
        .iter()
        .filter_map(|i| i.value().attr("src"))
        .collect();
    // A picture of `static/` is published at its sizes, under the same path.
    assert_eq!(srcs.len(), 1);
    assert!(srcs[0].starts_with("/news/pictures/map-"), "{srcs:?}");
}

#[test]
fn every_tag_link_leads_to_a_page_even_from_an_undated_page() {
    let built = TestSite::new()
        .file(
            "content/about.md",
            "---\ntitle: About the desk\ntags: [masthead]\n---\nWho we are.\n",
        )
        .article("a", "tags: [gaza]", "Text.")
        .build_ok();
    let about = built.page("about/index.html");
    let links = select(&about, "a.tag");
    assert!(!links.is_empty());
    for link in links {
        let href = link.value().attr("href").unwrap();
        let page = built.page(&format!("{}index.html", href.trim_start_matches('/')));
        assert!(text(&select(&page, "main")[0]).contains("About the desk"));
    }
}

#[test]
fn later_index_pages_have_titles_of_their_own() {
    let mut site = TestSite::new();
    for i in 0..25 {
        site = site.article(&format!("a{i:02}"), "", "Text.");
    }
    let built = site.build_ok();
    let title = |rel: &str| text(&select(&built.page(rel), "title")[0]);
    assert_ne!(title("index.html"), title("page/2/index.html"));
    assert!(title("page/2/index.html").contains("page 2 of 2"));
}

#[test]
fn a_template_that_is_not_html_is_refused() {
    let errors = TestSite::new()
        .article("a", "template: plain.txt", "Text.")
        .file("templates/plain.txt", "{{ article.content }}")
        .build_err();
    let e = only(&errors, "G0105");
    assert!(e.message.contains("`plain.txt`"), "{e}");
}

#[test]
fn a_mention_sentence_runs_across_soft_line_breaks() {
    let built = TestSite::new()
        .entity("hamas", "Hamas", "organization", &[])
        .article(
            "a",
            "annotations: [hamas]",
            "A cease-fire between Israel and Hamas took effect on Sunday, January 19,\nafter mediators announced the deal. Then more.",
        )
        .build_ok();
    let page = built.page("entities/hamas/index.html");
    let sentence = text(&select(&page, ".mention-sentence")[0]);
    assert_eq!(
        sentence.trim(),
        "A cease-fire between Israel and Hamas took effect on Sunday, January 19, after mediators announced the deal."
    );
}
