//! The entities: names and aliases, a summary, and for some roles, links and
//! a Wikidata id.

use crate::corpus::{Entity, Kind, Role};
use crate::date::{days, days_from_civil, window_end, ymd};
use crate::names::{Named, Names};
use crate::rng::Rng;
use crate::text::{fill, slugify};
use crate::vocab::{EARLIER_ROLES, MONTHS, PERSON_ROLES, TOPICS};

/// Shares of each kind, in percent.
const KIND_WEIGHTS: [(Kind, u64); 5] = [
    (Kind::Person, 40),
    (Kind::Organization, 30),
    (Kind::Place, 17),
    (Kind::Event, 8),
    (Kind::Other, 5),
];

fn draw_kind(rng: &mut Rng) -> Kind {
    let mut x = rng.below(100);
    for (kind, weight) in KIND_WEIGHTS {
        if x < weight {
            return kind;
        }
        x -= weight;
    }
    unreachable!("the weights add up to 100")
}

/// `n` entities. The first five are one of each kind (when `n` allows), so
/// every kind is present; the rest are drawn by [`KIND_WEIGHTS`]. Fails when
/// the names of a kind run out (over a hundred thousand entities).
pub fn build(rng: &mut Rng, n: usize) -> Result<Vec<Entity>, String> {
    let mut names = Names::new();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let kind = if i < Kind::ALL.len() {
            Kind::ALL[i]
        } else {
            draw_kind(rng)
        };
        let named = names
            .draw(rng, kind)
            .map_err(|e| format!("{e} at entity {} of {n}: ask for fewer entities", i + 1))?;
        out.push(entity(rng, kind, named));
    }
    Ok(out)
}

fn entity(rng: &mut Rng, kind: Kind, named: Named) -> Entity {
    let slug = slugify(&named.name);
    let description = match named.role {
        Some(role) => PERSON_ROLES[role].0.to_string(),
        None => format!("the {}", named.noun),
    };
    let roles = match named.role {
        Some(role) if rng.chance(2, 5) => roles(rng, PERSON_ROLES[role].2),
        _ => Vec::new(),
    };
    // The year the summary gives for taking up the post is the role's, when there is one.
    let since = roles
        .last()
        .map(|r| r.from[..4].parse::<u64>().expect("a year"));
    let summary = summary(rng, kind, &named, since);
    let links = if rng.chance(3, 10) {
        let label = if kind == Kind::Person {
            "Profile"
        } else {
            "Reference"
        };
        vec![(
            label.to_string(),
            format!("https://example.org/reference/{slug}"),
        )]
    } else {
        Vec::new()
    };
    let wikidata = rng
        .chance(1, 4)
        .then(|| format!("Q{}", rng.range(10_000, 9_999_999)));
    Entity {
        slug,
        name: named.name,
        kind,
        aliases: named.aliases,
        summary,
        roles,
        links,
        wikidata,
        description,
        parts: named.parts,
        alias_forms: named.alias_forms,
    }
}

/// 1234567 as "1,234,567".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn two_topics(rng: &mut Rng) -> (&'static str, &'static str) {
    let pair = rng.sample(TOPICS.len(), 2);
    (TOPICS[pair[0]], TOPICS[pair[1]])
}

