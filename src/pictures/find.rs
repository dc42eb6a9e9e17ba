//! Finding the pictures the site uses and checking the words around them:
//! every Markdown image of an article's body needs alt text, and every
//! local picture must be a file of the site, readable, in a format gloss
//! publishes, and not too large to decode. Each problem is reported where
//! the picture is named.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::probe::{ProbeError, Probed, Probes};
use super::{Owner, Picture, PictureSet, MAX_FILE, MAX_PIXELS};
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Diagnostics, SourceFile};
use crate::in_place::InPlace;
use crate::model::{Site, DECORATIVE};
use crate::text::markdown::OPTIONS;

/// One place a picture is named.
struct Use {
    owner: Owner,
    src: String,
    file: Arc<SourceFile>,
    span: Range<usize>,
}

impl Use {
    fn error(&self, code: Code, message: String, help: String) -> Diagnostic {
        Diagnostic::error(code, &self.file.path, message)
            .at(&self.file, self.span.clone())
            .with_label("this picture")
            .with_help(help)
    }

    /// Lead and entity pictures are resized and shown in previews: they
    /// must be files of the site. An image of the body may be elsewhere.
    fn needs_file(&self) -> bool {
        !matches!(self.owner, Owner::Body(_))
    }
}

/// What finding the pictures remembers between runs: each file's probe,
/// and the pictures each article body named.
#[derive(Default)]
pub struct Memory {
    probes: Probes,
    /// Finding a body's pictures parses its Markdown: over every article,
    /// that was most of a one-article save on a large site.
    bodies: BodyMemory,
}

/// Every picture the site uses, probed; the problems go to `diags`.
pub fn find(site: &Site, root: &Path, memory: &Memory, diags: &mut Diagnostics) -> PictureSet {
    let probes = &memory.probes;
    let uses = uses(site, &memory.bodies, diags);
    let mut located = Vec::with_capacity(uses.len());
    for usage in &uses {
        match locate(root, usage) {
            Ok(Some(path)) => located.push((usage, path)),
            Ok(None) => {}
            Err(problem) => diags.push(*problem),
        }
    }
    let mut paths: Vec<&PathBuf> = located.iter().map(|(_, p)| &p.0).collect();
    paths.sort();
    paths.dedup();
    let probed: FxHashMap<&PathBuf, Result<Probed, ProbeError>> = paths
        .into_par_iter()
        .map(|path| (path, probes.probe(path)))
        .collect();
    let mut set = PictureSet::default();
    let mut index: FxHashMap<&PathBuf, usize> = FxHashMap::default();
    let mut digest = Vec::with_capacity(located.len());
    for (usage, (path, shown)) in &located {
        let probe = &probed[path];
        let probe = match probe {
            Ok(probe) => probe,
            Err(err) => {
                diags.push(problem(usage, root, shown, err));
                continue;
            }
        };
        let i = *index.entry(path).or_insert_with(|| {
            set.pictures
                .push(Arc::new(picture(usage, path, shown, probe)));
            set.pictures.len() - 1
        });
        digest.push((
            usage.owner,
            &usage.src,
            &probe.hash,
            probe.width,
            probe.height,
        ));
        match usage.owner {
            Owner::Body(a) => {
                set.body.insert((a, usage.src.clone()), i);
            }
            owner => {
                set.owned.insert(owner, i);
            }
        }
    }
    set.digest = crate::text::hash_of(&digest);
    set
}

fn picture(usage: &Use, path: &Path, shown: &Path, probe: &Probed) -> Picture {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let mut stem = crate::text::slugify(&stem);
    stem.truncate(60);
    let stem = stem.trim_matches('-');
    Picture {
        shown: shown.to_path_buf(),
        path: path.to_path_buf(),
        stem: if stem.is_empty() { "picture" } else { stem }.to_string(),
        hash: probe.hash.clone(),
        format: probe.format,
        width: probe.width,
        height: probe.height,
        first_use: (Arc::clone(&usage.file), usage.span.clone()),
    }
}

/// The images one article body names (source and span in the file), with
/// the missing alt texts reported.
#[derive(Default)]
struct BodyImages {
    /// The article's whole text, which the spans point into (in a one-off
    /// build the article's own file holds only its front matter).
    file: Option<Arc<SourceFile>>,
    images: Vec<(String, Range<usize>)>,
    problems: Vec<Diagnostic>,
}

/// The images of each article body as last found, with the article's
/// version (a hash of its file's path and text, which is all they follow
/// from); only the articles of the last run are kept.
#[derive(Default)]
struct BodyMemory {
    /// Each article's body's pictures, by the article's version.
    bodies: Mutex<InPlace<Arc<BodyImages>>>,
}

