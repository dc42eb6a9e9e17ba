//! The same page in the site's other editions: what `hreflang` links, the
//! language switcher, the sitemap's `xhtml:link` and JSON-LD's translations
//! point to. An article's alternates are its translations; the pages every
//! edition has (the index, the who's who, the topics, each entity's page,
//! the page not found) are alternates of themselves at each edition's prefix.

use crate::model::Site;
use crate::urls;

/// One edition of a page: which edition, and the page's site path in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternate {
    pub edition: usize,
    pub path: String,
}

/// The editions of the page at `path` of `site`'s edition, itself
/// included, the default edition first; empty when it is in one edition only.
pub fn of_page(site: &Site, path: &str) -> Vec<Alternate> {
    let config = &site.config;
    if !config.is_multilingual() {
        return Vec::new();
    }
    let stories = site.translations.of(config.edition, path);
    if !stories.is_empty() {
        let mut all: Vec<Alternate> = (stories.iter())
            .map(|(edition, path)| Alternate {
                edition: *edition,
                path: path.clone(),
            })
            .collect();
        all.sort_by_key(|a| a.edition);
        return all;
    }
    if !in_every_edition(path) {
        return Vec::new();
    }
    (0..config.languages.len())
        .map(|edition| Alternate {
            edition,
            path: path.to_string(),
        })
        .collect()
}

/// The pages each edition has at the same path.
fn in_every_edition(path: &str) -> bool {
    let entity_page = path.starts_with(urls::ENTITIES)
        && path.ends_with('/')
        && path[urls::ENTITIES.len()..]
            .trim_end_matches('/')
            .split('/')
            .count()
            == 1;
    [urls::HOME, urls::ENTITIES, urls::TAGS, urls::NOT_FOUND].contains(&path)
        || (entity_page && path != urls::ENTITIES)
}
