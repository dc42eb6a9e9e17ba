//! The pages of the site as jobs: what each one shows, a fingerprint of
//! everything it depends on (so the preview server re-renders only pages whose
//! inputs changed), and how it renders through its template.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

use tera::{Context, Value};

use super::context::*;
use super::lists::{Changed, ListMemory, Lists};
use super::markdown::RenderedBody;
use super::picture::PictureView;
use super::SiteText;
use crate::budget;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Kind, Site, SiteConfig, Target};
use crate::pictures::Owner;
use crate::theme::Theme;
use crate::urls;

/// The kinds of file a build's report counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Article,
    Entity,
    Tag,
    /// The index and the who's who.
    List,
    /// An entity's Atom feed.
    Feed,
    /// An old address that leads to a page's new one.
    Redirect,
    Other,
}

/// Site-wide facts gathered from every rendered body, read by many pages.
pub struct Aggregates<'s> {
    /// For each entity: (article index, index into that article's mention records),
    /// newest article first. Only listed (dated) articles count.
    pub mentions: Vec<Vec<(usize, usize)>>,
    pub mention_counts: Vec<usize>,
    /// Indices of dated articles, newest first.
    pub listed: Vec<usize>,
    /// Tag slug -> (name as first written, its articles: dated ones newest first, then undated).
    pub tags: BTreeMap<&'s str, (&'s str, Vec<usize>)>,
    pub index_pages: usize,
    /// Entries on a page of a list (`paginate_by:` in site.yaml).
    pub per_page: usize,
    /// The entities in the order of the who's who: by kind, then by name.
    pub entity_order: Vec<usize>,
    pub entities_pages: usize,
    /// Each article's link, made on first use: an article is listed on the
    /// page of every entity it mentions, and one template value serves them
    /// all (values share their contents). Its fuller list items, shown on a
    /// few pages each, are made for each page instead: kept, they cost
    /// more memory than time.
    links: Vec<OnceLock<Value>>,
    /// The `site` variable, the same on every page.
    site_view: Value,
    /// Each article's lead picture, and each entity's picture.
    pub leads: Vec<Option<PictureView>>,
    pub portraits: Vec<Option<PictureView>>,
    /// For each author, their dated articles, newest first; and their picture.
    pub by_author: Vec<Vec<usize>>,
    pub author_pictures: Vec<Option<PictureView>>,
    /// How many parts each edition's sitemap has (1: not split), for the
    /// index at the root of a site with several editions. Set on the
    /// default edition's plan once every edition's is made; an edition
    /// not given has one.
    pub sitemaps: Vec<usize>,
}

impl<'s> Aggregates<'s> {
    pub fn new(site: &'s Site, text: &SiteText) -> Self {
        let (lists, _) = ListMemory::default().lists(site, &text.bodies);
        Aggregates::from_lists(site, text, lists)
    }

    pub fn from_lists(site: &'s Site, text: &SiteText, lists: Lists<'s>) -> Self {
        let Lists {
            listed,
            mentions,
            tags,
            by_author,
        } = lists;
        let entity_order = whos_who_order(site);
        Aggregates {
            entities_pages: entity_order
                .len()
                .div_ceil(site.config.entities_per_page)
                .max(1),
            entity_order,
            mention_counts: mentions.iter().map(Vec::len).collect(),
            mentions,
            index_pages: listed.len().div_ceil(site.config.paginate_by).max(1),
            per_page: site.config.paginate_by,
            listed,
            tags,
            site_view: Value::from_serializable(&SiteView::new(&site.config)),
            links: site.articles.iter().map(|_| OnceLock::new()).collect(),
            leads: lead_pictures(site, text),
            portraits: portraits(site, text),
            by_author,
            author_pictures: author_pictures(site, text),
            sitemaps: Vec::new(),
        }
    }

    /// The lists it was made from, for the next run's [`ListMemory`].
    pub fn into_lists(self) -> Lists<'s> {
        Lists {
            listed: self.listed,
            mentions: self.mentions,
            tags: self.tags,
            by_author: self.by_author,
        }
    }

    /// The entities on page `page` (1-based) of the who's who.
    fn entities_on(&self, site: &Site, page: usize) -> &[usize] {
        let per = site.config.entities_per_page;
        let start = ((page - 1) * per).min(self.entity_order.len());
        &self.entity_order[start..(start + per).min(self.entity_order.len())]
    }

    /// How many pages a list of `len` entries takes: at least one.
    pub fn pages_of(&self, len: usize) -> usize {
        len.div_ceil(self.per_page).max(1)
    }

    /// The entries of page `page` (1-based) of `list`.
    fn page_of<'l, T>(&self, list: &'l [T], page: usize) -> &'l [T] {
        let start = ((page - 1) * self.per_page).min(list.len());
        &list[start..(start + self.per_page).min(list.len())]
    }

    /// Article `a` as an [`ArticleLink`].
    fn link(&self, site: &Site, a: usize) -> Value {
        self.links[a]
            .get_or_init(|| {
                Value::from_serializable(&ArticleLink::new(&site.articles[a], &site.config))
            })
            .clone()
    }

    /// Article `a` as an [`ArticleItem`].
    fn item(&self, site: &Site, a: usize) -> Value {
        let image = self.leads[a].as_ref();
        Value::from_serializable(&ArticleItem::new(&site.articles[a], &site.config, image))
    }

    /// Article `a` as an [`ArticleRef`].
    fn article_ref(&self, site: &Site, a: usize) -> Value {
        let image = self.leads[a].as_ref();
        Value::from_serializable(&ArticleRef::new(&site.articles[a], &site.config, image))
    }
}