/// Every picture named by the site, in site order: each article's lead
/// picture and body images, then each entity's and author's picture. Body images
/// without alt text are reported on the way.
fn uses(site: &Site, memory: &BodyMemory, diags: &mut Diagnostics) -> Vec<Use> {
    let known = std::mem::take(&mut *memory.bodies.lock().unwrap_or_else(|e| e.into_inner()));
    // Most bodies name no picture: they share one empty answer.
    let none = Arc::new(BodyImages::default());
    let per_article: Vec<Arc<BodyImages>> = (site.articles.par_iter().enumerate())
        .map(
            |(a, article)| match known.find(a, article.version, site.order) {
                Some(found) => Arc::clone(found),
                // Every Markdown image starts with `![`: a body without one
                // need not be read back or parsed.
                None if !article.pictures_in_body => Arc::clone(&none),
                None => match article.whole_file() {
                    Ok(file) => match body_images(&file, article.body.clone()) {
                        found if found.images.is_empty() && found.problems.is_empty() => {
                            Arc::clone(&none)
                        }
                        found => Arc::new(found),
                    },
                    Err(unreadable) => Arc::new(BodyImages {
                        problems: vec![*unreadable],
                        ..BodyImages::default()
                    }),
                },
            },
        )
        .collect();
    let mut all = Vec::new();
    for (a, (article, body)) in site.articles.iter().zip(&per_article).enumerate() {
        if let Some(spec) = &article.meta.image {
            all.push(Use {
                owner: Owner::Lead(a),
                src: spec.src.clone(),
                file: Arc::clone(&article.file),
                span: spec.span.clone(),
            });
        }
        let file = body.file.as_ref().unwrap_or(&article.file);
        all.extend(body.images.iter().map(|(src, span)| Use {
            owner: Owner::Body(a),
            src: src.clone(),
            file: Arc::clone(file),
            span: span.clone(),
        }));
        diags.extend(body.problems.iter().cloned());
    }
    let known = (site.articles.iter().map(|a| a.version)).zip(per_article);
    *memory.bodies.lock().unwrap_or_else(|e| e.into_inner()) =
        InPlace::new(known.collect(), site.order);
    for (e, entity) in site.entities.iter().enumerate() {
        if let Some(spec) = &entity.image {
            all.push(Use {
                owner: Owner::Portrait(e),
                src: spec.src.clone(),
                file: Arc::clone(&entity.file),
                span: spec.span.clone(),
            });
        }
    }
    for (i, author) in site.authors.iter().enumerate() {
        if let (Some(spec), Some((file, _))) = (&author.image, &author.file) {
            all.push(Use {
                owner: Owner::Author(i),
                src: spec.src.clone(),
                file: Arc::clone(file),
                span: spec.span.clone(),
            });
        }
    }
    all
}

/// The images of one article body, each with its span in the file; an
/// image without alt text is reported.
fn body_images(file: &Arc<SourceFile>, body: Range<usize>) -> BodyImages {
    let mut found = BodyImages {
        file: Some(Arc::clone(file)),
        ..BodyImages::default()
    };
    let text = &file.text[body.clone()];
    let mut open: Option<(String, Range<usize>, String)> = None;
    for (event, range) in Parser::new_ext(text, OPTIONS).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                let span = body.start + range.start..body.start + range.end;
                open = Some((dest_url.to_string(), span, String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, alt)) = &mut open {
                    alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => {
                let Some((src, span, alt)) = open.take() else {
                    continue;
                };
                if alt.trim().is_empty() {
                    found.problems.push(missing_alt(file, span.clone(), &src));
                }
                found.images.push((src, span));
            }
            _ => {}
        }
    }
    found
}

/// Error G0130 for a Markdown image.
fn missing_alt(file: &Arc<SourceFile>, span: Range<usize>, src: &str) -> Diagnostic {
    let shown: String = src.chars().take(60).collect();
    Diagnostic::error(Code::MissingAlt, &file.path, "this picture has no alt text")
        .at(file, span)
        .with_label("no alt text between `![` and `]`")
        .with_help(format!(
            "say what the picture shows for readers who cannot see it, e.g. `![Cranes over the harbor at dawn]({shown})`; write `![{DECORATIVE}]({shown})` only for a decorative picture"
        ))
}

