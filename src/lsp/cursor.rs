//! What is under the cursor: a front-matter key, an entity slug in
//! `annotations:` or in a `[text](@slug)` link, a tag, a kind, an error
//! code, or the body's text. Read from the lines as they are typed, so it
//! works while the YAML is half written and does not parse.

use std::ops::Range;

use super::documents::Role;
use crate::diagnostics::Code;
use crate::load::frontmatter::split;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spot {
    /// A top-level key of the front matter (or of site.yaml), being typed.
    Key,
    /// An entity slug in `annotations:`.
    Slug,
    /// The slug of an explicit mention, `[text](@slug)`.
    LinkSlug,
    /// A value of `tags:`.
    Tag,
    /// The value of an entity's `kind:`.
    Kind,
    /// An error code such as `G0202`.
    Code(Code),
    /// The Markdown body.
    Body,
    /// Anywhere else in the front matter.
    Elsewhere,
}

/// The spot at `offset` and the word there (what a completion replaces).
pub fn spot(text: &str, role: Role, offset: usize) -> (Spot, Range<usize>) {
    let offset = offset.min(text.len());
    let word = word_at(text, offset);
    if let Some(code) = Code::parse(&text[word.clone()]).filter(|_| word.len() == 5) {
        return (Spot::Code(code), word);
    }
    let Some(yaml) = yaml_of(text, role) else {
        return (body_spot(text, &word), word);
    };
    if offset > yaml.end || offset < yaml.start {
        return (body_spot(text, &word), word);
    }
    let line_start = text[..word.start].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..word.start];
    if !before.starts_with([' ', '\t', '-', '#']) && !before.contains(':') {
        return (Spot::Key, word);
    }
    let last_key = before.rfind(':').map(|colon| key_before(&before[..colon]));
    let unquoted = before.trim_end().trim_end_matches(['"', '\'']).trim_end();
    let after_item = unquoted.ends_with(['-', '[', ',', ':']);
    let spot = match (key_of(text, &yaml, line_start), last_key) {
        (Some("annotations"), None | Some("annotations" | "entity")) if after_item => Spot::Slug,
        (Some("tags"), None | Some("tags")) if after_item => Spot::Tag,
        (Some("kind"), Some("kind")) if role == Role::Entity => Spot::Kind,
        _ => Spot::Elsewhere,
    };
    (spot, word)
}

/// The front matter's YAML (all of site.yaml); an unclosed front matter
/// runs to the end of the file.
pub fn yaml_of(text: &str, role: Role) -> Option<Range<usize>> {
    match role {
        Role::Settings => Some(0..text.len()),
        Role::Article | Role::Entity => match split(text) {
            Ok(Some(parts)) => Some(parts.yaml),
            Ok(None) => None,
            Err(at) => Some(text[at..].find('\n').map_or(text.len(), |i| at + i + 1)..text.len()),
        },
        Role::Other => None,
    }
}

/// The slug of a `](@slug)` link, or plain body text.
fn body_spot(text: &str, word: &Range<usize>) -> Spot {
    if text[..word.start].ends_with("](@") {
        Spot::LinkSlug
    } else {
        Spot::Body
    }
}

/// The top-level key whose value holds the line starting at `line_start`:
/// the nearest line at or above it that starts a key.
pub fn key_of<'t>(text: &'t str, yaml: &Range<usize>, line_start: usize) -> Option<&'t str> {
    let mut end = (text[line_start..].find('\n')).map_or(text.len(), |i| line_start + i);
    loop {
        let start = text[..end].rfind('\n').map_or(0, |i| i + 1).max(yaml.start);
        let line = &text[start..end];
        if !line.starts_with([' ', '\t', '-', '#']) {
            if let Some((key, _)) = line.split_once(':') {
                return Some(key.trim());
            }
        }
        if start <= yaml.start {
            return None;
        }
        end = start - 1;
    }
}

/// The key written just before a colon: `  - entity` gives `entity`.
fn key_before(text: &str) -> &str {
    let start = text.rfind(|c: char| !is_word_char(c)).map_or(0, |i| i + 1);
    &text[start..]
}

/// The run of slug characters (letters, digits, `-`, `_`) around `offset`.
pub fn word_at(text: &str, offset: usize) -> Range<usize> {
    let start = text[..offset]
        .rfind(|c: char| !is_word_char(c))
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    let end = text[offset..]
        .find(|c: char| !is_word_char(c))
        .map_or(text.len(), |i| offset + i);
    start..end
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = "---\ntitle: T\ntags: [gaza, dip]\nannotations:\n  - antony-blinken\n  - entity: hamas\n    aliases: [Miller]\n  - term: truce\n---\nText [him](@antony-b) and G0202.\n";

    fn at(needle: &str) -> Spot {
        let offset = ARTICLE.find(needle).unwrap() + 1;
        spot(ARTICLE, Role::Article, offset).0
    }

    #[test]
    fn each_place_of_an_article_is_told_apart() {
        assert_eq!(at("title"), Spot::Key);
        assert_eq!(at("dip"), Spot::Tag);
        assert_eq!(at("antony-blinken"), Spot::Slug);
        assert_eq!(at("hamas"), Spot::Slug);
        assert_eq!(at("Miller"), Spot::Elsewhere);
        assert_eq!(at("truce"), Spot::Elsewhere);
        assert_eq!(at("antony-b)"), Spot::LinkSlug);
        assert_eq!(at("G0202"), Spot::Code(Code::NoEntity));
        assert_eq!(at("Text"), Spot::Body);
        let quoted = "---\nannotations: [\"hamas\", \"isr\"]\n---\n";
        let offset = quoted.find("isr").unwrap() + 3;
        assert_eq!(
            spot(quoted, Role::Article, offset),
            (Spot::Slug, offset - 3..offset)
        );
    }

    #[test]
    fn a_word_is_the_slug_around_the_cursor() {
        let text = "  - antony-blinken\n";
        assert_eq!(&text[word_at(text, 8)], "antony-blinken");
        assert_eq!(word_at(text, 4), 4..18);
    }
}
