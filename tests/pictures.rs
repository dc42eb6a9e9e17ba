//! Responsive pictures (docs/articles.md, "Pictures"): every local picture
//! an article or an entity uses is published at a few widths, as WebP and
//! in its own format, under names that carry a hash of its content, with
//! the words around it required. Pictures are made here with the `image`
//! crate; the files gloss writes are decoded back to check their sizes.

mod common;
use common::*;

use std::path::Path;

/// The `(width, height)` of a picture file of the output.
fn size_of(built: &Built, src: &str) -> (u32, u32) {
    let file = built.out.join(src.trim_start_matches('/'));
    image::image_dimensions(&file).unwrap_or_else(|e| panic!("{src}: {e}"))
}

/// The URLs and widths of a `srcset`.
fn srcset(value: &str) -> Vec<(String, u32)> {
    value
        .split(", ")
        .map(|entry| {
            let (url, width) = entry.rsplit_once(' ').unwrap();
            (
                url.to_string(),
                width.trim_end_matches('w').parse().unwrap(),
            )
        })
        .collect()
}

fn attr<'a>(element: &'a scraper::ElementRef, name: &str) -> &'a str {
    element
        .value()
        .attr(name)
        .unwrap_or_else(|| panic!("no `{name}` on {}", element.html()))
}

fn bundle(body: &str) -> TestSite {
    TestSite::new()
        .file(
            "content/articles/harbor/index.md",
            &format!("---\ntitle: Harbor\ndate: 2024-09-19\n---\n{body}\n"),
        )
        .picture("content/articles/harbor/cranes.jpg", 2000, 1000)
}

#[test]
fn a_picture_next_to_its_article_is_published_at_several_widths() {
    let built = bundle("![Cranes over the harbor](cranes.jpg)").build_ok();
    let page = built.page("articles/harbor/index.html");
    let img = &select(&page, ".article-body picture img")[0];
    let source = &select(&page, ".article-body picture source")[0];
    assert_eq!(attr(source, "type"), "image/webp");
    let webp = srcset(attr(source, "srcset"));
    let jpeg = srcset(attr(img, "srcset"));
    let widths: Vec<u32> = webp.iter().map(|(_, w)| *w).collect();
    assert_eq!(widths, [480, 960, 1200, 1600]);
    for (url, width) in webp.iter().chain(&jpeg) {
        assert_eq!(size_of(&built, url), (*width, width / 2), "{url}");
    }
    assert!(webp.iter().all(|(url, _)| url.ends_with(".webp")));
    assert!(jpeg.iter().all(|(url, _)| url.ends_with(".jpg")));
    assert_eq!(attr(img, "alt"), "Cranes over the harbor");
    assert_eq!((attr(img, "width"), attr(img, "height")), ("1600", "800"));
    assert_eq!(attr(img, "loading"), "lazy");
    assert_eq!(attr(img, "decoding"), "async");
    assert!(attr(img, "sizes").contains("100vw"));
    assert!(size_of(&built, attr(img, "src")).0 <= 960);
}

#[test]
fn a_small_picture_is_never_enlarged() {
    let built = TestSite::new()
        .article("a", "", "![A chart of the vote](/img/vote.png)")
        .picture("static/img/vote.png", 300, 200)
        .build_ok();
    let page = built.article("a");
    let img = &select(&page, "picture img")[0];
    let png = srcset(attr(img, "srcset"));
    assert_eq!(png.len(), 1);
    assert!(png[0].0.ends_with("-300.png"), "{png:?}");
    assert_eq!(size_of(&built, &png[0].0), (300, 200));
    let webp = srcset(attr(&select(&page, "picture source")[0], "srcset"));
    assert_eq!(size_of(&built, &webp[0].0), (300, 200));
}

#[test]
fn a_webp_picture_is_published_as_webp_alone() {
    let built = TestSite::new()
        .article("a", "", "![A map of the coast](coast.webp)")
        .picture("content/articles/coast.webp", 1000, 500)
        .build_ok();
    let page = built.article("a");
    assert!(select(&page, "picture source").is_empty());
    let img = &select(&page, "picture img")[0];
    let widths: Vec<u32> = srcset(attr(img, "srcset")).iter().map(|e| e.1).collect();
    assert_eq!(widths, [480, 960, 1000]);
}

