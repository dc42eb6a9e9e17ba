//! Stage 3, render: every page of SPEC section 6, in parallel.
//!
//! 1. Build the name automaton once for the whole site.
//! 2. Render every article body (in parallel), finding its mentions.
//! 3. Gather, per entity, the explainers that mention it ([`pages::Aggregates`]).
//! 4. Render every page through its template (in parallel) and hand it to the
//!    sink as soon as it is done, so pages stream to disk; `entities.json`
//!    goes in parts as it is made.
//! 5. Write the feed and the sitemap (split into parts of at most 50,000
//!    pages, as search engines read them).

pub mod alternates;
pub mod context;
pub mod embed;
pub mod export;
pub mod feeds;
pub mod lists;
pub mod markdown;
pub mod pages;
pub mod picture;
pub mod raw_html;
pub mod redirects;
pub mod search;
pub mod sentences;
pub mod shortcode;
pub mod structured;
pub mod texts;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::matcher::{NameIndex, NameIndexBuilder, Owner};
use crate::model::{Article, Site, Target};
use crate::progress::Progress;
use crate::resolve::article_names;
use crate::spill::{Spill, Stored};
use crate::theme::Theme;
use crate::urls;
use lists::ListMemory;
use markdown::{render_body, BodyContext, RenderedBody};
use pages::{render_job, Aggregates, Job, PageKind};
use texts::EntityText;

/// Where rendered files go: each finished file whole, or in parts as it
/// is made, so that a file of gigabytes (`entities.json` of a large
/// archive) is never whole in memory. The pipeline hands its output here.
pub trait Sink: Sync {
    /// Writes one file; `file` is a path inside the site such as `articles/x/index.html`.
    fn write(&self, file: &str, bytes: &[u8]) -> std::io::Result<()>;
    /// Writes one file made of `parts`, taking each as it comes.
    fn write_parts(
        &self,
        file: &str,
        parts: &mut dyn Iterator<Item = Vec<u8>>,
    ) -> std::io::Result<()>;
}

/// How many pages of each kind were written.
#[derive(Debug, Default, Clone)]
pub struct PageCounts {
    pub articles: usize,
    pub entities: usize,
    pub tags: usize,
    pub lists: usize,
    /// Atom feeds of entities.
    pub feeds: usize,
    /// Old addresses kept working.
    pub redirects: usize,
    pub other: usize,
}

impl PageCounts {
    pub fn total(&self) -> usize {
        self.articles
            + self.entities
            + self.tags
            + self.lists
            + self.feeds
            + self.redirects
            + self.other
    }

