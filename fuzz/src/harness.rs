//! A small site in a temporary folder in which one file is replaced by hostile
//! input, built in memory and checked for the properties bad input must keep:
//! nothing panics, every diagnostic can be printed, and a build that succeeds
//! emits no `href`/`src` with a disallowed scheme (see [`crate::urls`]).
//!
//! The fuzz targets and the property tests drive the same [`Sandbox`], so a
//! crash found by one replays in the other. A failed property panics, which is
//! how libFuzzer and proptest both learn of it.

use std::path::{Path, PathBuf};

use gloss::internals::split;
use gloss::{BuildOptions, Diagnostics};
use tempfile::TempDir;

use crate::urls::check_site;

/// A handful of entities of each kind, with aliases that overlap and contain
/// punctuation, so the matcher has real work to do on any body.
pub const ENTITIES: &[(&str, &str)] = &[
    (
        "people/antony-blinken",
        "---\nname: Antony Blinken\nkind: person\naliases: [Blinken, the secretary]\nsummary: U.S. secretary of state; see [his page](https://www.state.gov/).\nlinks: { Wikipedia: \"https://en.wikipedia.org/wiki/Antony_Blinken\" }\n---\nA longer text with a [link](https://example.org/) and <b>markup</b>.\n",
    ),
    (
        "organizations/hamas",
        "---\nname: Hamas\nkind: organization\naliases: [Islamic Resistance Movement]\nsummary: Palestinian Islamist group.\n---\n",
    ),
    (
        "organizations/united-nations",
        "---\nname: U.N.\nkind: organization\naliases: [United Nations]\nsummary: The United Nations.\n---\n",
    ),
    (
        "organizations/un-general-assembly",
        "---\nname: U.N. General Assembly\nkind: organization\naliases: [General Assembly]\nsummary: The U.N.'s main deliberative body.\n---\n",
    ),
    (
        "places/gaza-strip",
        "---\nname: Gaza Strip\nkind: place\naliases: [Gaza]\nsummary: A Palestinian territory on the Mediterranean.\n---\n",
    ),
    (
        "places/lebanon",
        "---\nname: Lebanon\nkind: place\nsummary: A country on the Mediterranean.\n---\n",
    ),
    (
        "events/pager-explosions",
        "---\nname: pager explosions\nkind: event\nsummary: Explosions of pagers in Lebanon, September 2024.\n---\n",
    ),
];