/// Each article's lead picture as templates see it.
fn lead_pictures(site: &Site, text: &SiteText) -> Vec<Option<PictureView>> {
    let view = |(a, article): (usize, &Arc<crate::model::Article>)| {
        let spec = article.meta.image.as_ref()?;
        let picture = text.pictures.owned(Owner::Lead(a))?;
        Some(PictureView::new(&site.config, picture, spec, true))
    };
    site.articles.iter().enumerate().map(view).collect()
}

/// Each author's picture (`image:` in the author file).
fn author_pictures(site: &Site, text: &SiteText) -> Vec<Option<PictureView>> {
    let view = |(i, author): (usize, &crate::model::Author)| {
        let spec = author.image.as_ref()?;
        let picture = text.pictures.owned(Owner::Author(i))?;
        Some(PictureView::new(&site.config, picture, spec, true))
    };
    site.authors.iter().enumerate().map(view).collect()
}

/// Each entity's picture as templates see it.
fn portraits(site: &Site, text: &SiteText) -> Vec<Option<PictureView>> {
    let view = |(e, entity): (usize, &crate::model::Entity)| {
        let spec = entity.image.as_ref()?;
        let picture = text.pictures.owned(Owner::Portrait(e))?;
        Some(PictureView::new(&site.config, picture, spec, true))
    };
    site.entities.iter().enumerate().map(view).collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    Article(usize),
    /// 1-based page of the index.
    Index(usize),
    /// 1-based page of the who's who.
    Entities(usize),
    /// Page `.1` (1-based) of entity `.0`'s explainers.
    Entity(usize, usize),
    Tags,
    /// Page `.1` (1-based) of the tag's explainers.
    Tag(String, usize),
    NotFound,
    /// `/entities/SLUG/atom.xml`.
    EntityFeed(usize),
    /// `/news-sitemap.xml`.
    NewsSitemap,
    /// `/sitemap.xml` of a site with several editions: the index of each
    /// edition's sitemap.
    SitemapIndex,
    /// `/entities.json`.
    EntitiesJson,
    /// Page `.1` (1-based) of author `.0`: who they are, and their explainers.
    Author(usize, usize),
    /// `/authors/SLUG/atom.xml`.
    AuthorFeed(usize),
    /// An old address (index into `Site::redirects`): a page that sends
    /// the reader on, or for an entity's old feed, the feed itself.
    Redirect(usize),
    /// `/410.html`, shown for the addresses of `gone:`.
    Gone,
    /// `/_redirects`: every redirect and removal as a host's rule.
    RedirectRules,
}

impl Job {
    /// Every page of the site.
    pub fn all(site: &Site, agg: &Aggregates) -> Vec<Job> {
        let mut jobs: Vec<Job> = (0..site.articles.len()).map(Job::Article).collect();
        jobs.extend((1..=agg.index_pages).map(Job::Index));
        jobs.extend((1..=agg.entities_pages).map(Job::Entities));
        for (e, mentions) in agg.mentions.iter().enumerate() {
            jobs.extend((1..=agg.pages_of(mentions.len())).map(|page| Job::Entity(e, page)));
        }
        jobs.push(Job::Tags);
        for (slug, (_, list)) in &agg.tags {
            jobs.extend(
                (1..=agg.pages_of(list.len())).map(|page| Job::Tag(slug.to_string(), page)),
            );
        }
        jobs.push(Job::NotFound);
        jobs.extend((0..site.entities.len()).map(Job::EntityFeed));
        jobs.push(Job::NewsSitemap);
        if site.config.edition == 0 && site.config.is_multilingual() {
            jobs.push(Job::SitemapIndex);
        }
        jobs.push(Job::EntitiesJson);
        for (a, list) in agg.by_author.iter().enumerate() {
            jobs.extend((1..=agg.pages_of(list.len())).map(|page| Job::Author(a, page)));
        }
        jobs.extend((0..site.authors.len()).map(Job::AuthorFeed));
        jobs.extend((0..site.redirects.len()).map(Job::Redirect));
        if !site.gone.is_empty() {
            jobs.push(Job::Gone);
        }
        let moves = !site.redirects.is_empty() || !site.gone.is_empty();
        // A host reads one `/_redirects`, the default edition's.
        let rules = moves || site.host_rules.is_some() || site.edition_rules.is_some();
        if rules && site.config.edition == 0 {
            jobs.push(Job::RedirectRules);
        }
        jobs
    }

    /// The job that writes the feed `feed`.
    fn feed(feed: crate::model::FeedOf) -> Job {
        match feed {
            crate::model::FeedOf::Entity(e) => Job::EntityFeed(e),
            crate::model::FeedOf::Author(a) => Job::AuthorFeed(a),
        }
    }

    /// Whether the job is a page of the site's own, listed in the sitemap:
    /// not a feed or data, the 404 or 410 page, or a redirect.
    pub fn is_listed_page(&self) -> bool {
        self.is_page() && !matches!(self, Job::NotFound | Job::Gone | Job::Redirect(_))
    }

