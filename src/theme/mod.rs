//! The built-in theme, embedded in the binary, and the site's overrides.
//!
//! Templates and static files are looked up by plain name; a site file of the
//! same name replaces the built-in one (Zola's convention), so a site with only
//! `content/` builds with the default look.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{include_dir, Dir};
use tera::Tera;
use walkdir::WalkDir;

mod errors;
mod expansion;
mod filters;
mod places;

use crate::diagnostics::SourceFile;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::load;

static BUILTIN_TEMPLATES: Dir = include_dir!("$CARGO_MANIFEST_DIR/templates");
static BUILTIN_STATIC: Dir = include_dir!("$CARGO_MANIFEST_DIR/static");

/// Templates ready to render, with the text of each so errors can point into it.
pub struct Theme {
    pub tera: Tera,
    /// For each template, a hash of its text and of every template it extends
    /// or includes: a page changes when the version of its template does.
    versions: HashMap<String, u64>,
    sources: HashMap<String, Arc<SourceFile>>,
}

/// The largest template gloss reads: a theme's biggest page template is a
/// few KiB, so a larger file is a mistake (a saved web page, a data dump).
pub const MAX_TEMPLATE: u64 = 1 << 20;
/// The largest static file gloss copies. Web hosts refuse far smaller
/// files (100 MiB on GitHub Pages, 25 MiB on Cloudflare Pages), and the
/// preview server holds every static file in memory.
pub const MAX_STATIC: u64 = 256 << 20;

/// A file to copy into the output root.
pub enum StaticFile {
    Builtin(&'static [u8]),
    Site(PathBuf),
}

fn embedded_files(dir: &'static Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
    out.extend(dir.files());
    for sub in dir.dirs() {
        embedded_files(sub, out);
    }
}

/// Site files under `root/folder`, as (name relative to the folder, full path).
/// Symbolic links that lead outside the site are skipped and listed in
/// `outside`; what cannot be read (a dangling link, a loop) is reported, so a
/// broken `templates/entity.html` never falls back to the built-in one unseen.
fn site_files(
    root: &Path,
    folder: &str,
    outside: &mut Vec<PathBuf>,
    diags: &mut Diagnostics,
) -> Vec<(String, PathBuf)> {
    let base = root.join(folder);
    if !base.exists() {
        return Vec::new();
    }
    let real_root = crate::fsutil::real_path(root);
    let mut files = Vec::new();
    let entries = WalkDir::new(&base)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !crate::fsutil::leaves_site(&real_root, e, outside));
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().unwrap_or(&base);
                let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
                let why = err
                    .io_error()
                    .map_or_else(|| err.to_string(), |io| io.to_string());
                diags.push(
                    Diagnostic::error(Code::Unreadable, shown, format!("cannot read: {why}"))
                        .with_help(
                            "fix or remove the link or file; gloss will not guess what it meant",
                        ),
                );
                continue;
            }
        };
        if let Some(kind) = crate::fsutil::special_kind(&entry.file_type()) {
            let shown = entry.path().strip_prefix(root).unwrap_or(entry.path());
            diags.push(load::not_regular_file(shown, kind));
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if let Ok(rel) = entry.path().strip_prefix(&base) {
            let rel = rel.to_string_lossy().replace('\\', "/");
            files.push((rel, entry.into_path()));
        }
    }
    files
}

/// The text of the template at `path` (shown as `shown`), read only if it
/// is a regular file of at most [`MAX_TEMPLATE`] bytes.
fn read_template(path: &Path, shown: &Path) -> Result<String, Box<Diagnostic>> {
    let cannot_read = |why: &dyn std::fmt::Display| {
        Diagnostic::error(
            Code::UnreadableTemplate,
            shown,
            format!("cannot read template: {why}"),
        )
    };
    match crate::fsutil::read_capped(path, MAX_TEMPLATE) {
        Ok(Some(bytes)) => String::from_utf8(bytes)
            .map_err(|_| Box::new(cannot_read(&"stream did not contain valid UTF-8"))),
        Ok(None) => Err(Box::new(
            Diagnostic::error(
                Code::TooLarge,
                shown,
                format!("template is over {} MiB", MAX_TEMPLATE >> 20),
            )
            .with_help("a template holds markup, not data: split it with `{% include %}`, and keep large files in `static/`"),
        )),
        Err(err) => Err(Box::new(match crate::fsutil::not_regular(&err) {
            Some(kind) => load::not_regular_file(shown, kind),
            None => cannot_read(&err),
        })),
    }
}

