//! `gloss explain CODE`: the reference page of a diagnostic code, as
//! `rustc --explain` gives one. The pages are `docs/errors/GXXXX.md`, embedded
//! in the binary so the command works wherever gloss is installed, and tested
//! (`tests/docs.rs`) so that every code gloss emits has one whose examples run.

use include_dir::{include_dir, Dir};

static PAGES: Dir = include_dir!("$CARGO_MANIFEST_DIR/docs/errors");

/// The page of `code` (`G0102`, `g0102` or `0102`), if there is one.
pub fn explanation(code: &str) -> Option<&'static str> {
    let code = code.trim().to_ascii_uppercase();
    let code = if code.starts_with('G') {
        code
    } else {
        format!("G{code}")
    };
    if !is_code(&code) {
        return None;
    }
    PAGES
        .get_file(format!("{code}.md"))
        .and_then(|file| file.contents_utf8())
}

/// Every code that has a page, in order.
pub fn codes() -> Vec<&'static str> {
    let mut codes: Vec<&str> = PAGES
        .files()
        .filter_map(|file| file.path().to_str()?.strip_suffix(".md"))
        .filter(|name| is_code(name))
        .collect();
    codes.sort_unstable();
    codes
}

fn is_code(name: &str) -> bool {
    name.len() == 5 && name.starts_with('G') && name[1..].bytes().all(|b| b.is_ascii_digit())
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
}
