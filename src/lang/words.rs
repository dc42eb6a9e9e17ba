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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_file_has_every_english_key() {
        let english: Vec<String> = parse(BUILT_IN[0].1).into_keys().collect();
        for (tag, text) in BUILT_IN {
            let words = parse(text);
            for key in &english {
                assert!(words.contains_key(key), "{tag} lacks {key}");
            }
            assert_eq!(words.len(), english.len(), "{tag} has keys English lacks");
        }
    }

    #[test]
    fn the_site_overrides_a_word() {
        let site = Words::from([("by".to_string(), "كتبه".to_string())]);
        assert_eq!(for_language("ar", Some(&site))["by"], "كتبه");
        assert_eq!(for_language("ar-EG", None)["by"], "بقلم");
    }
}
