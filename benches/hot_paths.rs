//! Micro-benchmarks of the hot parts of a build: `cargo bench --bench hot_paths`.
//!
//! - `frontmatter/*`: splitting one article and decoding its front matter;
//!   `load/site` reads and decodes a whole small site (`gloss::load::load`).
//! - `matcher/find/N`: the mention matcher over one article body, in bytes of body
//!   text per second, with N = 500 and 20,000 entity names (each with aliases).
//!   `matcher/build/N` is the automaton's construction.
//! - `render/body`: one article body (Markdown, mentions, sentences).
//! - `render/article_page` and `render/entity_page/M`: one page through the
//!   built-in templates, for an article and for an entity mentioned by M
//!   explainers. The template context is built as `gloss::build_in_memory`
//!   builds it; setup checks that the page is byte for byte the one
//!   `render_site` writes, so a drift between the two stops the bench.
//! - `build/site`: `gloss::build` of the small site into a temporary folder.
//!
//! Every input is generated here, deterministically; nothing is read from the
//! repository. Measurement times are short so the whole run takes minutes.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use gloss::internals::{
    output_file, render_body, render_job, split, Aggregates, BodyContext, Fields, Job, NameIndex,
    NameIndexBuilder, Owner, Site, SiteText, Target, Theme,
};
use gloss::{BuildOptions, Diagnostics, SourceFile};

// ---------------------------------------------------------------- generator