#[test]
fn published_names_change_with_the_picture() {
    let site = bundle("![Cranes over the harbor](cranes.jpg)");
    let first = attr(
        &select(&site.build_ok().page("articles/harbor/index.html"), "img")[0],
        "src",
    )
    .to_string();
    let site = site.picture("content/articles/harbor/cranes.jpg", 2000, 999);
    let second = attr(
        &select(&site.build_ok().page("articles/harbor/index.html"), "img")[0],
        "src",
    )
    .to_string();
    assert!(first.starts_with("/pictures/cranes-"), "{first}");
    assert_ne!(first, second);
}

#[test]
fn a_second_build_encodes_nothing_again() {
    let site = bundle("![Cranes over the harbor](cranes.jpg)");
    site.build_ok();
    let cache = site.root().join(".gloss-cache/pictures");
    let stamps = |dir: &Path| {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (e.file_name(), e.metadata().unwrap().modified().unwrap())
            })
            .collect();
        files.sort();
        files
    };
    let before = stamps(&cache);
    assert_eq!(before.len(), 8, "4 widths × JPEG and WebP");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let built = site.build_ok();
    assert_eq!(stamps(&cache), before);
    let page = built.page("articles/harbor/index.html");
    let img = &select(&page, "img")[0];
    assert_eq!(size_of(&built, attr(img, "src")), (960, 480));
}

#[test]
fn a_titled_picture_alone_in_its_paragraph_is_a_figure_with_its_credit() {
    let built =
        bundle("Before.\n\n![Cranes](cranes.jpg \"Cranes at dawn. | Photo: Jane Doe\")\n\nAfter.")
            .build_ok();
    let page = built.page("articles/harbor/index.html");
    let figure = &select(&page, ".article-body > figure.picture")[0];
    assert_eq!(
        select(&page, ".article-body > p").len(),
        2,
        "no empty paragraph left"
    );
    let caption = &select(&page, "figure.picture figcaption")[0];
    assert_eq!(text(caption), "Cranes at dawn. Photo: Jane Doe");
    assert_eq!(
        text(&select(&page, "figcaption .credit")[0]),
        "Photo: Jane Doe"
    );
    assert!(figure
        .select(&scraper::Selector::parse("picture img").unwrap())
        .next()
        .is_some());
}

#[test]
fn a_titled_picture_inside_a_sentence_keeps_its_title() {
    let built = bundle("See ![Cranes](cranes.jpg \"At dawn\") here.").build_ok();
    let page = built.page("articles/harbor/index.html");
    assert!(select(&page, "figure").is_empty());
    assert_eq!(attr(&select(&page, "p picture img")[0], "title"), "At dawn");
}

#[test]
fn a_decorative_picture_has_an_empty_alt() {
    let built = bundle("![-](cranes.jpg)").build_ok();
    let page = built.page("articles/harbor/index.html");
    assert_eq!(attr(&select(&page, "picture img")[0], "alt"), "");
}

#[test]
fn a_picture_without_alt_text_is_an_error() {
    let errors = bundle("Text.\n\n![](cranes.jpg)").build_err();
    let e = only(&errors, "G0130");
    assert_eq!(e.path, Path::new("content/articles/harbor/index.md"));
    assert_eq!(e.line_col(), Some((7, 1)));
    assert!(e.help.as_ref().unwrap().contains("![-](cranes.jpg)"));
}

#[test]
fn a_picture_on_another_host_needs_alt_text_too() {
    let errors = TestSite::new()
        .article("a", "", "![ ](https://example.org/x.jpg)")
        .build_err();
    only(&errors, "G0130");
}

