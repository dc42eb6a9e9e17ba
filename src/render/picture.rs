//! Pictures as HTML: a `<picture>` that offers WebP and the picture's own
//! format at every width it is published at, with its width and height so
//! that the page does not move when it arrives, and the views templates
//! receive of lead and entity pictures.

use pulldown_cmark_escape::{escape_href, escape_html};
use serde::Serialize;

use crate::model::{PictureSpec, SiteConfig, DECORATIVE};
use crate::pictures::{Format, Picture};

/// `sizes` of a picture as wide as the text column (`--measure` in
/// gloss.css, about 40rem), the whole screen below it.
pub const COLUMN: &str = "(min-width: 44rem) 40rem, 100vw";
/// `sizes` of a small picture beside an item of a list or on a card.
pub const THUMBNAIL: &str = "8rem";
/// The width link previews (`og:image`) ask for.
const SHARE_WIDTH: u32 = 1200;

/// How one `<picture>` is written.
pub struct Markup<'a> {
    pub alt: &'a str,
    pub sizes: &'a str,
    /// A picture at the top of the page is fetched at once; the others
    /// only as the reader nears them.
    pub lazy: bool,
    /// Shown on hover (a Markdown image's title, when it makes no figure).
    pub title: Option<&'a str>,
}

fn href(config: &SiteConfig, path: &str) -> String {
    let mut out = String::new();
    let _ = escape_href(&mut out, &config.link(path));
    out
}

fn text(value: &str) -> String {
    let mut out = String::new();
    let _ = escape_html(&mut out, value);
    out
}

/// The `srcset` of `picture` in `format`.
fn srcset(config: &SiteConfig, picture: &Picture, format: Format) -> String {
    let entries: Vec<String> = (picture.widths().into_iter())
        .map(|w| format!("{} {w}w", href(config, &picture.url(w, format))))
        .collect();
    entries.join(", ")
}

/// The width of the file a browser without `srcset` shows.
fn fallback_width(picture: &Picture) -> u32 {
    let widths = picture.widths();
    let fitting = widths.iter().rev().find(|&&w| w <= 960);
    *fitting.unwrap_or(&widths[0])
}

/// The `<picture>` element.
pub fn picture_html(config: &SiteConfig, picture: &Picture, markup: &Markup) -> String {
    let own = picture.format;
    let sizes = markup.sizes;
    let mut html = String::from("<picture>");
    if own != Format::WebP {
        html.push_str(&format!(
            "<source type=\"image/webp\" srcset=\"{}\" sizes=\"{sizes}\">",
            srcset(config, picture, Format::WebP)
        ));
    }
    let widest = *picture.widths().last().unwrap_or(&picture.width);
    let loading = if markup.lazy {
        " loading=\"lazy\""
    } else {
        " fetchpriority=\"high\""
    };
    let title = markup
        .title
        .map(|t| format!(" title=\"{}\"", text(t)))
        .unwrap_or_default();
    html.push_str(&format!(
        "<img src=\"{src}\" srcset=\"{set}\" sizes=\"{sizes}\" width=\"{widest}\" height=\"{height}\" alt=\"{alt}\"{title}{loading} decoding=\"async\"></picture>",
        src = href(config, &picture.url(fallback_width(picture), own)),
        set = srcset(config, picture, own),
        height = picture.height_at(widest),
        alt = text(markup.alt),
    ));
    html
}

/// A Markdown image with a title, alone in its paragraph: a figure whose
/// caption is the title. A credit follows ` | ` in the title:
/// `"Cranes at dawn. | Photo: Jane Doe"`.
pub fn figure_html(picture: &str, title: &str) -> String {
    let (caption, credit) = match title.split_once(" | ") {
        Some((caption, credit)) => (caption.trim(), Some(credit.trim())),
        None => (title.trim(), None),
    };
    let mut html = format!("<figure class=\"picture\">{picture}<figcaption>");
    html.push_str(&text(caption));
    if let Some(credit) = credit.filter(|c| !c.is_empty()) {
        html.push_str(&format!(" <span class=\"credit\">{}</span>", text(credit)));
    }
    html.push_str("</figcaption></figure>");
    html
}

/// The alt text written in Markdown, as published: the decorative marker
/// becomes empty.
pub fn published_alt(alt: &str) -> &str {
    match alt.trim() {
        DECORATIVE => "",
        alt => alt,
    }
}

/// A lead or entity picture as templates receive it.
#[derive(Debug, Serialize, Clone)]
pub struct PictureView {
    /// The `<picture>` element, as wide as the text column.
    pub html: String,
    /// The same picture small, for lists and cards.
    pub thumbnail: String,
    pub alt: String,
    /// HTML.
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// The picture as a browser without `srcset` shows it.
    pub src: String,
    pub width: u32,
    pub height: u32,
    /// The 1200-pixel file (or the widest, when smaller) in the picture's
    /// own format, as an absolute URL where `base_url` allows: for link
    /// previews, feeds and search engines, which may not read WebP.
    pub share: ShareView,
}

#[derive(Debug, Serialize, Clone)]
pub struct ShareView {
    pub url: String,
    pub width: u32,
    pub height: u32,
    #[serde(rename = "type")]
    pub mime: &'static str,
}

impl PictureView {
    /// `lead`: the picture opens its page, and is fetched at once.
    pub fn new(config: &SiteConfig, picture: &Picture, spec: &PictureSpec, lead: bool) -> Self {
        let html = |sizes, lazy| {
            let markup = Markup {
                alt: &spec.alt,
                sizes,
                lazy,
                title: None,
            };
            picture_html(config, picture, &markup)
        };
        let widths = picture.widths();
        let share = *widths
            .iter()
            .rev()
            .find(|&&w| w <= SHARE_WIDTH)
            .unwrap_or(&widths[0]);
        PictureView {
            html: html(COLUMN, !lead),
            thumbnail: html(THUMBNAIL, true),
            alt: spec.alt.clone(),
            caption: (spec.caption.as_deref()).map(crate::text::markdown::render_inline),
            credit: spec.credit.clone(),
            src: config.link(&picture.url(fallback_width(picture), picture.format)),
            width: *widths.last().unwrap_or(&picture.width),
            height: picture.height_at(*widths.last().unwrap_or(&picture.width)),
            share: ShareView {
                url: config.permalink(&picture.url(share, picture.format)),
                width: share,
                height: picture.height_at(share),
                mime: picture.format.mime(),
            },
        }
    }
}
