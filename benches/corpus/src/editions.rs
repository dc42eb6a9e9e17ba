//! Editions in other languages: for every entity and every article of the
//! corpus, its translation, as a newsroom publishing in several languages
//! keeps them (`x.ar.md` beside `x.md`).
//!
//! A translation says what the original says in the language's own words:
//! the entity under its name in that language (Arabic names in Arabic
//! script), the article with the same date, authors, tags and annotated
//! entities, and a body of about as many words that names each annotated
//! entity two to four times (in Arabic sometimes with an attached و, "and").
//! Local terms and notes are the English edition's only.
//!
//! Each language draws from its own random stream, seeded from the corpus's
//! seed and the language, so an edition is the same whichever others are
//! written beside it, and the English edition is the same with or without
//! them.

use std::collections::HashSet;

use crate::corpus::{Annotation, Article, Corpus, Entity, Kind, Parts};
use crate::date::{rfc3339, ymd};
use crate::rng::Rng;
use crate::text::{capitalize, quote_keeping_letters, word_count};

/// A language of the other editions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Arabic,
    Spanish,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Arabic, Lang::Spanish];

    /// Its BCP 47 tag, the suffix of its files.
    pub fn code(self) -> &'static str {
        self.language().code
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    fn language(self) -> &'static Language {
        match self {
            Lang::Arabic => &crate::arabic::LANGUAGE,
            Lang::Spanish => &crate::spanish::LANGUAGE,
        }
    }
}

/// The words of a language: how it names entities and what its articles say.
pub struct Language {
    pub code: &'static str,
    /// An entity's name, and each of its aliases by the same form as its
    /// English ones (`None` where the language has no such form).
    pub names: fn(&Entity) -> (String, Vec<Option<String>>),
    /// A name or alias as running text says it, with its article.
    pub reference: fn(&Localized, &str) -> String,
    /// Whether a sentence starts with a capital.
    pub capitalize: bool,
    /// Clauses naming an entity, `{e}`, by kind (`Kind as usize`).
    pub clauses: [&'static [&'static str]; 5],
    pub fillers: &'static [&'static str],
    pub headings: &'static [&'static str],
    pub connectors: &'static [&'static str],
    pub quotes: &'static [&'static str],
    /// A block quote: `{q}` the words, `{e}` who said them.
    pub said: &'static str,
    pub key_points: &'static str,
    pub topics: &'static [&'static str],
    pub adjectives: &'static [&'static str],
    pub months: &'static [&'static str],
    /// `{n}` is the number.
    pub money: &'static str,
    pub percent: &'static str,
    /// `{e}` the lead entity, `{topic}`.
    pub titles: &'static [&'static str],
    /// `{a}` and `{b}` two entities, `{topic}`.
    pub summaries: &'static [&'static str],
    /// By kind: `{name}`, `{topic}`, `{topic2}`.
    pub entity_summaries: [&'static str; 5],
}

/// An entity in one language.
pub struct Localized<'c> {
    pub slug: &'c str,
    pub parts: &'c Parts,
    pub kind: Kind,
    pub name: String,
    pub aliases: Vec<String>,
    pub summary: String,
}

/// One edition: its entities (in the corpus's order) and the translation
/// of each article.
pub struct Edition<'c> {
    pub entities: Vec<Localized<'c>>,
    pub articles: Vec<Translated>,
}

pub struct Translated {
    pub title: String,
    pub summary: String,
    pub body: String,
}

/// Salt of each language's random stream.
fn stream(seed: u64, lang: Lang) -> Rng {
    let salt = match lang {
        Lang::Arabic => 0x6172_6162_6963,
        Lang::Spanish => 0x7370_616e_6973,
    };
    Rng::new(seed ^ salt)
}

pub fn edition(corpus: &Corpus, lang: Lang) -> Edition<'_> {
    let language = lang.language();
    let mut rng = stream(corpus.seed, lang);
    let entities = localize(&mut rng, language, &corpus.entities);
    let articles = corpus
        .articles
        .iter()
        .map(|a| translate(&mut rng, language, &entities, a))
        .collect();
    Edition { entities, articles }
}

/// Every entity in `language`. A name or alias another entity already has
/// in this language is not given twice: such an alias is left out, such a
/// name (which the word lists make impossible) gets the English name after it.
fn localize<'c>(rng: &mut Rng, language: &Language, entities: &'c [Entity]) -> Vec<Localized<'c>> {
    let mut used: HashSet<String> = HashSet::new();
    entities
        .iter()
        .map(|e| {
            let (mut name, aliases) = (language.names)(e);
            if !used.insert(name.clone()) {
                name = format!("{name} ({})", e.name);
                used.insert(name.clone());
            }
            let aliases: Vec<String> = aliases
                .into_iter()
                .flatten()
                .filter(|a| *a != name && used.insert(a.clone()))
                .collect();
            let mut localized = Localized {
                slug: &e.slug,
                parts: &e.parts,
                kind: e.kind,
                name,
                aliases,
                summary: String::new(),
            };
            let template = language.entity_summaries[e.kind as usize];
            let subject = (language.reference)(&localized, &localized.name);
            let subject = if language.capitalize {
                capitalize(&subject)
            } else {
                subject
            };
            localized.summary = fill(rng, language, &template.replace("{name}", &subject), "");
            localized
        })
        .collect()
}