/// SplitMix64: small, fast and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const FIRST: &[&str] = &[
    "Maria", "Daniel", "Amira", "Kofi", "Elena", "Tomasz", "Priya", "Jonas", "Leila", "Mateo",
    "Ingrid", "Samuel", "Hana", "Oliver", "Fatima", "Lucas", "Nadia", "Ivan", "Grace", "Rafael",
    "Aisha", "Henrik", "Sofia", "Tariq", "Claire", "Dmitri", "Zainab", "Marco", "Ruth", "Kwame",
    "Lena", "Arjun", "Beatriz", "Felix", "Noura", "Pavel", "Esther", "Diego", "Mei", "Omar",
];
const LAST: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Haddad",
    "Mensah",
    "Petrov",
    "Navarro",
    "Kowalski",
    "Sato",
    "Brennan",
    "Achebe",
    "Rahimi",
    "Castillo",
    "Novak",
    "Osei",
    "Bergstrom",
    "Ferreira",
    "Kaplan",
    "Moreau",
    "Nakamura",
    "Adeyemi",
    "Varga",
    "Quinn",
    "Salazar",
    "Eriksen",
    "Boateng",
    "Demir",
    "Holloway",
    "Iyer",
    "Jovanovic",
    "Karimi",
    "Laurent",
    "Mbeki",
    "Nilsen",
    "Ortega",
    "Pereira",
    "Rossi",
    "Santos",
    "Tanaka",
    "Ueda",
    "Vasquez",
    "Wojcik",
    "Yilmaz",
    "Zhou",
    "Abara",
    "Bianchi",
    "Cardenas",
    "Dubois",
    "Esposito",
    "Fitzgerald",
    "Gallagher",
    "Hoffmann",
    "Ibrahim",
    "Jensen",
    "Kruger",
    "Lopez",
    "Mahmoud",
    "Nwosu",
    "Olsen",
    "Pham",
    "Reyes",
];
const TITLES: &[&str] = &[
    "Minister", "Governor", "Senator", "Judge", "Director", "Mayor",
];
const REGIONS: &[&str] = &[
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "Coastal",
    "Highland",
    "National",
    "United",
    "Federal",
    "Continental",
    "Atlantic",
    "Pacific",
    "Riverside",
    "Lakeland",
    "Metropolitan",
    "Regional",
    "Interior",
    "Frontier",
    "Allied",
];
const DOMAINS: &[&str] = &[
    "Relief",
    "Water",
    "Energy",
    "Grain",
    "Health",
    "Transport",
    "Labour",
    "Fisheries",
    "Housing",
    "Mining",
    "Trade",
    "Refugee",
    "Education",
    "Forestry",
    "Broadcasting",
    "Rail",
    "Port",
    "Medical",
    "Veterans",
    "Farmers",
    "Teachers",
    "Textile",
    "Aviation",
    "Land",
    "Climate",
    "Justice",
    "Election",
    "Border",
    "Customs",
    "Tourism",
];
const TYPES: &[&str] = &[
    "Agency",
    "Authority",
    "Council",
    "Union",
    "Federation",
    "Commission",
    "Institute",
    "Alliance",
    "Trust",
    "Bank",
    "Board",
    "Association",
    "Foundation",
    "Coalition",
    "Network",
    "League",
    "Corporation",
    "Cooperative",
    "Directorate",
    "Observatory",
];
const ROOTS: &[&str] = &[
    "Aldren",
    "Kessel",
    "Dunmore",
    "Orwen",
    "Maren",
    "Tavish",
    "Brevik",
    "Caldera",
    "Solvang",
    "Ashgrove",
    "Merrow",
    "Velden",
    "Corran",
    "Hollis",
    "Tarsk",
    "Eddara",
    "Fennick",
    "Gorran",
    "Islay",
    "Jorvik",
    "Kaldera",
    "Lorne",
    "Nerrin",
    "Ostrava",
    "Pellam",
    "Rowan",
    "Sallow",
    "Tembra",
    "Ulmen",
    "Varro",
    "Wexley",
    "Yarrow",
    "Zennor",
    "Abbotsmere",
    "Bracken",
    "Cinder",
];
const SUFFIXES: &[&str] = &["", "ford", "ton", "holm", "field", "wick", "mouth", "stead"];
const PLACE_FORMS: &[&str] = &[
    "{}",
    "Port {}",
    "{} Valley",
    "{} Province",
    "Lake {}",
    "New {}",
    "{} Bay",
    "North {}",
    "{} Heights",
    "{} Delta",
    "Saint {}",
    "{} Plains",
];
const TOPICS: &[&str] = &[
    "water rights",
    "grain exports",
    "the border crossing",
    "the aid corridor",
    "fuel subsidies",
    "the port expansion",
    "the rail link",
    "teacher pay",
    "the housing shortage",
    "hospital funding",
    "the fishing quota",
    "the mining licence",
    "election reform",
    "the customs dispute",
    "flood defences",
    "the power grid",
    "food prices",
    "land titles",
];
const CLAUSES: &[&str] = &[
    "{e} said the talks on {t} had reached a difficult stage",
    "{e} told reporters that {t} would remain a priority",
    "in an interview, {e} described the proposal on {t} as premature",
    "critics of {e} say the plan leaves {t} unresolved",
    "{e} is expected to present new figures on {t} within weeks",
    "allies of {e} insist the deal on {t} is still alive",
    "documents seen by reporters show {e} warned about {t} in February",
];
const FILLER: &[&str] = &[
    "Officials said the figures would be revised before the end of the quarter.",
    "The measure passed its first reading by a narrow margin.",
    "Residents reported long queues at the only open crossing.",
    "Negotiators met for a third day without a joint statement.",
    "Analysts expect the dispute to reach the courts within months.",
];

struct Ent {
    slug: String,
    name: String,
    kind: &'static str,
    aliases: Vec<String>,
}

fn slugify(name: &str) -> String {
    gloss::internals::slugify(name)
}

