//! What the last good run wrote, so that the next one writes only what
//! changed: a fingerprint of each page (a hash of everything it shows), what
//! the feeds and the search index were made from, and the static files.

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::sources::Statics;
use crate::model::Site;
use crate::pictures::{Picture, PictureSet};
use crate::render::pages::Job;
use crate::render::{Plan, SiteText, FEEDS};
use crate::text::fx_hash;
use crate::theme::Theme;

#[derive(Default)]
pub struct WrittenCache {
    /// Page file -> fingerprint.
    pages: FxHashMap<Arc<str>, u64>,
    /// What each feed was made from, in the order of [`FEEDS`].
    feeds: [Option<u64>; 2],
    search: Option<u64>,
    statics: Option<Statics>,
    /// The pictures written, by their first file.
    pictures: FxHashSet<String>,
}

/// What a run is to write, and what to remember once it has.
pub struct Changes {
    pub pages: Vec<Job>,
    /// The feeds to write, by site path.
    pub feeds: Vec<&'static str>,
    pub search: bool,
    pub statics: bool,
    /// The pictures to write: those the last run did not.
    pub pictures: Vec<Arc<Picture>>,
    remember: WrittenCache,
}

impl WrittenCache {
    /// What differs from the last good run. `base` covers the settings and
    /// the entities' names; `fingerprint` is false for a one-off run, which
    /// writes every page and need not hash them.
    pub fn changes(
        &self,
        (site, theme, text, plan): (&Site, &Theme, &SiteText, &Plan),
        base: u64,
        (statics, pictures): (&Statics, &PictureSet),
        fingerprint: bool,
    ) -> Changes {
        let mut remember = WrittenCache::default();
        let pages = if fingerprint {
            // Hashing what every page shows is most of a save's planning:
            // it runs on every core.
            let prints: Vec<(Arc<str>, u64)> = (plan.jobs.par_iter())
                .map(|job| {
                    let print = job.fingerprint(site, theme, text, &plan.agg, base);
                    (job.output(site), print)
                })
                .collect();
            remember.pages.reserve(prints.len());
            let mut todo = Vec::new();
            for (job, (file, print)) in plan.jobs.iter().zip(prints) {
                if self.pages.get(&file) != Some(&print) {
                    todo.push(job.clone());
                }
                remember.pages.insert(file, print);
            }
            todo
        } else {
            plan.jobs.clone()
        };
        remember.feeds = feed_keys(site, plan, base);
        let feeds = (FEEDS.iter().zip(remember.feeds.iter().zip(&self.feeds)))
            .filter(|(_, (now, before))| now != before)
            .map(|(feed, _)| *feed)
            .collect();
        remember.search = site.config.search.then(|| search_key(site, base));
        remember.statics = Some(Arc::clone(statics));
        let mut todo = Vec::new();
        for picture in &pictures.pictures {
            let key = picture.url(picture.width, picture.format);
            if !self.pictures.contains(&key) {
                todo.push(Arc::clone(picture));
            }
            remember.pictures.insert(key);
        }
        Changes {
            pictures: todo,
            pages,
            feeds,
            search: remember.search.is_some() && remember.search != self.search,
            statics: !self
                .statics
                .as_ref()
                .is_some_and(|s| Arc::ptr_eq(s, statics)),
            remember,
        }
    }

    /// Records a run that succeeded.
    pub fn update(&mut self, changes: Changes) {
        *self = changes.remember;
    }
}

/// The sitemap follows from the pages' paths and dates, the feed from the
/// newest articles.
fn feed_keys(site: &Site, plan: &Plan, base: u64) -> [Option<u64>; 2] {
    let listed: Vec<u64> = site.articles.iter().map(|a| a.list_version).collect();
    let newest: Vec<u64> = (plan.agg.listed.iter())
        .take(crate::render::feeds::FEED_SIZE)
        .map(|&a| site.articles[a].version)
        .collect();
    [
        Some(fx_hash(&(base, newest))),
        Some(fx_hash(&(base, listed))),
    ]
}

/// The search index follows from every article's and entity's text.
fn search_key(site: &Site, base: u64) -> u64 {
    fx_hash(&(
        base,
        site.articles.iter().map(|a| a.version).collect::<Vec<_>>(),
        site.entities.iter().map(|e| e.version).collect::<Vec<_>>(),
    ))
}
