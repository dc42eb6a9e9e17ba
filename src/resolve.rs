//! Stage 2, resolve: turn loaded documents into a [`Site`] whose every reference
//! is checked. URLs and slugs (SPEC 1), collisions, annotations against
//! entities, names claimed twice within an article (SPEC 4), drafts.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::diagnostics::SourceFile;
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Diagnostics};
use crate::load::moves::SiteMoves;
use crate::load::{AnnotationSpec, ArticleDoc, AuthorDoc, EntityDoc};
use crate::matcher::normalize;
use crate::model::{
    Annotation, Article, Author, Entity, Redirect, Site, SiteConfig, Target, Term, Written,
};
use crate::text::{hash_of, slugify};
use crate::urls;

/// Entity slug -> index into the resolved entities.
pub fn slug_map(entities: &[Entity]) -> HashMap<&str, usize> {
    entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.slug.as_str(), i))
        .collect()
}

/// Checks that article URLs are free and distinct, and orders the articles
/// newest first (undated pages last, by path).
pub fn assemble_site(
    config: SiteConfig,
    entities: Arc<Vec<Entity>>,
    candidates: Vec<Arc<Article>>,
    diags: &mut Diagnostics,
) -> Site {
    let articles = published_in_order(candidates, diags);
    let names_version = entity_names_version(&entities);
    let mut site = site(config, entities, names_version, articles);
    site.order = order_of(&site.articles);
    site
}

/// The [`Site::order`] of `articles`.
fn order_of(articles: &[Arc<Article>]) -> u64 {
    let files: Vec<&std::path::Path> = articles.iter().map(|a| a.file.path.as_path()).collect();
    crate::text::fx_hash(&files).max(1)
}

/// The articles whose URL is free, newest first (undated pages last, by path).
fn published_in_order(
    mut candidates: Vec<Arc<Article>>,
    diags: &mut Diagnostics,
) -> Vec<Arc<Article>> {
    // File order, so that a collision always names the same file first.
    let by_file =
        |a: &Arc<Article>, b: &Arc<Article>| a.file.path.as_os_str().cmp(b.file.path.as_os_str());
    if !candidates.is_sorted_by(|a, b| by_file(a, b).is_le()) {
        candidates.sort_unstable_by(by_file);
    }
    let mut taken: rustc_hash::FxHashMap<&str, &Arc<SourceFile>> = Default::default();
    let mut articles = Vec::with_capacity(candidates.len());
    for article in &candidates {
        let path = article.path.as_str();
        if urls::is_reserved(path) {
            diags.push(
                Diagnostic::error(
                    Code::SameAddress,
                    &article.file.path,
                    format!("`{path}` is a URL of a built-in page"),
                )
                .at(&article.file, 0..0)
                .with_help("rename the file or give it another `slug:`"),
            );
            continue;
        }
        if let Some(other) = taken.get(path) {
            diags.push(same_address(article, other));
            continue;
        }
        taken.insert(path, &article.file);
        articles.push(Arc::clone(article));
    }
    // Dated articles first, newest first, then by path. Sorted by a small
    // key, so that on a large site each article is read once rather than
    // at every comparison (a save sorts the whole site again).
    let key = |(i, article): (usize, &Arc<Article>)| {
        let when = article
            .meta
            .date
            .map(|d| (d.value.timestamp(), d.value.timestamp_subsec_nanos()));
        (
            when.is_none(),
            std::cmp::Reverse(when.unwrap_or_default()),
            i,
        )
    };
    let mut order: Vec<_> = articles.iter().enumerate().map(key).collect();
    order.sort_unstable_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then_with(|| articles[a.2].path.cmp(&articles[b.2].path))
    });
    order
        .iter()
        .map(|&(_, _, i)| Arc::clone(&articles[i]))
        .collect()
}

/// What assembling the site reads of an article: its file, URL, date and
/// bylines. While these are the same, a changed article takes the place of
/// the one it replaces, and the site's authors are the same.
pub fn assembly_key(article: &Article) -> u64 {
    let when = (article.meta.date).map(|d| (d.value.timestamp(), d.value.timestamp_subsec_nanos()));
    let file = &article.file.path;
    crate::text::fx_hash(&(file, &article.path, when, &article.meta.authors))
}