    /// Whether the job writes an HTML page (the rest are feeds and data).
    pub fn is_page(&self) -> bool {
        !matches!(
            self,
            Job::EntityFeed(_)
                | Job::NewsSitemap
                | Job::SitemapIndex
                | Job::EntitiesJson
                | Job::RedirectRules
                | Job::AuthorFeed(_)
        )
    }

    /// The page's file in the output, e.g. `entities/hamas/index.html`.
    pub fn output(&self, site: &Site) -> Arc<str> {
        match self {
            Job::Article(i) => Arc::clone(&site.articles[*i].output),
            Job::Entity(e, 1) => Arc::clone(&site.entities[*e].output),
            other => Arc::from(urls::output_file(&other.path(site))),
        }
    }

    /// The page's site path, e.g. `/entities/hamas/`.
    pub fn path(&self, site: &Site) -> String {
        match self {
            Job::Article(i) => site.articles[*i].path.clone(),
            Job::Index(n) => urls::index_page(*n),
            Job::Entities(n) => urls::list_page(urls::ENTITIES, *n),
            Job::Entity(e, page) => urls::list_page(&site.entities[*e].path(), *page),
            Job::Tags => urls::TAGS.to_string(),
            Job::Tag(slug, page) => urls::list_page(&urls::tag(slug), *page),
            Job::NotFound => urls::NOT_FOUND.to_string(),
            Job::EntityFeed(e) => urls::entity_feed(&site.entities[*e].slug),
            Job::NewsSitemap => urls::NEWS_SITEMAP.to_string(),
            Job::SitemapIndex => urls::SITEMAP.to_string(),
            Job::EntitiesJson => urls::ENTITIES_JSON.to_string(),
            Job::Redirect(r) => site.redirects[*r].from.value.clone(),
            Job::Gone => urls::GONE.to_string(),
            Job::RedirectRules => urls::REDIRECT_RULES.to_string(),
            Job::Author(a, page) => urls::list_page(&site.authors[*a].path(), *page),
            Job::AuthorFeed(a) => urls::author_feed(&site.authors[*a].slug),
        }
    }

