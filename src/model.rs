//! The resolved site: plain data that the render stage reads and never changes.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::diagnostics::{Code, Diagnostic, SourceFile};
use crate::spill::Stored;

/// What an entity is; shown at a glance on cards and pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Person,
    Organization,
    Place,
    Event,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Person,
        Kind::Organization,
        Kind::Place,
        Kind::Event,
        Kind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Organization => "organization",
            Kind::Place => "place",
            Kind::Event => "event",
            Kind::Other => "other",
        }
    }

    /// Heading of the kind's group on the A-Z index.
    pub fn plural_label(self) -> &'static str {
        match self {
            Kind::Person => "People",
            Kind::Organization => "Organizations",
            Kind::Place => "Places",
            Kind::Event => "Events",
            Kind::Other => "Other",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnnotateMode {
    First,
    All,
}

/// `site.yaml` with its defaults applied.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    /// As written, without a trailing slash (`https://example.org/news`, or empty for "/").
    pub base_url: String,
    pub description: String,
    /// The language of this edition (of the site, when it has one).
    pub language: String,
    /// The declared editions' languages, the default first (`languages:`
    /// in site.yaml); empty for a site in one language.
    pub languages: Vec<crate::lang::Language>,
    /// Which of `languages` this edition is; 0, the default, at the root.
    pub edition: usize,
    /// `language:` as site.yaml writes it, if it does.
    pub written_language: Option<String>,
    /// The site's own theme words, by language (`i18n/LANG.yaml`).
    pub word_overrides: std::collections::BTreeMap<String, crate::lang::words::Words>,
    /// The theme's words in this edition's language, overrides applied.
    pub words: Arc<crate::lang::words::Words>,
    pub annotate: AnnotateMode,
    pub output_dir: PathBuf,
    pub extra: serde_yaml::Value,
    /// Whether to build the offline search index (`search:` in site.yaml).
    pub search: bool,
    /// How many entries a page of a list shows: the index, an entity's
    /// explainers, a tag's (`paginate_by:` in site.yaml).
    pub paginate_by: usize,
    /// How many entities a page of the who's who shows
    /// (`entities_per_page:` in site.yaml).
    pub entities_per_page: usize,
    /// The day of the build: roles that ended before it read "then ...", and
    /// the news sitemap holds the articles of the two days before it. Set
    /// from `SOURCE_DATE_EPOCH` when given, for reproducible builds.
    pub today: chrono::NaiveDate,
    /// The build time `SOURCE_DATE_EPOCH` gives; `None` builds as of the clock.
    pub epoch: Option<chrono::DateTime<chrono::Utc>>,
    /// What one page's render may take (`render_limits:` in site.yaml).
    pub render_limits: crate::budget::Limits,
}

impl SiteConfig {
    /// The theme's words for `language`, the site's overrides applied.
    pub fn words_for(&self, language: &str) -> crate::lang::words::Words {
        crate::lang::words::for_language(language, self.word_overrides.get(language))
    }

    /// A theme word of this edition; the key itself if there is no such word.
    pub fn word<'a>(&'a self, key: &'a str) -> &'a str {
        self.words.get(key).map_or(key, String::as_str)
    }

    /// The time of the build: `SOURCE_DATE_EPOCH`, else now. An article
    /// dated after it is embargoed.
    pub fn build_time(&self) -> chrono::DateTime<chrono::Utc> {
        self.epoch.unwrap_or_else(chrono::Utc::now)
    }

    /// The path part of `base_url` without a trailing slash: where the
    /// site's shared files (styles, scripts, the author's images) are.
    pub fn root_path(&self) -> &str {
        match self.base_url.find("://") {
            Some(scheme_end) => {
                let rest = &self.base_url[scheme_end + 3..];
                rest.find('/').map_or("", |i| &rest[i..])
            }
            None => &self.base_url,
        }
    }

    /// Where this edition's pages are: the root path, then `/LANG` for an
    /// edition other than the default one.
    pub fn base_path(&self) -> String {
        format!("{}{}", self.root_path(), self.prefix_of(self.edition))
    }

    /// `` for the default edition, `/ar` for the others.
    pub fn prefix_of(&self, edition: usize) -> String {
        self.tag_of(edition)
            .map(|tag| format!("/{tag}"))
            .unwrap_or_default()
    }

    /// The language tag of an edition other than the default one.
    fn tag_of(&self, edition: usize) -> Option<&str> {
        match self.languages.get(edition) {
            Some(language) if edition > 0 => Some(&language.tag),
            _ => None,
        }
    }

