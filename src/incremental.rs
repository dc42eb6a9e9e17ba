//! Rebuilding a site in memory, reusing everything a change did not touch.
//!
//! The preview server keeps one [`Incremental`] for the life of the session.
//! Each rebuild re-reads only the files that changed, resolves only the
//! articles whose document (or the entities) changed, renders only those
//! bodies, and re-renders only the pages whose fingerprint (a hash of
//! everything the page shows) changed. The result is the same, byte for byte,
//! as a build from scratch; a failed rebuild leaves the last good site as it was.

use std::collections::HashSet;

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::load::{self, ArticleDoc, Doc, EntityDoc};
use crate::model::{Article, Entity, SiteConfig};
use crate::progress::{Progress, Stopwatch};
use crate::render::markdown::RenderedBody;
use crate::render::texts::EntityText;
use crate::render::pages::{Aggregates, Job};
use crate::render::{self, PageCounts};
use crate::resolve;
use crate::urls;
use crate::text::{fx_hash, hash_of};
use crate::theme::{self, StaticFile, Theme};
use crate::{BuildOptions, SiteFiles};

/// What one rebuild did.
#[derive(Debug)]
pub struct Rebuilt {
    /// Pages rendered this time (the others were reused).
    pub rendered: usize,
    pub pages: PageCounts,
    pub elapsed: Duration,
    /// Wall time of each stage.
    pub timings: Stopwatch,
    pub warnings: Diagnostics,
}

/// A value read or derived from files, with what reading it found.
type Cached<T> = (T, Diagnostics);
/// Static files by output name.
/// Output name, bytes, and whether the file is the site's (not built in).
type StaticFiles = Vec<(String, Arc<[u8]>, bool)>;
/// Resolved entities, with the documents they came from.
type ResolvedEntities = (Vec<Arc<EntityDoc>>, Cached<Arc<Vec<Entity>>>);

pub struct Incremental {
    options: BuildOptions,
    root: PathBuf,
    config: Option<Cached<SiteConfig>>,
    theme: Option<Cached<Option<Arc<Theme>>>>,
    statics: Option<Cached<StaticFiles>>,
    /// Content files by absolute path, decoded, with what loading found.
    docs: FxHashMap<PathBuf, Cached<Option<Doc>>>,
    /// The paths of `docs` in order; kept while no file is added or removed.
    doc_order: Option<Vec<PathBuf>>,
    /// Resolved entities and the entity documents they came from.
    entities: Option<ResolvedEntities>,
    /// Resolved articles by document address, with the document itself (held so
    /// that its address cannot be reused by a new one) and the entity list used.
    articles: FxHashMap<usize, ArticleEntry>,
    bodies: FxHashMap<u64, Arc<RenderedBody>>,
    /// The entities' rendered text, with the entity list it was made from.
    entity_texts: Option<(Arc<Vec<Entity>>, Arc<Vec<EntityText>>)>,
    files: SiteFiles,
    fingerprints: FxHashMap<Arc<str>, u64>,
    /// What the feed and sitemap were last written from.
    feeds_key: Option<(u64, u64)>,
    /// What the search index was last asked for, and the job not yet taken.
    search_key: Option<u64>,
    search_job: Option<render::search::SearchJob>,
    /// Names of the static files last copied.
    static_names: Vec<String>,
}

struct ArticleEntry {
    doc: Arc<ArticleDoc>,
    entities: Arc<Vec<Entity>>,
    article: Cached<Arc<Article>>,
}

fn ptr<T>(value: &Arc<T>) -> usize {
    Arc::as_ptr(value) as *const u8 as usize
}

impl Incremental {
    pub fn new(options: BuildOptions) -> Self {
        let root = std::fs::canonicalize(&options.root).unwrap_or_else(|_| options.root.clone());
        Incremental {
            options,
            root,
            config: None,
            theme: None,
            statics: None,
            docs: FxHashMap::default(),
            doc_order: None,
            entities: None,
            articles: FxHashMap::default(),
            bodies: FxHashMap::default(),
            entity_texts: None,
            files: SiteFiles::default(),
            fingerprints: FxHashMap::default(),
            feeds_key: None,
            search_key: None,
            search_job: None,
            static_names: Vec::new(),
        }
    }

    /// The last good site: path inside the site -> bytes.
    pub fn files(&self) -> &SiteFiles {
        &self.files
    }

    /// The search index to build, when the text of the site changed since the
    /// last one was asked for. It takes longer than a one-article rebuild on
    /// a large site (about 0.9 s at 10,000 articles), so the preview server
    /// builds it on a thread of its own.
    pub fn take_search_job(&mut self) -> Option<render::search::SearchJob> {
        self.search_job.take()
    }

