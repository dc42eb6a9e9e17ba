//! Stage 1, load: walk `content/`, read every file once and decode its front matter
//! into typed documents. Nothing here knows about other files; cross-file rules
//! (slugs, collisions, annotations) belong to the resolve stage.

pub mod config;
pub mod frontmatter;
mod history;
pub mod moves;
pub mod record;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde_yaml::Value;
use walkdir::WalkDir;

use crate::diagnostics::SourceFile;
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Diagnostics};
use crate::fsutil::{leaves_site, read_capped, real_path, relative};
use crate::links::{link_problems, LinkProblem};
use crate::model::{
    ArticleMeta, Author, Correction, Date, Kind, Link, PictureSpec, Role, SiteConfig, SourceCredit,
    Written, DECORATIVE,
};
use crate::spill::{Spill, Stored};
use crate::text::slugify;
use frontmatter::{split, strip_location, Fields};
use moves::{take_redirect_from, SiteMoves};
use record::Record;

pub const ARTICLE_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "summary",
    "authors",
    "source",
    "image",
    "tags",
    "draft",
    "slug",
    "template",
    "annotations",
    "corrections",
    "redirect_from",
    "translation_of",
    "extra",
];

/// What an entity's translation (`antony-blinken.ar.md`) may give: the
/// words a reader of that language reads. Kind, links, roles' dates and the
/// Wikidata id are the entity's, in its file in the default language.
pub const ENTITY_TRANSLATION_KEYS: &[&str] = &["name", "aliases", "summary"];

pub const ENTITY_KEYS: &[&str] = &[
    "name",
    "kind",
    "aliases",
    "summary",
    "links",
    "roles",
    "wikidata",
    "image",
    "redirect_from",
];

pub const AUTHOR_KEYS: &[&str] = &["name", "role", "links", "image"];

/// The folder of author files, inside `content/`.
pub const AUTHORS_FOLDER: &str = "authors";

pub(crate) const DATE_HELP: &str =
    "write `YYYY-MM-DD` (2024-09-19) or RFC 3339 (2024-09-19T14:30:00Z)";

/// An entity file, decoded but not yet checked against the rest of the site.
#[derive(Debug)]
pub struct EntityDoc {
    pub file: Arc<SourceFile>,
    pub slug: String,
    pub name: String,
    pub kind: Kind,
    pub aliases: Vec<String>,
    pub summary: String,
    pub links: Vec<Link>,
    pub roles: Vec<Role>,
    pub wikidata: Option<String>,
    pub redirect_from: Vec<Written<String>>,
    pub image: Option<PictureSpec>,
    pub body: Range<usize>,
    /// For an entity in another edition's language, read from its
    /// translation (`file`): the file in the default language, which gives
    /// its kind, links and roles.
    pub original: Option<Arc<SourceFile>>,
}

/// An author file, `content/authors/SLUG.md`: what a byline's page says
/// of the person besides their explainers. Its slug is the file name, the
/// name of `authors:` made a slug.
#[derive(Debug)]
pub struct AuthorDoc {
    pub file: Arc<SourceFile>,
    pub slug: String,
    pub name: String,
    pub role: Option<String>,
    pub links: Vec<Link>,
    pub image: Option<PictureSpec>,
    /// The bio.
    pub body: Range<usize>,
}

/// An entity's name, aliases, summary and body in one more language
/// (`content/entities/people/antony-blinken.ar.md`).
#[derive(Debug)]
pub struct EntityTranslationDoc {
    pub file: Arc<SourceFile>,
    /// The slug of the entity it translates: its file name without the suffix.
    pub slug: String,
    pub lang: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub summary: String,
    pub body: Range<usize>,
}

/// One `annotations:` entry as written.
#[derive(Debug, Clone)]
pub enum AnnotationSpec {
    Entity {
        slug: String,
        aliases: Vec<String>,
        note: Option<String>,
        span: Range<usize>,
    },
    Term {
        name: String,
        aliases: Vec<String>,
        definition: String,
        span: Range<usize>,
    },
}

#[derive(Debug)]
pub struct ArticleDoc {
    pub file: Arc<SourceFile>,
    /// Path inside `content/`, e.g. `articles/blinken-egypt.md`.
    pub rel_path: PathBuf,
    pub body: Range<usize>,
    pub meta: ArticleMeta,
    pub tags: Vec<String>,
    /// The value of `slug:`, and where it is written.
    pub slug: Option<(String, Range<usize>)>,
    /// The value of `template:`, and where the key is written.
    pub template: Option<(String, Range<usize>)>,
    pub annotations: Vec<AnnotationSpec>,
    pub redirect_from: Vec<Written<String>>,
    /// The edition's language, from the file's suffix (`x.ar.md`); `None`
    /// for the default edition.
    pub lang: Option<String>,
    /// `translation_of:`, the slug of the original, and where it is written.
    pub translation_of: Option<(String, Range<usize>)>,
    /// A hash of the whole text, taken while it is all in memory.
    pub text_hash: u64,
    /// Whether the body has a Markdown image (`![`): the pictures pass
    /// reads no other body.
    pub pictures_in_body: bool,
    /// The body from its first byte on, when a one-off build keeps it on
    /// disk until the pass that renders it; `file` then holds the front
    /// matter only (see [`ArticleDoc::spill_body`]).
    pub spilled_body: Option<Stored>,
}

