//! Stage 3, render: every page of SPEC section 6, in parallel.
//!
//! 1. Build the name automaton once for the whole site.
//! 2. Render every article body (in parallel), finding its mentions.
//! 3. Gather, per entity, the explainers that mention it.
//! 4. Render every page through its template (in parallel) and hand it to the
//!    sink as soon as it is done, so pages stream to disk.
//! 5. Write the feed and the sitemap.

pub mod context;
pub mod feeds;
pub mod markdown;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use tera::Context;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::matcher::{NameIndex, NameIndexBuilder, Owner};
use crate::model::{Site, Target};
use crate::progress::Progress;
use crate::resolve::article_names;
use crate::theme::Theme;
use context::*;
use markdown::{render_body, BodyContext, RenderedBody};

/// Index pages list this many articles each.
pub const PER_PAGE: usize = 20;

/// Receives each finished file: its path inside the output folder and its bytes.
pub type Sink<'a> = dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync + 'a;

/// How many pages of each kind were written.
#[derive(Debug, Default, Clone)]
pub struct PageCounts {
    pub articles: usize,
    pub entities: usize,
    pub tags: usize,
    pub lists: usize,
    pub other: usize,
}

impl PageCounts {
    pub fn total(&self) -> usize {
        self.articles + self.entities + self.tags + self.lists + self.other
    }
}

/// The mentions of each entity across the site, newest article first.
struct MentionIndex {
    /// For each entity: (article index, index into that article's mention records).
    by_entity: Vec<Vec<(usize, usize)>>,
}

enum Job {
    Article(usize),
    Index(usize),
    Entities,
    Entity(usize),
    Tags,
    Tag(String),
    NotFound,
}

/// Builds the automaton over every name the site knows.
pub fn name_index(site: &Site) -> NameIndex {
    let mut builder = NameIndexBuilder::default();
    for (i, entity) in site.entities.iter().enumerate() {
        for name in entity.names() {
            builder.add(
                name,
                Owner {
                    article: None,
                    target: Target::Entity(i),
                },
            );
        }
    }
    for (i, article) in site.articles.iter().enumerate() {
        for annotation in &article.annotations {
            let local: Box<dyn Iterator<Item = &str>> = match annotation.target {
                Target::Entity(_) => Box::new(annotation.aliases.iter().map(String::as_str)),
                Target::Term(_) => article_names(annotation, &article.terms, &site.entities),
            };
            for name in local {
                builder.add(
                    name,
                    Owner {
                        article: Some(i),
                        target: annotation.target,
                    },
                );
            }
        }
    }
    builder.build()
}

/// Renders every article body; the result is indexed like `site.articles`.
pub fn render_bodies(site: &Site, diags: &mut Diagnostics) -> Vec<RenderedBody> {
    let names = name_index(site);
    let slugs: HashMap<&str, usize> = site
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.slug.as_str(), i))
        .collect();
    let results: Vec<(RenderedBody, Diagnostics)> = site
        .articles
        .par_iter()
        .enumerate()
        .map(|(i, article)| {
            let mut found = Diagnostics::new();
            let cx = BodyContext {
                site,
                names: &names,
                article_index: i,
                mode: site.config.annotate,
                entity_slugs: &slugs,
            };
            let body = render_body(article, &cx, &mut found);
            (body, found)
        })
        .collect();
    let mut bodies = Vec::with_capacity(results.len());
    for (body, found) in results {
        diags.extend(found);
        bodies.push(body);
    }
    for (article, body) in site.articles.iter().zip(&bodies) {
        warn_unmatched(site, article, body, diags);
    }
    bodies
}