#[test]
fn a_missing_picture_is_an_error_with_the_closest_name() {
    let errors = bundle("![Cranes](crane.jpg)").build_err();
    let e = only(&errors, "G0132");
    assert_eq!(e.line_col(), Some((5, 1)));
    assert!(e.help.as_ref().unwrap().contains("`cranes.jpg`"), "{e}");
}

#[test]
fn a_truncated_jpeg_is_an_error_not_a_grey_picture() {
    let whole = picture_bytes("x.jpg", 800, 600);
    let errors = TestSite::new()
        .article("a", "", "Text.\n\n![A photo](cut.jpg)")
        .bytes("content/articles/cut.jpg", &whole[..whole.len() / 2])
        .build_err();
    let e = only(&errors, "G0133");
    assert_eq!(e.path, Path::new("content/articles/a.md"));
    assert_eq!(e.line_col(), Some((8, 1)));
}

#[test]
fn a_truncated_png_is_an_error() {
    let whole = picture_bytes("x.png", 800, 600);
    let errors = TestSite::new()
        .article("a", "", "![A chart](cut.png)")
        .bytes("content/articles/cut.png", &whole[..whole.len() / 2])
        .build_err();
    only(&errors, "G0133");
}

#[test]
fn a_file_that_is_not_what_its_name_says_is_an_error() {
    let errors = TestSite::new()
        .article("a", "", "![A photo](photo.jpg)")
        .file(
            "content/articles/photo.jpg",
            "<html>a saved web page</html>",
        )
        .build_err();
    only(&errors, "G0133");
}

#[test]
fn an_unsupported_format_is_an_error() {
    let errors = TestSite::new()
        .article("a", "", "![An animation](spin.gif)")
        .file("content/articles/spin.gif", "GIF89a\u{1}\0\u{1}\0\0\0\0;")
        .build_err();
    let e = only(&errors, "G0134");
    assert!(e.message.contains("GIF"), "{e}");
}

#[test]
fn a_decompression_bomb_is_refused_before_it_is_decoded() {
    // A small JPEG whose header claims 20,000 × 20,000 pixels.
    let mut bytes = picture_bytes("x.jpg", 16, 16);
    let sof = bytes.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    bytes[sof + 5..sof + 9].copy_from_slice(&[0x4E, 0x20, 0x4E, 0x20]);
    let errors = TestSite::new()
        .article("a", "", "![A photo](bomb.jpg)")
        .bytes("content/articles/bomb.jpg", &bytes)
        .build_err();
    let e = only(&errors, "G0135");
    assert!(e.message.contains("20000 × 20000"), "{e}");
}

#[test]
fn a_picture_outside_the_site_is_refused() {
    let errors = TestSite::new()
        .article("a", "", "![A key](../../../../../etc/passwd.jpg)")
        .build_err();
    let e = only(&errors, "G0136");
    assert_eq!(e.line_col(), Some((6, 1)));
}

#[cfg(unix)]
#[test]
fn a_picture_linked_from_outside_the_site_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.jpg"),
        picture_bytes("x.jpg", 10, 10),
    )
    .unwrap();
    let site = TestSite::new().article("a", "", "![A photo](linked.jpg)");
    std::os::unix::fs::symlink(
        outside.path().join("secret.jpg"),
        site.root().join("content/articles/linked.jpg"),
    )
    .unwrap();
    only(&site.build_err(), "G0136");
}

const LEAD: &str = "image: { src: cranes.jpg, alt: \"Cranes over the harbor at dawn\", credit: \"Photo: Jane Doe\", caption: \"The port *reopened* on Monday.\" }";

fn lead_site(image: &str) -> TestSite {
    TestSite::new()
        .file(
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/news\n",
        )
        .file(
            "content/articles/harbor/index.md",
            &format!("---\ntitle: Harbor\ndate: 2024-09-19\n{image}\n---\nText.\n"),
        )
        .picture("content/articles/harbor/cranes.jpg", 2000, 1000)
}

