//! Entity names and aliases, each used once in the whole corpus.
//!
//! A name or alias is never handed out twice, and a name never makes a slug
//! that is taken, so every mention in the text means exactly one entity.
//!
//! Each kind draws from its own words (see `vocab.rs`). When a kind's simple
//! names are used up, after some thousands of entities, it goes on with
//! compound names of the same words: two last names (`Maria
//! Okafor-Lindqvist`), two place roots (`Port Aldren-Kesselford`, `Aldren-Kessel
//! Accord`), two middle words (`Northern Water and Energy Agency`, `Clean
//! Rivers and Harbours Act`). A corpus that never runs out of simple names
//! draws exactly what it drew before compound names existed.

use std::collections::HashSet;

use crate::corpus::Kind;
use crate::rng::Rng;
use crate::text::slugify;
use crate::vocab::*;

/// How many draws a kind gets, with simple and then with compound names,
/// before those count as used up.
const TRIES: usize = 2000;

/// A name, its aliases, and (for people) the index of their role in
/// [`PERSON_ROLES`]; for other kinds the word a plain description uses
/// ("agency", "accord").
pub struct Named {
    pub name: String,
    pub aliases: Vec<String>,
    pub role: Option<usize>,
    pub noun: String,
}

pub struct Names {
    /// Membership only: never iterated, so its order cannot reach the output.
    used: HashSet<String>,
    used_slugs: HashSet<String>,
    /// (name, root): "Port Aldrenford" has the root "Aldrenford".
    places: Vec<(String, String)>,
    /// By kind (`Kind as usize`): its simple names are used up.
    compound: [bool; Kind::ALL.len()],
}

impl Names {
    pub fn new() -> Names {
        let mut places = Vec::new();
        for root in PLACE_ROOTS {
            for suffix in PLACE_SUFFIXES {
                let root = format!("{root}{suffix}");
                for form in PLACE_FORMS {
                    places.push((form.replace("{r}", &root), root.clone()));
                }
            }
        }
        Names {
            used: HashSet::new(),
            used_slugs: HashSet::new(),
            places,
            compound: [false; Kind::ALL.len()],
        }
    }

    /// A free name of `kind` with one or two free aliases: simple names
    /// while they last, then compound ones.
    pub fn draw(&mut self, rng: &mut Rng, kind: Kind) -> Result<Named, OutOfNames> {
        let start = usize::from(self.compound[kind as usize]);
        for compound in [false, true].into_iter().skip(start) {
            for _ in 0..TRIES {
                let candidate = self.candidate(rng, kind, compound);
                let want = rng.range(1, 2) as usize;
                if let Some(aliases) = self.claim(&candidate.name, &candidate.aliases, want) {
                    return Ok(Named {
                        aliases,
                        ..candidate
                    });
                }
            }
            self.compound[kind as usize] = true;
        }
        Err(OutOfNames(kind.as_str()))
    }

    /// A name of `kind`, perhaps taken, with the aliases it may have (in
    /// order of preference) as its `aliases`.
    fn candidate(&self, rng: &mut Rng, kind: Kind, compound: bool) -> Named {
        match kind {
            Kind::Person => {
                let first = rng.pick(FIRST_NAMES);
                let last = word(rng, LAST_NAMES, compound, "-");
                let role = rng.index(PERSON_ROLES.len());
                let title = PERSON_ROLES[role].1;
                let initial = &first[..1];
                Named {
                    name: format!("{first} {last}"),
                    aliases: vec![
                        last.clone(),
                        format!("{title} {last}"),
                        format!("{initial}. {last}"),
                    ],
                    role: Some(role),
                    noun: String::new(),
                }
            }
            // "Northern Relief Agency": NRA, Relief Agency, Northern Agency.
            // "Clean Rivers Act": CRA, Rivers Act, Clean Rivers.
            Kind::Organization | Kind::Other => {
                let org = kind == Kind::Organization;
                let (firsts, middles, lasts) = if org {
                    (ORG_REGIONS, ORG_DOMAINS, ORG_TYPES)
                } else {
                    (OTHER_FIRST, OTHER_NOUNS, OTHER_KINDS)
                };
                let first = rng.pick(firsts);
                let middle = word(rng, middles, compound, " and ");
                let last = rng.pick(lasts);
                let name = format!("{first} {middle} {last}");
                let mut aliases: Vec<String> = acronym(&name).into_iter().collect();
                aliases.push(format!("{middle} {last}"));
                aliases.push(if org {
                    format!("{first} {last}")
                } else {
                    format!("{first} {middle}")
                });
                Named {
                    name,
                    aliases,
                    role: None,
                    noun: last.to_lowercase(),
                }
            }
            Kind::Place => {
                let (name, root) = if compound {
                    let root = word(rng, PLACE_ROOTS, true, "-") + rng.pick(PLACE_SUFFIXES);
                    (rng.pick(PLACE_FORMS).replace("{r}", &root), root)
                } else {
                    self.places[rng.index(self.places.len())].clone()
                };
                let mut aliases = Vec::new();
                if root != name {
                    aliases.push(root.clone());
                }
                for form in ["Greater {r}", "{r} District", "{r} Region", "{r} Area"] {
                    aliases.push(form.replace("{r}", &root));
                }
                Named {
                    name,
                    aliases,
                    role: None,
                    noun: "district".to_string(),
                }
            }
            Kind::Event => {
                let root = word(rng, PLACE_ROOTS, compound, "-");
                let (kind, others) = rng.pick(EVENT_TYPES);
                Named {
                    name: format!("{root} {kind}"),
                    aliases: others.iter().map(|o| format!("{root} {o}")).collect(),
                    role: None,
                    noun: kind.to_lowercase(),
                }
            }
        }
    }

    /// Takes `name` with up to `want` of `candidates` as aliases, if the name
    /// and at least one alias are free.
    fn claim(&mut self, name: &str, candidates: &[String], want: usize) -> Option<Vec<String>> {
        let slug = slugify(name);
        if self.used.contains(name) || self.used_slugs.contains(&slug) {
            return None;
        }
        let mut aliases: Vec<String> = Vec::new();
        for c in candidates {
            if aliases.len() < want && c != name && !self.used.contains(c) && !aliases.contains(c) {
                aliases.push(c.clone());
            }
        }
        if aliases.is_empty() {
            return None;
        }
        self.used.insert(name.to_string());
        self.used.extend(aliases.iter().cloned());
        self.used_slugs.insert(slug);
        Some(aliases)
    }
}

/// A word of `words`; `compound`, two different ones joined by `joint`
/// (`Okafor-Lindqvist`, `Water and Energy`).
fn word(rng: &mut Rng, words: &[&str], compound: bool, joint: &str) -> String {
    let first = rng.pick(words);
    if !compound {
        return first.to_string();
    }
    let mut second = rng.pick(words);
    while second == first {
        second = rng.pick(words);
    }
    format!("{first}{joint}{second}")
}

/// The initials of the capitalized words of `name`, unless they read as an
/// ordinary word or name something else.
fn acronym(name: &str) -> Option<String> {
    let acronym: String = name
        .split(' ')
        .filter_map(|w| w.chars().next())
        .filter(char::is_ascii_uppercase)
        .collect();
    (!COMMON_ACRONYMS.contains(&acronym.as_str())).then_some(acronym)
}

/// The vocabulary of a kind is used up: too many entities were asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfNames(pub &'static str);

impl std::fmt::Display for OutOfNames {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "ran out of {} names", self.0)
    }
}
