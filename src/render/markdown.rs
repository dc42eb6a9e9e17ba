//! Markdown to HTML, with mentions found and marked on the way.
//!
//! The body is parsed once. Adjacent text events (pulldown-cmark splits text at
//! smart quotes, entities and line breaks) are gathered into one run so a name
//! that spans them still matches; each run is handed to the matcher and written
//! back as HTML with the mention links in place. Text inside headings, links,
//! images, code and raw HTML is passed through untouched.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};
use unicode_segmentation::UnicodeSegmentation;

use super::texts::ArticleText;
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Diagnostics};
use crate::links::{raw_html_problems, url_problem, LinkProblem, UrlUse};
use crate::matcher::{FoundKind, NameIndex};
use crate::model::{AnnotateMode, Article, Site, Target};
use crate::text::markdown::OPTIONS;

/// The sentence a mention stands in, split around the mention for highlighting.
#[derive(Debug, Clone, Default, serde::Serialize, PartialEq, Eq, Hash)]
pub struct Sentence {
    pub before: String,
    pub mention: String,
    pub after: String,
}

/// What an article's body says about one annotated entity or term.
#[derive(Debug, Clone)]
pub struct MentionRecord {
    pub target: Target,
    pub count: usize,
    pub first_sentence: Sentence,
    /// A hash of the above: what an entity page shows of this mention.
    pub digest: u64,
}

/// A known entity named in the text without being annotated (reported by `check`).
#[derive(Debug, Clone)]
pub struct Unannotated {
    pub entity: usize,
    /// Byte range in the article file.
    pub span: Range<usize>,
}

#[derive(Debug, Default)]
pub struct RenderedBody {
    pub html: String,
    /// Problems found in the body (`@slug` links to no entity, annotations never matched).
    pub diagnostics: Vec<crate::diagnostics::Diagnostic>,
    /// In order of first mention.
    pub mentions: Vec<MentionRecord>,
    /// Entities reached only through `[text](@slug)`, in order of appearance.
    pub explicit_only: Vec<usize>,
    /// A hash of which entities the body mentions (for "often mentioned with").
    pub entities_digest: u64,
    pub unannotated: Vec<Unannotated>,
    /// Words of text, for the reading time.
    pub words: usize,
    /// The article's front-matter Markdown, rendered.
    pub front: ArticleText,
}

/// Everything the body renderer needs to know about the article's surroundings.
pub struct BodyContext<'a> {
    pub site: &'a Site,
    pub names: &'a NameIndex,
    pub article_index: usize,
    pub mode: AnnotateMode,
    pub entity_slugs: &'a HashMap<&'a str, usize>,
}

pub fn render_body(article: &Article, cx: &BodyContext) -> RenderedBody {
    let mut diags = Diagnostics::new();
    let annotated: HashMap<usize, ()> = article
        .annotations
        .iter()
        .filter_map(|a| match a.target {
            Target::Entity(e) => Some((e, ())),
            Target::Term(_) => None,
        })
        .collect();
    let mut writer = BodyWriter {
        cx,
        article,
        annotated,
        events: Vec::new(),
        run: Run::default(),
        block: String::new(),
        pending: Vec::new(),
        records: Vec::new(),
        record_index: HashMap::new(),
        out: RenderedBody::default(),
        diags: &mut diags,
        skip: 0,
        html_depth: 0,
        links: Vec::new(),
        raw_html: Vec::new(),
        refused: Vec::new(),
    };
    let body = article.body_text();
    for (event, range) in Parser::new_ext(body, OPTIONS).into_offset_iter() {
        writer.event(event, range);
    }
    writer.flush_run();
    writer.finish_block();
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, writer.events.into_iter());
    let raw_html = writer.raw_html;
    let writer_refused = writer.refused;
    let mut out = writer.out;
    out.mentions = writer.records;
    if !raw_html.is_empty() {
        // The whole rendered body is checked, not the fragments one by one:
        // raw HTML split across blocks is still one document to a browser.
        let problems = raw_html_problems(body, &html, &raw_html, &writer_refused);
        report_links(article, problems, &mut diags);
    }
    out.html = html;
    out.front = ArticleText::new(article);
    for record in &mut out.mentions {
        record.digest =
            crate::text::hash_of(&(record.target, record.count, &record.first_sentence));
    }
    let targets: Vec<Target> = out.mentions.iter().map(|m| m.target).collect();
    out.entities_digest = crate::text::hash_of(&targets);
    warn_unmatched(cx.site, article, &out, &mut diags);
    out.diagnostics = diags.into_vec();
    out
}