/// `n` entities with unique names and slugs; the first `k` are the same for any
/// `n >= k`, so a body written for 500 names reads the same against 20,000.
fn entities(n: usize) -> Vec<Ent> {
    let mut rng = Rng(7);
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(n);
    let mut tries = 0;
    while out.len() < n {
        tries += 1;
        assert!(
            tries < 20 * n + 1000,
            "the vocabulary cannot give {n} distinct names"
        );
        let (name, kind, aliases) = match out.len() % 3 {
            0 => {
                let first = rng.pick(FIRST);
                let last = if rng.below(3) == 0 {
                    format!("{}-{}", rng.pick(LAST), rng.pick(LAST))
                } else {
                    rng.pick(LAST).to_string()
                };
                let title = rng.pick(TITLES);
                let aliases = vec![last.clone(), format!("{title} {last}")];
                (format!("{first} {last}"), "person", aliases)
            }
            1 => {
                let (r, d, t) = (rng.pick(REGIONS), rng.pick(DOMAINS), rng.pick(TYPES));
                let acronym: String = [r, d, t].iter().map(|w| &w[..1]).collect();
                let aliases = vec![acronym, format!("{d} {t}")];
                (format!("{r} {d} {t}"), "organization", aliases)
            }
            _ => {
                let mut root = format!("{}{}", rng.pick(ROOTS), rng.pick(SUFFIXES));
                if rng.below(2) == 0 {
                    // Double-barrelled roots, or 20,000 names would run out of places.
                    root = format!("{}-{}", rng.pick(ROOTS), root.to_lowercase());
                }
                let form = rng.pick(PLACE_FORMS);
                let name = form.replace("{}", &root);
                let aliases = if name == root { vec![] } else { vec![root] };
                (name, "place", aliases)
            }
        };
        let slug = slugify(&name);
        if seen.insert(slug.clone()) {
            out.push(Ent {
                slug,
                name,
                kind,
                aliases,
            });
        }
    }
    out
}

/// A Markdown body of about `words` words that mentions each of `ents` (by name
/// first, then by name or alias), in paragraphs with headings, a list and a quote.
fn body(rng: &mut Rng, ents: &[&Ent], words: usize) -> String {
    let mut out = String::new();
    let mut written = 0;
    let mut paragraph = 0;
    let mut next = 0;
    while written < words || next < ents.len() {
        if paragraph > 0 && paragraph % 3 == 0 {
            let heading = [
                "What happened",
                "Why it matters",
                "What comes next",
                "The numbers",
            ][paragraph / 3 % 4];
            let _ = write!(out, "## {heading}\n\n");
        }
        for s in 0..4 {
            // Each entity is introduced by name; later mentions use the name or an alias.
            let (e, first) = if next < ents.len() && (s % 2 == 0 || written >= words) {
                next += 1;
                (ents[next - 1], true)
            } else {
                (ents[rng.below(next.max(1))], false)
            };
            let mention = if first || e.aliases.is_empty() || rng.below(2) == 0 {
                e.name.clone()
            } else {
                e.aliases[rng.below(e.aliases.len())].clone()
            };
            let mut sentence = rng
                .pick(CLAUSES)
                .replace("{e}", &mention)
                .replace("{t}", rng.pick(TOPICS));
            sentence[..1].make_ascii_uppercase();
            let _ = write!(out, "{sentence}. {} ", rng.pick(FILLER));
            written += sentence.split_whitespace().count() + 9;
        }
        out.push_str("\n\n");
        paragraph += 1;
        if paragraph == 4 {
            let _ = write!(
                out,
                "> \"We cannot keep treating {} as someone else's problem,\" said {}.\n\n- {}\n- {}\n- {}\n\n",
                rng.pick(TOPICS),
                ents[0].name,
                rng.pick(FILLER),
                rng.pick(FILLER),
                rng.pick(FILLER)
            );
        }
    }
    out
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn quoted_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.into_iter().map(quoted).collect();
    format!("[{}]", items.join(", "))
}

fn entity_file(e: &Ent) -> String {
    format!(
        "---\nname: {}\nkind: {}\naliases: {}\nsummary: {}\n---\n",
        quoted(&e.name),
        e.kind,
        quoted_list(e.aliases.iter().map(String::as_str)),
        quoted(&format!(
            "{} is a {} that features in coverage of {} and {}.",
            e.name,
            e.kind,
            TOPICS[e.name.len() % TOPICS.len()],
            TOPICS[e.slug.len() % TOPICS.len()]
        )),
    )
}

