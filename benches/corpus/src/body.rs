//! The Markdown body of one article: a lead, sections under headings,
//! a block quote, lists and sometimes a table, with every entity of the
//! article mentioned two to four times.

use crate::corpus::{Entity, Kind};
use crate::rng::Rng;
use crate::text::{capitalize, fill, word_count};
use crate::vocab::*;

/// What one body must hold.
pub struct Plan<'a> {
    pub entities: &'a [Entity],
    /// Annotated entities, each mentioned 2 to 4 times by name or alias.
    pub annotated: &'a [usize],
    /// An entity mentioned only through `[text](@slug)` links, 1 or 2 times.
    pub explicit: Option<usize>,
    /// Local terms, each used once or twice.
    pub terms: &'a [&'a str],
    /// An alias of this article only, for one annotated entity.
    pub local_alias: Option<(usize, &'a str)>,
    pub target_words: usize,
}

#[derive(Clone, Copy)]
enum Slot {
    Annotated(usize),
    Explicit(usize),
    Term(usize),
}

struct Writer<'a, 'r> {
    rng: &'r mut Rng,
    plan: &'a Plan<'a>,
    /// Mentions still to place; taken from the end.
    queue: Vec<Slot>,
    /// Annotated entities already named once (their first mention is the full name).
    seen: Vec<usize>,
    /// Words of the paragraphs written so far.
    written: usize,
    /// The last filler sentence, not to be repeated straight away.
    last_filler: usize,
    blocks: Vec<String>,
}

pub fn write(rng: &mut Rng, plan: &Plan) -> String {
    let mut queue = Vec::new();
    for &e in plan.annotated {
        let times = rng.pick(&[2, 2, 3, 3, 3, 4]);
        queue.extend(std::iter::repeat_n(Slot::Annotated(e), times));
    }
    if let Some(e) = plan.explicit {
        let times = rng.range(1, 2) as usize;
        queue.extend(std::iter::repeat_n(Slot::Explicit(e), times));
    }
    for t in 0..plan.terms.len() {
        let times = rng.range(1, 2) as usize;
        queue.extend(std::iter::repeat_n(Slot::Term(t), times));
    }
    rng.shuffle(&mut queue);
    let mut writer = Writer {
        rng,
        plan,
        queue,
        seen: Vec::new(),
        written: 0,
        last_filler: usize::MAX,
        blocks: Vec::new(),
    };
    writer.layout();
    writer.blocks.join("\n\n") + "\n"
}

impl Writer<'_, '_> {
    /// Two lead paragraphs (one in short pieces), then two to five sections.
    /// The quote goes into the second section, the key points into the
    /// third, a table (some articles) into the first and a numbered list
    /// (some articles) at the end. Paragraphs follow until every mention is
    /// placed, so long lists of entities make long articles.
    fn layout(&mut self) {
        let target = self.plan.target_words;
        let sections = (target / 300 + 1).clamp(2, 5);
        let paragraphs = ((target + 47) / 95).max(sections + 2);
        let lead = if paragraphs >= sections + 3 { 2 } else { 1 };
        let rest = paragraphs - lead;
        let headings = self.rng.sample(HEADINGS.len(), sections);
        let table = self.rng.chance(9, 20);
        let watch = self.rng.chance(1, 5);
        let quote_in = 1.min(sections - 1);
        let list_in = 2.min(sections - 1);

        for _ in 0..lead {
            self.paragraph();
        }
        for (s, &heading) in headings.iter().enumerate() {
            self.blocks.push(format!("## {}", HEADINGS[heading]));
            let count = rest / sections + usize::from(s < rest % sections);
            for p in 0..count.max(1) {
                self.paragraph();
                if p == 0 && s == quote_in {
                    self.quote();
                }
            }
            let last = s == sections - 1;
            if last {
                while !self.queue.is_empty() {
                    self.paragraph();
                }
            }
            if s == 0 && table {
                self.table();
            }
            if s == list_in {
                self.key_points();
            }
            if last && watch {
                self.watch_list();
            }
        }
    }