    /// Whether the site has several editions.
    pub fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// A site path of edition `edition` as an absolute URL when the base allows it.
    pub fn permalink_in(&self, edition: usize, path: &str) -> String {
        let prefixed = format!("{}{path}", self.prefix_of(edition));
        if self.has_absolute_base() {
            format!("{}{prefixed}", self.base_url)
        } else {
            format!("{}{prefixed}", self.root_path())
        }
    }

    /// Whether feeds and the sitemap can carry absolute URLs.
    pub fn has_absolute_base(&self) -> bool {
        crate::text::is_http_url(&self.base_url)
    }

    /// A site path such as `/entities/hamas/` as a link inside the site.
    pub fn link(&self, path: &str) -> String {
        // Every link of every page comes through here: one allocation
        // rather than the three of `base_path` and a `format!`.
        let root = self.root_path();
        let tag = self.tag_of(self.edition);
        let mut link = String::with_capacity(root.len() + 1 + tag.map_or(0, str::len) + path.len());
        link.push_str(root);
        if let Some(tag) = tag {
            link.push('/');
            link.push_str(tag);
        }
        link.push_str(path);
        link
    }

    /// A site path as an absolute URL when the base allows it.
    pub fn permalink(&self, path: &str) -> String {
        self.permalink_in(self.edition, path)
    }
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Explainers".into(),
            base_url: String::new(),
            description: String::new(),
            language: "en".into(),
            languages: Vec::new(),
            edition: 0,
            written_language: None,
            word_overrides: Default::default(),
            words: Arc::new(crate::lang::words::for_language("en", None)),
            annotate: AnnotateMode::First,
            output_dir: PathBuf::from("public"),
            extra: serde_yaml::Value::Mapping(Default::default()),
            search: true,
            paginate_by: 20,
            entities_per_page: 500,
            today: chrono::Utc::now().date_naive(),
            epoch: None,
            render_limits: crate::budget::Limits::default(),
        }
    }
}

/// A date from front matter; `date_only` keeps `2024-09-19` from showing a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    pub value: DateTime<FixedOffset>,
    pub date_only: bool,
}

impl Date {
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        if let Ok(day) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            let midnight = day.and_hms_opt(0, 0, 0)?;
            let utc = FixedOffset::east_opt(0)?;
            return Some(Date {
                value: midnight.and_local_timezone(utc).single()?,
                date_only: true,
            });
        }
        DateTime::parse_from_rfc3339(text).ok().map(|value| Date {
            value,
            date_only: false,
        })
    }

    /// `2024-09-19` or the full RFC 3339 form, for `<time datetime>` and feeds.
    pub fn iso(&self) -> String {
        if self.date_only {
            self.value.format("%Y-%m-%d").to_string()
        } else {
            self.value.to_rfc3339()
        }
    }

    /// `September 19, 2024`, `19 سبتمبر 2024`: the day, for readers of
    /// `language`, through ICU4X.
    pub fn display(&self, language: &str) -> String {
        let day = self.value.date_naive();
        crate::lang::format::date(language, day)
    }

    /// `September 19, 2024, 06:00 (UTC-04:00)` when a time is given: the
    /// moment an embargo lifts, in the zone it was written in.
    pub fn display_moment(&self, language: &str) -> String {
        if self.date_only {
            return self.display(language);
        }
        let time = self.value.format("%H:%M (UTC%:z)");
        format!("{}, {time}", self.display(language))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub label: String,
    pub url: String,
}

/// An office or position an entity held, for cards that stay true over time.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Role {
    pub title: String,
    /// The title in other languages (`title: { ar: ..., es: ... }`), by tag.
    pub titles: Vec<(String, String)>,
    /// The first day in the role; `None` when not known.
    pub from: Option<Date>,
    /// The day it ended; `None` while it lasts.
    pub until: Option<Date>,
}

impl Role {
    fn held_on(&self, day: chrono::NaiveDate) -> bool {
        self.from.is_none_or(|f| f.value.date_naive() <= day)
            && self.until.is_none_or(|u| day < u.value.date_naive())
    }

    fn ended_by(&self, day: chrono::NaiveDate) -> bool {
        self.until.is_some_and(|u| u.value.date_naive() <= day)
    }
}