    fn add(&mut self, kind: PageKind) {
        let count = match kind {
            PageKind::Article => &mut self.articles,
            PageKind::Entity => &mut self.entities,
            PageKind::Tag => &mut self.tags,
            PageKind::List => &mut self.lists,
            PageKind::Feed => &mut self.feeds,
            PageKind::Redirect => &mut self.redirects,
            PageKind::Other => &mut self.other,
        };
        *count += 1;
    }
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

/// All the site's Markdown, rendered: what every page is made from.
pub struct SiteText {
    /// Indexed like `Site::entities`.
    pub entities: Arc<Vec<EntityText>>,
    /// What each article's body holds but its HTML: mentions, words, the
    /// front matter's Markdown. Indexed like `Site::articles`.
    pub bodies: Vec<Arc<RenderedBody>>,
    /// Each article's body as HTML, in memory or spilled to disk.
    pub html: Vec<Stored>,
    /// Every picture the site uses.
    pub pictures: Arc<crate::pictures::PictureSet>,
}

/// One article's body rendered: what it holds, and its HTML.
pub type Body = (Arc<RenderedBody>, Stored);

/// Every article body rendered: what each holds, and each one's HTML.
pub type Bodies = (Vec<Arc<RenderedBody>>, Vec<Stored>);

/// Renders every article body, indexed like `site.articles`. `reuse` may hand
/// back a body rendered earlier for an unchanged article (the preview server's cache).
/// `names` holds the site's name index, or is filled with it if some body
/// is not reused. With a `spill`, each body's HTML goes there as soon as it
/// is rendered rather than staying in memory.
pub fn render_bodies(
    site: &Site,
    (pictures, theme): (&crate::pictures::PictureSet, Option<&Theme>),
    reuse: &(dyn Fn(usize, &Article) -> Option<Body> + Sync),
    names: &std::sync::OnceLock<Arc<NameIndex>>,
    spill: Option<&Arc<Spill>>,
    diags: &mut Diagnostics,
) -> Bodies {
    let slugs: HashMap<&str, usize> = crate::resolve::slug_map(&site.entities);
    let (bodies, html): Bodies = site
        .articles
        .par_iter()
        .enumerate()
        .map(|(i, article)| {
            reuse(i, article).unwrap_or_else(|| {
                let cx = BodyContext {
                    site,
                    names: names.get_or_init(|| Arc::new(name_index(site))),
                    article_index: i,
                    mode: site.config.annotate,
                    entity_slugs: &slugs,
                    pictures,
                    theme,
                };
                let mut body =
                    crate::fault::isolate(&article.file.path, || render_body(article, &cx))
                        .unwrap_or_else(|error| RenderedBody {
                            diagnostics: vec![*error],
                            ..RenderedBody::default()
                        });
                let html = store(std::mem::take(&mut body.html), spill);
                (Arc::new(body), html)
            })
        })
        .unzip();
    for body in &bodies {
        diags.extend(body.diagnostics.iter().cloned());
    }
    (bodies, html)
}

/// Keeps `html` in `spill`, or in memory when there is none or it cannot
/// take the text (a full disk costs memory, not the build).
fn store(html: String, spill: Option<&Arc<Spill>>) -> Stored {
    match spill.map(|spill| (spill, spill.put(&html))) {
        Some((spill, Ok(at))) => Stored::Spilled(Arc::clone(spill), at),
        _ => Stored::Here(Arc::from(html)),
    }
}

/// Reports articles whose `template:` names no template.
pub fn check_templates(site: &Site, theme: &Theme, diags: &mut Diagnostics) {
    // Most articles name the template the one before did: it is looked up
    // once, not once an article, on every save.
    let mut known: Option<&str> = None;
    for article in &site.articles {
        if known == Some(article.template.as_str()) {
            continue;
        }
        if theme.has(&article.template) {
            known = Some(&article.template);
        } else {
            let at = article.template_at.clone().unwrap_or(0..0);
            diags.push(
                Diagnostic::error(
                    Code::NoTemplate,
                    &article.file.path,
                    format!("no template `{}`", article.template),
                )
                .at(&article.file, at)
                .with_help("create it in `templates/`, or remove `template:` to use article.html"),
            );
        }
    }
}

/// Every page of the site, and the site-wide facts they are made from.
pub struct Plan<'s> {
    pub agg: Aggregates<'s>,
    pub jobs: Vec<Job>,
    /// What changed since the last run, when its lists still held.
    pub changed: Option<lists::Changed>,
}

impl Plan<'_> {
    /// How many files the edition's sitemap takes: 1, or the parts a
    /// sitemap of more pages than a file may list is split into.
    pub fn sitemap_parts(&self, site: &Site) -> usize {
        let pages = self.jobs.iter().filter(|job| job.is_listed_page()).count();
        let per = urls::pages_per_sitemap(site.config.languages.len());
        pages.div_ceil(per).max(1)
    }
}

impl std::iter::Sum for PageCounts {
    fn sum<I: Iterator<Item = PageCounts>>(all: I) -> PageCounts {
        all.fold(PageCounts::default(), |mut sum, counts| {
            sum.articles += counts.articles;
            sum.entities += counts.entities;
            sum.tags += counts.tags;
            sum.lists += counts.lists;
            sum.feeds += counts.feeds;
            sum.redirects += counts.redirects;
            sum.other += counts.other;
            sum
        })
    }
}

impl<'s> Plan<'s> {
    /// The plan of `site`, with the lists of the last run from `memory`
    /// where they still hold.
    pub fn new(site: &'s Site, text: &SiteText, memory: &mut ListMemory) -> Self {
        let (lists, changed) = memory.lists(site, &text.bodies);
        let agg = Aggregates::from_lists(site, text, lists);
        let jobs = Job::all(site, &agg);
        Plan { agg, jobs, changed }
    }

    /// Gives the plan's lists to `memory`, for the next run.
    pub fn remember(self, site: &Site, text: &SiteText, memory: &mut ListMemory) {
        memory.keep(site, &text.bodies, self.agg.into_lists());
    }

