//! The lists of explainers a plan is made from: for each entity the
//! explainers that mention it, for each tag and each author theirs.
//!
//! Made from every body of the site, they cost a save more than the one
//! page it changed. So a [`ListMemory`] keeps the last run's lists, and a
//! run whose articles list the same (same paths, dates, titles, tags and
//! bylines, the same entities and authors) takes them back, with the
//! mention lists of the bodies that changed patched in place.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::markdown::RenderedBody;
use crate::model::{Entity, Site, Target};

/// The lists of one plan.
pub struct Lists<'s> {
    /// Dated articles, newest first.
    pub listed: Vec<usize>,
    /// For each entity: (article, index into its mention records) of the
    /// listed articles that mention it, in the order of `listed`.
    pub mentions: Vec<Vec<(usize, usize)>>,
    /// Tag slug -> (name as first written, its articles: the listed ones in
    /// their order, then the undated ones).
    pub tags: BTreeMap<&'s str, (&'s str, Vec<usize>)>,
    /// For each author, their listed articles, newest first.
    pub by_author: Vec<Vec<usize>>,
}

/// What a run's lists changed since the last run's, when they were
/// patched: the pages that follow from nothing else need no new
/// fingerprint ([`super::pages::Job::may_change`]).
#[derive(Debug, Default)]
pub struct Changed {
    /// The articles whose body changed, in order.
    pub articles: Vec<usize>,
    /// The entities those bodies mention, before or after, in order.
    pub entities: Vec<usize>,
    /// Whether every entity is mentioned in as many explainers as before.
    pub same_counts: bool,
    /// Whether each changed body mentions the same entities as before.
    pub same_entities: bool,
}

/// The lists of the last run, with what they were made from.
#[derive(Default)]
pub struct ListMemory {
    last: Option<Kept>,
    /// The articles' list versions of the run under way, read by
    /// [`ListMemory::lists`] for [`ListMemory::keep`].
    list_versions: Vec<u64>,
}

struct Kept {
    entities: Arc<Vec<Entity>>,
    authors: Vec<u64>,
    list_versions: Vec<u64>,
    /// Held, so that an unchanged body is known by its address.
    bodies: Vec<Arc<RenderedBody>>,
    listed: Vec<usize>,
    mentions: Vec<Vec<(usize, usize)>>,
    /// Each tag as (article, index into its tags) where its name was first
    /// written, with its articles, in the order of the slugs.
    tags: Vec<((usize, usize), Vec<usize>)>,
    by_author: Vec<Vec<usize>>,
}

/// Above this share of changed bodies (and this many), patching costs more
/// than making.
const PATCH_AT_MOST: usize = 8;
const PATCH_ALWAYS: usize = 16;

impl ListMemory {
    /// The lists of `site`: the last run's, patched, when its articles
    /// list the same; else made from every body. The memory is empty
    /// until [`ListMemory::keep`] gives them back.
    pub fn lists<'s>(
        &mut self,
        site: &'s Site,
        bodies: &[Arc<RenderedBody>],
    ) -> (Lists<'s>, Option<Changed>) {
        self.list_versions = site.articles.iter().map(|a| a.list_version).collect();
        let same = self.last.take().filter(|kept| {
            Arc::ptr_eq(&kept.entities, &site.entities)
                && kept.list_versions == self.list_versions
                && kept
                    .authors
                    .iter()
                    .eq(site.authors.iter().map(|a| &a.version))
        });
        let Some(kept) = same else {
            return (make(site, bodies), None);
        };
        let changed: Vec<usize> = (0..bodies.len())
            .filter(|&a| !Arc::ptr_eq(&kept.bodies[a], &bodies[a]))
            .collect();
        if changed.len() > PATCH_ALWAYS && changed.len() > bodies.len() / PATCH_AT_MOST {
            return (make(site, bodies), None);
        }
        let mut mentions = kept.mentions;
        let changed = patch_mentions(&mut mentions, &kept.listed, changed, (&kept.bodies, bodies));
        let tags = (kept.tags.into_iter())
            .map(|((a, t), list)| {
                let (name, slug) = &site.articles[a].tags[t];
                (slug.as_str(), (name.as_str(), list))
            })
            .collect();
        let lists = Lists {
            listed: kept.listed,
            mentions,
            tags,
            by_author: kept.by_author,
        };
        (lists, Some(changed))
    }

    /// Keeps `lists`, made for `site` and `bodies`, for the next run.
    pub fn keep(&mut self, site: &Site, bodies: &[Arc<RenderedBody>], lists: Lists) {
        // Where each tag's name was first written: the first of its
        // articles holds it.
        let tags = (lists.tags.into_iter())
            .map(|(slug, (_, list))| {
                let a = list[0];
                let t = (site.articles[a].tags.iter())
                    .position(|(_, s)| s == slug)
                    .unwrap_or(0);
                ((a, t), list)
            })
            .collect();
        self.last = Some(Kept {
            entities: Arc::clone(&site.entities),
            authors: site.authors.iter().map(|a| a.version).collect(),
            list_versions: std::mem::take(&mut self.list_versions),
            bodies: bodies.to_vec(),
            listed: lists.listed,
            mentions: lists.mentions,
            tags,
            by_author: lists.by_author,
        });
    }
}

