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

/// `gloss new article "Title"`: a draft dated today.
pub fn new_article(
    root: &Path,
    title: &str,
    today: chrono::NaiveDate,
) -> Result<PathBuf, ScaffoldError> {
    let path = root
        .join("content/articles")
        .join(format!("{}.md", file_slug(title)));
    let text = format!(
        "---\ntitle: {}\ndate: {}\nsummary: \"\"\nauthors: []\ntags: []\ndraft: true\nannotations: []\n---\nWrite the explainer here. List the people, organizations and places it names under\n`annotations:` by their entity slugs, and gloss links each first mention.\n",
        yaml_string(title),
        today.format("%Y-%m-%d"),
    );
    create(&path, &text)?;
    Ok(path)
}

/// `gloss new entity "Name" --kind KIND`.
pub fn new_entity(root: &Path, name: &str, kind: &str) -> Result<PathBuf, ScaffoldError> {
    let kind = Kind::parse(kind).ok_or_else(|| ScaffoldError::UnknownKind(kind.to_string()))?;
    let (path, text) = entity_file(root, name, kind);
    create(&path, &text)?;
    Ok(path)
}

/// The path and text of a new entity file (`gloss new entity`, and the
/// editor's "create entity").
pub fn entity_file(root: &Path, name: &str, kind: Kind) -> (PathBuf, String) {
    let path = root
        .join("content/entities")
        .join(format!("{}.md", file_slug(name)));
    let text = format!(
        "---\nname: {}\nkind: {}\naliases: []\nsummary: {}\nlinks: {{}}\n---\n",
        yaml_string(name),
        kind.as_str(),
        yaml_string(&format!("One sentence that says who or what {name} is.")),
    );
    (path, text)
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
