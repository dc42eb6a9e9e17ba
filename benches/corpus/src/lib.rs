//! A synthetic corpus of news explainers, for gloss's tests and benchmarks,
//! written as a gloss site or as the equivalent Hugo or Zola site, plus a
//! `truth` file saying what a correct build must show.
//!
//! ```no_run
//! let corpus = gloss_corpus::generate(&gloss_corpus::Options::new(1000));
//! gloss_corpus::write(&corpus, gloss_corpus::Format::Gloss, "/tmp/site".as_ref()).unwrap();
//! ```
//!
//! # What is in it
//!
//! - **Entities** of every kind (person, organization, place, event, other;
//!   about 40/30/17/8/5 percent), `articles / 20` of them by default and at
//!   least 50, up to [`MAX_ENTITIES`] (100,000). Each has a name and one or
//!   two aliases, unique across the corpus, so every mention means one
//!   entity; a summary; and for some, `roles:` (people), reference `links:`
//!   and a `wikidata:` id. Past about 9,000 entities, when the simple names
//!   of a kind run out, it goes on with compound ones (`Maria
//!   Okafor-Lindqvist`, `Northern Water and Energy Agency`); the first
//!   entities of a corpus are the same whatever their number.
//! - **Articles** of a few hundred to about 1,500 words: lead paragraphs,
//!   sections under headings, a block quote, a bullet list, and in some a
//!   table (entity names in its cells, or figures) and a numbered list.
//!   Each annotates 4 to 25 entities, more in longer articles, drawn with a
//!   Zipf-like popularity (a few entities are in many articles, most in
//!   few), and names each of them two to four times, by name (always the
//!   first time) or alias. Some first mentions are explicit `[name](@slug)`
//!   links; one article in five also names an entity it does not annotate,
//!   only through `[text](@slug)` links ("[the agency](@slug)"). Some
//!   articles define local terms (`{term, aliases, definition}`) and add a
//!   note (and, for a person, a local alias: the first name) to one
//!   annotation. Each has a title, a summary, one or two authors, two to
//!   four tags, and sometimes an `updated:` date.
//! - **Dates in the past at every size.** Hugo and Zola leave future-dated
//!   pages out, so a benchmark that compares them must date every article in
//!   the past. The `N` articles are spread over a fixed window,
//!   2015-01-01T00:00:00Z to 2025-12-31T23:59:59Z: the window is cut into
//!   `N` equal steps and article `i` falls at a random second of step `i`.
//!   Dates therefore strictly increase with the article's number ("newest
//!   first" is never a tie) and stay inside the window whether `N` is 1 or
//!   10 million; only beyond about 347 million articles (a step under a
//!   second) could two share a date.
//!
//! # Same seed, same bytes
//!
//! Everything is drawn from one SplitMix64 stream (`rng.rs`) with integer
//! arithmetic only, hash sets are used for membership and never iterated,
//! and JSON objects are written with sorted keys, so the output is a pure
//! function of the [`Options`], the same on every platform. A test pins a
//! hash of a small gloss site, so any change to the output shows up.
//!
//! # Formats
//!
//! - [`Format::Gloss`]: `site.yaml`, `content/entities/SLUG.md`,
//!   `content/articles/SLUG.md`.
//! - [`Format::Hugo`] and [`Format::Zola`]: the same articles, entities as a
//!   taxonomy (their metadata in `data/entities.json`), and templates that do
//!   the work gloss's built-in ones do: the article page with the entities
//!   it mentions, a page per entity listing every article that mentions it,
//!   tag pages, the 50 newest articles on the front page, and the list of
//!   all articles. Explicit mentions become links to `/entities/SLUG/`.
//! - [`Format::Gloss`] in several editions ([`write_editions`],
//!   `gloss-corpus --format gloss OUT --languages en,ar,es`): a list of
//!   `languages:` in `site.yaml`, and beside every entity's and every article's
//!   file its translations, `SLUG.ar.md` and `SLUG.es.md`, as a newsroom
//!   publishing in three languages keeps them. Arabic names are in Arabic
//!   script (people and places transliterated, "أوكافور"; organizations,
//!   events and other entities translated, "وكالة الإغاثة الشمالية"),
//!   Spanish ones in Spanish ("la Agencia de Socorro del Norte"), unique in
//!   each language. A translated article has the original's date, authors,
//!   tags and annotated entities, and a body of about as many words that
//!   names each of them two to four times (in Arabic sometimes with an
//!   attached و, "and"); local terms and notes stay in English. The
//!   English files are the same bytes as without editions; each language
//!   draws from a random stream of its own (`editions.rs`).
//! - [`Format::Truth`]: `truth.json`, each article's URL
//!   (`/articles/SLUG/`) with its title, date and the slugs of every entity
//!   it mentions, and each entity's name, kind and aliases.

mod arabic;
mod articles;
mod body;
mod corpus;
mod date;
mod editions;
mod entities;
mod gloss;
mod hugo;
mod json;
mod names;
mod output;
mod rng;
mod spanish;
mod text;
mod truth;
mod vocab;
mod zola;

use std::io;
use std::path::Path;

pub use editions::Lang;