impl ArticleDoc {
    /// Moves the body out of memory into `spill`, keeping the front matter,
    /// which every stage before the body's render and their errors read.
    /// At 100,000 articles the bodies are most of a gigabyte, and moving
    /// them as each file is read keeps them from ever being all in memory.
    pub fn spill_body(&mut self, spill: &Arc<Spill>) -> std::io::Result<()> {
        if self.spilled_body.is_some() {
            return Ok(());
        }
        let text = &self.file.text;
        let at = spill.put(&text[self.body.start..])?;
        let head = SourceFile::new(self.file.path.clone(), &text[..self.body.start]);
        self.file = Arc::new(head);
        self.spilled_body = Some(Stored::Spilled(Arc::clone(spill), at));
        Ok(())
    }
}

/// Everything read from disk. Documents are shared so that `serve` can keep
/// the unchanged ones between rebuilds.
#[derive(Debug)]
pub struct Loaded {
    pub config: SiteConfig,
    /// `redirects:` and `gone:` of site.yaml.
    pub moves: Arc<SiteMoves>,
    /// The URLs published so far, when the site has a record.
    pub record: Option<Arc<Record>>,
    /// The site's own `static/_redirects`, which gloss writes with its rules after these.
    pub host_rules: Option<Arc<str>>,
    pub entities: Vec<Arc<EntityDoc>>,
    pub entity_translations: Vec<Arc<EntityTranslationDoc>>,
    pub articles: Vec<Arc<ArticleDoc>>,
    pub authors: Vec<Arc<AuthorDoc>>,
}

/// One content file, decoded.
#[derive(Debug, Clone)]
pub enum Doc {
    Entity(Arc<EntityDoc>),
    EntityTranslation(Arc<EntityTranslationDoc>),
    Article(Arc<ArticleDoc>),
    Author(Arc<AuthorDoc>),
}

/// Sorts documents into entities and articles.
pub fn assemble(
    (config, moves): (SiteConfig, Arc<SiteMoves>),
    record: Option<Arc<Record>>,
    docs: impl IntoIterator<Item = Doc>,
) -> Loaded {
    let mut loaded = Loaded {
        config,
        moves,
        record,
        host_rules: None,
        entities: Vec::new(),
        entity_translations: Vec::new(),
        articles: Vec::new(),
        authors: Vec::new(),
    };
    for doc in docs {
        match doc {
            Doc::Entity(e) => loaded.entities.push(e),
            Doc::EntityTranslation(t) => loaded.entity_translations.push(t),
            Doc::Article(a) => loaded.articles.push(a),
            Doc::Author(a) => loaded.authors.push(a),
        }
    }
    loaded
}

/// Every Markdown file under `root/content`, skipping hidden ones.
pub fn content_files(root: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let content = root.join("content");
    let mut paths = Vec::new();
    if !content.is_dir() {
        diags.push(
            Diagnostic::error(Code::NoContent, "content", "there is no `content/` folder")
                .with_help(
                "create `content/` with your articles, or pass the site folder with `--root DIR`",
            ),
        );
        return paths;
    }
    let real_root = real_path(root);
    let mut outside = Vec::new();
    for entry in WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            (e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
                && !leaves_site(&real_root, e, &mut outside)
        })
    {
        match entry {
            // Special files are kept, to be refused when read (G0120).
            Ok(entry) if is_content_file(entry.path()) && !entry.file_type().is_dir() => {
                paths.push(entry.into_path());
            }
            Ok(_) => {}
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| PathBuf::from("content"));
                diags.push(
                    Diagnostic::error(
                        Code::Unreadable,
                        path,
                        format!("cannot read content: {err}"),
                    )
                    .with_help("check the file's permissions, or remove the symbolic link loop"),
                );
            }
        }
    }
    diags.extend(outside.iter().map(|path| outside_link(root, path)));
    paths
}

/// The error for a FIFO, socket or device (`kind`) where a file is read.
pub fn not_regular_file(shown: impl Into<PathBuf>, kind: &str) -> Diagnostic {
    Diagnostic::error(
        Code::NotRegularFile,
        shown,
        format!("not a regular file: it is {kind}"),
    )
    .with_help("replace it with an ordinary file; gloss reads only regular files, since reading a pipe or a device could wait forever")
}

pub fn outside_link(root: &Path, path: &Path) -> Diagnostic {
    Diagnostic::error(
        Code::LinkOutsideSite,
        relative(root, path),
        "symbolic link points outside the site folder",
    )
    .with_help("copy what it points to into the site, or remove the link")
}

