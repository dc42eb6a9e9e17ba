//! `gloss explain CODE`: the reference page of a diagnostic code, as
//! `rustc --explain` gives one. The pages are `docs/errors/GXXXX.md`, embedded
//! in the binary so the command works wherever gloss is installed, and tested
//! (`tests/docs.rs`) so that every code gloss emits has one whose examples run.

use include_dir::{include_dir, Dir};

use crate::diagnostics::Code;

static PAGES: Dir = include_dir!("$CARGO_MANIFEST_DIR/docs/errors");

/// The page of `code` (`G0102`, `g0102` or `0102`), if there is one.
pub fn explanation(code: &str) -> Option<&'static str> {
    let code = Code::parse(code)?;
    PAGES
        .get_file(format!("{code}.md"))
        .and_then(|file| file.contents_utf8())
}

/// Every code gloss can report, in order.
pub fn codes() -> Vec<&'static str> {
    Code::ALL.iter().map(|code| code.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_found_in_any_spelling() {
        let page = explanation("G0102").unwrap();
        assert!(page.starts_with("# G0102"));
        assert_eq!(explanation("g0102"), Some(page));
        assert_eq!(explanation("0102"), Some(page));
        assert_eq!(explanation("G9999"), None);
        assert_eq!(explanation("README"), None);
        assert!(codes().contains(&"G0504"));
    }

    #[test]
    fn every_code_has_a_page() {
        for code in codes() {
            assert!(explanation(code).is_some(), "{code} has no page");
        }
    }
}