/// Reports refused link targets in an article body (spans relative to the body).
fn report_links(
    article: &Article,
    problems: impl IntoIterator<Item = LinkProblem>,
    diags: &mut Diagnostics,
) {
    for p in problems {
        let at = article.body.start + p.span.start..article.body.start + p.span.end;
        diags.push(
            Diagnostic::error(Code::RefusedLink, &article.file.path, p.message)
                .at(&article.file, at)
                .with_label("this link")
                .with_help(p.help),
        );
    }
}

/// SPEC 4: an annotation that never matches is a warning naming the names tried.
fn warn_unmatched(site: &Site, article: &Article, body: &RenderedBody, diags: &mut Diagnostics) {
    for annotation in &article.annotations {
        if body.mentions.iter().any(|m| m.target == annotation.target) {
            continue;
        }
        let names: Vec<String> =
            crate::resolve::article_names(annotation, &article.terms, &site.entities)
                .map(|n| format!("`{n}`"))
                .collect();
        diags.push(
            Diagnostic::warning(
                Code::NeverMatches,
                &article.file.path,
                format!("annotation never matches: tried {}", names.join(", ")),
            )
            .at(&article.file, annotation.span.clone())
            .with_help("add one of these names to the text, give the annotation an `aliases:` entry that the text uses, or remove it"),
        );
    }
}

/// A Markdown link or image to `/path` means the site's own root, so it gets
/// the path of `base_url` (`/news/path`), as every link gloss writes does, and
/// the site can be published under a sub-path.
fn site_rooted<'e>(mut event: Event<'e>, base_path: &str) -> Event<'e> {
    if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &mut event {
        if !base_path.is_empty() && dest_url.starts_with('/') && !dest_url.starts_with("//") {
            *dest_url = format!("{base_path}{dest_url}").into();
        }
    }
    event
}

enum InlineTag {
    Open,
    Close,
    Neither,
}

/// Whether a piece of inline raw HTML opens an element that holds text,
/// closes one, or neither (a void or self-closed element, a comment).
fn inline_tag(html: &str) -> InlineTag {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let Some(rest) = html.strip_prefix('<') else {
        return InlineTag::Neither;
    };
    if rest.starts_with('/') {
        return InlineTag::Close;
    }
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase();
    if name.is_empty() || html.ends_with("/>") || VOID.contains(&name.as_str()) {
        InlineTag::Neither
    } else {
        InlineTag::Open
    }
}

/// Text gathered from adjacent text events, with where each piece came from.
#[derive(Default)]
struct Run {
    text: String,
    /// (offset in `text`, offset in the body) for each piece.
    pieces: Vec<(usize, usize)>,
    /// Offset of the run inside the current block's text.
    block_start: usize,
}

struct BodyWriter<'a, 'b> {
    cx: &'a BodyContext<'a>,
    article: &'a Article,
    annotated: HashMap<usize, ()>,
    events: Vec<Event<'b>>,
    run: Run,
    /// Plain text of the current block, for finding sentences.
    block: String,
    /// Mentions in the current block still waiting for their sentence.
    pending: Vec<(usize, Range<usize>)>,
    records: Vec<MentionRecord>,
    record_index: HashMap<Target, usize>,
    out: RenderedBody,
    diags: &'a mut Diagnostics,
    /// Depth of elements whose text is never matched.
    skip: usize,
    /// Depth of inline raw HTML elements open in this block (`<span>...`):
    /// their text is the author's own markup, never matched (SPEC 4).
    html_depth: usize,
    /// For each open link, whether it is an `@slug` mention and where it began in the block.
    links: Vec<Option<(usize, usize)>>,
    /// Where raw HTML stands in the body, checked for refused URLs at the end.
    raw_html: Vec<Range<usize>>,
    /// URLs of Markdown links and images already reported as refused, so the
    /// check of the whole page does not report them again.
    refused: Vec<String>,
}