fn article_file(i: usize, ents: &[&Ent], body: &str) -> String {
    let topic = TOPICS[i % TOPICS.len()];
    // Distinct dates, newest last.
    let date = format!(
        "20{:02}-{:02}-{:02}T{:02}:00:00Z",
        19 + i / 8000,
        1 + i / 640 % 12,
        1 + i / 24 % 27,
        i % 24
    );
    format!(
        "---\ntitle: {}\ndate: {date}\nsummary: {}\ntags: {}\nannotations: {}\n---\n\n{}",
        quoted(&format!(
            "{} and the fight over {topic}, explained",
            ents[0].name
        )),
        quoted(&format!(
            "{} and {} are at odds over {topic}. Here is what we know.",
            ents[0].name,
            ents[1 % ents.len()].name
        )),
        quoted_list(
            ["diplomacy", "water", "trade", "energy", "health"]
                .iter()
                .copied()
                .skip(i % 3)
                .take(3)
        ),
        quoted_list(ents.iter().map(|e| e.slug.as_str())),
        body
    )
}

/// An article may not annotate two entities that share a name or alias (G0205).
fn fits(chosen: &[&Ent], e: &Ent) -> bool {
    let names = |x: &Ent| -> Vec<String> {
        std::iter::once(&x.name)
            .chain(&x.aliases)
            .map(|n| n.to_lowercase())
            .collect()
    };
    let mine = names(e);
    chosen
        .iter()
        .all(|c| names(c).iter().all(|n| !mine.contains(n)))
}

/// A realistic article: about 1,000 words mentioning 20 of `pool`'s entities.
fn article_text(i: usize, pool: &[Ent], rng: &mut Rng) -> String {
    let mut chosen: Vec<&Ent> = Vec::new();
    let mut taken = HashSet::new();
    while chosen.len() < 20.min(pool.len()) {
        let j = rng.below(pool.len());
        if taken.insert(j) && fits(&chosen, &pool[j]) {
            chosen.push(&pool[j]);
        }
    }
    let text = body(rng, &chosen, 950);
    article_file(i, &chosen, &text)
}

