//! schema.org descriptions of pages as JSON-LD, for search engines and news
//! aggregators: a `NewsArticle` for each explainer that points at the
//! entities it is about, and a `Person`, `Organization`, `Place`, `Event` or
//! `Thing` for each entity page, tied to Wikidata and the entity's links.

use serde_json::{json, Map, Value};

use super::markdown::RenderedBody;
use crate::model::{role_as_of, Article, Author, Entity, Kind, RoleAsOf, Site, Target};
use crate::render::picture::PictureView;
use crate::render::texts::EntityText;
use crate::text::markdown::html_to_text;

/// The `@id` of an entity: its page, with a fragment that names the thing
/// rather than the page about it.
pub fn entity_id(site: &Site, entity: &Entity) -> String {
    format!("{}#entity", site.config.permalink(&entity.path()))
}

fn schema_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "Person",
        Kind::Organization => "Organization",
        Kind::Place => "Place",
        Kind::Event => "Event",
        Kind::Other => "Thing",
    }
}

/// `translationOfWork` on a translation (the original: the first of its
/// story, in the default edition), `workTranslation` on the original (each
/// translation), with the language of each.
fn insert_translations(ld: &mut Map<String, Value>, site: &Site, path: &str) {
    let config = &site.config;
    let stories = site.translations.of(config.edition, path);
    let Some((first, rest)) = stories.split_first() else {
        return;
    };
    let work = |(edition, path): &(usize, String)| {
        let url = config.permalink_in(*edition, path);
        json!({
            "@type": "NewsArticle",
            "@id": format!("{url}#article"),
            "url": url,
            "inLanguage": config.languages[*edition].tag,
        })
    };
    if first.0 == config.edition {
        insert_list(ld, "workTranslation", rest.iter().map(work).collect());
    } else {
        ld.insert("translationOfWork".into(), work(first));
    }
}

fn script_safe(value: &Value) -> String {
    crate::text::script_safe_json(&value.to_string())
}

pub fn article(
    site: &Site,
    article: &Article,
    body: &RenderedBody,
    image: Option<&PictureView>,
) -> String {
    let config = &site.config;
    let url = config.permalink(&article.path);
    let mut ld = Map::new();
    ld.insert("@context".into(), json!("https://schema.org"));
    ld.insert("@type".into(), json!("NewsArticle"));
    ld.insert("@id".into(), json!(format!("{url}#article")));
    ld.insert("url".into(), json!(url));
    ld.insert("mainEntityOfPage".into(), json!(url));
    ld.insert("headline".into(), json!(article.meta.title));
    if let Some(summary) = &article.meta.summary {
        ld.insert("description".into(), json!(summary));
    }
    ld.insert("inLanguage".into(), json!(config.language));
    insert_translations(&mut ld, site, &article.path);
    if let Some(date) = article.meta.date {
        ld.insert("datePublished".into(), json!(date.iso()));
        let modified = article.modified().unwrap_or(date);
        ld.insert("dateModified".into(), json!(modified.iso()));
    }
    let authors: Vec<Value> = (article.meta.authors.iter())
        .map(|name| match site.author(name) {
            Some(a) => person(site, &site.authors[a]),
            None => json!({ "@type": "Person", "name": name }),
        })
        .collect();
    insert_list(&mut ld, "author", authors);
    ld.insert(
        "publisher".into(),
        json!({ "@type": "Organization", "name": config.title, "url": config.permalink("/") }),
    );
    if !article.tags.is_empty() {
        let tags: Vec<&str> = article.tags.iter().map(|(name, _)| name.as_str()).collect();
        ld.insert("keywords".into(), json!(tags));
    }
    insert_list(&mut ld, "about", about(site, article, body));
    insert_list(&mut ld, "mentions", mentions(site, article, body));
    if let Some(url) = article.meta.source.as_ref().and_then(|s| s.url.as_ref()) {
        ld.insert("isBasedOn".into(), json!(url));
    }
    insert_list(&mut ld, "correction", corrections(article, body));
    if let Some(image) = image {
        ld.insert("image".into(), image_object(image));
    }
    script_safe(&Value::Object(ld))
}

/// Inserts `list` under `key` as an array, unless it is empty.
fn insert_list(ld: &mut Map<String, Value>, key: &str, list: Vec<Value>) {
    if !list.is_empty() {
        ld.insert(key.into(), Value::Array(list));
    }
}