/// A Markdown file that is not hidden.
pub fn is_content_file(path: &Path) -> bool {
    path.extension().is_some_and(|x| x == "md")
        && !path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// Reads and decodes one content file; what it finds wrong comes back with
/// it. `languages` are the declared editions' tags, the default first
/// (empty for a site in one language, where a file name has no suffix).
pub fn load_file(root: &Path, path: &Path, languages: &[String]) -> (Option<Doc>, Diagnostics) {
    crate::fault::isolate(relative(root, path), || {
        decode_file(root, path, None, languages)
    })
    .unwrap_or_else(|error| (None, Diagnostics::from_one(*error)))
}

/// Decodes `text` as the content file at `path`, as if it were on disk:
/// an editor's unsaved text (`gloss lsp`).
pub fn load_text(
    root: &Path,
    path: &Path,
    text: &str,
    languages: &[String],
) -> (Option<Doc>, Diagnostics) {
    crate::fault::isolate(relative(root, path), || {
        decode_file(root, path, Some(text), languages)
    })
    .unwrap_or_else(|error| (None, Diagnostics::from_one(*error)))
}

/// The edition of a file named `rel` (`articles/x.ar.md` -> `ar`; `None`
/// for the default) and its path without the suffix; or the undeclared
/// tag its name ends in.
fn edition_of(rel: &Path, languages: &[String]) -> Result<(Option<String>, PathBuf), String> {
    let unchanged = Ok((None, rel.to_path_buf()));
    if languages.is_empty() {
        return unchanged;
    }
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let Some((name, suffix)) = crate::lang::split_suffix(&stem) else {
        return unchanged;
    };
    let Ok(tag) = crate::lang::check_tag(suffix) else {
        return unchanged;
    };
    let without = rel.with_file_name(format!("{name}.md"));
    match languages.iter().position(|l| *l == tag) {
        Some(0) => Ok((None, without)),
        Some(_) => Ok((Some(tag), without)),
        None => Err(tag),
    }
}

/// Error G0141: a file whose name ends in a language the site does not publish.
fn undeclared_language(file: &Arc<SourceFile>, tag: &str, languages: &[String]) -> Diagnostic {
    Diagnostic::error(
        Code::UndeclaredLanguage,
        &file.path,
        format!(
            "the file's name ends in `.{tag}`, but site.yaml declares the languages {}",
            languages.join(", ")
        ),
    )
    .at(file, 0..0)
    .with_label("a file in an undeclared language")
    .with_help(format!(
        "add `{tag}` to `languages:` in site.yaml, or rename the file without `.{tag}`"
    ))
}

fn decode_file(
    root: &Path,
    path: &Path,
    given: Option<&str>,
    languages: &[String],
) -> (Option<Doc>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let content = root.join("content");
    let shown = relative(root, path);
    let text = match given {
        Some(text) if text.len() as u64 > MAX_FILE => Err(Box::new(file_too_large(shown.clone()))),
        Some(text) => Ok(text.to_string()),
        None => read_text(path, shown.clone()),
    };
    let text = match text {
        Ok(text) => text,
        Err(diagnostic) => {
            diags.push(*diagnostic);
            return (None, diags);
        }
    };
    let file = Arc::new(SourceFile::new(shown, text));
    if let Some(diagnostic) = too_large(&file) {
        diags.push(diagnostic);
        return (None, diags);
    }
    let rel = path.strip_prefix(&content).unwrap_or(path).to_path_buf();
    let (lang, rel) = match edition_of(&rel, languages) {
        Ok(found) => found,
        Err(tag) => {
            diags.push(undeclared_language(&file, &tag, languages));
            return (None, diags);
        }
    };
    let cx = (languages, lang);
    let doc = if path.starts_with(content.join("entities")) {
        let stem = rel.file_stem().map(|s| s.to_string_lossy().into_owned());
        load_entity_file(&file, &stem.unwrap_or_default(), cx, &mut diags)
    } else if path.starts_with(content.join(AUTHORS_FOLDER)) {
        load_author(&file, path, &mut diags).map(|a| Doc::Author(Arc::new(a)))
    } else {
        load_article(&file, rel, cx, &mut diags).map(|a| Doc::Article(Arc::new(a)))
    };
    (doc, diags)
}

/// The text of a content file, or the error that stops it being read.
fn read_text(path: &Path, shown: PathBuf) -> Result<String, Box<Diagnostic>> {
    let read = match read_capped(path, MAX_FILE) {
        Ok(Some(bytes)) => String::from_utf8(bytes).map_err(|err| {
            let at = err.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(err.as_bytes()).into_owned();
            let file = Arc::new(SourceFile::new(shown, lossy));
            Diagnostic::error(Code::NotUtf8, &file.path, "file is not valid UTF-8")
                .at(&file, at..at + 1)
                .with_help("save the file as UTF-8")
        }),
        Ok(None) => Err(file_too_large(shown)),
        Err(err) => Err(match crate::fsutil::not_regular(&err) {
            Some(kind) => not_regular_file(shown, kind),
            None => Diagnostic::error(Code::Unreadable, shown, format!("cannot read file: {err}")),
        }),
    };
    read.map_err(Box::new)
}

fn file_too_large(shown: PathBuf) -> Diagnostic {
    Diagnostic::error(
        Code::TooLarge,
        shown,
        format!("file is over {} MiB", MAX_FILE >> 20),
    )
    .with_help(SIZE_HELP)
}

/// The largest body and front matter gloss reads: far beyond any explainer,
/// and small enough that a stray data file in `content/` fails at once
/// instead of slowing every build.
pub const MAX_BODY: usize = 1 << 20;
pub const MAX_FRONT_MATTER: usize = 64 << 10;
const MAX_FILE: u64 = (MAX_BODY + MAX_FRONT_MATTER + 1024) as u64;
const SIZE_HELP: &str =
    "split the text into several articles, or move data files out of `content/`";

/// A front matter over 64 KiB or a body over 1 MiB, reported where it starts.
fn too_large(file: &Arc<SourceFile>) -> Option<Diagnostic> {
    let parts = split(&file.text).ok().flatten()?;
    let (what, span, limit) = if parts.yaml.len() > MAX_FRONT_MATTER {
        ("front matter", 0..3, "64 KiB")
    } else if parts.body.len() > MAX_BODY {
        ("body", parts.body.start..parts.body.start, "1 MiB")
    } else {
        return None;
    };
    Some(
        Diagnostic::error(
            Code::TooLarge,
            &file.path,
            format!("{what} is over {limit}"),
        )
        .at(file, span)
        .with_label(format!("this {what} is too long"))
        .with_help(SIZE_HELP),
    )
}

/// Splits a file and opens its front matter, reporting a missing or unclosed fence.
fn open_front_matter<'a>(
    file: &'a Arc<SourceFile>,
    example: &str,
    diags: &'a mut Diagnostics,
) -> Option<(Fields<'a>, Range<usize>)> {
    match split(&file.text) {
        Ok(Some(parts)) => Fields::parse(file, parts.yaml, diags).map(|f| (f, parts.body)),
        Ok(None) if file.text.trim().is_empty() => {
            diags.push(
                Diagnostic::error(Code::NoFrontMatter, &file.path, "file is empty")
                    .at(file, 0..0)
                    .with_help(format!(
                        "write front matter and text, e.g.\n---\n{example}\n---\n\nText."
                    )),
            );
            None
        }
        Ok(None) => {
            diags.push(
                Diagnostic::error(Code::NoFrontMatter, &file.path, "file has no front matter")
                    .at(file, 0..0)
                    .with_label("expected `---` on the first line")
                    .with_help(format!(
                        "start the file with front matter, e.g.\n---\n{example}\n---"
                    )),
            );
            None
        }
        Err(at) => {
            diags.push(
                Diagnostic::error(
                    Code::UnclosedFrontMatter,
                    &file.path,
                    "front matter is never closed",
                )
                .at(file, at..at + 3)
                .with_label("this `---` has no closing `---`")
                .with_help("add a line with `---` after the last front-matter key"),
            );
            None
        }
    }
}