/// The file a picture names, as (absolute path, path shown from the
/// root); `None` for a picture that is not a local raster file (an image
/// on another host in a body, an SVG of `static/`).
fn locate(root: &Path, usage: &Use) -> Result<Option<(PathBuf, PathBuf)>, Box<Diagnostic>> {
    let src = usage.src.trim();
    let remote = crate::links::scheme(src).is_some() || src.starts_with("//");
    if remote || src.is_empty() || src.starts_with(['#', '?']) {
        if remote && usage.needs_file() {
            return Err(Box::new(usage.error(
                Code::PictureOutsideSite,
                format!("`{src}` is not a file of the site"),
                "save the picture next to the article (or in `static/`) and name the file: lead and entity pictures are resized, and carried in link previews".into(),
            )));
        }
        return Ok(None);
    }
    let Some(shown) = site_file(&usage.file.path, src) else {
        return Err(Box::new(usage.error(
            Code::PictureOutsideSite,
            format!("`{src}` leads outside the site folder"),
            "copy the picture into the site, next to the article or into `static/`, and name it from there".into(),
        )));
    };
    let path = root.join(&shown);
    if crate::fsutil::outside_site(&crate::fsutil::real_path(root), &path) {
        return Err(Box::new(usage.error(
            Code::PictureOutsideSite,
            format!(
                "`{}` is a symbolic link out of the site folder",
                shown.display()
            ),
            "copy the picture into the site instead of linking to it: publishing follows the link"
                .into(),
        )));
    }
    let is_svg = shown
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg && src.starts_with('/') && !usage.needs_file() {
        // A drawing scales by itself: `static/` publishes it as it is.
        return Ok(None);
    }
    Ok(Some((path, shown)))
}

/// The path from the site's root of the file `src` names in the document
/// `doc` (itself shown from the root): `/x` is `static/x`, anything else
/// is next to the document. `None` when `..` leads out of the site.
fn site_file(doc: &Path, src: &str) -> Option<PathBuf> {
    let path = src.split(['?', '#']).next().unwrap_or(src);
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut parts: Vec<String> = if path.starts_with('/') {
        vec!["static".to_string()]
    } else {
        let folder = doc.parent().unwrap_or(Path::new(""));
        (folder.components())
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect()
    };
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part.to_string()),
        }
    }
    (!parts.is_empty()).then(|| parts.iter().collect())
}

/// The error for a picture file that cannot be published.
fn problem(usage: &Use, root: &Path, shown: &Path, err: &ProbeError) -> Diagnostic {
    let name = shown.display();
    match err {
        ProbeError::Missing => usage.error(
            Code::NoPicture,
            format!("no picture `{name}`"),
            missing_help(root, shown),
        ),
        ProbeError::Unreadable(why) => usage.error(
            Code::Unreadable,
            format!("cannot read `{name}`: {why}"),
            "check the file's permissions; gloss reads only regular files".into(),
        ),
        ProbeError::TooLarge => usage.error(
            Code::HugePicture,
            format!("`{name}` is over {} MiB", MAX_FILE >> 20),
            "export the picture at a web size, at most a few thousand pixels wide: readers never download more than 1600".into(),
        ),
        ProbeError::TooManyPixels(w, h) => usage.error(
            Code::HugePicture,
            format!("`{name}` is {w} × {h} pixels, over {} megapixels", MAX_PIXELS / 1_000_000),
            "export the picture at a web size, at most a few thousand pixels wide; a picture this large would take gigabytes to decode".into(),
        ),
        ProbeError::Unsupported(what) => usage.error(
            Code::UnsupportedPicture,
            format!("`{name}` is {what}, not a JPEG, PNG or WebP picture"),
            "export it as JPEG (a photo) or PNG (a chart, a screenshot); an SVG drawing can go in `static/` and be named `/NAME.svg` in the text".into(),
        ),
        ProbeError::Broken(why) => usage.error(
            Code::BrokenPicture,
            format!("`{name}` cannot be read as a picture: {why}"),
            "the file is damaged, cut short, or not what its name says: export or copy it again".into(),
        ),
    }
}

/// What to do about a missing file: a file of the folder with a close
/// name, else where to put it.
fn missing_help(root: &Path, shown: &Path) -> String {
    let folder = shown.parent().unwrap_or(Path::new(""));
    let name = shown.file_name().unwrap_or_default().to_string_lossy();
    let siblings: Vec<String> = std::fs::read_dir(root.join(folder))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    match did_you_mean(&name, siblings.iter().map(String::as_str)) {
        Some(close) => format!("did you mean `{close}`? (in `{}`)", folder.display()),
        None => format!(
            "put the picture at `{}`, or fix the path: a path starting with `/` is in `static/`, any other is next to the article",
            shown.display()
        ),
    }
}
