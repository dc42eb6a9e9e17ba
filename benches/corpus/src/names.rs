//! Entity names and aliases, each used once in the whole corpus.
//!
//! A name or alias is never handed out twice, and a name never makes a slug
//! that is taken, so every mention in the text means exactly one entity.

use std::collections::HashSet;

use crate::rng::Rng;
use crate::text::slugify;
use crate::vocab::*;

/// How many draws a kind gets before the vocabulary counts as used up.
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

    fn acronym(words: &[&str]) -> Option<String> {
        let acronym: String = words.iter().filter_map(|w| w.chars().next()).collect();
        (!COMMON_ACRONYMS.contains(&acronym.as_str())).then_some(acronym)
    }

    pub fn person(&mut self, rng: &mut Rng) -> Result<Named, OutOfNames> {
        for _ in 0..TRIES {
            let first = rng.pick(FIRST_NAMES);
            let last = rng.pick(LAST_NAMES);
            let role = rng.index(PERSON_ROLES.len());
            let title = PERSON_ROLES[role].1;
            let name = format!("{first} {last}");
            let initial = &first[..1];
            let candidates = [
                last.to_string(),
                format!("{title} {last}"),
                format!("{initial}. {last}"),
            ];
            let want = rng.range(1, 2) as usize;
            if let Some(aliases) = self.claim(&name, &candidates, want) {
                return Ok(Named {
                    name,
                    aliases,
                    role: Some(role),
                    noun: String::new(),
                });
            }
        }
        Err(OutOfNames("person"))
    }

    pub fn organization(&mut self, rng: &mut Rng) -> Result<Named, OutOfNames> {
        for _ in 0..TRIES {
            let region = rng.pick(ORG_REGIONS);
            let domain = rng.pick(ORG_DOMAINS);
            let kind = rng.pick(ORG_TYPES);
            let name = format!("{region} {domain} {kind}");
            let mut candidates: Vec<String> = Names::acronym(&[region, domain, kind])
                .into_iter()
                .collect();
            candidates.push(format!("{domain} {kind}"));
            candidates.push(format!("{region} {kind}"));
            let want = rng.range(1, 2) as usize;
            if let Some(aliases) = self.claim(&name, &candidates, want) {
                return Ok(Named {
                    name,
                    aliases,
                    role: None,
                    noun: kind.to_lowercase(),
                });
            }
        }
        Err(OutOfNames("organization"))
    }

    pub fn place(&mut self, rng: &mut Rng) -> Result<Named, OutOfNames> {
        for _ in 0..TRIES {
            let (name, root) = self.places[rng.index(self.places.len())].clone();
            let mut candidates = Vec::new();
            if root != name {
                candidates.push(root.clone());
            }
            candidates.push(format!("Greater {root}"));
            candidates.push(format!("{root} District"));
            candidates.push(format!("{root} Region"));
            candidates.push(format!("{root} Area"));
            let want = rng.range(1, 2) as usize;
            if let Some(aliases) = self.claim(&name, &candidates, want) {
                return Ok(Named {
                    name,
                    aliases,
                    role: None,
                    noun: "district".to_string(),
                });
            }
        }
        Err(OutOfNames("place"))
    }

    pub fn event(&mut self, rng: &mut Rng) -> Result<Named, OutOfNames> {
        for _ in 0..TRIES {
            let root = rng.pick(PLACE_ROOTS);
            let (kind, others) = rng.pick(EVENT_TYPES);
            let name = format!("{root} {kind}");
            let candidates: Vec<String> = others.iter().map(|o| format!("{root} {o}")).collect();
            let want = rng.range(1, 2) as usize;
            if let Some(aliases) = self.claim(&name, &candidates, want) {
                return Ok(Named {
                    name,
                    aliases,
                    role: None,
                    noun: kind.to_lowercase(),
                });
            }
        }
        Err(OutOfNames("event"))
    }

    pub fn other(&mut self, rng: &mut Rng) -> Result<Named, OutOfNames> {
        for _ in 0..TRIES {
            let first = rng.pick(OTHER_FIRST);
            let noun = rng.pick(OTHER_NOUNS);
            let kind = rng.pick(OTHER_KINDS);
            let name = format!("{first} {noun} {kind}");
            let mut candidates: Vec<String> =
                Names::acronym(&[first, noun, kind]).into_iter().collect();
            candidates.push(format!("{noun} {kind}"));
            candidates.push(format!("{first} {noun}"));
            let want = rng.range(1, 2) as usize;
            if let Some(aliases) = self.claim(&name, &candidates, want) {
                return Ok(Named {
                    name,
                    aliases,
                    role: None,
                    noun: kind.to_lowercase(),
                });
            }
        }
        Err(OutOfNames("other"))
    }
}

/// The vocabulary of a kind is used up: too many entities were asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfNames(pub &'static str);

impl std::fmt::Display for OutOfNames {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "ran out of {} names", self.0)
    }
}
