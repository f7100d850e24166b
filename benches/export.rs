//! Speed of the map export on the Frankfurt sample against the targets: an A4 PDF under 1 s,
//! an A4 PNG at 300 dpi under 2 s, the Steckbrief atlas (123 pages) under 30 s. Each includes
//! building the page from the loaded state, laying it out and writing the bytes (not the
//! loading of the files, which the foundation bench measures).
//!
//! Run with `cargo bench --bench export`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benches may panic on broken fixtures

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use sozialatlas::analysis::classify::Method;
use sozialatlas::cli::{ExportArgs, JoinArgs, export_state, layout_of, pages};
use sozialatlas::export::content::Paper;
use sozialatlas::export::pdf::PdfMeta;
use sozialatlas::export::render::{Format, render};

fn args(atlas: bool) -> ExportArgs {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    ExportArgs {
        areas: root.join("sozialraeume.geojson"),
        join: JoinArgs {
            join: Some(root.join("indikatoren_2024.csv")),
            left_key: None,
            right_key: None,
        },
        field: "sgb2_quote".to_owned(),
        method: Method::Quantile,
        classes: 5,
        facilities: vec![
            root.join("nachbarschaftsbueros.geojson"),
            root.join("sozialrathaeuser.geojson"),
        ],
        boundaries: Some(root.join("stadtteile.geojson")),
        format: None,
        dpi: 300.0,
        paper: (Paper::A4, true),
        title: Some("SGB-II-Quote 2024".to_owned()),
        subtitle: None,
        author: None,
        date: Some("Stand: 01.11.2026".to_owned()),
        atlas,
        lang: sozialatlas::i18n::Lang::De,
        out: PathBuf::from("unused"),
    }
}

fn bench_export(c: &mut Criterion) {
    let map = args(false);
    let state = export_state(&map).unwrap();
    let layout = layout_of(&map, &state);
    let meta = PdfMeta::default();
    let mut group = c.benchmark_group("export sample");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("A4 PDF", |b| {
        b.iter(|| {
            let p = pages(&map, &state, &layout).unwrap();
            black_box(render(&p, Format::Pdf, 300.0, &meta).unwrap())
        })
    });
    group.bench_function("A4 PNG 300 dpi", |b| {
        b.iter(|| {
            let p = pages(&map, &state, &layout).unwrap();
            black_box(render(&p, Format::Png, 300.0, &meta).unwrap())
        })
    });
    let atlas = args(true);
    let atlas_state = export_state(&atlas).unwrap();
    let atlas_layout = layout_of(&atlas, &atlas_state);
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    group.bench_function("Steckbrief atlas (123 pages) PDF", |b| {
        b.iter(|| {
            let p = pages(&atlas, &atlas_state, &atlas_layout).unwrap();
            black_box(render(&p, Format::Pdf, 300.0, &meta).unwrap())
        })
    });
    group.finish();
}

criterion_group!(benches, bench_export);
criterion_main!(benches);
