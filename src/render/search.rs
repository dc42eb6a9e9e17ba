//! Offline search: an index of every explainer and entity, built with
//! Pagefind at build time and served from the site itself (`/pagefind/`), so
//! searching needs no search service and no network. Records are given as
//! plain text rather than pages: the renderer already knows the text, and
//! Pagefind need not parse the HTML again.

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::markdown::{html_to_text, RenderedBody};
use crate::model::Site;

/// The folder of the search files in the output.
pub const FOLDER: &str = "pagefind";

/// One searchable thing: an explainer or an entity.
pub struct Record {
    /// The site path, without the base path: Pagefind's script adds the
    /// path it was loaded from, so a site under `/news/` works as is.
    pub url: String,
    pub content: String,
    /// Shown with a result: title, kind, summary, date.
    pub meta: BTreeMap<String, String>,
    /// `article` or `entity`, so the page can tell them apart.
    pub kind: &'static str,
}

/// What the search finds: every listed or unlisted article (title, summary,
/// text) and every entity (name, aliases, summary, body).
pub fn records(site: &Site, bodies: &[std::sync::Arc<RenderedBody>]) -> Vec<Record> {
    let mut records = Vec::with_capacity(site.articles.len() + site.entities.len());
    for (article, body) in site.articles.iter().zip(bodies) {
        let summary = article.summary.clone().unwrap_or_default();
        let mut meta = BTreeMap::from([
            ("title".to_string(), article.title.clone()),
            ("kind".to_string(), "article".to_string()),
            ("summary".to_string(), summary.clone()),
        ]);
        if let Some(date) = article.date {
            meta.insert("date".into(), date.display());
        }
        records.push(Record {
            url: article.path.clone(),
            content: format!("{}\n{summary}\n{}", article.title, html_to_text(&body.html)),
            meta,
            kind: "article",
        });
    }
    for entity in site.entities.iter() {
        let meta = BTreeMap::from([
            ("title".to_string(), entity.name.clone()),
            ("kind".to_string(), entity.kind.as_str().to_string()),
            ("summary".to_string(), entity.summary_text.clone()),
            ("aliases".to_string(), entity.aliases.join(", ")),
        ]);
        records.push(Record {
            url: entity.path(),
            content: format!(
                "{}\n{}\n{}\n{}",
                entity.name,
                entity.aliases.join("\n"),
                entity.summary_text,
                html_to_text(&entity.body_html)
            ),
            meta,
            kind: "entity",
        });
    }
    records
}

/// An index waiting to be built: what the site held when it was asked for.
/// It owns its text, so the preview server can build it on another thread
/// while pages go on being served and rebuilt.
pub struct SearchJob {
    pub language: String,
    pub records: Vec<Record>,
}

impl SearchJob {
    pub fn new(site: &Site, bodies: &[std::sync::Arc<RenderedBody>]) -> Self {
        SearchJob {
            language: site.config.language.clone(),
            records: records(site, bodies),
        }
    }

    /// Each file of the index: its path in the output and its bytes.
    pub fn run(self) -> Result<Vec<(String, Vec<u8>)>, String> {
        build_index(&self.language, self.records)
    }
}

/// Builds the index; returns each file's path in the output and its bytes.
/// Runs on a thread of its own because Pagefind is async and the caller may
/// already be inside the preview server's runtime.
pub fn build_index(language: &str, records: Vec<Record>) -> Result<Vec<(String, Vec<u8>)>, String> {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| e.to_string())?;
                runtime.block_on(index(language, records))
            })
            .join()
            .map_err(|_| "the search indexer stopped unexpectedly".to_string())?
    })
}

/// Pagefind's language code, which also names its files: the primary subtag
/// of `language` when it is one (`en` of `en-GB`), else `unknown`.
fn pagefind_language(language: &str) -> String {
    let primary = language.split(['-', '_']).next().unwrap_or_default();
    if (2..=8).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic()) {
        primary.to_ascii_lowercase()
    } else {
        "unknown".to_string()
    }
}

async fn index(language: &str, records: Vec<Record>) -> Result<Vec<(String, Vec<u8>)>, String> {
    let language = pagefind_language(language);
    let config = PagefindServiceConfig::builder()
        .force_language(language.clone())
        .build();
    let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
    for record in records {
        let filters = BTreeMap::from([("type".to_string(), vec![record.kind.to_string()])]);
        index
            .add_custom_record(
                record.url,
                record.content,
                language.clone(),
                Some(record.meta),
                Some(filters),
                None,
            )
            .await
            .map_err(|e| e.to_string())?;
    }
    let files = index.get_files().await.map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(files.len());
    for file in files {
        let name = file.filename.to_string_lossy().replace('\\', "/");
        // Every file must land inside the search folder, whatever it is named.
        if name.starts_with('/') || name.split('/').any(|part| part.is_empty() || part == "..") {
            return Err(format!("the indexer named a file `{name}`"));
        }
        // gloss brings its own search box; Pagefind's ready-made interfaces
        // would only add weight to every site.
        let unused = [
            "pagefind-ui",
            "pagefind-modular-ui",
            "pagefind-component-ui",
            "pagefind-highlight",
        ]
        .iter()
        .any(|prefix| name.starts_with(prefix));
        if !unused {
            out.push((format!("{FOLDER}/{name}"), file.contents));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_plain_language_code_reaches_the_indexer() {
        assert_eq!(pagefind_language("en"), "en");
        assert_eq!(pagefind_language("en-GB"), "en");
        assert_eq!(pagefind_language("pt_BR"), "pt");
        assert_eq!(pagefind_language("../../etc"), "unknown");
        assert_eq!(pagefind_language(&"a".repeat(80)), "unknown");
        assert_eq!(pagefind_language(""), "unknown");
    }
}
