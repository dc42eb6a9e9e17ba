//! Embeds (docs/pictures.md, "Embeds"): `![Title](URL)` with the address of
//! a video or post on a known host becomes a box that loads nothing from
//! that host until the reader asks, and a plain link without script.

mod common;
use common::*;

const VIDEO: &str = "https://www.youtube.com/watch?v=dQw4w9WgXcQ";

fn page(body: &str) -> scraper::Html {
    TestSite::new()
        .article("a", "", body)
        .build_ok()
        .article("a")
}

#[test]
fn a_video_alone_in_its_paragraph_is_an_embed_that_loads_nothing() {
    let html = page(&format!(
        "Before.\n\n![Blinken arrives in Cairo]({VIDEO})\n\nAfter."
    ));
    let figure = &select(&html, ".article-body > figure.embed.embed-video")[0];
    assert_eq!(figure.value().attr("data-embed"), Some("youtube"));
    assert!(
        select(&html, "iframe").is_empty(),
        "no player before the click"
    );
    assert!(select(&html, ".article-body img").is_empty());
    let link = &select(&html, ".embed a.embed-link")[0];
    assert_eq!(link.value().attr("href"), Some(VIDEO));
    assert_eq!(
        text(link).trim(),
        "Watch “Blinken arrives in Cairo” on youtube.com"
    );
    let button = &select(&html, ".embed button.embed-load")[0];
    assert_eq!(text(button), "Load the video from youtube.com");
    assert!(
        button.value().attr("hidden").is_some(),
        "shown only by the script"
    );
    assert_eq!(
        button.value().attr("data-player"),
        Some("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    );
    assert_eq!(
        select(&html, ".article-body > p").len(),
        2,
        "no empty paragraph left"
    );
}

#[test]
fn a_post_names_its_host() {
    let html = page(
        "![The State Department on the talks](https://x.com/StateDept/status/1836000000000000000)",
    );
    let button = &select(&html, ".embed-post button.embed-load")[0];
    assert_eq!(text(button), "Load the post from x.com");
}

#[test]
fn an_embed_inside_a_sentence_is_a_link() {
    let html = page(&format!("See ![the arrival]({VIDEO}) today."));
    assert!(select(&html, "figure").is_empty());
    let link = &select(&html, ".article-body p a[rel='external']")[0];
    assert_eq!(link.value().attr("href"), Some(VIDEO));
    assert_eq!(text(link), "the arrival");
}

#[test]
fn a_title_cannot_break_out_of_the_markup() {
    let html = page(&format!("![\"><script>alert(1)</script>]({VIDEO})"));
    assert!(select(&html, ".article-body script").is_empty());
    let button = &select(&html, ".embed button")[0];
    // Raw HTML in the title is dropped, as in a picture's alt text.
    assert_eq!(button.value().attr("data-title"), Some("“>alert(1)"));
}

#[test]
fn an_address_of_a_known_host_that_names_no_video_is_an_error() {
    let errors = TestSite::new()
        .article("a", "", "![A channel](https://www.youtube.com/channel/UC1)")
        .build_err();
    let e = only(&errors, "G0137");
    assert_eq!(e.line_col(), Some((6, 1)));
    assert!(e.help.as_ref().unwrap().contains("watch?v=ID"));
}

#[test]
fn a_player_id_with_markup_in_it_is_refused() {
    let errors = TestSite::new()
        .article(
            "a",
            "",
            "![x](https://www.youtube.com/watch?v=a\"onload=\"alert(1))",
        )
        .build_err();
    only(&errors, "G0137");
}

#[test]
fn an_embed_needs_a_title() {
    let errors = TestSite::new()
        .article("a", "", &format!("![]({VIDEO})"))
        .build_err();
    only(&errors, "G0130");
}