/// A hash of the entities' names, slugs and kinds.
fn entity_names_version(entities: &[Entity]) -> u64 {
    hash_of(
        &entities
            .iter()
            .map(|e| (&e.slug, &e.name, &e.aliases, e.kind))
            .collect::<Vec<_>>(),
    )
}

/// A site of `articles`, published in this order, with nothing else yet.
pub fn site(
    config: SiteConfig,
    entities: Arc<Vec<Entity>>,
    names_version: u64,
    articles: Vec<Arc<Article>>,
) -> Site {
    Site {
        config,
        entities,
        names_version,
        articles,
        order: 0,
        next_embargo: None,
        build_time: chrono::DateTime::UNIX_EPOCH,
        authors: Vec::new(),
        redirects: Vec::new(),
        gone: Vec::new(),
        host_rules: None,
        edition_rules: None,
        translations: Arc::default(),
    }
}

/// Every author: each name of the articles' `authors:` (the first spelling
/// of a slug wins), with its author file if it has one, and the person
/// entity of the same name, sorted by slug.
pub fn authors(site: &Site, docs: &[Arc<AuthorDoc>]) -> Vec<Author> {
    let mut by_slug: std::collections::BTreeMap<String, Author> = Default::default();
    // A newsroom's few bylines recur on thousands of articles: each name is
    // made a slug once, not once an article on every save.
    let mut seen: rustc_hash::FxHashSet<&str> = Default::default();
    for name in site.articles.iter().flat_map(|a| &a.meta.authors) {
        if !seen.insert(name.as_str()) {
            continue;
        }
        let Some(slug) = Author::slug_of(name) else {
            continue;
        };
        by_slug.entry(slug.clone()).or_insert_with(|| Author {
            slug,
            name: name.trim().to_string(),
            role: None,
            links: Vec::new(),
            image: None,
            file: None,
            entity: None,
            version: 0,
        });
    }
    for doc in docs {
        by_slug.insert(
            doc.slug.clone(),
            Author {
                slug: doc.slug.clone(),
                name: doc.name.clone(),
                role: doc.role.clone(),
                links: doc.links.clone(),
                image: doc.image.clone(),
                file: Some((Arc::clone(&doc.file), doc.body.clone())),
                entity: None,
                version: 0,
            },
        );
    }
    let mut authors: Vec<Author> = by_slug.into_values().collect();
    for author in &mut authors {
        author.entity = site.entities.iter().position(|e| {
            e.kind == crate::model::Kind::Person && (e.slug == author.slug || e.name == author.name)
        });
        let file = author.file.as_ref().map(|(f, _)| (&f.path, &f.text));
        author.version = hash_of(&(&author.name, file, author.entity));
    }
    authors
}

/// Every old address that leads somewhere: the `redirect_from:` of each
/// published article and entity (an entity's old feed included), and the
/// `redirects:` of site.yaml; ordered by old address.
/// An article of an edition other than the default writes its old
/// addresses from the site's root (`/ar/articles/old/`); they are kept as
/// paths of the edition, and one outside its folder is refused (G0114).
pub fn redirects(site: &Site, moves: &SiteMoves, diags: &mut Diagnostics) -> Vec<Redirect> {
    let page = |from: &Written<String>, to: &str| Redirect {
        from: from.clone(),
        to: to.to_string(),
        feed_of: None,
    };
    let prefix = site.config.prefix_of(site.config.edition);
    let mut all: Vec<Redirect> = Vec::new();
    for article in &site.articles {
        for from in &article.redirect_from {
            if prefix.is_empty() {
                all.push(page(from, &article.path));
                continue;
            }
            match urls::under_prefix(&from.value, &prefix) {
                Some(path) => {
                    let from = Written {
                        value: path.to_string(),
                        ..from.clone()
                    };
                    all.push(page(&from, &article.path));
                }
                None => diags.push(outside_edition(from, &prefix)),
            }
        }
    }
    for (e, entity) in site.entities.iter().enumerate() {
        for from in &entity.redirect_from {
            all.push(page(from, &entity.path()));
            if from.value.ends_with('/') {
                let feed = Written {
                    value: format!("{}{}", from.value, &urls::ATOM[1..]),
                    ..from.clone()
                };
                all.push(Redirect {
                    from: feed,
                    to: urls::entity_feed(&entity.slug),
                    feed_of: Some(crate::model::FeedOf::Entity(e)),
                });
            }
        }
    }
    all.extend(moves.redirects.iter().map(|(from, to)| page(from, to)));
    all.sort_by(|a, b| a.from.value.cmp(&b.from.value));
    all
}

