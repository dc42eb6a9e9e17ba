//! Hover: the card of an entity as the article will show it on its date
//! (name, kind, role as of that date, summary, how many other explainers
//! mention it), a term's definition, or the page of an error code.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::focus::{Focus, Subject};
use super::position::LineIndex;
use crate::model::{role_as_of, Article, RoleAsOf, Site, Target};
use crate::render::SiteText;

pub fn hover(focus: &Focus) -> Option<Hover> {
    let (markdown, span) = match &focus.subject {
        Subject::Code(code, span) => (
            crate::explain::explanation(code.as_str())?.to_string(),
            span,
        ),
        Subject::Target(target, span) => {
            let run = focus.run?;
            let article = focus.article();
            let card = match *target {
                Target::Entity(e) => entity_card(&run.site, &run.text, e, article),
                Target::Term(t) => {
                    let term = &article?.terms[t];
                    format!("**{}** · term\n\n{}", term.name, term.definition)
                }
            };
            (card, span)
        }
        Subject::EntityFile(_) | Subject::Nothing => return None,
    };
    let range = LineIndex::new(focus.text).range(span.clone());
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: Some(range),
    })
}

/// The card of entity `e` in `article` (as of today outside an article).
pub fn entity_card(site: &Site, text: &SiteText, e: usize, article: Option<&Article>) -> String {
    let entity = &site.entities[e];
    let today = site.config.today;
    let day = (article.and_then(|a| a.meta.date)).map_or(today, |d| d.value.date_naive());
    let mut card = format!("**{}** · {}", entity.name, entity.kind.as_str());
    if let Some(role) = role_as_of(&entity.roles, day, today) {
        let label = match role {
            RoleAsOf::Current(r) => r.title.clone(),
            RoleAsOf::Then(r) => format!("then {}", r.title),
            RoleAsOf::Former(r) => format!("former {}", r.title),
        };
        card.push_str(&format!("\n\n*{label}*"));
        if let Some(date) = article.and_then(|a| a.meta.date) {
            card.push_str(&format!(" (as of {})", date.display()));
        }
    }
    card.push_str(&format!("\n\n{}", entity.summary));
    let others = mentioned_by(site, text, e)
        .filter(|&a| article.is_none_or(|this| !std::ptr::eq(&*site.articles[a], this)))
        .count();
    let s = if others == 1 { "" } else { "s" };
    card.push_str(&format!(
        "\n\nMentioned in {others} other explainer{s} · `{}`",
        entity.file.path.display()
    ));
    card
}

/// The published explainers whose text mentions entity `e`: dated, not
/// drafts, not under embargo, as the card counts them.
pub fn mentioned_by<'a>(
    site: &'a Site,
    text: &'a SiteText,
    e: usize,
) -> impl Iterator<Item = usize> + 'a {
    (0..site.articles.len()).filter(move |&a| {
        let article = &site.articles[a];
        let published = article.is_listed() && !article.meta.draft && !site.is_embargoed(article);
        published && (text.bodies[a].mentions.iter()).any(|m| m.target == Target::Entity(e))
    })
}
