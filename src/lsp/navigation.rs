//! Go to definition (a slug or a mention leads to the entity's file, a
//! term to where the article defines it) and find references (every
//! article that annotates an entity or links to it with `@slug`).

use std::path::Path;

use lsp_types::{Location, Position, Range, Url};

use super::focus::{Focus, Subject};
use super::position::LineIndex;
use crate::diagnostics::SourceFile;
use crate::model::Target;

pub fn definition(focus: &Focus, root: &Path) -> Option<Location> {
    let run = focus.run?;
    match focus.subject {
        Subject::Target(Target::Entity(e), _) => {
            let file = &run.site.entities[e].file;
            location(root, file, 0..0)
        }
        Subject::Target(Target::Term(t), _) => {
            let article = focus.article()?;
            let annotation = (article.annotations.iter()).find(|a| a.target == Target::Term(t))?;
            location(root, &article.file, annotation.span.clone())
        }
        _ => None,
    }
}

/// The articles that annotate the entity in focus or link to it, in file
/// order; with `declaration`, the entity's file first.
pub fn references(focus: &Focus, root: &Path, declaration: bool) -> Vec<Location> {
    let Some(run) = focus.run else {
        return Vec::new();
    };
    let e = match focus.subject {
        Subject::Target(Target::Entity(e), _) | Subject::EntityFile(e) => e,
        _ => return Vec::new(),
    };
    let entity = &run.site.entities[e];
    let mut found = Vec::new();
    if declaration {
        found.extend(location(root, &entity.file, 0..0));
    }
    let mut articles: Vec<_> = run.site.articles.iter().collect();
    articles.sort_by(|a, b| a.file.path.cmp(&b.file.path));
    let link = format!("](@{})", entity.slug);
    for article in articles {
        let annotation = (article.annotations.iter()).find(|a| a.target == Target::Entity(e));
        if let Some(annotation) = annotation {
            found.extend(location(root, &article.file, annotation.span.clone()));
        }
        // The editor's site keeps its bodies in memory: this never fails.
        let Ok(file) = article.whole_file() else {
            continue;
        };
        let body = &file.text[article.body.clone()];
        for (at, _) in body.match_indices(&link) {
            let start = article.body.start + at + 3;
            let span = start..start + entity.slug.len();
            found.extend(location(root, &article.file, span));
        }
    }
    found
}

fn location(root: &Path, file: &SourceFile, span: std::ops::Range<usize>) -> Option<Location> {
    let uri = Url::from_file_path(root.join(&file.path)).ok()?;
    let range = if span.is_empty() && span.start == 0 {
        Range::new(Position::new(0, 0), Position::new(0, 0))
    } else {
        LineIndex::new(&file.text).range(span)
    };
    Some(Location { uri, range })
}
