//! Scale, against the targets of issue #9, on a synthetic layer of 100,000 cells of 100 m
//! around Frankfurt (`sozialatlas::io::synthetic`, as `examples/make_grid` writes it):
//! - load it from GeoJSON (parse, check, reproject, type, R-tree, meshes with their levels of
//!   detail): at least 2× faster than `geopandas.read_file` on the same file
//!   (`benches/geopandas_read.py` measures that side);
//! - prepare one frame with all 100,000 cells visible: < 8 ms;
//! - and, for comparison, frames zoomed in to zoom 12, 13 and 14 (cells 4, 8 and 16 px wide),
//!   and the hatching of a grid whose every cell is withheld;
//! - compute a class map of all 100,000 cells (no target; it runs on the UI thread).
//!
//! Run with `cargo bench --bench scale`. Set `SOZIALATLAS_GRID` to keep the generated file
//! (for the geopandas side); figures are in the README.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benches may panic on broken fixtures

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use egui::epaint::{ClippedShape, TessellationOptions, Tessellator};
use egui::{Color32, Rect, Stroke, pos2};
use sozialatlas::analysis::thematic::ThematicSettings;
use sozialatlas::crs::{lonlat_from_unit_merc, unit_merc_from_lonlat};
use sozialatlas::io::synthetic::{Grid, write_grid};
use sozialatlas::io::{Cancel, load_path};
use sozialatlas::map::frame::{ScreenTransform, prepare_area_frame};
use sozialatlas::map::hatch::hatch;
use sozialatlas::model::{AreaLayer, Layer};
use sozialatlas::state::{AppState, Command};

/// The allocator of the `sozialatlas` binary, so the figures are the program's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const CELLS: usize = 100_000;

fn grid_file() -> (PathBuf, Option<tempfile::TempDir>) {
    let (path, dir) = match std::env::var_os("SOZIALATLAS_GRID") {
        Some(p) => (PathBuf::from(p), None),
        None => {
            let dir = tempfile::tempdir().unwrap();
            (dir.path().join("raster_100k.geojson"), Some(dir))
        }
    };
    if !path.exists() {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let grid = Grid {
            cell: 100.0,
            count: Some(CELLS),
            clip: None,
        };
        assert_eq!(write_grid(&grid, &mut out).unwrap(), CELLS);
    }
    (path, dir)
}

fn load(path: &Path) -> AreaLayer {
    match load_path(path, &Cancel::default()).unwrap().layer {
        Layer::Areas(l) => l,
        Layer::Facilities(_) => panic!("the grid is areas"),
    }
}

fn bench_load(c: &mut Criterion) {
    let (path, _dir) = grid_file();
    let mut group = c.benchmark_group("scale");
    group.sample_size(10);
    group.bench_function("load 100,000 polygons from GeoJSON", |b| {
        b.iter(|| black_box(load(&path)))
    });
    group.finish();
}

