//! The load stage with a memory: site.yaml, the templates, the static files
//! and every content file, each read again only when a change touches it.
//!
//! An editor's unsaved text can stand in for a file on disk (the overlay,
//! for `gloss lsp`): the file is then decoded from that text, whether or not
//! it exists on disk yet. Without an overlay nothing else changes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::diagnostics::Diagnostics;
use crate::load::moves::SiteMoves;
use crate::load::record::{self, Record};
use crate::load::{self, Doc, Loaded};
use crate::model::SiteConfig;
use crate::spill::Spill;
use crate::theme::{self, StaticFile, Theme};

/// A value read from files, with what reading it found.
type Cached<T> = (T, Diagnostics);

/// The site's static files by output name, built-in ones included.
pub type Statics = Arc<Vec<(String, StaticFile)>>;

/// What the load stage hands on: the site's documents and settings, the
/// templates (`None` when they do not compile) and the static files.
pub struct Sources {
    pub loaded: Loaded,
    pub theme: Option<Arc<Theme>>,
    pub statics: Statics,
}

pub struct SourceCache {
    root: PathBuf,
    config: Option<Cached<(SiteConfig, Arc<SiteMoves>)>>,
    record: Option<Cached<Option<Arc<Record>>>>,
    theme: Option<Cached<Option<Arc<Theme>>>>,
    statics: Option<Cached<(Statics, Option<Arc<str>>)>>,
    /// Content files by absolute path, decoded, with what loading found.
    docs: FxHashMap<PathBuf, Cached<Option<Doc>>>,
    /// `docs` in the byte order of their paths; kept while no file is
    /// added or removed (a file read again takes its place), so that a save
    /// does not look every file up.
    order: Option<Vec<(PathBuf, Cached<Option<Doc>>)>>,
    /// The declared editions' tags the documents were read with: a file's
    /// suffix means a language only among them.
    languages: Vec<String>,
    /// Texts read instead of the disk, by absolute path (site.yaml or a
    /// content file).
    overlay: FxHashMap<PathBuf, Arc<str>>,
    /// Where the articles' bodies go as their files are read.
    spill: Option<Arc<Spill>>,
}

/// `path` with the links of its folder resolved, as the root is, but not
/// its own: a file replaced by a link is still the file of the site that
/// changed (and a link out of the site is then refused where it is read),
/// and a removed file still has its path.
fn real_folder(path: &Path) -> PathBuf {
    let real = |path: &Path| std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => real(parent).join(name),
        _ => real(path),
    }
}

impl SourceCache {
    pub fn new(root: &Path) -> Self {
        SourceCache {
            root: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
            config: None,
            record: None,
            theme: None,
            statics: None,
            docs: FxHashMap::default(),
            order: None,
            languages: Vec::new(),
            overlay: FxHashMap::default(),
            spill: None,
        }
    }

    /// A cache whose articles' bodies move to `spill` as soon as their
    /// file is read, so the bodies of a large site are never all in memory.
    pub fn spilling(root: &Path, spill: Arc<Spill>) -> Self {
        SourceCache {
            spill: Some(spill),
            ..SourceCache::new(root)
        }
    }

    /// Forgets everything read, but not the overlay. Bodies read from now
    /// on go to a new spill, and the old one goes with the last document
    /// read into it.
    pub fn reset(&mut self) {
        let spill = self.spill.take().and_then(|_| Spill::new().ok());
        *self = SourceCache {
            overlay: std::mem::take(&mut self.overlay),
            spill: spill.map(Arc::new),
            ..SourceCache::new(&self.root)
        };
    }

    /// Reads `path` from `text` from now on instead of the disk, or from the
    /// disk again when `text` is `None`.
    pub fn set_overlay(&mut self, path: &Path, text: Option<Arc<str>>) {
        let path = real_folder(path);
        match text {
            Some(text) => self.overlay.insert(path.clone(), text),
            None => self.overlay.remove(&path),
        };
        self.invalidate(Some(&[path]));
    }

