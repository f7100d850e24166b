//! Speed of the needs index (`sozialatlas::analysis::index`) against the target: the full
//! index — status and dynamics for 10,000 areas, 4 indicators, 300-resident rule — together
//! with its sensitivity (each indicator left out, each weight doubled) under 50 ms.
//!
//! Run with `cargo bench --bench index`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benches may panic on broken fixtures

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use sozialatlas::analysis::index::sensitivity::{Variation, leave_one_out, sensitivity};
use sozialatlas::analysis::index::{DynamicsInput, IndexInput, IndexSettings, compute};

const AREAS: usize = 10_000;
const INDICATORS: usize = 4;

/// Deterministic uniform numbers in (0, 1) from a SplitMix64 stream.
fn stream(seed: u64) -> impl FnMut() -> f64 {
    let mut state = seed;
    move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        ((z >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
}

/// Right-skewed rates with one decimal (like SGB-II-Quoten), a change of a few points, and
/// residents from 100 to 20,000 so that some areas fall under the 300 rule.
fn input() -> IndexInput {
    let mut u = stream(0x1DE7_2024);
    let keys = (0..AREAS).map(|i| format!("A-{i}")).collect();
    let population = (0..AREAS)
        .map(|_| Some((100.0 + 19_900.0 * u()).round()))
        .collect();
    let status: Vec<Vec<Option<f64>>> = (0..INDICATORS)
        .map(|_| {
            (0..AREAS)
                .map(|_| Some(((-u().ln()) * 8.0 * 10.0).round() / 10.0))
                .collect()
        })
        .collect();
    let dynamics = (0..INDICATORS)
        .map(|_| {
            (0..AREAS)
                .map(|_| Some(((u() - 0.5) * 4.0 * 10.0).round() / 10.0))
                .collect()
        })
        .collect();
    IndexInput {
        keys,
        has_row: vec![true; AREAS],
        population,
        status,
        dynamics: Some(DynamicsInput {
            label: "2022".to_owned(),
            values: dynamics,
            population: Vec::new(),
        }),
    }
}

fn settings() -> IndexSettings {
    let mut s = IndexSettings::with_indicators(&["a", "b", "c", "d"]);
    s.population_field = Some("einwohner".to_owned());
    s
}

fn bench_index(c: &mut Criterion) {
    let input = input();
    let settings = settings();
    let mut variations = leave_one_out(&settings);
    variations.extend((0..INDICATORS).map(|k| Variation::Weight {
        indicator: k,
        weight: 2.0,
    }));
    let mut group = c.benchmark_group("index 10k");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(4));
    group.bench_function("index", |b| {
        b.iter(|| black_box(compute(black_box(&input), &settings).unwrap()))
    });
    group.bench_function("index + sensitivity (8 variations)", |b| {
        b.iter(|| {
            let base = compute(black_box(&input), &settings).unwrap();
            black_box(sensitivity(&input, &settings, &base, &variations))
        })
    });
    group.finish();
}

criterion_group!(benches, bench_index);
criterion_main!(benches);
