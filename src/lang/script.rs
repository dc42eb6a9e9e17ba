//! What each script changes in the word rules: Chinese and Japanese write
//! no spaces, so a name there is a word wherever it stands; Arabic attaches
//! one-letter words (و ف ب ل ك: "and", "so", "by", "for", "like") to the word
//! that follows, and marks vowels and stretches letters with characters a
//! writer may leave out. The matcher (docs/matching.md) and the search index
//! both read these rules, so that a name is found the same way by both.

/// Han, kana and the CJK punctuation around them: text written without
/// spaces between words. (Korean is written with spaces, and is not here.)
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x31F0..=0x31FF    // Katakana phonetic extensions
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0xFF66..=0xFF9D    // half-width Katakana
        | 0x20000..=0x3134F  // CJK Extensions B to G
    )
}

/// How much there is to read in `text`, as (words, CJK characters): a
/// reader of Chinese or Japanese reads characters, not words, so each of
/// those is counted on its own; every other stretch between spaces is a
/// word, and the letters and digits written among CJK characters
/// (`Blinken在开罗`) are a word each.
pub fn reading_counts(text: &str) -> (usize, usize) {
    let (mut words, mut characters) = (0, 0);
    for token in text.split_whitespace() {
        let cjk = token.chars().filter(|c| is_cjk(*c)).count();
        if cjk == 0 {
            words += 1;
            continue;
        }
        characters += cjk;
        words += token
            .split(|c: char| is_cjk(c) || !c.is_alphanumeric())
            .filter(|part| !part.is_empty())
            .count();
    }
    (words, characters)
}

/// A letter of the Latin script beyond ASCII: accented letters (é, ñ, ł),
/// ligatures (æ, œ) and ß, which slugs spell in ASCII. The signs between
/// them in those blocks (× ÷) are not letters.
pub fn is_latin_letter(c: char) -> bool {
    let latin_block = matches!(c as u32,
        0x00C0..=0x024F      // Latin-1 letters, Latin Extended-A and -B
        | 0x1E00..=0x1EFF    // Latin Extended Additional (Vietnamese)
        | 0x2C60..=0x2C7F    // Latin Extended-C
        | 0xA720..=0xA7FF    // Latin Extended-D
        | 0xAB30..=0xAB6F    // Latin Extended-E
    );
    latin_block && c.is_alphabetic()
}

/// A letter of the Arabic script (not a mark, digit or punctuation).
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c as u32, 0x0621..=0x063A | 0x0641..=0x064A | 0x0671..=0x06D3 | 0x06FA..=0x06FF)
}

/// The one-letter words Arabic writes joined to the next word: و (and),
/// ف (so), ب (by, with), ل (for), ك (like).
pub const PROCLITICS: [char; 5] = ['و', 'ف', 'ب', 'ل', 'ك'];

/// Optional marks of Arabic text that never change which word it is: the
/// short vowels and other tashkeel (U+064B..U+065F, the superscript alef
/// U+0670) and the tatweel that stretches a line (U+0640).
pub fn is_optional_arabic_mark(c: char) -> bool {
    matches!(c as u32, 0x064B..=0x065F | 0x0670 | 0x0640)
}

/// Whether the text before a name (`before`, everything up to it) ends in
/// proclitics attached to it, one or two of them (وب, "and by"), that
/// themselves start a word.
pub fn ends_in_proclitics(before: &str) -> bool {
    let mut chars = before.chars().rev();
    let mut count = 0;
    for c in chars.by_ref() {
        if PROCLITICS.contains(&c) && count < 2 {
            count += 1;
            continue;
        }
        return count > 0 && !c.is_alphanumeric();
    }
    count > 0
}

/// Whether the character `neighbour`, next to `edge` (the first or last
/// character of a name found in text), makes the name part of a longer
/// word. Letters and digits do, except where one of the two is written
/// without spaces (CJK): "Blinken在开罗" and "美国国务卿布林肯周三" name him.
pub fn continues_word(edge: char, neighbour: char) -> bool {
    neighbour.is_alphanumeric() && !is_cjk(edge) && !is_cjk(neighbour)
}

/// An Arabic letter as search compares it: the forms of alef (أ إ آ ٱ) are
/// alef, alef maqsura (ى) is ya, ta marbuta (ة) is ha, as readers type them
/// interchangeably. Other characters are themselves.
pub fn fold_for_search(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' => 'ي',
        'ة' => 'ه',
        _ => c,
    }
}

/// A letter of a script written right to left: Hebrew, Arabic, Syriac,
/// Thaana, N'Ko and their presentation forms.
fn is_rtl_letter(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF) && c.is_alphabetic()
}

/// Whether `text`, set in a page written in direction `page_dir` (`rtl` or
/// `ltr`), must be isolated (`<bdi>`) so that the punctuation after it stays
/// where the page's direction puts it: its first letter (the "first strong
/// character" of the Unicode bidirectional algorithm) runs the other way.
/// "Antony Blinken" in an Arabic page is; "أنتوني بلينكن" in an English one
/// is too; text without a letter is not.
pub fn runs_against(text: &str, page_dir: &str) -> bool {
    let Some(first) = text.chars().find(|c| c.is_alphabetic()) else {
        return false;
    };
    is_rtl_letter(first) != (page_dir == "rtl")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_runs_against_a_page_of_the_other_direction() {
        assert!(runs_against("Antony Blinken", "rtl"));
        assert!(!runs_against("أنتوني بلينكن", "rtl"));
        assert!(runs_against("أنتوني بلينكن", "ltr"));
        assert!(!runs_against("Antony Blinken", "ltr"));
        assert!(!runs_against("2024", "rtl"));
        assert!(!runs_against("U.N.", "ltr"));
    }

    #[test]
    fn proclitics_start_a_word() {
        assert!(ends_in_proclitics("قال و"));
        assert!(ends_in_proclitics("وب"));
        assert!(ends_in_proclitics("(ل"));
        assert!(!ends_in_proclitics("قال"));
        assert!(!ends_in_proclitics("قالو"));
        assert!(!ends_in_proclitics("وبل"));
        assert!(!ends_in_proclitics(""));
    }

    #[test]
    fn chinese_and_japanese_are_read_by_the_character() {
        assert_eq!(reading_counts("The talks resumed — in Cairo."), (6, 0));
        assert_eq!(reading_counts("美国国务卿布林肯周三抵达开罗。"), (0, 14));
        assert_eq!(reading_counts("Blinken在开罗 会见了 2024年"), (2, 7));
        assert_eq!(reading_counts("カイロへ向かった"), (0, 8));
    }

    #[test]
    fn cjk_neighbours_never_extend_a_word() {
        assert!(!continues_word('肯', '周'));
        assert!(!continues_word('n', '在'));
        assert!(continues_word('n', 's'));
        assert!(continues_word('ن', 'ي'));
    }
}
