//! Markdown to HTML, with mentions found and marked on the way.
//!
//! The body is parsed once. Adjacent text events (pulldown-cmark splits text at
//! smart quotes, entities and line breaks) are gathered into one run so a name
//! that spans them still matches; each run is handed to the matcher and written
//! back as HTML with the mention links in place. Text inside headings, links,
//! images, code, HTML blocks, and raw HTML elements that hide it
//! (`raw_html.rs`) is passed through untouched.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use super::raw_html::OpenElements;
use super::sentences::{sentence_around, sentence_holding, Sentence};
use super::texts::ArticleText;
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Diagnostics, SourceFile};
use crate::lang::script;
use crate::links::{raw_html_problems, url_problem, LinkProblem, UrlUse};
use crate::matcher::{FoundKind, NameIndex};
use crate::model::{AnnotateMode, Article, Site, Target};
use crate::pictures::{Picture, PictureSet};
use crate::text::markdown::OPTIONS;

use super::shortcode;

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
    /// Chinese and Japanese characters of text, which are read one by one
    /// rather than as words (see [`RenderedBody::reading_minutes`]).
    pub cjk_characters: usize,
    /// The article's front-matter Markdown, rendered.
    pub front: ArticleText,
}

/// Words read in a minute: the usual figure for English prose.
const WORDS_PER_MINUTE: usize = 230;
/// Chinese and Japanese characters read in a minute: the rate Hugo's
/// `ReadingTime` uses for content in those languages (`isCJKLanguage`),
/// one minute per 500 characters.
const CJK_CHARACTERS_PER_MINUTE: usize = 500;

impl RenderedBody {
    /// Minutes to read the body, rounded up, at least one: its words at
    /// [`WORDS_PER_MINUTE`] and its CJK characters at
    /// [`CJK_CHARACTERS_PER_MINUTE`].
    pub fn reading_minutes(&self) -> usize {
        let per_both = WORDS_PER_MINUTE * CJK_CHARACTERS_PER_MINUTE;
        let time = self.words * CJK_CHARACTERS_PER_MINUTE + self.cjk_characters * WORDS_PER_MINUTE;
        time.div_ceil(per_both).max(1)
    }
}

/// Everything the body renderer needs to know about the article's surroundings.
pub struct BodyContext<'a> {
    pub site: &'a Site,
    pub names: &'a NameIndex,
    pub article_index: usize,
    pub mode: AnnotateMode,
    pub entity_slugs: &'a HashMap<&'a str, usize>,
    pub pictures: &'a PictureSet,
    /// The templates, for shortcodes; `None` when they failed to load.
    pub theme: Option<&'a crate::theme::Theme>,
}

pub fn render_body(article: &Article, cx: &BodyContext) -> RenderedBody {
    match article.whole_file() {
        Ok(file) => render_file(article, &file, cx),
        Err(unreadable) => RenderedBody {
            diagnostics: vec![*unreadable],
            front: ArticleText::new(article),
            ..RenderedBody::default()
        },
    }
}

/// Renders the body of `article`, whose whole text is `file`.
fn render_file(article: &Article, file: &Arc<SourceFile>, cx: &BodyContext) -> RenderedBody {
    let mut diags = Diagnostics::new();
    let annotated: HashSet<usize> = article
        .annotations
        .iter()
        .filter_map(|a| match a.target {
            Target::Entity(e) => Some(e),
            Target::Term(_) => None,
        })
        .collect();
    let original = &file.text[article.body.clone()];
    let limits = cx.site.config.render_limits;
    let calls = shortcode::render((article, file), original, cx.theme, limits, &mut diags);
    let masked = calls.masked_body(original);
    let body = masked.as_deref().unwrap_or(original);
    let mut writer = BodyWriter {
        cx,
        article,
        file,
        annotated,
        events: Vec::new(),
        run: Run::default(),
        mentions: Mentions::default(),
        nesting: Nesting::default(),
        checks: LinkChecks::default(),
        pictures: Pictures::default(),
        shortcodes: Shortcodes::default(),
        out: RenderedBody::default(),
        diags: &mut diags,
    };
    writer.shortcodes = Shortcodes::new(calls);
    for (event, range) in Parser::new_ext(body, OPTIONS).into_offset_iter() {
        writer.event(event, range);
    }
    writer.flush_run();
    writer.finish_block();
    writer.unplaced_shortcodes();
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, writer.events.into_iter());
    let checks = writer.checks;
    let mut out = writer.out;
    out.mentions = writer.mentions.records;
    // Kept for the entity pages and `check`, for every article of the site.
    out.mentions.shrink_to_fit();
    out.unannotated.shrink_to_fit();
    out.explicit_only.shrink_to_fit();
    if !checks.raw_html.is_empty() {
        // The whole rendered body is checked, not the fragments one by one:
        // raw HTML split across blocks is still one document to a browser.
        let problems = raw_html_problems(body, &html, &checks.raw_html, &checks.refused);
        report_links((article, file), problems, &mut diags);
    }
    out.html = html;
    out.front = ArticleText::new(article);
    for record in &mut out.mentions {
        record.digest =
            crate::text::hash_of(&(record.target, record.count, &record.first_sentence));
    }
    let targets: Vec<Target> = out.mentions.iter().map(|m| m.target).collect();
    out.entities_digest = crate::text::hash_of(&targets);
    warn_unmatched(cx.site, (article, file), &out, &mut diags);
    out.diagnostics = diags.into_vec();
    out
}

