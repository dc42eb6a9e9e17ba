//! Text helpers every stage shares: URL slugs, hashes, JSON for `<script>`,
//! and Markdown rendering that needs nothing of the site ([`markdown`]).
//! This module imports nothing else from gloss.

pub mod markdown;

use std::hash::{BuildHasher, BuildHasherDefault, Hash};

/// Lowercase, Latin letters spelled in ASCII as Zola does (`Redacción` ->
/// `redaccion`, through `deunicode`), and anything else outside `[a-z0-9-]`
/// becomes `-` (`Blinken Egypt_2` -> `blinken-egypt-2`).
pub fn slugify(text: &str) -> String {
    slug_by(text, true)
}

/// The rule before Latin letters were spelled in ASCII, when an accented
/// letter became `-` (`Redacción` -> `redacci-n`): the addresses it gave
/// are published, and gloss keeps them working.
pub fn slugify_before_transliteration(text: &str) -> String {
    slug_by(text, false)
}

fn slug_by(text: &str, spell_latin: bool) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        // Letters of scripts with no ASCII spelling (Arabic, Chinese,
        // Japanese) are kept, so that a tag or a term in them is a URL
        // of its own.
        let unspelled = crate::lang::script::is_arabic_letter(c) || crate::lang::script::is_cjk(c);
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || unspelled {
            slug.push(c);
        } else if spell_latin && crate::lang::script::is_latin_letter(c) {
            let spelled = deunicode::deunicode_char(c).unwrap_or("-");
            let ascii = spelled.chars().filter(char::is_ascii_alphanumeric);
            let mut any = false;
            for a in ascii.map(|a| a.to_ascii_lowercase()) {
                slug.push(a);
                any = true;
            }
            if !any {
                slug.push('-');
            }
        } else {
            slug.push('-');
        }
    }
    slug
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
    script_safe_pieces(json, |piece| out.push_str(piece));
    out
}

/// `text` in the pieces [`script_safe_json`] makes of it: runs of it, and
/// the escapes between them.
fn script_safe_pieces(text: &str, mut piece: impl FnMut(&str)) {
    let mut last = 0;
    for (i, byte) in text.bytes().enumerate() {
        let escaped = match byte {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            _ => continue,
        };
        piece(&text[last..i]);
        piece(escaped);
        last = i + 1;
    }
    piece(&text[last..]);
}

/// serde_json's compact form, written as [`script_safe_json`] would make
/// it, without a second copy of a large file.
pub struct ScriptSafeJson;

impl serde_json::ser::Formatter for ScriptSafeJson {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut result = Ok(());
        script_safe_pieces(fragment, |piece| {
            if result.is_ok() {
                result = writer.write_all(piece.as_bytes());
            }
        });
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_with_dashes() {
        assert_eq!(slugify("Blinken Egypt_2"), "blinken-egypt-2");
    }

    #[test]
    fn latin_letters_are_spelled_in_ascii() {
        assert_eq!(slugify("Redacción Gloss"), "redaccion-gloss");
        assert_eq!(slugify("Straße Łódź Æsir"), "strasse-lodz-aesir");
        assert_eq!(slugify("2×3"), "2-3");
    }

    #[test]
    fn arabic_and_cjk_letters_stay_as_they_are() {
        assert_eq!(slugify("غزة"), "غزة");
        assert_eq!(slugify("外交 café"), "外交-cafe");
    }

    #[test]
    fn the_rule_before_transliteration_made_accents_dashes() {
        assert_eq!(slugify_before_transliteration("Redacción"), "redacci-n");
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
