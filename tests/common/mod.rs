//! A small site written into a temporary folder, built, and read back with an
//! HTML parser. Tests chain `entity`, `article` and `file` to describe the site.

#![allow(dead_code)]

pub mod lsp;
pub mod output;
pub mod server;

use std::path::{Path, PathBuf};
use std::rc::Rc;

use gloss::{BuildOptions, Diagnostic, Diagnostics};
use scraper::{Html, Selector};
use tempfile::TempDir;

pub struct TestSite {
    pub dir: Rc<TempDir>,
}

impl TestSite {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        TestSite { dir: Rc::new(dir) }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(self, rel: &str, text: &str) -> Self {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// A file of any bytes at `rel`.
    pub fn bytes(self, rel: &str, bytes: &[u8]) -> Self {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    /// A real picture at `rel`, `width` × `height` pixels, in the format
    /// its extension names (`.jpg`, `.png`, `.webp`): a gradient, so that
    /// every size of it differs.
    pub fn picture(self, rel: &str, width: u32, height: u32) -> Self {
        let bytes = picture_bytes(rel, width, height);
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    /// An entity file `content/entities/SLUG.md`.
    pub fn entity(self, slug: &str, name: &str, kind: &str, aliases: &[&str]) -> Self {
        let aliases = aliases
            .iter()
            .map(|a| format!("{a:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        let text = format!(
            "---\nname: {name:?}\nkind: {kind}\naliases: [{aliases}]\nsummary: About {name}.\n---\n"
        );
        self.file(&format!("content/entities/{slug}.md"), &text)
    }

    /// An article `content/articles/SLUG.md` with a title, a date and `front` lines.
    pub fn article(self, slug: &str, front: &str, body: &str) -> Self {
        let text = format!("---\ntitle: {slug}\ndate: 2024-09-19\n{front}\n---\n{body}\n");
        self.file(&format!("content/articles/{slug}.md"), &text)
    }

    pub fn options(&self) -> BuildOptions {
        let mut options = BuildOptions::new(self.root());
        options.output = Some(self.root().join("public"));
        options
    }

    pub fn build(&self) -> Result<Built, Diagnostics> {
        let report = gloss::build(&self.options())?;
        Ok(Built {
            out: report.output.clone(),
            _dir: Rc::clone(&self.dir),
            warnings: report.diagnostics.into_vec(),
        })
    }

    pub fn build_ok(&self) -> Built {
        match self.build() {
            Ok(built) => built,
            Err(diags) => panic!("build failed:\n{}", render(&diags)),
        }
    }

    pub fn build_err(&self) -> Vec<Diagnostic> {
        match self.build() {
            Ok(_) => panic!("build succeeded but an error was expected"),
            Err(diags) => diags.into_vec(),
        }
    }
}

/// The bytes of a gradient picture in the format `name`'s extension names.
pub fn picture_bytes(name: &str, width: u32, height: u32) -> Vec<u8> {
    let format = image::ImageFormat::from_path(name).expect("a picture extension");
    let pixels = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 128])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(pixels)
        .write_to(&mut bytes, format)
        .unwrap();
    bytes.into_inner()
}

pub fn render(diags: &Diagnostics) -> String {
    diags
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

pub struct Built {
    pub out: PathBuf,
    /// Keeps the site folder alive as long as its output is read.
    _dir: Rc<TempDir>,
    pub warnings: Vec<Diagnostic>,
}

impl Built {
    /// The output at `out` of a build of `site`.
    pub fn at(out: PathBuf, site: &TestSite) -> Built {
        Built {
            out,
            _dir: Rc::clone(&site.dir),
            warnings: Vec::new(),
        }
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn page(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }

    pub fn article(&self, slug: &str) -> Html {
        self.page(&format!("articles/{slug}/index.html"))
    }
}

pub fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

pub fn text(element: &scraper::ElementRef) -> String {
    element.text().collect::<String>()
}

/// The text of every mention on the page, in order.
pub fn mentions(html: &Html) -> Vec<String> {
    select(html, ".article-body .gloss-mention")
        .iter()
        .map(text)
        .collect()
}

/// The single diagnostic with `code`, failing loudly if there is not exactly one.
pub fn only<'a>(diags: &'a [Diagnostic], code: &str) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == code).collect();
    assert_eq!(found.len(), 1, "expected one {code}, got: {diags:#?}");
    found[0]
}
