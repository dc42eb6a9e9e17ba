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
    /// Each page's file, and in the same order its fingerprint: a save
    /// mostly keeps every page where it was, and a walk along both lists
    /// costs less than a map of every page made again.
    files: Vec<Arc<str>>,
    prints: Vec<u64>,
    /// What each feed was made from, in the order of [`FEEDS`].
    feeds: [Option<u64>; 2],
    search: Option<u64>,
    statics: Option<Statics>,
    /// The pictures written, by their first file.
    pictures: FxHashSet<String>,
    /// What else the fingerprints follow from: the settings and names
    /// (`base`), the templates, and the embargoed articles.
    prints_under: Option<(u64, u64, Vec<usize>)>,
    /// The pages, in the order of `files`.
    jobs: Vec<Job>,
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
    /// Each page's file. After a save whose lists held (the same articles
    /// at the same paths, the same entities and authors), the same pages
    /// keep the files of the last run; only redirects, whose old addresses
    /// are no article's path, are named again.
    pub fn outputs(&self, site: &Site, plan: &Plan, base: u64) -> Vec<Arc<str>> {
        let same = plan.changed.is_some()
            && self
                .prints_under
                .as_ref()
                .is_some_and(|under| under.0 == base)
            && plan.jobs == self.jobs;
        if !same {
            return plan.jobs.par_iter().map(|job| job.output(site)).collect();
        }
        let files: Vec<Arc<str>> = (plan.jobs.iter().zip(&self.files))
            .map(|(job, file)| match job {
                Job::Redirect(_) => job.output(site),
                _ => Arc::clone(file),
            })
            .collect();
        #[cfg(debug_assertions)]
        for (job, file) in plan.jobs.iter().zip(&files) {
            assert_eq!(*file, job.output(site), "{job:?} moved, unforeseen");
        }
        files
    }

    /// What differs from the last good run. `base` covers the settings and
    /// the entities' names; `fingerprint` is false for a one-off run, which
    /// writes every page and need not hash them.
    pub fn changes(
        &self,
        (site, theme, text, plan): (&Site, &Theme, &SiteText, &Plan),
        (base, outputs): (u64, &[Arc<str>]),
        (statics, pictures): (&Statics, &PictureSet),
        fingerprint: bool,
    ) -> Changes {
        let mut remember = WrittenCache::default();
        let pages = if fingerprint {
            let under = (base, theme.templates_version(), embargoed(site));
            let print = |job: &Job| job.fingerprint(site, theme, text, &plan.agg, base);
            // After a save that changed a body or two, the pages that
            // follow from nothing it changed keep their fingerprints.
            let kept = (plan.changed.as_ref())
                .filter(|changed| changed.same_counts)
                .filter(|_| self.prints_under.as_ref() == Some(&under))
                .filter(|_| same_files(outputs, &self.files));
            let prints: Vec<u64> = match kept {
                Some(changed) => {
                    let prints: Vec<u64> = (plan.jobs.par_iter().zip(&self.prints))
                        .map(|(job, &before)| match job.may_change(changed) {
                            true => print(job),
                            false => before,
                        })
                        .collect();
                    #[cfg(debug_assertions)]
                    for (job, kept) in plan.jobs.iter().zip(&prints) {
                        assert_eq!(*kept, print(job), "{job:?} changed, unforeseen");
                    }
                    prints
                }
                // Hashing what every page shows is most of a save's
                // planning: it runs on every core.
                None => plan.jobs.par_iter().map(print).collect(),
            };
            remember.prints_under = Some(under);
            let todo: Vec<Job> = if same_files(outputs, &self.files) {
                (plan.jobs.iter().zip(prints.iter().zip(&self.prints)))
                    .filter(|(_, (now, before))| now != before)
                    .map(|(job, _)| job.clone())
                    .collect()
            } else {
                let before: FxHashMap<&str, u64> = (self.files.iter())
                    .map(|file| &**file)
                    .zip(self.prints.iter().copied())
                    .collect();
                (plan.jobs.iter().zip(outputs.iter().zip(&prints)))
                    .filter(|(_, (file, print))| before.get(&***file) != Some(*print))
                    .map(|(job, _)| job.clone())
                    .collect()
            };
            remember.files = outputs.to_vec();
            remember.jobs = plan.jobs.clone();
            remember.prints = prints;
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

/// Whether two lists of files are the same, most often because one was
/// taken from the other.
fn same_files(a: &[Arc<str>], b: &[Arc<str>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| Arc::ptr_eq(a, b) || a == b)
}

/// The articles shown with an embargo notice: their pages change when the
/// embargo lifts, with nothing else changed.
fn embargoed(site: &Site) -> Vec<usize> {
    (site.articles.iter().enumerate())
        .filter(|(_, article)| site.is_embargoed(article))
        .map(|(a, _)| a)
        .collect()
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
