//! The corpus in memory, and how it is built from the options.

use crate::date::Time;
use crate::rng::Rng;
use crate::{articles, entities};

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Number of articles, at least 1.
    pub articles: usize,
    /// Number of entities, at least 2; `None` means articles / 20, at least 50.
    pub entities: Option<usize>,
    /// Same seed, same corpus.
    pub seed: u64,
}

impl Options {
    pub fn new(articles: usize) -> Options {
        Options {
            articles,
            entities: None,
            seed: 1,
        }
    }

    pub fn entity_count(&self) -> usize {
        self.entities.unwrap_or((self.articles / 20).max(50))
    }
}

impl Default for Options {
    fn default() -> Options {
        Options::new(1000)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Person,
    Organization,
    Place,
    Event,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Person,
        Kind::Organization,
        Kind::Place,
        Kind::Event,
        Kind::Other,
    ];

    /// The word of gloss's `kind:` key.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Organization => "organization",
            Kind::Place => "place",
            Kind::Event => "event",
            Kind::Other => "other",
        }
    }

    /// Whether running text puts "the" before the name ("the Northern Relief
    /// Agency", "the Kessel Accord", but "Kessel", "Maria Okafor").
    pub fn takes_article(self) -> bool {
        matches!(self, Kind::Organization | Kind::Event | Kind::Other)
    }
}

/// A post an entity held, for gloss's `roles:`. Dates are `YYYY-MM-DD`.
#[derive(Clone, Debug)]
pub struct Role {
    pub title: String,
    pub from: String,
    pub until: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Entity {
    pub slug: String,
    pub name: String,
    pub kind: Kind,
    /// At least one.
    pub aliases: Vec<String>,
    pub summary: String,
    /// Oldest first; only some people have roles.
    pub roles: Vec<Role>,
    /// (label, URL) pairs.
    pub links: Vec<(String, String)>,
    pub wikidata: Option<String>,
    /// How the text names it without its name ("the deputy minister for
    /// water", "the agency"), for explicit `[text](@slug)` mentions.
    pub description: String,
    /// The words of its name, so another language can name it its own way.
    pub parts: Parts,
    /// The form of each of `aliases` (`Okafor`, `Minister Okafor` and `M.
    /// Okafor` are forms 0, 1 and 2 of a person's), in the same order.
    pub alias_forms: Vec<usize>,
}

/// What an entity's name is made of: indices into the word lists of
/// `vocab.rs`. Compound names have two words where simple ones have one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parts {
    /// `FIRST_NAMES`, `LAST_NAMES`, `PERSON_ROLES`.
    Person {
        first: usize,
        last: Vec<usize>,
        role: usize,
    },
    /// `ORG_REGIONS`, `ORG_DOMAINS`, `ORG_TYPES`.
    Organization {
        region: usize,
        domains: Vec<usize>,
        kind: usize,
    },
    /// `OTHER_FIRST`, `OTHER_NOUNS`, `OTHER_KINDS`.
    Other {
        first: usize,
        nouns: Vec<usize>,
        kind: usize,
    },
    /// `PLACE_ROOTS`, `PLACE_SUFFIXES`, `PLACE_FORMS`.
    Place {
        roots: Vec<usize>,
        suffix: usize,
        form: usize,
    },
    /// `PLACE_ROOTS`, `EVENT_TYPES`.
    Event { roots: Vec<usize>, kind: usize },
}

impl Entity {
    /// The name or an alias as it reads in running text: "the Northern
    /// Relief Agency", "the NRA", "Kessel".
    pub fn reference(&self, text: &str) -> String {
        if self.kind.takes_article() {
            format!("the {text}")
        } else {
            text.to_string()
        }
    }
}

/// One entry of an article's `annotations:`.
#[derive(Clone, Debug)]
pub enum Annotation {
    /// An entity (index into [`Corpus::entities`]), with the article's own
    /// aliases and note when it has them.
    Entity {
        entity: usize,
        aliases: Vec<String>,
        note: Option<String>,
    },
    /// A local term.
    Term {
        term: String,
        aliases: Vec<String>,
        definition: String,
    },
}

#[derive(Clone, Debug)]
pub struct Article {
    pub slug: String,
    pub title: String,
    pub date: Time,
    pub updated: Option<Time>,
    pub summary: String,
    pub authors: Vec<String>,
    /// Sorted.
    pub tags: Vec<String>,
    pub annotations: Vec<Annotation>,
    /// Every entity the body mentions (indices into [`Corpus::entities`]):
    /// the annotated ones, then any named only by `[text](@slug)` links.
    pub mentioned: Vec<usize>,
    /// Markdown; explicit mentions are written `[text](@slug)`, as gloss reads them.
    pub body: String,
}

#[derive(Clone, Debug)]
pub struct Corpus {
    pub seed: u64,
    pub entities: Vec<Entity>,
    /// Oldest first.
    pub articles: Vec<Article>,
    pub tags: Vec<String>,
}

impl Corpus {
    pub fn slug(&self, entity: usize) -> &str {
        &self.entities[entity].slug
    }

    /// Words of all article bodies.
    pub fn body_words(&self) -> usize {
        self.articles
            .iter()
            .map(|a| crate::text::word_count(&a.body))
            .sum()
    }
}

/// The most entities a corpus can have. From about 9,000 on, kind by kind,
/// the simple names run out and new entities get compound ones (`Maria
/// Okafor-Lindqvist`); those run out past about 120,000.
pub const MAX_ENTITIES: usize = 100_000;

/// Builds the corpus: the entities first, then the articles in date order,
/// all from one random stream seeded with `options.seed`.
///
/// # Panics
///
/// With no article, fewer than two entities, or more than [`MAX_ENTITIES`];
/// [`try_generate`] returns those as errors.
pub fn generate(options: &Options) -> Corpus {
    try_generate(options).unwrap_or_else(|e| panic!("{e}"))
}

/// [`generate`], with impossible options as an error: no article, fewer
/// than two entities, or more than [`MAX_ENTITIES`] (the default for
/// 2 million articles).
pub fn try_generate(options: &Options) -> Result<Corpus, String> {
    let n_entities = options.entity_count();
    if options.articles < 1 || n_entities < 2 {
        return Err("need at least 1 article and 2 entities".into());
    }
    if n_entities > MAX_ENTITIES {
        return Err(format!(
            "{n_entities} entities asked for; there are names for {MAX_ENTITIES} at most"
        ));
    }
    let mut rng = Rng::new(options.seed);
    let entities = entities::build(&mut rng, n_entities)?;
    let tags: Vec<String> = crate::vocab::TAG_WORDS
        .iter()
        .map(|t| crate::text::slugify(t))
        .collect();
    let articles = articles::build(&mut rng, &entities, &tags, options.articles);
    Ok(Corpus {
        seed: options.seed,
        entities,
        articles,
        tags,
    })
}