/// Reports refused link targets in an article body (spans relative to the body).
fn report_links(
    (article, file): (&Article, &Arc<SourceFile>),
    problems: impl IntoIterator<Item = LinkProblem>,
    diags: &mut Diagnostics,
) {
    for p in problems {
        let at = article.body.start + p.span.start..article.body.start + p.span.end;
        diags.push(p.diagnostic(file, at));
    }
}

/// SPEC 4: an annotation that never matches is a warning naming the names tried.
fn warn_unmatched(
    site: &Site,
    (article, file): (&Article, &Arc<SourceFile>),
    body: &RenderedBody,
    diags: &mut Diagnostics,
) {
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
            .at(file, annotation.span.clone())
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

/// Text gathered from adjacent text events, with where each piece came from.
#[derive(Default)]
struct Run {
    text: String,
    /// (offset in `text`, offset in the body) for each piece.
    pieces: Vec<(usize, usize)>,
    /// Offset of the run inside the current block's text.
    block_start: usize,
}

/// The first mention of each target and the sentence it stands in.
#[derive(Default)]
struct Mentions {
    /// Plain text of the current block, for finding sentences.
    block: String,
    /// Mentions in the current block still waiting for their sentence.
    pending: Vec<(usize, Range<usize>)>,
    records: Vec<MentionRecord>,
    /// Target -> its record.
    index: HashMap<Target, usize>,
}

/// Where the writer stands among elements whose text is never matched.
#[derive(Default)]
struct Nesting {
    /// Depth of headings, links, images, code and HTML blocks.
    skip: usize,
    /// The author's raw HTML elements open here: text inside `<a>` or
    /// `<code>` is not matched, text inside `<span>` or `<em>` is.
    html: OpenElements,
    /// The text of the HTML block being read, followed once it is whole
    /// (a tag may span its lines).
    html_block: String,
    /// For each open link, whether it is an `@slug` mention and where it began in the block.
    links: Vec<Option<(usize, usize)>>,
}

impl Nesting {
    /// Whether text here is running text, to be matched.
    fn matches_text(&self) -> bool {
        self.skip == 0 && !self.html.hide_text()
    }
}

/// What the link check of the whole body needs once it is rendered.
#[derive(Default)]
struct LinkChecks {
    /// Where raw HTML stands in the body, checked for refused URLs at the end.
    raw_html: Vec<Range<usize>>,
    /// URLs of Markdown links and images already reported as refused, so the
    /// check of the whole page does not report them again.
    refused: Vec<String>,
}

/// What a Markdown image of the body shows.
enum Media<'a> {
    /// A picture of the site, at its sizes.
    Picture(&'a Picture),
    /// A video or post of another host, and the address written.
    Embed(super::embed::Embed, String),
}

/// A picture of the site being written: its alt text is gathered until
/// the image ends, and one alone in its paragraph with a title becomes a
/// figure in place of the paragraph.
#[derive(Default)]
struct Pictures<'a> {
    /// The image being read: the picture or embed, its title, its alt text so far.
    open: Option<(Media<'a>, String, String)>,
    /// Where the current paragraph starts in the events.
    paragraph: Option<usize>,
    /// A titled picture just written: its event, and the figure it becomes
    /// if nothing else shares its paragraph.
    figure: Option<(usize, String)>,
}

/// The shortcode calls of the body, rendered, and which were written.
#[derive(Default)]
struct Shortcodes {
    rendered: shortcode::Rendered,
    written: Vec<bool>,
}

impl Shortcodes {
    fn new(rendered: shortcode::Rendered) -> Self {
        let written = vec![false; rendered.calls.len()];
        Shortcodes { rendered, written }
    }
}

struct BodyWriter<'a, 'b> {
    cx: &'a BodyContext<'a>,
    article: &'a Article,
    /// The article's whole text, which the body's spans point into.
    file: &'a Arc<SourceFile>,
    /// The entities the article annotates.
    annotated: HashSet<usize>,
    events: Vec<Event<'b>>,
    run: Run,
    mentions: Mentions,
    nesting: Nesting,
    checks: LinkChecks,
    pictures: Pictures<'a>,
    shortcodes: Shortcodes,
    out: RenderedBody,
    diags: &'a mut Diagnostics,
}

impl<'a, 'b> BodyWriter<'a, 'b> {
    fn event(&mut self, event: Event<'b>, range: Range<usize>) {
        match event {
            Event::Text(text) if self.nesting.matches_text() => {
                if self.run.text.is_empty() {
                    self.run.block_start = self.mentions.block.len();
                }
                self.run.pieces.push((self.run.text.len(), range.start));
                self.run.text.push_str(&text);
                self.mentions.block.push_str(&text);
            }
            Event::SoftBreak if self.nesting.matches_text() && !self.run.text.is_empty() => {
                self.run.pieces.push((self.run.text.len(), range.start));
                self.run.text.push('\n');
                // A soft break is a space to a reader: a line feed would end
                // the sentence for the sentence splitter (same length, so
                // offsets into the run and the block still agree).
                self.mentions.block.push(' ');
            }
            other => {
                self.flush_run();
                self.other(other, range);
            }
        }
    }

    fn other(&mut self, event: Event<'b>, range: Range<usize>) {
        if self.shortcode_event(&event, &range) {
            return;
        }
        if self.pictures.open.is_some() {
            self.inside_picture(&event);
            return;
        }
        if self.picture_event(&event) {
            return;
        }
        match &event {
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with('@') => {
                self.open_mention_link(&dest_url[1..], range);
                return;
            }
            Event::End(TagEnd::Link) => {
                self.nesting.skip -= 1;
                if let Some(Some((entity, start))) = self.nesting.links.pop() {
                    self.note_mention(Target::Entity(entity), start..self.mentions.block.len());
                    self.events.push(Event::InlineHtml("</a>".into()));
                    return;
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.nesting.skip += 1;
                self.nesting.links.push(None);
                self.check_url(dest_url, UrlUse::Href, range.clone());
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                self.nesting.skip += 1;
                self.check_url(dest_url, UrlUse::Src, range.clone());
                let index = self.cx.article_index;
                let media = match self.cx.pictures.in_body(index, dest_url) {
                    Some(picture) => Some(Media::Picture(picture)),
                    None => self.embed(dest_url, range.clone()),
                };
                if let Some(media) = media {
                    self.pictures.open = Some((media, title.to_string(), String::new()));
                    return;
                }
            }
            Event::InlineHtml(tag) => {
                self.checks.raw_html.push(range.clone());
                self.nesting.html.inline(tag);
            }
            Event::Html(html) => {
                self.checks.raw_html.push(range.clone());
                self.nesting.html_block.push_str(html);
            }
            Event::Start(Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::HtmlBlock) => {
                self.nesting.skip += 1
            }
            Event::End(TagEnd::HtmlBlock) => {
                self.nesting.skip -= 1;
                let block = std::mem::take(&mut self.nesting.html_block);
                self.nesting.html.block(&block);
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Image | TagEnd::CodeBlock) => {
                self.nesting.skip -= 1
            }
            Event::Text(text) | Event::Code(text) => self.mentions.block.push_str(text),
            Event::SoftBreak | Event::HardBreak => self.mentions.block.push(' '),
            _ => {}
        }
        if is_block_boundary(&event) {
            self.finish_block();
        }
        let event = site_rooted(event, self.cx.site.config.root_path());
        self.events.push(event);
    }

    /// Writes a shortcode's HTML in place of the raw HTML that masks its
    /// call (its first piece; the others are dropped); returns whether
    /// `event` was part of a call. Inside a paragraph it is written as a
    /// sentence's part, and in place of the paragraph if alone in it.
    fn shortcode_event(&mut self, event: &Event<'b>, range: &Range<usize>) -> bool {
        let block = match event {
            Event::Html(_) => true,
            Event::InlineHtml(_) => false,
            _ => return false,
        };
        let Some((i, _)) = self.shortcodes.rendered.at(range) else {
            return false;
        };
        if std::mem::replace(&mut self.shortcodes.written[i], true) {
            return true;
        }
        let html = self.shortcodes.rendered.calls[i]
            .1
            .clone()
            .unwrap_or_default();
        if block {
            self.events.push(Event::Html(html.into()));
        } else {
            self.events.push(Event::InlineHtml(html.clone().into()));
            self.pictures.figure = Some((self.events.len() - 1, html));
        }
        true
    }

    /// A call the Markdown parser did not pass through as raw HTML (inside
    /// a quote or a list whose markers its lines lost) is reported rather
    /// than lost.
    fn unplaced_shortcodes(&mut self) {
        let Shortcodes { rendered, written } = &self.shortcodes;
        for ((call, _), written) in rendered.calls.iter().zip(written) {
            if *written {
                continue;
            }
            let start = self.article.body.start;
            let at = start + call.span.start..start + call.span.end;
            self.diags.push(
                Diagnostic::error(
                    Code::BadShortcode,
                    &self.article.file.path,
                    format!("the call of `{}` cannot be placed here", call.name),
                )
                .at(self.file, at)
                .with_label("this shortcode call")
                .with_help("write the call on one line, in a paragraph of its own or inside a sentence, outside quotes and lists"),
            );
        }
    }

    /// An event inside an image of the site: its alt text, or its end.
    fn inside_picture(&mut self, event: &Event<'b>) {
        let Some((_, _, alt)) = &mut self.pictures.open else {
            return;
        };
        match event {
            Event::Text(text) | Event::Code(text) => {
                alt.push_str(text);
                self.mentions.block.push_str(text);
            }
            Event::SoftBreak | Event::HardBreak => alt.push(' '),
            Event::End(TagEnd::Image) => {
                self.nesting.skip -= 1;
                if let Some(open) = self.pictures.open.take() {
                    self.write_picture(open);
                }
            }
            _ => {}
        }
    }

    /// The embed an image's address names, if any; an address of a known
    /// host that names no video or post is reported.
    fn embed(&mut self, url: &str, range: Range<usize>) -> Option<Media<'a>> {
        match super::embed::embed(url)? {
            Ok(embed) => Some(Media::Embed(embed, url.to_string())),
            Err(not) => {
                let at = self.article.body.start + range.start..self.article.body.start + range.end;
                self.diags.push(
                    Diagnostic::error(
                        Code::NotEmbeddable,
                        &self.article.file.path,
                        format!("this {} address names no video or post to embed", not.host.name()),
                    )
                    .at(self.file, at)
                    .with_label("this embed")
                    .with_help(format!(
                        "copy the address of the video or post itself, in one of the forms {}; to link to a page, write `[text](URL)`",
                        not.forms
                    )),
                );
                None
            }
        }
    }

    /// Writes an embed: alone in its paragraph, the whole box; inside a
    /// sentence, a link to the original.
    fn write_embed(&mut self, embed: &super::embed::Embed, url: &str, alt: &str) {
        let alt = super::picture::published_alt(alt);
        let figure = super::embed::embed_html(embed, url, alt);
        let (mut href, mut text) = (String::new(), String::new());
        let _ = escape_href(&mut href, url);
        let _ = escape_html(&mut text, alt);
        let link = format!("<a href=\"{href}\" rel=\"external\">{text}</a>");
        self.events.push(Event::InlineHtml(link.into()));
        self.pictures.figure = Some((self.events.len() - 1, figure));
    }

    /// Writes a picture of the site, or an embed; a picture with a title
    /// may become a figure.
    fn write_picture(&mut self, (media, title, alt): (Media<'a>, String, String)) {
        let picture = match media {
            Media::Picture(picture) => picture,
            Media::Embed(embed, url) => return self.write_embed(&embed, &url, &alt),
        };
        let config = &self.cx.site.config;
        let markup = |title| super::picture::Markup {
            alt: super::picture::published_alt(&alt),
            sizes: super::picture::COLUMN,
            lazy: true,
            title,
        };
        let plain = |title| super::picture::picture_html(config, picture, &markup(title));
        if title.trim().is_empty() {
            self.events.push(Event::InlineHtml(plain(None).into()));
            return;
        }
        let figure = super::picture::figure_html(&plain(None), &title);
        self.events
            .push(Event::InlineHtml(plain(Some(title.as_str())).into()));
        self.pictures.figure = Some((self.events.len() - 1, figure));
    }

    /// Keeps track of paragraphs, and turns one that holds nothing but a
    /// titled picture into its figure; returns whether `event` was used.
    fn picture_event(&mut self, event: &Event<'b>) -> bool {
        match event {
            Event::Start(Tag::Paragraph) => {
                self.pictures.paragraph = Some(self.events.len());
                self.pictures.figure = None;
                false
            }
            Event::End(TagEnd::Paragraph) => {
                let start = self.pictures.paragraph.take();
                let Some((at, figure)) = self.pictures.figure.take() else {
                    return false;
                };
                let alone = start.is_some_and(|p| at == p + 1 && self.events.len() == p + 2);
                if alone {
                    self.events.truncate(at - 1);
                    self.events.push(Event::Html(figure.into()));
                    self.finish_block();
                }
                alone
            }
            _ => false,
        }
    }

    fn check_url(&mut self, url: &str, what: UrlUse, range: Range<usize>) {
        if let Some(problem) = url_problem(url, what, range) {
            self.checks.refused.push(url.to_string());
            report_links((self.article, self.file), Some(problem), self.diags);
        }
    }

    fn open_mention_link(&mut self, slug: &str, range: Range<usize>) {
        self.nesting.skip += 1;
        let Some(&entity) = self.cx.entity_slugs.get(slug) else {
            let at = self.article.body.start + range.start;
            let mut diagnostic = Diagnostic::error(
                Code::NoMentionedEntity,
                &self.article.file.path,
                format!("no entity `{slug}`"),
            )
            .at(self.file, at..self.article.body.start + range.end)
            .with_label("this `@` link names no entity");
            diagnostic = match did_you_mean(slug, self.cx.entity_slugs.keys().copied()) {
                Some(s) => diagnostic.with_help(format!("did you mean `@{s}`?")),
                None => diagnostic.with_help(format!(
                    "create `content/entities/{slug}.md`, or fix the slug"
                )),
            };
            self.diags.push(diagnostic);
            self.nesting.links.push(None);
            self.events.push(Event::InlineHtml("<a>".into()));
            return;
        };
        if !self.annotated.contains(&entity) && !self.out.explicit_only.contains(&entity) {
            self.out.explicit_only.push(entity);
        }
        self.nesting
            .links
            .push(Some((entity, self.mentions.block.len())));
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
        let found = self
            .cx
            .names
            .find(&run.text, self.cx.article_index, |e| annotated.contains(&e));
        let mut html = String::with_capacity(run.text.len() + 64);
        let mut last = 0;
        let dir = match crate::lang::is_rtl(&self.cx.site.config.language) {
            true => "rtl",
            false => "ltr",
        };
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
            let found = &run.text[f.range.clone()];
            // A Latin name in Arabic text (or the reverse) is isolated, so
            // that the punctuation after it stays where the page puts it.
            let isolate = script::runs_against(found, dir);
            html.push_str(if isolate { "<bdi>" } else { "" });
            let _ = escape_html(&mut html, found);
            html.push_str(if isolate { "</bdi></a>" } else { "</a>" });
            last = f.range.end;
        }
        let _ = escape_html(&mut html, &run.text[last..]);
        self.events.push(Event::InlineHtml(CowStr::from(html)));
    }

    /// Counts a mention; returns whether it is the first of its target.
    fn note_mention(&mut self, target: Target, block_range: Range<usize>) -> bool {
        match self.mentions.index.get(&target) {
            Some(&i) => {
                self.mentions.records[i].count += 1;
                false
            }
            None => {
                self.mentions
                    .index
                    .insert(target, self.mentions.records.len());
                self.mentions.records.push(MentionRecord {
                    target,
                    count: 1,
                    first_sentence: Sentence::default(),
                    digest: 0,
                });
                self.mentions
                    .pending
                    .push((self.mentions.records.len() - 1, block_range));
                true
            }
        }
    }

    /// At the end of a block, cuts the sentence of each first mention out of its text.
    fn finish_block(&mut self) {
        // An element left open ends with its block, as a browser ends it.
        self.nesting.html.end_block();
        if !self.mentions.pending.is_empty() {
            // Pending mentions are in text order. Each sentence is looked
            // for from a little before its mention, not from the start of
            // the block: splitting sentences by Unicode's rules was a tenth
            // of a build.
            let block = &self.mentions.block;
            let mut last: Option<(usize, usize)> = None;
            for (record, range) in self.mentions.pending.drain(..) {
                let bounds = match last {
                    Some((start, end)) if (start..end).contains(&range.start) => (start, end),
                    _ => sentence_holding(block, range.start, last.map_or(0, |(_, end)| end)),
                };
                last = Some(bounds);
                self.mentions.records[record].first_sentence =
                    sentence_around(block, bounds, range);
            }
        }
        let (words, cjk) = crate::lang::script::reading_counts(&self.mentions.block);
        self.out.words += words;
        self.out.cjk_characters += cjk;
        self.mentions.block.clear();
    }
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
