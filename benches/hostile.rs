//! Hostile and odd input (issue 16): time to read the crafted files that used to abort, hang
//! or take gigabytes — each must stay proportional to what the file really holds. Peak memory
//! is asserted by construction in `tests/bad_input_budget.rs` (counting allocator); the figures
//! before and after the fix (peak RSS from `/usr/bin/time -v`) are in the README.
//!
//! Run with `cargo bench --bench hostile`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benches may panic on broken fixtures

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use sozialatlas::io::csv_out::CsvOut;
use sozialatlas::io::{Cancel, load_path};

/// The allocator of the `sozialatlas` binary, so the figures are the program's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn point_feature(i: usize, props: &str) -> String {
    format!(
        r#"{{"type":"Feature","properties":{{{props}}},"geometry":{{"type":"Point","coordinates":[{:.4},{:.4}]}}}}"#,
        8.5 + (i % 300) as f64 * 0.001,
        50.05 + (i / 300) as f64 * 0.0005
    )
}

fn write_collection(dir: &Path, name: &str, features: &[String]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        ),
    )
    .unwrap();
    path
}

fn bench_geojson(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    // An Overpass export: 30,000 points, 2,000 keys, ten on each.
    let overpass: Vec<String> = (0..30_000)
        .map(|i| {
            let mut props = String::new();
            for j in 0..10 {
                if j > 0 {
                    props.push(',');
                }
                let _ = write!(props, r#""key_{}":"v{j}""#, (i * 7 + j * 131) % 2000);
            }
            point_feature(i, &props)
        })
        .collect();
    let overpass = write_collection(dir.path(), "overpass.geojson", &overpass);
    // A name of its own on each of 20,000 features.
    let distinct: Vec<String> = (0..20_000)
        .map(|i| point_feature(i, &format!(r#""only_{i}":{i}"#)))
        .collect();
    let distinct = write_collection(dir.path(), "distinct.geojson", &distinct);
    // One feature with 100,000 properties.
    let mut props = String::new();
    for i in 0..100_000 {
        if i > 0 {
            props.push(',');
        }
        let _ = write!(props, r#""p{i}":{i}"#);
    }
    let wide = write_collection(dir.path(), "wide.geojson", &[point_feature(0, &props)]);
    // 100,000 points, one value of 1e309 among them: the repair reads the file twice.
    let repaired: Vec<String> = (0..100_000)
        .map(|i| {
            let v = if i == 50_000 {
                "1e309".to_owned()
            } else {
                i.to_string()
            };
            point_feature(i, &format!(r#""wert":{v},"name":"Punkt {i}""#))
        })
        .collect();
    let repaired = write_collection(dir.path(), "repaired.geojson", &repaired);

    let mut group = c.benchmark_group("hostile");
    group.sample_size(10);
    for (label, path) in [
        ("GeoJSON 30,000 points x 2,000 sparse keys", &overpass),
        ("GeoJSON 20,000 features with distinct keys", &distinct),
        ("GeoJSON one feature with 100,000 properties", &wide),
        ("GeoJSON 100,000 points with one 1e309", &repaired),
    ] {
        group.bench_function(label, |b| {
            b.iter(|| black_box(load_path(path, &Cancel::default()).unwrap()))
        });
    }
    group.finish();
}

fn bench_csv(c: &mut Criterion) {
    let rows: Vec<[String; 4]> = (0..25_000)
        .map(|i| {
            [
                format!("SR-{i}"),
                if i % 10 == 0 {
                    format!("=HYPERLINK(\"x{i}\")")
                } else {
                    format!("Gebiet {i}")
                },
                format!("-{i},5"),
                format!("{}", i as f64 * 0.25),
            ]
        })
        .collect();
    let mut group = c.benchmark_group("hostile");
    group.bench_function("CSV 100,000 cells written formula-safe", |b| {
        b.iter(|| {
            let mut out = CsvOut::german();
            for r in &rows {
                out.row(r).unwrap();
            }
            black_box(out.finish().unwrap())
        })
    });
    group.finish();
}

criterion_group!(benches, bench_geojson, bench_csv);
criterion_main!(benches);
