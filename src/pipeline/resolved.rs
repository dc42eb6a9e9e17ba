//! The resolve stage and the Markdown rendering with a memory: entities are
//! resolved again only when an entity file changed, an article only when its
//! document or the entities did, and a body is rendered again only when its
//! article or the names it is matched against changed.

use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::Diagnostics;
use crate::in_place::InPlace;
use crate::load::{ArticleDoc, AuthorDoc, EntityDoc, Loaded};
use crate::matcher::NameIndex;
use crate::model::{Article, Author, Embargo, Entity, Site};
use crate::pictures::PictureSet;
use crate::render::texts::{entity_texts, EntityText};
use crate::render::{self, SiteText};
use crate::resolve;
use crate::spill::Spill;
use crate::text::fx_hash;
use crate::theme::Theme;

/// An article as resolved, with the document and entity list it came from
/// (held, so that their addresses cannot be reused by new ones).
#[derive(Clone)]
struct ArticleEntry {
    doc: Arc<ArticleDoc>,
    entities: Arc<Vec<Entity>>,
    article: Arc<Article>,
    found: Arc<Diagnostics>,
}

/// The entity documents last resolved, and what came of them.
struct ResolvedEntities {
    docs: Vec<Arc<EntityDoc>>,
    entities: Arc<Vec<Entity>>,
    found: Diagnostics,
}

#[derive(Default)]
pub struct ResolveCache {
    entities: Option<ResolvedEntities>,
    /// The articles resolved last time, by the address of their document.
    articles: InPlace<Option<ArticleEntry>>,
    /// The order they were published in.
    assembled: Option<Assembled>,
}

/// The site's articles in the order last published, and the place of each
/// article resolved: a save that leaves every article's file, URL, date and
/// bylines as they were puts the articles it changed in the places of the
/// old ones, rather than checking every URL and sorting the site again.
struct Assembled {
    entities: Arc<Vec<Entity>>,
    names_version: u64,
    order: u64,
    /// The site's authors, with the author files they were made with.
    authors: Vec<Author>,
    author_docs: Vec<Arc<AuthorDoc>>,
    /// Indexed like the articles resolved, in the documents' order: each
    /// one's [`resolve::assembly_key`] and its place in `articles`.
    places: Vec<(u64, usize)>,
    articles: Vec<Arc<Article>>,
}

