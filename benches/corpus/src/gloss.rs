//! The gloss site: `site.yaml`, one file per entity under
//! `content/entities/`, one per article under `content/articles/`.
//!
//! Articles annotate the entities they name, in YAML flow style on one line
//! (`annotations: ["slug", {"entity": ..., "note": ...}, {"term": ...}]`);
//! entities named only by `[text](@slug)` links are left out of
//! `annotations:`, as gloss allows.

use std::io;

use crate::corpus::{Annotation, Article, Corpus, Entity};
use crate::date::ymd;
use crate::editions::{self, Lang};
use crate::output::{article_file, articles, Emit, BASE_URL, SITE_TITLE};
use crate::text::{quote, quote_list};

pub fn files(corpus: &Corpus, emit: &mut Emit) -> io::Result<()> {
    files_in_editions(corpus, &[], emit)
}

/// The site in English and, beside each file, its translation into each
/// of `langs` (`x.ar.md` beside `x.md`), English first in `languages:`.
pub fn files_in_editions(corpus: &Corpus, langs: &[Lang], emit: &mut Emit) -> io::Result<()> {
    emit("site.yaml", &site_yaml(langs))?;
    for e in &corpus.entities {
        emit(&format!("content/entities/{}.md", e.slug), &entity(e))?;
    }
    articles(corpus, emit, article)?;
    for &lang in langs {
        let edition = editions::edition(corpus, lang);
        let code = lang.code();
        for e in &edition.entities {
            let path = format!("content/entities/{}.{code}.md", e.slug);
            emit(&path, &editions::entity_file(e))?;
        }
        for (a, t) in corpus.articles.iter().zip(&edition.articles) {
            let path = format!("content/articles/{}.{code}.md", a.slug);
            emit(&path, &editions::article_file(corpus, a, t))?;
        }
    }
    Ok(())
}

fn site_yaml(langs: &[Lang]) -> String {
    let languages = if langs.is_empty() {
        "language: en".to_string()
    } else {
        let codes: Vec<&str> = langs.iter().map(|l| l.code()).collect();
        format!("languages: [en, {}]", codes.join(", "))
    };
    format!(
        "title: {}\nbase_url: {}\ndescription: {}\n{languages}\nannotate: first\n",
        quote(SITE_TITLE),
        quote(BASE_URL),
        quote("Generated explainers, for tests and benchmarks.")
    )
}

fn entity(e: &Entity) -> String {
    let mut out = format!(
        "---\nname: {}\nkind: {}\naliases: {}\nsummary: {}\n",
        quote(&e.name),
        e.kind.as_str(),
        quote_list(&e.aliases),
        quote(&e.summary)
    );
    if !e.roles.is_empty() {
        out.push_str("roles:\n");
        for r in &e.roles {
            out.push_str(&format!(
                "  - title: {}\n    from: {}\n",
                quote(&r.title),
                r.from
            ));
            if let Some(until) = &r.until {
                out.push_str(&format!("    until: {until}\n"));
            }
        }
    }
    if !e.links.is_empty() {
        let pairs: Vec<String> = e
            .links
            .iter()
            .map(|(l, u)| format!("{}: {}", quote(l), quote(u)))
            .collect();
        out.push_str(&format!("links: {{{}}}\n", pairs.join(", ")));
    }
    if let Some(q) = &e.wikidata {
        out.push_str(&format!("wikidata: {q}\n"));
    }
    out.push_str("---\n");
    out
}

fn annotation(corpus: &Corpus, a: &Annotation) -> String {
    match a {
        Annotation::Entity {
            entity,
            aliases,
            note,
        } if aliases.is_empty() && note.is_none() => quote(corpus.slug(*entity)),
        Annotation::Entity {
            entity,
            aliases,
            note,
        } => {
            let mut fields = vec![format!("\"entity\": {}", quote(corpus.slug(*entity)))];
            if !aliases.is_empty() {
                fields.push(format!("\"aliases\": {}", quote_list(aliases)));
            }
            if let Some(note) = note {
                fields.push(format!("\"note\": {}", quote(note)));
            }
            format!("{{{}}}", fields.join(", "))
        }
        Annotation::Term {
            term,
            aliases,
            definition,
        } => {
            let mut fields = vec![format!("\"term\": {}", quote(term))];
            if !aliases.is_empty() {
                fields.push(format!("\"aliases\": {}", quote_list(aliases)));
            }
            fields.push(format!("\"definition\": {}", quote(definition)));
            format!("{{{}}}", fields.join(", "))
        }
    }
}

pub fn article(corpus: &Corpus, a: &Article) -> String {
    let mut fields = String::new();
    if let Some(updated) = a.updated {
        fields.push_str(&format!("updated: {}\n", ymd(updated)));
    }
    let annotations: Vec<String> = a
        .annotations
        .iter()
        .map(|x| annotation(corpus, x))
        .collect();
    fields.push_str(&format!(
        "summary: {}\nauthors: {}\ntags: {}\nannotations: [{}]\n",
        quote(&a.summary),
        quote_list(&a.authors),
        quote_list(&a.tags),
        annotations.join(", ")
    ));
    article_file(a, &fields, &a.body)
}
