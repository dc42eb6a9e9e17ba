//! The URL property of hostile-input tests: every `href` and `src` a built page
//! carries must have a scheme a reader can follow safely.
//!
//! Pages are parsed with an HTML5 parser, so character references are decoded
//! as a browser decodes them (`&#106;avascript:` is `javascript:`), and the
//! scheme is read the way the WHATWG URL parser reads it: C0 controls and
//! spaces at either end are dropped, tabs and line breaks anywhere are
//! dropped, and the scheme is compared without regard to case.
//!
//! Shared by the cargo-fuzz targets (`fuzz/`) and the property tests
//! (`tests/hostile_props.rs`), so both judge a page by the same rule.

use scraper::{Html, Node};

/// One attribute whose URL has a scheme that is not allowed there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub page: String,
    pub element: String,
    pub attribute: String,
    /// The value after character references were decoded.
    pub value: String,
    pub scheme: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: <{} {}={:?}> has the scheme `{}:`",
            self.page, self.element, self.attribute, self.value, self.scheme
        )
    }
}

/// The built-in theme's favicon is an inline SVG (`data:` on `<link rel="icon">`);
/// it comes from our own template, never from content, so it is the one exception.
fn theme_favicon() -> &'static str {
    const BASE: &str = include_str!("../../templates/base.html");
    const MARK: &str = "rel=\"icon\" href=\"";
    BASE.find(MARK)
        .map(|i| &BASE[i + MARK.len()..])
        .and_then(|rest| rest.find('"').map(|end| &rest[..end]))
        .unwrap_or("")
}

/// The scheme of a URL as a browser parses it, lowercased; `None` for a
/// relative URL (including `//host`, `/path`, `#frag`, `?q`).
pub fn scheme(url: &str) -> Option<String> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let mut chars = cleaned.char_indices();
    let (_, first) = chars.next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    for (i, c) in chars {
        match c {
            ':' => return Some(cleaned[..i].to_ascii_lowercase()),
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {}
            _ => return None,
        }
    }
    None
}

/// Whether `value` may stand in the attribute `attribute` (`href` or `src`).
pub fn allowed(attribute: &str, value: &str) -> bool {
    match scheme(value).as_deref() {
        None | Some("http" | "https") => true,
        Some("mailto") => attribute == "href",
        Some(_) => false,
    }
}

/// Every disallowed `href`/`src` in one HTML page.
pub fn check_page(page: &str, html: &str) -> Vec<Violation> {
    let document = Html::parse_document(html);
    let favicon = theme_favicon();
    let mut found = Vec::new();
    for node in document.tree.values() {
        let Node::Element(element) = node else {
            continue;
        };
        for (name, value) in element.attrs() {
            if name != "href" && name != "src" {
                continue;
            }
            if allowed(name, value) {
                continue;
            }
            let is_favicon = element.name() == "link"
                && element.attr("rel") == Some("icon")
                && name == "href"
                && value == favicon;
            if is_favicon {
                continue;
            }
            found.push(Violation {
                page: page.to_string(),
                element: element.name().to_string(),
                attribute: name.to_string(),
                value: value.to_string(),
                scheme: scheme(value).unwrap_or_default(),
            });
        }
    }
    found
}

/// Every disallowed `href`/`src` in the HTML files of a built site.
pub fn check_site(files: &gloss::SiteFiles) -> Vec<Violation> {
    let mut pages: Vec<_> = files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .collect();
    pages.sort_by(|a, b| a.0.cmp(b.0));
    pages
        .into_iter()
        .flat_map(|(path, bytes)| check_page(path, &String::from_utf8_lossy(bytes)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_a_browser_reads_them() {
        assert_eq!(scheme("JaVaScRiPt:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(
            scheme(" \u{1}java\tscr\nipt:x").as_deref(),
            Some("javascript")
        );
        assert_eq!(scheme("/a:b"), None);
        assert_eq!(scheme("#x:y"), None);
        assert_eq!(scheme("//evil.example/"), None);
        assert_eq!(scheme("java script:x"), None);
        assert!(allowed("href", "mailto:a@b.example"));
        assert!(!allowed("src", "mailto:a@b.example"));
    }

    #[test]
    fn character_references_are_decoded_before_the_check() {
        let page = r#"<a href="&#106;avascript:alert(1)">x</a><img src="&#x09;data:x">"#;
        let found = check_page("p.html", page);
        let schemes: Vec<&str> = found.iter().map(|v| v.scheme.as_str()).collect();
        assert_eq!(schemes, ["javascript", "data"]);
    }

    #[test]
    fn the_theme_favicon_is_the_only_exception() {
        let own = format!(r#"<link rel="icon" href="{}">"#, theme_favicon());
        assert!(check_page("p.html", &own).is_empty());
        let other = r#"<link rel="icon" href="data:image/svg+xml,<svg/>">"#;
        assert_eq!(check_page("p.html", other).len(), 1);
    }
}