/// A map view of 1440 × 900 pixels centred on the layer at `zoom`.
fn view(layer: &AreaLayer, zoom: f64) -> (ScreenTransform, Rect) {
    let rect = Rect::from_min_size(pos2(0.0, 0.0), egui::vec2(1440.0, 900.0));
    let b = layer.bbox().unwrap();
    let (cx, cy) = unit_merc_from_lonlat((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
    (ScreenTransform::new([cx, cy], rect.center(), zoom), rect)
}

fn visible(layer: &AreaLayer, t: &ScreenTransform, rect: Rect) -> Vec<usize> {
    let (a, b) = t.unit_rect(rect);
    let (lon0, lat1) = lonlat_from_unit_merc(a[0], a[1]);
    let (lon1, lat0) = lonlat_from_unit_merc(b[0], b[1]);
    layer.index.in_envelope([lon0, lat0], [lon1, lat1])
}

fn bench_frame(c: &mut Criterion) {
    let (path, _dir) = grid_file();
    let layer = load(&path);
    // A class colour per cell, as the class map gives them.
    let palette = [
        Color32::from_rgb(0xFE, 0xE5, 0xD9),
        Color32::from_rgb(0xFC, 0xAE, 0x91),
        Color32::from_rgb(0xFB, 0x6A, 0x4A),
        Color32::from_rgb(0xDE, 0x2D, 0x26),
        Color32::from_rgb(0xA5, 0x0F, 0x15),
    ];
    let colours: Vec<Color32> = (0..layer.areas.len())
        .map(|i| palette[(i * 7 + i / 317) % palette.len()])
        .collect();
    let fill = |i: usize| colours[i];
    let stroke = |_| Stroke::new(0.6, Color32::from_rgb(0x55, 0x55, 0x55));

    // The whole block (about 32 × 32 km) on the screen: zoom 10.5.
    let (t, rect) = view(&layer, 10.5);
    assert_eq!(visible(&layer, &t, rect).len(), CELLS, "all cells in view");
    let mut group = c.benchmark_group("scale");
    group.bench_function("cull only: R-tree query of the whole view", |b| {
        b.iter(|| black_box(visible(&layer, &t, rect)))
    });
    group.bench_function(
        "frame: 100,000 cells visible (cull, LOD, fill, outlines)",
        |b| {
            b.iter(|| {
                let v = visible(&layer, &t, rect);
                black_box(prepare_area_frame(&layer.mesh, &v, &t, fill, stroke))
            })
        },
    );
    let tessellate = |shapes: Vec<egui::Shape>| {
        let clipped = shapes
            .into_iter()
            .map(|s| ClippedShape::new(rect, s))
            .collect();
        let mut tess = Tessellator::new(1.0, TessellationOptions::default(), [1024, 1024], vec![]);
        tess.tessellate_shapes(clipped)
    };
    group.bench_function("frame: 100,000 cells + egui tessellation", |b| {
        b.iter(|| {
            let v = visible(&layer, &t, rect);
            black_box(tessellate(prepare_area_frame(
                &layer.mesh,
                &v,
                &t,
                fill,
                stroke,
            )))
        })
    });
    // Zoomed in: at 12 and 13 more cells are in view than the outline budget
    // (`MAX_OUTLINES`) allows, at 14 they get their outlines.
    for (zoom, what) in [
        (12.0, "zoom 12 (cells 4 px)"),
        (13.0, "zoom 13 (cells 8 px)"),
        (14.0, "zoom 14 (cells 16 px, outlines on)"),
    ] {
        let (tz, rectz) = view(&layer, zoom);
        let n = visible(&layer, &tz, rectz).len();
        eprintln!("{what}: {n} cells in view");
        group.bench_function(format!("frame: {what}"), |b| {
            b.iter(|| {
                let v = visible(&layer, &tz, rectz);
                black_box(prepare_area_frame(&layer.mesh, &v, &tz, fill, stroke))
            })
        });
        group.bench_function(format!("frame: {what} + egui tessellation"), |b| {
            b.iter(|| {
                let v = visible(&layer, &tz, rectz);
                black_box(tessellate(prepare_area_frame(
                    &layer.mesh,
                    &v,
                    &tz,
                    fill,
                    stroke,
                )))
            })
        });
    }
    // A grid's default class map: every cell under the privacy minimum, so every cell is
    // hatched. The hatching alone, at zoom 12.
    let (t12, rect12) = view(&layer, 12.0);
    let hatch_stroke = Stroke::new(1.0, Color32::from_rgb(0x80, 0x80, 0x80));
    let hatched = |v: &[usize]| {
        let mut shapes = Vec::new();
        hatch(&layer.mesh, v, &t12, 6.0, hatch_stroke, rect12, &mut shapes);
        shapes
    };
    eprintln!(
        "hatching at zoom 12: {} segments",
        hatched(&visible(&layer, &t12, rect12)).len()
    );
    group.bench_function("hatching: every cell withheld, zoom 12", |b| {
        b.iter(|| black_box(hatched(&visible(&layer, &t12, rect12))))
    });
    group.bench_function(
        "hatching: every cell withheld, zoom 12 + egui tessellation",
        |b| b.iter(|| black_box(tessellate(hatched(&visible(&layer, &t12, rect12))))),
    );
    // The whole frame of that class map, as the map draws it: cull, class fill, outlines
    // (within the budget) and the hatching, then egui's tessellation.
    for zoom in [10.5, 12.0] {
        let (tz, rectz) = view(&layer, zoom);
        group.bench_function(
            format!("class map frame, every cell withheld, zoom {zoom} + egui tessellation"),
            |b| {
                b.iter(|| {
                    let v = visible(&layer, &tz, rectz);
                    let mut shapes = prepare_area_frame(&layer.mesh, &v, &tz, fill, stroke);
                    hatch(&layer.mesh, &v, &tz, 6.0, hatch_stroke, rectz, &mut shapes);
                    black_box(tessellate(shapes))
                })
            },
        );
    }
    group.finish();
}

/// A class map of the 100,000 cells, as *Thematische Karte zeigen* computes it on the UI
/// thread: the table, quantile classes, privacy suppression and the view's columns.
fn bench_class_map(c: &mut Criterion) {
    let (path, _dir) = grid_file();
    let mut state = AppState::default();
    state.apply(sozialatlas::state::Command::LoadNow([path].to_vec()));
    let id = state.layers()[0].id;
    let mut group = c.benchmark_group("scale");
    group.sample_size(20);
    group.bench_function("class map of 100,000 cells (quantiles, privacy)", |b| {
        b.iter(|| {
            state.apply(Command::SetThematic(
                id,
                ThematicSettings::new("sgb2_quote", None),
            ));
            black_box(state.thematic().map(|t| t.rows()))
        })
    });
    group.finish();
}

criterion_group!(benches, bench_load, bench_frame, bench_class_map);
criterion_main!(benches);