/// SPEC 4: an annotation that never matches is a warning naming the names tried.
fn warn_unmatched(
    site: &Site,
    article: &crate::model::Article,
    body: &RenderedBody,
    diags: &mut Diagnostics,
) {
    for annotation in &article.annotations {
        if body.mentions.iter().any(|m| m.target == annotation.target) {
            continue;
        }
        let names: Vec<String> = article_names(annotation, &article.terms, &site.entities)
            .map(|n| format!("`{n}`"))
            .collect();
        diags.push(
            Diagnostic::warning(
                "G0301",
                &article.file.path,
                format!("annotation never matches: tried {}", names.join(", ")),
            )
            .at(&article.file, annotation.span.clone())
            .with_help("add one of these names to the text, give the annotation an `aliases:` entry that the text uses, or remove it"),
        );
    }
}

fn mention_index(site: &Site, bodies: &[RenderedBody]) -> MentionIndex {
    let mut by_entity = vec![Vec::new(); site.entities.len()];
    for (a, body) in bodies.iter().enumerate() {
        if !site.articles[a].is_listed() {
            continue;
        }
        for (r, record) in body.mentions.iter().enumerate() {
            if let Target::Entity(e) = record.target {
                by_entity[e].push((a, r));
            }
        }
    }
    MentionIndex { by_entity }
}

