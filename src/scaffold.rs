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
            ScaffoldError::Io(path, err) => write!(f, "cannot write {}: {err}", path.display()),
        }
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