impl Theme {
    /// Loads the built-in templates, then the site's, and compiles them once.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Theme> {
        let mut sources: HashMap<String, Arc<SourceFile>> = HashMap::new();
        let mut builtin = Vec::new();
        embedded_files(&BUILTIN_TEMPLATES, &mut builtin);
        for file in builtin {
            let name = file.path().to_string_lossy().replace('\\', "/");
            let text = file.contents_utf8().unwrap_or_default();
            let shown = format!("(built-in) templates/{name}");
            sources.insert(name, Arc::new(SourceFile::new(shown, text)));
        }
        let mut outside = Vec::new();
        for (name, path) in site_files(root, "templates", &mut outside, diags) {
            let shown = Path::new("templates").join(&name);
            match read_template(&path, &shown) {
                Ok(text) => {
                    sources.insert(name, Arc::new(SourceFile::new(shown, text)));
                }
                Err(diagnostic) => diags.push(*diagnostic),
            }
        }
        diags.extend(outside.iter().map(|path| load::outside_link(root, path)));
        let mut tera = Tera::new();
        filters::register(&mut tera);
        let result = tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, file)| (name.as_str(), file.text.as_str())),
        );
        let versions = sources
            .keys()
            .map(|name| (name.clone(), closure_version(name, &sources)))
            .collect();
        let theme = Theme {
            tera,
            versions,
            sources,
        };
        if let Err(err) = result {
            diags.extend(theme.diagnostics(&err, None));
            return None;
        }
        let texts = theme
            .sources
            .iter()
            .map(|(n, f)| (n.as_str(), f.text.as_str()));
        let overgrown = expansion::overgrown(texts);
        if !overgrown.is_empty() {
            diags.extend(overgrown.iter().map(|o| theme.overgrown_error(o)));
            return None;
        }
        Some(theme)
    }

    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// The text of the template `name`, if there is one.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.sources.get(name).map(|file| file.text.as_str())
    }

    /// The names of every template.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.sources.keys().map(String::as_str)
    }

    /// A hash of every shortcode template (`shortcodes/*`): the article
    /// bodies that call them change when one does.
    pub fn shortcodes_version(&self) -> u64 {
        let mut found: Vec<(&str, &str)> = (self.sources.iter())
            .filter(|(name, _)| name.starts_with("shortcodes/"))
            .map(|(name, file)| (name.as_str(), file.text.as_str()))
            .collect();
        found.sort_unstable();
        crate::text::hash_of(&found)
    }

    /// A hash of every template's version: the same while no template
    /// changed.
    pub fn templates_version(&self) -> u64 {
        let mut versions: Vec<(&str, u64)> = (self.versions.iter())
            .map(|(name, version)| (name.as_str(), *version))
            .collect();
        versions.sort_unstable();
        crate::text::fx_hash(&versions)
    }

    /// See [`Theme::versions`]; 0 for a template that does not exist.
    pub fn version(&self, name: &str) -> u64 {
        self.versions.get(name).copied().unwrap_or(0)
    }
}

/// The names a template pulls in with `extends`, `include` or `import`.
fn references(text: &str) -> impl Iterator<Item = &str> {
    text.split("{%").skip(1).filter_map(|tag| {
        let tag = tag.trim_start_matches('-').trim_start();
        let rest = ["extends", "include", "import"]
            .iter()
            .find_map(|keyword| tag.strip_prefix(keyword))?;
        let rest = rest.trim_start();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        rest[1..].split(quote).next()
    })
}

/// A hash of `name`'s text and of every template it reaches.
fn closure_version(name: &str, sources: &HashMap<String, Arc<SourceFile>>) -> u64 {
    let mut seen: Vec<&str> = Vec::new();
    let mut stack = vec![name];
    while let Some(next) = stack.pop() {
        if seen.contains(&next) {
            continue;
        }
        seen.push(next);
        if let Some(file) = sources.get(next) {
            stack.extend(references(&file.text));
        }
    }
    seen.sort_unstable();
    let texts: Vec<(&str, Option<&str>)> = seen
        .iter()
        .map(|n| (*n, sources.get(*n).map(|f| f.text.as_str())))
        .collect();
    crate::text::hash_of(&texts)
}

/// Every static file of the output: the built-in ones, replaced by the site's
/// of the same name. Links that lead out of the site are reported, not followed.
pub fn static_files(root: &Path, diags: &mut Diagnostics) -> Vec<(String, StaticFile)> {
    let mut files: HashMap<String, StaticFile> = HashMap::new();
    let mut builtin = Vec::new();
    embedded_files(&BUILTIN_STATIC, &mut builtin);
    for file in builtin {
        let name = file.path().to_string_lossy().replace('\\', "/");
        files.insert(name, StaticFile::Builtin(file.contents()));
    }
    let mut outside = Vec::new();
    for (name, path) in site_files(root, "static", &mut outside, diags) {
        if std::fs::metadata(&path).is_ok_and(|meta| meta.len() > MAX_STATIC) {
            diags.push(
                Diagnostic::error(
                    Code::TooLarge,
                    Path::new("static").join(&name),
                    format!("static file is over {} MiB", MAX_STATIC >> 20),
                )
                .with_help("host large downloads elsewhere (a file store or a release page) and link to them"),
            );
            continue;
        }
        files.insert(name, StaticFile::Site(path));
    }
    diags.extend(outside.iter().map(|path| load::outside_link(root, path)));
    let mut files: Vec<_> = files.into_iter().collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// The error for a file of the site's `static/` that has the path of a file
/// gloss writes (`static/atom.xml`, `static/articles/x/index.html`): it
/// would silently replace that page.
pub fn static_collisions<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<Diagnostic> {
    names
        .into_iter()
        .map(|name| {
            Diagnostic::error(
                Code::SameAddress,
                Path::new("static").join(name),
                format!("`static/{name}` has the path of a page gloss writes, `/{name}`"),
            )
            .with_help("rename or move the static file: gloss writes this path itself (to change a page, override its template in `templates/`)")
        })
        .collect()
}