#[test]
fn the_lead_picture_opens_the_article_with_its_caption_and_credit() {
    let built = lead_site(LEAD).build_ok();
    let page = built.page("articles/harbor/index.html");
    let figure = &select(&page, "figure.lead-picture")[0];
    let img = figure
        .select(&scraper::Selector::parse("img").unwrap())
        .next()
        .unwrap();
    assert_eq!(attr(&img, "alt"), "Cranes over the harbor at dawn");
    assert_eq!(attr(&img, "fetchpriority"), "high", "the lead is not lazy");
    let caption = &select(&page, "figure.lead-picture figcaption")[0];
    assert_eq!(
        text(caption),
        "The port reopened on Monday. Photo: Jane Doe"
    );
    assert_eq!(select(&page, "figure.lead-picture figcaption em").len(), 1);
}

#[test]
fn the_lead_picture_is_the_link_preview_in_1200_pixels() {
    let built = lead_site(LEAD).build_ok();
    let page = built.page("articles/harbor/index.html");
    let meta = |selector: &str| attr(&select(&page, selector)[0], "content").to_string();
    let url = meta("meta[property='og:image']");
    assert!(
        url.starts_with("https://example.org/news/pictures/cranes-"),
        "{url}"
    );
    assert!(url.ends_with("-1200.jpg"), "{url}");
    assert_eq!(meta("meta[name='twitter:image']"), url);
    assert_eq!(meta("meta[name='twitter:card']"), "summary_large_image");
    assert_eq!(meta("meta[property='og:image:width']"), "1200");
    let path = url.trim_start_matches("https://example.org/news");
    assert_eq!(size_of(&built, path), (1200, 600));
}

#[test]
fn the_lead_picture_is_an_image_object_with_its_credit() {
    let built = lead_site(LEAD).build_ok();
    let page = built.page("articles/harbor/index.html");
    let script = &select(&page, "script[type='application/ld+json']")[0];
    let ld: serde_json::Value = serde_json::from_str(&text(script)).unwrap();
    let image = &ld["image"];
    assert_eq!(image["@type"], "ImageObject");
    assert_eq!(image["creditText"], "Photo: Jane Doe");
    assert_eq!(image["caption"], "The port reopened on Monday.");
    assert!(image["url"].as_str().unwrap().ends_with("-1200.jpg"));
}

#[test]
fn the_lead_picture_is_shown_in_lists_and_feeds() {
    let built = lead_site(LEAD).build_ok();
    let index = built.page("index.html");
    let img = &select(&index, ".article-item .item-picture img")[0];
    assert_eq!(attr(img, "loading"), "lazy");
    let feed = built.read("atom.xml");
    let feed = enclosure(&feed);
    assert!(feed.ends_with("-1200.jpg"), "{feed}");
}

#[test]
fn the_lead_picture_carries_its_credit_into_the_feed() {
    let built = lead_site(LEAD).build_ok();
    let feed = scraper::Html::parse_fragment(&built.read("atom.xml"));
    let content = &select(&feed, "entry media\\:content")[0];
    assert_eq!(attr(content, "medium"), "image");
    assert_eq!(attr(content, "width"), "1200");
    assert!(attr(content, "url").ends_with("-1200.jpg"));
    let credit = &select(&feed, "entry media\\:content media\\:credit")[0];
    assert_eq!(text(credit), "Photo: Jane Doe");
    let alt = &select(&feed, "entry media\\:content media\\:description")[0];
    assert_eq!(text(alt), "Cranes over the harbor at dawn");
}

/// The `href` of the first enclosure link of an Atom feed.
fn enclosure(feed: &str) -> String {
    let html = scraper::Html::parse_fragment(feed);
    let link = select(&html, "link[rel='enclosure']");
    attr(&link[0], "href").to_string()
}

#[test]
fn a_lead_picture_without_a_credit_is_an_error() {
    let errors = lead_site("image: { src: cranes.jpg, alt: \"Cranes\" }").build_err();
    let e = only(&errors, "G0131");
    assert_eq!(e.line_col(), Some((4, 8)));
}

#[test]
fn a_lead_picture_without_alt_text_is_an_error() {
    let errors = lead_site("image: { src: cranes.jpg, credit: \"Photo: Jane Doe\" }").build_err();
    only(&errors, "G0130");
}