/// The lists made from every body, side by side.
fn make<'s>(site: &'s Site, bodies: &[Arc<RenderedBody>]) -> Lists<'s> {
    let listed: Vec<usize> = (0..site.articles.len())
        .filter(|&i| site.articles[i].is_listed())
        .collect();
    let (mentions, (tags, by_author)) = rayon::join(
        || mention_lists(site, bodies, &listed),
        || rayon::join(|| tag_lists(site, &listed), || by_author(site, &listed)),
    );
    Lists {
        listed,
        mentions,
        tags,
        by_author,
    }
}

/// Each entity's mentions in the listed articles. One pass: on a large
/// site, reading the records is most of the cost.
fn mention_lists(
    site: &Site,
    bodies: &[Arc<RenderedBody>],
    listed: &[usize],
) -> Vec<Vec<(usize, usize)>> {
    let mut mentions: Vec<Vec<(usize, usize)>> = vec![Vec::new(); site.entities.len()];
    for &a in listed {
        for (r, e) in entity_records(&bodies[a]) {
            mentions[e].push((a, r));
        }
    }
    mentions
}

/// The body's mention records of entities: (record index, entity).
fn entity_records(body: &RenderedBody) -> impl Iterator<Item = (usize, usize)> + '_ {
    (body.mentions.iter().enumerate()).filter_map(|(r, record)| match record.target {
        Target::Entity(e) => Some((r, e)),
        Target::Term(_) => None,
    })
}

/// Replaces the mentions of each `changed` article, listed in `listed`, by
/// those of its new body (`bodies.1`), keeping each list in listed order.
fn patch_mentions(
    mentions: &mut [Vec<(usize, usize)>],
    listed: &[usize],
    articles: Vec<usize>,
    (before, after): (&[Arc<RenderedBody>], &[Arc<RenderedBody>]),
) -> Changed {
    let mut rank = vec![usize::MAX; after.len()];
    for (place, &a) in listed.iter().enumerate() {
        rank[a] = place;
    }
    let mut entities: Vec<usize> = (articles.iter())
        .flat_map(|&a| entity_records(&before[a]).chain(entity_records(&after[a])))
        .map(|(_, e)| e)
        .collect();
    entities.sort_unstable();
    entities.dedup();
    let counts: Vec<usize> = entities.iter().map(|&e| mentions[e].len()).collect();
    for &a in articles.iter().filter(|&&a| rank[a] != usize::MAX) {
        for (_, e) in entity_records(&before[a]) {
            mentions[e].retain(|&(x, _)| x != a);
        }
        for (r, e) in entity_records(&after[a]) {
            let list = &mut mentions[e];
            // After the article's own earlier records, in record order.
            let at = list.partition_point(|&(x, _)| rank[x] <= rank[a]);
            list.insert(at, (a, r));
        }
    }
    let same_counts = (entities.iter().zip(&counts)).all(|(&e, &n)| mentions[e].len() == n);
    let mentioned = |body: &RenderedBody| {
        let mut found: Vec<usize> = entity_records(body).map(|(_, e)| e).collect();
        found.sort_unstable();
        found
    };
    let same_entities = (articles.iter()).all(|&a| mentioned(&before[a]) == mentioned(&after[a]));
    Changed {
        articles,
        entities,
        same_counts,
        same_entities,
    }
}

/// Each tag's articles: the `listed` ones in their order, then the undated
/// ones, so that every tag link an article shows leads to a page.
fn tag_lists<'s>(site: &'s Site, listed: &[usize]) -> BTreeMap<&'s str, (&'s str, Vec<usize>)> {
    let mut by_tag: rustc_hash::FxHashMap<&str, (&str, Vec<usize>)> = Default::default();
    let undated = (0..site.articles.len()).filter(|&a| !site.articles[a].is_listed());
    for a in listed.iter().copied().chain(undated) {
        for (name, slug) in &site.articles[a].tags {
            by_tag
                .entry(slug.as_str())
                .or_insert((name.as_str(), Vec::new()))
                .1
                .push(a);
        }
    }
    by_tag.into_iter().collect()
}

/// Each author's listed articles, newest first.
fn by_author(site: &Site, listed: &[usize]) -> Vec<Vec<usize>> {
    let mut lists = vec![Vec::new(); site.authors.len()];
    // Each byline is looked up once, not once an article.
    let mut authors: rustc_hash::FxHashMap<&str, Option<usize>> = Default::default();
    for &a in listed {
        for name in &site.articles[a].meta.authors {
            let author = *authors
                .entry(name.as_str())
                .or_insert_with(|| site.author(name));
            if let Some(i) = author {
                if lists[i].last() != Some(&a) {
                    lists[i].push(a);
                }
            }
        }
    }
    lists
}