/// G0114: an old address of an article of the edition under `prefix`
/// that is not in the edition's folder.
fn outside_edition(from: &Written<String>, prefix: &str) -> Diagnostic {
    let path = &from.value;
    Diagnostic::error(
        Code::BadAddress,
        &from.file.path,
        format!(
            "`{path}` is not an address of the `{}` edition, whose pages are under `{prefix}/`",
            &prefix[1..]
        ),
    )
    .at(&from.file, from.span.clone())
    .with_help(format!(
        "write the old address from the site's root, as readers saw it: `{prefix}{path}`"
    ))
}

/// The diagnostic for `article` mapping to the URL that `other` already has,
/// pointed at the article's `slug:` value if it has one.
fn same_address(article: &Article, other: &Arc<SourceFile>) -> Diagnostic {
    let path = article.path.as_str();
    Diagnostic::error(
        Code::SameAddress,
        &article.file.path,
        format!(
            "`{}` and `{}` both map to {path}",
            other.path.display(),
            article.file.path.display()
        ),
    )
    .at(&article.file, article.slug_at.clone().unwrap_or(0..0))
    .with_related(other, 0..0, format!("{path} is this file's address too"))
    .with_help("give one of them another `slug:`, or rename one file")
}

pub fn resolve_entities(docs: &[Arc<EntityDoc>], diags: &mut Diagnostics) -> Vec<Entity> {
    let mut docs: Vec<&Arc<EntityDoc>> = docs.iter().collect();
    docs.sort_by(|a, b| a.file.path.cmp(&b.file.path));
    let mut seen: HashMap<&str, &Arc<SourceFile>> = HashMap::new();
    let mut entities = Vec::with_capacity(docs.len());
    for doc in docs {
        if let Some(other) = seen.get(doc.slug.as_str()) {
            diags.push(
                Diagnostic::error(
                    Code::SameAddress,
                    &doc.file.path,
                    format!(
                        "`{}` and `{}` are both the entity `{}`",
                        other.path.display(),
                        doc.file.path.display(),
                        doc.slug
                    ),
                )
                .at(&doc.file, 0..0)
                .with_related(other, 0..0, "the other file of this entity")
                .with_help("an entity's slug is its file name: rename one of the two files"),
            );
            continue;
        }
        seen.insert(&doc.slug, &doc.file);
        entities.push(Entity {
            version: hash_of(&(
                &doc.file.path,
                &doc.file.text,
                doc.original.as_ref().map(|o| &o.text),
                &doc.roles,
            )),
            summary: doc.summary.clone(),
            body: doc.body.clone(),
            output: Arc::from(urls::output_file(&urls::entity(&doc.slug))),
            slug: doc.slug.clone(),
            name: doc.name.clone(),
            kind: doc.kind,
            aliases: doc.aliases.clone(),
            links: doc.links.clone(),
            roles: doc.roles.clone(),
            wikidata: doc.wikidata.clone(),
            redirect_from: doc.redirect_from.clone(),
            image: doc.image.clone(),
            file: Arc::clone(&doc.file),
        });
    }
    entities.sort_by(|a, b| a.slug.cmp(&b.slug));
    entities
}