/// An entity file, or its translation into another edition's language.
fn load_entity_file(
    file: &Arc<SourceFile>,
    stem: &str,
    (languages, lang): (&[String], Option<String>),
    diags: &mut Diagnostics,
) -> Option<Doc> {
    match lang {
        None => load_entity(file, stem, languages, diags).map(|e| Doc::Entity(Arc::new(e))),
        Some(lang) => load_entity_translation(file, stem, lang, diags)
            .map(|t| Doc::EntityTranslation(Arc::new(t))),
    }
}

/// `antony-blinken.ar.md`: the entity's words in one more language.
fn load_entity_translation(
    file: &Arc<SourceFile>,
    stem: &str,
    lang: String,
    diags: &mut Diagnostics,
) -> Option<EntityTranslationDoc> {
    let example = "name: أنتوني بلينكن\nsummary: وزير الخارجية الأمريكي.";
    let (mut f, body) = open_front_matter(file, example, diags)?;
    let name = f.require::<String>("name", "the entity's name in this language");
    let aliases = f
        .take::<Vec<String>>("aliases", "a list of other names in this language")
        .unwrap_or_default();
    let summary = f.require::<String>("summary", "one sentence, in this language");
    check_names(&mut f, "name", name.iter());
    check_names(&mut f, "aliases", aliases.iter());
    if let Some(summary) = &summary {
        check_inline_links(&mut f, "summary", summary);
    }
    check_body_links(&mut f, file, &body);
    f.finish(ENTITY_TRANSLATION_KEYS);
    Some(EntityTranslationDoc {
        file: Arc::clone(file),
        slug: slugify(stem),
        lang,
        name: name.unwrap_or_default(),
        aliases,
        summary: summary.unwrap_or_default(),
        body,
    })
}

