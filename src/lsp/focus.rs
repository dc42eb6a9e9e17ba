//! What a request at a position is about: the cursor's spot read from the
//! document's text, then looked up in the site as last checked (an entity,
//! a term, an error code, the entity whose file this is).

use std::ops::Range;

use super::cursor::{self, Spot};
use super::documents::{Document, Role};
use super::mentions::mention_at;
use crate::diagnostics::Code;
use crate::model::{Article, Target};
use crate::pipeline::TextRun;

pub enum Subject {
    Code(Code, Range<usize>),
    /// An entity or a term of this article, named at that range.
    Target(Target, Range<usize>),
    /// Anywhere in an entity's own file.
    EntityFile(usize),
    Nothing,
}

pub struct Focus<'a> {
    pub document: &'a Document,
    pub text: &'a str,
    pub run: Option<&'a TextRun>,
    /// The article in `run.site.articles`, when the document is one that resolved.
    pub article: Option<usize>,
    pub spot: Spot,
    /// The word at the cursor.
    pub word: Range<usize>,
    pub subject: Subject,
}

impl<'a> Focus<'a> {
    pub fn new(document: &'a Document, run: Option<&'a TextRun>, offset: usize) -> Self {
        let text = document.text.as_str();
        let (spot, word) = cursor::spot(text, document.role, offset);
        let article = run.and_then(|run| {
            let articles = &run.site.articles;
            (document.role == Role::Article)
                .then(|| articles.iter().position(|a| a.file.path == document.rel))
                .flatten()
        });
        let mut focus = Focus {
            document,
            text,
            run,
            article,
            spot,
            word,
            subject: Subject::Nothing,
        };
        focus.subject = focus.subject(offset);
        focus
    }

    pub fn article(&self) -> Option<&'a Article> {
        Some(&self.run?.site.articles[self.article?])
    }

    /// The entity whose slug is written `slug`.
    pub fn entity(&self, slug: &str) -> Option<usize> {
        let entities = &self.run?.site.entities;
        entities
            .binary_search_by(|e| e.slug.as_str().cmp(slug))
            .ok()
    }

    fn subject(&self, offset: usize) -> Subject {
        let word = self.word.clone();
        match (&self.spot, self.document.role) {
            (Spot::Code(code), _) => Subject::Code(*code, word),
            (_, Role::Entity) => {
                let entities = self.run.map_or(&[][..], |r| &r.site.entities[..]);
                match entities
                    .iter()
                    .position(|e| e.file.path == self.document.rel)
                {
                    Some(e) => Subject::EntityFile(e),
                    None => Subject::Nothing,
                }
            }
            (Spot::Slug | Spot::LinkSlug, _) => match self.entity(&self.text[word.clone()]) {
                Some(e) => Subject::Target(Target::Entity(e), word),
                None => Subject::Nothing,
            },
            (Spot::Body, Role::Article) => {
                let Some(run) = self.run else {
                    return Subject::Nothing;
                };
                let parts = crate::load::frontmatter::split(self.text).ok().flatten();
                let body = parts.map_or(0, |parts| parts.body.start);
                match mention_at(&run.site, self.article(), self.text, body, offset) {
                    Some((range, target)) => Subject::Target(target, range),
                    None => Subject::Nothing,
                }
            }
            _ => Subject::Nothing,
        }
    }
}
