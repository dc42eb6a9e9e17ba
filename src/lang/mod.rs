//! The languages of a site's editions: BCP 47 tags, the direction each is
//! written in, the name a reader of it knows it by, and the language suffix
//! of a content file (`blinken-egypt.ar.md`). The rules of each script for
//! matching and search are in [`script`]; dates and numbers in [`format`];
//! the theme's words in [`words`].

pub mod format;
pub mod script;
pub mod words;

use serde::Serialize;

/// One declared edition's language.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Language {
    /// The tag as declared, in its canonical case: `ar`, `pt-BR`, `zh-Hans`.
    pub tag: String,
    /// `rtl` or `ltr`, for `<html dir>`.
    pub dir: &'static str,
    /// The language's name in itself, for the language switcher: `العربية`.
    pub name: String,
}

impl Language {
    /// The language of a valid tag.
    pub fn new(tag: &str) -> Language {
        Language {
            tag: tag.to_string(),
            dir: if is_rtl(tag) { "rtl" } else { "ltr" },
            name: autonym(tag),
        }
    }

    /// The primary language subtag, lowercase: `zh` of `zh-Hant-TW`.
    pub fn primary(&self) -> &str {
        primary(&self.tag)
    }
}

/// `tag` in its canonical form if it is a well-formed BCP 47 language tag,
/// else why not. ICU4X parses it, so `en_US` and `english` are refused the
/// same way a browser or a search engine would refuse them.
pub fn check_tag(tag: &str) -> Result<String, String> {
    let trimmed = tag.trim();
    if trimmed.contains('_') {
        return Err(format!(
            "`{tag}` uses `_`; BCP 47 tags separate their parts with `-`"
        ));
    }
    match icu::locale::LanguageIdentifier::try_from_str(trimmed) {
        Ok(id) if !id.language.is_unknown() => Ok(id.to_string()),
        Ok(_) => Err(format!("`{tag}` names no language")),
        Err(_) => Err(format!("`{tag}` is not a BCP 47 language tag")),
    }
}

/// The primary subtag of a tag, lowercase.
pub fn primary(tag: &str) -> &str {
    tag.split('-').next().unwrap_or(tag)
}

/// Whether the language is written right to left: by its script subtag when
/// it has one (`az-Arab`), else by its language.
pub fn is_rtl(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or_default().to_ascii_lowercase();
    if let Some(script) = parts.find(|p| p.len() == 4) {
        return matches!(
            script.to_ascii_lowercase().as_str(),
            "arab" | "hebr" | "thaa" | "syrc" | "nkoo" | "adlm" | "rohg"
        );
    }
    matches!(
        language.as_str(),
        "ar" | "he" | "fa" | "ur" | "ps" | "sd" | "ug" | "yi" | "dv" | "ckb" | "ku" | "arz"
    )
}

/// The language's own name; the tag itself for a language this table does
/// not know (a site names it in its translation file, `language_name`).
pub fn autonym(tag: &str) -> String {
    let name = match primary(tag).to_ascii_lowercase().as_str() {
        "ar" => "العربية",
        "de" => "Deutsch",
        "en" => "English",
        "es" => "Español",
        "fa" => "فارسی",
        "fr" => "Français",
        "he" => "עברית",
        "hi" => "हिन्दी",
        "id" => "Bahasa Indonesia",
        "it" => "Italiano",
        "ja" => "日本語",
        "ko" => "한국어",
        "pt" => "Português",
        "ru" => "Русский",
        "sw" => "Kiswahili",
        "tr" => "Türkçe",
        "uk" => "Українська",
        "ur" => "اردو",
        "zh" => "中文",
        _ => return tag.to_string(),
    };
    name.to_string()
}

/// Splits a file stem into its name and a language suffix, when the part
/// after its last dot is shaped like a language tag: `blinken-egypt.ar` ->
/// (`blinken-egypt`, `ar`), `report.pt-BR` -> (`report`, `pt-BR`). A part
/// that is no tag (`v2`, `final`) stays in the name.
pub fn split_suffix(stem: &str) -> Option<(&str, &str)> {
    let (name, suffix) = stem.rsplit_once('.')?;
    let mut parts = suffix.split('-');
    let first = parts.next()?;
    let language = (2..=3).contains(&first.len()) && first.chars().all(|c| c.is_ascii_alphabetic());
    let rest_ok =
        parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    (language && rest_ok && !name.is_empty()).then_some((name, suffix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_checked_by_bcp_47() {
        assert_eq!(check_tag("ar").as_deref(), Ok("ar"));
        assert_eq!(check_tag("pt-br").as_deref(), Ok("pt-BR"));
        assert_eq!(check_tag("zh-hans").as_deref(), Ok("zh-Hans"));
        for bad in ["en_US", "english", "a", "", "12", "en--x"] {
            assert!(check_tag(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn direction_follows_the_script() {
        assert!(is_rtl("ar"));
        assert!(is_rtl("ar-EG"));
        assert!(is_rtl("az-Arab"));
        assert!(!is_rtl("en"));
        assert!(!is_rtl("ku-Latn"));
    }

    #[test]
    fn a_suffix_is_a_language_only_when_shaped_like_one() {
        assert_eq!(split_suffix("x.ar"), Some(("x", "ar")));
        assert_eq!(split_suffix("x.pt-BR"), Some(("x", "pt-BR")));
        assert_eq!(split_suffix("x.v2"), None);
        assert_eq!(split_suffix("x.final"), None);
        assert_eq!(split_suffix("x"), None);
        assert_eq!(split_suffix(".ar"), None);
    }
}