fn load_entity(
    file: &Arc<SourceFile>,
    stem: &str,
    languages: &[String],
    diags: &mut Diagnostics,
) -> Option<EntityDoc> {
    let example = "name: Hamas\nkind: organization\nsummary: Palestinian Islamist group.";
    let (mut f, body) = open_front_matter(file, example, diags)?;
    let name = f.require::<String>(
        "name",
        "the entity's name as it appears in text, e.g. `name: Hamas`",
    );
    let kind = take_kind(&mut f);
    let aliases = f
        .take::<Vec<String>>(
            "aliases",
            "a list of other names, e.g. `aliases: [Islamic Resistance Movement]`",
        )
        .unwrap_or_default();
    let summary = f.require::<String>("summary", "one sentence that says who or what this is");
    let links = take_links(&mut f);
    let roles = history::take_roles(&mut f, languages);
    let wikidata = history::take_wikidata(&mut f);
    let image = take_image(&mut f, false);
    let redirect_from = take_redirect_from(&mut f);
    check_names(&mut f, "name", name.iter());
    check_names(&mut f, "aliases", aliases.iter());
    if let Some(summary) = &summary {
        check_inline_links(&mut f, "summary", summary);
    }
    check_body_links(&mut f, file, &body);
    let slug = slugify(stem);
    if let Some(len) = crate::urls::long_segment(&crate::urls::entity(&slug)) {
        push_long_slug(
            &mut f,
            None,
            format!("the file name makes a URL segment of {len} characters"),
            "rename the file to the entity's name in a few words: an entity's slug is its file name",
        );
    }
    f.finish(ENTITY_KEYS);
    // A missing field has been reported; the entity still takes part in
    // resolving so that the run reports every other mistake too.
    Some(EntityDoc {
        file: Arc::clone(file),
        slug,
        name: name.unwrap_or_default(),
        kind: kind.unwrap_or(Kind::Other),
        aliases,
        summary: summary.unwrap_or_default(),
        links,
        roles,
        wikidata,
        redirect_from,
        image,
        body,
        original: None,
    })
}

fn load_author(file: &Arc<SourceFile>, path: &Path, diags: &mut Diagnostics) -> Option<AuthorDoc> {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let example = "name: Jane Doe\nrole: Diplomatic correspondent";
    let (mut f, body) = open_front_matter(file, example, diags)?;
    let name = f.require::<String>(
        "name",
        "the name as bylines write it, e.g. `name: Jane Doe`",
    );
    let role = f.take::<String>(
        "role",
        "what the author does, e.g. `role: Diplomatic correspondent`",
    );
    let links = take_links(&mut f);
    let image = take_image(&mut f, false);
    check_names(&mut f, "name", name.iter());
    check_body_links(&mut f, file, &body);
    let slug = Author::slug_of(&stem).unwrap_or_default();
    if let Some(name) = &name {
        if Author::slug_of(name).as_deref() != Some(slug.as_str()) {
            let span = f.span_of("name");
            f.error_at(
                span,
                format!("the file `{stem}.md` is not the author named `{name}`"),
                &format!(
                    "name the file after the byline: `content/{AUTHORS_FOLDER}/{}.md` for `{name}`",
                    Author::slug_of(name).unwrap_or_default()
                ),
            );
        }
    }
    f.finish(AUTHOR_KEYS);
    Some(AuthorDoc {
        file: Arc::clone(file),
        slug,
        name: name.unwrap_or_default(),
        role,
        links,
        image,
        body,
    })
}

/// The required `kind:`; an unknown kind is reported with the known ones.
fn take_kind(f: &mut Fields) -> Option<Kind> {
    let kind = f.require::<String>("kind", "one of person, organization, place, event, other");
    kind.and_then(|k| match Kind::parse(&k) {
        Some(kind) => Some(kind),
        None => {
            let span = f.span_of("kind");
            let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
            let help = match did_you_mean(&k, kinds.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? kinds are {}", kinds.join(", ")),
                None => format!("kinds are {}", kinds.join(", ")),
            };
            f.error_at(span, format!("unknown kind `{k}`"), &help);
            None
        }
    })
}

/// The `links:` that are http(s) URLs, in order; the others are reported.
fn take_links(f: &mut Fields) -> Vec<Link> {
    let links = f
        .take::<indexmap::IndexMap<String, String>>(
            "links",
            "label -> URL, e.g. `links: { Wikipedia: \"https://...\" }`",
        )
        .unwrap_or_default();
    let mut checked_links = Vec::new();
    for (label, url) in links {
        if check_url(f, "links", &url) {
            checked_links.push(Link { label, url });
        }
    }
    checked_links
}

/// Refused link targets in the Markdown body, reported where they are written.
fn check_body_links(f: &mut Fields, file: &Arc<SourceFile>, body: &Range<usize>) {
    for p in link_problems(&file.text[body.clone()], true) {
        let at = body.start + p.span.start..body.start + p.span.end;
        f.diags().push(refused_link(file, at, p));
    }
}

/// An empty name would match everywhere; refuse it where it is written.
fn check_names<'s>(f: &mut Fields, key: &str, names: impl Iterator<Item = &'s String>) {
    for name in names {
        if name.trim().is_empty() {
            let span = f.span_of(key);
            f.error_at(
                span,
                format!("empty name in `{key}`"),
                "remove it or write the name",
            );
        }
    }
}

/// Refused link targets in a Markdown string from front matter (a summary, a
/// note, a definition), reported where the string is written under `key`.
fn check_inline_links(f: &mut Fields, key: &str, text: &str) {
    for p in link_problems(text, false) {
        let span = f.span_within(key, &text[p.span.clone()]);
        let file = Arc::clone(f.file);
        f.diags().push(refused_link(&file, span, p));
    }
}

fn refused_link(file: &Arc<SourceFile>, span: Range<usize>, p: LinkProblem) -> Diagnostic {
    Diagnostic::error(Code::RefusedLink, &file.path, p.message)
        .at(file, span)
        .with_label("this link")
        .with_help(p.help)
}

