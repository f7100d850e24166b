//! Speed of re-colouring a class map, against the target of the choropleth issue:
//! re-colouring 10,000 polygons under 5 ms. "Re-colouring" is what happens when the user
//! picks another indicator, method, class count or palette: privacy suppression, the
//! classification, the class of every area, the legend (areas and residents per class), and
//! the new colours written into the fill mesh of the next frame.
//!
//! Run with `cargo bench --bench choropleth`. Figures are reported in the README.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benches may panic on broken fixtures

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Color32, pos2};
use geo::{MultiPolygon, polygon};
use sozialatlas::analysis::classify::Method;
use sozialatlas::analysis::data::AreaTable;
use sozialatlas::analysis::thematic::{LevelRows, ThematicSettings, build_view};
use sozialatlas::crs::{Crs, unit_merc_from_lonlat};
use sozialatlas::io::meta::FieldLabels;
use sozialatlas::map::frame::{ScreenTransform, fill_mesh};
use sozialatlas::model::{Area, AreaLayer, Field, FieldType, Schema, Value};

const SIDE: usize = 100; // 100 × 100 = 10,000 polygons

/// A grid of 10,000 small squares over Frankfurt with residents and one indicator.
fn grid() -> (AreaLayer, AreaTable) {
    let (lon0, lat0, step) = (8.47, 50.02, 0.0025);
    let mut areas = Vec::with_capacity(SIDE * SIDE);
    let mut rows = Vec::with_capacity(SIDE * SIDE);
    let mut seed: u64 = 42;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    for i in 0..SIDE {
        for j in 0..SIDE {
            let (x, y) = (lon0 + i as f64 * step, lat0 + j as f64 * step * 0.64);
            let (dx, dy) = (step, step * 0.64);
            let square = polygon![
                (x: x, y: y), (x: x + dx, y: y), (x: x + dx, y: y + dy), (x: x, y: y + dy), (x: x, y: y)
            ];
            let mp = MultiPolygon(vec![square]);
            areas.push(Area::new(areas.len(), Vec::new(), mp.clone(), mp));
            rows.push(vec![
                Value::Number((next() * 2000.0).round()),
                Value::Number((next() * 30.0 * 10.0).round() / 10.0),
            ]);
        }
    }
    let layer = AreaLayer::new("raster".into(), Schema::default(), areas, Crs::UTM32N);
    let f = |n: &str| Field {
        name: n.into(),
        kind: FieldType::Number,
    };
    let table = AreaTable::new(
        Schema {
            fields: vec![f("einwohner"), f("quote")],
        },
        rows,
    );
    (layer, table)
}

fn bench_recolour(c: &mut Criterion) {
    let (layer, table) = grid();
    let labels = FieldLabels::built_in();
    let rows = || LevelRows {
        table: table.clone(),
        titles: vec![String::new(); SIDE * SIDE],
        members: (0..SIDE * SIDE).map(|i| vec![i]).collect(),
        notes: Vec::new(),
    };
    let (cx, cy) = unit_merc_from_lonlat(8.59, 50.10);
    let t = ScreenTransform::new([cx, cy], pos2(700.0, 450.0), 11.5);
    let visible: Vec<usize> = (0..SIDE * SIDE).collect();

    let mut group = c.benchmark_group("recolour 10,000 polygons");
    for (name, method) in [
        ("quantile 5", Method::Quantile),
        ("jenks 5", Method::FisherJenks),
        ("box map", Method::BoxPlot),
    ] {
        let mut s = ThematicSettings::new("quote", None);
        s.method = method;
        group.bench_function(format!("view ({name}) + fill colours"), |b| {
            b.iter_batched(
                rows,
                |r| {
                    let view = build_view(r, &labels, &s);
                    let mut mesh = egui::Mesh::default();
                    fill_mesh(
                        &layer.mesh,
                        &visible,
                        &t,
                        |i| {
                            let [r, g, b] = view.colour(i);
                            Color32::from_rgb(r, g, b)
                        },
                        &mut mesh,
                    );
                    black_box((view.legend.len(), mesh.vertices.len()))
                },
                criterion::BatchSize::LargeInput,
            )
        });
    }
    let s = ThematicSettings::new("quote", None);
    group.bench_function("view only (quantile 5, no mesh)", |b| {
        b.iter_batched(
            rows,
            |r| black_box(build_view(r, &labels, &s).legend.len()),
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench_recolour);
criterion_main!(benches);
