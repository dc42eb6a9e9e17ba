//! The mention matcher: one Aho-Corasick automaton over every name in the site,
//! and the word rules of SPEC section 4 applied to what it finds.
//!
//! The automaton holds every entity name and alias (global) and every
//! article-local alias and term name (scoped to one article). It runs in
//! overlapping mode so that each article can then pick, among the names that
//! mean something to it, the leftmost-longest whole-word matches.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::lang::script;
use crate::model::Target;

/// Who a pattern belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner {
    /// `None` for an entity's own name or alias; `Some(i)` for a name local to article `i`.
    pub article: Option<usize>,
    pub target: Target,
}

pub struct NameIndex {
    automaton: AhoCorasick,
    owners: Vec<Vec<Owner>>,
}

/// A match chosen for an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range in the original (not normalized) text.
    pub range: Range<usize>,
    pub kind: FoundKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoundKind {
    /// A name of something the article annotates.
    Annotated(Target),
    /// The name of a known entity the article does not annotate (for `check`).
    Unannotated(usize),
}

#[derive(Default)]
pub struct NameIndexBuilder {
    patterns: Vec<String>,
    owners: Vec<Vec<Owner>>,
    ids: HashMap<String, usize>,
}

impl NameIndexBuilder {
    pub fn add(&mut self, name: &str, owner: Owner) {
        let name = normalize(name).0.into_owned();
        if name.trim().is_empty() {
            return;
        }
        let id = *self.ids.entry(name.clone()).or_insert_with(|| {
            self.patterns.push(name);
            self.owners.push(Vec::new());
            self.patterns.len() - 1
        });
        if !self.owners[id].contains(&owner) {
            self.owners[id].push(owner);
        }
    }

    pub fn build(self) -> NameIndex {
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&self.patterns)
            .expect("name patterns are plain strings and always build");
        NameIndex {
            automaton,
            owners: self.owners,
        }
    }
}

impl NameIndex {
    /// Finds the mentions in `text` for article `article`; `annotated` says which
    /// entities the article annotates.
    pub fn find(
        &self,
        text: &str,
        article: usize,
        annotated: impl Fn(usize) -> bool,
    ) -> Vec<Found> {
        let (hay, map) = normalize(text);
        let mut candidates: Vec<(Range<usize>, FoundKind)> = Vec::new();
        for m in self.automaton.find_overlapping_iter(hay.as_ref()) {
            let range = m.start()..m.end();
            if !is_whole_word(&hay, &range) {
                continue;
            }
            let owners = &self.owners[m.pattern().as_usize()];
            let relevant = owners.iter().find(|o| match (o.article, o.target) {
                (Some(a), _) => a == article,
                (None, Target::Entity(e)) => annotated(e),
                (None, Target::Term(_)) => false,
            });
            let kind = match relevant {
                Some(owner) => FoundKind::Annotated(owner.target),
                None => match unique_global_entity(owners) {
                    Some(entity) => FoundKind::Unannotated(entity),
                    None => continue,
                },
            };
            candidates.push((range, kind));
        }
        // Leftmost first; at the same start, longest first.
        candidates.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end)));
        let mut chosen = Vec::new();
        let mut end = 0;
        for (range, kind) in candidates {
            if range.start < end {
                continue;
            }
            end = range.end;
            let range = match &map {
                Some(map) => map[range.start]..map[range.end],
                None => range,
            };
            chosen.push(Found { range, kind });
        }
        chosen
    }
}

/// The single entity a global name belongs to; ambiguous names mean nobody.
fn unique_global_entity(owners: &[Owner]) -> Option<usize> {
    let mut entity = None;
    for owner in owners.iter().filter(|o| o.article.is_none()) {
        match (owner.target, entity) {
            (Target::Entity(e), None) => entity = Some(e),
            (Target::Entity(e), Some(prev)) if e != prev => return None,
            _ => {}
        }
    }
    entity
}

