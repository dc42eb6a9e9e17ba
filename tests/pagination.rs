//! Lists paginate (`paginate_by` in site.yaml): the index, each entity's
//! explainers, each tag's and each author's, newest first, with the total count and links
//! to the other pages, so that no page grows with the archive.

mod common;
use common::*;

/// A site of `n` explainers dated a day apart, each mentioning Hamas,
/// tagged `gaza` and by the Data Desk, with `yaml` as its site.yaml.
fn archive(n: usize, yaml: &str) -> TestSite {
    let mut site = TestSite::new()
        .file("site.yaml", yaml)
        .entity("hamas", "Hamas", "organization", &[])
        .entity("qatar", "Qatar", "place", &[]);
    for i in 0..n {
        let date =
            chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(i as u64);
        site = site.file(
            &format!("content/articles/a{i:03}.md"),
            &format!(
                "---\ntitle: Explainer {i:03}\ndate: {date}\ntags: [gaza]\nauthors: [Data Desk]\nannotations: [hamas, qatar]\n---\nHamas met Qatar.\n"
            ),
        );
    }
    site
}

fn titles(html: &scraper::Html, css: &str) -> Vec<String> {
    select(html, css).iter().map(text).collect()
}

#[test]
fn an_entity_page_lists_its_newest_explainers_and_the_rest_follow_on_later_pages() {
    let built = archive(45, "paginate_by: 20\n").build_ok();
    let first = built.page("entities/hamas/index.html");
    let third = built.page("entities/hamas/page/3/index.html");
    let items = titles(&first, ".mention-list h3");
    assert_eq!(items.len(), 20);
    assert_eq!(items[0], "Explainer 044", "newest first");
    assert_eq!(titles(&third, ".mention-list h3").len(), 5);
    assert_eq!(titles(&third, ".mention-list h3")[4], "Explainer 000");
    assert!(!built.out.join("entities/hamas/page/4").exists());
    assert!(!built.out.join("entities/hamas/page/1").exists());
    for page in [&first, &third] {
        assert_eq!(titles(page, "#mentions-title"), ["In 45 explainers"]);
    }
    // Related entities are the entity's, shown once.
    assert_eq!(select(&first, ".related").len(), 1);
    assert_eq!(select(&third, ".related").len(), 0);
    let title = titles(&third, "title");
    assert!(title[0].starts_with("Hamas · page 3 of 3"), "{title:?}");
}

#[test]
fn the_pager_links_every_page_with_the_current_one_marked() {
    let built = archive(45, "paginate_by: 20\n").build_ok();
    let second = built.page("entities/hamas/page/2/index.html");
    let links: Vec<(String, String)> = select(&second, ".pagination .page-numbers a")
        .iter()
        .map(|a| (text(a), a.attr("href").unwrap().to_string()))
        .collect();
    assert_eq!(
        links,
        [
            ("1".to_string(), "/entities/hamas/".to_string()),
            ("2".to_string(), "/entities/hamas/page/2/".to_string()),
            ("3".to_string(), "/entities/hamas/page/3/".to_string()),
        ]
    );
    let current = select(&second, ".page-numbers a[aria-current=page]");
    assert_eq!(text(&current[0]), "2");
    let prev = select(&second, ".pagination a[rel=prev]");
    assert_eq!(prev[0].attr("href"), Some("/entities/hamas/"));
    let next = select(&second, ".pagination a[rel=next]");
    assert_eq!(next[0].attr("href"), Some("/entities/hamas/page/3/"));
    assert!(titles(&second, ".pagination span")[0].contains("Page 2 of 3"));
}

#[test]
fn a_long_pager_keeps_the_ends_and_the_pages_around_this_one() {
    let built = archive(30, "paginate_by: 2\n").build_ok();
    let page = built.page("tags/gaza/page/8/index.html");
    let numbers = titles(&page, ".page-numbers li");
    assert_eq!(numbers, ["1", "…", "6", "7", "8", "9", "10", "…", "15"]);
}

#[test]
fn a_tag_page_paginates_like_an_entity_page() {
    let built = archive(25, "paginate_by: 10\n").build_ok();
    let first = built.page("tags/gaza/index.html");
    assert_eq!(titles(&first, ".article-item h2").len(), 10);
    let last = built.page("tags/gaza/page/3/index.html");
    assert_eq!(titles(&last, ".article-item h2").len(), 5);
    assert!(!built.out.join("tags/gaza/page/4").exists());
    let count = titles(&last, ".lede");
    assert_eq!(count[0], "25 explainers");
}

#[test]
fn an_author_page_paginates_like_a_tag_page() {
    let built = archive(25, "paginate_by: 10\n").build_ok();
    let first = built.page("authors/data-desk/index.html");
    let items = titles(&first, ".article-item h2");
    assert_eq!(items.len(), 10);
    assert_eq!(items[0], "Explainer 024", "newest first");
    let last = built.page("authors/data-desk/page/3/index.html");
    assert_eq!(titles(&last, ".article-item h2").len(), 5);
    assert!(!built.out.join("authors/data-desk/page/4").exists());
    let title = titles(&last, "title");
    assert!(title[0].starts_with("Data Desk · page 3 of 3"), "{title:?}");
    let pager = titles(&last, ".pagination .page-numbers a");
    assert_eq!(pager, ["1", "2", "3"]);
}