/// Resolves one article against the entities: its URL, annotations and terms.
pub fn resolve_article(
    doc: &ArticleDoc,
    entities: &[Entity],
    slugs: &HashMap<&str, usize>,
    diags: &mut Diagnostics,
) -> Article {
    let (annotations, terms) = resolve_annotations(doc, slugs, diags);
    check_shared_names(&doc.file, &annotations, &terms, entities, diags);
    build_article(doc, annotations, terms)
}

/// Resolves the article's annotations in order, collecting the terms it defines.
fn resolve_annotations(
    doc: &ArticleDoc,
    slugs: &HashMap<&str, usize>,
    diags: &mut Diagnostics,
) -> (Vec<Annotation>, Vec<Term>) {
    // Held for every article of the site: sized to fit, not grown.
    let mut annotations: Vec<Annotation> = Vec::with_capacity(doc.annotations.len());
    let mut terms: Vec<Term> = Vec::new();
    for spec in doc.annotations.iter().cloned() {
        match spec {
            AnnotationSpec::Entity {
                slug,
                aliases,
                note,
                span,
            } => {
                if let Some(entity) =
                    annotated_entity(doc, slugs, &annotations, &slug, &span, diags)
                {
                    annotations.push(Annotation {
                        target: Target::Entity(entity),
                        aliases,
                        note,
                        span,
                    });
                }
            }
            AnnotationSpec::Term {
                name,
                aliases,
                definition,
                span,
            } => {
                let term = TermSpec {
                    name,
                    aliases: &aliases,
                    definition,
                    span: &span,
                };
                if let Some(term) = add_term(doc, &mut terms, term, diags) {
                    annotations.push(Annotation {
                        target: Target::Term(term),
                        aliases,
                        note: None,
                        span,
                    });
                }
            }
        }
    }
    annotations.shrink_to_fit();
    terms.shrink_to_fit();
    (annotations, terms)
}

/// The entity an annotation names, or `None` (reported) if there is no such
/// entity or the article already annotates it.
fn annotated_entity(
    doc: &ArticleDoc,
    slugs: &HashMap<&str, usize>,
    annotations: &[Annotation],
    slug: &str,
    span: &Range<usize>,
    diags: &mut Diagnostics,
) -> Option<usize> {
    let Some(&entity) = slugs.get(slug) else {
        let help = match did_you_mean(slug, slugs.keys().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("create `content/entities/{slug}.md`, or remove this annotation"),
        };
        diags.push(
            Diagnostic::error(
                Code::NoEntity,
                &doc.file.path,
                format!("no entity `{slug}`"),
            )
            .at(&doc.file, span.clone())
            .with_label("annotated here")
            .with_help(help),
        );
        return None;
    };
    if let Some(first) = annotations
        .iter()
        .find(|a| a.target == Target::Entity(entity))
    {
        diags.push(
            Diagnostic::error(
                Code::AnnotatedTwice,
                &doc.file.path,
                format!("`{slug}` is annotated twice"),
            )
            .at(&doc.file, span.clone())
            .with_related(&doc.file, first.span.clone(), "first annotated here")
            .with_help("keep one entry; put its aliases and note together"),
        );
        return None;
    }
    Some(entity)
}

/// The parts of a term annotation that make its [`Term`].
struct TermSpec<'a> {
    name: String,
    aliases: &'a [String],
    definition: String,
    span: &'a Range<usize>,
}

/// Adds a term to the article's terms and returns its index, or `None`
/// (reported) if the article already defines it.
fn add_term(
    doc: &ArticleDoc,
    terms: &mut Vec<Term>,
    term: TermSpec<'_>,
    diags: &mut Diagnostics,
) -> Option<usize> {
    let TermSpec {
        name,
        aliases,
        definition,
        span,
    } = term;
    let slug = slugify(&name);
    if terms.iter().any(|t| t.slug == slug) {
        diags.push(
            Diagnostic::error(
                Code::AnnotatedTwice,
                &doc.file.path,
                format!("term `{name}` is annotated twice"),
            )
            .at(&doc.file, span.clone())
            .with_help("keep one entry for the term"),
        );
        return None;
    }
    terms.push(Term {
        slug,
        name,
        aliases: aliases.to_vec(),
        definition,
    });
    Some(terms.len() - 1)
}