    /// An annotated entity as the text names it: the full name the first
    /// time, later the name or an alias; a first mention is sometimes an
    /// explicit `[name](@slug)` link.
    fn mention(&mut self, e: usize) -> String {
        let entity = &self.plan.entities[e];
        let first = !self.seen.contains(&e);
        if first {
            self.seen.push(e);
        }
        let text = if first || self.rng.chance(2, 5) {
            entity.name.as_str()
        } else {
            let local = self
                .plan
                .local_alias
                .filter(|(le, _)| *le == e)
                .map(|(_, a)| a);
            let n = entity.aliases.len() + usize::from(local.is_some());
            let i = self.rng.index(n);
            entity
                .aliases
                .get(i)
                .map(String::as_str)
                .or(local)
                .expect("an alias")
        };
        if first && self.rng.chance(3, 20) {
            linked(entity, text)
        } else {
            entity.reference(text)
        }
    }

    /// An entity the article does not annotate: always a link, with its name
    /// or with how the text describes it ("[the agency](@slug)").
    fn explicit_mention(&mut self, e: usize) -> String {
        let entity = &self.plan.entities[e];
        if self.rng.chance(1, 2) {
            format!("[{}](@{})", entity.description, entity.slug)
        } else {
            linked(entity, &entity.name)
        }
    }

    fn clause(&mut self, slot: Slot) -> String {
        let (templates, mention) = match slot {
            Slot::Annotated(e) => (clauses(self.plan.entities[e].kind), self.mention(e)),
            Slot::Explicit(e) => (
                clauses(self.plan.entities[e].kind),
                self.explicit_mention(e),
            ),
            Slot::Term(t) => (TERM_CLAUSES, self.plan.terms[t].to_string()),
        };
        let template = self.rng.pick(templates);
        fill(self.rng, template, &mention)
    }

    /// A sentence with one or two mentions, or a filler sentence. Mentions
    /// are spread so the queue runs out near the target length.
    fn sentence(&mut self) -> String {
        let left = (self.plan.target_words.saturating_sub(self.written) / 20).max(1) as u64;
        let mut s =
            if !self.queue.is_empty() && self.rng.below(left * 16) < self.queue.len() as u64 * 10 {
                let slot = self.queue.pop().expect("a slot");
                let mut s = self.clause(slot);
                if !self.queue.is_empty() && self.rng.chance(3, 5) {
                    let slot = self.queue.pop().expect("a slot");
                    s.push_str(self.rng.pick(CONNECTORS));
                    s.push_str(&self.clause(slot));
                }
                capitalize(&s) + "."
            } else {
                let mut i = self.rng.index(FILLER_SENTENCES.len());
                if i == self.last_filler {
                    i = (i + 1) % FILLER_SENTENCES.len();
                }
                self.last_filler = i;
                fill(self.rng, FILLER_SENTENCES[i], "")
            };
        if self.rng.chance(1, 25) {
            s.push_str(&format!(
                " ([source](https://example.org/reports/{}))",
                self.rng.range(1000, 99_999)
            ));
        }
        s
    }

    fn paragraph(&mut self) {
        let count = self.rng.range(3, 5);
        let mut sentences: Vec<String> = (0..count).map(|_| self.sentence()).collect();
        if self.rng.chance(1, 4) {
            let i = self.rng.index(sentences.len());
            let figure = fill(self.rng, "**{money}** was at stake, officials said. ", "");
            sentences[i].insert_str(0, &figure);
        }
        let paragraph = sentences.join(" ");
        self.written += word_count(&paragraph);
        self.blocks.push(paragraph);
    }

    /// A quotation from a person of the article (any entity if none).
    fn quote(&mut self) {
        let people: Vec<usize> = self
            .plan
            .annotated
            .iter()
            .copied()
            .filter(|&e| self.plan.entities[e].kind == Kind::Person)
            .collect();
        let pool = if people.is_empty() {
            self.plan.annotated
        } else {
            &people
        };
        let speaker = pool[self.rng.index(pool.len())];
        let template = self.rng.pick(QUOTES);
        let words = fill(self.rng, template, "");
        let who = self.mention(speaker);
        self.blocks.push(format!("> \"{words},\" said {who}."));
    }

