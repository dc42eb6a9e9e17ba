//! What a newsroom needs beyond cards and backlinks: roles as of an
//! article's date, corrections, schema.org structured data, the news sitemap,
//! a feed per entity and the entities as data.

mod common;
use common::*;
use serde_json::Value;

const BLINKEN: &str = "---
name: Antony Blinken
kind: person
aliases: [Blinken]
summary: American diplomat.
wikidata: Q1065
links: { Wikipedia: \"https://en.wikipedia.org/wiki/Antony_Blinken\" }
roles:
  - title: U.S. Deputy Secretary of State
    from: 2015-01-09
    until: 2017-01-20
  - title: U.S. Secretary of State
    from: 2021-01-26
    until: 2025-01-20
---
";

const TALKS: &str = "---
title: talks
date: 2024-09-19
annotations:
  - antony-blinken
  - entity: miller
  - hamas
  - term: cease-fire
    definition: A halt to fighting.
corrections:
  - date: 2024-09-21
    text: An earlier version misspelled *Abdelatty*.
  - date: 2024-09-20
    text: The talks were in Cairo.
---
Blinken met Matthew Miller in Cairo. Hamas said no to a cease-fire.
";

/// Blinken (two roles, both ended), Miller (a role that lasts), Hamas; an
/// article during Blinken's term with two corrections, and one after it.
fn site() -> TestSite {
    TestSite::new()
        .file("site.yaml", "title: Desk\nbase_url: https://example.org/news\n")
        .file("content/entities/antony-blinken.md", BLINKEN)
        .file(
            "content/entities/miller.md",
            "---\nname: Matthew Miller\nkind: person\nsummary: Spokesman.\nroles:\n  - title: State Department spokesperson\n    from: 2023-05-01\n---\n",
        )
        .file(
            "content/entities/hamas.md",
            "---\nname: Hamas\nkind: organization\nsummary: A group.\n---\n",
        )
        .file("content/articles/talks.md", TALKS)
        .file(
            "content/articles/after.md",
            "---\ntitle: After\ndate: 2025-03-01\nannotations: [antony-blinken]\n---\nBlinken spoke at a university.\n",
        )
}

fn json_ld(html: &scraper::Html) -> Value {
    let scripts = select(html, "script[type='application/ld+json']");
    assert_eq!(scripts.len(), 1);
    serde_json::from_str(&text(&scripts[0])).expect("valid JSON-LD")
}

/// The role on an entity's card, which the card takes from its "Who's who"
/// entry.
fn card_role(html: &scraper::Html, slug: &str) -> Option<String> {
    select(html, &format!("#who-{slug} .role"))
        .first()
        .map(text)
}

// ---- roles -------------------------------------------------------------------

#[test]
fn a_card_shows_the_role_held_on_the_articles_date() {
    let built = site().build_ok();
    let talks = built.article("talks");
    // Dated 2024-09-19, during his term; the term has ended since.
    assert_eq!(
        card_role(&talks, "antony-blinken").as_deref(),
        Some("then U.S. Secretary of State")
    );
    // A role still held reads plainly.
    assert_eq!(
        card_role(&talks, "miller").as_deref(),
        Some("State Department spokesperson")
    );
    // "Who's who" says the same.
    let who = text(&select(&talks, "#who-antony-blinken")[0]);
    assert!(who.contains("then U.S. Secretary of State"), "{who}");
    // After the term: the latest role that had ended.
    let after = built.article("after");
    assert_eq!(
        card_role(&after, "antony-blinken").as_deref(),
        Some("former U.S. Secretary of State")
    );
}

#[test]
fn the_entity_page_shows_every_role() {
    let built = site().build_ok();
    let page = built.page("entities/antony-blinken/index.html");
    let roles: Vec<String> = select(&page, ".role-list li").iter().map(text).collect();
    assert_eq!(roles.len(), 2);
    assert!(roles[0].contains("Deputy") && roles[0].contains("January 9, 2015"));
    assert!(roles[1].contains("January 26, 2021") && roles[1].contains("January 20, 2025"));
}

#[test]
fn wrong_roles_wikidata_and_corrections_are_errors_at_their_lines() {
    let errors = TestSite::new()
        .file(
            "content/entities/x.md",
            "---\nname: X\nkind: person\nsummary: S.\nwikidata: 22686\nroles:\n  - title: Envoy\n    from: 2025-01-01\n    until: 2024-01-01\n  - title: Chief\n    from: last year\n---\n",
        )
        .article(
            "a",
            "corrections:\n  - date: yesterday\n    text: Fixed.\n  - date: 2024-09-20\n    txt: typo",
            "Text.",
        )
        .build_err();
    let lines: Vec<(String, usize)> = errors
        .iter()
        .map(|d| {
            (
                d.path.display().to_string(),
                d.line_col().map_or(0, |(l, _)| l),
            )
        })
        .collect();
    assert_eq!(
        errors.iter().filter(|d| d.code == "G0105").count(),
        5,
        "{errors:#?}"
    );
    for expected in [
        ("content/entities/x.md", 5),
        ("content/entities/x.md", 7),
        ("content/entities/x.md", 11),
        ("content/articles/a.md", 5),
    ] {
        let expected = (expected.0.to_string(), expected.1);
        assert!(lines.contains(&expected), "{expected:?} not in {lines:?}");
    }
}

// ---- corrections -------------------------------------------------------------

#[test]
fn corrections_show_at_the_foot_and_update_the_dates() {
    let built = site().build_ok();
    let talks = built.article("talks");
    let items: Vec<String> = select(&talks, ".corrections li").iter().map(text).collect();
    assert_eq!(items.len(), 2);
    assert!(items[0].starts_with("September 20, 2024"), "{items:?}");
    assert!(items[1].contains("misspelled Abdelatty"), "{items:?}");
    assert!(
        !select(&talks, ".corrections li em").is_empty(),
        "Markdown renders"
    );
    let ld = json_ld(&talks);
    assert_eq!(ld["dateModified"], "2024-09-21");
    assert_eq!(ld["correction"].as_array().unwrap().len(), 2);
    assert_eq!(ld["correction"][0]["@type"], "CorrectionComment");
    let feed: atom_syndication::Feed = built.read("atom.xml").parse().unwrap();
    let entry = feed
        .entries()
        .iter()
        .find(|e| e.id().ends_with("/articles/talks/"))
        .unwrap();
    assert_eq!(entry.updated().date_naive().to_string(), "2024-09-21");
}

// ---- structured data and sharing ---------------------------------------------

/// The fields schema.org's NewsArticle needs for rich results, and their shapes.
fn assert_news_article(ld: &Value) {
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "NewsArticle");
    for key in [
        "@id",
        "url",
        "headline",
        "datePublished",
        "dateModified",
        "inLanguage",
    ] {
        assert!(ld[key].is_string(), "{key} in {ld}");
    }
    assert_eq!(ld["publisher"]["@type"], "Organization");
    assert!(ld["publisher"]["name"].is_string());
    for list in ["about", "mentions"] {
        for item in ld[list].as_array().into_iter().flatten() {
            assert!(
                item["@id"].is_string() || item["@type"] == "DefinedTerm",
                "{item}"
            );
        }
    }
}

