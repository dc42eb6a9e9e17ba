//! The Markdown of front matter and entity files, rendered: summaries,
//! entity bodies, annotation notes, term definitions and corrections.
//! Article bodies, which take mentions, are rendered by [`super::markdown`].

use rayon::prelude::*;

use crate::model::{Article, Correction, Entity};
use crate::text::markdown::{plain_text, render_inline, render_plain};

/// An entity's summary and body, rendered.
#[derive(Debug, Default)]
pub struct EntityText {
    pub summary_html: String,
    /// Plain-text summary for `<meta>`, feeds and data.
    pub summary_text: String,
    pub body_html: String,
}

impl EntityText {
    pub fn new(entity: &Entity) -> Self {
        let body = &entity.file.text[entity.body.clone()];
        EntityText {
            summary_html: render_inline(&entity.summary),
            summary_text: plain_text(&entity.summary),
            body_html: if body.trim().is_empty() {
                String::new()
            } else {
                render_plain(body)
            },
        }
    }
}

/// Every entity's text, indexed like `Site::entities`.
pub fn entity_texts(entities: &[Entity]) -> Vec<EntityText> {
    entities.par_iter().map(EntityText::new).collect()
}

/// A correction at the foot of an article, rendered.
#[derive(Debug, Clone, Default)]
pub struct CorrectionText {
    pub html: String,
    /// Plain text, for structured data.
    pub plain: String,
}

/// What an article's front matter says in Markdown, rendered.
#[derive(Debug, Default)]
pub struct ArticleText {
    /// The note of each annotation, indexed like `Article::annotations`.
    pub notes: Vec<Option<String>>,
    /// The definition of each term, indexed like `Article::terms`.
    pub definitions: Vec<String>,
    /// Indexed like `Article::corrections`.
    pub corrections: Vec<CorrectionText>,
}

impl ArticleText {
    pub fn new(article: &Article) -> Self {
        let correction = |c: &Correction| CorrectionText {
            html: render_inline(&c.text),
            plain: plain_text(&c.text),
        };
        ArticleText {
            notes: (article.annotations.iter())
                .map(|a| a.note.as_deref().map(render_inline))
                .collect(),
            definitions: (article.terms.iter())
                .map(|t| render_inline(&t.definition))
                .collect(),
            corrections: article.meta.corrections.iter().map(correction).collect(),
        }
    }
}
