//! Which link targets a page may carry. An `href` may be http, https, mailto or
//! relative (`/x`, `x`, `#x`, `?x`); a `src` may be http, https or relative.
//! Anything else (`javascript:`, `data:`, `vbscript:`, ...) in content is an
//! error, because a news page that runs script from an editor's typo, or from
//! pasted HTML, is not one to publish.
//!
//! Schemes are read the way a browser reads them (the WHATWG URL parser), so
//! `JaVaScRiPt:`, ` javascript:` and `java\tscript:` are all caught; character
//! references (`&#106;avascript:`) are decoded before this point by
//! pulldown-cmark for Markdown and by the HTML tokenizer for raw HTML.

use std::cell::{Cell, RefCell};
use std::ops::Range;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagToken, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use pulldown_cmark::{Event, Parser, Tag};

use std::sync::Arc;

use crate::diagnostics::{Code, Diagnostic, SourceFile};
use crate::text::markdown::OPTIONS;

/// What a URL is used for: followed (`href`) or loaded into the page (`src`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlUse {
    Href,
    Src,
}

impl UrlUse {
    fn allowed(self) -> &'static [&'static str] {
        match self {
            UrlUse::Href => &["http", "https", "mailto"],
            UrlUse::Src => &["http", "https"],
        }
    }

    /// The schemes this use allows, for messages.
    pub fn allowed_list(self) -> &'static str {
        match self {
            UrlUse::Href => "http, https, mailto or a relative link",
            UrlUse::Src => "http, https or a relative path",
        }
    }
}

/// The URL's scheme in lower case, as a browser would find it; `None` for a
/// relative URL.
pub fn scheme(url: &str) -> Option<String> {
    // Leading and trailing C0 controls and spaces are stripped, and tabs and
    // newlines anywhere are removed, before the scheme is read.
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let mut chars = trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r'));
    let first = chars.next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let mut scheme = String::from(first.to_ascii_lowercase());
    for c in chars {
        match c {
            ':' => return Some(scheme),
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {
                scheme.push(c.to_ascii_lowercase())
            }
            _ => return None,
        }
    }
    None
}

/// `Some(scheme)` when `url` may not be used as `what`.
pub fn disallowed(url: &str, what: UrlUse) -> Option<String> {
    scheme(url).filter(|s| !what.allowed().contains(&s.as_str()))
}

/// The message for a refused URL.
pub fn refusal(url: &str, scheme: &str, what: UrlUse) -> (String, String) {
    let shown: String = url.chars().take(60).collect();
    (
        format!("`{scheme}:` links are not allowed (`{shown}`)"),
        format!(
            "a {} must be {}",
            match what {
                UrlUse::Href => "link",
                UrlUse::Src => "picture or embed",
            },
            what.allowed_list()
        ),
    )
}

/// A URL-carrying attribute in raw HTML that carries a refused URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlProblem {
    pub attribute: String,
    pub url: String,
    pub scheme: String,
    pub what: UrlUse,
}

/// Every refused URL in the attributes of `html`. The HTML tokenizer sees at
/// least every tag a browser would (it does not switch to raw text inside
/// `<script>` or `<style>`), so nothing a browser would follow is missed.
pub fn html_problems(html: &str) -> Vec<HtmlProblem> {
    scan(html).problems.into_inner()
}

/// Whether `html` ends inside a tag or a comment. On the page, the markup
/// that follows would complete it (`<iframe x=1 src=javascript:...` takes the
/// template's next `>`), and what it then carries cannot be checked here.
pub fn ends_inside_markup(html: &str) -> bool {
    scan(html).open_at_end.get()
}

fn scan(html: &str) -> AttributeSink {
    let tokenizer = Tokenizer::new(AttributeSink::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink
}

#[derive(Default)]
struct AttributeSink {
    problems: RefCell<Vec<HtmlProblem>>,
    /// The tokenizer met the end of the text inside markup.
    open_at_end: Cell<bool>,
}

impl TokenSink for AttributeSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        // html5ever reports the end of input in any state but plain text as
        // "Saw EOF in state ..." ("Unexpected EOF" with exact errors).
        if let Token::ParseError(message) = &token {
            if message.contains("EOF") {
                self.open_at_end.set(true);
            }
        }
        if let TagToken(tag) = token {
            for attr in &tag.attrs {
                let name = attr.name.local.as_ref().to_ascii_lowercase();
                let value: &str = &attr.value;
                if name == "srcdoc" {
                    // A document inside an attribute: its links count too.
                    self.problems.borrow_mut().extend(html_problems(value));
                    continue;
                }
                let Some(what) = url_attribute(&name) else {
                    continue;
                };
                let urls: Vec<&str> = if name.ends_with("srcset") {
                    // "a.jpg 1x, b.jpg 2x": the first word of each candidate.
                    value
                        .split(',')
                        .filter_map(|c| c.split_whitespace().next())
                        .collect()
                } else if name == "content" {
                    // <meta http-equiv=refresh content="0; url=...">
                    refresh_url(value).into_iter().collect()
                } else {
                    vec![value]
                };
                for url in urls {
                    if let Some(scheme) = disallowed(url, what) {
                        self.problems.borrow_mut().push(HtmlProblem {
                            attribute: name.clone(),
                            url: url.to_string(),
                            scheme,
                            what,
                        });
                    }
                }
            }
        }
        TokenSinkResult::Continue
    }
}