    /// Adds files made outside the engine (the search index) to the site.
    pub fn add_files(&mut self, files: Vec<(String, Vec<u8>)>) {
        for (name, bytes) in files {
            self.files.insert(Arc::from(name), Arc::from(bytes));
        }
    }

    /// Takes the last good site out (for a one-off build).
    pub fn into_files(self) -> SiteFiles {
        self.files
    }

    /// Forgets what `changed` paths held, so the next rebuild reads them again.
    /// `None` forgets everything.
    pub fn invalidate(&mut self, changed: Option<&[PathBuf]>) {
        let Some(changed) = changed else {
            self.config = None;
            self.theme = None;
            self.statics = None;
            self.docs.clear();
            self.doc_order = None;
            return;
        };
        let content = self.root.join("content");
        for path in changed {
            let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            if path == self.root.join("site.yaml") || path == self.root {
                self.config = None;
            } else if path.starts_with(self.root.join("templates")) {
                self.theme = None;
            } else if path.starts_with(self.root.join("static")) {
                self.statics = None;
            } else if path == content || (path.starts_with(&content) && path.is_dir()) {
                // A folder appeared, vanished or moved: read it all again.
                self.docs.retain(|p, _| !p.starts_with(&path));
                self.doc_order = None;
                self.scan(&path);
            } else if path.starts_with(&content) {
                let known = self.docs.remove(&path).is_some();
                if !known {
                    // Not a file we knew: perhaps a folder that moved away.
                    self.docs.retain(|p, _| !p.starts_with(&path));
                }
                if path.is_file() && load::is_content_file(&path) {
                    let loaded = load::load_file(&self.root, &path);
                    self.docs.insert(path, loaded);
                    if !known {
                        self.doc_order = None;
                    }
                } else if known {
                    self.doc_order = None;
                }
            }
        }
    }

    /// Loads every content file under `dir` that is not loaded yet.
    fn scan(&mut self, dir: &Path) {
        if !dir.is_dir() {
            return;
        }
        let mut ignored = Diagnostics::new();
        let all = load::content_files(&self.root, &mut ignored);
        for path in all.into_iter().filter(|p| p.starts_with(dir)) {
            if !self.docs.contains_key(&path) {
                let loaded = load::load_file(&self.root, &path);
                self.docs.insert(path, loaded);
                self.doc_order = None;
            }
        }
    }

    /// Rebuilds after `changed` paths (all of them when `None`). On error the
    /// last good site is kept and the diagnostics say why.
    pub fn rebuild(&mut self, changed: Option<&[PathBuf]>) -> Result<Rebuilt, Diagnostics> {
        match crate::fault::isolate("site", || self.rebuild_changed(changed)) {
            Ok(result) => result,
            Err(error) => {
                // What was cached may be half updated: start afresh next
                // time, still serving the last good site.
                let files = std::mem::take(&mut self.files);
                *self = Incremental::new(self.options.clone());
                self.files = files;
                Err(Diagnostics::from_one(*error))
            }
        }
    }

