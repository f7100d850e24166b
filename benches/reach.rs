//! Speed of the reach analysis (`sozialatlas::analysis::reach`) against its targets:
//! (a) 100,000 square areas (a 100 m grid over 30 × 33 km in UTM 32N around Frankfurt) ×
//!     1,000 facilities, radii 500 and 1,000 m, k = 3: under 200 ms;
//! (b) the what-if move of the window: one of 17 facilities moved, the reach of 10,000 areas
//!     recomputed and the gap list ranked again (plus the comparison with the real situation):
//!     under 16 ms, one frame.
//!
//! Run with `cargo bench --bench reach`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benches may panic on broken fixtures

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use geo::{Coord, LineString, MultiPolygon, Polygon};
use sozialatlas::analysis::reach::coverage::{GapRule, change, gaps};
use sozialatlas::analysis::reach::geometry::GridScale;
use sozialatlas::analysis::reach::{PreparedAreas, ReachSettings, Sites, compute};

/// South-west corner of the grid (UTM 32N, west of Frankfurt).
const ORIGIN: (f64, f64) = (462_000.0, 5_540_000.0);
const CELL: f64 = 100.0;
/// Cells per row: 30 km.
const COLUMNS: usize = 300;

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

/// `n` square areas of 100 m, row by row, `columns` to a row.
fn grid(n: usize, columns: usize) -> PreparedAreas {
    let polys = (0..n)
        .map(|i| {
            let x = ORIGIN.0 + (i % columns) as f64 * CELL;
            let y = ORIGIN.1 + (i / columns) as f64 * CELL;
            let ring = LineString::from(vec![
                (x, y),
                (x + CELL, y),
                (x + CELL, y + CELL),
                (x, y + CELL),
                (x, y),
            ]);
            MultiPolygon::new(vec![Polygon::new(ring, vec![])])
        })
        .collect();
    PreparedAreas::new(polys, GridScale::utm(50.1))
}

/// `n` facilities spread uniformly over `width` × `height` metres from the origin.
fn random_sites(n: usize, width: f64, height: f64, seed: u64) -> Vec<Coord<f64>> {
    let mut u = stream(seed);
    (0..n)
        .map(|_| Coord {
            x: ORIGIN.0 + u() * width,
            y: ORIGIN.1 + u() * height,
        })
        .collect()
}

fn bench_city(c: &mut Criterion) {
    let areas = grid(100_000, COLUMNS);
    let height = 100_000usize.div_ceil(COLUMNS) as f64 * CELL;
    let sites = Sites::new(random_sites(
        1_000,
        COLUMNS as f64 * CELL,
        height,
        0x5EAC_2024,
    ));
    let settings = ReachSettings {
        radii: vec![500.0, 1000.0],
        k: 3,
    };
    let mut group = c.benchmark_group("reach 100k areas x 1k facilities");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("compute (radii 500/1000, k 3)", |b| {
        b.iter(|| black_box(compute(black_box(&areas), &sites, &settings)))
    });
    group.finish();
}

fn bench_what_if(c: &mut Criterion) {
    const AREAS: usize = 10_000;
    const SIDE: usize = 100;
    let areas = grid(AREAS, SIDE);
    let extent = SIDE as f64 * CELL;
    let real = random_sites(17, extent, extent, 0x0FF1_CE17);
    let settings = ReachSettings::default();
    let need: Vec<bool> = (0..AREAS).map(|i| i % 3 == 0).collect();
    let score: Vec<Option<f64>> = (0..AREAS)
        .map(|i| Some(((i * 7_919) % 1_000) as f64 / 10.0))
        .collect();
    let residents: Vec<Option<f64>> = (0..AREAS).map(|i| Some(50.0 + (i % 200) as f64)).collect();
    let rule = GapRule::default();
    let before = compute(&areas, &Sites::new(real.clone()), &settings);
    let gaps_before = gaps(&need, &score, &before, &rule);
    // Where the moved office goes: a fixed round of 64 places over the whole extent.
    let targets = random_sites(64, extent, extent, 0x00A1_0CA7);

    let mut group = c.benchmark_group("reach what-if 10k areas x 17 facilities");
    group
        .sample_size(50)
        .measurement_time(Duration::from_secs(5));
    let mut round = 0usize;
    group.bench_function("move one + recompute + gap list", |b| {
        b.iter(|| {
            round = (round + 1) % targets.len();
            let mut moved = real.clone();
            let which = round % moved.len();
            moved[which] = targets[round];
            let after = compute(black_box(&areas), &Sites::new(moved), &settings);
            let gaps_after = gaps(&need, &score, &after, &rule);
            let diff = change(
                &before,
                &after,
                &residents,
                1000.0,
                &gaps_before,
                &gaps_after,
            );
            black_box((gaps_after, diff))
        })
    });
    group.finish();
}

criterion_group!(benches, bench_city, bench_what_if);
criterion_main!(benches);
