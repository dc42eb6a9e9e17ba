//! Which text the author's raw HTML hides from the matcher
//! (docs/matching.md, "Only running text").
//!
//! Inline elements such as `<span>`, `<em>` or `<abbr>` only dress their
//! text, so it is matched as any other. Text inside a link, code, a form
//! control, or an element a browser does not show as prose (a script, an
//! SVG drawing) is not: a mention there would be a link inside a link,
//! markup inside code, or invisible.
//!
//! Tags are read with html5ever's tokenizer, as a browser reads them: names
//! in any case, `>` inside quoted attributes, comments. The open elements
//! are followed as a stack, the way a browser's would be for this purpose:
//! void elements (`<br>`, `<img>`) hold nothing, `/>` closes only SVG and
//! MathML elements (a browser ignores it on `<span/>`), a closing tag closes
//! everything opened since its element, and a stray one is ignored.

use std::cell::RefCell;
use std::collections::HashMap;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, TagToken, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// Elements whose text is never matched: links and form controls, code, and
/// text a browser does not show as prose.
const HIDING: &[&str] = &[
    "a", "button", "select", "option", "textarea", // links and controls
    "code", "kbd", "samp", "var", "pre", // code (HTML's "computer text" elements)
    "script", "style", "template", "noscript", "title", "svg", "math", "iframe", "object", "video",
    "audio", "canvas",
];

/// Elements whose content a browser reads as plain text up to their end tag,
/// so a `<b>` inside a `<script>` is no element.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Elements in which `/>` closes the element, as in XML.
const FOREIGN: &[&str] = &["svg", "math"];

#[derive(Debug)]
struct Open {
    name: String,
    /// Opened by inline HTML inside a paragraph (or other block), so closed
    /// when that block ends, as a browser closes it at `</p>`.
    inline: bool,
}

/// The raw HTML elements open at the writer's position in the body.
#[derive(Debug, Default)]
pub struct OpenElements {
    stack: Vec<Open>,
    /// How many of each name are open, so a closing tag with nothing to
    /// close costs nothing, however deep the stack (hostile input nests
    /// thousands of `<a>`).
    open: HashMap<String, usize>,
    /// How many open elements hide text, and how many are SVG or MathML.
    hiding: usize,
    foreign: usize,
    /// How many were opened by inline HTML.
    inline: usize,
}

impl OpenElements {
    /// Whether text here is inside an element that hides it from the matcher.
    pub fn hide_text(&self) -> bool {
        self.hiding > 0
    }

    /// Follows the tags of one piece of inline HTML (`<span lang="he">`).
    pub fn inline(&mut self, html: &str) {
        self.apply(html, true);
    }

    /// Follows the tags of a whole HTML block: what it leaves open (a
    /// `<div>`, an `<a href>` on its own line) holds the Markdown after it.
    pub fn block(&mut self, html: &str) {
        self.apply(html, false);
    }

    /// A paragraph, list item, heading or cell ended: the elements opened
    /// inside it end too.
    pub fn end_block(&mut self) {
        // Those opened in the block are on top, unless a block of raw HTML
        // came between them (then the stack is rebuilt).
        while self.stack.last().is_some_and(|o| o.inline) {
            self.pop();
        }
        if self.inline == 0 {
            return;
        }
        let kept: Vec<Open> = std::mem::take(&mut self.stack)
            .into_iter()
            .filter(|o| !o.inline)
            .collect();
        *self = OpenElements::default();
        for open in kept {
            self.push(open);
        }
    }

    fn apply(&mut self, html: &str, inline: bool) {
        for tag in tags(html) {
            self.tag(tag, inline);
        }
    }

    fn tag(&mut self, tag: SeenTag, inline: bool) {
        let raw_text = self
            .stack
            .last()
            .filter(|o| RAW_TEXT.contains(&o.name.as_str()));
        if let Some(open) = raw_text {
            // Inside a script or a textarea, only its own end tag is markup.
            if tag.end && tag.name == open.name {
                self.pop();
            }
            return;
        }
        if tag.end {
            if self.open.get(&tag.name).is_some_and(|&n| n > 0) {
                // Everything above the element is popped with it, so the
                // search costs no more than the pops.
                while self.pop().is_some_and(|name| name != tag.name) {}
            }
            return;
        }
        let foreign = FOREIGN.contains(&tag.name.as_str()) || self.foreign > 0;
        if VOID.contains(&tag.name.as_str()) || (tag.self_closing && foreign) {
            return;
        }
        self.push(Open {
            name: tag.name,
            inline,
        });
    }

    fn push(&mut self, open: Open) {
        self.hiding += usize::from(HIDING.contains(&open.name.as_str()));
        self.foreign += usize::from(FOREIGN.contains(&open.name.as_str()));
        self.inline += usize::from(open.inline);
        *self.open.entry(open.name.clone()).or_default() += 1;
        self.stack.push(open);
    }

    /// Closes the innermost element; returns its name.
    fn pop(&mut self) -> Option<String> {
        let open = self.stack.pop()?;
        self.hiding -= usize::from(HIDING.contains(&open.name.as_str()));
        self.foreign -= usize::from(FOREIGN.contains(&open.name.as_str()));
        self.inline -= usize::from(open.inline);
        if let Some(n) = self.open.get_mut(&open.name) {
            *n -= 1;
        }
        Some(open.name)
    }
}

#[derive(Debug, PartialEq, Eq)]
struct SeenTag {
    /// Lower case, as the tokenizer gives it.
    name: String,
    end: bool,
    self_closing: bool,
}