#[test]
fn the_entity_feed_keeps_the_twenty_newest() {
    let built = archive(45, "").build_ok();
    let feed = built.read("entities/hamas/atom.xml");
    assert_eq!(feed.matches("<entry>").count(), 20);
    assert!(feed.contains("Explainer 044") && !feed.contains("Explainer 024"));
}

#[test]
fn a_page_size_that_is_no_number_of_entries_is_refused_at_its_line() {
    for bad in ["0", "1001", "-3", "twenty"] {
        let errors = archive(1, &format!("title: A\npaginate_by: {bad}\n")).build_err();
        let error = only(&errors, "G0105");
        assert_eq!(error.line_col().map(|(line, _)| line), Some(2), "{bad}");
    }
}

#[test]
fn later_pages_are_not_recorded_so_a_new_page_size_breaks_no_link() {
    let site = archive(45, "paginate_by: 10\n");
    site.build_ok();
    let record = std::fs::read_to_string(site.root().join("published-urls.txt")).unwrap();
    assert!(record.contains("/entities/hamas/\n") || record.contains("/entities/hamas/ "));
    assert!(!record.contains("/page/"), "{record}");
    let site = site.file("site.yaml", "paginate_by: 40\n");
    site.build_ok();
}

/// A site of seven entities of three kinds, each annotated by one explainer,
/// with `yaml` as its site.yaml.
fn registry(yaml: &str) -> TestSite {
    let entities = [
        ("zoe-adler", "Zoe Adler", "person"),
        ("amal-haddad", "Amal Haddad", "person"),
        ("bruno-keller", "Bruno Keller", "person"),
        ("hamas", "Hamas", "organization"),
        ("un", "United Nations", "organization"),
        ("qatar", "Qatar", "place"),
        ("egypt", "Egypt", "place"),
    ];
    let mut site = TestSite::new().file("site.yaml", yaml);
    let mut slugs = Vec::new();
    for (slug, name, kind) in entities {
        site = site.entity(slug, name, kind, &[]);
        slugs.push(slug);
    }
    let names: Vec<&str> = entities.iter().map(|(_, name, _)| *name).collect();
    site.article(
        "a",
        &format!("annotations: [{}]", slugs.join(", ")),
        &format!("{}.", names.join(", ")),
    )
}

#[test]
fn the_whos_who_paginates_by_entities_per_page_by_kind_then_name() {
    let built = registry("entities_per_page: 3\n").build_ok();
    let page = |n: usize| match n {
        1 => built.page("entities/index.html"),
        n => built.page(&format!("entities/page/{n}/index.html")),
    };
    let names = |n: usize| titles(&page(n), ".entity-list li > a");
    assert_eq!(names(1), ["Amal Haddad", "Bruno Keller", "Zoe Adler"]);
    assert_eq!(names(2), ["Hamas", "United Nations", "Egypt"]);
    assert_eq!(names(3), ["Qatar"]);
    assert!(!built.out.join("entities/page/4").exists());
    // Each page heads its share with its kinds; a kind may go on over a page.
    assert_eq!(
        titles(&page(2), ".kind-group h2"),
        ["Organizations", "Places"]
    );
    assert_eq!(titles(&page(3), ".kind-group h2"), ["Places"]);
    // Every page lists every kind, with its count and the page it starts on.
    let kinds: Vec<(String, String)> = select(&page(3), ".kind-index a")
        .iter()
        .map(|a| (text(a), a.attr("href").unwrap().to_string()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("People 3".to_string(), "/entities/#kind-person".to_string()),
            (
                "Organizations 2".into(),
                "/entities/page/2/#kind-organization".into()
            ),
            ("Places 2".into(), "/entities/page/2/#kind-place".into()),
        ]
    );
    assert_eq!(titles(&page(2), ".pagination [aria-current=page]"), ["2"]);
    assert!(titles(&page(3), "title")[0].starts_with("Who’s who · page 3 of 3"));
}

#[test]
fn the_whos_who_is_one_page_up_to_five_hundred_entities() {
    let built = registry("title: A\n").build_ok();
    let first = built.page("entities/index.html");
    assert_eq!(titles(&first, ".entity-list li > a").len(), 7);
    assert!(select(&first, ".pagination").is_empty());
    assert!(!built.out.join("entities/page").exists());
}

#[test]
fn an_entities_page_size_out_of_range_is_refused_at_its_line() {
    for bad in ["0", "5001", "many"] {
        let errors = registry(&format!("title: A\nentities_per_page: {bad}\n")).build_err();
        let error = only(&errors, "G0105");
        assert_eq!(error.line_col().map(|(line, _)| line), Some(2), "{bad}");
    }
}

#[test]
fn later_whos_who_pages_are_not_recorded() {
    let site = registry("entities_per_page: 2\n");
    site.build_ok();
    let record = std::fs::read_to_string(site.root().join("published-urls.txt")).unwrap();
    assert!(record.lines().any(|line| line == "/entities/"), "{record}");
    assert!(!record.contains("/entities/page/"), "{record}");
    site.file("site.yaml", "entities_per_page: 7\n").build_ok();
}
