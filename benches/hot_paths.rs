//! Micro-benchmarks of the hot parts of a build (filled in by the benchmark work).

use criterion::{criterion_group, criterion_main, Criterion};

fn slugify(c: &mut Criterion) {
    c.bench_function("slugify", |b| b.iter(|| gloss::resolve::slugify("Blinken in Egypt as cease-fire talks stall")));
}

criterion_group!(benches, slugify);
criterion_main!(benches);