fn summary(rng: &mut Rng, kind: Kind, named: &Named, since: Option<u64>) -> String {
    let name = &named.name;
    let (topic, topic2) = two_topics(rng);
    match kind {
        Kind::Person => {
            let last = name.rsplit(' ').next().unwrap_or(name);
            let what = PERSON_ROLES[named.role.unwrap_or(0)].0;
            let since = since.unwrap_or_else(|| rng.range(2005, 2023));
            format!(
                "{name} is {what} who has become a prominent voice on {topic} and {topic2}. \
                 Before taking up the post in {}, {last} spent {} years working on regional \
                 development programmes, and is often quoted on public finance.",
                since,
                rng.range(4, 19)
            )
        }
        Kind::Organization => format!(
            "The {name} ({}) is a public body founded in {} that oversees {topic} and advises \
             the government on {topic2}. It employs about {} staff, and its annual report is \
             closely watched by lawmakers, donors and aid groups.",
            named.aliases[0],
            rng.range(1962, 2021),
            thousands(rng.range(2, 90) * 100)
        ),
        Kind::Place => format!(
            "{name} is a district of about {} people whose economy depends heavily on {topic}. \
             It has been at the centre of disputes over {topic2} since {}, and its roads and \
             ports are a frequent subject of national debate.",
            thousands(rng.range(12, 900) * 1000),
            rng.range(1962, 2021)
        ),
        Kind::Event => format!(
            "The {name} of {} {} turned on {topic}. Its consequences for {topic2} are still \
             argued over, and officials put its cost at {}.",
            rng.pick(MONTHS),
            rng.range(2010, 2024),
            fill(rng, "{money}", "")
        ),
        Kind::Other => format!(
            "The {name} is a government {} set up in {} to deal with {topic}. It is reviewed \
             every {} years, and the next review is expected to touch on {topic2}.",
            named.noun,
            rng.range(1995, 2022),
            rng.range(2, 6)
        ),
    }
}

/// A day between `from_year`-01-01 and `to_year`-12-31.
fn day_between(rng: &mut Rng, from_year: i64, to_year: i64) -> i64 {
    let first = days_from_civil(from_year, 1, 1);
    let last = days_from_civil(to_year, 12, 31);
    first + rng.below((last - first + 1) as u64) as i64
}

/// The person's current or last post, and sometimes an earlier one, all
/// ending before the end of the article window.
fn roles(rng: &mut Rng, title: &str) -> Vec<Role> {
    let start = day_between(rng, 2008, 2023);
    let end_limit = window_end() / days(1);
    let until = if rng.chance(1, 2) {
        let end = start + 365 * rng.range(1, 8) as i64 + rng.below(365) as i64;
        (end < end_limit).then_some(end)
    } else {
        None
    };
    let mut roles = Vec::new();
    if rng.chance(1, 3) {
        let earlier = start - 365 * rng.range(2, 8) as i64 - rng.below(365) as i64;
        roles.push(Role {
            title: rng.pick(EARLIER_ROLES).to_string(),
            from: ymd(days(earlier)),
            until: Some(ymd(days(start))),
        });
    }
    roles.push(Role {
        title: title.to_string(),
        from: ymd(days(start)),
        until: until.map(|d| ymd(days(d))),
    });
    roles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_with_separators() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(900_000), "900,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn every_kind_and_unique_names() {
        for n in [600, 20_000] {
            let mut rng = Rng::new(9);
            let entities = build(&mut rng, n).unwrap();
            unique_names(&entities);
            // Past the simple names of a kind come compound ones.
            let compound = |kind: Kind| {
                entities
                    .iter()
                    .any(|e| e.kind == kind && (e.name.contains('-') || e.name.contains(" and ")))
            };
            for kind in Kind::ALL {
                assert_eq!(compound(kind), n > 600, "{kind:?} of {n}");
            }
        }
    }

    fn unique_names(entities: &[Entity]) {
        for kind in Kind::ALL {
            assert!(entities.iter().any(|e| e.kind == kind), "{kind:?}");
        }
        let mut seen = std::collections::HashSet::new();
        for e in entities {
            assert!(!e.aliases.is_empty());
            assert!(seen.insert(e.slug.clone()), "slug {}", e.slug);
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                assert!(seen.insert(format!("name:{name}")), "{name} twice");
            }
            for r in &e.roles {
                if let Some(until) = &r.until {
                    assert!(r.from < *until && until.as_str() < "2026", "{r:?}");
                }
            }
        }
        assert!(entities.iter().any(|e| !e.roles.is_empty()));
    }
}