/// SPEC 4: the characters on either side of a match are not letters or
/// digits, as each script reads it (docs/matching.md): beside Chinese or
/// Japanese any character is a boundary, and an Arabic name may carry
/// attached proclitics (وبلينكن, "and Blinken").
fn is_whole_word(text: &str, range: &Range<usize>) -> bool {
    let found = &text[range.clone()];
    let (Some(first), Some(last)) = (found.chars().next(), found.chars().next_back()) else {
        return false;
    };
    let before_text = &text[..range.start];
    let before = before_text.chars().next_back();
    let after = text[range.end..].chars().next();
    let open_start = match before {
        None => true,
        Some(_) if script::is_arabic_letter(first) && script::ends_in_proclitics(before_text) => {
            true
        }
        Some(c) => !script::continues_word(first, c),
    };
    open_start && !after.is_some_and(|c| script::continues_word(last, c))
}

/// What [`normalize`] does with one character.
enum Fold {
    Keep,
    To(char),
    /// Optional Arabic marks (tashkeel, tatweel): never part of the comparison.
    Drop,
}

fn fold(c: char) -> Fold {
    match c {
        '\u{2019}' | '\u{2018}' => Fold::To('\''),
        '\u{2011}' | '\u{2010}' => Fold::To('-'),
        '\n' | '\u{a0}' => Fold::To(' '),
        c if script::is_optional_arabic_mark(c) => Fold::Drop,
        _ => Fold::Keep,
    }
}

/// Folds the characters SPEC 4 treats as equal (typographic and straight
/// apostrophe, hyphen and non-breaking hyphen, the kinds of space) into one,
/// and leaves out Arabic tashkeel and tatweel. When lengths change it also
/// returns, for each byte of the result (and one past the end), the offset
/// of the byte it came from.
pub fn normalize(text: &str) -> (Cow<'_, str>, Option<Vec<usize>>) {
    if !text.chars().any(|c| !matches!(fold(c), Fold::Keep)) {
        return (Cow::Borrowed(text), None);
    }
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut same_length = true;
    for (offset, c) in text.char_indices() {
        let folded = match fold(c) {
            Fold::Keep => c,
            Fold::To(to) => to,
            Fold::Drop => {
                same_length = false;
                continue;
            }
        };
        same_length &= folded.len_utf8() == c.len_utf8();
        for i in 0..folded.len_utf8() {
            map.push(offset + i.min(c.len_utf8() - 1));
        }
        out.push(folded);
    }
    map.push(text.len());
    (Cow::Owned(out), (!same_length).then_some(map))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(names: &[(&str, usize)]) -> NameIndex {
        let mut builder = NameIndexBuilder::default();
        for (name, entity) in names {
            builder.add(
                name,
                Owner {
                    article: None,
                    target: Target::Entity(*entity),
                },
            );
        }
        builder.build()
    }

    fn found(index: &NameIndex, text: &str) -> Vec<String> {
        index
            .find(text, 0, |_| true)
            .into_iter()
            .map(|f| text[f.range].to_string())
            .collect()
    }

    #[test]
    fn leftmost_longest_wins() {
        let index = index(&[("U.N.", 0), ("U.N. General Assembly", 1)]);
        assert_eq!(
            found(&index, "The U.N. General Assembly and the U.N."),
            ["U.N. General Assembly", "U.N."]
        );
    }

    #[test]
    fn apostrophes_are_one_character_and_ranges_map_back() {
        let index = index(&[("Ma'ale Adumim", 0)]);
        let text = "In Ma\u{2019}ale Adumim today";
        assert_eq!(found(&index, text), ["Ma\u{2019}ale Adumim"]);
    }

    #[test]
    fn chinese_names_match_without_spaces() {
        let index = index(&[("布林肯", 0), ("Blinken", 1)]);
        assert_eq!(
            found(&index, "美国国务卿布林肯周三抵达开罗，Blinken在开罗"),
            ["布林肯", "Blinken"]
        );
    }

    #[test]
    fn arabic_proclitics_and_marks_do_not_block() {
        let index = index(&[("بلينكن", 0)]);
        assert_eq!(found(&index, "وبلينكن قال"), ["بلينكن"]);
        assert_eq!(found(&index, "بلينكنُ"), ["بلينكنُ"]);
        assert_eq!(found(&index, "بليـنكن"), ["بليـنكن"]);
        assert!(found(&index, "ابلينكن").is_empty());
    }

    #[test]
    fn names_match_across_a_line_break() {
        let index = index(&[("Antony Blinken", 0)]);
        assert_eq!(found(&index, "Antony\nBlinken said"), ["Antony\nBlinken"]);
    }
}
