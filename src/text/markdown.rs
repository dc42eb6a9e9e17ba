//! Markdown that needs nothing of the site: the one options set every parse
//! uses, and the renderings of front-matter text (summaries, notes,
//! definitions, corrections) and of entity bodies.

use pulldown_cmark::{Event, Options, Parser};

pub const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_SMART_PUNCTUATION);

/// Renders Markdown that takes no mentions (entity bodies, notes), as a block.
pub fn render_plain(text: &str) -> String {
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(text, OPTIONS));
    html
}

/// Renders one line of Markdown from front matter (a summary, a note, a
/// definition) without the wrapping `<p>`. Raw HTML in it is shown as text:
/// front-matter strings are never markup.
pub fn render_inline(text: &str) -> String {
    let events = Parser::new_ext(text, OPTIONS).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}

/// Plain text of HTML that gloss rendered from Markdown: tags dropped and the
/// few characters pulldown-cmark escapes turned back.
pub fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            c => text.push(c),
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Plain text of a line of Markdown, for `<meta>` and feeds.
pub fn plain_text(text: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(text, OPTIONS) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_in_front_matter_markdown_is_escaped() {
        assert_eq!(
            render_inline("</title><script>alert(1)</script>\"'&"),
            "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"'&amp;"
        );
    }

    #[test]
    fn inline_markdown_loses_its_paragraph() {
        assert_eq!(render_inline("A *big* group"), "A <em>big</em> group");
    }
}
