//! What the writers share: where files go, the site's name and address, the
//! entity data the peer templates read, and the rewriting of `@slug` links.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use crate::corpus::Corpus;
use crate::json::Json;

pub const BASE_URL: &str = "https://example.org";
pub const SITE_TITLE: &str = "Explainer bench";

/// Receives each file of a site: its path (with `/`) under the output
/// folder, and its text.
pub type Emit<'a> = dyn FnMut(&str, &str) -> io::Result<()> + 'a;

/// Entity metadata keyed by slug; Hugo's and Zola's templates look names up here.
pub fn entities_json(corpus: &Corpus) -> String {
    let pairs = corpus
        .entities
        .iter()
        .map(|e| {
            let fields = vec![
                ("name".to_string(), Json::str(&e.name)),
                ("kind".to_string(), Json::str(e.kind.as_str())),
                ("aliases".to_string(), Json::strings(&e.aliases)),
                ("summary".to_string(), Json::str(&e.summary)),
            ];
            (e.slug.clone(), Json::object(fields))
        })
        .collect();
    Json::object(pairs).pretty()
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