    /// "Key points:" and three to five bullets; one of them places a mention.
    fn key_points(&mut self) {
        let count = self.rng.range(3, 5) as usize;
        let mut items: Vec<String> = self
            .rng
            .sample(FILLER_SENTENCES.len(), count)
            .into_iter()
            .map(|i| FILLER_SENTENCES[i])
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| fill(self.rng, t, ""))
            .collect();
        if !self.queue.is_empty() && self.rng.chance(1, 2) {
            let slot = self.queue.pop().expect("a slot");
            let item = capitalize(&self.clause(slot)) + ".";
            let at = self.rng.index(items.len() + 1);
            items.insert(at, item);
        }
        let bullets: Vec<String> = items.into_iter().map(|i| format!("- {i}")).collect();
        self.blocks
            .push(format!("Key points:\n\n{}", bullets.join("\n")));
    }

    /// Either where people and organizations of the article stand (entity
    /// names in cells), or a few figures.
    fn table(&mut self) {
        if self.rng.chance(1, 2) {
            let mut who: Vec<usize> = self
                .plan
                .annotated
                .iter()
                .copied()
                .filter(|&e| {
                    matches!(
                        self.plan.entities[e].kind,
                        Kind::Person | Kind::Organization
                    )
                })
                .collect();
            if who.len() < 2 {
                who = self.plan.annotated.to_vec();
            }
            let rows = self.rng.range(2, 4) as usize;
            let mut lines = vec![
                "| Who | Where they stand |".to_string(),
                "| --- | --- |".to_string(),
            ];
            for i in self.rng.sample(who.len(), rows) {
                let name = capitalize(&self.mention(who[i]));
                let template = self.rng.pick(POSITIONS);
                let position = fill(self.rng, template, "");
                lines.push(format!("| {name} | {position} |"));
            }
            self.blocks
                .push(format!("Where they stand:\n\n{}", lines.join("\n")));
        } else {
            let rows = self.rng.range(3, 4) as usize;
            let mut lines = vec![
                "| Measure | Last year | This year |".to_string(),
                "| --- | ---: | ---: |".to_string(),
            ];
            for i in self.rng.sample(TABLE_MEASURES.len(), rows) {
                let measure = fill(self.rng, TABLE_MEASURES[i], "");
                let before = self.rng.range(120, 9_000);
                let after = before * self.rng.range(60, 160) / 100;
                lines.push(format!("| {} | {before} | {after} |", capitalize(&measure)));
            }
            self.blocks
                .push(format!("The figures:\n\n{}", lines.join("\n")));
        }
    }

    fn watch_list(&mut self) {
        let items: Vec<&str> = self
            .rng
            .sample(WATCH_ITEMS.len(), 3)
            .into_iter()
            .map(|i| WATCH_ITEMS[i])
            .collect();
        let lines: Vec<String> = items
            .into_iter()
            .enumerate()
            .map(|(n, t)| format!("{}. {}", n + 1, fill(self.rng, t, "")))
            .collect();
        self.blocks
            .push(format!("Things to watch:\n\n{}", lines.join("\n")));
    }
}

/// `[Name](@slug)`, with "the" outside the link for the kinds that take it.
fn linked(entity: &Entity, text: &str) -> String {
    let link = format!("[{text}](@{})", entity.slug);
    if entity.kind.takes_article() {
        format!("the {link}")
    } else {
        link
    }
}

fn clauses(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Person => PERSON_CLAUSES,
        Kind::Organization => ORG_CLAUSES,
        Kind::Place => PLACE_CLAUSES,
        Kind::Event => EVENT_CLAUSES,
        Kind::Other => OTHER_CLAUSES,
    }
}
