//! The regional context drawn by the app itself when no basemap tiles are shown (first start
//! without network, "Kein Hintergrund"): the Kreise around Frankfurt as light land with grey
//! outlines and names, from the bundled `assets/context/kreise_rhein_main.geojson`.

use std::sync::OnceLock;

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Shape, Stroke};
use geo::{Centroid, MultiPolygon, Polygon};

use super::frame::ScreenTransform;
use crate::crs::unit_merc_from_lonlat;

static DATA: &str = include_str!("../../assets/context/kreise_rhein_main.geojson");

const OUTLINE: Color32 = Color32::from_rgb(0xA8, 0xA4, 0x9C);
const NAME: Color32 = Color32::from_rgb(0x8A, 0x86, 0x7E);

struct Kreis {
    name: String,
    /// Rings in unit-Mercator coordinates.
    rings: Vec<Vec<[f64; 2]>>,
    label: [f64; 2],
}

fn kreise() -> &'static [Kreis] {
    static KREISE: OnceLock<Vec<Kreis>> = OnceLock::new();
    KREISE.get_or_init(|| parse().unwrap_or_default())
}

fn parse() -> Option<Vec<Kreis>> {
    let gj: geojson::GeoJson = DATA.parse().ok()?;
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        return None;
    };
    let mut out = Vec::new();
    for f in fc.features {
        let name = f
            .property("name")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned();
        let Some(geom) = f.geometry else { continue };
        let mp: MultiPolygon<f64> = match geo::Geometry::<f64>::try_from(geom.value) {
            Ok(geo::Geometry::MultiPolygon(mp)) => mp,
            Ok(geo::Geometry::Polygon(p)) => MultiPolygon::new(vec![p]),
            _ => continue,
        };
        let label = mp.centroid().map_or([0.0, 0.0], |c| {
            let (x, y) = unit_merc_from_lonlat(c.x(), c.y());
            [x, y]
        });
        let rings =
            mp.0.iter()
                .flat_map(|p: &Polygon<f64>| std::iter::once(p.exterior()).chain(p.interiors()))
                .map(|r| {
                    r.0.iter()
                        .map(|c| {
                            let (x, y) = unit_merc_from_lonlat(c.x, c.y);
                            [x, y]
                        })
                        .collect()
                })
                .collect();
        out.push(Kreis { name, rings, label });
    }
    Some(out)
}

/// Outlines and names of the Kreise in view (names from zoom 8 on).
pub(super) fn draw(painter: &Painter, t: &ScreenTransform, rect: Rect, zoom: f64) {
    let (a, b) = t.unit_rect(rect);
    let stroke = Stroke::new(1.0, OUTLINE);
    for k in kreise() {
        for ring in &k.rings {
            let inside = ring
                .iter()
                .any(|p| p[0] >= a[0] && p[0] <= b[0] && p[1] >= a[1] && p[1] <= b[1]);
            if !inside {
                continue;
            }
            let pts: Vec<Pos2> = ring.iter().map(|p| t.apply(*p)).collect();
            painter.add(Shape::line(pts, stroke));
        }
    }
    if zoom >= 8.0 {
        for k in kreise() {
            let p = t.apply(k.label);
            if rect.contains(p) {
                painter.text(
                    p,
                    Align2::CENTER_CENTER,
                    &k.name,
                    FontId::proportional(12.0),
                    NAME,
                );
            }
        }
    }
}