    /// The template that renders the page; `None` for the files gloss
    /// writes itself (feeds and data).
    pub fn template<'s>(&self, site: &'s Site) -> Option<&'s str> {
        Some(match self {
            Job::Article(i) => &site.articles[*i].template,
            Job::Index(_) => "index.html",
            Job::Entities(_) => "entities.html",
            Job::Entity(..) => "entity.html",
            Job::Tags => "tags.html",
            Job::Tag(..) => "tag.html",
            Job::NotFound => "404.html",
            Job::Gone => "410.html",
            Job::Redirect(r) if site.redirects[*r].feed_of.is_none() => "redirect.html",
            Job::Author(..) => "author.html",
            Job::AuthorFeed(_)
            | Job::EntityFeed(_)
            | Job::NewsSitemap
            | Job::SitemapIndex
            | Job::EntitiesJson
            | Job::Redirect(_)
            | Job::RedirectRules => return None,
        })
    }

    /// What the page counts as in a build's report.
    pub fn kind(&self) -> PageKind {
        match self {
            Job::Article(_) => PageKind::Article,
            Job::Entity(..) => PageKind::Entity,
            Job::Tag(..) | Job::Tags => PageKind::Tag,
            Job::Index(_) | Job::Entities(_) | Job::Author(..) => PageKind::List,
            Job::EntityFeed(_) | Job::AuthorFeed(_) => PageKind::Feed,
            Job::Redirect(_) => PageKind::Redirect,
            Job::NotFound
            | Job::Gone
            | Job::NewsSitemap
            | Job::SitemapIndex
            | Job::EntitiesJson
            | Job::RedirectRules => PageKind::Other,
        }
    }

    /// A hash of everything the page shows: when it is unchanged, so is the page.
    /// `base` covers the settings and the entities' names (see `Site::names_version`).
    pub fn fingerprint(
        &self,
        site: &Site,
        theme: &Theme,
        text: &SiteText,
        agg: &Aggregates,
        base: u64,
    ) -> u64 {
        // Thousands of pages are fingerprinted on every rebuild: a fast hash.
        let mut h = rustc_hash::FxHasher::default();
        base.hash(&mut h);
        self.template(site)
            .map_or(0, |t| theme.version(t))
            .hash(&mut h);
        std::mem::discriminant(self).hash(&mut h);
        self.hash_inputs(site, text, agg, &mut h);
        h.finish()
    }

    /// Whether this page's fingerprint may differ from the last run's, when
    /// the lists of that run still held and only `changed` did: the same
    /// articles in the same lists, the same entities and authors, each
    /// entity in as many explainers, the same settings, templates and
    /// embargoes. It answers for [`Job::hash_inputs`], which it must
    /// follow: debug builds check every answer against a fingerprint made
    /// afresh.
    pub fn may_change(&self, changed: &Changed) -> bool {
        let article = |a: &usize| changed.articles.binary_search(a).is_ok();
        let entity = |e: &usize| changed.entities.binary_search(e).is_ok();
        match self {
            Job::Article(a) => article(a),
            Job::Entity(e, _) | Job::EntityFeed(e) => entity(e),
            // Every entity with the explainers that mention it.
            Job::EntitiesJson => !changed.same_entities,
            // A few pages each, or one, that follow from many articles; the
            // sitemap index, from every edition's pages.
            Job::AuthorFeed(_) | Job::Redirect(_) | Job::RedirectRules | Job::SitemapIndex => true,
            // Lists of titles, dates and counts, which held.
            Job::Index(_)
            | Job::Entities(_)
            | Job::Tags
            | Job::Tag(..)
            | Job::Author(..)
            | Job::NewsSitemap
            | Job::NotFound
            | Job::Gone => false,
        }
    }

    /// Hashes what this kind of page shows, after the common part of the fingerprint.
    fn hash_inputs(&self, site: &Site, text: &SiteText, agg: &Aggregates, h: &mut impl Hasher) {
        let listed = |a: usize| site.articles[a].list_version;
        match self {
            Job::Article(i) => hash_article_inputs(site, text, agg, *i, h),
            Job::Index(page) => {
                (page, agg.index_pages).hash(h);
                for &a in agg.page_of(&agg.listed, *page) {
                    listed(a).hash(h);
                }
            }
            Job::Entities(page) => {
                // Every page's kind links depend on where each kind starts.
                (page, agg.entities_pages).hash(h);
                for (entity, count) in site.entities.iter().zip(&agg.mention_counts) {
                    (entity.version, count).hash(h);
                }
            }
            Job::Entity(e, page) => hash_entity_inputs(site, text, agg, (*e, *page), h),
            Job::Tags => {
                for (slug, (name, list)) in &agg.tags {
                    (slug, name, list.len()).hash(h);
                }
            }
            Job::Tag(slug, page) => hash_tag_inputs(site, agg, slug, *page, h),
            Job::NotFound | Job::Gone => {}
            // The languages and base_url are in `base`.
            Job::SitemapIndex => agg.sitemaps.hash(h),
            Job::EntityFeed(e) => hash_feed_inputs(site, agg, *e, h),
            Job::Redirect(r) => {
                let redirect = &site.redirects[*r];
                redirect.to.hash(h);
                if let Some(feed) = redirect.feed_of {
                    Job::feed(feed).hash_inputs(site, text, agg, h);
                }
            }
            Job::RedirectRules => {
                (&site.host_rules, &site.edition_rules).hash(h);
                for redirect in &site.redirects {
                    (&redirect.from.value, &redirect.to).hash(h);
                }
                for gone in &site.gone {
                    gone.value.hash(h);
                }
            }
            Job::NewsSitemap => {
                // Changes with the day, through `base` (the settings hold it).
                for &a in agg.listed.iter().take(super::feeds::NEWS_MAX) {
                    listed(a).hash(h);
                }
            }
            Job::EntitiesJson => hash_entities_json_inputs(site, agg, h),
            Job::Author(a, page) => {
                let list = &agg.by_author[*a];
                (site.authors[*a].version, page, agg.per_page, list.len()).hash(h);
                for &i in agg.page_of(list, *page) {
                    site.articles[i].list_version.hash(h);
                }
            }
            Job::AuthorFeed(a) => {
                site.authors[*a].version.hash(h);
                for &i in agg.by_author[*a].iter().take(super::feeds::FEED_SIZE) {
                    site.articles[i].version.hash(h);
                }
            }
        }
    }
}

/// Hashes what the feed of entity `e` shows.
fn hash_feed_inputs(site: &Site, agg: &Aggregates, e: usize, h: &mut impl Hasher) {
    site.entities[e].version.hash(h);
    for &(a, _) in agg.mentions[e].iter().take(super::feeds::FEED_SIZE) {
        site.articles[a].version.hash(h);
    }
}

/// Hashes what the page of article `i` shows.
fn hash_article_inputs(
    site: &Site,
    text: &SiteText,
    agg: &Aggregates,
    i: usize,
    h: &mut impl Hasher,
) {
    let article = &site.articles[i];
    (article.version, site.is_embargoed(article)).hash(h);
    // Cards show how many other explainers mention each entity,
    // annotated or reached by an `@slug` link.
    let annotated = article.annotations.iter().filter_map(|a| match a.target {
        Target::Entity(e) => Some(e),
        Target::Term(_) => None,
    });
    for e in annotated.chain(text.bodies[i].explicit_only.iter().copied()) {
        (site.entities[e].version, agg.mention_counts[e]).hash(h);
    }
}

/// Hashes what the page of entity `e` shows.
fn hash_entity_inputs(
    site: &Site,
    text: &SiteText,
    agg: &Aggregates,
    (e, page): (usize, usize),
    h: &mut impl Hasher,
) {
    let mentions = &agg.mentions[e];
    (
        e,
        page,
        site.entities[e].version,
        mentions.len(),
        agg.per_page,
    )
        .hash(h);
    // Each mention shows the article, the sentence and the count.
    for &(a, r) in agg.page_of(mentions, page) {
        let body = &text.bodies[a];
        (site.articles[a].list_version, body.mentions[r].digest).hash(h);
    }
    // "Often mentioned with", on the first page, follows from which
    // entities each explainer mentions.
    if page == 1 {
        for &(a, _) in mentions {
            text.bodies[a].entities_digest.hash(h);
        }
    }
}

