//! The name under the cursor in an article's body, found by the same
//! matcher and word rules as a build: an entity's name or alias, or a name
//! the article defines (a local alias, a term).

use std::ops::Range;

use crate::matcher::{FoundKind, NameIndexBuilder, Owner};
use crate::model::{Article, Site, Target};

/// The mention covering `offset` in `text`, whose body starts at `body`,
/// with its byte range. `article` is the article as last resolved, for
/// the names it defines and the entities it annotates.
pub fn mention_at(
    site: &Site,
    article: Option<&Article>,
    text: &str,
    body: usize,
    offset: usize,
) -> Option<(Range<usize>, Target)> {
    if offset < body {
        return None;
    }
    let mut names = NameIndexBuilder::default();
    for (i, entity) in site.entities.iter().enumerate() {
        for name in entity.names() {
            let target = Target::Entity(i);
            names.add(
                name,
                Owner {
                    article: None,
                    target,
                },
            );
        }
    }
    let annotations = article.map_or(&[][..], |a| &a.annotations[..]);
    for annotation in annotations {
        let local: Vec<&str> = match annotation.target {
            Target::Entity(_) => annotation.aliases.iter().map(String::as_str).collect(),
            Target::Term(t) => article.map_or(Vec::new(), |a| {
                let term = &a.terms[t];
                std::iter::once(term.name.as_str())
                    .chain(term.aliases.iter().map(String::as_str))
                    .collect()
            }),
        };
        for name in local {
            let owner = Owner {
                article: Some(0),
                target: annotation.target,
            };
            names.add(name, owner);
        }
    }
    let annotated = |e: usize| (annotations.iter()).any(|a| a.target == Target::Entity(e));
    // The paragraph around the cursor is enough: a name never spans a blank line.
    let start = text[body..offset]
        .rfind("\n\n")
        .map_or(body, |i| body + i + 2);
    let end = text[offset..]
        .find("\n\n")
        .map_or(text.len(), |i| offset + i);
    let found = names.build().find(&text[start..end], 0, annotated);
    found.into_iter().find_map(|f| {
        let range = start + f.range.start..start + f.range.end;
        let target = match f.kind {
            FoundKind::Annotated(target) => target,
            FoundKind::Unannotated(e) => Target::Entity(e),
        };
        (range.start <= offset && offset <= range.end).then_some((range, target))
    })
}
