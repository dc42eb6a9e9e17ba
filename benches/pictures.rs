//! The pictures of a build: `cargo bench --bench pictures`.
//!
//! A generated site of 200 articles that show 5 pictures each, 1,000
//! different JPEG pictures of 800 × 533 pixels, each published at 480 and
//! 800 pixels as WebP and JPEG (4,000 files). The first build makes every
//! file (its time is printed once, not benchmarked: it depends on the
//! encoders, not on gloss); every later build finds them in
//! `.gloss-cache/pictures/`.
//!
//! - `pictures/second_build/1000`: a whole `gloss::build` of the site with
//!   the cache warm, into a fresh output folder each time.
//! - Printed after it: the median, over the same runs, of the time the
//!   build spent on pictures (the stopwatch's two `pictures` laps:
//!   finding, reading and hashing every file, then copying the cached
//!   files into the output). The goal is under 1 s.

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};

const ARTICLES: usize = 200;
const PER_ARTICLE: usize = 5;

/// A JPEG of `seed`'s own colors, so that no two pictures are the same.
fn picture(seed: usize) -> Vec<u8> {
    let (w, h) = (800u32, 533u32);
    let tint = (seed * 37 % 256) as u32;
    let pixels = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([
            (x * 255 / w) as u8,
            (y * 255 / h) as u8,
            ((tint + x / 8) % 256) as u8,
        ])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(pixels)
        .write_to(&mut bytes, image::ImageFormat::Jpeg)
        .unwrap();
    bytes.into_inner()
}

fn write_site(root: &Path) {
    std::fs::write(root.join("site.yaml"), "title: Pictures\nsearch: false\n").unwrap();
    for a in 0..ARTICLES {
        let folder = root.join(format!("content/articles/a{a}"));
        std::fs::create_dir_all(&folder).unwrap();
        let mut body = String::new();
        for p in 0..PER_ARTICLE {
            let name = format!("p{p}.jpg");
            std::fs::write(folder.join(&name), picture(a * PER_ARTICLE + p)).unwrap();
            body.push_str(&format!(
                "Paragraph {p}.\n\n![Picture {p} of article {a}]({name})\n\n"
            ));
        }
        let text = format!("---\ntitle: Article {a}\ndate: 2024-09-19\n---\n{body}");
        std::fs::write(folder.join("index.md"), text).unwrap();
    }
}

/// One build into a fresh folder; returns the time spent on pictures.
fn build(root: &Path, out: &Path) -> Duration {
    let _ = std::fs::remove_dir_all(out);
    let mut options = gloss::BuildOptions::new(root);
    options.output = Some(out.to_path_buf());
    let report = gloss::build(&options).expect("the picture site builds");
    assert_eq!(
        std::fs::read_dir(out.join("pictures")).unwrap().count(),
        ARTICLES * PER_ARTICLE * 4
    );
    let laps: Vec<Duration> = (report.timings.stages.iter())
        .filter(|lap| lap.stage == "pictures")
        .map(|lap| lap.time)
        .collect();
    if std::env::var_os("GLOSS_BENCH_LAPS").is_some() {
        eprintln!("pictures laps: {laps:?}");
    }
    laps.iter().sum()
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn pictures(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (root, out) = (dir.path().join("site"), dir.path().join("out"));
    std::fs::create_dir_all(&root).unwrap();
    write_site(&root);
    let started = Instant::now();
    let cold = build(&root, &out);
    println!(
        "first build: {:.1} s in all, {:.1} s on pictures (4,000 files encoded)",
        started.elapsed().as_secs_f64(),
        cold.as_secs_f64()
    );
    let mut spent = Vec::new();
    let mut group = c.benchmark_group("pictures");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("second_build/1000", |b| {
        b.iter(|| spent.push(build(&root, &out)))
    });
    group.finish();
    println!(
        "second build: median {:.0} ms on pictures over {} builds (goal: under 1 s)",
        median(&mut spent).as_secs_f64() * 1000.0,
        spent.len()
    );
}

criterion_group!(benches, pictures);
criterion_main!(benches);