    fn rebuild_changed(&mut self, changed: Option<&[PathBuf]>) -> Result<Rebuilt, Diagnostics> {
        let started = Instant::now();
        let mut clock = Stopwatch::default();
        self.invalidate(changed);
        let mut diags = Diagnostics::new();
        let options = &self.options;

        let (config, found) = self.config.get_or_insert_with(|| {
            let mut found = Diagnostics::new();
            let config =
                load::config::load_config(&options.root, options.base_url.as_deref(), &mut found);
            (config, found)
        });
        let config = config.clone();
        diags.extend(found.iter().cloned());
        if self.docs.is_empty() {
            let mut found = Diagnostics::new();
            for path in load::content_files(&self.root, &mut found) {
                let loaded = load::load_file(&self.root, &path);
                self.docs.insert(path, loaded);
            }
            diags.extend(found);
        }
        let (theme, found) = self.theme.get_or_insert_with(|| {
            let mut found = Diagnostics::new();
            let theme = Theme::load(&options.root, &mut found).map(Arc::new);
            (theme, found)
        });
        let theme = theme.clone();
        diags.extend(found.iter().cloned());
        // Static files are read before anything renders so that their errors
        // (a link out of the site) are reported with every other error.
        let root = &self.options.root;
        let statics = self.statics.get_or_insert_with(|| read_static(root));
        diags.extend(statics.1.iter().cloned());

        let docs = &self.docs;
        let order = self.doc_order.get_or_insert_with(|| {
            let mut order: Vec<PathBuf> = docs.keys().cloned().collect();
            // Byte order of the paths: cheaper than comparing path components.
            order.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
            order
        });
        let mut loaded_docs = Vec::with_capacity(order.len());
        for path in order.iter() {
            if let Some((doc, found)) = docs.get(path) {
                diags.extend(found.iter().cloned());
                loaded_docs.extend(doc.clone());
            }
        }
        let loaded = load::assemble(config, loaded_docs);
        clock.lap("load");
        let site = self.resolve(&loaded, &mut diags);
        clock.lap("resolve");

        let mut kept = FxHashMap::default();
        let base = hash_of(&(format!("{:?}", site.config), site.names_version));
        let bodies = {
            let cache = &self.bodies;
            let key = |a: &Article| fx_hash(&(a.version, base));
            let bodies = render::render_bodies(&site, &|a| cache.get(&key(a)).cloned(), &mut diags);
            for (article, body) in site.articles.iter().zip(&bodies) {
                kept.insert(key(article), Arc::clone(body));
            }
            bodies
        };
        self.bodies = kept;
        let text = render::SiteText {
            entities: self.entity_texts(&site),
            bodies,
        };
        let Some(theme) = theme else {
            return Err(diags.sorted());
        };
        render::check_templates(&site, &theme, &mut diags);
        if diags.has_errors() {
            return Err(diags.sorted());
        }

        clock.lap("match");
        let agg = Aggregates::new(&site, &text);
        let jobs = Job::all(&site, &agg);
        let mut fingerprints = FxHashMap::with_capacity_and_hasher(jobs.len(), Default::default());
        let mut todo = Vec::new();
        for job in &jobs {
            let file = job.output(&site);
            let print = job.fingerprint(&site, &theme, &text, &agg, base);
            if self.fingerprints.get(&file) != Some(&print) || !self.files.contains_key(&file) {
                todo.push(job.clone());
            }
            fingerprints.insert(file, print);
        }
        clock.lap("plan");
        let rendered = render::render_jobs(todo, &site, &theme, &text, &agg, &Progress::hidden());
        let mut pages = Vec::with_capacity(rendered.len());
        for (_, file, html) in rendered {
            match html {
                Ok(html) => pages.push((Arc::<str>::from(file), html)),
                Err(diagnostic) => diags.push(*diagnostic),
            }
        }
        let root = &self.options.root;
        let statics = self.statics.get_or_insert_with(|| read_static(root));
        let site_statics = statics.0.iter().filter(|(.., from_site)| *from_site);
        let feed_files = [urls::ATOM, urls::SITEMAP].map(urls::output_file);
        diags.extend(theme::static_collisions(
            site_statics.map(|(name, ..)| name.as_str()),
            |name| fingerprints.contains_key(name) || feed_files.iter().any(|f| f == name),
        ));
        if diags.has_errors() {
            return Err(diags.sorted());
        }

        clock.lap("render");
        // Success: swap in what changed and drop pages that are gone.
        let mut rendered_count = pages.len();
        // Pages and static files that are gone.
        let statics_now: HashSet<&str> = statics.0.iter().map(|(name, ..)| name.as_str()).collect();
        for gone in self
            .fingerprints
            .keys()
            .filter(|k| !fingerprints.contains_key(*k))
        {
            if !statics_now.contains(&**gone) {
                self.files.remove(gone);
            }
        }
        for gone in self
            .static_names
            .iter()
            .filter(|n| !statics_now.contains(n.as_str()))
        {
            if !fingerprints.contains_key(gone.as_str()) {
                self.files.remove(gone.as_str());
            }
        }
        self.static_names = statics.0.iter().map(|(name, ..)| name.clone()).collect();
        for (name, bytes, _) in &statics.0 {
            self.files
                .insert(Arc::from(name.as_str()), Arc::clone(bytes));
        }
        // The sitemap follows from the pages' paths and dates, the feed from the
        // newest articles; rewrite each only when that changed.
        let sitemap_key = fx_hash(&(
            base,
            site.articles
                .iter()
                .map(|a| a.list_version)
                .collect::<Vec<_>>(),
        ));
        let atom_key = fx_hash(&(
            base,
            agg.listed
                .iter()
                .take(render::feeds::FEED_SIZE)
                .map(|&a| site.articles[a].version)
                .collect::<Vec<_>>(),
        ));
        let (old_sitemap, old_atom) = self.feeds_key.unzip();
        if old_sitemap != Some(sitemap_key) {
            let bytes = render::sitemap(&site, &jobs);
            self.files
                .insert(Arc::from(urls::output_file(urls::SITEMAP)), Arc::from(bytes));
            rendered_count += 1;
        }
        if old_atom != Some(atom_key) {
            let bytes = render::feeds::atom(&site);
            let file = urls::output_file(urls::ATOM);
            self.files.insert(Arc::from(file), Arc::from(bytes));
            rendered_count += 1;
        }
        self.feeds_key = Some((sitemap_key, atom_key));
        // The search index follows from every article's and entity's text;
        // it is built by whoever takes the job (see `take_search_job`).
        if site.config.search {
            let search_key = fx_hash(&(
                base,
                site.articles.iter().map(|a| a.version).collect::<Vec<_>>(),
                site.entities.iter().map(|e| e.version).collect::<Vec<_>>(),
            ));
            if self.search_key != Some(search_key) {
                self.search_job = Some(render::search::SearchJob::new(&site, &text));
                self.search_key = Some(search_key);
            }
        }
        for (file, html) in pages {
            self.files.insert(file, Arc::from(html.into_bytes()));
        }
        self.fingerprints = fingerprints;
        clock.lap("write");
        diags.sort();
        Ok(Rebuilt {
            rendered: rendered_count,
            pages: render::count(&jobs),
            elapsed: started.elapsed(),
            timings: clock,
            warnings: diags,
        })
    }

