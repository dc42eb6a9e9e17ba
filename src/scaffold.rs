//! `gloss new` and `gloss init`: starting files that build at once. Nothing
//! here overwrites an existing file.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::model::Kind;

#[derive(Debug)]
pub enum ScaffoldError {
    /// The file is already there; nothing was written.
    Exists(PathBuf),
    /// `init` into a folder that has files in it.
    NotEmpty(PathBuf),
    UnknownKind(String),
    /// A title or name (or `--slug`) with no letter a-z or digit, so no file
    /// name: `content/articles/.md` would be hidden, and never read.
    NoFileName {
        /// What was given: `title`, `name` or `--slug`.
        what: &'static str,
        text: String,
        /// The command again, with `--slug`.
        example: String,
    },
    /// A `--slug` over the length of a URL segment.
    LongSlug(String),
    /// `--lang` names no edition after the default one; `declared` are
    /// site.yaml's `languages:`, the default first.
    Language {
        tag: String,
        declared: Vec<String>,
    },
    /// `--translation-of` names no article of the default edition.
    NoOriginal {
        slug: String,
        near: Option<String>,
    },
    /// site.yaml cannot be read; its first error, as `gloss check` prints it.
    Site(String),
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScaffoldError::Exists(path) => {
                write!(f, "{} already exists; nothing was written", path.display())
            }
            ScaffoldError::NotEmpty(path) => write!(
                f,
                "{} is not empty; `gloss init` only creates a site in a new or empty folder",
                path.display()
            ),
            ScaffoldError::UnknownKind(kind) => {
                let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                write!(f, "unknown kind `{kind}`; use one of {}", kinds.join(", "))
            }
            ScaffoldError::NoFileName {
                what,
                text,
                example,
            } => write!(
                f,
                "the {what} `{text}` makes no file name: it has no letter a-z or digit; nothing was written\n  help: name the file with --slug: `{example}`"
            ),
            ScaffoldError::LongSlug(slug) => write!(
                f,
                "--slug `{slug}` is over {} characters; nothing was written\n  help: a few words are enough, e.g. --slug blinken-egypt",
                crate::urls::MAX_SEGMENT
            ),
            ScaffoldError::Language { tag, declared } => language_error(f, tag, declared),
            ScaffoldError::NoOriginal { slug, near } => {
                write!(f, "`--translation-of {slug}` names no article of the default edition; nothing was written\n  help: ")?;
                match near {
                    Some(near) => write!(f, "did you mean `--translation-of {near}`?"),
                    None => write!(f, "give the last part of the original's URL (`/articles/SLUG/`)"),
                }
            }
            ScaffoldError::Site(rendered) => write!(
                f,
                "site.yaml has an error; nothing was written\n{}",
                rendered.trim_end()
            ),
            ScaffoldError::Io(path, err) => write!(f, "cannot write {}: {err}", path.display()),
        }
    }
}

/// Why `--lang TAG` names no edition a new file can be written in.
fn language_error(
    f: &mut std::fmt::Formatter<'_>,
    tag: &str,
    declared: &[String],
) -> std::fmt::Result {
    match declared {
        [] | [_] => write!(
            f,
            "`--lang {tag}`: this site has one edition; nothing was written\n  help: declare its editions in site.yaml first, the default first: `languages: [en, {tag}]`"
        ),
        [default, ..] if default == tag => write!(
            f,
            "`--lang {tag}` is the default edition's language, whose files have no language suffix; nothing was written\n  help: leave out `--lang`"
        ),
        [_, others @ ..] => write!(
            f,
            "`--lang {tag}` is not an edition of this site (site.yaml declares {}); nothing was written\n  help: use one of {}, or add `{tag}` to `languages:` in site.yaml",
            declared.join(", "),
            others.join(", ")
        ),
    }
}

/// A file name from a title: lowercase words joined by single hyphens.
pub fn file_slug(title: &str) -> String {
    crate::text::slugify(title)
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The file name (without `.md`) for `gloss new`: from `--slug` when given,
/// else from the title or name, cut after a whole word to fit a URL segment.
fn file_name(
    given: Option<&str>,
    what: &'static str,
    text: &str,
    example: impl Fn(&str) -> String,
) -> Result<String, ScaffoldError> {
    let (what, text) = match given {
        Some(slug) => ("--slug", slug),
        None => (what, text),
    };
    let slug = file_slug(text);
    if slug.is_empty() {
        let hint = if what == "--slug" {
            "cease-fire-talks"
        } else {
            "a-few-words"
        };
        return Err(ScaffoldError::NoFileName {
            what,
            text: text.to_string(),
            example: example(hint),
        });
    }
    let max = crate::urls::MAX_SEGMENT;
    if slug.len() <= max {
        return Ok(slug);
    }
    if given.is_some() {
        return Err(ScaffoldError::LongSlug(text.to_string()));
    }
    // A pasted paragraph as a title: gloss would refuse the file name (G0116).
    let cut = slug[..=max].rfind('-').unwrap_or(max);
    Ok(slug[..cut].to_string())
}

/// Quotes a value for YAML (titles often hold colons and quotes).
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
}