fn write_file(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn write_site(root: &Path, ents: &[Ent], articles: &[String]) {
    write_file(
        &root.join("site.yaml"),
        "title: \"Bench\"\nbase_url: \"https://example.org\"\nlanguage: en\nannotate: first\n",
    );
    for e in ents {
        write_file(
            &root.join(format!("content/entities/{}.md", e.slug)),
            &entity_file(e),
        );
    }
    for (i, text) in articles.iter().enumerate() {
        write_file(&root.join(format!("content/articles/a-{i:05}.md")), text);
    }
}

/// 200 entities, 50 articles of about 1,000 words each (20 annotations each).
fn small_site(root: &Path) {
    let ents = entities(200);
    let mut rng = Rng(11);
    let articles: Vec<String> = (0..50).map(|i| article_text(i, &ents, &mut rng)).collect();
    write_site(root, &ents, &articles);
}

/// 2,000 short articles that all mention `ents[0]`; every tenth also mentions
/// `ents[1]`, so one entity page lists 2,000 explainers and one lists 200.
fn hub_site(root: &Path) -> (String, String) {
    let ents = entities(300);
    let mut rng = Rng(13);
    let articles: Vec<String> = (0..2000)
        .map(|i| {
            let mut chosen: Vec<&Ent> = vec![&ents[0]];
            if i % 10 == 0 {
                chosen.push(&ents[1]);
            }
            while chosen.len() < 6 {
                let e = &ents[2 + rng.below(ents.len() - 2)];
                if !chosen.iter().any(|c| c.slug == e.slug) && fits(&chosen, e) {
                    chosen.push(e);
                }
            }
            let text = body(&mut rng, &chosen, 120);
            article_file(i, &chosen, &text)
        })
        .collect();
    write_site(root, &ents, &articles);
    (ents[0].slug.clone(), ents[1].slug.clone())
}

// ---------------------------------------------------------------- prepared sites

struct Prepared {
    site: Site,
    theme: Arc<Theme>,
    text: SiteText,
    /// For each entity, (article, mention record) of each listed explainer naming it.
    mention_counts: Vec<usize>,
    /// Every page `render_site` wrote, by output file.
    pages: HashMap<String, Vec<u8>>,
}

fn first_errors(diags: &Diagnostics) -> String {
    diags
        .iter()
        .take(3)
        .map(|d| format!("{} {}", d.code, d.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Load, resolve, render the bodies and render the whole site once, as a build does.
fn prepare(root: &Path) -> Prepared {
    let (site, text, theme) = gloss::internals::prepare(root)
        .unwrap_or_else(|diags| panic!("generated site does not build: {}", first_errors(&diags)));
    let mention_counts = Aggregates::new(&site, &text).mention_counts;
    let built = gloss::build_in_memory(&BuildOptions::new(root))
        .unwrap_or_else(|diags| panic!("generated site does not render: {}", first_errors(&diags)));
    let pages = (built.files.iter())
        .map(|(file, bytes)| (file.to_string(), bytes.to_vec()))
        .collect();
    Prepared {
        site,
        theme,
        text,
        mention_counts,
        pages,
    }
}

/// One page through its template, exactly as a build renders it.
fn page(p: &Prepared, agg: &Aggregates, job: &Job) -> String {
    let path = job.path(&p.site);
    let file = output_file(&path);
    render_job(job, &path, &file, &p.site, &p.theme, &p.text, agg).expect("page renders")
}

/// The page this bench renders must be the page a build writes.
fn assert_same_page(p: &Prepared, site_path: &str, html: &str) {
    let file = output_file(site_path);
    let written = p
        .pages
        .get(&file)
        .unwrap_or_else(|| panic!("render_site wrote no {file}"));
    assert!(
        written.as_slice() == html.as_bytes(),
        "benches/hot_paths.rs renders {file} differently from gloss::build_in_memory; \
         update its page context to match src/render/mod.rs"
    );
}

// ---------------------------------------------------------------- benches

fn quick<'a>(
    c: &'a mut Criterion,
    name: &str,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(20);
    group
}

fn frontmatter(c: &mut Criterion) {
    let ents = entities(200);
    let text = article_text(0, &ents, &mut Rng(3));
    let file = Arc::new(SourceFile::new("content/articles/a.md", text));
    let mut group = quick(c, "frontmatter");
    group.throughput(Throughput::Elements(1));
    group.bench_function("split", |b| {
        b.iter(|| split(black_box(&file.text)).unwrap().unwrap())
    });
    group.bench_function("split+decode", |b| {
        b.iter(|| {
            let mut diags = Diagnostics::new();
            let parts = split(black_box(&file.text)).unwrap().unwrap();
            let mut f = Fields::parse(&file, parts.yaml, &mut diags).unwrap();
            let title = f.take::<String>("title", "");
            let date = f.take::<String>("date", "");
            let summary = f.take::<String>("summary", "");
            let tags = f.take::<Vec<String>>("tags", "");
            let annotations = f.take::<Vec<serde_yaml::Value>>("annotations", "");
            f.finish(gloss::internals::ARTICLE_KEYS);
            assert!(!diags.has_errors());
            (title, date, summary, tags, annotations)
        })
    });
    group.finish();

    let dir = tempfile::tempdir().unwrap();
    small_site(dir.path());
    let files = walk_count(&dir.path().join("content"));
    let mut group = quick(c, "load");
    group.throughput(Throughput::Elements(files as u64));
    group.bench_function(BenchmarkId::new("site", format!("{files}_files")), |b| {
        b.iter(|| {
            let mut diags = Diagnostics::new();
            let docs = gloss::internals::load(dir.path(), &mut diags);
            assert!(!diags.has_errors());
            docs
        })
    });
    group.finish();
}

fn walk_count(dir: &Path) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            n += walk_count(&entry.path());
        } else {
            n += 1;
        }
    }
    n
}

fn index_of(ents: &[Ent]) -> NameIndex {
    let mut builder = NameIndexBuilder::default();
    for (i, e) in ents.iter().enumerate() {
        for name in std::iter::once(&e.name).chain(&e.aliases) {
            builder.add(
                name,
                Owner {
                    article: None,
                    target: Target::Entity(i),
                },
            );
        }
    }
    builder.build()
}