/// Links must be absolute http(s) URLs; reports and returns false otherwise.
fn check_url(f: &mut Fields, key: &str, url: &str) -> bool {
    let ok = crate::text::is_http_url(url) && !url.contains(char::is_whitespace);
    if !ok {
        let span = f.span_within(key, url);
        f.error_at(
            span,
            format!("`{url}` is not an http(s) URL"),
            "write the full address, starting with https://",
        );
    }
    ok
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityAnnotation {
    entity: String,
    #[serde(default)]
    aliases: Vec<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermAnnotation {
    term: String,
    #[serde(default)]
    aliases: Vec<String>,
    definition: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceFields {
    name: String,
    url: Option<String>,
}

fn load_article(
    file: &Arc<SourceFile>,
    rel_path: PathBuf,
    (_, lang): (&[String], Option<String>),
    diags: &mut Diagnostics,
) -> Option<ArticleDoc> {
    let (mut f, body) =
        open_front_matter(file, "title: Blinken in Egypt\ndate: 2024-09-19", diags)?;
    let title = f.require::<String>("title", "the headline, e.g. `title: Blinken in Egypt`");
    let date = take_date(&mut f, "date");
    let updated = take_date(&mut f, "updated");
    let summary = f.take::<String>("summary", "one or two sentences for lists and feeds");
    let authors = f
        .take::<Vec<String>>("authors", "a list of names, e.g. `authors: [Jane Doe]`")
        .unwrap_or_default();
    let source = take_source(&mut f);
    let image = take_image(&mut f, true);
    let tags = f
        .take::<Vec<String>>("tags", "a list of words, e.g. `tags: [gaza, diplomacy]`")
        .unwrap_or_default();
    check_tags(&mut f, &tags);
    let draft = f
        .take::<bool>("draft", "`draft: true` or `draft: false`")
        .unwrap_or(false);
    let slug = take_slug(&mut f);
    check_address(&mut f, &rel_path, slug.as_ref());
    let template = take_template(&mut f);
    if let Some(summary) = &summary {
        check_inline_links(&mut f, "summary", summary);
    }
    let annotations = take_annotations(&mut f);
    check_annotation_links(&mut f, &annotations);
    let corrections = history::take_corrections(&mut f);
    check_corrections(&mut f, date, &corrections);
    let redirect_from = take_redirect_from(&mut f);
    let translation_of = take_translation_of(&mut f, lang.is_some());
    let extra = f
        .take::<Value>("extra", "a mapping of free-form values")
        .unwrap_or(Value::Mapping(Default::default()));
    f.finish(ARTICLE_KEYS);
    Some(ArticleDoc {
        text_hash: crate::text::hash_of(&file.text),
        pictures_in_body: file.text[body.clone()].contains("!["),
        spilled_body: None,
        file: Arc::clone(file),
        rel_path,
        body,
        meta: ArticleMeta {
            // Reported when missing; kept so later stages can report more.
            title: title.unwrap_or_default(),
            date,
            updated,
            summary,
            authors,
            source,
            image,
            draft,
            corrections,
            extra,
        },
        tags,
        slug,
        template,
        annotations,
        redirect_from,
        lang,
        translation_of,
    })
}

/// `translation_of:`, the slug of the article this one translates; only a
/// file of another edition than the default one can be a translation.
fn take_translation_of(f: &mut Fields, translated: bool) -> Option<(String, Range<usize>)> {
    let slug = f.take::<String>(
        "translation_of",
        "the slug of the original article, e.g. `translation_of: blinken-egypt`",
    )?;
    let span = f.span_of("translation_of");
    if !translated {
        f.error_at(
            span,
            "an article of the default edition is an original, not a translation",
            "name the file with its language suffix (`blinken-egypt.ar.md`), or remove `translation_of:`",
        );
        return None;
    }
    Some((slug, span))
}

/// The `source:` credit; a URL that is not http(s) is reported and dropped.
fn take_source(f: &mut Fields) -> Option<SourceCredit> {
    f.take::<SourceFields>(
        "source",
        "e.g. `source: { name: Voice of America, url: \"https://...\" }`",
    )
    .map(|s| SourceCredit {
        url: s.url.filter(|url| check_url(f, "source", url)),
        name: s.name,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImageFields {
    src: String,
    alt: Option<String>,
    credit: Option<String>,
    caption: Option<String>,
}

const IMAGE_HELP: &str = "e.g. `image: { src: harbor.jpg, alt: \"Cranes over the harbor at dawn\", credit: \"Photo: Jane Doe\", caption: \"...\" }`";

/// The `image:` picture. Its alt text is required (`-` marks it
/// decorative); so is a credit on an article's lead picture (`lead`).
fn take_image(f: &mut Fields, lead: bool) -> Option<PictureSpec> {
    let fields = f.take::<ImageFields>("image", IMAGE_HELP)?;
    let span = f.span_of("image");
    let file = Arc::clone(f.file);
    let filled = |text: Option<String>| text.filter(|t| !t.trim().is_empty());
    let alt = match filled(fields.alt) {
        Some(alt) if alt.trim() == DECORATIVE => String::new(),
        Some(alt) => alt,
        None => {
            f.diags().push(
                Diagnostic::error(Code::MissingAlt, &file.path, "this picture has no alt text")
                    .at(&file, span.clone())
                    .with_label("no `alt:`")
                    .with_help("say what the picture shows for readers who cannot see it, e.g. `alt: \"Cranes over the harbor at dawn\"`; write `alt: \"-\"` only for a decorative picture"),
            );
            String::new()
        }
    };
    let credit = filled(fields.credit);
    if lead && credit.is_none() {
        f.diags().push(
            Diagnostic::error(Code::MissingCredit, &file.path, "this lead picture has no credit")
                .at(&file, span.clone())
                .with_label("no `credit:`")
                .with_help("name who made the picture, e.g. `credit: \"Photo: Jane Doe / Reuters\"`; a picture made for the story is credited too (`credit: \"Illustration: the desk\"`)"),
        );
    }
    let caption = filled(fields.caption);
    if let Some(caption) = &caption {
        check_inline_links(f, "image", caption);
    }
    Some(PictureSpec {
        src: fields.src,
        alt,
        credit,
        caption,
        span,
    })
}

/// The `slug:` value with its span; one that cannot be a URL segment is reported.
fn take_slug(f: &mut Fields) -> Option<(String, Range<usize>)> {
    let slug = f
        .take::<String>("slug", "the last URL segment, e.g. `slug: blinken-egypt`")
        .map(|s| (s, f.span_of("slug")));
    if let Some((slug, span)) = &slug {
        if slug.contains('/') || crate::text::slugify(slug).trim_matches('-').is_empty() {
            f.error_at(
                span.clone(),
                format!("`{slug}` cannot be a URL segment"),
                "use letters, digits and hyphens, e.g. `slug: blinken-egypt`",
            );
        }
    }
    slug
}

/// More tags than this on one article is most likely a list pasted by
/// mistake: a reader browses by a handful of topics, and each tag is a page
/// of its own that lists the article.
pub const MANY_TAGS: usize = 100;

/// Warns about an article with over [`MANY_TAGS`] tags, at its `tags:` key;
/// a tag too long to be a folder name is an error, at the tag.
fn check_tags(f: &mut Fields, tags: &[String]) {
    let mut cursor = 0;
    for tag in tags {
        let span = f.span_within_from("tags", tag, cursor);
        cursor = span.end;
        if let Some(len) = crate::urls::long_segment(&crate::urls::tag(&slugify(tag))) {
            let shown: String = tag.chars().take(40).collect();
            let message = format!("the tag `{shown}…` makes a URL segment of {len} characters");
            push_long_slug(f, Some(span), message, "shorten the tag to the few words of a topic: each tag is a folder of the output (`tags/TAG/`)");
        }
    }
    if tags.len() > MANY_TAGS {
        let span = f.key_span("tags");
        let file = Arc::clone(f.file);
        f.diags().push(
            Diagnostic::warning(
                Code::ManyTags,
                &file.path,
                format!("{} tags on one article; more than {MANY_TAGS} is unusual", tags.len()),
            )
            .at(&file, span)
            .with_label("these tags")
            .with_help(format!(
                "keep the few topics a reader would browse by (at most {MANY_TAGS}): each tag is a page that lists this article"
            )),
        );
    }
}

/// Refuses an article address with a segment too long to be a folder name,
/// at `slug:` when that makes it, else on the file (its name or a folder's).
fn check_address(f: &mut Fields, rel_path: &Path, slug: Option<&(String, Range<usize>)>) {
    let path = crate::urls::article(rel_path, slug.map(|(s, _)| s.as_str()));
    let Some(len) = crate::urls::long_segment(&path) else {
        return;
    };
    match slug {
        Some((value, span)) if slugify(value).len() == len => push_long_slug(
            f,
            Some(span.clone()),
            format!("the slug makes a URL segment of {len} characters"),
            "shorten it to a few words, e.g. `slug: blinken-egypt`: the slug is a folder name in the output",
        ),
        _ => push_long_slug(
            f,
            None,
            format!("the file's path makes a URL segment of {len} characters"),
            "rename the file (or its folder) to a few words, or give the article a short `slug:`",
        ),
    }
}

/// Error G0116: a URL segment over [`crate::urls::MAX_SEGMENT`], which
/// would fail only when written, as "File name too long".
fn push_long_slug(f: &mut Fields, span: Option<Range<usize>>, message: String, help: &str) {
    let file = Arc::clone(f.file);
    let message = format!("{message}; the limit is {}", crate::urls::MAX_SEGMENT);
    let mut diagnostic = Diagnostic::error(Code::LongSlug, &file.path, message).with_help(help);
    if let Some(span) = span {
        diagnostic = diagnostic.at(&file, span).with_label("too long");
    }
    f.diags().push(diagnostic);
}

/// The `template:` name with the span of its key; one not ending in `.html` is reported.
fn take_template(f: &mut Fields) -> Option<(String, Range<usize>)> {
    let template = f
        .take::<String>(
            "template",
            "a template file name, e.g. `template: article.html`",
        )
        .map(|t| (t, f.key_span("template")));
    if let Some((name, _)) = &template {
        // Tera escapes what it prints only in templates named `.html`.
        if !name.ends_with(".html") {
            f.error_at(
                f.span_of("template"),
                format!("`{name}` is not an `.html` template"),
                "name templates `NAME.html`: only those escape the text they print",
            );
        }
    }
    template
}

/// Refused links in the annotations' notes and definitions.
fn check_annotation_links(f: &mut Fields, annotations: &[AnnotationSpec]) {
    for spec in annotations {
        match spec {
            AnnotationSpec::Entity {
                note: Some(text), ..
            }
            | AnnotationSpec::Term {
                definition: text, ..
            } => check_inline_links(f, "annotations", text),
            AnnotationSpec::Entity { note: None, .. } => {}
        }
    }
}

/// Corrections dated before the article, then refused links in their text.
fn check_corrections(f: &mut Fields, date: Option<Date>, corrections: &[Correction]) {
    if let Some(published) = date {
        for correction in corrections
            .iter()
            .filter(|c| c.date.value < published.value)
        {
            let span = f.span_within("corrections", &correction.date.iso());
            f.error_at(
                span,
                format!(
                    "a correction dated {} comes before the article's date, {}",
                    correction.date.iso(),
                    published.iso()
                ),
                "a correction is dated the day it was made, on or after `date:`",
            );
        }
    }
    for correction in corrections {
        check_inline_links(f, "corrections", &correction.text);
    }
}

fn take_date(f: &mut Fields, key: &str) -> Option<Date> {
    let text = f.take::<String>(key, DATE_HELP)?;
    let date = Date::parse(&text);
    if date.is_none() {
        let span = f.span_of(key);
        f.error_at(span, format!("`{text}` is not a date"), DATE_HELP);
    }
    date
}

const ANNOTATION_HELP: &str =
    "each entry is an entity slug, `{ entity: SLUG, aliases: [...], note: ... }` or `{ term: NAME, aliases: [...], definition: ... }`";

fn take_annotations(f: &mut Fields) -> Vec<AnnotationSpec> {
    // Each entry is found by its slug, or by the value of its `term:` or
    // `entity:` key (that word itself when the value is not a string).
    let entries = f.take_list("annotations", ANNOTATION_HELP, |entry| match entry {
        Value::String(slug) => Some(slug.clone()),
        Value::Mapping(map) => {
            let key = if map.contains_key("term") {
                "term"
            } else {
                "entity"
            };
            Some(
                map.get(key)
                    .and_then(Value::as_str)
                    .unwrap_or(key)
                    .to_string(),
            )
        }
        _ => None,
    });
    let mut specs: Vec<AnnotationSpec> = entries
        .into_iter()
        .filter_map(|(entry, span)| match annotation(entry, span.clone()) {
            Ok(spec) => Some(spec),
            Err((message, help)) => {
                f.error_at(span, message, help);
                None
            }
        })
        .collect();
    // Kept until resolve for every article of the site: no spare room.
    specs.shrink_to_fit();
    specs
}

/// One `annotations:` entry, or what is wrong with it and how to fix it.
fn annotation(entry: Value, span: Range<usize>) -> Result<AnnotationSpec, (String, &'static str)> {
    let invalid = |what: &str, err: serde_yaml::Error| {
        let message = format!("invalid {what}: {}", strip_location(&err.to_string()));
        (message, ANNOTATION_HELP)
    };
    match entry {
        Value::String(slug) => Ok(AnnotationSpec::Entity {
            slug,
            aliases: Vec::new(),
            note: None,
            span,
        }),
        Value::Mapping(map) if map.contains_key("term") => {
            let t = serde_yaml::from_value::<TermAnnotation>(Value::Mapping(map))
                .map_err(|err| invalid("term annotation", err))?;
            if has_empty_name(&t.term, &t.aliases) {
                return Err((
                    "empty name in a term annotation".into(),
                    "give the term a name and remove empty entries from its `aliases:`",
                ));
            }
            Ok(AnnotationSpec::Term {
                name: t.term,
                aliases: t.aliases,
                definition: t.definition,
                span,
            })
        }
        Value::Mapping(map) => {
            let e = serde_yaml::from_value::<EntityAnnotation>(Value::Mapping(map))
                .map_err(|err| invalid("annotation", err))?;
            if has_empty_name("-", &e.aliases) {
                return Err((
                    "empty name in this annotation's `aliases:`".into(),
                    "remove the empty entry, or write the name the text uses",
                ));
            }
            Ok(AnnotationSpec::Entity {
                slug: e.entity,
                aliases: e.aliases,
                note: e.note,
                span,
            })
        }
        _ => Err((
            "an annotation must be a slug or a mapping".into(),
            ANNOTATION_HELP,
        )),
    }
}

/// A name that is empty or only spaces would match nothing, or everything.
fn has_empty_name(name: &str, aliases: &[String]) -> bool {
    std::iter::once(name)
        .chain(aliases.iter().map(String::as_str))
        .any(|n| n.trim().is_empty())
}