    /// The entities' rendered text, made again only when they changed.
    fn entity_texts(&mut self, site: &crate::model::Site) -> Arc<Vec<EntityText>> {
        match &self.entity_texts {
            Some((entities, texts)) if Arc::ptr_eq(entities, &site.entities) => Arc::clone(texts),
            _ => {
                let texts = Arc::new(render::texts::entity_texts(&site.entities));
                self.entity_texts = Some((Arc::clone(&site.entities), Arc::clone(&texts)));
                texts
            }
        }
    }

    /// Resolves entities (when their files changed) and the articles whose
    /// document or entity list changed, then checks URLs across the site.
    fn resolve(&mut self, loaded: &load::Loaded, diags: &mut Diagnostics) -> crate::model::Site {
        let same = |docs: &Vec<Arc<EntityDoc>>| {
            docs.len() == loaded.entities.len()
                && docs
                    .iter()
                    .zip(&loaded.entities)
                    .all(|(a, b)| Arc::ptr_eq(a, b))
        };
        if self.entities.as_ref().is_none_or(|(docs, _)| !same(docs)) {
            let mut found = Diagnostics::new();
            let entities = Arc::new(resolve::resolve_entities(&loaded.entities, &mut found));
            self.entities = Some((loaded.entities.clone(), (entities, found)));
        }
        let Some((_, (entities, found))) = &self.entities else {
            unreachable!("set just above");
        };
        diags.extend(found.iter().cloned());
        let entities = Arc::clone(entities);
        let slugs = resolve::slug_map(&entities);
        let mut kept =
            FxHashMap::with_capacity_and_hasher(loaded.articles.len(), Default::default());
        let mut articles = Vec::with_capacity(loaded.articles.len());
        for doc in loaded
            .articles
            .iter()
            .filter(|d| self.options.drafts || !d.draft)
        {
            let key = ptr(doc);
            let entry = match self.articles.remove(&key) {
                Some(entry)
                    if Arc::ptr_eq(&entry.doc, doc) && Arc::ptr_eq(&entry.entities, &entities) =>
                {
                    entry
                }
                _ => {
                    let mut found = Diagnostics::new();
                    let article = resolve::resolve_article(doc, &entities, &slugs, &mut found);
                    ArticleEntry {
                        doc: Arc::clone(doc),
                        entities: Arc::clone(&entities),
                        article: (Arc::new(article), found),
                    }
                }
            };
            diags.extend(entry.article.1.iter().cloned());
            articles.push(Arc::clone(&entry.article.0));
            kept.insert(key, entry);
        }
        self.articles = kept;
        resolve::assemble_site(loaded.config.clone(), entities, articles, diags)
    }
}

fn read_static(root: &Path) -> Cached<StaticFiles> {
    let mut found = Diagnostics::new();
    let mut files = Vec::new();
    for (name, file) in theme::static_files(root, &mut found) {
        match file {
            StaticFile::Builtin(bytes) => files.push((name, Arc::from(bytes), false)),
            StaticFile::Site(path) => match std::fs::read(&path) {
                Ok(bytes) => files.push((name, Arc::from(bytes), true)),
                Err(err) => found.push(Diagnostic::error(
                    Code::CannotWrite,
                    Path::new("static").join(&name),
                    format!("cannot read: {err}"),
                )),
            },
        }
    }
    (files, found)
}
