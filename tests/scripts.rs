//! Search and reading time in the scripts that need rules of their own
//! (docs/languages.md): Chinese and Japanese, written without spaces, are
//! indexed as pairs of characters and read by the character; Arabic is
//! found with or without its optional marks and letter forms.

mod common;

use common::{select, text, Built, TestSite};
use serde_json::Value;

/// English, Chinese and Arabic: one story in each, and an entity.
fn three_editions() -> TestSite {
    TestSite::new()
        .file(
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/\nlanguages: [en, zh, ar]\n",
        )
        .entity("antony-blinken", "Antony Blinken", "person", &["Blinken"])
        .article(
            "talks",
            "summary: Talks in Cairo.",
            "Antony Blinken arrived in Cairo.",
        )
        .file(
            "content/articles/talks.zh.md",
            &format!(
                "---\ntitle: 开罗会谈\ndate: 2024-09-19\n---\n美国国务卿布林肯周三抵达开罗。\n\n{}\n",
                "停火谈判仍在继续，调解人在各代表团之间传递提案。".repeat(40)
            ),
        )
        .file(
            "content/articles/talks.ar.md",
            "---\ntitle: محادثات\ndate: 2024-09-19\n---\nوصل أَنْتُونِي بلـــينكن إلى القاهرة.\n",
        )
}

fn json(built: &Built, rel: &str) -> Value {
    serde_json::from_str(&built.read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every term of the index in `folder` (`search/`, `zh/search/`).
fn terms(built: &Built, folder: &str) -> Vec<String> {
    let manifest = json(built, &format!("{folder}index.json"));
    let mut all = Vec::new();
    for key in manifest["shards"].as_array().unwrap() {
        let shard = json(built, &format!("{folder}t/{}.json", key.as_str().unwrap()));
        for term in shard["terms"].as_array().unwrap() {
            all.push(term.as_str().unwrap().to_string());
        }
    }
    all
}

/// The URLs of the documents that have, for every one of `query`'s terms,
/// a term starting with it: the search `gloss-search.js` runs.
fn search(built: &Built, folder: &str, query: &[&str]) -> Vec<String> {
    let manifest = json(built, &format!("{folder}index.json"));
    let mut found: Option<Vec<u64>> = None;
    for word in query {
        let key: String = word.bytes().map(|b| format!("{b:02x}")).collect();
        let mut docs = Vec::new();
        for shard in manifest["shards"].as_array().unwrap() {
            let shard = shard.as_str().unwrap();
            if !key.starts_with(shard) && !shard.starts_with(&key) {
                continue;
            }
            let shard = json(built, &format!("{folder}t/{shard}.json"));
            let terms = shard["terms"].as_array().unwrap();
            for (term, postings) in terms.iter().zip(shard["postings"].as_array().unwrap()) {
                if !term.as_str().unwrap().starts_with(word) {
                    continue;
                }
                let mut doc = 0;
                for pair in postings.as_array().unwrap().chunks(2) {
                    doc += pair[0].as_u64().unwrap();
                    docs.push(doc);
                }
            }
        }
        found = Some(match found {
            None => docs,
            Some(before) => before.into_iter().filter(|d| docs.contains(d)).collect(),
        });
    }
    let chunk = manifest["chunk"].as_u64().unwrap();
    let mut urls: Vec<String> = (found.unwrap_or_default().into_iter())
        .map(|doc| {
            let docs = json(built, &format!("{folder}d/{}.json", doc / chunk));
            docs[(doc % chunk) as usize]["u"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    urls.sort();
    urls.dedup();
    urls
}

#[test]
fn chinese_text_is_indexed_as_pairs_of_characters() {
    let built = three_editions().build_ok();
    let terms = terms(&built, "zh/search/");
    for pair in ["美国", "国务", "务卿", "布林", "林肯", "开罗", "会谈"] {
        assert!(terms.iter().any(|t| t == pair), "no `{pair}` in {terms:?}");
    }
    // No run of three or more characters is a term: pairs cover it.
    assert!(!terms.iter().any(|t| t == "布林肯"), "{terms:?}");
}

#[test]
fn a_two_character_chinese_word_finds_the_article() {
    let built = three_editions().build_ok();
    // `开罗` is the pair `开罗` and its last character `罗`, as the script
    // splits it.
    assert_eq!(
        search(&built, "zh/search/", &["开罗", "罗"]),
        ["/articles/talks/"]
    );
    // A three-character name is found as its two pairs and its last one.
    assert_eq!(
        search(&built, "zh/search/", &["布林", "林肯", "肯"]),
        ["/articles/talks/"]
    );
    // One character finds every run it is in, at its end too.
    assert_eq!(search(&built, "zh/search/", &["罗"]), ["/articles/talks/"]);
}

#[test]
fn arabic_with_tashkeel_tatweel_and_alef_forms_is_found_by_a_plain_query() {
    let built = three_editions().build_ok();
    let terms = terms(&built, "ar/search/");
    for plain in ["انتوني", "بلينكن", "القاهره"] {
        assert!(
            terms.iter().any(|t| t == plain),
            "no `{plain}` in {terms:?}"
        );
    }
    assert_eq!(
        search(&built, "ar/search/", &["انتوني", "بلينكن"]),
        ["/articles/talks/"]
    );
}

#[test]
fn each_editions_manifest_names_the_other_editions_indexes() {
    let built = three_editions().build_ok();
    let editions = |folder: &str| -> Vec<(String, String, String)> {
        let manifest = json(&built, &format!("{folder}search/index.json"));
        (manifest["editions"].as_array().unwrap().iter())
            .map(|e| {
                let field = |k: &str| e[k].as_str().unwrap().to_string();
                (field("lang"), field("name"), field("index"))
            })
            .collect()
    };
    let named = |lang: &str, name: &str, index: &str| (lang.into(), name.into(), index.into());
    assert_eq!(
        editions(""),
        [
            named("zh", "中文", "../zh/search/index.json"),
            named("ar", "العربية", "../ar/search/index.json"),
        ]
    );
    assert_eq!(
        editions("zh/"),
        [
            named("en", "English", "../../search/index.json"),
            named("ar", "العربية", "../../ar/search/index.json"),
        ]
    );
    // Each names a file that is there.
    for folder in ["", "zh/", "ar/"] {
        for (_, _, index) in editions(folder) {
            let from = built.out.join(folder).join("search");
            assert!(from.join(&index).is_file(), "{folder}: {index}");
        }
    }
}

#[test]
fn a_site_in_one_language_names_no_other_edition() {
    let built = TestSite::new()
        .file("site.yaml", "title: Desk\n")
        .article("talks", "", "Talks in Cairo.")
        .build_ok();
    let manifest = json(&built, "search/index.json");
    assert!(manifest.get("editions").is_none(), "{manifest}");
}

#[test]
fn a_chinese_articles_reading_time_counts_its_characters() {
    let built = three_editions().build_ok();
    let page = built.page("zh/articles/talks/index.html");
    let reading = select(&page, ".reading");
    // 14 characters, then 40 times 22: 894 characters at 500 a minute are
    // 2 minutes. Counted as words (one per stretch between spaces), the
    // body would be 2 words and 1 minute.
    assert_eq!(reading.len(), 1);
    let minutes: String = text(&reading[0])
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    assert_eq!(minutes, "2", "{}", text(&reading[0]));
}