/// What a card says of an entity's role on one day, seen from today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleAsOf<'a> {
    /// Held on that day and still held: "U.S. Secretary of State".
    Current(&'a Role),
    /// Held on that day, ended since: "then U.S. Secretary of State".
    Then(&'a Role),
    /// Ended before that day: "former U.S. Secretary of State".
    Former(&'a Role),
}

/// The role to show for `day` (an article's date), of `roles` sorted oldest
/// first: the latest one held that day, else the latest that had ended.
pub fn role_as_of(
    roles: &[Role],
    day: chrono::NaiveDate,
    today: chrono::NaiveDate,
) -> Option<RoleAsOf<'_>> {
    if let Some(role) = roles.iter().rev().find(|r| r.held_on(day)) {
        return Some(if role.ended_by(today) {
            RoleAsOf::Then(role)
        } else {
            RoleAsOf::Current(role)
        });
    }
    roles
        .iter()
        .filter(|r| r.ended_by(day))
        .max_by_key(|r| r.until.map(|u| u.value))
        .map(RoleAsOf::Former)
}

/// A correction appended to an article after publication.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Correction {
    pub date: Date,
    /// Inline Markdown, as written.
    pub text: String,
}

/// A picture named in front matter (`image:` of an article or an entity),
/// as written; the pictures stage finds its file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PictureSpec {
    /// A path from the site's root (`/img/harbor.jpg`, a file of `static/`)
    /// or from the document's folder (`harbor.jpg`).
    pub src: String,
    /// Empty for a decorative picture (written `alt: "-"`).
    pub alt: String,
    pub credit: Option<String>,
    /// Inline Markdown, as written.
    pub caption: Option<String>,
    /// Where the value of `image:` is written.
    pub span: Range<usize>,
}

/// The alt text that marks a picture as decorative: it is published as
/// `alt=""`, which tells screen readers to pass over it. An empty alt text
/// is an error instead, since it is far more often forgotten than meant.
pub const DECORATIVE: &str = "-";

#[derive(Debug, Clone, Serialize)]
pub struct SourceCredit {
    pub name: String,
    pub url: Option<String>,
}

#[derive(Debug)]
pub struct Entity {
    /// A hash of the entity's file: pages that show its card or summary change when it does.
    pub version: u64,
    pub slug: String,
    /// The page's file in the output, `entities/hamas/index.html`.
    pub output: Arc<str>,
    pub name: String,
    pub kind: Kind,
    pub aliases: Vec<String>,
    /// Inline Markdown, as written.
    pub summary: String,
    /// Byte range of the Markdown body inside `file.text`.
    pub body: Range<usize>,
    pub links: Vec<Link>,
    /// Oldest first.
    pub roles: Vec<Role>,
    /// A Wikidata item id such as `Q1065`.
    pub wikidata: Option<String>,
    /// Old addresses of the page (`redirect_from:`), as site paths.
    pub redirect_from: Vec<Written<String>>,
    /// A portrait or a logo (`image:`).
    pub image: Option<PictureSpec>,
    pub file: Arc<SourceFile>,
}

impl Entity {
    pub fn path(&self) -> String {
        crate::urls::entity(&self.slug)
    }

    /// The name and every alias: what the matcher looks for everywhere.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// Someone who writes the explainers: a name of `authors:`, with what an
/// author file (`content/authors/SLUG.md`) adds.
#[derive(Debug, Clone)]
pub struct Author {
    /// The name made a slug: `Jane Doe` is `jane-doe`.
    pub slug: String,
    pub name: String,
    pub role: Option<String>,
    pub links: Vec<Link>,
    pub image: Option<PictureSpec>,
    /// The author file and the byte range of its body, the bio.
    pub file: Option<(Arc<SourceFile>, Range<usize>)>,
    /// The person entity of the same name: a reporter quoted in a story is
    /// one person, with one identity for search engines.
    pub entity: Option<usize>,
    /// A hash of everything the author's page shows of the author.
    pub version: u64,
}

impl Author {
    pub fn path(&self) -> String {
        crate::urls::author(&self.slug)
    }

    /// The slug of an author's name, when it can be a URL segment.
    pub fn slug_of(name: &str) -> Option<String> {
        Self::slug_by(name, crate::text::slugify)
    }

    /// The slug the rule before transliteration gave the name
    /// ([`crate::text::slugify_before_transliteration`]).
    pub fn slug_before_transliteration(name: &str) -> Option<String> {
        Self::slug_by(name, crate::text::slugify_before_transliteration)
    }