/// Hashes what the page of the tag `slug` shows.
fn hash_tag_inputs(site: &Site, agg: &Aggregates, slug: &str, page: usize, h: &mut impl Hasher) {
    (slug, page, agg.per_page).hash(h);
    if let Some((name, list)) = agg.tags.get(slug) {
        (name, list.len()).hash(h);
        for &a in agg.page_of(list, page) {
            site.articles[a].list_version.hash(h);
        }
    }
}

/// Hashes what `/entities.json` shows: every entity and its explainers.
fn hash_entities_json_inputs(site: &Site, agg: &Aggregates, h: &mut impl Hasher) {
    for (e, entity) in site.entities.iter().enumerate() {
        entity.version.hash(h);
        for &(a, _) in &agg.mentions[e] {
            site.articles[a].list_version.hash(h);
        }
    }
}

/// Renders one page (site path `path`, written to `file`) to HTML; a panic
/// while doing so is an error naming the file.
pub fn render_job(
    job: &Job,
    path: &str,
    file: &str,
    site: &Site,
    theme: &Theme,
    text: &SiteText,
    agg: &Aggregates,
) -> Result<String, Box<Diagnostic>> {
    crate::fault::isolate(file, || render_page(job, path, site, theme, text, agg))?
}

fn render_page(
    job: &Job,
    path: &str,
    site: &Site,
    theme: &Theme,
    text: &SiteText,
    agg: &Aggregates,
) -> Result<String, Box<Diagnostic>> {
    let Some(template) = job.template(site) else {
        return Ok(data_file(job, site, text, agg));
    };
    let pc = PageContext {
        site,
        text,
        agg,
        path,
        config: &site.config,
    };
    let cx = match job {
        Job::Article(i) => {
            let html = text.html[*i].text().map_err(|err| {
                let message = format!("cannot read back its rendered body: {err}");
                Box::new(Diagnostic::error(Code::CannotWrite, path, message))
            })?;
            pc.article_context(*i, &html)
        }
        Job::Index(page) => pc.index_context(*page),
        Job::Entities(page) => pc.entities_context(*page),
        Job::Entity(e, page) => pc.entity_context(*e, *page),
        Job::Tags => pc.tags_context(),
        Job::Tag(slug, page) => pc.tag_context(slug, *page),
        Job::NotFound => pc.base("404", "Page not found".into(), String::new()),
        Job::Gone => pc.base("gone", "Page removed".into(), String::new()),
        Job::Redirect(r) => pc.redirect_context(&site.redirects[*r].to),
        Job::Author(a, page) => pc.author_context(*a, *page),
        Job::EntityFeed(_)
        | Job::NewsSitemap
        | Job::SitemapIndex
        | Job::EntitiesJson
        | Job::RedirectRules
        | Job::AuthorFeed(_) => {
            unreachable!("a data file has no template")
        }
    };
    let limits = site.config.render_limits;
    let render = budget::Render::start(limits, path, template);
    let mut page = budget::Page::new(&limits);
    let result = theme.tera.render_to(template, &cx, &mut page);
    if let Some(exceeded) = render.exceeded() {
        let err = result.err();
        return Err(Box::new(theme.budget_error(
            err.as_ref(),
            template,
            path,
            exceeded,
        )));
    }
    drop(render);
    result.map_err(|err| Box::new(theme.render_error(&err, path)))?;
    String::from_utf8(page.bytes).map_err(|err| {
        let message = format!("template error while rendering {path}: `{template}` wrote bytes that are not UTF-8 text: {err}");
        Box::new(Diagnostic::error(Code::TemplateError, format!("templates/{template}"), message))
    })
}

/// A file gloss writes itself, not through a template: an entity's feed,
/// the news sitemap, `entities.json`.
fn data_file(job: &Job, site: &Site, text: &SiteText, agg: &Aggregates) -> String {
    let bytes = match job {
        Job::EntityFeed(e) => {
            let articles: Vec<usize> = agg.mentions[*e].iter().map(|&(a, _)| a).collect();
            super::feeds::entity_atom(site, &site.entities[*e], &articles, &agg.leads)
        }
        Job::NewsSitemap => super::feeds::news_sitemap(site, &agg.listed),
        Job::SitemapIndex => super::feeds::sitemap_index(site, root_sitemaps(site, &agg.sitemaps)),
        Job::EntitiesJson => super::export::entities_json(site, &text.entities, &agg.mentions)
            .flatten()
            .collect(),
        Job::Redirect(r) => {
            let feed = site.redirects[*r]
                .feed_of
                .expect("a page redirect has a template");
            return data_file(&Job::feed(feed), site, text, agg);
        }
        Job::RedirectRules => super::redirects::redirect_rules(site),
        Job::AuthorFeed(a) => {
            super::feeds::author_atom(site, &site.authors[*a], &agg.by_author[*a], &agg.leads)
        }
        _ => unreachable!("a page is rendered through its template"),
    };
    String::from_utf8_lossy(&bytes).into_owned()
}

/// What one page's template context is built from.
struct PageContext<'a> {
    site: &'a Site,
    text: &'a SiteText,
    agg: &'a Aggregates<'a>,
    /// The page's site path.
    path: &'a str,
    config: &'a SiteConfig,
}

