//! The articles: which entities each one mentions, its front matter, and its
//! date.

use crate::body::{self, Plan};
use crate::corpus::{Annotation, Article, Entity, Kind};
use crate::date::{article_time, days, window_end};
use crate::rng::Rng;
use crate::text::{capitalize, fill, slugify};
use crate::vocab::{
    AUTHORS, NOTES, PLAIN_TITLE, SUMMARY_TEMPLATES, TERMS, TITLE_TEMPLATES, TOPICS,
};

/// Cumulative popularity weights: a few entities are in many articles, most
/// in few (weight 1 / rank^0.75, in integers).
struct Popularity {
    /// Entity indices, most popular first.
    order: Vec<usize>,
    cumulative: Vec<u64>,
}

impl Popularity {
    fn new(rng: &mut Rng, n: usize) -> Popularity {
        let mut order: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut order);
        let mut total = 0u64;
        let cumulative = (1..=n)
            .map(|rank| {
                // rank^0.75 = sqrt(rank) * sqrt(sqrt(rank)): square roots are
                // exactly rounded in IEEE 754, so this is the same everywhere.
                let r = rank as f64;
                total += ((1u64 << 40) as f64 / (r.sqrt() * r.sqrt().sqrt())) as u64;
                total
            })
            .collect();
        Popularity { order, cumulative }
    }

    fn draw(&self, rng: &mut Rng) -> usize {
        let x = rng.below(*self.cumulative.last().expect("at least one entity"));
        self.order[self.cumulative.partition_point(|&c| c <= x)]
    }

    /// `k` distinct entities, in the order first drawn.
    fn distinct(&self, rng: &mut Rng, k: usize) -> Vec<usize> {
        let mut chosen: Vec<usize> = Vec::with_capacity(k);
        while chosen.len() < k {
            let e = self.draw(rng);
            if !chosen.contains(&e) {
                chosen.push(e);
            }
        }
        chosen
    }
}

pub fn build(rng: &mut Rng, entities: &[Entity], tags: &[String], n: usize) -> Vec<Article> {
    let popularity = Popularity::new(rng, entities.len());
    let width = n.to_string().len().max(5);
    (0..n)
        .map(|i| article(rng, entities, tags, &popularity, i, n, width))
        .collect()
}