    fn slug_by(name: &str, slugify: fn(&str) -> String) -> Option<String> {
        let slug = slugify(name.trim());
        // `Gloss Desk U.N. team` is `gloss-desk-u-n-team`, not `u-n--team`.
        let words: Vec<&str> = slug.split('-').filter(|w| !w.is_empty()).collect();
        let slug = words.join("-");
        let fits = !slug.is_empty() && crate::urls::long_segment(&slug).is_none();
        fits.then_some(slug)
    }
}

/// A glossary term defined inside one article; it has no page of its own.
#[derive(Debug, Clone)]
pub struct Term {
    pub slug: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// Inline Markdown, as written.
    pub definition: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// Index into `Site::entities`.
    Entity(usize),
    /// Index into the article's `terms`.
    Term(usize),
}

/// One entry of an article's `annotations:` after resolution.
#[derive(Debug, Clone)]
pub struct Annotation {
    pub target: Target,
    /// Extra names matched in this article only (for terms: the term's own aliases).
    pub aliases: Vec<String>,
    /// Inline Markdown, as written.
    pub note: Option<String>,
    /// Where the annotation is written in the front matter.
    pub span: Range<usize>,
}

#[derive(Debug)]
pub struct Article {
    /// The article's file; only its front matter when the body is spilled.
    pub file: Arc<SourceFile>,
    /// A hash of the file and its URL: the article's own page changes only when it does.
    pub version: u64,
    /// A hash of what lists show of the article (title, URL, dates, summary,
    /// authors, tags): index, tag and entity pages change only when it does.
    pub list_version: u64,
    /// Byte range of the Markdown body inside the file's text.
    pub body: Range<usize>,
    /// The rest of the file from the body on, when a one-off build keeps it
    /// on disk until the pass that renders it (see `ArticleDoc::spill_body`).
    pub spilled_body: Option<Stored>,
    /// Whether the body has a Markdown image (`![`).
    pub pictures_in_body: bool,
    /// Site path such as `/articles/blinken-egypt/`.
    pub path: String,
    /// The page's file in the output, `articles/blinken-egypt/index.html`.
    pub output: Arc<str>,
    pub meta: ArticleMeta,
    /// Tag names as written, with their URL slugs.
    pub tags: Vec<(String, String)>,
    /// The template that renders the page, and where `template:` is written.
    pub template: String,
    pub template_at: Option<Range<usize>>,
    /// Where the value of `slug:` is written, if the front matter has one.
    pub slug_at: Option<Range<usize>>,
    pub annotations: Vec<Annotation>,
    pub terms: Vec<Term>,
    /// A hash of the names the article adds to the site's name index (its
    /// annotations' own aliases and its terms); 0 when it adds none.
    pub names_version: u64,
    /// Old addresses of the page (`redirect_from:`), as site paths.
    pub redirect_from: Vec<Written<String>>,
}

/// What an article's front matter says of it, as written; loaded, then
/// carried to the pages unchanged.
#[derive(Debug, Clone)]
pub struct ArticleMeta {
    pub title: String,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub summary: Option<String>,
    pub authors: Vec<String>,
    pub source: Option<SourceCredit>,
    /// The lead picture (`image:`).
    pub image: Option<PictureSpec>,
    pub draft: bool,
    /// Oldest first.
    pub corrections: Vec<Correction>,
    pub extra: serde_yaml::Value,
}

impl Article {
    /// The last change readers were told of: `updated:` or the latest
    /// correction, whichever is later; `None` when neither is given.
    pub fn modified(&self) -> Option<Date> {
        let meta = &self.meta;
        meta.updated
            .into_iter()
            .chain(meta.corrections.iter().map(|c| c.date))
            .max_by_key(|d| d.value)
    }

    /// The article's whole file, body included: read back from the spill
    /// when the body is there. Spans of the body point into this text.
    pub fn whole_file(&self) -> Result<Arc<SourceFile>, Box<Diagnostic>> {
        let Some(body) = &self.spilled_body else {
            return Ok(Arc::clone(&self.file));
        };
        let body = body.text().map_err(|err| {
            let message =
                format!("cannot read back the body from the build's temporary file: {err}");
            Box::new(
                Diagnostic::error(Code::CannotWrite, &self.file.path, message)
                    .with_help("check the space and permissions of the temporary folder ($TMPDIR)"),
            )
        })?;
        let mut text = String::with_capacity(self.file.text.len() + body.len());
        text.push_str(&self.file.text);
        text.push_str(&body);
        Ok(Arc::new(SourceFile::new(self.file.path.clone(), text)))
    }

