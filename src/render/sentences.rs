//! The sentence a mention stands in, for entity pages: sentence bounds by
//! Unicode's rules, joined again after the abbreviations news text is full of.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// The sentence a mention stands in, split around the mention for
/// highlighting. One string and where the mention is in it, rather than
/// three strings: the first sentence of every mention waits for the entity
/// pages, about 1.9 million of them at 100,000 articles.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Sentence {
    text: Box<str>,
    /// The byte range of the mention in `text`.
    mention: (u32, u32),
}

impl Sentence {
    pub fn before(&self) -> &str {
        &self.text[..self.mention.0 as usize]
    }

    pub fn mention(&self) -> &str {
        &self.text[self.mention.0 as usize..self.mention.1 as usize]
    }

    pub fn after(&self) -> &str {
        &self.text[self.mention.1 as usize..]
    }
}

/// As templates see it: `before`, `mention` and `after`.
impl serde::Serialize for Sentence {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut sentence = serializer.serialize_struct("Sentence", 3)?;
        sentence.serialize_field("before", self.before())?;
        sentence.serialize_field("mention", self.mention())?;
        sentence.serialize_field("after", self.after())?;
        sentence.end()
    }
}

/// Sentence bounds by Unicode's rules (UAX #29), joined again where a break
/// fell after an abbreviation such as `U.S.` or `Gen.`, which news text is full of.
pub fn sentences(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut raw = text
        .split_sentence_bound_indices()
        .map(|(i, s)| (i, i + s.len()))
        .peekable();
    std::iter::from_fn(move || {
        let (start, mut end) = raw.next()?;
        while ends_with_abbreviation(&text[start..end]) {
            match raw.next() {
                Some((_, next_end)) => end = next_end,
                None => break,
            }
        }
        Some((start, end))
    })
}

/// Where to start looking for the sentence that holds `at`: the start of
/// the last sentence that Unicode's rules surely begin at or before `at`
/// (a capital or uncased letter after a full stop, question or
/// exclamation mark and its closing quotes and spaces, not after an
/// abbreviation), else 0. Sentence bounds found from there are the ones
/// found from the start of the text (the rules look back no further than
/// the terminator of the sentence before), and a mention late in a long
/// paragraph no longer costs the sentences before it.
fn sentence_start_before(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let head = &text[..at];
    for (start, c) in head.char_indices().rev() {
        if !c.is_alphabetic() || c.is_lowercase() {
            continue;
        }
        let before = &head[..start];
        let spaced = before.trim_end_matches([' ', '\u{a0}']);
        let closed =
            spaced.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')', ']', '\u{bb}']);
        let terminated = match closed.chars().next_back() {
            // A full stop ends a sentence before a space only: `U.S`, `3.5`.
            Some('.') => spaced.len() < before.len() && !ends_with_abbreviation(closed),
            Some('!' | '?' | '\u{61f}' | '\u{3002}' | '\u{ff01}' | '\u{ff1f}') => true,
            _ => false,
        };
        if terminated {
            return start;
        }
    }
    0
}

/// The bounds of the sentence of `text` that holds byte `at`, looked for
/// from a little before it and from `not_before` on (the end of a
/// sentence found already): the same as the sentence [`sentences`] gives.
pub fn sentence_holding(text: &str, at: usize, not_before: usize) -> (usize, usize) {
    let from = sentence_start_before(text, at).max(not_before);
    (sentences(&text[from..]))
        .map(|(start, end)| (from + start, from + end))
        .find(|&(_, end)| end > at)
        .unwrap_or((from, text.len()))
}

fn ends_with_abbreviation(sentence: &str) -> bool {
    const TITLES: &[&str] = &[
        "Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Sen.", "Rep.", "Gov.", "Lt.", "Col.", "Sgt.",
        "Capt.", "Adm.", "Prof.", "St.", "Jr.", "Sr.", "No.", "Jan.", "Feb.", "Aug.", "Sept.",
        "Oct.", "Nov.", "Dec.", "vs.",
    ];
    let Some(word) = sentence.split_whitespace().next_back() else {
        return false;
    };
    // Initials and acronyms written with periods: U.S., U.N., E.U.
    let initials = word.len() >= 2
        && word.ends_with('.')
        && word
            .split('.')
            .filter(|p| !p.is_empty())
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic));
    initials || TITLES.contains(&word)
}

/// The sentence `bounds` of `text`, split around the mention at `range`.
pub fn sentence_around(text: &str, bounds: (usize, usize), range: Range<usize>) -> Sentence {
    let range = range.start.min(text.len())..range.end.min(text.len());
    let (start, end) = bounds;
    let start = start.min(range.start);
    let end = end.max(range.end);
    // Each part with its runs of white space made one space, written
    // into the one string of the sentence.
    let mut out = String::with_capacity(end - start);
    let squash = |out: &mut String, s: &str| {
        for (i, word) in s.split_whitespace().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(word);
        }
    };
    let before = &text[start..range.start];
    squash(&mut out, before);
    if before.ends_with(char::is_whitespace) && !out.is_empty() {
        out.push(' ');
    }
    let mention_start = out.len();
    squash(&mut out, &text[range.clone()]);
    let mention_end = out.len();
    let after = &text[range.end..end];
    if after.starts_with(char::is_whitespace) && after.split_whitespace().next().is_some() {
        out.push(' ');
    }
    squash(&mut out, after);
    Sentence {
        text: out.into_boxed_str(),
        mention: (mention_start as u32, mention_end as u32),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_is_cut_around_the_mention() {
        let text = "First one. Then Blinken met Sissi. Last.";
        let start = text.find("Blinken").unwrap();
        let bounds = (text.find("Then").unwrap(), text.find("Last").unwrap());
        let s = sentence_around(text, bounds, start..start + 7);
        assert_eq!(s.before(), "Then ");
        assert_eq!(s.mention(), "Blinken");
        assert_eq!(s.after(), " met Sissi.");
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(
            json,
            r#"{"before":"Then ","mention":"Blinken","after":" met Sissi."}"#
        );
    }

    #[test]
    fn a_sentence_looked_for_near_its_mention_is_the_one_from_the_start() {
        let texts = [
            include_str!("../../content/articles/ceasefire-talks-egypt.md"),
            include_str!("../../content/articles/ceasefire-talks-egypt.ar.md"),
            "U.S. Secretary of State Antony Blinken met Gen. Smith. Then he left! Did he? \
             \"Yes.\" He said so. (It was 3.5 p.m.) The talks, e.g. On trade, went on. \
             Mr. Sisi spoke... Then Dr. Ahmed. A. B. Cohen came.",
            "بلينكن التقى السيسي. ثم غادر؟ نعم! قالت الوزارة ذلك.",
            "布林肯会见了塞西。然后他离开了！他说了什么？没有。",
            "No terminator at all here, only words and More Capitals",
        ];
        for text in texts {
            let starts = (0..text.len()).filter(|&i| text.is_char_boundary(i));
            for at in starts {
                let whole = sentences(text)
                    .find(|&(_, end)| end > at)
                    .unwrap_or((0, text.len()));
                assert_eq!(sentence_holding(text, at, 0), whole, "at {at} of {text:?}");
            }
        }
    }

    #[test]
    fn sentences_do_not_break_after_abbreviations() {
        let text = "U.S. Secretary of State Antony Blinken met Gen. Smith. Then he left.";
        let found: Vec<&str> = sentences(text).map(|(s, e)| text[s..e].trim()).collect();
        assert_eq!(
            found,
            [
                "U.S. Secretary of State Antony Blinken met Gen. Smith.",
                "Then he left."
            ]
        );
    }
}