pub use corpus::{
    generate, try_generate, Annotation, Article, Corpus, Entity, Kind, Options, Parts, Role,
    MAX_ENTITIES,
};

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Gloss,
    Hugo,
    Zola,
    Truth,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Gloss, Format::Hugo, Format::Zola, Format::Truth];

    pub fn name(self) -> &'static str {
        match self {
            Format::Gloss => "gloss",
            Format::Hugo => "hugo",
            Format::Zola => "zola",
            Format::Truth => "truth",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// Hands each file of `corpus` in `format` to `emit`, as its path under the
/// output folder (with `/`) and its text, in a fixed order.
pub fn for_each_file(
    corpus: &Corpus,
    format: Format,
    mut emit: impl FnMut(&str, &str) -> io::Result<()>,
) -> io::Result<()> {
    match format {
        Format::Gloss => gloss::files(corpus, &mut emit),
        Format::Hugo => hugo::files(corpus, &mut emit),
        Format::Zola => zola::files(corpus, &mut emit),
        Format::Truth => truth::files(corpus, &mut emit),
    }
}

/// [`for_each_file`] of the gloss site with its editions in `langs`
/// beside the English one: every entity and article translated into each
/// (`x.ar.md`, `x.es.md`), and `languages: [en, ...]` in `site.yaml`.
pub fn for_each_edition_file(
    corpus: &Corpus,
    langs: &[Lang],
    mut emit: impl FnMut(&str, &str) -> io::Result<()>,
) -> io::Result<()> {
    gloss::files_in_editions(corpus, langs, &mut emit)
}

/// [`write()`] of the gloss site with its editions in `langs`; see
/// [`for_each_edition_file`].
pub fn write_editions(corpus: &Corpus, langs: &[Lang], out_dir: &Path) -> io::Result<()> {
    let mut disk = output::Disk::replace(out_dir)?;
    for_each_edition_file(corpus, langs, |path, text| disk.file(path, text))
}

/// The text of `article`'s file in the gloss site, front matter and body:
/// the file [`Format::Gloss`] writes for it, without writing it.
pub fn gloss_article(corpus: &Corpus, article: &Article) -> String {
    gloss::article(corpus, article)
}

/// Writes `corpus` in `format` into `out_dir`, which is replaced: whatever
/// it held is deleted first. A path without a last component (`/`, `.`)
/// is refused.
pub fn write(corpus: &Corpus, format: Format, out_dir: &Path) -> io::Result<()> {
    let mut disk = output::Disk::replace(out_dir)?;
    for_each_file(corpus, format, |path, text| disk.file(path, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FNV-1a, 64 bits.
    fn fnv(hash: &mut u64, bytes: &[u8]) {
        for &b in bytes {
            *hash ^= u64::from(b);
            *hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn site_hash(corpus: &Corpus, format: Format) -> u64 {
        let mut hash = 0xcbf2_9ce4_8422_2325;
        for_each_file(corpus, format, |path, text| {
            fnv(&mut hash, path.as_bytes());
            fnv(&mut hash, &[0]);
            fnv(&mut hash, text.as_bytes());
            fnv(&mut hash, &[0]);
            Ok(())
        })
        .unwrap();
        hash
    }

    fn small() -> Options {
        Options {
            articles: 40,
            entities: Some(30),
            seed: 7,
        }
    }

    #[test]
    fn same_seed_same_bytes() {
        let (a, b) = (generate(&small()), generate(&small()));
        for format in Format::ALL {
            assert_eq!(site_hash(&a, format), site_hash(&b, format), "{format:?}");
        }
        let other = generate(&Options { seed: 8, ..small() });
        assert_ne!(
            site_hash(&a, Format::Gloss),
            site_hash(&other, Format::Gloss)
        );
    }

    /// The gloss site of a small corpus, pinned. If this fails, the output
    /// changed: make sure that was meant, then update the number.
    #[test]
    fn the_gloss_output_is_pinned() {
        assert_eq!(
            site_hash(&generate(&small()), Format::Gloss),
            0xbf5c_4839_f400_128d
        );
    }

    #[test]
    fn every_mentioned_entity_is_in_the_body() {
        let corpus = generate(&Options::new(300));
        let mut explicit_only = 0;
        for a in &corpus.articles {
            let annotated: Vec<usize> = a
                .annotations
                .iter()
                .filter_map(|x| match x {
                    Annotation::Entity { entity, .. } => Some(*entity),
                    Annotation::Term { .. } => None,
                })
                .collect();
            for &e in &a.mentioned {
                let entity = &corpus.entities[e];
                if annotated.contains(&e) {
                    assert!(
                        a.body.contains(&entity.name),
                        "{} in {}",
                        entity.name,
                        a.slug
                    );
                } else {
                    explicit_only += 1;
                    assert!(
                        a.body.contains(&format!("](@{})", entity.slug)),
                        "{} in {}",
                        entity.slug,
                        a.slug
                    );
                }
            }
            for x in &a.annotations {
                if let Annotation::Term { term, .. } = x {
                    assert!(a.body.contains(&format!(" {term}")), "{term} in {}", a.slug);
                }
            }
            let words = text::word_count(&a.body);
            assert!((300..2500).contains(&words), "{} has {words} words", a.slug);
        }
        assert!(explicit_only > 20, "{explicit_only} explicit-only mentions");
    }

    #[test]
    fn impossible_options_are_errors() {
        for options in [
            Options {
                articles: 0,
                ..small()
            },
            Options {
                entities: Some(1),
                ..small()
            },
            Options {
                entities: Some(MAX_ENTITIES + 1),
                ..small()
            },
        ] {
            assert!(try_generate(&options).is_err(), "{options:?}");
        }
    }

    #[test]
    fn dates_increase_and_stay_in_the_past() {
        let corpus = generate(&Options::new(500));
        for pair in corpus.articles.windows(2) {
            assert!(pair[0].date < pair[1].date);
        }
        assert!(date::rfc3339(corpus.articles[0].date).starts_with("2015-"));
        assert!(date::rfc3339(corpus.articles[499].date).starts_with("2025-"));
    }
}