impl Assembled {
    /// How `articles` were published from `entries`; `None` if some entry
    /// was not (two articles at one URL), whose messages name other files
    /// that only the whole check finds again.
    fn new(entries: &[ArticleEntry], site: &Site, author_docs: &[Arc<AuthorDoc>]) -> Option<Self> {
        let place: rustc_hash::FxHashMap<*const Article, usize> = (site.articles.iter())
            .enumerate()
            .map(|(i, article)| (Arc::as_ptr(article), i))
            .collect();
        let places = entries
            .iter()
            .map(|e| {
                Some((
                    resolve::assembly_key(&e.article),
                    *place.get(&Arc::as_ptr(&e.article))?,
                ))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Assembled {
            entities: Arc::clone(&site.entities),
            names_version: site.names_version,
            order: site.order,
            authors: site.authors.clone(),
            author_docs: author_docs.to_vec(),
            places,
            articles: site.articles.clone(),
        })
    }

    /// The articles of `entries` in order, and the site's authors, when
    /// only articles with the same key as before changed; `None` when the
    /// whole check is due.
    fn again(
        &mut self,
        entries: &[ArticleEntry],
        entities: &Arc<Vec<Entity>>,
        author_docs: &[Arc<AuthorDoc>],
    ) -> Option<(Vec<Arc<Article>>, Vec<Author>)> {
        let same_authors = author_docs.len() == self.author_docs.len()
            && author_docs
                .iter()
                .zip(&self.author_docs)
                .all(|(a, b)| Arc::ptr_eq(a, b));
        if !Arc::ptr_eq(&self.entities, entities)
            || entries.len() != self.places.len()
            || !same_authors
        {
            return None;
        }
        let changed: Vec<(usize, &Arc<Article>)> = (entries.iter().zip(&self.places))
            .filter(|(entry, &(_, at))| !Arc::ptr_eq(&entry.article, &self.articles[at]))
            .map(|(entry, &(key, at))| {
                (resolve::assembly_key(&entry.article) == key).then_some((at, &entry.article))
            })
            .collect::<Option<_>>()?;
        for (at, article) in changed {
            self.articles[at] = Arc::clone(article);
        }
        Some((self.articles.clone(), self.authors.clone()))
    }
}

/// Which articles a run publishes besides the dated ones of the past.
#[derive(Debug, Clone, Copy, Default)]
pub struct Publish {
    /// Articles marked `draft: true` (`--drafts`).
    pub drafts: bool,
    /// Articles dated after the build time (`--future`).
    pub future: bool,
}

fn address<T>(value: &Arc<T>) -> u64 {
    Arc::as_ptr(value) as *const u8 as usize as u64
}

impl ResolveCache {
    /// The site, with problems of every article reported in file order.
    /// Drafts and embargoed articles (dated after the build time) are left
    /// out unless `publish` asks for them.
    /// With `remember`, what was resolved is kept for the next run; a
    /// one-off run, which has none, does not pay for it.
    pub fn resolve(
        &mut self,
        loaded: &Loaded,
        publish: Publish,
        remember: bool,
        diags: &mut Diagnostics,
    ) -> Site {
        let entities = self.entities(&loaded.entities, diags);
        let slugs = resolve::slug_map(&entities);
        let now = loaded.config.build_time();
        let embargoed = |doc: &ArticleDoc| doc.meta.date.is_some_and(|d| d.value > now);
        let candidates = (loaded.articles.iter()).filter(|doc| publish.drafts || !doc.meta.draft);
        let waiting: Vec<&Arc<ArticleDoc>> =
            candidates.clone().filter(|doc| embargoed(doc)).collect();
        let docs: Vec<&Arc<ArticleDoc>> = candidates
            .filter(|doc| publish.future || !embargoed(doc))
            .collect();
        // What is known is taken as it is; only the rest is resolved, in
        // parallel (a one-article rebuild should not pay for threads).
        let kept = &mut self.articles;
        let known = |(i, doc): (usize, &&Arc<ArticleDoc>)| {
            // The documents' order is not known: a changed one is looked
            // for among all.
            let entry = kept.take(i, address(doc), 0)?;
            let same = Arc::ptr_eq(&entry.doc, doc) && Arc::ptr_eq(&entry.entities, &entities);
            same.then_some(entry)
        };
        let mut entries: Vec<Option<ArticleEntry>> = docs.iter().enumerate().map(known).collect();
        let missing: Vec<usize> = (0..docs.len()).filter(|&i| entries[i].is_none()).collect();
        let resolved: Vec<ArticleEntry> = missing
            .par_iter()
            .map(|&i| {
                let doc = docs[i];
                let mut found = Diagnostics::new();
                let article = resolve::resolve_article(doc, &entities, &slugs, &mut found);
                ArticleEntry {
                    doc: Arc::clone(doc),
                    entities: Arc::clone(&entities),
                    article: Arc::new(article),
                    found: Arc::new(found),
                }
            })
            .collect();
        for (i, entry) in missing.into_iter().zip(resolved) {
            entries[i] = Some(entry);
        }
        let mut all = Vec::with_capacity(entries.len());
        all.extend(entries.into_iter().flatten());
        let entries = all;
        for entry in &entries {
            diags.extend(entry.found.iter().cloned());
        }
        let again = (self.assembled.as_mut())
            .and_then(|last| last.again(&entries, &entities, &loaded.authors));
        let mut site = match again {
            Some((articles, authors)) => {
                if cfg!(debug_assertions) {
                    // Every test run checks the shortcut against the whole check.
                    let all = entries.iter().map(|e| Arc::clone(&e.article)).collect();
                    let mut found = Diagnostics::new();
                    let whole = resolve::assemble_site(
                        loaded.config.clone(),
                        Arc::clone(&entities),
                        all,
                        &mut found,
                    );
                    assert!(found.is_empty() && whole.articles.len() == articles.len());
                    assert_eq!(Some(whole.order), self.assembled.as_ref().map(|a| a.order));
                    assert_eq!(
                        format!("{:?}", resolve::authors(&whole, &loaded.authors)),
                        format!("{authors:?}")
                    );
                    assert!(whole
                        .articles
                        .iter()
                        .zip(&articles)
                        .all(|(a, b)| Arc::ptr_eq(a, b)));
                }
                let last = self.assembled.as_ref();
                let names_version = last.map_or(0, |a| a.names_version);
                let mut site =
                    resolve::site(loaded.config.clone(), entities, names_version, articles);
                site.order = last.map_or(0, |a| a.order);
                site.authors = authors;
                site
            }
            None => {
                let articles = entries.iter().map(|e| Arc::clone(&e.article)).collect();
                let mut found = Diagnostics::new();
                let mut site =
                    resolve::assemble_site(loaded.config.clone(), entities, articles, &mut found);
                site.authors = resolve::authors(&site, &loaded.authors);
                self.assembled = (remember && found.is_empty())
                    .then(|| Assembled::new(&entries, &site, &loaded.authors))
                    .flatten();
                diags.extend(found);
                site
            }
        };
        if remember {
            self.articles = InPlace::new(
                (entries.into_iter())
                    .map(|e| (address(&e.doc), Some(e)))
                    .collect(),
                0,
            );
        }
        let next = waiting
            .iter()
            .filter_map(|doc| doc.meta.date)
            .min_by_key(|d| d.value);
        site.next_embargo = next.map(|date| Embargo {
            until: date.value,
            waiting: waiting.len(),
            previewed: publish.future,
        });
        site.build_time = now;
        site.redirects = resolve::redirects(&site, &loaded.moves, diags);
        site.gone = loaded.moves.gone.clone();
        site.host_rules = loaded.host_rules.clone();
        site
    }