#[test]
fn a_lead_picture_on_another_host_is_refused() {
    let errors = lead_site(
        "image: { src: \"https://example.com/x.jpg\", alt: \"Cranes\", credit: \"Photo: Jane Doe\" }",
    )
    .build_err();
    only(&errors, "G0136");
}

#[test]
fn an_entity_picture_is_on_its_page_and_small_on_its_card() {
    let built = TestSite::new()
        .file(
            "content/entities/jane-doe.md",
            "---\nname: Jane Doe\nkind: person\nsummary: A harbor pilot.\nimage: { src: /people/jane.png, alt: \"Jane Doe at the helm\" }\n---\n",
        )
        .picture("static/people/jane.png", 600, 800)
        .article("a", "annotations: [jane-doe]", "Jane Doe spoke.")
        .build_ok();
    let page = built.page("entities/jane-doe/index.html");
    let img = &select(&page, ".entity-picture img")[0];
    assert_eq!((attr(img, "width"), attr(img, "height")), ("600", "800"));
    let article = built.article("a");
    let card = &select(&article, ".gloss-card .gloss-card-picture img")[0];
    assert_eq!(attr(card, "sizes"), "8rem");
}

#[test]
fn a_portrait_photo_is_measured_upright() {
    // The gradient is 40 × 20 as stored, with an EXIF tag that turns it a
    // quarter: readers see it 20 wide and 40 tall.
    let stored = picture_bytes("x.jpg", 40, 20);
    let exif: &[u8] = &[
        0xFF, 0xE1, 0x00, 0x22, b'E', b'x', b'i', b'f', 0, 0, b'M', b'M', 0, 42, 0, 0, 0, 8, 0, 1,
        0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0,
    ];
    let mut bytes = stored[..2].to_vec();
    bytes.extend_from_slice(exif);
    bytes.extend_from_slice(&stored[2..]);
    let built = TestSite::new()
        .article("a", "", "![A tall photo](tall.jpg)")
        .bytes("content/articles/tall.jpg", &bytes)
        .build_ok();
    let page = built.article("a");
    let img = &select(&page, "picture img")[0];
    assert_eq!((attr(img, "width"), attr(img, "height")), ("20", "40"));
    assert_eq!(size_of(&built, attr(img, "src")), (20, 40));
}

#[test]
fn the_preview_follows_a_changed_picture_and_keeps_the_others() {
    let site = bundle("![Cranes over the harbor](cranes.jpg)")
        .article("b", "", "![A chart of the vote](/img/vote.png)")
        .picture("static/img/vote.png", 300, 200);
    let mut preview = gloss::Preview::new(&site.options());
    preview.rebuild(None).unwrap();
    let pictures = |preview: &gloss::Preview| {
        let mut files: Vec<String> = (preview.files().iter())
            .filter(|f| f.starts_with("pictures/"))
            .map(|f| f.to_string())
            .collect();
        files.sort();
        files
    };
    let before = pictures(&preview);
    assert_eq!(before.len(), 10, "{before:?}");
    let cranes = site.root().join("content/articles/harbor/cranes.jpg");
    let site = site.picture("content/articles/harbor/cranes.jpg", 1000, 400);
    let rebuilt = preview.rebuild(Some(&[cranes])).unwrap();
    let after = pictures(&preview);
    assert_eq!(after.len(), 2 * 3 + 2, "{after:?}");
    assert!(
        after.iter().any(|f| f.contains("vote-")),
        "the unchanged picture stays"
    );
    assert!(!after
        .iter()
        .any(|f| before.contains(f) && f.contains("cranes-")));
    let page = scraper::Html::parse_document(
        std::str::from_utf8(&preview.read("articles/harbor/index.html").unwrap()).unwrap(),
    );
    let img = &select(&page, ".article-body img")[0];
    assert_eq!((attr(img, "width"), attr(img, "height")), ("1000", "400"));
    assert!(rebuilt.rendered > 0);
    drop(site);
}