/// What the article annotates: entities by `@id`, terms with their definitions.
fn about(site: &Site, article: &Article, body: &RenderedBody) -> Vec<Value> {
    article
        .annotations
        .iter()
        .map(|a| match a.target {
            Target::Entity(e) => json!({ "@id": entity_id(site, &site.entities[e]) }),
            Target::Term(t) => {
                let term = &article.terms[t];
                json!({
                    "@type": "DefinedTerm",
                    "name": term.name,
                    "description": html_to_text(&body.front.definitions[t]),
                })
            }
        })
        .collect()
}

/// Every other entity the article's text mentions, by `@id`: those it is
/// `about` are not listed twice.
fn mentions(site: &Site, article: &Article, body: &RenderedBody) -> Vec<Value> {
    let about = |e: usize| (article.annotations.iter()).any(|a| a.target == Target::Entity(e));
    body.mentions
        .iter()
        .filter_map(|m| match m.target {
            Target::Entity(e) if !about(e) => {
                Some(json!({ "@id": entity_id(site, &site.entities[e]) }))
            }
            _ => None,
        })
        .collect()
}

/// The article's corrections as `CorrectionComment`s.
fn corrections(article: &Article, body: &RenderedBody) -> Vec<Value> {
    (article.meta.corrections.iter())
        .zip(&body.front.corrections)
        .map(|(c, text)| {
            json!({
                "@type": "CorrectionComment",
                "text": text.plain,
                "datePublished": c.date.iso(),
            })
        })
        .collect()
}

/// An author as a `Person` with their page; one who is also an entity
/// takes the entity's `@id`, so that search engines see one person.
fn person(site: &Site, author: &Author) -> Value {
    let url = site.config.permalink(&author.path());
    let id = match author.entity {
        Some(e) => entity_id(site, &site.entities[e]),
        None => format!("{url}#person"),
    };
    json!({ "@type": "Person", "@id": id, "name": author.name, "url": url })
}

/// The page of an author: a `Person`, with their role, links and picture.
pub fn author(site: &Site, author: &Author, image: Option<&PictureView>) -> String {
    let mut ld = match person(site, author) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    ld.insert("@context".into(), json!("https://schema.org"));
    if let Some(role) = &author.role {
        ld.insert("jobTitle".into(), json!(role));
    }
    let same_as: Vec<&str> = author.links.iter().map(|l| l.url.as_str()).collect();
    if !same_as.is_empty() {
        ld.insert("sameAs".into(), json!(same_as));
    }
    if let Some(image) = image {
        ld.insert("image".into(), image_object(image));
    }
    script_safe(&Value::Object(ld))
}

/// A picture as an `ImageObject`, with its caption and credit.
fn image_object(image: &PictureView) -> Value {
    let mut object = Map::new();
    object.insert("@type".into(), json!("ImageObject"));
    object.insert("url".into(), json!(image.share.url));
    object.insert("contentUrl".into(), json!(image.share.url));
    object.insert("width".into(), json!(image.share.width));
    object.insert("height".into(), json!(image.share.height));
    if !image.alt.is_empty() {
        object.insert("description".into(), json!(image.alt));
    }
    if let Some(caption) = &image.caption {
        object.insert("caption".into(), json!(html_to_text(caption)));
    }
    if let Some(credit) = &image.credit {
        object.insert("creditText".into(), json!(credit));
    }
    Value::Object(object)
}

pub fn entity(
    site: &Site,
    entity: &Entity,
    text: &EntityText,
    image: Option<&PictureView>,
) -> String {
    let config = &site.config;
    let url = config.permalink(&entity.path());
    let mut ld = Map::new();
    ld.insert("@context".into(), json!("https://schema.org"));
    ld.insert("@type".into(), json!(schema_type(entity.kind)));
    ld.insert("@id".into(), json!(entity_id(site, entity)));
    ld.insert("url".into(), json!(url));
    ld.insert("name".into(), json!(entity.name));
    if !entity.aliases.is_empty() {
        ld.insert("alternateName".into(), json!(entity.aliases));
    }
    ld.insert("description".into(), json!(text.summary_text));
    let same_as: Vec<String> = entity
        .wikidata
        .iter()
        .map(|id| format!("https://www.wikidata.org/wiki/{id}"))
        .chain(entity.links.iter().map(|l| l.url.clone()))
        .collect();
    if !same_as.is_empty() {
        ld.insert("sameAs".into(), json!(same_as));
    }
    if entity.kind == Kind::Person {
        if let Some(RoleAsOf::Current(role)) = role_as_of(&entity.roles, config.today, config.today)
        {
            ld.insert("jobTitle".into(), json!(role.title));
        }
    }
    if let Some(image) = image {
        ld.insert("image".into(), image_object(image));
    }
    script_safe(&Value::Object(ld))
}
