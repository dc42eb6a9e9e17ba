//! The site's URL scheme: every address gloss writes, and the file in the
//! output folder each one is written to. No other module spells a site path;
//! a new page type starts here.
//!
//! Site paths start with `/` and are relative to `base_url`
//! ([`crate::model::SiteConfig::link`] prefixes them). A path that ends in
//! `/` is a folder whose page is its `index.html`.

use std::path::Path;

use crate::text::slugify;

/// The first page of the index.
pub const HOME: &str = "/";
/// The A-Z of entities.
pub const ENTITIES: &str = "/entities/";
/// Every tag.
pub const TAGS: &str = "/tags/";
/// The page a static host shows for a missing address.
pub const NOT_FOUND: &str = "/404.html";
/// The site's Atom feed.
pub const ATOM: &str = "/atom.xml";
pub const SITEMAP: &str = "/sitemap.xml";
pub const NEWS_SITEMAP: &str = "/news-sitemap.xml";
/// The entities as data, for other tools.
pub const ENTITIES_JSON: &str = "/entities.json";
/// The folder of the search index (`search/index.json` and its shards).
pub const SEARCH_FOLDER: &str = "search";
/// Later pages of the index: `/page/2/`.
const INDEX_PAGES: &str = "/page/";

/// The longest segment of a site path, in bytes. Each segment is the name
/// of a folder in the output (`articles/SLUG/index.html`), and file systems
/// refuse a name over 255 bytes (ext4, XFS, Btrfs, APFS; NTFS counts 255
/// UTF-16 units). Segments are slugs, ASCII only, so bytes, characters and
/// their percent-encoded length in a URL are the same number. 200 leaves
/// room for the names tools make from a folder's: rsync's and editors'
/// temporary copies (`.SLUG.XXXXXX`), an archive of it (`SLUG.tar.gz`), a
/// host that writes a page as `SLUG.html`.
pub const MAX_SEGMENT: usize = 200;

/// The length of the longest segment of site path `path`, when it is over
/// [`MAX_SEGMENT`].
pub fn long_segment(path: &str) -> Option<usize> {
    path.split('/')
        .map(str::len)
        .max()
        .filter(|&len| len > MAX_SEGMENT)
}

/// Page `n` (1-based) of the index of articles.
pub fn index_page(n: usize) -> String {
    match n {
        1 => HOME.to_string(),
        n => format!("{INDEX_PAGES}{n}/"),
    }
}

/// `/entities/hamas/`.
pub fn entity(slug: &str) -> String {
    format!("{ENTITIES}{slug}/")
}

/// `/entities/hamas/atom.xml`: the explainers that mention the entity.
pub fn entity_feed(slug: &str) -> String {
    format!("{ENTITIES}{slug}{ATOM}")
}

/// `/tags/gaza/`.
pub fn tag(slug: &str) -> String {
    format!("{TAGS}{slug}/")
}

/// The address of an article at `rel_path` inside `content/`:
/// `articles/blinken-egypt.md` -> `/articles/blinken-egypt/`. A `slug:`
/// replaces the last segment; `index.md` and `_index.md` take their folder's.
pub fn article(rel_path: &Path, slug: Option<&str>) -> String {
    let mut segments: Vec<String> = rel_path
        .parent()
        .into_iter()
        .flat_map(|p| p.components())
        .map(|c| slugify(&c.as_os_str().to_string_lossy()))
        .collect();
    let stem = rel_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match slug {
        Some(slug) => segments.push(slugify(slug)),
        None if stem == "index" || stem == "_index" => {}
        None => segments.push(slugify(&stem)),
    }
    let mut path = String::from("/");
    for segment in segments {
        path.push_str(&segment);
        path.push('/');
    }
    path
}

/// Addresses the built-in pages own; an article may not take them.
pub fn is_reserved(path: &str) -> bool {
    path == HOME
        || path == "/404/"
        || [ENTITIES, TAGS, INDEX_PAGES]
            .iter()
            .any(|p| path.starts_with(p))
}

/// The file a site path is written to: `/articles/x/` ->
/// `articles/x/index.html`; `/404.html` stays a file.
pub fn output_file(path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

/// Whether the output file `file` is an Atom feed (served as one).
pub fn is_feed(file: &str) -> bool {
    file.ends_with(&ATOM[1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_written_as_their_index() {
        assert_eq!(output_file(HOME), "index.html");
        assert_eq!(output_file(&entity("hamas")), "entities/hamas/index.html");
        assert_eq!(output_file(NOT_FOUND), "404.html");
        assert_eq!(
            output_file(&entity_feed("hamas")),
            "entities/hamas/atom.xml"
        );
    }

    #[test]
    fn article_addresses_follow_the_content_folder() {
        let at = |p: &str, slug| article(Path::new(p), slug);
        assert_eq!(
            at("articles/Blinken Egypt.md", None),
            "/articles/blinken-egypt/"
        );
        assert_eq!(at("articles/x.md", Some("y")), "/articles/y/");
        assert_eq!(at("about/index.md", None), "/about/");
        assert_eq!(at("index.md", None), "/");
    }

    #[test]
    fn a_segment_over_the_limit_is_found_wherever_it_is() {
        let long = "x".repeat(MAX_SEGMENT + 1);
        assert_eq!(long_segment(&tag(&long)), Some(MAX_SEGMENT + 1));
        assert_eq!(long_segment(&format!("/{long}/a/")), Some(MAX_SEGMENT + 1));
        assert_eq!(long_segment(&entity(&long[1..])), None);
    }

    #[test]
    fn built_in_addresses_are_reserved() {
        assert!(is_reserved("/"));
        assert!(is_reserved(&index_page(2)));
        assert!(is_reserved(&tag("x")));
        assert!(!is_reserved("/articles/x/"));
    }
}
