//! `/entities.json`: the site's entities as data, for other tools (a
//! newsroom's CMS, a fact-checking desk's spreadsheet) to reuse.

use serde::Serialize;

use crate::model::{Link, Site};
use crate::render::texts::EntityText;

#[derive(Serialize)]
struct Export<'a> {
    site: SiteRef<'a>,
    entities: Vec<EntityRecord<'a>>,
}

#[derive(Serialize)]
struct SiteRef<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct EntityRecord<'a> {
    slug: &'a str,
    name: &'a str,
    aliases: &'a [String],
    kind: &'static str,
    /// Plain text.
    summary: &'a str,
    url: String,
    links: &'a [Link],
    wikidata: Option<&'a str>,
    roles: Vec<RoleRecord<'a>>,
    /// The explainers that mention the entity, newest first.
    mentioned_in: Vec<String>,
}

#[derive(Serialize)]
struct RoleRecord<'a> {
    title: &'a str,
    from: Option<String>,
    until: Option<String>,
}

/// `mentions[e]` lists the articles that mention entity `e`, newest first.
pub fn entities_json(
    site: &Site,
    texts: &[EntityText],
    mentions: &[Vec<(usize, usize)>],
) -> Vec<u8> {
    let config = &site.config;
    let entities = site
        .entities
        .iter()
        .zip(texts)
        .zip(mentions)
        .map(|((entity, text), found)| EntityRecord {
            slug: &entity.slug,
            name: &entity.name,
            aliases: &entity.aliases,
            kind: entity.kind.as_str(),
            summary: &text.summary_text,
            url: config.permalink(&entity.path()),
            links: &entity.links,
            wikidata: entity.wikidata.as_deref(),
            roles: entity
                .roles
                .iter()
                .map(|r| RoleRecord {
                    title: &r.title,
                    from: r.from.map(|d| d.iso()),
                    until: r.until.map(|d| d.iso()),
                })
                .collect(),
            mentioned_in: found
                .iter()
                .map(|&(a, _)| config.permalink(&site.articles[a].path))
                .collect(),
        })
        .collect();
    let export = Export {
        site: SiteRef {
            title: &config.title,
            url: config.permalink("/"),
        },
        entities,
    };
    // Plain data of strings and lists: serializing it cannot fail. `<`, `>`
    // and `&` are escaped, so the file stays inert even if a page embeds it.
    let json = serde_json::to_string_pretty(&export).unwrap_or_default();
    let mut out = crate::text::script_safe_json(&json).into_bytes();
    out.push(b'\n');
    out
}