/// Builds the resolved [`Article`] from its document, annotations and terms.
fn build_article(doc: &ArticleDoc, annotations: Vec<Annotation>, terms: Vec<Term>) -> Article {
    let slug = doc.slug.as_ref().map(|(slug, _)| slug.as_str());
    let path = urls::article(&doc.rel_path, slug);
    let meta = &doc.meta;
    Article {
        output: Arc::from(urls::output_file(&path)),
        version: hash_of(&(doc.text_hash, &doc.file.path, &path)),
        list_version: hash_of(&(
            &meta.title,
            &path,
            meta.date,
            meta.updated,
            &meta.summary,
            &meta.authors,
            &doc.tags,
            &meta.corrections,
            &meta.image,
        )),
        path,
        meta: meta.clone(),
        tags: doc.tags.iter().map(|t| (t.clone(), slugify(t))).collect(),
        template: doc
            .template
            .as_ref()
            .map_or_else(|| "article.html".to_string(), |(t, _)| t.clone()),
        template_at: doc.template.as_ref().map(|(_, at)| at.clone()),
        slug_at: doc.slug.as_ref().map(|(_, at)| at.start..at.start),
        names_version: names_version(&annotations, &terms),
        annotations,
        terms,
        redirect_from: doc.redirect_from.clone(),
        body: doc.body.clone(),
        spilled_body: doc.spilled_body.clone(),
        pictures_in_body: doc.pictures_in_body,
        file: Arc::clone(&doc.file),
    }
}

/// A hash of the names an article adds to the name index: its
/// annotations' own aliases, with what each stands for, and its terms.
fn names_version(annotations: &[Annotation], terms: &[Term]) -> u64 {
    let aliased: Vec<(Target, &[String])> = (annotations.iter())
        .filter(|a| !a.aliases.is_empty())
        .map(|a| (a.target, a.aliases.as_slice()))
        .collect();
    if aliased.is_empty() && terms.is_empty() {
        return 0;
    }
    let terms: Vec<(&str, &[String])> = (terms.iter())
        .map(|t| (t.name.as_str(), t.aliases.as_slice()))
        .collect();
    crate::text::fx_hash(&(aliased, terms)).max(1)
}

/// Every name the article matches, with what it stands for.
pub fn article_names<'a>(
    annotation: &'a Annotation,
    terms: &'a [Term],
    entities: &'a [Entity],
) -> Box<dyn Iterator<Item = &'a str> + 'a> {
    let local = annotation.aliases.iter().map(String::as_str);
    match annotation.target {
        Target::Entity(e) => Box::new(entities[e].names().chain(local)),
        Target::Term(t) => Box::new(std::iter::once(terms[t].name.as_str()).chain(local)),
    }
}

/// SPEC 4: a name that belongs to two annotations of one article is an error.
fn check_shared_names(
    file: &Arc<SourceFile>,
    annotations: &[Annotation],
    terms: &[Term],
    entities: &[Entity],
    diags: &mut Diagnostics,
) {
    let mut owners: HashMap<String, usize> = HashMap::new();
    let label = |a: &Annotation| match a.target {
        Target::Entity(e) => format!("`{}`", entities[e].slug),
        Target::Term(t) => format!("term `{}`", terms[t].name),
    };
    for (i, annotation) in annotations.iter().enumerate() {
        for name in article_names(annotation, terms, entities) {
            let key = normalize(name).0.into_owned();
            match owners.get(&key) {
                Some(&j) if j != i => diags.push(
                    Diagnostic::error(
                        Code::SharedName,
                        &file.path,
                        format!("the name `{name}` belongs to both {} and {}", label(&annotations[j]), label(annotation)),
                    )
                    .at(file, annotation.span.clone())
                    .with_help("remove the alias from one of them, so each name means one thing in this article"),
                ),
                Some(_) => {}
                None => {
                    owners.insert(key, i);
                }
            }
        }
    }
}
