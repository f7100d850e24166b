//! Speed of the foundation, against the targets of issue #2:
//! - load the whole Frankfurt sample and build all indexes and meshes: < 50 ms;
//! - prepare one frame of the Sozialraum layer for the whole city: < 2 ms (after the first).
//!
//! Run with `cargo bench --bench foundation`. Figures are reported in the README.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use egui::epaint::{ClippedShape, TessellationOptions, Tessellator};
use egui::{Color32, Rect, Stroke, pos2};
use sozialatlas::crs::unit_merc_from_lonlat;
use sozialatlas::io::{Cancel, load_path};
use sozialatlas::map::frame::{ScreenTransform, prepare_area_frame};
use sozialatlas::model::Layer;
use sozialatlas::state::{is_table_path, sample_paths};

fn load_sample() -> Vec<Layer> {
    sample_paths()
        .iter()
        .filter(|p| !is_table_path(p))
        .map(|p| {
            load_path(p, &Cancel::default())
                .expect("sample loads")
                .layer
        })
        .collect()
}

fn bench_load(c: &mut Criterion) {
    c.bench_function("load whole sample + indexes + meshes", |b| {
        b.iter(|| black_box(load_sample()))
    });
}

fn bench_frame(c: &mut Criterion) {
    let layers = load_sample();
    let Some(Layer::Areas(sr)) = layers.into_iter().next() else {
        panic!("first sample layer is the Sozialräume");
    };
    // The whole city on a 1100 × 860 map view at zoom 11.3, as the window shows it at start.
    let rect = Rect::from_min_size(pos2(270.0, 20.0), egui::vec2(1100.0, 860.0));
    let (cx, cy) = unit_merc_from_lonlat(8.6364, 50.1212);
    let t = ScreenTransform::new([cx, cy], rect.center(), 11.3);
    let fill = |_| Color32::from_rgba_premultiplied(20, 37, 52, 85);
    let stroke = |_| Stroke::new(0.8, Color32::from_rgb(0x2B, 0x4C, 0x6F));
    let visible_of = || {
        let (a, b) = t.unit_rect(rect);
        let (lon0, lat1) = sozialatlas::crs::lonlat_from_unit_merc(a[0], a[1]);
        let (lon1, lat0) = sozialatlas::crs::lonlat_from_unit_merc(b[0], b[1]);
        sr.index.in_envelope([lon0, lat0], [lon1, lat1])
    };
    assert_eq!(visible_of().len(), sr.areas.len(), "whole city in view");

    c.bench_function(
        "frame: cull + transform mesh + outlines (Sozialräume)",
        |b| {
            b.iter(|| {
                let visible = visible_of();
                black_box(prepare_area_frame(&sr.mesh, &visible, &t, fill, stroke))
            })
        },
    );

    c.bench_function("frame: ... + egui tessellation of those shapes", |b| {
        b.iter(|| {
            let visible = visible_of();
            let shapes = prepare_area_frame(&sr.mesh, &visible, &t, fill, stroke);
            let clipped = shapes
                .into_iter()
                .map(|s| ClippedShape::new(rect, s))
                .collect();
            let mut tess = Tessellator::new(
                1.0,
                TessellationOptions::default(),
                [1024, 1024],
                Vec::new(),
            );
            black_box(tess.tessellate_shapes(clipped))
        })
    });
}

criterion_group!(benches, bench_load, bench_frame);
criterion_main!(benches);