impl PageContext<'_> {
    /// The `page` variable, without JSON-LD or a feed.
    fn page(&self, kind: &'static str, title: String, description: String) -> PageView {
        PageView {
            kind,
            title,
            description,
            url: self.config.link(self.path),
            permalink: self.config.permalink(self.path),
            json_ld: None,
            feed_url: None,
            alternates: self.alternates(),
            image: None,
        }
    }

    /// The page in each edition that has it.
    fn alternates(&self) -> Vec<AlternateView> {
        let config = self.config;
        let all = super::alternates::of_page(self.site, self.path);
        (all.into_iter())
            .map(|a| {
                let language = &config.languages[a.edition];
                AlternateView {
                    lang: language.tag.clone(),
                    name: language.name.clone(),
                    dir: language.dir,
                    url: format!(
                        "{}{}{}",
                        config.root_path(),
                        config.prefix_of(a.edition),
                        a.path
                    ),
                    permalink: config.permalink_in(a.edition, &a.path),
                    current: a.edition == config.edition,
                }
            })
            .collect()
    }

    /// A context holding the `site` variable and `page`.
    fn with_page(&self, page: PageView) -> Context {
        let mut cx = Context::new();
        cx.insert_value("site", self.agg.site_view.clone());
        cx.insert("page", &page);
        cx
    }

    /// A context holding `site` and a plain `page`.
    fn base(&self, kind: &'static str, title: String, description: String) -> Context {
        self.with_page(self.page(kind, title, description))
    }

    /// Articles as a list of [`ArticleRef`] values.
    fn article_list(&self, indices: impl Iterator<Item = usize>) -> Value {
        Value::from(
            indices
                .map(|i| self.agg.article_ref(self.site, i))
                .collect::<Vec<_>>(),
        )
    }

    /// The context of the page of article `i`, whose body is `html`.
    fn article_context(&self, i: usize, html: &str) -> Context {
        let (site, config) = (self.site, self.config);
        let article = &site.articles[i];
        let body = &self.text.bodies[i];
        let lead = self.agg.leads[i].as_ref();
        let mut cx = self.with_page(PageView {
            json_ld: Some(super::structured::article(site, article, body, lead)),
            image: lead.map(|view| view.share.clone()),
            ..self.page(
                "article",
                article.meta.title.clone(),
                article.meta.summary.clone().unwrap_or_default(),
            )
        });
        let modified = article.modified();
        let embargo = article.meta.date.filter(|_| site.is_embargoed(article));
        cx.insert(
            "article",
            &ArticleView {
                summary: ArticleRef::new(article, config, lead),
                updated: article.meta.updated.map(|d| d.iso()),
                updated_display: article.meta.updated.map(|d| d.display(&config.language)),
                source: article.meta.source.as_ref(),
                content: html,
                reading_minutes: body.reading_minutes(),
                corrections: (article.meta.corrections.iter())
                    .zip(&body.front.corrections)
                    .map(|(c, rendered)| CorrectionView::new(c, rendered, &config.language))
                    .collect(),
                modified: modified.map(|d| d.iso()),
                modified_display: modified.map(|d| d.display(&config.language)),
                embargoed_until: embargo.map(|d| d.iso()),
                embargoed_until_display: embargo.map(|d| d.display_moment(&config.language)),
                extra: &article.meta.extra,
            },
        );
        let counts = (&self.agg.mention_counts[..], &self.agg.portraits[..]);
        let cards = cards(site, &self.text.entities, article, body, counts);
        cx.insert("cards", &cards);
        cx
    }

    /// The context of page `page` (1-based) of the index.
    fn index_context(&self, page: usize) -> Context {
        let (site, config, agg) = (self.site, self.config, self.agg);
        // Later pages get their own title, so no two pages share one.
        let title = match page {
            1 => config.title.clone(),
            n => format!("{} · page {n} of {}", config.title, agg.index_pages),
        };
        let mut cx = self.base("index", title, config.description.clone());
        let chunk = agg.page_of(&agg.listed, page).iter().copied();
        cx.insert_value("articles", self.article_list(chunk));
        let link = |n: usize| config.link(&Job::Index(n).path(site));
        cx.insert("paginator", &Paginator::new(page, agg.index_pages, link));
        cx
    }

    /// The context of page `page` of the who's who: its share of the
    /// entities, grouped by kind, and every kind with the page it starts on.
    fn entities_context(&self, page: usize) -> Context {
        let (site, config, agg) = (self.site, self.config, self.agg);
        let pages = agg.entities_pages;
        let mut cx = self.base(
            "entities",
            numbered("Who’s who", page, pages),
            format!("Every person, organization and place in {}", config.title),
        );
        let link = |n: usize| config.link(&Job::Entities(n).path(site));
        let mut groups: Vec<KindGroup> = Vec::new();
        for &e in agg.entities_on(site, page) {
            let entity = &site.entities[e];
            let count = agg.mention_counts[e];
            let entry = EntityRef::new(entity, &self.text.entities[e], config, count);
            match groups.last_mut() {
                Some(group) if group.kind == entity.kind.as_str() => group.entities.push(entry),
                _ => groups.push(KindGroup {
                    kind: entity.kind.as_str(),
                    label: entity.kind.plural_label(),
                    entities: vec![entry],
                }),
            }
        }
        let per = config.entities_per_page;
        let mut kinds: Vec<KindLink> = Vec::new();
        for (position, &e) in agg.entity_order.iter().enumerate() {
            let kind = site.entities[e].kind;
            match kinds.last_mut() {
                Some(last) if last.kind == kind.as_str() => last.count += 1,
                _ => kinds.push(KindLink {
                    kind: kind.as_str(),
                    label: kind.plural_label(),
                    count: 1,
                    url: format!("{}#kind-{}", link(position / per + 1), kind.as_str()),
                }),
            }
        }
        cx.insert("groups", &groups);
        cx.insert("kinds", &kinds);
        cx.insert("paginator", &Paginator::new(page, pages, link));
        cx
    }

    /// The context of the page of entity `e`.
    fn entity_context(&self, e: usize, page: usize) -> Context {
        let (site, config, agg) = (self.site, self.config, self.agg);
        let bodies = &self.text.bodies;
        let entity = &site.entities[e];
        let entity_text = &self.text.entities[e];
        let feed_url = config.link(&urls::entity_feed(&entity.slug));
        let portrait = agg.portraits[e].as_ref();
        let pages = agg.pages_of(agg.mentions[e].len());
        let mut cx = self.with_page(PageView {
            json_ld: Some(super::structured::entity(
                site,
                entity,
                entity_text,
                portrait,
            )),
            feed_url: Some(feed_url.clone()),
            image: portrait.map(|view| view.share.clone()),
            ..self.page(
                "entity",
                numbered(&entity.name, page, pages),
                entity_text.summary_text.clone(),
            )
        });
        cx.insert(
            "entity",
            &EntityView {
                base: EntityRef::new(entity, entity_text, config, agg.mention_counts[e]),
                aliases: &entity.aliases,
                body: &entity_text.body_html,
                links: &entity.links,
                roles: (entity.roles.iter())
                    .map(|r| RoleView::new(r, &config.language))
                    .collect(),
                wikidata: entity.wikidata.as_deref(),
                feed_url,
                image: portrait,
                author_url: (site.authors.iter())
                    .find(|author| author.entity == Some(e))
                    .map(|author| config.link(&author.path())),
            },
        );
        // Each explainer of this page with the sentence of its first
        // mention, built as template values directly.
        let list: Vec<Value> = agg
            .page_of(&agg.mentions[e], page)
            .iter()
            .map(|&(a, r)| {
                let record = &bodies[a].mentions[r];
                Value::from(BTreeMap::from([
                    ("article", agg.link(site, a)),
                    ("sentence", Value::from_serializable(&record.first_sentence)),
                    ("count", Value::from(record.count)),
                ]))
            })
            .collect();
        cx.insert_value("mentions", Value::from(list));
        // "Often mentioned with" is the entity's, not the page's: once.
        let related = if page == 1 {
            related(site, bodies, agg, e)
        } else {
            Vec::new()
        };
        cx.insert("related", &related);
        let link = |n: usize| config.link(&urls::list_page(&entity.path(), n));
        cx.insert("paginator", &Paginator::new(page, pages, link));
        cx
    }

    /// The context of page `page` of author `a`: who they are, and their
    /// explainers, newest first.
    fn author_context(&self, a: usize, page: usize) -> Context {
        let (site, config, agg) = (self.site, self.config, self.agg);
        let author = &site.authors[a];
        let image = agg.author_pictures[a].as_ref();
        let entity = author.entity.map(|e| &site.entities[e]);
        let feed_url = config.link(&urls::author_feed(&author.slug));
        let description = match &author.role {
            Some(role) => format!("{}, {role}: explainers in {}", author.name, config.title),
            None => format!("Explainers by {} in {}", author.name, config.title),
        };
        let list = &agg.by_author[a];
        let pages = agg.pages_of(list.len());
        let mut cx = self.with_page(PageView {
            json_ld: Some(super::structured::author(site, author, image)),
            feed_url: Some(feed_url.clone()),
            image: image.map(|view| view.share.clone()),
            ..self.page("author", numbered(&author.name, page, pages), description)
        });
        let bio = (author.file.as_ref())
            .map(|(file, body)| crate::text::markdown::render_plain(&file.text[body.clone()]))
            .unwrap_or_default();
        cx.insert(
            "author",
            &AuthorView {
                name: &author.name,
                slug: &author.slug,
                url: config.link(&author.path()),
                role: author.role.as_deref(),
                bio,
                links: &author.links,
                image,
                entity: entity.map(|e| EntityLink::new(e, config)),
                feed_url,
            },
        );
        let chunk = agg.page_of(list, page).iter().copied();
        cx.insert_value("articles", self.article_list(chunk));
        let link = |n: usize| config.link(&urls::list_page(&author.path(), n));
        cx.insert("paginator", &Paginator::new(page, pages, link));
        cx
    }

    /// The context of the list of every tag.
    fn tags_context(&self) -> Context {
        let (site, config) = (self.site, self.config);
        let mut cx = self.base(
            "tags",
            "Tags".into(),
            format!("Topics covered by {}", config.title),
        );
        let views: Vec<TagView> = self
            .agg
            .tags
            .iter()
            .map(|(slug, (name, list))| TagView {
                name,
                slug,
                url: config.link(&Job::Tag(slug.to_string(), 1).path(site)),
                count: list.len(),
            })
            .collect();
        cx.insert("tags", &views);
        cx
    }

    /// The context of a redirect page: where the reader goes now.
    fn redirect_context(&self, to: &str) -> Context {
        let mut cx = self.with_page(PageView {
            permalink: self.config.permalink(to),
            ..self.page("redirect", "Page moved".into(), String::new())
        });
        cx.insert(
            "redirect",
            &RedirectView {
                url: self.config.link(to),
                permalink: self.config.permalink(to),
            },
        );
        cx
    }

    /// The context of page `page` of the tag `slug`.
    fn tag_context(&self, slug: &str, page: usize) -> Context {
        let (name, list) = &self.agg.tags[slug];
        let pages = self.agg.pages_of(list.len());
        let title = numbered(name, page, pages);
        let mut cx = self.base("tag", title, format!("Explainers tagged {name}"));
        let first = urls::tag(slug);
        cx.insert(
            "tag",
            &TagView {
                name,
                slug,
                url: self.config.link(&first),
                count: list.len(),
            },
        );
        // Each article without its own tags: a tag page's size must not
        // grow with the tags of the articles it lists.
        let items = self.agg.page_of(list, page).iter();
        let items = items.map(|&a| self.agg.item(self.site, a));
        cx.insert_value("articles", Value::from(items.collect::<Vec<_>>()));
        let link = |n: usize| self.config.link(&urls::list_page(&first, n));
        cx.insert("paginator", &Paginator::new(page, pages, link));
        cx
    }
}