    /// The resolved entities, from the cache while their documents are the same.
    fn entities(&mut self, docs: &[Arc<EntityDoc>], diags: &mut Diagnostics) -> Arc<Vec<Entity>> {
        let same = |cached: &[Arc<EntityDoc>]| {
            cached.len() == docs.len() && cached.iter().zip(docs).all(|(a, b)| Arc::ptr_eq(a, b))
        };
        let cached = self.entities.take().filter(|e| same(&e.docs));
        let resolved = cached.unwrap_or_else(|| {
            let mut found = Diagnostics::new();
            let entities = Arc::new(resolve::resolve_entities(docs, &mut found));
            ResolvedEntities {
                docs: docs.to_vec(),
                entities,
                found,
            }
        });
        diags.extend(resolved.found.iter().cloned());
        let entities = Arc::clone(&resolved.entities);
        self.entities = Some(resolved);
        entities
    }
}

/// A hash of every name the name index holds: the entities' (their
/// `names_version`) and each article's own (local aliases and terms), with
/// the article's place, which the index records.
fn names_key(site: &Site) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    site.names_version.hash(&mut hasher);
    for (i, article) in site.articles.iter().enumerate() {
        if article.names_version != 0 {
            (i, article.names_version).hash(&mut hasher);
        }
    }
    hasher.finish()
}

/// Where the articles' bodies wait between the stages that read them.
#[derive(Debug, Clone, Copy)]
pub struct Texts {
    /// In a temporary file rather than in memory.
    pub on_disk: bool,
    /// Kept for the next run.
    pub kept: bool,
}

/// Rendered entity texts, with the entity list they were made from.
type EntityTexts = (Arc<Vec<Entity>>, Arc<Vec<EntityText>>);

#[derive(Default)]
pub struct TextCache {
    /// Each article's body, by a key of the article's version and the
    /// site's names.
    bodies: InPlace<render::Body>,
    /// The entities' text, with the entity list it was made from.
    entities: Option<EntityTexts>,
    /// The automaton over every name of the site, with a hash of the names
    /// it was built from: building it takes longer than rendering the one
    /// body an edit changed.
    names: Option<(u64, Arc<NameIndex>)>,
    /// Where the kept bodies' HTML waits, with the `base` its bodies were
    /// rendered under: a new `base` renders every body again, into a new
    /// file, and the old one goes with the last body read from it.
    spill: Option<(u64, Arc<Spill>)>,
}

impl TextCache {
    /// Every piece of the site's Markdown rendered, reusing what is unchanged.
    /// `base` covers the settings, the entities' names, the pictures and
    /// the shortcodes. With `texts.on_disk`, the bodies' HTML goes to a
    /// temporary file; with `texts.kept`, the bodies are kept for the next run.
    pub fn render(
        &mut self,
        site: &Site,
        base: u64,
        (pictures, theme): (&Arc<PictureSet>, Option<&Theme>),
        texts: Texts,
        diags: &mut Diagnostics,
    ) -> SiteText {
        let key = |a: &Article| fx_hash(&(a.version, base));
        let cache = &self.bodies;
        let names_key = names_key(site);
        let names = std::sync::OnceLock::new();
        if let Some((_, index)) = self.names.as_ref().filter(|(k, _)| *k == names_key) {
            let _ = names.set(Arc::clone(index));
        }
        let reuse = |i: usize, a: &Article| cache.find(i, key(a), site.order).cloned();
        let spill = texts.on_disk.then(|| self.spill_for(base)).flatten();
        let (bodies, html) = render::render_bodies(
            site,
            (pictures, theme),
            &reuse,
            &names,
            spill.as_ref(),
            diags,
        );
        self.names = names.into_inner().map(|index| (names_key, index));
        self.bodies = match texts.kept {
            false => InPlace::default(),
            true => InPlace::new(
                (site.articles.iter().map(|a| key(a)))
                    .zip(bodies.iter().cloned().zip(html.iter().cloned()))
                    .collect(),
                site.order,
            ),
        };
        self.spill = match (texts.kept, spill) {
            (true, Some(spill)) => Some((base, spill)),
            _ => None,
        };
        SiteText {
            entities: self.entity_texts(&site.entities),
            bodies,
            html,
            pictures: Arc::clone(pictures),
        }
    }

    /// The file the bodies rendered under `base` go to: the last run's
    /// while `base` is the same (it then holds the bodies reused), else a
    /// new one. `None` if no file can be made: the bodies stay in memory.
    fn spill_for(&self, base: u64) -> Option<Arc<Spill>> {
        match &self.spill {
            Some((under, spill)) if *under == base => Some(Arc::clone(spill)),
            _ => Spill::new().ok().map(Arc::new),
        }
    }

    fn entity_texts(&mut self, entities: &Arc<Vec<Entity>>) -> Arc<Vec<EntityText>> {
        match &self.entities {
            Some((from, texts)) if Arc::ptr_eq(from, entities) => Arc::clone(texts),
            _ => {
                let texts = Arc::new(entity_texts(entities));
                self.entities = Some((Arc::clone(entities), Arc::clone(&texts)));
                texts
            }
        }
    }
}
