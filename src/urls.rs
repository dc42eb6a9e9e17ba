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
/// An edition's sitemap, in its folder (`/ar/sitemap.xml`); at the root of
/// a site with several editions, the index of them all, the default
/// edition's own pages then being in [`root_sitemap`].
pub const SITEMAP: &str = "/sitemap.xml";
pub const NEWS_SITEMAP: &str = "/news-sitemap.xml";
/// The entities as data, for other tools.
pub const ENTITIES_JSON: &str = "/entities.json";
/// The folder of the search index (`search/index.json` and its shards).
pub const SEARCH_FOLDER: &str = "search";
/// Later pages of the index: `/page/2/`.
const INDEX_PAGES: &str = "/page/";
/// The page shown for an address removed on purpose (`gone:` in site.yaml).
pub const GONE: &str = "/410.html";
/// The pages of the people who write the explainers.
pub const AUTHORS: &str = "/authors/";
/// The folder of the pictures gloss makes: every size of every picture.
pub const PICTURES: &str = "/pictures/";
/// The redirect rules that Netlify and Cloudflare Pages read.
pub const REDIRECT_RULES: &str = "/_redirects";

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

/// `/authors/jane-doe/`: an author's explainers.
pub fn author(slug: &str) -> String {
    format!("{AUTHORS}{slug}/")
}

/// `/authors/jane-doe/atom.xml`: the explainers of one author, as a feed.
pub fn author_feed(slug: &str) -> String {
    format!("{AUTHORS}{slug}{ATOM}")
}

/// `/tags/gaza/`.
pub fn tag(slug: &str) -> String {
    format!("{TAGS}{slug}/")
}

/// Page `n` (1-based) of a list at `first` (an entity's or a tag's page):
/// `/entities/hamas/`, then `/entities/hamas/page/2/`.
pub fn list_page(first: &str, n: usize) -> String {
    match n {
        1 => first.to_string(),
        n => format!("{first}page/{n}/"),
    }
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

/// `/pictures/harbor-3f9a1c2b7d4e5f60-960.webp`: one size of a picture,
/// named after its file (`stem`), a hash of its content and its width. A
/// changed picture gets a new address, so a host may cache these forever.
pub fn picture(stem: &str, hash: &str, width: u32, ext: &str) -> String {
    format!("{PICTURES}{stem}-{hash}-{width}.{ext}")
}

/// Whether `path` is a later page of a list: of the index (`/page/2/`),
/// of an entity's, a tag's or an author's page (`/entities/hamas/page/2/`),
/// of the who's who (`/entities/page/2/`). Their contents move with every new
/// article.
pub fn is_later_page(path: &str) -> bool {
    let segments: Vec<&str> = path.split('/').collect();
    let of_list = [ENTITIES, TAGS, AUTHORS]
        .iter()
        .any(|list| path.starts_with(list))
        && segments.len() == 6
        && segments[3] == "page";
    let of_whos_who = path.starts_with(ENTITIES) && segments.len() == 5 && segments[2] == "page";
    path.starts_with(INDEX_PAGES) || of_list || of_whos_who
}

/// Addresses the built-in pages own; an article may not take them.
pub fn is_reserved(path: &str) -> bool {
    path == HOME
        || path == "/404/"
        || [ENTITIES, TAGS, INDEX_PAGES, PICTURES, AUTHORS]
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

/// Why an address written by hand (`redirect_from:`, `redirects:`,
/// `gone:`) cannot be one of the site's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressProblem {
    /// `https://elsewhere.example/x/` or `//host/x/`.
    LeavesSite,
    /// Not a path from the site's root, or one that a host would read as
    /// another (`..`, `//`, a query or fragment, spaces).
    Malformed(&'static str),
}

/// Checks an address written by hand and returns it as a site path: an
/// address without a file extension is a folder, so `/old` becomes `/old/`.
pub fn site_path(address: &str) -> Result<String, AddressProblem> {
    let has_scheme = address
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.is_empty() && !scheme.contains('/'));
    if has_scheme || address.starts_with("//") {
        return Err(AddressProblem::LeavesSite);
    }
    let malformed = |why| Err(AddressProblem::Malformed(why));
    if !address.starts_with('/') {
        return malformed("it does not start with `/`");
    }
    if address.contains(['?', '#']) {
        return malformed("a query or fragment names no page of its own");
    }
    if address
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return malformed("it holds a space, a backslash or a control character");
    }
    let segments: Vec<&str> = address[1..].split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        if *segment == "." || *segment == ".." {
            return malformed("`.` and `..` segments are read differently by each host");
        }
        if segment.is_empty() && i != last {
            return malformed("it has an empty segment (`//`)");
        }
    }
    if long_segment(address).is_some() {
        return malformed("a segment is over 200 characters, more than a file name may hold");
    }
    let is_file = segments[last].contains('.');
    if address.ends_with('/') || is_file {
        Ok(address.to_string())
    } else {
        Ok(format!("{address}/"))
    }
}

