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

use crate::corpus::{Kind, Parts};
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
    /// The words the name is made of.
    pub parts: Parts,
    /// The form of each alias: its place in the kind's list of candidates.
    pub alias_forms: Vec<usize>,
}

/// A name of `kind` before its aliases are claimed: each candidate alias
/// with its form.
struct Candidate {
    name: String,
    aliases: Vec<(usize, String)>,
    role: Option<usize>,
    noun: String,
    parts: Parts,
}

pub struct Names {
    /// Membership only: never iterated, so its order cannot reach the output.
    used: HashSet<String>,
    used_slugs: HashSet<String>,
    /// (name, root, parts): "Port Aldrenford" has the root "Aldrenford".
    places: Vec<(String, String, Parts)>,
    /// By kind (`Kind as usize`): its simple names are used up.
    compound: [bool; Kind::ALL.len()],
}

impl Names {
    pub fn new() -> Names {
        let mut places = Vec::new();
        for (r, root) in PLACE_ROOTS.iter().enumerate() {
            for (suffix, end) in PLACE_SUFFIXES.iter().enumerate() {
                let root = format!("{root}{end}");
                for (form, pattern) in PLACE_FORMS.iter().enumerate() {
                    let parts = Parts::Place {
                        roots: vec![r],
                        suffix,
                        form,
                    };
                    places.push((pattern.replace("{r}", &root), root.clone(), parts));
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
                        name: candidate.name,
                        alias_forms: aliases.iter().map(|(form, _)| *form).collect(),
                        aliases: aliases.into_iter().map(|(_, alias)| alias).collect(),
                        role: candidate.role,
                        noun: candidate.noun,
                        parts: candidate.parts,
                    });
                }
            }
            self.compound[kind as usize] = true;
        }
        Err(OutOfNames(kind.as_str()))
    }

    /// A name of `kind`, perhaps taken, with the aliases it may have (in
    /// order of preference), each with its form.
    fn candidate(&self, rng: &mut Rng, kind: Kind, compound: bool) -> Candidate {
        match kind {
            Kind::Person => {
                let first = rng.index(FIRST_NAMES.len());
                let (last_name, last) = word(rng, LAST_NAMES, compound, "-");
                let role = rng.index(PERSON_ROLES.len());
                let title = PERSON_ROLES[role].1;
                let first_name = FIRST_NAMES[first];
                let initial = &first_name[..1];
                Candidate {
                    name: format!("{first_name} {last_name}"),
                    aliases: forms([
                        last_name.clone(),
                        format!("{title} {last_name}"),
                        format!("{initial}. {last_name}"),
                    ]),
                    role: Some(role),
                    noun: String::new(),
                    parts: Parts::Person { first, last, role },
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
                let f = rng.index(firsts.len());
                let (middle, middle_words) = word(rng, middles, compound, " and ");
                let l = rng.index(lasts.len());
                let (first, last) = (firsts[f], lasts[l]);
                let name = format!("{first} {middle} {last}");
                let mut aliases: Vec<(usize, String)> =
                    acronym(&name).into_iter().map(|a| (0, a)).collect();
                aliases.push((1, format!("{middle} {last}")));
                aliases.push((
                    2,
                    if org {
                        format!("{first} {last}")
                    } else {
                        format!("{first} {middle}")
                    },
                ));
                let parts = if org {
                    Parts::Organization {
                        region: f,
                        domains: middle_words,
                        kind: l,
                    }
                } else {
                    Parts::Other {
                        first: f,
                        nouns: middle_words,
                        kind: l,
                    }
                };
                Candidate {
                    name,
                    aliases,
                    role: None,
                    noun: last.to_lowercase(),
                    parts,
                }
            }
            Kind::Place => {
                let (name, root, parts) = if compound {
                    let (roots_text, roots) = word(rng, PLACE_ROOTS, true, "-");
                    let suffix = rng.index(PLACE_SUFFIXES.len());
                    let root = roots_text + PLACE_SUFFIXES[suffix];
                    let form = rng.index(PLACE_FORMS.len());
                    let parts = Parts::Place {
                        roots,
                        suffix,
                        form,
                    };
                    (PLACE_FORMS[form].replace("{r}", &root), root, parts)
                } else {
                    self.places[rng.index(self.places.len())].clone()
                };
                let mut aliases = Vec::new();
                if root != name {
                    aliases.push((0, root.clone()));
                }
                for (form, pattern) in PLACE_ALIASES.iter().enumerate() {
                    aliases.push((form + 1, pattern.replace("{r}", &root)));
                }
                Candidate {
                    name,
                    aliases,
                    role: None,
                    noun: "district".to_string(),
                    parts,
                }
            }
            Kind::Event => {
                let (root, roots) = word(rng, PLACE_ROOTS, compound, "-");
                let kind = rng.index(EVENT_TYPES.len());
                let (word, others) = EVENT_TYPES[kind];
                Candidate {
                    name: format!("{root} {word}"),
                    aliases: forms(others.iter().map(|o| format!("{root} {o}"))),
                    role: None,
                    noun: word.to_lowercase(),
                    parts: Parts::Event { roots, kind },
                }
            }
        }
    }

    /// Takes `name` with up to `want` of `candidates` as aliases, if the name
    /// and at least one alias are free.
    fn claim(
        &mut self,
        name: &str,
        candidates: &[(usize, String)],
        want: usize,
    ) -> Option<Vec<(usize, String)>> {
        let slug = slugify(name);
        if self.used.contains(name) || self.used_slugs.contains(&slug) {
            return None;
        }
        let mut aliases: Vec<(usize, String)> = Vec::new();
        for (form, c) in candidates {
            let fresh = !aliases.iter().any(|(_, a)| a == c);
            if aliases.len() < want && c != name && !self.used.contains(c) && fresh {
                aliases.push((*form, c.clone()));
            }
        }
        if aliases.is_empty() {
            return None;
        }
        self.used.insert(name.to_string());
        self.used.extend(aliases.iter().map(|(_, a)| a.clone()));
        self.used_slugs.insert(slug);
        Some(aliases)
    }
}

/// Candidate aliases numbered by their form, in order.
fn forms(aliases: impl IntoIterator<Item = String>) -> Vec<(usize, String)> {
    aliases.into_iter().enumerate().collect()
}

/// A word of `words`; `compound`, two different ones joined by `joint`
/// (`Okafor-Lindqvist`, `Water and Energy`). With the indices of the words.
fn word(rng: &mut Rng, words: &[&str], compound: bool, joint: &str) -> (String, Vec<usize>) {
    let first = rng.index(words.len());
    if !compound {
        return (words[first].to_string(), vec![first]);
    }
    let mut second = rng.index(words.len());
    while second == first {
        second = rng.index(words.len());
    }
    (
        format!("{}{joint}{}", words[first], words[second]),
        vec![first, second],
    )
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
