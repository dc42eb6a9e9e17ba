//! What the writers share: where files go, the site's name and address, the
//! entity data the peer templates read, and the rewriting of `@slug` links.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use crate::corpus::{Article, Corpus, Entity};
use crate::date::rfc3339;
use crate::json::Json;
use crate::text::{quote, quote_list};

pub const BASE_URL: &str = "https://example.org";
pub const SITE_TITLE: &str = "Explainer bench";

/// Receives each file of a site: its path (with `/`) under the output
/// folder, and its text.
pub type Emit<'a> = dyn FnMut(&str, &str) -> io::Result<()> + 'a;

/// Entity metadata keyed by slug; Hugo's and Zola's templates look names up here.
pub fn entities_json(corpus: &Corpus) -> String {
    entities_by_slug(corpus, |e| vec![("summary", Json::str(&e.summary))]).pretty()
}

/// Each entity's name, kind, aliases and `more` fields, keyed by its slug.
pub fn entities_by_slug(
    corpus: &Corpus,
    more: impl Fn(&Entity) -> Vec<(&'static str, Json)>,
) -> Json {
    let pairs = corpus
        .entities
        .iter()
        .map(|e| {
            let fields = [
                ("name", Json::str(&e.name)),
                ("kind", Json::str(e.kind.as_str())),
                ("aliases", Json::strings(&e.aliases)),
            ];
            let fields = (fields.into_iter().chain(more(e)))
                .map(|(key, value)| (key.to_string(), value))
                .collect();
            (e.slug.clone(), Json::object(fields))
        })
        .collect();
    Json::object(pairs)
}

/// The slugs of every entity article `a` mentions.
pub fn mentioned_slugs<'c>(corpus: &'c Corpus, a: &Article) -> Vec<&'c str> {
    a.mentioned.iter().map(|&e| corpus.slug(e)).collect()
}

/// Emits each article as `content/articles/SLUG.md`, its text made by `page`.
pub fn articles(
    corpus: &Corpus,
    emit: &mut Emit,
    page: impl Fn(&Corpus, &Article) -> String,
) -> io::Result<()> {
    for a in &corpus.articles {
        emit(&format!("content/articles/{}.md", a.slug), &page(corpus, a))?;
    }
    Ok(())
}

/// An article's file: YAML front matter of its title, its date and `fields`
/// (each line ending in a newline), a blank line, then `body`.
pub fn article_file(a: &Article, fields: &str, body: &str) -> String {
    format!(
        "---\ntitle: {}\ndate: {}\n{fields}---\n\n{body}",
        quote(&a.title),
        rfc3339(a.date)
    )
}

/// A site made for a peer of gloss (Hugo, Zola): what differs between them.
pub struct Peer {
    /// The configuration file and its text.
    pub config: (&'static str, String),
    /// The folder of the templates, and each template's path in it and text.
    pub templates: (&'static str, &'static [(&'static str, &'static str)]),
    /// The text of `content/articles/_index.md`, the section's own page.
    pub section: &'static str,
    /// An article's front matter after its title and date, from its quoted
    /// summary, quoted list of tags and quoted list of entity slugs.
    pub fields: fn(summary: &str, tags: &str, entities: &str) -> String,
}

impl Peer {
    /// The configuration, the entity data, the templates, the section page
    /// and the articles, whose explicit mentions link to entity pages.
    pub fn files(&self, corpus: &Corpus, emit: &mut Emit) -> io::Result<()> {
        emit(self.config.0, &self.config.1)?;
        emit("data/entities.json", &entities_json(corpus))?;
        let (folder, templates) = self.templates;
        for (path, text) in templates {
            emit(&format!("{folder}/{path}"), text)?;
        }
        emit("content/articles/_index.md", self.section)?;
        articles(corpus, emit, |corpus, a| {
            let fields = (self.fields)(
                &quote(&a.summary),
                &quote_list(&a.tags),
                &quote_list(&mentioned_slugs(corpus, a)),
            );
            article_file(a, &fields, &links_to_entity_pages(&a.body))
        })
    }
}

/// The body with every `[text](@slug)` pointing at `/entities/slug/` instead,
/// for the peers, which know nothing of gloss's explicit mentions.
pub fn links_to_entity_pages(body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 256);
    let mut rest = body;
    while let Some(at) = rest.find("](@") {
        let slug_start = at + 3;
        let Some(len) = rest[slug_start..].find(')') else {
            break;
        };
        out.push_str(&rest[..at]);
        out.push_str("](/entities/");
        out.push_str(&rest[slug_start..slug_start + len]);
        out.push_str("/)");
        rest = &rest[slug_start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// Writes files under `root`, making each folder once.
pub struct Disk {
    root: PathBuf,
    /// Membership only, never iterated.
    made: HashSet<PathBuf>,
}

impl Disk {
    /// Replaces `root` with an empty folder. Refuses a path without a last
    /// component (`/`, `.`, `..`), which cannot be a corpus of its own.
    pub fn replace(root: &Path) -> io::Result<Disk> {
        if root.file_name().is_none() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{} cannot be replaced by a corpus; name a folder of its own",
                    root.display()
                ),
            ));
        }
        match std::fs::remove_dir_all(root) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        std::fs::create_dir_all(root)?;
        Ok(Disk {
            root: root.to_path_buf(),
            made: HashSet::new(),
        })
    }

    pub fn file(&mut self, rel: &str, text: &str) -> io::Result<()> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            if !self.made.contains(parent) {
                std::fs::create_dir_all(parent)?;
                self.made.insert(parent.to_path_buf());
            }
        }
        std::fs::write(path, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_links_become_page_links() {
        assert_eq!(
            links_to_entity_pages("A [b](@c-d) e, the [F](@g). [x](https://h/)"),
            "A [b](/entities/c-d/) e, the [F](/entities/g/). [x](https://h/)"
        );
    }
}