/// Renders every page and hands each to `sink`; returns what was written.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    bodies: &[RenderedBody],
    sink: &Sink,
    progress: &Progress,
    diags: &mut Diagnostics,
) -> PageCounts {
    let config = &site.config;
    let mentions = mention_index(site, bodies);
    let mention_counts: Vec<usize> = mentions.by_entity.iter().map(Vec::len).collect();
    let listed: Vec<usize> = (0..site.articles.len())
        .filter(|&i| site.articles[i].is_listed())
        .collect();
    let mut tags: BTreeMap<&str, (&str, Vec<usize>)> = BTreeMap::new();
    for &i in &listed {
        for (name, slug) in &site.articles[i].tags {
            tags.entry(slug.as_str())
                .or_insert((name.as_str(), Vec::new()))
                .1
                .push(i);
        }
    }
    for article in &site.articles {
        if !theme.has(&article.template) {
            let at = article.file.text.find("template:").unwrap_or(0);
            diags.push(
                Diagnostic::error(
                    "G0403",
                    &article.file.path,
                    format!("no template `{}`", article.template),
                )
                .at(&article.file, at..at + "template:".len())
                .with_help("create it in `templates/`, or remove `template:` to use article.html"),
            );
        }
    }
    if diags.has_errors() {
        return PageCounts::default();
    }

    let mut jobs: Vec<Job> = (0..site.articles.len()).map(Job::Article).collect();
    let index_pages = listed.len().div_ceil(PER_PAGE).max(1);
    jobs.extend((1..=index_pages).map(Job::Index));
    jobs.push(Job::Entities);
    jobs.extend((0..site.entities.len()).map(Job::Entity));
    jobs.push(Job::Tags);
    jobs.extend(tags.keys().map(|t| Job::Tag(t.to_string())));
    jobs.push(Job::NotFound);
    progress.set_total(jobs.len() as u64 + 2);

    let site_view = SiteView::new(config);
    let base = |kind: &'static str, title: String, description: String, path: &str| {
        let mut cx = Context::new();
        cx.insert("site", &site_view);
        cx.insert(
            "page",
            &PageView {
                kind,
                title,
                description,
                url: config.link(path),
                permalink: config.permalink(path),
            },
        );
        cx
    };
    let article_list = |indices: &[usize]| -> Vec<ArticleRef> {
        indices
            .iter()
            .map(|&i| ArticleRef::new(&site.articles[i], config))
            .collect()
    };

    let render_job = |job: &Job| -> Result<(String, &'static str), Box<Diagnostic>> {
        let (path, template, cx) = match job {
            Job::Article(i) => {
                let article = &site.articles[*i];
                let body = &bodies[*i];
                let mut cx = base(
                    "article",
                    article.title.clone(),
                    article.summary.clone().unwrap_or_default(),
                    &article.path,
                );
                let words = body.html.split_whitespace().count();
                cx.insert(
                    "article",
                    &ArticleView {
                        summary: ArticleRef::new(article, config),
                        updated: article.updated.map(|d| d.iso()),
                        updated_display: article.updated.map(|d| d.display()),
                        source: article.source.as_ref(),
                        content: &body.html,
                        reading_minutes: words.div_ceil(230).max(1),
                        extra: &article.extra,
                    },
                );
                cx.insert(
                    "cards",
                    &cards(
                        site,
                        article,
                        &body.mentions,
                        &body.explicit_only,
                        &mention_counts,
                    ),
                );
                (article.path.clone(), article.template.as_str(), cx)
            }
            Job::Index(page) => {
                let path = if *page == 1 {
                    "/".to_string()
                } else {
                    format!("/page/{page}/")
                };
                let chunk: Vec<usize> = listed
                    .iter()
                    .copied()
                    .skip((page - 1) * PER_PAGE)
                    .take(PER_PAGE)
                    .collect();
                let mut cx = base(
                    "index",
                    config.title.clone(),
                    config.description.clone(),
                    &path,
                );
                cx.insert("articles", &article_list(&chunk));
                let link = |n: usize| {
                    config.link(&if n == 1 {
                        "/".to_string()
                    } else {
                        format!("/page/{n}/")
                    })
                };
                cx.insert(
                    "paginator",
                    &Paginator {
                        current: *page,
                        total: index_pages,
                        previous: (*page > 1).then(|| link(page - 1)),
                        next: (*page < index_pages).then(|| link(page + 1)),
                    },
                );
                (path, "index.html", cx)
            }
            Job::Entities => {
                let mut cx = base(
                    "entities",
                    "Who’s who".into(),
                    format!("Every person, organization and place in {}", config.title),
                    "/entities/",
                );
                let groups: Vec<KindGroup> = crate::model::Kind::ALL
                    .iter()
                    .map(|&kind| {
                        let mut entities: Vec<EntityRef> = site
                            .entities
                            .iter()
                            .enumerate()
                            .filter(|(_, e)| e.kind == kind)
                            .map(|(i, e)| EntityRef::new(e, config, mention_counts[i]))
                            .collect();
                        entities.sort_by_key(|e| e.name.to_lowercase());
                        KindGroup {
                            kind: kind.as_str(),
                            label: kind.plural_label(),
                            entities,
                        }
                    })
                    .filter(|g| !g.entities.is_empty())
                    .collect();
                cx.insert("groups", &groups);
                ("/entities/".to_string(), "entities.html", cx)
            }
            Job::Entity(e) => {
                let entity = &site.entities[*e];
                let path = entity.path();
                let mut cx = base(
                    "entity",
                    entity.name.clone(),
                    entity.summary_text.clone(),
                    &path,
                );
                cx.insert(
                    "entity",
                    &EntityView {
                        base: EntityRef::new(entity, config, mention_counts[*e]),
                        aliases: &entity.aliases,
                        body: &entity.body_html,
                        links: &entity.links,
                    },
                );
                let list: Vec<MentionView> = mentions.by_entity[*e]
                    .iter()
                    .map(|&(a, r)| MentionView {
                        article: ArticleRef::new(&site.articles[a], config),
                        sentence: &bodies[a].mentions[r].first_sentence,
                        count: bodies[a].mentions[r].count,
                    })
                    .collect();
                cx.insert("mentions", &list);
                cx.insert(
                    "related",
                    &related(site, bodies, &mentions, *e, &mention_counts),
                );
                (path, "entity.html", cx)
            }
            Job::Tags => {
                let mut cx = base(
                    "tags",
                    "Tags".into(),
                    format!("Topics covered by {}", config.title),
                    "/tags/",
                );
                let views: Vec<TagView> = tags
                    .iter()
                    .map(|(slug, (name, list))| TagView {
                        name,
                        slug,
                        url: config.link(&format!("/tags/{slug}/")),
                        count: list.len(),
                    })
                    .collect();
                cx.insert("tags", &views);
                ("/tags/".to_string(), "tags.html", cx)
            }
            Job::Tag(slug) => {
                let (name, list) = &tags[slug.as_str()];
                let path = format!("/tags/{slug}/");
                let mut cx = base(
                    "tag",
                    name.to_string(),
                    format!("Explainers tagged {name}"),
                    &path,
                );
                cx.insert(
                    "tag",
                    &TagView {
                        name,
                        slug,
                        url: config.link(&path),
                        count: list.len(),
                    },
                );
                cx.insert("articles", &article_list(list));
                (path, "tag.html", cx)
            }
            Job::NotFound => {
                let cx = base("404", "Page not found".into(), String::new(), "/404.html");
                ("/404.html".to_string(), "404.html", cx)
            }
        };
        let html = theme
            .tera
            .render(template, &cx)
            .map_err(|err| Box::new(theme.diagnostic(&err, Some(&path))))?;
        let file = output_file(&path);
        sink(&file, html.as_bytes()).map_err(|err| {
            Box::new(Diagnostic::error(
                "G0501",
                file.clone(),
                format!("cannot write page: {err}"),
            ))
        })?;
        progress.inc();
        Ok((path, kind_of(job)))
    };

    let results: Vec<Result<(String, &'static str), Box<Diagnostic>>> =
        jobs.par_iter().map(render_job).collect();
    let mut counts = PageCounts::default();
    let mut sitemap_pages = Vec::new();
    for (job, result) in jobs.iter().zip(results) {
        match result {
            Ok((path, kind)) => {
                match kind {
                    "article" => counts.articles += 1,
                    "entity" => counts.entities += 1,
                    "tag" => counts.tags += 1,
                    "list" => counts.lists += 1,
                    _ => counts.other += 1,
                }
                if !matches!(job, Job::NotFound) {
                    let lastmod = match job {
                        Job::Article(i) => {
                            let a = &site.articles[*i];
                            a.updated.or(a.date).map(|d| d.iso())
                        }
                        _ => None,
                    };
                    sitemap_pages.push((path, lastmod));
                }
            }
            Err(diagnostic) => diags.push(*diagnostic),
        }
    }
    if diags.has_errors() {
        return counts;
    }
    for (file, bytes) in [
        ("atom.xml", feeds::atom(site)),
        ("sitemap.xml", feeds::sitemap(site, &sitemap_pages)),
    ] {
        match sink(file, &bytes) {
            Ok(()) => counts.other += 1,
            Err(err) => diags.push(Diagnostic::error(
                "G0501",
                file,
                format!("cannot write: {err}"),
            )),
        }
        progress.inc();
    }
    counts
}