/// The tags in `html`, in order; comments, doctypes and text are left out.
fn tags(html: &str) -> Vec<SeenTag> {
    if let Some(tag) = bare_tag(html) {
        return vec![tag];
    }
    let tokenizer = Tokenizer::new(TagSink::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.tags.into_inner()
}

/// `<em>`, `</span>` or `<br/>`: a tag without attributes, read without
/// starting a tokenizer (most inline HTML is one).
fn bare_tag(html: &str) -> Option<SeenTag> {
    let inner = html.trim().strip_prefix('<')?.strip_suffix('>')?;
    let (end, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let (self_closing, inner) = match inner.strip_suffix('/') {
        Some(rest) if !end => (true, rest),
        _ => (false, inner),
    };
    let name = inner.trim_end_matches([' ', '\t', '\n']);
    let mut chars = name.chars();
    let plain = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-');
    plain.then(|| SeenTag {
        name: name.to_ascii_lowercase(),
        end,
        self_closing,
    })
}

#[derive(Default)]
struct TagSink {
    tags: RefCell<Vec<SeenTag>>,
}

impl TokenSink for TagSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        let name = tag.name.as_ref().to_string();
        let end = tag.kind == TagKind::EndTag;
        // The tokenizer alone does not know that a script's text is no
        // markup; the browser's tree builder tells it, and so does this.
        let raw = match name.as_str() {
            _ if end || tag.self_closing => None,
            "script" => Some(RawKind::ScriptData),
            "textarea" | "title" => Some(RawKind::Rcdata),
            n if RAW_TEXT.contains(&n) => Some(RawKind::Rawtext),
            _ => None,
        };
        self.tags.borrow_mut().push(SeenTag {
            name,
            end,
            self_closing: tag.self_closing,
        });
        match raw {
            Some(kind) => TokenSinkResult::RawData(kind),
            None => TokenSinkResult::Continue,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(pieces: &[&str]) -> OpenElements {
        let mut open = OpenElements::default();
        for piece in pieces {
            open.inline(piece);
        }
        open
    }

    #[test]
    fn inline_elements_that_only_dress_text_hide_nothing() {
        for tag in [
            "<span lang=\"he\">",
            "<em>",
            "<abbr title=\"x\">",
            "<mark>",
            "<q>",
        ] {
            assert!(!after(&[tag]).hide_text(), "{tag}");
        }
        assert!(!after(&["<cite>", "<my-widget>", "<b>"]).hide_text());
    }

    #[test]
    fn links_code_and_unshown_text_are_hidden() {
        for tag in [
            "<a href=\"x\">",
            "<code>",
            "<kbd>",
            "<script>",
            "<style>",
            "<pre>",
            "<textarea>",
        ] {
            assert!(after(&[tag]).hide_text(), "{tag}");
        }
    }

    #[test]
    fn tag_names_are_read_in_any_case() {
        assert!(after(&["<A HREF=\"x\">"]).hide_text());
        assert!(!after(&["<A HREF=\"x\">", "</a>"]).hide_text());
        assert!(!after(&["<code>", "</CODE>"]).hide_text());
    }

    #[test]
    fn a_closing_angle_inside_quotes_does_not_end_the_tag() {
        let open = after(&["<span title=\"a > b\" data-x='<a>'>"]);
        assert!(!open.hide_text());
        assert_eq!(open.stack.len(), 1);
    }

    #[test]
    fn nesting_is_followed_and_a_close_ends_what_it_holds() {
        let open = after(&["<span>", "<code>", "<em>"]);
        assert!(open.hide_text());
        assert!(!after(&["<span>", "<code>", "<em>", "</code>"]).hide_text());
        // A stray closing tag changes nothing.
        assert!(after(&["<code>", "</span>"]).hide_text());
    }

    #[test]
    fn void_and_self_closed_tags() {
        assert!(after(&["<br>", "<img src=\"x.png\">", "<hr/>"])
            .stack
            .is_empty());
        assert!(after(&["<svg/>"]).stack.is_empty());
        // As in a browser, `/>` does not close an HTML element.
        assert!(after(&["<a href=\"x\"/>"]).hide_text());
        assert_eq!(after(&["<span/>"]).stack.len(), 1);
    }

    #[test]
    fn tags_inside_a_script_are_its_text() {
        let mut open = OpenElements::default();
        open.block("<script>if (a<b) { x = '</b><code>'; }</script>\n");
        assert!(open.stack.is_empty(), "{:?}", open.stack);
        let open = after(&["<script>", "<a href=\"x\">", "</script>"]);
        assert!(open.stack.is_empty(), "{:?}", open.stack);
    }

    #[test]
    fn a_bare_tag_is_read_as_the_tokenizer_reads_it() {
        for html in [
            "<em>",
            "</SPAN>",
            "<br/>",
            "<svg />",
            "</a >",
            "<my-widget>",
            "<h2>",
        ] {
            let mut tokenized = tags(&format!("{html}<!---->"));
            assert_eq!(bare_tag(html), tokenized.pop(), "{html}");
        }
        for html in ["<a href=x>", "<!-- x -->", "<3>", "</>", "<>"] {
            assert_eq!(bare_tag(html), None, "{html}");
        }
    }

    #[test]
    fn comments_are_no_elements() {
        assert!(after(&["<!-- <a href=\"x\"> -->"]).stack.is_empty());
    }

    #[test]
    fn a_block_element_holds_the_markdown_after_it_until_closed() {
        let mut open = OpenElements::default();
        open.block("<a href=\"x\">\n");
        open.end_block();
        assert!(open.hide_text());
        open.block("</a>\n");
        assert!(!open.hide_text());
    }

    #[test]
    fn inline_elements_end_with_their_block() {
        let mut open = after(&["<code>"]);
        open.end_block();
        assert!(!open.hide_text());
    }
}