    /// Dated articles are listed on the index, tags and feeds; undated ones are plain pages.
    pub fn is_listed(&self) -> bool {
        self.meta.date.is_some()
    }
}

/// Everything the render stage needs, resolved and checked.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    pub entities: Arc<Vec<Entity>>,
    /// A hash of every entity's slug, names and kind: what article bodies and
    /// lists of entity links depend on (summaries and bodies are not in it).
    pub names_version: u64,
    /// Sorted newest first; undated pages last, by path.
    pub articles: Vec<Arc<Article>>,
    /// A hash of the articles' files in their order: while it is the same
    /// from one run to the next, every article is in the place it was, and
    /// one whose key is not found there has changed (see `in_place.rs`).
    /// 0 when not known.
    pub order: u64,
    /// The articles left out because they are dated after the build time.
    pub next_embargo: Option<Embargo>,
    /// The moment articles are published against: dated after it, an
    /// article is embargoed.
    pub build_time: chrono::DateTime<chrono::Utc>,
    /// Everyone named in `authors:`, and the author files; by slug.
    pub authors: Vec<Author>,
    /// Old addresses that lead to the pages now holding them.
    pub redirects: Vec<Redirect>,
    /// Addresses removed on purpose (`gone:` in site.yaml), answered with 410.
    pub gone: Vec<Written<String>>,
    /// The site's own `static/_redirects`: gloss writes its rules after these.
    pub host_rules: Option<Arc<str>>,
    /// The rules of the other editions' old addresses, which the one
    /// `/_redirects` at the root holds too: the default edition's only.
    pub edition_rules: Option<Arc<str>>,
    /// Which articles are translations of which, across every edition.
    pub translations: Arc<Translations>,
}

/// The articles that are one story in several editions: each page knows its
/// alternates from here (hreflang, the language switcher, JSON-LD).
#[derive(Debug, Default)]
pub struct Translations {
    /// Each story: (edition, site path) of its original and translations.
    groups: Vec<Vec<(usize, String)>>,
    by_page: rustc_hash::FxHashMap<(usize, String), usize>,
}

impl Translations {
    /// Adds one story, original first.
    pub fn add(&mut self, pages: Vec<(usize, String)>) {
        let group = self.groups.len();
        for (edition, path) in &pages {
            self.by_page.insert((*edition, path.clone()), group);
        }
        self.groups.push(pages);
    }

    /// The editions of the article at `path` of `edition`, itself included,
    /// original first; empty when it has no translation.
    pub fn of(&self, edition: usize, path: &str) -> &[(usize, String)] {
        match self.by_page.get(&(edition, path.to_string())) {
            Some(&group) => &self.groups[group],
            None => &[],
        }
    }
}

impl Site {
    /// The author named `name` in `authors:`, as an index into `authors`.
    pub fn author(&self, name: &str) -> Option<usize> {
        let slug = Author::slug_of(name)?;
        self.authors.binary_search_by(|a| a.slug.cmp(&slug)).ok()
    }

    /// Whether `article`, built with `--future`, is still under embargo.
    pub fn is_embargoed(&self, article: &Article) -> bool {
        article.meta.date.is_some_and(|d| d.value > self.build_time)
    }
}

/// A value from a source file, with the file and the span it is written at,
/// for the errors about it.
#[derive(Debug, Clone)]
pub struct Written<T> {
    pub value: T,
    pub file: Arc<SourceFile>,
    pub span: Range<usize>,
}

/// An old address kept working: it leads to the page that holds its content now.
#[derive(Debug, Clone)]
pub struct Redirect {
    /// The old site path, and where it is written (`redirect_from:` or
    /// `redirects:` in site.yaml).
    pub from: Written<String>,
    /// The site path it leads to.
    pub to: String,
    /// For an old feed: the feed written at the old address too, since
    /// feed readers do not follow an HTML redirect.
    pub feed_of: Option<FeedOf>,
}

/// Whose feed an old feed address is.
#[derive(Debug, Clone, Copy, Hash)]
pub enum FeedOf {
    /// An entity's (index into `Site::entities`).
    Entity(usize),
    /// An author's (index into `Site::authors`).
    Author(usize),
}

/// The next embargo to lift: the earliest date of the articles left out
/// because they are dated after the build time.
#[derive(Debug, Clone)]
pub struct Embargo {
    pub until: chrono::DateTime<chrono::FixedOffset>,
    /// How many articles wait.
    pub waiting: usize,
    /// Whether this run builds them anyway, with a banner (`--future`).
    pub previewed: bool,
}

impl std::fmt::Display for Embargo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = if self.waiting == 1 { "" } else { "s" };
        let (until, waiting) = (self.until.to_rfc3339(), self.waiting);
        if self.previewed {
            write!(f, "Next embargo lifts at {until} ({waiting} article{s} under embargo, shown with a banner until then)")
        } else {
            write!(f, "Next embargo lifts at {until} ({waiting} article{s} waiting; `--future` shows them now)")
        }
    }
}
