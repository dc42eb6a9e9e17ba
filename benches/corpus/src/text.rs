//! Text functions shared by the corpus builder and the writers: slugs,
//! capitals, quoting, word counts and sentence templates.

use crate::rng::Rng;
use crate::vocab;

/// A URL segment: lower case, every run of characters other than `a`-`z`
/// and `0`-`9` one hyphen, none at either end.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut hyphen = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if hyphen && !out.is_empty() {
                out.push('-');
            }
            hyphen = false;
            out.push(c);
        } else {
            hyphen = true;
        }
    }
    out
}

/// The sentence with its first letter in upper case; a leading `[` (a link)
/// is stepped over.
pub fn capitalize(s: &str) -> String {
    let skip = usize::from(s.starts_with('['));
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..skip]);
    let mut rest = s[skip..].chars();
    if let Some(c) = rest.next() {
        out.extend(c.to_uppercase());
    }
    out.push_str(rest.as_str());
    out
}

/// A double-quoted string that is valid YAML, TOML and JSON: `"`, `\` and
/// control characters escaped, and anything beyond ASCII as `\uXXXX`.
pub fn quote(s: &str) -> String {
    quote_as(s, false)
}

/// The same string with the letters beyond ASCII kept as they are, for the
/// files of an edition in another script (an editor's file, not `\u`
/// escapes).
pub fn quote_keeping_letters(s: &str) -> String {
    quote_as(s, true)
}

fn quote_as(s: &str, keep_letters: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(c),
            c if keep_letters && !c.is_control() => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
    out
}

/// `["a", "b"]`, each item quoted with [`quote`].
pub fn quote_list<S: AsRef<str>>(items: &[S]) -> String {
    let inner: Vec<String> = items.iter().map(|s| quote(s.as_ref())).collect();
    format!("[{}]", inner.join(", "))
}

pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Fills a sentence template. `{e}` is `mention`; `{topic}`, `{adj}`,
/// `{time}`, `{month}`, `{money}`, `{pct}` and `{days}` are drawn as they
/// come, left to right, so a template consumes only the draws it needs.
pub fn fill(rng: &mut Rng, template: &str, mention: &str) -> String {
    let mut out = String::with_capacity(template.len() + 40);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("an unclosed { in a template");
        match &rest[open + 1..close] {
            "e" => out.push_str(mention),
            "topic" => out.push_str(rng.pick(vocab::TOPICS)),
            "adj" => out.push_str(rng.pick(vocab::ADJECTIVES)),
            "time" => out.push_str(rng.pick(vocab::TIMES)),
            "month" => out.push_str(rng.pick(vocab::MONTHS)),
            "money" => out.push_str(&format!("${} million", rng.range(2, 950))),
            "pct" => out.push_str(&format!("{} percent", rng.range(5, 85))),
            "days" => out.push_str(&rng.range(3, 40).to_string()),
            other => panic!("unknown placeholder {{{other}}} in a template"),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("Why the Northern Relief Agency's plan"),
            "why-the-northern-relief-agency-s-plan"
        );
        assert_eq!(slugify("  --A. B--  "), "a-b");
        assert_eq!(slugify("Économie"), "conomie");
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
        assert_eq!(quote("é😀"), r#""\u00e9\ud83d\ude00""#);
        assert_eq!(quote_list(&["x", "y"]), r#"["x", "y"]"#);
    }

    #[test]
    fn capitals() {
        assert_eq!(capitalize("the agency"), "The agency");
        assert_eq!(capitalize("[the agency](@x) said"), "[The agency](@x) said");
        assert_eq!(capitalize(""), "");
    }
}