/// The front matter put above a fuzzed body that brings none of its own: it
/// annotates every entity and a term, so the body's names become mentions.
pub const ARTICLE_FRONT: &str = "---
title: Fuzzed explainer
date: 2024-09-19
summary: A *summary* with [a link](https://example.org/).
source: { name: Voice of America, url: \"https://www.voanews.com/\" }
tags: [gaza, diplomacy]
annotations:
  - antony-blinken
  - entity: hamas
    aliases: [Hamas's leaders]
    note: A note with [a link](https://example.org/).
  - united-nations
  - un-general-assembly
  - gaza-strip
  - lebanon
  - pager-explosions
  - term: cease-fire
    aliases: [ceasefire]
    definition: An agreed halt to fighting.
---
";

/// An article that is always there, so that entity pages list another
/// explainer and cards count it.
const FIXED_ARTICLE: &str = "---
title: Fixed explainer
date: 2024-09-18
tags: [gaza]
annotations: [antony-blinken, hamas, gaza-strip]
---
Antony Blinken met Hamas mediators about Gaza. See [the source](https://example.org/a) and <https://example.org/b>.
";

/// The sandbox's site.yaml; the search index is built, so its word splitter
/// reads every hostile body too.
pub const SITE_YAML: &str = "title: Fuzz Desk\nbase_url: https://example.org/news/\n";

/// What a build of hostile input came to; any of them is acceptable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The file did not decode; the site was not built.
    Rejected,
    /// The site was built in memory and passed the URL check.
    Built,
    /// The build failed with errors.
    Failed,
}

pub struct Sandbox {
    dir: TempDir,
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let dir = tempfile::tempdir().expect("temporary folder");
        let sandbox = Sandbox { dir };
        for (slug, text) in ENTITIES {
            sandbox.write(&format!("content/entities/{slug}.md"), text.as_bytes());
        }
        sandbox.write("content/articles/fixed.md", FIXED_ARTICLE.as_bytes());
        sandbox.write("site.yaml", SITE_YAML.as_bytes());
        sandbox
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, bytes: &[u8]) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).expect("create folder");
        std::fs::write(path, bytes).expect("write sandbox file");
    }

    fn remove(&self, rel: &str) {
        let _ = std::fs::remove_file(self.path(rel));
    }

    /// Back to the fixed site: a case that panicked (proptest goes on after
    /// one, to shrink it) must not leave its files to the next.
    fn reset(&self) {
        self.write(SITE_YAML_REL, SITE_YAML.as_bytes());
        self.remove(FUZZED_ARTICLE);
        self.remove(FUZZED_ENTITY);
    }

    /// One content file's bytes, decoded as an entity and then as an article;
    /// whichever decodes cleanly is built into the site and checked.
    pub fn front_matter(&mut self, bytes: &[u8]) -> Outcome {
        if let Ok(text) = std::str::from_utf8(bytes) {
            check_split(text);
        }
        self.reset();
        let mut outcome = Outcome::Rejected;
        for rel in [FUZZED_ENTITY, FUZZED_ARTICLE] {
            self.write(rel, bytes);
            let (decoded, diags) = gloss::internals::load_file(self.root(), &self.path(rel));
            check_diagnostics(&diags);
            if decoded && !diags.has_errors() {
                outcome = worse(outcome, self.build());
            }
            self.remove(rel);
        }
        outcome
    }

    /// One article file through the whole pipeline. Text that does not start
    /// with a front-matter fence is taken as a body under [`ARTICLE_FRONT`].
    pub fn article(&mut self, bytes: &[u8]) -> Outcome {
        self.reset();
        let file = if bytes.starts_with(b"---") {
            bytes.to_vec()
        } else {
            [ARTICLE_FRONT.as_bytes(), bytes].concat()
        };
        self.write(FUZZED_ARTICLE, &file);
        self.build()
    }

    /// `site.yaml` replaced by `bytes`, over the fixed content and one
    /// article full of links.
    pub fn site_yaml(&mut self, bytes: &[u8]) -> Outcome {
        let body = "Blinken spoke at the U.N. General Assembly about Gaza. \
                    A [link](https://example.org/x), a [mention](@lebanon), \
                    an ![image](/img/x.png) and a [fragment](#top).\n";
        self.reset();
        self.write(FUZZED_ARTICLE, [ARTICLE_FRONT, body].concat().as_bytes());
        self.write(SITE_YAML_REL, bytes);
        self.build()
    }

    /// Builds the sandbox in memory and checks what came out.
    pub fn build(&self) -> Outcome {
        let mut options = BuildOptions::new(self.root());
        options.drafts = true;
        match gloss::build_in_memory(&options) {
            Ok(site) => {
                check_diagnostics(&site.diagnostics);
                let violations = check_site(&site.files);
                if !violations.is_empty() {
                    let list: Vec<String> =
                        violations.iter().take(5).map(|v| v.to_string()).collect();
                    panic!(
                        "the build succeeded with {} disallowed URLs, among them:\n{}",
                        violations.len(),
                        list.join("\n")
                    );
                }
                Outcome::Built
            }
            Err(diags) => {
                check_diagnostics(&diags);
                assert!(diags.has_errors(), "a failed build reported no error");
                Outcome::Failed
            }
        }
    }
}

const SITE_YAML_REL: &str = "site.yaml";
const FUZZED_ARTICLE: &str = "content/articles/fuzzed.md";
const FUZZED_ENTITY: &str = "content/entities/fuzzed.md";

fn worse(a: Outcome, b: Outcome) -> Outcome {
    match (a, b) {
        (Outcome::Failed, _) | (_, Outcome::Failed) => Outcome::Failed,
        (Outcome::Built, _) | (_, Outcome::Built) => Outcome::Built,
        _ => Outcome::Rejected,
    }
}

/// Every diagnostic must print, both as one line and with its source excerpt:
/// that is what the terminal and the preview overlay do with it.
pub fn check_diagnostics(diags: &Diagnostics) {
    for diagnostic in diags.iter() {
        // gloss turns a panic into G0504 so a build survives it; here it is
        // the bug being looked for.
        assert_ne!(diagnostic.code, "G0504", "gloss panicked: {diagnostic}");
        let _ = diagnostic.to_string();
        let _ = diagnostic.render(false);
        if let (Some(source), Some(span)) = (&diagnostic.source, &diagnostic.span) {
            assert!(
                span.start <= span.end && span.end <= source.text.len(),
                "span {span:?} outside {} bytes: {diagnostic}",
                source.text.len()
            );
        }
    }
}

/// The fences split the file into two ranges that cover what follows the
/// opening fence and fall on character boundaries.
fn check_split(text: &str) {
    if let Ok(Some(parts)) = split(text) {
        assert!(parts.yaml.start <= parts.yaml.end && parts.yaml.end <= parts.body.start);
        assert_eq!(parts.body.end, text.len());
        for at in [parts.yaml.start, parts.yaml.end, parts.body.start] {
            assert!(
                text.is_char_boundary(at),
                "split at {at} inside a character"
            );
        }
    }
}