impl<'a, 'b> BodyWriter<'a, 'b> {
    fn event(&mut self, event: Event<'b>, range: Range<usize>) {
        match event {
            Event::Text(text) if self.skip == 0 && self.html_depth == 0 => {
                if self.run.text.is_empty() {
                    self.run.block_start = self.block.len();
                }
                self.run.pieces.push((self.run.text.len(), range.start));
                self.run.text.push_str(&text);
                self.block.push_str(&text);
            }
            Event::SoftBreak
                if self.skip == 0 && self.html_depth == 0 && !self.run.text.is_empty() =>
            {
                self.run.pieces.push((self.run.text.len(), range.start));
                self.run.text.push('\n');
                // A soft break is a space to a reader: a line feed would end
                // the sentence for the sentence splitter (same length, so
                // offsets into the run and the block still agree).
                self.block.push(' ');
            }
            other => {
                self.flush_run();
                self.other(other, range);
            }
        }
    }

    fn other(&mut self, event: Event<'b>, range: Range<usize>) {
        match &event {
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with('@') => {
                self.open_mention_link(&dest_url[1..], range);
                return;
            }
            Event::End(TagEnd::Link) => {
                self.skip -= 1;
                if let Some(Some((entity, start))) = self.links.pop() {
                    self.note_mention(Target::Entity(entity), start..self.block.len());
                    self.events.push(Event::InlineHtml("</a>".into()));
                    return;
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.skip += 1;
                self.links.push(None);
                self.check_url(dest_url, UrlUse::Href, range.clone());
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.skip += 1;
                self.check_url(dest_url, UrlUse::Src, range.clone());
            }
            Event::InlineHtml(tag) => {
                self.raw_html.push(range.clone());
                match inline_tag(tag) {
                    InlineTag::Open => self.html_depth += 1,
                    InlineTag::Close => self.html_depth = self.html_depth.saturating_sub(1),
                    InlineTag::Neither => {}
                }
            }
            Event::Html(_) => self.raw_html.push(range.clone()),
            Event::Start(Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::HtmlBlock) => {
                self.skip += 1
            }
            Event::End(
                TagEnd::Heading(_) | TagEnd::Image | TagEnd::CodeBlock | TagEnd::HtmlBlock,
            ) => self.skip -= 1,
            Event::Text(text) | Event::Code(text) => self.block.push_str(text),
            Event::SoftBreak | Event::HardBreak => self.block.push(' '),
            _ => {}
        }
        if is_block_boundary(&event) {
            self.finish_block();
        }
        let event = site_rooted(event, self.cx.site.config.base_path());
        self.events.push(event);
    }

    fn check_url(&mut self, url: &str, what: UrlUse, range: Range<usize>) {
        if let Some(problem) = url_problem(url, what, range) {
            self.refused.push(url.to_string());
            report_links(self.article, Some(problem), self.diags);
        }
    }

    fn open_mention_link(&mut self, slug: &str, range: Range<usize>) {
        self.skip += 1;
        let Some(&entity) = self.cx.entity_slugs.get(slug) else {
            let at = self.article.body.start + range.start;
            let mut diagnostic = Diagnostic::error(
                Code::NoMentionedEntity,
                &self.article.file.path,
                format!("no entity `{slug}`"),
            )
            .at(&self.article.file, at..self.article.body.start + range.end)
            .with_label("this `@` link names no entity");
            diagnostic = match did_you_mean(slug, self.cx.entity_slugs.keys().copied()) {
                Some(s) => diagnostic.with_help(format!("did you mean `@{s}`?")),
                None => diagnostic.with_help(format!(
                    "create `content/entities/{slug}.md`, or fix the slug"
                )),
            };
            self.diags.push(diagnostic);
            self.links.push(None);
            self.events.push(Event::InlineHtml("<a>".into()));
            return;
        };
        if !self.annotated.contains_key(&entity) && !self.out.explicit_only.contains(&entity) {
            self.out.explicit_only.push(entity);
        }
        self.links.push(Some((entity, self.block.len())));
        let html = self.mention_open(Target::Entity(entity));
        self.events.push(Event::InlineHtml(html.into()));
    }

    /// The opening tag of a mention (SPEC 4 markup).
    fn mention_open(&self, target: Target) -> String {
        match target {
            Target::Entity(e) => {
                let entity = &self.cx.site.entities[e];
                let mut href = String::new();
                let _ = escape_href(&mut href, &self.cx.site.config.link(&entity.path()));
                format!(
                    "<a class=\"gloss-mention\" data-entity=\"{slug}\" data-kind=\"{kind}\" href=\"{href}\" aria-describedby=\"gloss-card-{slug}\">",
                    slug = entity.slug,
                    kind = entity.kind.as_str(),
                )
            }
            Target::Term(t) => {
                let slug = &self.article.terms[t].slug;
                format!(
                    "<a class=\"gloss-mention\" data-term=\"{slug}\" data-kind=\"term\" href=\"#who-term-{slug}\" aria-describedby=\"gloss-term-{slug}\">"
                )
            }
        }
    }

    /// Matches the gathered run and emits it as HTML with mention links.
    fn flush_run(&mut self) {
        if self.run.text.is_empty() {
            return;
        }
        let run = std::mem::take(&mut self.run);
        let annotated = &self.annotated;
        let found = self.cx.names.find(&run.text, self.cx.article_index, |e| {
            annotated.contains_key(&e)
        });
        let mut html = String::with_capacity(run.text.len() + 64);
        let mut last = 0;
        for f in found {
            let target = match f.kind {
                FoundKind::Annotated(target) => target,
                FoundKind::Unannotated(entity) => {
                    if !self.out.unannotated.iter().any(|u| u.entity == entity) {
                        let start = self.article.body.start + body_offset(&run, f.range.start);
                        self.out.unannotated.push(Unannotated {
                            entity,
                            span: start..start + f.range.len(),
                        });
                    }
                    continue;
                }
            };
            let block_range = run.block_start + f.range.start..run.block_start + f.range.end;
            let first = self.note_mention(target, block_range);
            if self.cx.mode == AnnotateMode::First && !first {
                continue;
            }
            let _ = escape_html(&mut html, &run.text[last..f.range.start]);
            html.push_str(&self.mention_open(target));
            let _ = escape_html(&mut html, &run.text[f.range.clone()]);
            html.push_str("</a>");
            last = f.range.end;
        }
        let _ = escape_html(&mut html, &run.text[last..]);
        self.events.push(Event::InlineHtml(CowStr::from(html)));
    }

    /// Counts a mention; returns whether it is the first of its target.
    fn note_mention(&mut self, target: Target, block_range: Range<usize>) -> bool {
        match self.record_index.get(&target) {
            Some(&i) => {
                self.records[i].count += 1;
                false
            }
            None => {
                self.record_index.insert(target, self.records.len());
                self.records.push(MentionRecord {
                    target,
                    count: 1,
                    first_sentence: Sentence::default(),
                    digest: 0,
                });
                self.pending.push((self.records.len() - 1, block_range));
                true
            }
        }
    }

    /// At the end of a block, cuts the sentence of each first mention out of its text.
    fn finish_block(&mut self) {
        // An element left open ends with its block, as a browser ends it.
        self.html_depth = 0;
        if !self.pending.is_empty() {
            // Pending mentions are in text order; one lazy pass over the
            // sentences serves them all and stops after the last one.
            let mut sentences = sentences(&self.block).peekable();
            for (record, range) in self.pending.drain(..) {
                while sentences.next_if(|&(_, end)| end <= range.start).is_some() {}
                let bounds = sentences.peek().copied().unwrap_or((0, self.block.len()));
                self.records[record].first_sentence = sentence_around(&self.block, bounds, range);
            }
        }
        self.out.words += self.block.split_whitespace().count();
        self.block.clear();
    }
}

/// Sentence bounds by Unicode's rules (UAX #29), joined again where a break
/// fell after an abbreviation such as `U.S.` or `Gen.`, which news text is full of.
fn sentences(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut raw = text
        .split_sentence_bound_indices()
        .map(|(i, s)| (i, i + s.len()))
        .peekable();
    std::iter::from_fn(move || {
        let (start, mut end) = raw.next()?;
        while ends_with_abbreviation(&text[start..end]) {
            match raw.next() {
                Some((_, next_end)) => end = next_end,
                None => break,
            }
        }
        Some((start, end))
    })
}

fn ends_with_abbreviation(sentence: &str) -> bool {
    const TITLES: &[&str] = &[
        "Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Sen.", "Rep.", "Gov.", "Lt.", "Col.", "Sgt.",
        "Capt.", "Adm.", "Prof.", "St.", "Jr.", "Sr.", "No.", "Jan.", "Feb.", "Aug.", "Sept.",
        "Oct.", "Nov.", "Dec.", "vs.",
    ];
    let Some(word) = sentence.split_whitespace().next_back() else {
        return false;
    };
    // Initials and acronyms written with periods: U.S., U.N., E.U.
    let initials = word.len() >= 2
        && word.ends_with('.')
        && word
            .split('.')
            .filter(|p| !p.is_empty())
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic));
    initials || TITLES.contains(&word)
}