/// Attributes whose value a browser follows or loads.
fn url_attribute(name: &str) -> Option<UrlUse> {
    match name {
        "href" | "xlink:href" | "action" | "formaction" | "cite" | "longdesc" | "ping"
        | "content" => Some(UrlUse::Href),
        "src" | "srcset" | "imagesrcset" | "poster" | "data" | "background" | "lowsrc"
        | "dynsrc" | "manifest" | "codebase" | "archive" | "icon" => Some(UrlUse::Src),
        _ => None,
    }
}

/// The `url=` part of a refresh `content` value, if any.
fn refresh_url(content: &str) -> Option<&str> {
    let lower = content.to_ascii_lowercase();
    let at = lower.find("url")?;
    let rest = content[at + 3..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    Some(rest.trim_matches(|c| c == '\'' || c == '"'))
}

/// A link target that content may not carry: where it is in the Markdown
/// (byte range), what is wrong and how to fix it.
pub struct LinkProblem {
    pub span: Range<usize>,
    pub message: String,
    pub help: String,
    /// What the caret points at.
    pub label: &'static str,
}

impl LinkProblem {
    /// The error for this problem, found at `span` of `file`.
    pub fn diagnostic(self, file: &Arc<SourceFile>, span: Range<usize>) -> Diagnostic {
        Diagnostic::error(Code::RefusedLink, &file.path, self.message)
            .at(file, span)
            .with_label(self.label)
            .with_help(self.help)
    }
}

const LINK: &str = "this link";

/// The refused link targets in `text` (front-matter Markdown or an entity's
/// text): Markdown links and pictures, `@slug` mentions, and, when
/// `raw_html` is true (bodies, where raw HTML is markup), URLs in raw HTML.
pub fn link_problems(text: &str, raw_html: bool) -> Vec<LinkProblem> {
    let mut problems: Vec<LinkProblem> = Vec::new();
    let mut fragments = Vec::new();
    // Markdown links already reported, so that the raw HTML's check
    // does not report them again where the text renders them.
    let mut refused: Vec<String> = Vec::new();
    for (event, range) in Parser::new_ext(text, OPTIONS).into_offset_iter() {
        match event {
            // `[text](@slug)` is an explicit mention, which only an article's
            // text can make; anywhere else it would be a broken link.
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with('@') => {
                problems.push(LinkProblem {
                    span: range,
                    message: format!("`{dest_url}` links work only in an article's text"),
                    help: format!(
                        "link the entity's page instead: `[...]({})`",
                        crate::urls::entity(&dest_url[1..])
                    ),
                    label: LINK,
                })
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(problem) = url_problem(&dest_url, UrlUse::Href, range) {
                    problems.push(problem);
                    refused.push(dest_url.to_string());
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                if let Some(problem) = url_problem(&dest_url, UrlUse::Src, range) {
                    problems.push(problem);
                    refused.push(dest_url.to_string());
                }
            }
            Event::Html(_) | Event::InlineHtml(_) if raw_html => fragments.push(range),
            _ => {}
        }
    }
    if !fragments.is_empty() {
        // A fragment that leaves a tag open is completed on the page by the
        // markup after it (a quote left open closes in the next paragraph):
        // the text is then checked as it renders. Otherwise the fragments
        // alone carry every attribute, since the Markdown's own text is
        // escaped and makes no tag.
        let html = if fragments
            .iter()
            .any(|r| ends_inside_markup(&text[r.clone()]))
        {
            let mut html = String::with_capacity(text.len() * 3 / 2);
            pulldown_cmark::html::push_html(&mut html, Parser::new_ext(text, OPTIONS));
            html
        } else {
            fragments.iter().map(|r| &text[r.clone()]).collect()
        };
        problems.extend(raw_html_problems(text, &html, &fragments, &refused));
    }
    problems
}

pub(crate) fn url_problem(url: &str, what: UrlUse, span: Range<usize>) -> Option<LinkProblem> {
    let scheme = disallowed(url, what)?;
    let (message, help) = refusal(url, &scheme, what);
    Some(LinkProblem {
        span,
        message,
        help,
        label: LINK,
    })
}

/// Refused URLs in `html` (raw HTML from `text`, possibly with gloss's own
/// markup around it), each placed at the raw fragment that carries it.
/// URLs in `reported` were refused already, at their Markdown link.
pub(crate) fn raw_html_problems(
    text: &str,
    html: &str,
    fragments: &[Range<usize>],
    reported: &[String],
) -> Vec<LinkProblem> {
    let mut problems: Vec<LinkProblem> = html_problems(html)
        .into_iter()
        .filter(|p| !reported.contains(&p.url))
        .map(|p| {
            // The fragment that shows the problem on its own, else the first
            // that names the attribute, else the first fragment.
            let span = fragments
                .iter()
                .find(|r| html_problems(&text[(*r).clone()]).contains(&p))
                .or_else(|| {
                    fragments.iter().find(|r| {
                        text[(*r).clone()]
                            .to_ascii_lowercase()
                            .contains(&p.attribute)
                    })
                })
                .unwrap_or(&fragments[0])
                .clone();
            let (message, help) = refusal(&p.url, &p.scheme, p.what);
            LinkProblem {
                span,
                message: format!("{message} in `{}`", p.attribute),
                help,
                label: LINK,
            }
        })
        .collect();
    if ends_inside_markup(html) {
        // Placed at the last raw fragment: the one left open.
        let span = fragments.last().cloned().unwrap_or(0..0);
        problems.push(LinkProblem {
            span,
            message: "raw HTML ends inside a tag or comment".into(),
            help: "close it (`>` for a tag, `-->` for a comment): the page's own markup after it would otherwise become part of it".into(),
            label: "this raw HTML is left open",
        });
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_left_open_in_raw_html_is_read_with_the_text_after_it() {
        // The `'` of the code span closes the `title` of the `<div>`, and
        // `src=vbscript:...` becomes an attribute of the `<div>`.
        let text = "<div title='\n\n`'/src=vbscript://%0aalert(1)//`<iframe src='x'></iframe>\n";
        let problems = link_problems(text, true);
        assert!(
            problems.iter().any(|p| p.message.contains("vbscript")),
            "{:?}",
            problems.iter().map(|p| &p.message).collect::<Vec<_>>()
        );
    }

    #[test]
    fn schemes_are_read_as_a_browser_reads_them() {
        assert_eq!(scheme("https://x.org").as_deref(), Some("https"));
        assert_eq!(scheme("JaVaScRiPt:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(scheme(" \u{1}javascript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("java\tscr\nipt:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("/a:b"), None);
        assert_eq!(scheme("a/b:c"), None);
        assert_eq!(scheme("#top"), None);
        assert_eq!(scheme("../x"), None);
        assert_eq!(scheme("1x:y"), None);
    }

    #[test]
    fn href_and_src_allow_different_schemes() {
        assert_eq!(disallowed("mailto:a@b.org", UrlUse::Href), None);
        assert_eq!(
            disallowed("mailto:a@b.org", UrlUse::Src).as_deref(),
            Some("mailto")
        );
        assert_eq!(
            disallowed("data:text/html,x", UrlUse::Href).as_deref(),
            Some("data")
        );
        assert_eq!(disallowed("pic.png", UrlUse::Src), None);
    }

    #[test]
    fn raw_html_attributes_are_decoded_before_checking() {
        let found = html_problems(
            r#"<p><a href="&#106;avascript:alert(1)">x</a><img src=x srcset="a.png 1x, data:image/png 2x"><iframe srcdoc="<a href='vbscript:x'>"></iframe><a href="/ok">ok</a>"#,
        );
        let schemes: Vec<&str> = found.iter().map(|p| p.scheme.as_str()).collect();
        assert_eq!(schemes, ["javascript", "data", "vbscript"]);
    }

    #[test]
    fn a_refresh_to_script_is_caught() {
        let found = html_problems(r#"<meta http-equiv="refresh" content="0; URL='javascript:x'">"#);
        assert_eq!(found.len(), 1);
        assert!(html_problems(r#"<meta name="description" content="a: b">"#).is_empty());
    }
}
