//! Speed of the classification (`sozialatlas::analysis::classify`) on 100,000 values, against
//! the target: every method well under a frame's worth of work, Fisher-Jenks with 7 classes
//! under 100 ms.
//!
//! Run with `cargo bench --bench classify` (needs the `[[bench]] name = "classify"
//! harness = false` entry in Cargo.toml).

#![allow(clippy::unwrap_used, clippy::expect_used)] // benches may panic on broken fixtures

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use sozialatlas::analysis::classify::{Method, classify};

const N: usize = 100_000;

/// A deterministic lognormal sample (median e², σ 0.75) from a SplitMix64 stream and the
/// Box-Muller transform, rounded to 2 decimals so that it has ties like real indicator data.
fn lognormal_sample(n: usize) -> Vec<f64> {
    let mut state: u64 = 0x5EED_2024_0601;
    let mut uniform = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        ((z >> 11) as f64 + 0.5) / (1u64 << 53) as f64 // in (0, 1)
    };
    (0..n)
        .map(|_| {
            let (u1, u2) = (uniform(), uniform());
            let normal = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
            ((2.0 + 0.75 * normal).exp() * 100.0).round() / 100.0
        })
        .collect()
}

fn bench_methods(c: &mut Criterion) {
    let values = lognormal_sample(N);
    let manual = [5.0, 10.0, 20.0, 40.0];
    let mut group = c.benchmark_group("classify 100k");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(4));
    for method in Method::ALL {
        group.bench_function(method.cli_name(), |b| {
            b.iter(|| black_box(classify(black_box(&values), method, 7, &manual).unwrap()))
        });
    }
    for k in [3, 9] {
        group.bench_function(format!("jenks k={k}"), |b| {
            b.iter(|| black_box(classify(black_box(&values), Method::FisherJenks, k, &[]).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_methods);
criterion_main!(benches);