/// Fills `{e}` with `mention` and draws the rest: `{topic}`, `{topic2}`,
/// `{adj}`, `{month}`, `{money}`, `{pct}`, `{days}`, left to right.
fn fill(rng: &mut Rng, language: &Language, template: &str, mention: &str) -> String {
    let mut out = String::with_capacity(template.len() + 60);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("an unclosed { in a template");
        let number = |rng: &mut Rng, pattern: &str, lo, hi| {
            pattern.replace("{n}", &rng.range(lo, hi).to_string())
        };
        match &rest[open + 1..close] {
            "e" => out.push_str(mention),
            "topic" | "topic2" => out.push_str(rng.pick(language.topics)),
            "adj" => out.push_str(rng.pick(language.adjectives)),
            "month" => out.push_str(rng.pick(language.months)),
            "money" => out.push_str(&number(rng, language.money, 2, 950)),
            "pct" => out.push_str(&number(rng, language.percent, 5, 85)),
            "days" => out.push_str(&rng.range(3, 40).to_string()),
            other => panic!("unknown placeholder {{{other}}} in a template"),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

fn annotated(a: &Article) -> Vec<usize> {
    a.annotations
        .iter()
        .filter_map(|x| match x {
            Annotation::Entity { entity, .. } => Some(*entity),
            Annotation::Term { .. } => None,
        })
        .collect()
}

fn translate(
    rng: &mut Rng,
    language: &Language,
    entities: &[Localized],
    a: &Article,
) -> Translated {
    let annotated = annotated(a);
    let explicit = a.mentioned.iter().copied().find(|e| !annotated.contains(e));
    let lead = &entities[annotated[0]];
    let second = &entities[annotated[1.min(annotated.len() - 1)]];
    let reference = |e: &Localized| (language.reference)(e, &e.name);
    let template = rng.pick(language.titles);
    let title = fill(rng, language, template, &reference(lead));
    let template = rng.pick(language.summaries);
    let summary = template
        .replace("{a}", &reference(lead))
        .replace("{b}", &reference(second));
    let summary = fill(rng, language, &summary, "");
    let body =
        Writer::new(rng, language, entities).write(&annotated, explicit, word_count(&a.body));
    let sentence_case = |s: String| {
        if language.capitalize {
            capitalize(&s)
        } else {
            s
        }
    };
    Translated {
        title: sentence_case(title),
        summary: sentence_case(summary),
        body,
    }
}

/// Writes one translated body.
struct Writer<'a, 'r> {
    rng: &'r mut Rng,
    language: &'a Language,
    entities: &'a [Localized<'a>],
    /// Entities still to name; taken from the end. `true` for the one
    /// named only through a `[text](@slug)` link.
    queue: Vec<(usize, bool)>,
    seen: Vec<usize>,
    written: usize,
    target: usize,
    blocks: Vec<String>,
}

impl<'a, 'r> Writer<'a, 'r> {
    fn new(rng: &'r mut Rng, language: &'a Language, entities: &'a [Localized<'a>]) -> Self {
        Writer {
            rng,
            language,
            entities,
            queue: Vec::new(),
            seen: Vec::new(),
            written: 0,
            target: 0,
            blocks: Vec::new(),
        }
    }

    /// Two lead paragraphs, then two to five sections under headings: a
    /// quotation in the second, key points in the third, and paragraphs
    /// at the end until every mention is placed and the length is reached.
    fn write(mut self, annotated: &[usize], explicit: Option<usize>, target: usize) -> String {
        for &e in annotated {
            let times = self.rng.range(2, 4) as usize;
            self.queue.extend(std::iter::repeat_n((e, false), times));
        }
        self.queue.extend(explicit.map(|e| (e, true)));
        self.rng.shuffle(&mut self.queue);
        self.target = target;
        let sections = (target / 300 + 1).clamp(2, 5);
        let per_section = (target / 95).saturating_sub(2) / sections;
        let headings = self.rng.sample(self.language.headings.len(), sections);
        self.paragraph();
        self.paragraph();
        for (s, &h) in headings.iter().enumerate() {
            self.blocks
                .push(format!("## {}", self.language.headings[h]));
            for p in 0..per_section.max(1) {
                self.paragraph();
                if p == 0 && s == 1 {
                    self.quote(annotated);
                }
            }
            if s == 2 {
                self.key_points();
            }
        }
        while !self.queue.is_empty() || self.written < target {
            self.paragraph();
        }
        self.blocks.join("\n\n") + "\n"
    }

    /// The full name the first time, then the name or an alias.
    fn mention(&mut self, e: usize) -> String {
        let entity = &self.entities[e];
        let first = !self.seen.contains(&e);
        if first {
            self.seen.push(e);
        }
        let text = if first || entity.aliases.is_empty() || self.rng.chance(2, 5) {
            &entity.name
        } else {
            &entity.aliases[self.rng.index(entity.aliases.len())]
        };
        (self.language.reference)(entity, text)
    }

    fn clause(&mut self, (e, explicit): (usize, bool)) -> String {
        let mention = if explicit {
            let entity = &self.entities[e];
            format!("[{}](@{})", entity.name, entity.slug)
        } else {
            self.mention(e)
        };
        let kind = self.entities[e].kind as usize;
        let template = self.rng.pick(self.language.clauses[kind]);
        fill(self.rng, self.language, template, &mention)
    }

    fn sentence(&mut self) -> String {
        let left = (self.target.saturating_sub(self.written) / 20).max(1) as u64;
        if !self.queue.is_empty() && self.rng.below(left * 16) < self.queue.len() as u64 * 10 {
            let slot = self.queue.pop().expect("a slot");
            let mut s = self.clause(slot);
            if !self.queue.is_empty() && self.rng.chance(3, 5) {
                let slot = self.queue.pop().expect("a slot");
                s.push_str(self.rng.pick(self.language.connectors));
                s.push_str(&self.clause(slot));
            }
            let s = if self.language.capitalize {
                capitalize(&s)
            } else {
                s
            };
            s + "."
        } else {
            let template = self.rng.pick(self.language.fillers);
            fill(self.rng, self.language, template, "")
        }
    }

    fn paragraph(&mut self) {
        let count = self.rng.range(3, 5);
        let sentences: Vec<String> = (0..count).map(|_| self.sentence()).collect();
        let paragraph = sentences.join(" ");
        self.written += word_count(&paragraph);
        self.blocks.push(paragraph);
    }

    fn quote(&mut self, annotated: &[usize]) {
        let people: Vec<usize> = annotated
            .iter()
            .copied()
            .filter(|&e| self.entities[e].kind == Kind::Person)
            .collect();
        let pool = if people.is_empty() {
            annotated
        } else {
            &people
        };
        let speaker = pool[self.rng.index(pool.len())];
        let template = self.rng.pick(self.language.quotes);
        let words = fill(self.rng, self.language, template, "");
        let who = self.mention(speaker);
        let line = self.language.said.replace("{q}", &words);
        self.blocks.push(line.replace("{e}", &who));
    }

    fn key_points(&mut self) {
        let count = self.rng.range(3, 4) as usize;
        let items: Vec<String> = (0..count)
            .map(|_| {
                let template = self.rng.pick(self.language.fillers);
                format!("- {}", fill(self.rng, self.language, template, ""))
            })
            .collect();
        self.blocks.push(format!(
            "{}\n\n{}",
            self.language.key_points,
            items.join("\n")
        ));
    }
}