/// Whether the output file `file` is an Atom feed (served as one).
pub fn is_feed(file: &str) -> bool {
    file.ends_with(&ATOM[1..])
}

/// A site path from the root as a path of the edition under `prefix`
/// (`/ar/articles/x/` under `/ar` is `/articles/x/`), if it is in that edition.
pub fn under_prefix<'p>(path: &'p str, prefix: &str) -> Option<&'p str> {
    path.strip_prefix(prefix)
        .filter(|rest| rest.starts_with('/'))
}

/// The sitemap of the default edition's pages in a site with several
/// editions, `/sitemap-en.xml` for an English default: `/sitemap.xml` is the
/// index, and the other editions keep theirs in their folders.
pub fn root_sitemap(default_tag: &str) -> String {
    format!("/sitemap-{default_tag}.xml")
}

/// The most pages one sitemap file lists in a site of `editions` editions:
/// search engines read no more than 50,000 addresses or 50 MB a file, and
/// each page names its translations beside it. A larger sitemap is split
/// into parts ([`sitemap_part`]), and its own address lists them.
pub fn pages_per_sitemap(editions: usize) -> usize {
    // About 250 bytes a page, and 200 more for each edition it may name.
    (50_000_000 / (250 + 200 * editions.max(1))).min(50_000)
}

/// The sitemaps that hold the pages of the one at `sitemap` split into
/// `parts`: itself when it is whole, else its parts ([`sitemap_part`]).
pub fn sitemap_files(sitemap: &str, parts: usize) -> Vec<String> {
    match parts {
        0 | 1 => vec![sitemap.to_string()],
        n => (1..=n).map(|part| sitemap_part(sitemap, part)).collect(),
    }
}

/// Part `part` (from 1) of the sitemap at `sitemap`: `/sitemap-2.xml` of
/// `/sitemap.xml`, `/sitemap-en-2.xml` of `/sitemap-en.xml`.
pub fn sitemap_part(sitemap: &str, part: usize) -> String {
    let stem = sitemap.strip_suffix(".xml").unwrap_or(sitemap);
    format!("{stem}-{part}.xml")
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
    fn hand_written_addresses_become_site_paths() {
        assert_eq!(site_path("/old/").as_deref(), Ok("/old/"));
        assert_eq!(site_path("/old").as_deref(), Ok("/old/"));
        assert_eq!(
            site_path("/2019/story.html").as_deref(),
            Ok("/2019/story.html")
        );
        assert_eq!(
            site_path("https://x.org/a/"),
            Err(AddressProblem::LeavesSite)
        );
        assert_eq!(site_path("//x.org/a/"), Err(AddressProblem::LeavesSite));
        for bad in ["old/", "/a/../b/", "/a//b/", "/a?b=1", "/a b/", "/a/#top"] {
            assert!(
                matches!(site_path(bad), Err(AddressProblem::Malformed(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_segment_over_the_limit_is_found_wherever_it_is() {
        let long = "x".repeat(MAX_SEGMENT + 1);
        assert_eq!(long_segment(&tag(&long)), Some(MAX_SEGMENT + 1));
        assert_eq!(long_segment(&format!("/{long}/a/")), Some(MAX_SEGMENT + 1));
        assert_eq!(long_segment(&entity(&long[1..])), None);
    }

    #[test]
    fn later_pages_of_lists_are_known_as_such() {
        assert_eq!(list_page(&entity("hamas"), 1), "/entities/hamas/");
        assert_eq!(list_page(&entity("hamas"), 2), "/entities/hamas/page/2/");
        assert!(is_later_page(&list_page(&tag("page"), 3)));
        assert!(is_later_page(&list_page(ENTITIES, 2)));
        assert!(is_later_page(&index_page(2)));
        assert!(!is_later_page(&entity("page")));
        assert!(!is_later_page(&tag("page")));
    }

    #[test]
    fn built_in_addresses_are_reserved() {
        assert!(is_reserved("/"));
        assert!(is_reserved(&index_page(2)));
        assert!(is_reserved(&tag("x")));
        assert!(!is_reserved("/articles/x/"));
    }
}