fn is_block_boundary(event: &Event) -> bool {
    matches!(
        event,
        Event::Start(
            Tag::Paragraph
                | Tag::Item
                | Tag::TableCell
                | Tag::Heading { .. }
                | Tag::FootnoteDefinition(_)
        ) | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::Heading(_))
    )
}

/// Maps an offset in a run back to the body, through the piece it came from.
fn body_offset(run: &Run, offset: usize) -> usize {
    let i = run
        .pieces
        .partition_point(|(start, _)| *start <= offset)
        .saturating_sub(1);
    let (run_start, body_start) = run.pieces.get(i).copied().unwrap_or((0, 0));
    body_start + (offset - run_start)
}

/// The sentence `bounds` of `text`, split around the mention at `range`.
fn sentence_around(text: &str, bounds: (usize, usize), range: Range<usize>) -> Sentence {
    let range = range.start.min(text.len())..range.end.min(text.len());
    let (start, end) = bounds;
    let start = start.min(range.start);
    let end = end.max(range.end);
    let squash = |s: &str| {
        let mut out = String::with_capacity(s.len());
        for word in s.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        out
    };
    let mut before = squash(&text[start..range.start]);
    if text[start..range.start].ends_with(char::is_whitespace) && !before.is_empty() {
        before.push(' ');
    }
    let mut after = squash(&text[range.end..end]);
    if text[range.end..end].starts_with(char::is_whitespace) && !after.is_empty() {
        after.insert(0, ' ');
    }
    Sentence {
        before,
        mention: squash(&text[range]),
        after,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_is_cut_around_the_mention() {
        let text = "First one. Then Blinken met Sissi. Last.";
        let start = text.find("Blinken").unwrap();
        let bounds = (text.find("Then").unwrap(), text.find("Last").unwrap());
        let s = sentence_around(text, bounds, start..start + 7);
        assert_eq!(s.before, "Then ");
        assert_eq!(s.mention, "Blinken");
        assert_eq!(s.after, " met Sissi.");
    }

    #[test]
    fn sentences_do_not_break_after_abbreviations() {
        let text = "U.S. Secretary of State Antony Blinken met Gen. Smith. Then he left.";
        let found: Vec<&str> = sentences(text).map(|(s, e)| text[s..e].trim()).collect();
        assert_eq!(
            found,
            [
                "U.S. Secretary of State Antony Blinken met Gen. Smith.",
                "Then he left."
            ]
        );
    }
}