/// The front matter and body of an entity's translation.
pub fn entity_file(e: &Localized) -> String {
    format!(
        "---\nname: {}\naliases: {}\nsummary: {}\n---\n",
        quote_keeping_letters(&e.name),
        quote_list(&e.aliases),
        quote_keeping_letters(&e.summary)
    )
}

/// The file of an article's translation: the original's date, authors and
/// tags, its annotated entities by slug.
pub fn article_file(corpus: &Corpus, a: &Article, t: &Translated) -> String {
    let mut out = format!(
        "---\ntitle: {}\ndate: {}\n",
        quote_keeping_letters(&t.title),
        rfc3339(a.date)
    );
    if let Some(updated) = a.updated {
        out.push_str(&format!("updated: {}\n", ymd(updated)));
    }
    let slugs: Vec<&str> = annotated(a).iter().map(|&e| corpus.slug(e)).collect();
    out.push_str(&format!(
        "summary: {}\nauthors: {}\ntags: {}\nannotations: {}\n---\n\n{}",
        quote_keeping_letters(&t.summary),
        quote_list(&a.authors),
        quote_list(&a.tags),
        quote_list(&slugs),
        t.body
    ));
    out
}

fn quote_list<S: AsRef<str>>(items: &[S]) -> String {
    let inner: Vec<String> = items
        .iter()
        .map(|s| quote_keeping_letters(s.as_ref()))
        .collect();
    format!("[{}]", inner.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{generate, Options};

    fn small() -> Corpus {
        generate(&Options {
            articles: 60,
            entities: Some(40),
            seed: 3,
        })
    }

    fn files(corpus: &Corpus, langs: &[Lang]) -> Vec<(String, String)> {
        let mut out = Vec::new();
        crate::for_each_edition_file(corpus, langs, |path, text| {
            out.push((path.to_string(), text.to_string()));
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn every_file_has_its_translation_beside_it() {
        let corpus = small();
        let all = files(&corpus, &Lang::ALL);
        let paths: HashSet<&str> = all.iter().map(|(p, _)| p.as_str()).collect();
        let mut originals = 0;
        for (path, _) in &all {
            let Some(stem) = path.strip_suffix(".md") else {
                continue;
            };
            if stem.ends_with(".ar") || stem.ends_with(".es") || path.ends_with("_index.md") {
                continue;
            }
            originals += 1;
            for code in ["ar", "es"] {
                assert!(
                    paths.contains(format!("{stem}.{code}.md").as_str()),
                    "{stem}.{code}"
                );
            }
        }
        assert_eq!(originals, 100);
        let site = &all.iter().find(|(p, _)| p == "site.yaml").unwrap().1;
        assert!(site.contains("languages: [en, ar, es]\n"), "{site}");
    }

    #[test]
    fn the_english_edition_is_the_same_with_translations_beside_it() {
        let corpus = small();
        let alone: Vec<_> = files(&corpus, &[]);
        let with: Vec<_> = files(&corpus, &Lang::ALL);
        for (path, text) in alone.iter().filter(|(p, _)| p != "site.yaml") {
            let other = with.iter().find(|(p, _)| p == path).expect(path);
            assert_eq!(&other.1, text, "{path}");
        }
    }

    #[test]
    fn an_edition_is_the_same_whatever_is_beside_it() {
        let corpus = small();
        let arabic = |langs: &[Lang]| -> Vec<(String, String)> {
            files(&corpus, langs)
                .into_iter()
                .filter(|(p, _)| p.ends_with(".ar.md"))
                .collect()
        };
        assert_eq!(
            arabic(&[Lang::Arabic]),
            arabic(&[Lang::Spanish, Lang::Arabic])
        );
        assert_eq!(arabic(&Lang::ALL), arabic(&Lang::ALL));
    }

    /// No two entities share a name or alias in one language, even past
    /// the simple names, and no name needs the English one to tell it apart.
    #[test]
    fn names_are_unique_in_each_language() {
        let corpus = generate(&Options {
            articles: 1,
            entities: Some(20_000),
            seed: 5,
        });
        for lang in Lang::ALL {
            let entities = localize(&mut Rng::new(1), lang.language(), &corpus.entities);
            let mut seen = HashSet::new();
            for (e, english) in entities.iter().zip(&corpus.entities) {
                assert!(!e.name.contains(" ("), "{lang:?}: {} is taken", e.name);
                for name in std::iter::once(&e.name).chain(&e.aliases) {
                    assert!(seen.insert(name.clone()), "{lang:?}: {name} twice");
                }
                if lang == Lang::Arabic {
                    let arabic = |c: char| ('\u{0600}'..='\u{06FF}').contains(&c);
                    assert!(e.name.chars().any(arabic), "{}", e.name);
                    assert!(
                        !e.name.chars().any(|c| c.is_ascii_alphabetic()),
                        "{}",
                        e.name
                    );
                }
                assert!(english.aliases.len() >= e.aliases.len());
            }
        }
    }

    /// Each annotated entity is named in the translation, in its language,
    /// so that every annotation matches; an entity the original names only
    /// through a link is linked.
    #[test]
    fn translations_name_every_annotated_entity() {
        let corpus = small();
        let mut proclitics = 0;
        for lang in Lang::ALL {
            let edition = edition(&corpus, lang);
            for (a, t) in corpus.articles.iter().zip(&edition.articles) {
                let annotated = annotated(a);
                for &e in &annotated {
                    let name = &edition.entities[e].name;
                    assert!(
                        t.body.contains(name.as_str()),
                        "{lang:?} {}: {name}",
                        a.slug
                    );
                    proclitics += t.body.matches(&format!(" و{name}")).count();
                }
                for e in a.mentioned.iter().filter(|e| !annotated.contains(e)) {
                    let link = format!("](@{})", corpus.slug(*e));
                    assert!(t.body.contains(&link), "{lang:?} {}: {link}", a.slug);
                }
                let words = (word_count(&t.body), word_count(&a.body));
                assert!(
                    words.0 * 10 >= words.1 * 7,
                    "{lang:?} {}: {words:?}",
                    a.slug
                );
            }
        }
        assert!(proclitics > 10, "{proclitics} names with an attached و");
    }
}