    /// How many pages of each kind the site has.
    pub fn counts(&self) -> PageCounts {
        let mut counts = PageCounts::default();
        for job in &self.jobs {
            counts.add(job.kind());
        }
        counts.other += FEEDS.len();
        counts
    }
}

/// The site-wide feeds, written after the pages.
pub const FEEDS: [&str; 2] = [urls::ATOM, urls::SITEMAP];

/// Renders `jobs` in parallel and hands each page to `sink` as soon as it
/// is done, so pages stream to the output; returns what went wrong.
pub fn render_pages(
    jobs: &[Job],
    plan: &Plan,
    site: &Site,
    theme: &Theme,
    text: &SiteText,
    sink: &dyn Sink,
    progress: &Progress,
) -> Vec<Diagnostic> {
    // Once one page is over its budget the run has failed; the pages not yet
    // started are left, so that a template's runaway loop, which would take
    // each of its pages to the limit in turn, costs one limit's time.
    let over_budget = AtomicBool::new(false);
    let errors: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|job| {
            if over_budget.load(Ordering::Relaxed) {
                progress.inc();
                return None;
            }
            let path = job.path(site);
            let file = job.output(site);
            let cannot = |err: std::io::Error| Box::new(cannot_write(&file, &err));
            let written = match job {
                // Written as it is made: at a million articles, gigabytes.
                Job::EntitiesJson => {
                    let mut parts = export::entities_json(site, &text.entities, &plan.agg.mentions);
                    sink.write_parts(&file, &mut parts).map_err(cannot)
                }
                _ => render_job(job, &path, &file, site, theme, text, &plan.agg)
                    .and_then(|html| sink.write(&file, html.as_bytes()).map_err(cannot)),
            };
            progress.inc();
            let error = written.err()?;
            if error.code == Code::RenderBudget {
                over_budget.store(true, Ordering::Relaxed);
            }
            Some(*error)
        })
        .collect();
    one_budget_error(errors)
}

/// The pages rendering beside the first that went over budget went over it
/// too (they share its template, as a rule): one error says so.
fn one_budget_error(errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let (budget, mut others): (Vec<_>, Vec<_>) = errors
        .into_iter()
        .partition(|d| d.code == Code::RenderBudget);
    let mut budget = budget.into_iter();
    if let Some(mut first) = budget.next() {
        match budget.count() {
            0 => {}
            1 => first.message.push_str(" (and 1 other page)"),
            more => first
                .message
                .push_str(&format!(" (and {more} other pages)")),
        }
        others.push(first);
    }
    others
}

/// The error for a file the output could not take.
pub fn cannot_write(file: &str, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error(Code::CannotWrite, file, format!("cannot write: {err}"))
}

/// The site path a feed of [`FEEDS`] is written at in `site`'s edition: its
/// own, but for the default edition's sitemap in a site with several
/// editions, whose `/sitemap.xml` is the index ([`urls::root_sitemap`]).
pub fn feed_path(which: &str, site: &Site) -> String {
    let config = &site.config;
    if which == urls::SITEMAP && config.edition == 0 && config.is_multilingual() {
        return urls::root_sitemap(&config.language);
    }
    which.to_string()
}

/// The files of a feed of [`FEEDS`] in `site`'s edition, by site path:
/// its own, and for a sitemap of more pages than a file may list, the parts
/// it is split into ([`urls::sitemap_part`]), which its own file lists.
pub fn feed_paths(which: &str, site: &Site, plan: &Plan) -> Vec<String> {
    let path = feed_path(which, site);
    let parts = match which == urls::SITEMAP {
        true => plan.sitemap_parts(site),
        false => 1,
    };
    let mut paths = urls::sitemap_files(&path, parts);
    if parts > 1 {
        // The index of the parts.
        paths.push(path);
    }
    paths
}

/// The files of a feed, made one at a time: each with its site path. The
/// feed is `/atom.xml` (the newest articles) or the sitemap (every page but
/// the 404, with the last change of articles).
pub fn feed_files<'a>(
    which: &str,
    site: &'a Site,
    plan: &'a Plan,
) -> Box<dyn Iterator<Item = (String, Vec<u8>)> + 'a> {
    let path = feed_path(which, site);
    if which == urls::ATOM {
        return Box::new(std::iter::once((path, feeds::atom(site, &plan.agg.leads))));
    }
    let pages = (plan.jobs.iter())
        .filter(|job| job.is_listed_page())
        .map(move |job| {
            let lastmod = match job {
                Job::Article(i) => {
                    let a = &site.articles[*i];
                    a.modified().or(a.meta.date).map(|d| d.iso())
                }
                _ => None,
            };
            (job.path(site), lastmod)
        });
    let per = urls::pages_per_sitemap(site.config.languages.len());
    sitemap_files(site, path, pages, (plan.sitemap_parts(site), per))
}

