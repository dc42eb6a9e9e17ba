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
//! Every input comes from the workspace's corpus generator, `gloss-corpus`
//! (`benches/corpus`), with one seed, so it is the same on every run; nothing
//! is read from the repository. The small site is a corpus of 50 articles and
//! 200 entities; the article of the single-article benchmarks is its typical
//! explainer (`typical`); the matcher's 500 and 20,000 entities are the
//! first entities of a corpus of 20,000 (past about 9,000 the generator gives
//! compound names, `Maria Okafor-Lindqvist`), whose first 200 are the small
//! site's, so the same body reads against both. The entity pages come from
//! two sites of 200 and 2,000 articles that all annotate the same four
//! entities.
//!
//! Measurement times are short so the whole run takes minutes.

use std::collections::{HashMap, HashSet};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use gloss_corpus::{Annotation, Article, Corpus, Entity, Format, Options};

use gloss::internals::{
    output_file, render_body, render_job, split, Aggregates, BodyContext, Fields, Job, NameIndex,
    NameIndexBuilder, Owner, Site, SiteText, Target, Theme,
};
use gloss::{BuildOptions, Diagnostics, SourceFile};

// ---------------------------------------------------------------- inputs

/// `articles` articles and `entities` entities of `gloss-corpus`, always with
/// the same seed: the first entities are the same whatever their number.
fn corpus(articles: usize, entities: usize) -> Corpus {
    gloss_corpus::generate(&Options {
        articles,
        entities: Some(entities),
        seed: 1,
    })
}

/// The small site: 200 entities, 50 articles of about 600 to 1,600 words.
fn small_corpus() -> Corpus {
    corpus(50, 200)
}

/// `corpus` written as a gloss site into a new temporary folder; the site is
/// at the returned path, and goes when the folder does.
fn site(corpus: &Corpus) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    gloss_corpus::write(corpus, Format::Gloss, &root).unwrap();
    (dir, root)
}

/// The entities an article annotates (indices into its corpus's entities).
fn annotated(a: &Article) -> HashSet<usize> {
    (a.annotations.iter())
        .filter_map(|x| match x {
            Annotation::Entity { entity, .. } => Some(*entity),
            Annotation::Term { .. } => None,
        })
        .collect()
}

/// A typical explainer of `corpus`: of the articles that annotate 20
/// entities, the one nearest 1,000 words.
fn typical(corpus: &Corpus) -> &Article {
    (corpus.articles.iter())
        .filter(|a| annotated(a).len() == 20)
        .min_by_key(|a| a.body.split_whitespace().count().abs_diff(1000))
        .expect("an article annotates 20 entities")
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
    let small = small_corpus();
    let text = gloss_corpus::gloss_article(&small, typical(&small));
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
            let updated = f.take::<String>("updated", "");
            let summary = f.take::<String>("summary", "");
            let authors = f.take::<Vec<String>>("authors", "");
            let tags = f.take::<Vec<String>>("tags", "");
            let annotations = f.take::<Vec<serde_yaml::Value>>("annotations", "");
            f.finish(gloss::internals::ARTICLE_KEYS);
            assert!(!diags.has_errors());
            (title, date, updated, summary, authors, tags, annotations)
        })
    });
    group.finish();

    let (_dir, root) = site(&small);
    let files = walk_count(&root.join("content"));
    let mut group = quick(c, "load");
    group.throughput(Throughput::Elements(files as u64));
    group.bench_function(BenchmarkId::new("site", format!("{files}_files")), |b| {
        b.iter(|| {
            let mut diags = Diagnostics::new();
            let docs = gloss::internals::load(&root, &mut diags);
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

fn index_of(ents: &[Entity]) -> NameIndex {
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
    let all = corpus(1, 20_000).entities;
    // One body, of the small site, whose entities are the first 200 of these:
    // every size reads the same text.
    let small = small_corpus();
    assert!(
        (small.entities.iter().zip(&all)).all(|(a, b)| a.slug == b.slug),
        "the small site's entities are the first of a larger corpus"
    );
    let article = typical(&small);
    let text = &article.body;
    let annotated = annotated(article);

    let mut group = quick(c, "matcher");
    for n in [500usize, 20_000] {
        let ents = &all[..n];
        let names: usize = ents.iter().map(|e| 1 + e.aliases.len()).sum();
        let index = index_of(ents);
        let found = index.find(text, 0, |e| annotated.contains(&e));
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
            b.iter(|| index.find(black_box(text), 0, |e| annotated.contains(&e)))
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
    let small_corpus = small_corpus();
    let (_small_dir, small_root) = site(&small_corpus);
    let small = prepare(&small_root);

    let mut group = quick(c, "render");

    // The typical article's body: Markdown, mentions and their sentences.
    let names = gloss::internals::name_index(&small.site);
    let slugs: HashMap<&str, usize> = small
        .site
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.slug.as_str(), i))
        .collect();
    let path = format!("/articles/{}/", typical(&small_corpus).slug);
    let a = (small.site.articles.iter())
        .position(|x| x.path == path)
        .expect("the typical article is in the site");
    let article = &small.site.articles[a];
    let body = article.body.len();
    group.throughput(Throughput::Bytes(body as u64));
    group.bench_function("body", |b| {
        b.iter(|| {
            let cx = BodyContext {
                site: &small.site,
                names: &names,
                article_index: a,
                mode: small.site.config.annotate,
                entity_slugs: &slugs,
                pictures: &small.text.pictures,
                theme: Some(&small.theme),
            };
            render_body(black_box(article), &cx)
        })
    });

    let small_agg = Aggregates::new(&small.site, &small.text);
    let html = page(&small, &small_agg, &Job::Article(a));
    assert_same_page(&small, &article.path, &html);
    group.throughput(Throughput::Elements(1));
    group.bench_function("article_page", |b| {
        b.iter(|| page(black_box(&small), &small_agg, &Job::Article(a)))
    });

    // The first page of entities mentioned by 200 and 2,000 explainers:
    // sites whose every article annotates the same four entities (an
    // article annotates at least four). The page lists `paginate_by` of
    // them, but "often mentioned with" reads them all.
    for articles in [200, 2000] {
        let hub = corpus(articles, 4);
        let (_dir, root) = site(&hub);
        let large = prepare(&root);
        let slug = &hub.entities[0].slug;
        let e = (large.site.entities.iter())
            .position(|x| x.slug == *slug)
            .unwrap();
        let mentions = large.mention_counts[e];
        assert_eq!(mentions, articles, "every article mentions {slug}");
        let large_agg = Aggregates::new(&large.site, &large.text);
        let html = page(&large, &large_agg, &Job::Entity(e, 1));
        assert_same_page(&large, &large.site.entities[e].path(), &html);
        eprintln!(
            "render/entity_page/{mentions}: {} KiB of HTML",
            html.len() / 1024
        );
        group.throughput(Throughput::Elements(mentions as u64));
        group.sample_size(if mentions > 1000 { 10 } else { 20 });
        group.bench_with_input(BenchmarkId::new("entity_page", mentions), &e, |b, &e| {
            b.iter(|| page(black_box(&large), &large_agg, &Job::Entity(e, 1)))
        });
    }
    group.finish();

    // The whole pipeline on the small site, written to a temporary folder.
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        output: Some(out.path().join("public")),
        ..BuildOptions::new(&small_root)
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