fn matcher(c: &mut Criterion) {
    let all = entities(20_000);
    // One body, written for the first 500 entities, so every size reads the same text.
    let mut rng = Rng(5);
    let mentioned: Vec<&Ent> = (0..20).map(|i| &all[i * 25]).collect();
    let text = body(&mut rng, &mentioned, 1000);
    let annotated: HashSet<usize> = (0..20).map(|i| i * 25).collect();

    let mut group = quick(c, "matcher");
    for n in [500usize, 20_000] {
        let ents = &all[..n];
        let names: usize = ents.iter().map(|e| 1 + e.aliases.len()).sum();
        let index = index_of(ents);
        let found = index.find(&text, 0, |e| annotated.contains(&e));
        assert!(
            found.len() >= 20,
            "the body names its entities ({} found)",
            found.len()
        );
        eprintln!(
            "matcher/{n}: {names} names, {} bytes of text, {} matches",
            text.len(),
            found.len()
        );
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("find", n), &index, |b, index| {
            b.iter(|| index.find(black_box(&text), 0, |e| annotated.contains(&e)))
        });
    }
    for n in [500usize, 20_000] {
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("build", n), &all[..n], |b, ents| {
            b.iter(|| index_of(ents))
        });
    }
    group.finish();
}

fn render(c: &mut Criterion) {
    let small_dir = tempfile::tempdir().unwrap();
    small_site(small_dir.path());
    let small = prepare(small_dir.path());
    let hub_dir = tempfile::tempdir().unwrap();
    let (hub, second) = hub_site(hub_dir.path());
    let large = prepare(hub_dir.path());

    let mut group = quick(c, "render");

    // One article body: Markdown, mentions and their sentences.
    let names = gloss::internals::name_index(&small.site);
    let slugs: HashMap<&str, usize> = small
        .site
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.slug.as_str(), i))
        .collect();
    let article = &small.site.articles[0];
    group.throughput(Throughput::Bytes(article.body_text().len() as u64));
    group.bench_function("body", |b| {
        b.iter(|| {
            let cx = BodyContext {
                site: &small.site,
                names: &names,
                article_index: 0,
                mode: small.site.config.annotate,
                entity_slugs: &slugs,
            };
            render_body(black_box(article), &cx)
        })
    });

    let small_agg = Aggregates::new(&small.site, &small.text);
    let html = page(&small, &small_agg, &Job::Article(0));
    assert_same_page(&small, &article.path, &html);
    group.throughput(Throughput::Elements(1));
    group.bench_function("article_page", |b| {
        b.iter(|| page(black_box(&small), &small_agg, &Job::Article(0)))
    });

    for slug in [second, hub] {
        let e = large
            .site
            .entities
            .iter()
            .position(|x| x.slug == slug)
            .unwrap();
        let mentions = large.mention_counts[e];
        let large_agg = Aggregates::new(&large.site, &large.text);
        let html = page(&large, &large_agg, &Job::Entity(e));
        assert_same_page(&large, &large.site.entities[e].path(), &html);
        eprintln!(
            "render/entity_page/{mentions}: {} KiB of HTML",
            html.len() / 1024
        );
        group.throughput(Throughput::Elements(mentions as u64));
        group.sample_size(if mentions > 1000 { 10 } else { 20 });
        group.bench_with_input(BenchmarkId::new("entity_page", mentions), &e, |b, &e| {
            b.iter(|| page(black_box(&large), &large_agg, &Job::Entity(e)))
        });
    }
    group.finish();

    // The whole pipeline on the small site, written to a temporary folder.
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        output: Some(out.path().join("public")),
        ..BuildOptions::new(small_dir.path())
    };
    let report = gloss::build(&options).expect("small site builds");
    let pages = report.pages.total();
    let mut group = quick(c, "build");
    // About 0.1 s a build: ten samples fit the short measurement time.
    group.sample_size(10);
    group.throughput(Throughput::Elements(pages as u64));
    group.bench_function(BenchmarkId::new("site", format!("{pages}_pages")), |b| {
        b.iter(|| gloss::build(&options).unwrap())
    });
    group.finish();
}

criterion_group!(benches, frontmatter, matcher, render);
criterion_main!(benches);