/// The title of page `page` of `pages`: later pages say which, so that no
/// two pages share a title.
fn numbered(title: &str, page: usize, pages: usize) -> String {
    match page {
        1 => title.to_string(),
        n => format!("{title} · page {n} of {pages}"),
    }
}

/// The entities in the order the who's who lists them: by kind, then by
/// name, whatever the case.
fn whos_who_order(site: &Site) -> Vec<usize> {
    let rank = |kind: Kind| Kind::ALL.iter().position(|&k| k == kind);
    let mut order: Vec<(usize, String, usize)> = (site.entities.iter().enumerate())
        .map(|(e, entity)| {
            (
                rank(entity.kind).unwrap_or(0),
                entity.name.to_lowercase(),
                e,
            )
        })
        .collect();
    order.sort_unstable();
    order.into_iter().map(|(_, _, e)| e).collect()
}

/// The entities most often mentioned in the same explainers as entity `e`.
fn related<'a>(
    site: &'a Site,
    bodies: &[Arc<RenderedBody>],
    agg: &Aggregates,
    e: usize,
) -> Vec<RelatedView<'a>> {
    let mut shared = vec![0usize; site.entities.len()];
    for &(a, _) in &agg.mentions[e] {
        for record in &bodies[a].mentions {
            if let Target::Entity(other) = record.target {
                shared[other] += 1;
            }
        }
    }
    shared[e] = 0;
    let mut list: Vec<(usize, usize)> = shared
        .into_iter()
        .enumerate()
        .filter(|&(_, count)| count > 0)
        .collect();
    list.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| site.entities[a.0].name.cmp(&site.entities[b.0].name))
    });
    list.truncate(8);
    list.into_iter()
        .map(|(other, count)| RelatedView {
            entity: EntityLink::new(&site.entities[other], &site.config),
            shared: count,
        })
        .collect()
}