/// The sitemap at `path` of `pages`, in `parts` files of `per` pages each
/// (the last, what is left), with an index of them at `path`; in one file
/// at `path` when `parts` is 1.
fn sitemap_files<'a>(
    site: &'a Site,
    path: String,
    mut pages: impl Iterator<Item = (String, Option<String>)> + 'a,
    (parts, per): (usize, usize),
) -> Box<dyn Iterator<Item = (String, Vec<u8>)> + 'a> {
    if parts == 1 {
        return Box::new(std::iter::once((path, feeds::sitemap(site, pages))));
    }
    let files = urls::sitemap_files(&path, parts);
    let edition = site.config.edition;
    let index = feeds::sitemap_index(site, files.iter().map(|file| (edition, file.clone())));
    let parts =
        (files.into_iter()).map(move |file| (file, feeds::sitemap(site, pages.by_ref().take(per))));
    Box::new(parts.chain(std::iter::once((path, index))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locs(xml: &[u8]) -> Vec<String> {
        let xml = std::str::from_utf8(xml).unwrap();
        (xml.split("<loc>").skip(1))
            .map(|rest| rest.split("</loc>").next().unwrap().to_string())
            .collect()
    }

    #[test]
    fn a_sitemap_of_more_pages_than_a_file_holds_is_split_and_indexed() {
        let mut diags = Diagnostics::new();
        let config = crate::model::SiteConfig::default();
        let site = crate::resolve::assemble_site(config, Arc::default(), Vec::new(), &mut diags);
        let pages = || (1..=5).map(|i| (format!("/articles/{i}/"), None));
        let url = |path: &str| site.config.permalink(path);

        let files: Vec<_> = sitemap_files(&site, "/sitemap.xml".into(), pages(), (3, 2)).collect();
        let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(
            names,
            [
                "/sitemap-1.xml",
                "/sitemap-2.xml",
                "/sitemap-3.xml",
                "/sitemap.xml"
            ]
        );
        assert_eq!(
            locs(&files[0].1),
            [url("/articles/1/"), url("/articles/2/")]
        );
        assert_eq!(
            locs(&files[1].1),
            [url("/articles/3/"), url("/articles/4/")]
        );
        assert_eq!(locs(&files[2].1), [url("/articles/5/")]);
        let index = std::str::from_utf8(&files[3].1).unwrap();
        assert!(index.contains("<sitemapindex"), "{index}");
        assert_eq!(
            locs(&files[3].1),
            [
                url("/sitemap-1.xml"),
                url("/sitemap-2.xml"),
                url("/sitemap-3.xml")
            ]
        );

        let whole: Vec<_> = sitemap_files(&site, "/sitemap.xml".into(), pages(), (1, 2)).collect();
        assert_eq!(whole.len(), 1);
        assert_eq!(whole[0].0, "/sitemap.xml");
        assert!(std::str::from_utf8(&whole[0].1)
            .unwrap()
            .contains("<urlset"));
        assert_eq!(locs(&whole[0].1).len(), 5);
    }

    #[test]
    fn a_sitemap_file_holds_no_more_than_search_engines_read() {
        assert_eq!(urls::pages_per_sitemap(1), 50_000);
        assert_eq!(urls::pages_per_sitemap(3), 50_000);
        // Each page may name its translations, about 200 bytes each: a
        // file of a site of many editions stays under 50 MB.
        for editions in 1..=40 {
            let per = urls::pages_per_sitemap(editions);
            assert!(
                per * (250 + 200 * editions) <= 50_000_000,
                "{editions}: {per}"
            );
        }
        assert_eq!(urls::sitemap_part("/sitemap.xml", 2), "/sitemap-2.xml");
        assert_eq!(
            urls::sitemap_part("/sitemap-en.xml", 1),
            "/sitemap-en-1.xml"
        );
    }
}
