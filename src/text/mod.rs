//! Text helpers every stage shares: URL slugs, hashes, JSON for `<script>`,
//! and Markdown rendering that needs nothing of the site ([`markdown`]).
//! This module imports nothing else from gloss.

pub mod markdown;

use std::hash::{BuildHasher, BuildHasherDefault, Hash};

/// Lowercase, and anything outside `[a-z0-9-]` becomes `-`
/// (`Blinken Egypt_2` -> `blinken-egypt-2`).
pub fn slugify(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| {
            // Letters of scripts with no ASCII spelling (Arabic, Chinese,
            // Japanese) are kept, so that a tag or a term in them is a URL
            // of its own; Latin letters with accents stay `-`, as they were.
            let unspelled =
                crate::lang::script::is_arabic_letter(c) || crate::lang::script::is_cjk(c);
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || unspelled {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// A hash of a value that is the same in every run of the same binary: what
/// versions of files and pages are made of.
pub fn hash_of(value: &impl Hash) -> u64 {
    BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(value)
}

/// A quicker hash, for keys computed for thousands of pages on every rebuild.
pub fn fx_hash(value: &impl Hash) -> u64 {
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(value)
}

/// Whether `url` is an absolute `http://` or `https://` URL, in any case.
pub fn is_http_url(url: &str) -> bool {
    ["http://", "https://"]
        .iter()
        .any(|scheme| url.len() > scheme.len() && url[..scheme.len()].eq_ignore_ascii_case(scheme))
}

/// JSON text made safe to print inside `<script>`: `<`, `>` and `&` (which
/// only occur inside strings) become `\u003c`, `\u003e` and `\u0026`, so no
/// string can close the element or open a comment.
pub fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    let mut last = 0;
    for (i, byte) in json.bytes().enumerate() {
        let escaped = match byte {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            _ => continue,
        };
        out.push_str(&json[last..i]);
        out.push_str(escaped);
        last = i + 1;
    }
    out.push_str(&json[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_with_dashes() {
        assert_eq!(slugify("Blinken Egypt_2"), "blinken-egypt-2");
    }

    #[test]
    fn http_urls_are_told_apart() {
        assert!(is_http_url("HTTPS://example.org"));
        assert!(!is_http_url("https://"));
        assert!(!is_http_url("/news"));
    }

    #[test]
    fn script_safe_json_cannot_close_the_element() {
        assert_eq!(
            script_safe_json(r#"{"a":"</script>&"}"#),
            r#"{"a":"\u003c/script\u003e\u0026"}"#
        );
    }
}