/// The sitemaps `/sitemap.xml` lists in a site of several editions, by
/// edition and path: each edition's, or its parts when `parts` says it is
/// split (an index cannot list another index).
fn root_sitemaps<'a>(
    site: &'a Site,
    parts: &'a [usize],
) -> impl Iterator<Item = (usize, String)> + 'a {
    let languages = &site.config.languages;
    (0..languages.len()).flat_map(move |edition| {
        let path = match edition {
            0 => urls::root_sitemap(&languages[0].tag),
            _ => urls::SITEMAP.to_string(),
        };
        let files = urls::sitemap_files(&path, parts.get(edition).copied().unwrap_or(1));
        files.into_iter().map(move |file| (edition, file))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_index_lists_the_parts_of_a_split_edition_sitemap() {
        let config = crate::model::SiteConfig {
            languages: ["en", "ar", "es"].map(crate::lang::Language::new).into(),
            ..Default::default()
        };
        let mut diags = crate::diagnostics::Diagnostics::new();
        let site = crate::resolve::assemble_site(config, Arc::default(), Vec::new(), &mut diags);
        let listed: Vec<(usize, String)> = root_sitemaps(&site, &[1, 3, 1]).collect();
        let expected = [
            (0, "/sitemap-en.xml"),
            (1, "/sitemap-1.xml"),
            (1, "/sitemap-2.xml"),
            (1, "/sitemap-3.xml"),
            (2, "/sitemap.xml"),
        ];
        assert_eq!(listed, expected.map(|(e, path)| (e, path.to_string())));
        // Not told (a plan of its own): one sitemap each.
        assert_eq!(root_sitemaps(&site, &[]).count(), 3);
        let index = super::super::feeds::sitemap_index(&site, listed.into_iter());
        let index = String::from_utf8(index).unwrap();
        assert!(index.contains("/ar/sitemap-2.xml</loc>"), "{index}");
        assert!(index.contains("/es/sitemap.xml</loc>"), "{index}");
    }
}