#[test]
fn json_ld_mentions_lists_only_the_entities_the_article_is_not_about() {
    let built = TestSite::new()
        .entity("hamas", "Hamas", "organization", &[])
        .entity("antony-blinken", "Antony Blinken", "person", &[])
        .article(
            "a",
            "annotations: [hamas]",
            "Hamas spoke, and so did [the top U.S. diplomat](@antony-blinken).",
        )
        .build_ok();
    let ld = json_ld(&built.article("a"));
    let ids = |key: &str| -> Vec<String> {
        (ld[key].as_array().into_iter().flatten())
            .map(|item| item["@id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("about"), ["/entities/hamas/#entity"]);
    assert_eq!(ids("mentions"), ["/entities/antony-blinken/#entity"]);
}

#[test]
fn articles_carry_news_article_json_ld_that_points_at_entity_pages() {
    let built = site().build_ok();
    let talks = built.article("talks");
    let ld = json_ld(&talks);
    assert_news_article(&ld);
    assert_eq!(ld["headline"], "talks");
    assert_eq!(ld["url"], "https://example.org/news/articles/talks/");
    let about = ld["about"].as_array().unwrap();
    let term = about.iter().find(|a| a["@type"] == "DefinedTerm").unwrap();
    assert_eq!(term["name"], "cease-fire");
    assert_eq!(term["description"], "A halt to fighting.");
    // Every @id it points at is the @id of an entity page.
    let listed = ["about", "mentions"].map(|key| ld[key].as_array().cloned().unwrap_or_default());
    for id in listed.concat().iter().filter_map(|m| m["@id"].as_str()) {
        let path = id
            .strip_prefix("https://example.org/news/")
            .and_then(|p| p.strip_suffix("#entity"))
            .unwrap();
        let entity = json_ld(&built.page(&format!("{path}index.html")));
        assert_eq!(entity["@id"], id);
    }
}

#[test]
fn entity_pages_carry_their_schema_type_and_same_as() {
    let built = site().build_ok();
    let person = json_ld(&built.page("entities/antony-blinken/index.html"));
    assert_eq!(person["@type"], "Person");
    assert_eq!(person["name"], "Antony Blinken");
    assert_eq!(person["alternateName"][0], "Blinken");
    assert_eq!(
        person["sameAs"],
        serde_json::json!([
            "https://www.wikidata.org/wiki/Q1065",
            "https://en.wikipedia.org/wiki/Antony_Blinken"
        ])
    );
    // No current role, so no jobTitle; Miller's lasts.
    assert!(person.get("jobTitle").is_none());
    let miller = json_ld(&built.page("entities/miller/index.html"));
    assert_eq!(miller["jobTitle"], "State Department spokesperson");
    let org = json_ld(&built.page("entities/hamas/index.html"));
    assert_eq!(org["@type"], "Organization");
    assert!(org.get("sameAs").is_none());
}

#[test]
fn every_page_has_open_graph_and_twitter_card_meta() {
    let built = site().build_ok();
    for rel in [
        "index.html",
        "articles/talks/index.html",
        "entities/index.html",
        "entities/hamas/index.html",
        "tags/index.html",
        "404.html",
    ] {
        let page = built.page(rel);
        let meta = |attr: &str, name: &str| {
            select(&page, &format!("meta[{attr}='{name}']"))
                .first()
                .and_then(|m| m.value().attr("content").map(str::to_string))
        };
        assert!(
            meta("property", "og:title").is_some_and(|t| !t.is_empty()),
            "{rel}"
        );
        assert!(
            meta("property", "og:url").is_some_and(|u| u.starts_with("https://example.org/news/")),
            "{rel}"
        );
        assert!(meta("property", "og:site_name").is_some(), "{rel}");
        assert_eq!(
            meta("name", "twitter:card").as_deref(),
            Some("summary"),
            "{rel}"
        );
    }
    let article = built.article("talks");
    let og_type = select(&article, "meta[property='og:type']")[0]
        .value()
        .attr("content");
    assert_eq!(og_type, Some("article"));
}

#[test]
fn json_ld_cannot_be_broken_out_of() {
    let built = TestSite::new()
        .article(
            "a",
            "summary: \"</script><script>alert(1)</script>\"",
            "Text.",
        )
        .build_ok();
    let html = built.article("a");
    let ld = json_ld(&html);
    assert_eq!(ld["description"], "</script><script>alert(1)</script>");
    assert_eq!(
        select(&html, "script")
            .iter()
            .filter(|s| text(s).contains("alert"))
            .count(),
        1
    );
}

// ---- feeds, sitemaps, data -----------------------------------------------------

#[test]
fn each_entity_has_a_feed_of_the_explainers_that_mention_it() {
    let built = site().build_ok();
    let page = built.page("entities/antony-blinken/index.html");
    let alternate = select(&page, "link[rel='alternate'][type='application/atom+xml']");
    let hrefs: Vec<&str> = alternate
        .iter()
        .filter_map(|l| l.value().attr("href"))
        .collect();
    assert!(
        hrefs.contains(&"/news/entities/antony-blinken/atom.xml"),
        "{hrefs:?}"
    );
    let feed: atom_syndication::Feed = built
        .read("entities/antony-blinken/atom.xml")
        .parse()
        .expect("valid Atom");
    let ids: Vec<&str> = feed.entries().iter().map(|e| e.id()).collect();
    assert_eq!(
        ids,
        [
            "https://example.org/news/articles/after/",
            "https://example.org/news/articles/talks/"
        ]
    );
    assert!(feed.title().as_str().contains("Antony Blinken"));
    let hamas: atom_syndication::Feed = built.read("entities/hamas/atom.xml").parse().unwrap();
    assert_eq!(hamas.entries().len(), 1);
}

/// (loc, news:title) of every URL in a news sitemap.
fn news_entries(xml: &str) -> Vec<(String, String)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut entries, mut loc, mut text) = (Vec::new(), String::new(), String::new());
    loop {
        match reader.read_event().unwrap() {
            Event::Start(_) => text.clear(),
            Event::Text(t) => text.push_str(&t.decode().unwrap()),
            Event::GeneralRef(r) => {
                let name = r.decode().unwrap();
                text.push_str(quick_xml::escape::resolve_xml_entity(&name).unwrap());
            }
            Event::End(e) => match e.name().as_ref() {
                b"loc" => loc = text.clone(),
                b"news:title" => entries.push((loc.clone(), text.clone())),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    entries
}

#[test]
fn the_news_sitemap_holds_the_articles_of_the_last_two_days() {
    let today = chrono::Utc::now().date_naive();
    let day = |back: u64| (today - chrono::Days::new(back)).to_string();
    let built = TestSite::new()
        .file("site.yaml", "title: Desk\nbase_url: https://example.org\n")
        .file(
            "content/fresh.md",
            &format!("---\ntitle: Fresh & new\ndate: {}\n---\nText.\n", day(0)),
        )
        .file(
            "content/yesterday.md",
            &format!("---\ntitle: Yesterday\ndate: {}\n---\nText.\n", day(1)),
        )
        .file(
            "content/old.md",
            &format!("---\ntitle: Old\ndate: {}\n---\nText.\n", day(5)),
        )
        .build_ok();
    let entries = news_entries(&built.read("news-sitemap.xml"));
    assert_eq!(
        entries,
        [
            (
                "https://example.org/fresh/".to_string(),
                "Fresh & new".to_string()
            ),
            (
                "https://example.org/yesterday/".to_string(),
                "Yesterday".to_string()
            ),
        ]
    );
}

#[test]
fn entities_json_exports_every_entity_with_its_explainers() {
    let built = site().build_ok();
    let data: Value = serde_json::from_str(&built.read("entities.json")).unwrap();
    let entities = data["entities"].as_array().unwrap();
    assert_eq!(entities.len(), 3);
    let blinken = entities
        .iter()
        .find(|e| e["slug"] == "antony-blinken")
        .unwrap();
    assert_eq!(blinken["name"], "Antony Blinken");
    assert_eq!(blinken["kind"], "person");
    assert_eq!(blinken["aliases"][0], "Blinken");
    assert_eq!(blinken["summary"], "American diplomat.");
    assert_eq!(blinken["wikidata"], "Q1065");
    assert_eq!(
        blinken["links"][0]["url"],
        "https://en.wikipedia.org/wiki/Antony_Blinken"
    );
    assert_eq!(
        blinken["url"],
        "https://example.org/news/entities/antony-blinken/"
    );
    assert_eq!(
        blinken["mentioned_in"],
        serde_json::json!([
            "https://example.org/news/articles/after/",
            "https://example.org/news/articles/talks/"
        ])
    );
    assert_eq!(blinken["roles"][1]["until"], "2025-01-20");
}

// ---- search ------------------------------------------------------------------

#[test]
fn the_search_index_is_built_unless_turned_off() {
    let built = site().build_ok();
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(built.out.join("search/index.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["version"], 1);
    // Every article and entity is a document; every shard named is written.
    assert!(manifest["count"].as_u64().unwrap() >= 2);
    for key in manifest["shards"].as_array().unwrap() {
        let shard = built
            .out
            .join(format!("search/t/{}.json", key.as_str().unwrap()));
        assert!(shard.is_file(), "{}", shard.display());
    }
    assert!(built.out.join("search/d/0.json").is_file());
    let page = built.article("talks");
    let form = select(&page, "form.site-search");
    assert_eq!(
        form[0].value().attr("data-index"),
        Some("/news/search/index.json")
    );

    let off = site()
        .file(
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/news\nsearch: false\n",
        )
        .build_ok();
    assert!(!off.out.join("search").exists());
    let page = off.article("talks");
    assert!(select(&page, "form.site-search").is_empty());
    assert!(select(&page, "script[src$='gloss-search.js']").is_empty());
}
