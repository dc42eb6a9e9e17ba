//! The pictures stage, between resolve and render. Every local raster
//! picture an article or an entity uses (Markdown images, the lead
//! `image:` of an article, an entity's `image:`) is found and checked
//! ([`find`]), read, hashed and measured ([`probe`]), so that the pages can
//! name each of its sizes with its width and height. Once the pages are
//! rendered, each size is made ([`encode`]) or taken from the cache folder
//! ([`cache`]), in parallel, and handed to the output.
//!
//! Pictures are files beside the article (a page bundle:
//! `content/articles/SLUG/index.md` and its pictures) or in `static/`.

mod cache;
mod encode;
mod find;
mod probe;

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::diagnostics::SourceFile;
use crate::urls;

pub use cache::Cache;
pub use encode::{produce, Made};
pub use find::{find, Memory};

/// The widths a picture is published at, narrowest first: a phone, a
/// column on a laptop, the 1200 pixels that link previews ask for, and a
/// wide screen at twice its pixel density. A picture narrower than one of
/// them is published at its own width instead, never enlarged.
pub const WIDTHS: [u32; 4] = [480, 960, 1200, 1600];

/// A picture over this many pixels is refused before it is decoded: a
/// small file can declare a huge picture (a "decompression bomb") whose
/// pixels would not fit in memory.
pub const MAX_PIXELS: u64 = 100_000_000;

/// The largest picture file gloss reads.
pub const MAX_FILE: u64 = 64 << 20;

/// Changes whenever the sizes or the encoders' settings do, so that the
/// names of the pictures (and the cache) change with them.
const SETTINGS: &str = "gloss-pictures-1:480,960,1200,1600:jpeg82:webp80:png";

/// The formats gloss reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Jpeg,
    Png,
    WebP,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::WebP => "webp",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::WebP => "image/webp",
        }
    }
}

/// One picture file of the site, measured.
#[derive(Debug, Clone)]
pub struct Picture {
    /// The file, shown from the site's root (`static/img/harbor.jpg`).
    pub shown: PathBuf,
    pub path: PathBuf,
    /// The file's name made a slug, for the published names.
    pub stem: String,
    /// A hash of the file's bytes and of [`SETTINGS`].
    pub hash: String,
    pub format: Format,
    /// As shown, after the camera's orientation is applied.
    pub width: u32,
    pub height: u32,
    /// Where it is first used: an error found when it is decoded is reported there.
    pub first_use: (Arc<SourceFile>, Range<usize>),
}

impl Picture {
    /// The widths it is published at, narrowest first.
    pub fn widths(&self) -> Vec<u32> {
        let mut widths: Vec<u32> = WIDTHS.into_iter().filter(|&w| w < self.width).collect();
        let widest = self.width.min(WIDTHS[WIDTHS.len() - 1]);
        if widths.last() != Some(&widest) {
            widths.push(widest);
        }
        widths
    }

    /// The height at `width`, keeping the proportions.
    pub fn height_at(&self, width: u32) -> u32 {
        let height = u64::from(self.height) * u64::from(width) / u64::from(self.width.max(1));
        (height as u32).max(1)
    }

    /// The formats it is published in: WebP, and its own format when that
    /// is another, for browsers without WebP and for link previews.
    pub fn formats(&self) -> Vec<Format> {
        match self.format {
            Format::WebP => vec![Format::WebP],
            own => vec![Format::WebP, own],
        }
    }

    /// The site path of one size in one format.
    pub fn url(&self, width: u32, format: Format) -> String {
        urls::picture(&self.stem, &self.hash, width, format.ext())
    }

    /// Every file it is published as: (output file, width, format).
    pub fn files(&self) -> Vec<(String, u32, Format)> {
        let mut files = Vec::new();
        for width in self.widths() {
            for format in self.formats() {
                let file = urls::output_file(&self.url(width, format));
                files.push((file, width, format));
            }
        }
        files
    }
}

/// Who uses a picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Owner {
    /// The lead picture of article `i` (index into `Site::articles`).
    Lead(usize),
    /// An image in the body of article `i`.
    Body(usize),
    /// The picture of entity `i`.
    Portrait(usize),
    /// The picture of author `i` (index into `Site::authors`).
    Author(usize),
}

/// Every picture the site uses, and who uses which.
#[derive(Debug, Default)]
pub struct PictureSet {
    pub pictures: Vec<Arc<Picture>>,
    /// Lead and entity pictures.
    owned: FxHashMap<Owner, usize>,
    /// (article, `src` as written in its body) -> picture.
    body: FxHashMap<(usize, String), usize>,
    /// A hash of every picture and who uses it: the pages change with it.
    pub digest: u64,
}

impl PictureSet {
    /// The lead picture of article `a`, or the picture of entity `e`.
    pub fn owned(&self, owner: Owner) -> Option<&Picture> {
        self.owned.get(&owner).map(|&i| &*self.pictures[i])
    }

    /// The picture an image of article `a`'s body names with `src`.
    pub fn in_body(&self, a: usize, src: &str) -> Option<&Picture> {
        let key = (a, src.to_string());
        self.body.get(&key).map(|&i| &*self.pictures[i])
    }
}