    /// Forgets what `changed` paths held, so that they are read again.
    /// `None` forgets everything.
    pub fn invalidate(&mut self, changed: Option<&[PathBuf]>) {
        let Some(changed) = changed else {
            self.reset();
            return;
        };
        let content = self.root.join("content");
        for path in changed {
            let path = real_folder(path);
            // The theme words of `i18n/` are read with the settings.
            let words = path.starts_with(self.root.join("i18n"));
            if path == self.root.join("site.yaml") || path == self.root || words {
                self.config = None;
                self.record = None;
            } else if path == self.root.join(record::RECORD_FILE) {
                self.record = None;
            } else if path.starts_with(self.root.join("templates")) {
                self.theme = None;
            } else if path.starts_with(self.root.join("static")) {
                self.statics = None;
            } else if path == content || (path.starts_with(&content) && path.is_dir()) {
                // A folder appeared, vanished or moved: read it all again.
                self.docs.retain(|p, _| !p.starts_with(&path));
                self.order = None;
                self.scan(&path);
            } else if path.starts_with(&content) {
                self.reload_file(path);
            }
        }
    }

    /// Reads one content file again, or forgets it when it is gone.
    fn reload_file(&mut self, path: PathBuf) {
        let known = self.docs.remove(&path).is_some();
        if !known {
            // Not a file we knew: perhaps a folder that moved away.
            self.docs.retain(|p, _| !p.starts_with(&path));
        }
        // Not `is_file`: a FIFO is read, and refused, as in a full build.
        let exists = self.overlay.contains_key(&path)
            || std::fs::metadata(&path).is_ok_and(|meta| !meta.is_dir());
        if exists && load::is_content_file(&path) {
            // The walk of a full build skips links out of the site; a file
            // named by the watcher gets the same rule.
            let loaded = if crate::fsutil::outside_site(&self.root, &path) {
                let error = load::outside_link(&self.root, &path);
                (None, Diagnostics::from_one(error))
            } else {
                self.load_file(&path)
            };
            if known {
                self.put_in_order(&path, &loaded);
            } else {
                self.order = None;
            }
            self.docs.insert(path, loaded);
        } else if known {
            self.order = None;
        }
    }

    /// Loads every content file under `dir` that is not loaded yet.
    fn scan(&mut self, dir: &Path) {
        if !dir.is_dir() {
            return;
        }
        let all = self.content_files(&mut Diagnostics::new());
        for path in all.into_iter().filter(|p| p.starts_with(dir)) {
            if !self.docs.contains_key(&path) {
                let loaded = self.load_file(&path);
                self.docs.insert(path, loaded);
                self.order = None;
            }
        }
    }

    /// Everything the site is made from, read where it is not known yet.
    pub fn load(&mut self, base_url: Option<&str>, diags: &mut Diagnostics) -> Sources {
        let root = self.root.clone();
        let overlay = &self.overlay;
        let (config, found) = self.config.get_or_insert_with(|| {
            let mut found = Diagnostics::new();
            let given = overlay.get(&root.join("site.yaml")).map(|t| &**t);
            let (config, moves) = load::config::load_config(&root, base_url, given, &mut found);
            ((config, Arc::new(moves)), found)
        });
        let config = config.clone();
        diags.extend(found.iter().cloned());
        let languages: Vec<String> = config.0.languages.iter().map(|l| l.tag.clone()).collect();
        if languages != self.languages {
            // Which files are translations has changed: read them all again.
            self.docs.clear();
            self.order = None;
            self.languages = languages;
        }
        let (record, found) = self.record.get_or_insert_with(|| {
            let mut found = Diagnostics::new();
            let record = record::load_record(&root, &mut found).map(Arc::new);
            (record, found)
        });
        let record = record.clone();
        diags.extend(found.iter().cloned());
        if self.docs.is_empty() {
            self.read_all(diags);
        }
        let (theme, found) = self.theme.get_or_insert_with(|| {
            let mut found = Diagnostics::new();
            (Theme::load(&root, &mut found).map(Arc::new), found)
        });
        let theme = theme.clone();
        diags.extend(found.iter().cloned());
        // Static files are listed before anything renders so that their
        // errors (a link out of the site) come with every other error.
        let ((statics, host_rules), found) = self.statics.get_or_insert_with(|| {
            let mut found = Diagnostics::new();
            let mut statics = theme::static_files(&root, &mut found);
            let host_rules = take_host_rules(&mut statics, &mut found);
            ((Arc::new(statics), host_rules), found)
        });
        let (statics, host_rules) = (Arc::clone(statics), host_rules.clone());
        diags.extend(found.iter().cloned());
        Sources {
            loaded: load::Loaded {
                host_rules,
                ..load::assemble(config, record, self.docs_in_order(diags))
            },
            theme,
            statics,
        }
    }