fn article(
    rng: &mut Rng,
    entities: &[Entity],
    tags: &[String],
    popularity: &Popularity,
    i: usize,
    n: usize,
    width: usize,
) -> Article {
    // A few hundred to 1,500 words, most near 900; longer articles annotate more entities.
    let target_words = 300 + rng.below(601) as usize + rng.below(601) as usize;
    let k = (target_words / 60 + rng.range(0, 5) as usize)
        .clamp(4, 25)
        .min(entities.len());
    let annotated = popularity.distinct(rng, k);

    // Now and then an entity the article names only through `[text](@slug)`.
    let mut explicit = None;
    if entities.len() > k && rng.chance(1, 5) {
        for _ in 0..50 {
            let e = popularity.draw(rng);
            if !annotated.contains(&e) {
                explicit = Some(e);
                break;
            }
        }
    }

    let terms: Vec<usize> = {
        let count = rng.pick(&[0, 0, 1, 1, 1, 2]);
        rng.sample(TERMS.len(), count)
    };

    // Sometimes a note on one annotation, and for a person the first name as
    // an alias of this article only (unless another person here shares it).
    let mut noted = None;
    let mut local_alias = None;
    if rng.chance(1, 4) {
        let e = annotated[rng.index(annotated.len())];
        let template = rng.pick(NOTES);
        let note = fill(rng, template, "");
        let entity = &entities[e];
        if entity.kind == Kind::Person {
            let first = entity
                .name
                .split(' ')
                .next()
                .unwrap_or_default()
                .to_string();
            let shared = annotated
                .iter()
                .chain(explicit.iter())
                .any(|&o| o != e && entities[o].name.split(' ').next() == Some(first.as_str()));
            if !shared {
                local_alias = Some((e, first));
            }
        }
        noted = Some((e, note));
    }

    let topic = rng.pick(TOPICS);
    // A title template whose every slot has an annotated entity of its kind.
    let slots = [
        ("{person}", Kind::Person),
        ("{org}", Kind::Organization),
        ("{place}", Kind::Place),
        ("{event}", Kind::Event),
    ];
    let has = |kind: Kind| annotated.iter().any(|&e| entities[e].kind == kind);
    let fitting: Vec<&str> = TITLE_TEMPLATES
        .iter()
        .copied()
        .filter(|t| {
            slots
                .iter()
                .all(|(slot, kind)| !t.contains(slot) || has(*kind))
        })
        .collect();
    let template = if fitting.is_empty() {
        PLAIN_TITLE
    } else {
        fitting[rng.index(fitting.len())]
    };
    let mut title = template.replace("{topic}", topic);
    for (slot, kind) in slots {
        if title.contains(slot) {
            title = title.replace(slot, name_of_kind(rng, entities, &annotated, kind));
        }
    }
    let title = capitalize(&title);

    let lead = &entities[annotated[0]];
    let second = &entities[annotated[1.min(annotated.len() - 1)]];
    let summary_template = rng.pick(SUMMARY_TEMPLATES);
    let summary = capitalize(
        &summary_template
            .replace("{a}", &lead.reference(&lead.name))
            .replace("{b}", &second.reference(&second.name))
            .replace("{topic}", topic),
    );

    let date = article_time(rng, i, n);
    let updated = if rng.chance(1, 7) {
        let later = date + days(rng.range(1, 30) as i64);
        (later < window_end()).then_some(later)
    } else {
        None
    };
    let n_authors = if rng.chance(1, 5) { 2 } else { 1 };
    let authors: Vec<String> = rng
        .sample(AUTHORS.len(), n_authors)
        .into_iter()
        .map(|a| AUTHORS[a].to_string())
        .collect();
    let n_tags = rng.range(2, 4) as usize;
    let mut article_tags: Vec<String> = rng
        .sample(tags.len(), n_tags)
        .into_iter()
        .map(|t| tags[t].clone())
        .collect();
    article_tags.sort();

    let term_names: Vec<&str> = terms.iter().map(|&t| TERMS[t].0).collect();
    let body = body::write(
        rng,
        &Plan {
            entities,
            annotated: &annotated,
            explicit,
            terms: &term_names,
            local_alias: local_alias.as_ref().map(|(e, a)| (*e, a.as_str())),
            target_words,
        },
    );

    // Plain slugs first, then entities with extras, then terms.
    let mut annotations: Vec<Annotation> = annotated
        .iter()
        .filter(|&&e| noted.as_ref().map(|n| n.0) != Some(e))
        .map(|&e| Annotation::Entity {
            entity: e,
            aliases: Vec::new(),
            note: None,
        })
        .collect();
    if let Some((e, note)) = noted {
        let aliases = match &local_alias {
            Some((le, alias)) if *le == e => vec![alias.clone()],
            _ => Vec::new(),
        };
        annotations.push(Annotation::Entity {
            entity: e,
            aliases,
            note: Some(note),
        });
    }
    for &t in &terms {
        let (term, aliases, definition) = TERMS[t];
        annotations.push(Annotation::Term {
            term: term.to_string(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            definition: definition.to_string(),
        });
    }

    let mut slug = slugify(&title);
    slug.truncate(60);
    let slug = format!("{}-{i:0width$}", slug.trim_end_matches('-'));
    Article {
        slug,
        title,
        date,
        updated,
        summary,
        authors,
        tags: article_tags,
        annotations,
        mentioned: annotated.iter().copied().chain(explicit).collect(),
        body,
    }
}

/// The name of an annotated entity of `kind` (there is one).
fn name_of_kind<'e>(
    rng: &mut Rng,
    entities: &'e [Entity],
    annotated: &[usize],
    kind: Kind,
) -> &'e str {
    let matching: Vec<usize> = annotated
        .iter()
        .copied()
        .filter(|&e| entities[e].kind == kind)
        .collect();
    &entities[matching[rng.index(matching.len())]].name
}