fn kind_of(job: &Job) -> &'static str {
    match job {
        Job::Article(_) => "article",
        Job::Entity(_) => "entity",
        Job::Tag(_) | Job::Tags => "tag",
        Job::Index(_) | Job::Entities => "list",
        Job::NotFound => "other",
    }
}

/// `/articles/x/` -> `articles/x/index.html`; `/404.html` stays a file.
pub fn output_file(path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

/// The entities most often mentioned in the same explainers as entity `e`.
fn related<'a>(
    site: &'a Site,
    bodies: &[RenderedBody],
    mentions: &MentionIndex,
    e: usize,
    mention_counts: &[usize],
) -> Vec<RelatedView<'a>> {
    let mut shared: HashMap<usize, usize> = HashMap::new();
    for &(a, _) in &mentions.by_entity[e] {
        for record in &bodies[a].mentions {
            if let Target::Entity(other) = record.target {
                if other != e {
                    *shared.entry(other).or_default() += 1;
                }
            }
        }
    }
    let mut list: Vec<(usize, usize)> = shared.into_iter().collect();
    list.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| site.entities[a.0].name.cmp(&site.entities[b.0].name))
    });
    list.truncate(8);
    list.into_iter()
        .map(|(other, count)| RelatedView {
            entity: EntityRef::new(&site.entities[other], &site.config, mention_counts[other]),
            shared: count,
        })
        .collect()
}