/// Writes `path` only if it does not exist yet.
fn create(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| ScaffoldError::Io(parent.to_path_buf(), e))?;
    }
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => ScaffoldError::Exists(path.to_path_buf()),
            _ => ScaffoldError::Io(path.to_path_buf(), e),
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| ScaffoldError::Io(path.to_path_buf(), e))
}

/// `gloss new article "Title" [--slug SLUG]`: a draft dated today.
pub fn new_article(
    root: &Path,
    title: &str,
    slug: Option<&str>,
    today: chrono::NaiveDate,
) -> Result<PathBuf, ScaffoldError> {
    let example = |s: &str| format!("gloss new article {} --slug {s}", shell_quote(title));
    let name = file_name(slug, "title", title, example)?;
    let path = root.join("content/articles").join(format!("{name}.md"));
    let text = format!(
        "---\ntitle: {}\ndate: {}\nsummary: \"\"\nauthors: []\ntags: []\ndraft: true\nannotations: []\n---\nWrite the explainer here. List the people, organizations and places it names under\n`annotations:` by their entity slugs, and gloss links each first mention.\n",
        yaml_string(title),
        today.format("%Y-%m-%d"),
    );
    create(&path, &text)?;
    Ok(path)
}

/// `gloss new entity "Name" --kind KIND [--slug SLUG]`.
pub fn new_entity(
    root: &Path,
    name: &str,
    kind: &str,
    slug: Option<&str>,
) -> Result<PathBuf, ScaffoldError> {
    let kind = Kind::parse(kind).ok_or_else(|| ScaffoldError::UnknownKind(kind.to_string()))?;
    let example = |s: &str| {
        format!(
            "gloss new entity {} --kind {} --slug {s}",
            shell_quote(name),
            kind.as_str()
        )
    };
    let file = file_name(slug, "name", name, example)?;
    let (path, text) = entity_file(root, &file, name, kind);
    create(&path, &text)?;
    Ok(path)
}

/// The path and text of a new entity file named `file` (`gloss new
/// entity`, and the editor's "create entity").
pub fn entity_file(root: &Path, file: &str, name: &str, kind: Kind) -> (PathBuf, String) {
    let path = root.join("content/entities").join(format!("{file}.md"));
    let text = format!(
        "---\nname: {}\nkind: {}\naliases: []\nsummary: {}\nlinks: {{}}\n---\n",
        yaml_string(name),
        kind.as_str(),
        yaml_string(&format!("One sentence that says who or what {name} is.")),
    );
    (path, text)
}

/// `text` as one shell word, for a command shown in a message.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

const STARTER: &[(&str, &str)] = &[
    (
        "site.yaml",
        "title: Explainers\nbase_url: https://example.org/\ndescription: Annotated explainers on the news.\nlanguage: en\nannotate: first\n",
    ),
    (
        "content/articles/welcome.md",
        "---\ntitle: How these explainers work\ndate: 2024-09-19\nsummary: Every name in an explainer links to a card that says who or what it is.\ntags: [about]\nannotations:\n  - united-nations\n  - entity: geneva\n    note: Home of many U.N. agencies.\n---\nWhen an explainer mentions the United Nations or a city such as Geneva, the\nname becomes a link. Hover it, focus it or tap it to see a short card; follow\nit to a page that lists every explainer that mentions it.\n",
    ),
    (
        "content/entities/united-nations.md",
        "---\nname: United Nations\nkind: organization\naliases: [U.N., UN]\nsummary: Intergovernmental organization of 193 member states, founded in 1945.\nlinks: { Wikipedia: \"https://en.wikipedia.org/wiki/United_Nations\" }\n---\n",
    ),
    (
        "content/entities/geneva.md",
        "---\nname: Geneva\nkind: place\nsummary: Swiss city on Lake Geneva, seat of many international organizations.\nlinks: { Wikipedia: \"https://en.wikipedia.org/wiki/Geneva\" }\n---\n",
    ),
];

