//! Large synthetic area layers for scale tests and benchmarks: a square grid in UTM zone 32N
//! (EPSG:25832) around Frankfurt, written as GeoJSON in WGS84 with invented indicators. Every
//! feature says `"quelle": "fiktive Beispieldaten"`. Deterministic: the same grid writes the
//! same bytes. Used by `examples/make_grid.rs`, the scale benchmark and the tests.

use std::fmt::Write as _;
use std::io::Write;

use geo::{BoundingRect, Contains, MultiPolygon, Point, Polygon, Rect};

use crate::crs::{Crs, CrsError, Transformer};

/// What grid to write.
#[derive(Debug, Clone)]
pub struct Grid {
    /// Edge length of a cell in metres.
    pub cell: f64,
    /// A square block of exactly this many cells centred on Frankfurt (the last row partial),
    /// instead of the cells of `clip`.
    pub count: Option<usize>,
    /// Polygons in UTM 32N a cell's centre must lie in (e.g. the Stadtteile of Frankfurt).
    pub clip: Option<MultiPolygon<f64>>,
}

/// Why a grid could not be written.
#[derive(Debug, thiserror::Error)]
pub enum GridError {
    #[error("Zellgröße muss mindestens 1 m sein")]
    Cell,
    #[error("Die Fläche zum Zuschneiden ist leer")]
    EmptyClip,
    #[error("Umrechnung fehlgeschlagen: {0}")]
    Crs(#[from] CrsError),
    #[error("Schreiben fehlgeschlagen: {0}")]
    Io(#[from] std::io::Error),
}

/// Centre of the `count` block (UTM 32N): Frankfurt's city centre.
const CENTRE: (f64, f64) = (476_000.0, 5_555_000.0);

/// SplitMix64: a tiny deterministic generator, enough for invented noise.
struct Rng(u64);

impl Rng {
    fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Hot spots of invented disadvantage (UTM 32N metres, strength, radius in metres).
const HOT_SPOTS: [(f64, f64, f64, f64); 5] = [
    (469_500.0, 5_553_500.0, 1.0, 1_800.0), // west (Griesheim/Nied side)
    (476_500.0, 5_550_000.0, 0.8, 1_200.0), // south of the river
    (481_500.0, 5_554_500.0, 0.9, 1_500.0), // east
    (472_500.0, 5_558_500.0, 0.7, 1_300.0), // north-west
    (478_000.0, 5_562_500.0, 0.6, 1_600.0), // north
];

fn need(x: f64, y: f64) -> f64 {
    HOT_SPOTS
        .iter()
        .map(|&(hx, hy, s, r)| {
            let d2 = (x - hx).powi(2) + (y - hy).powi(2);
            s * (-d2 / (2.0 * r * r)).exp()
        })
        .sum::<f64>()
        .min(1.5)
}

/// Write the grid as a GeoJSON FeatureCollection; returns the number of cells.
pub fn write_grid(grid: &Grid, out: &mut impl Write) -> Result<usize, GridError> {
    let cell = grid.cell;
    if !(cell >= 1.0 && cell.is_finite()) {
        return Err(GridError::Cell);
    }
    let to_wgs = Transformer::new(Crs::UTM32N, Crs::WGS84)?;
    let (x0, y0, cols, rows, clip) = match (grid.count, &grid.clip) {
        (Some(n), _) => {
            let side = (n as f64).sqrt().ceil() as usize;
            let half = side as f64 * cell / 2.0;
            (
                CENTRE.0 - half,
                CENTRE.1 - half,
                side,
                n.div_ceil(side.max(1)),
                Vec::new(),
            )
        }
        (None, Some(clip)) => {
            let r = clip.bounding_rect().ok_or(GridError::EmptyClip)?;
            let x0 = (r.min().x / cell).floor() * cell;
            let y0 = (r.min().y / cell).floor() * cell;
            let cols = ((r.max().x - x0) / cell).ceil() as usize;
            let rows = ((r.max().y - y0) / cell).ceil() as usize;
            let parts: Vec<(Polygon<f64>, Rect<f64>)> = clip
                .0
                .iter()
                .filter_map(|p| p.bounding_rect().map(|r| (p.clone(), r)))
                .collect();
            (x0, y0, cols, rows, parts)
        }
        (None, None) => return Err(GridError::EmptyClip),
    };
    writeln!(
        out,
        "{{\"type\":\"FeatureCollection\",\"name\":\"Raster {cell} m (fiktive Beispieldaten)\",\"features\":["
    )?;
    let mut rng = Rng(0x5A17_A71A_5000 ^ cell.to_bits());
    let mut written = 0usize;
    let mut line = String::new();
    'rows: for row in 0..rows {
        for col in 0..cols {
            if grid.count.is_some_and(|n| written >= n) {
                break 'rows;
            }
            let (x, y) = (x0 + col as f64 * cell, y0 + row as f64 * cell);
            let (mx, my) = (x + cell / 2.0, y + cell / 2.0);
            if grid.count.is_none() {
                let centre = Point::new(mx, my);
                let inside = clip.iter().any(|(p, r)| {
                    r.min().x <= mx
                        && mx <= r.max().x
                        && r.min().y <= my
                        && my <= r.max().y
                        && p.contains(&centre)
                });
                if !inside {
                    continue;
                }
            }
            let n = need(mx, my);
            let noise = rng.next_f64() - 0.5;
            // Residents: dense near the centre, sparse outside, a third of the cells empty
            // (woods, fields, industry) — about 0.8 million over Frankfurt's 24,800 cells of
            // 100 m (the city has about 0.77 million).
            let urban = (-((mx - CENTRE.0).hypot(my - CENTRE.1 + 2_500.0)) / 4_000.0).exp();
            let empty = rng.next_f64() < 0.35;
            let scale = rng.next_f64() + 0.5;
            let einwohner = if empty {
                0
            } else {
                ((10.0 + 165.0 * urban) * scale * (cell / 100.0).powi(2)).round() as u64
            };
            line.clear();
            let _ = write!(
                line,
                "{}{{\"type\":\"Feature\",\"properties\":{{\"zelle_id\":\"{cell}mN{y:.0}E{x:.0}\",\
                 \"einwohner\":{einwohner},",
                if written == 0 { "" } else { ",\n" },
            );
            if einwohner == 0 {
                // No residents, no rates.
                line.push_str("\"sgb2_quote\":null,\"kinderarmut\":null,\"altersarmut\":null,");
            } else {
                let sgb2 = (4.0 + 22.0 * n + 4.0 * noise).clamp(0.5, 45.0);
                let kinder = (sgb2 * 1.6 + 3.0 * (rng.next_f64() - 0.5)).clamp(0.5, 70.0);
                let alter = (2.5 + 9.0 * n + 2.0 * (rng.next_f64() - 0.5)).clamp(0.2, 25.0);
                let _ = write!(
                    line,
                    "\"sgb2_quote\":{sgb2:.1},\"kinderarmut\":{kinder:.1},\"altersarmut\":{alter:.1},"
                );
            }
            line.push_str(
                "\"quelle\":\"fiktive Beispieldaten\"},\"geometry\":{\"type\":\"Polygon\",\
                 \"coordinates\":[[",
            );
            let corners = [
                (x, y),
                (x + cell, y),
                (x + cell, y + cell),
                (x, y + cell),
                (x, y),
            ];
            for (i, &(cx, cy)) in corners.iter().enumerate() {
                let (lon, lat) = to_wgs.transform(cx, cy)?;
                let _ = write!(line, "{}[{lon:.7},{lat:.7}]", if i == 0 { "" } else { "," });
            }
            line.push_str("]]}}");
            out.write_all(line.as_bytes())?;
            written += 1;
        }
    }
    writeln!(out, "\n]}}")?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{Cancel, build, geojson};

    #[test]
    fn a_block_has_exactly_the_cells_asked_for_with_100_m_edges_and_labelled_values() {
        let mut bytes = Vec::new();
        let grid = Grid {
            cell: 100.0,
            count: Some(1_000),
            clip: None,
        };
        assert_eq!(write_grid(&grid, &mut bytes).expect("written"), 1_000);
        let raw = geojson::read_bytes(&bytes, "raster.geojson", "raster").expect("GeoJSON");
        let loaded = build::build(raw, &Cancel::default()).expect("layer");
        let crate::model::Layer::Areas(layer) = loaded.layer else {
            panic!("not areas");
        };
        assert_eq!(layer.areas.len(), 1_000);
        assert!(loaded.report.skipped.is_empty());
        assert!(layer.fictitious);
        for area in &layer.areas {
            // 100 m × 100 m = 10,000 m² in the metric CRS (7 decimals of a degree ≈ 1 cm).
            assert!(
                (area.area_m2() - 10_000.0).abs() < 5.0,
                "{}",
                area.area_m2()
            );
        }
        let mut again = Vec::new();
        write_grid(&grid, &mut again).expect("written");
        assert_eq!(bytes, again, "deterministic");
    }

    #[test]
    fn a_clipped_grid_keeps_only_cells_whose_centre_is_inside() {
        use geo::polygon;
        // A 1 km × 500 m rectangle: 10 × 5 cells of 100 m.
        let clip = MultiPolygon::new(vec![polygon![
            (x: 476_000.0, y: 5_555_000.0), (x: 477_000.0, y: 5_555_000.0),
            (x: 477_000.0, y: 5_555_500.0), (x: 476_000.0, y: 5_555_500.0),
        ]]);
        let grid = Grid {
            cell: 100.0,
            count: None,
            clip: Some(clip),
        };
        assert_eq!(
            write_grid(&grid, &mut std::io::sink()).expect("written"),
            50
        );
        let bad = Grid {
            cell: 0.0,
            count: Some(5),
            clip: None,
        };
        assert!(matches!(
            write_grid(&bad, &mut std::io::sink()),
            Err(GridError::Cell)
        ));
    }
}