    /// Reads every content file, in parallel.
    fn read_all(&mut self, diags: &mut Diagnostics) {
        let paths = self.content_files(diags);
        let this = &*self;
        let read: Vec<_> = paths
            .into_par_iter()
            .map(|path| {
                let (mut doc, found) = this.load_file(&path);
                if let (Some(Doc::Article(article)), Some(spill)) = (&mut doc, &this.spill) {
                    // Kept whole if the spill fails: the build goes on.
                    if let Some(article) = Arc::get_mut(article) {
                        let _ = article.spill_body(spill);
                    }
                }
                (path, (doc, found))
            })
            .collect();
        self.docs.extend(read);
    }

    /// Every content file on disk, and those only the overlay has.
    fn content_files(&self, diags: &mut Diagnostics) -> Vec<PathBuf> {
        let mut paths = load::content_files(&self.root, diags);
        if !self.overlay.is_empty() {
            let content = self.root.join("content");
            let unsaved = (self.overlay.keys())
                .filter(|p| p.starts_with(&content) && load::is_content_file(p) && !p.exists());
            paths.extend(unsaved.cloned());
        }
        paths
    }

    /// One content file, from the overlay when it holds it.
    fn load_file(&self, path: &Path) -> Cached<Option<Doc>> {
        match self.overlay.get(path) {
            Some(text) => load::load_text(&self.root, path, text, &self.languages),
            None => load::load_file(&self.root, path, &self.languages),
        }
    }

    /// Puts the file at `path`, read again, in its place in `order`.
    fn put_in_order(&mut self, path: &Path, loaded: &Cached<Option<Doc>>) {
        let Some(order) = &mut self.order else { return };
        let at = order.binary_search_by(|(p, _)| p.as_os_str().cmp(path.as_os_str()));
        match at {
            Ok(at) => order[at].1 = loaded.clone(),
            Err(_) => self.order = None,
        }
    }

    /// The documents in file order, with what reading each found.
    fn docs_in_order(&mut self, diags: &mut Diagnostics) -> Vec<Doc> {
        let docs = &self.docs;
        let order = self.order.get_or_insert_with(|| {
            let mut order: Vec<_> = docs.iter().map(|(p, d)| (p.clone(), d.clone())).collect();
            // Byte order of the paths: cheaper than comparing path components.
            order.sort_unstable_by(|(a, _), (b, _)| a.as_os_str().cmp(b.as_os_str()));
            order
        });
        let mut in_order = Vec::with_capacity(order.len());
        for (_, (doc, found)) in order.iter() {
            diags.extend(found.iter().cloned());
            in_order.extend(doc.clone());
        }
        in_order
    }
}

/// Takes the site's own `static/_redirects` out of the files to copy: gloss
/// writes that file itself, the site's rules first.
fn take_host_rules(
    statics: &mut Vec<(String, StaticFile)>,
    diags: &mut Diagnostics,
) -> Option<Arc<str>> {
    let at = statics.iter().position(|(name, file)| {
        name == load::moves::HOST_RULES && matches!(file, StaticFile::Site(_))
    })?;
    match statics.remove(at) {
        (_, StaticFile::Site(path)) => load::moves::read_host_rules(&path, diags),
        _ => None,
    }
}