/// `gloss init DIR`: a new site with one article and two entities.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| ScaffoldError::Io(dir.to_path_buf(), e))?;
        if entries.next().is_some() {
            return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
        }
    }
    let mut written = Vec::new();
    for (rel, text) in STARTER {
        let path = dir.join(rel);
        create(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

/// The declared edition `tag` names, after the default one (or why not),
/// read from the site's settings.
fn edition_language(root: &Path, tag: &str) -> Result<String, ScaffoldError> {
    let mut diags = crate::diagnostics::Diagnostics::new();
    let (config, _) = crate::load::config::load_config(root, None, None, &mut diags);
    if let Some(error) = diags.iter().find(|d| d.is_error()) {
        return Err(ScaffoldError::Site(error.render(false)));
    }
    let declared: Vec<String> = config.languages.iter().map(|l| l.tag.clone()).collect();
    let canonical = crate::lang::check_tag(tag).unwrap_or_else(|_| tag.to_string());
    match declared.iter().position(|d| *d == canonical) {
        Some(i) if i > 0 => Ok(canonical),
        _ => Err(ScaffoldError::Language {
            tag: tag.to_string(),
            declared,
        }),
    }
}

/// `gloss new article "Title" --lang LANG [--slug SLUG]`: a draft of edition
/// `LANG` alone, `content/articles/NAME.LANG.md`.
pub fn new_article_in(
    root: &Path,
    lang: &str,
    title: &str,
    slug: Option<&str>,
    today: chrono::NaiveDate,
) -> Result<PathBuf, ScaffoldError> {
    let lang = edition_language(root, lang)?;
    let example = |s: &str| {
        format!(
            "gloss new article {} --lang {lang} --slug {s}",
            shell_quote(title)
        )
    };
    let name = file_name(slug, "title", title, example)?;
    let path = root
        .join("content/articles")
        .join(format!("{name}.{lang}.md"));
    let text = format!(
        "---\ntitle: {}\ndate: {}\nsummary: \"\"\nauthors: []\ntags: []\ndraft: true\nannotations: []\n---\n",
        yaml_string(title),
        today.format("%Y-%m-%d"),
    );
    create(&path, &text)?;
    Ok(path)
}

/// What `gloss new article --translation-of` is asked for.
pub struct NewTranslation<'a> {
    /// The edition's language.
    pub lang: &'a str,
    /// The original's slug, the last part of its URL.
    pub of: &'a str,
    /// The translated title; the original's when `None`, to translate over.
    pub title: Option<&'a str>,
    /// A file name of its own, tied by `translation_of:`; else the
    /// original's with the language added.
    pub slug: Option<&'a str>,
}

/// `gloss new article --lang LANG --translation-of SLUG`: a draft
/// translation that starts as a copy of the original (its front matter, so
/// the same annotations, date and tags, and its text to translate over).
pub fn new_translation(root: &Path, asked: &NewTranslation) -> Result<PathBuf, ScaffoldError> {
    let lang = edition_language(root, asked.lang)?;
    let loaded = crate::pipeline::loaded(root);
    let original = crate::editions::original_named(&loaded, asked.of).map_err(|near| {
        ScaffoldError::NoOriginal {
            slug: asked.of.to_string(),
            near,
        }
    })?;
    if let Some(existing) = crate::editions::translation_in(&loaded, original, &lang) {
        return Err(ScaffoldError::Exists(root.join(existing)));
    }
    let path = match asked.slug {
        None => root
            .join("content")
            .join(original.rel_path.with_extension(format!("{lang}.md"))),
        Some(slug) => {
            let example = |s: &str| {
                format!(
                    "gloss new article --lang {lang} --translation-of {} --slug {s}",
                    asked.of
                )
            };
            let name = file_name(Some(slug), "--slug", slug, example)?;
            root.join("content/articles")
                .join(format!("{name}.{lang}.md"))
        }
    };
    let tie = asked.slug.map(|_| asked.of);
    create(
        &path,
        &translation_text(&original.file.text, asked.title, tie),
    )?;
    Ok(path)
}

/// The keys of an original's front matter that a translation does not
/// copy: they name the original's own old addresses and state. (`slug:`
/// is kept when the file name ties them, so that the translation's address
/// is the original's under the edition's prefix.)
const NOT_COPIED: [&str; 4] = ["redirect_from", "draft", "translation_of", "title"];

/// The text of a new translation of the file `original`: its front matter
/// without [`NOT_COPIED`], as a draft, and its body. `tie` is the
/// original's slug when the translation has a file name of its own.
fn translation_text(original: &str, title: Option<&str>, tie: Option<&str>) -> String {
    let (yaml, body) = match crate::load::frontmatter::split(original) {
        Ok(Some(split)) => (&original[split.yaml], &original[split.body]),
        _ => ("", original),
    };
    let title = match title {
        Some(title) => yaml_string(title),
        None => original_title(yaml).unwrap_or_else(|| "\"\"".into()),
    };
    let mut out = format!("---\ntitle: {title}\n");
    if let Some(slug) = tie {
        out.push_str(&format!("translation_of: {slug}\n"));
    }
    let mut skipping = false;
    for line in yaml.lines() {
        let top_key = (!line.starts_with([' ', '\t', '-', '#']))
            .then(|| line.split_once(':').map(|(k, _)| k.trim()))
            .flatten();
        if let Some(key) = top_key {
            skipping = NOT_COPIED.contains(&key) || (key == "slug" && tie.is_some());
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push_str("draft: true\n---\n");
    out.push_str(body);
    out
}

/// The `title:` line's value as the original writes it (quoted or not).
fn original_title(yaml: &str) -> Option<String> {
    let value = yaml.lines().find_map(|l| l.strip_prefix("title:"))?.trim();
    (!value.is_empty()).then(|| value.to_string())
}
