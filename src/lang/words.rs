//! The theme's words in each language: one file per language in `i18n/`
//! (embedded), laid over the English one, then under the site's own
//! `i18n/LANG.yaml`. Templates read them as `site.words.KEY`.

use std::collections::BTreeMap;

/// Key -> the word or phrase, for one language.
pub type Words = BTreeMap<String, String>;

const BUILT_IN: &[(&str, &str)] = &[
    ("en", include_str!("../../i18n/en.yaml")),
    ("ar", include_str!("../../i18n/ar.yaml")),
    ("es", include_str!("../../i18n/es.yaml")),
    ("fr", include_str!("../../i18n/fr.yaml")),
    ("zh", include_str!("../../i18n/zh.yaml")),
];

fn parse(text: &str) -> Words {
    serde_yaml::from_str(text).unwrap_or_default()
}

/// The words of `tag`: English, then the built-in file of its language,
/// then the site's overrides.
pub fn for_language(tag: &str, site: Option<&Words>) -> Words {
    let mut words = parse(BUILT_IN[0].1);
    let primary = super::primary(tag).to_ascii_lowercase();
    if let Some((_, text)) = BUILT_IN.iter().skip(1).find(|(t, _)| *t == primary) {
        words.extend(parse(text));
    }
    if let Some(site) = site {
        words.extend(site.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    words
}

/// The words for a count of `n`: the form `KEY_CATEGORY` of `n`'s plural
/// category in `language` (`explainers_few`), else `KEY_other`, else `KEY`;
/// `{n}` in it becomes `n` as the language writes numbers.
/// The words are read through `get` (a template's `site.words`).
pub fn counted_in(
    get: impl Fn(&str) -> Option<String>,
    key: &str,
    language: &str,
    n: i64,
) -> String {
    let category = super::format::plural_category(language, n);
    let form = get(&format!("{key}_{category}"))
        .or_else(|| get(&format!("{key}_other")))
        .or_else(|| get(key));
    match form {
        Some(form) => form.replace("{n}", &super::format::number(language, n)),
        None => format!("{n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The CLDR plural categories besides `one` and `other`, which English
    /// does not need but other languages do (`explainers_two` in Arabic).
    const OTHER_CATEGORIES: [&str; 4] = ["zero", "two", "few", "many"];

    fn counted(words: &Words, key: &str, language: &str, n: i64) -> String {
        counted_in(|k| words.get(k).cloned(), key, language, n)
    }

    #[test]
    fn every_language_file_has_every_english_key() {
        let english: Vec<String> = parse(BUILT_IN[0].1).into_keys().collect();
        for (tag, text) in BUILT_IN {
            let words = parse(text);
            for key in &english {
                assert!(words.contains_key(key), "{tag} lacks {key}");
            }
            for key in words.keys().filter(|k| !english.contains(k)) {
                // Only the plural forms English has no use for.
                let base = OTHER_CATEGORIES
                    .iter()
                    .find_map(|c| key.strip_suffix(&format!("_{c}")));
                let known = base.is_some_and(|b| english.contains(&format!("{b}_other")));
                assert!(known, "{tag} has `{key}`, which English lacks");
            }
        }
    }

    #[test]
    fn a_count_takes_the_form_of_its_plural_category() {
        let english = for_language("en", None);
        assert_eq!(counted(&english, "explainers", "en", 1), "1 explainer");
        assert_eq!(
            counted(&english, "explainers", "en", 1234),
            "1,234 explainers"
        );
        let arabic = for_language("ar", None);
        assert_eq!(counted(&arabic, "explainers", "ar", 1), "شرح واحد");
        assert_eq!(counted(&arabic, "explainers", "ar", 2), "شرحان");
        assert_eq!(counted(&arabic, "explainers", "ar", 3), "3 شروحات");
        assert_eq!(counted(&arabic, "explainers", "ar", 11), "11 شرحًا");
    }

    #[test]
    fn the_site_overrides_a_word() {
        let site = Words::from([("by".to_string(), "كتبه".to_string())]);
        assert_eq!(for_language("ar", Some(&site))["by"], "كتبه");
        assert_eq!(for_language("ar-EG", None)["by"], "بقلم");
    }
}
