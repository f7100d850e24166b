//! The checks a feature's geometry must pass before it is loaded — an area needs three
//! distinct corners and an extent, coordinates that claim to be lon/lat must be in range — and
//! the reprojection of its rings. Each refusal says why, in German and English.

use geo::{BoundingRect, Coord, LineString, MultiPolygon, Polygon};

use crate::crs::{Transformer, is_valid_lonlat};
use crate::i18n::{Bilingual, Words};

pub(super) fn check_polygons(mp: &MultiPolygon<f64>) -> Result<(), Bilingual> {
    if mp.0.is_empty() {
        return Err(Bilingual::new(
            "Fläche ohne Koordinaten",
            "Area without coordinates",
        ));
    }
    for p in &mp.0 {
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            if ring.0.iter().any(|c| !(c.x.is_finite() && c.y.is_finite())) {
                return Err(Bilingual::new(
                    "Fläche mit ungültigen Zahlen in den Koordinaten",
                    "Area with invalid numbers in its coordinates",
                ));
            }
        }
        if distinct_points(p.exterior()) < 3 {
            return Err(Bilingual::new(
                "Fläche mit weniger als drei verschiedenen Eckpunkten",
                "Area with fewer than three distinct corners",
            ));
        }
        // A hole of fewer than three distinct points has no inside; triangulating it fails.
        if p.interiors().iter().any(|h| distinct_points(h) < 3) {
            return Err(Bilingual::new(
                "Loch (innerer Ring) mit weniger als drei verschiedenen Eckpunkten",
                "Hole (inner ring) with fewer than three distinct corners",
            ));
        }
        if p.bounding_rect()
            .is_some_and(|r| r.width() == 0.0 || r.height() == 0.0)
        {
            return Err(Bilingual::new(
                "Fläche ohne Ausdehnung (alle Eckpunkte auf einer Linie)",
                "Area without extent (all corners on one line)",
            ));
        }
    }
    Ok(())
}

/// The number of distinct points of a ring, counted up to three (all the check needs):
/// a linear scan without allocation.
fn distinct_points(ring: &LineString<f64>) -> usize {
    let mut it = ring.0.iter();
    let Some(a) = it.next() else {
        return 0;
    };
    let Some(b) = it.by_ref().find(|c| *c != a) else {
        return 1;
    };
    if it.any(|c| c != a && c != b) { 3 } else { 2 }
}

pub(super) fn check_lonlat(mut coords: impl Iterator<Item = Coord<f64>>) -> Result<(), Bilingual> {
    match coords.find(|c| !is_valid_lonlat(c.x, c.y)) {
        None => Ok(()),
        Some(c) => {
            let (de, en) = (Words::new(false), Words::new(true));
            Err(Bilingual::new(
                format!(
                    "Koordinaten außerhalb des Bereichs für Längen-/Breitengrade (x = {}, y = {}); \
                     vermutlich ein anderes Koordinatensystem als angegeben – Objekt nicht \
                     gezeichnet",
                    de.fixed(c.x, 1),
                    de.fixed(c.y, 1)
                ),
                format!(
                    "Coordinates outside the range of longitudes and latitudes (x = {}, y = {}); \
                     probably another coordinate system than the file states – feature not drawn",
                    en.fixed(c.x, 1),
                    en.fixed(c.y, 1)
                ),
            ))
        }
    }
}

/// A coordinate that the reprojection refused.
pub(super) fn transform_error(e: impl std::fmt::Display) -> Bilingual {
    Bilingual::new(
        e.to_string(),
        format!("Coordinates cannot be reprojected ({e})"),
    )
}

pub(super) fn map_mp(
    mp: &MultiPolygon<f64>,
    t: &Transformer,
) -> Result<MultiPolygon<f64>, Bilingual> {
    let ring = |ls: &LineString<f64>| -> Result<LineString<f64>, Bilingual> {
        ls.0.iter()
            .map(|c| {
                t.transform(c.x, c.y)
                    .map(|(x, y)| Coord { x, y })
                    .map_err(transform_error)
            })
            .collect::<Result<Vec<_>, _>>()
            .map(LineString::new)
    };
    mp.0.iter()
        .map(|p| {
            Ok(Polygon::new(
                ring(p.exterior())?,
                p.interiors().iter().map(ring).collect::<Result<_, _>>()?,
            ))
        })
        .collect::<Result<Vec<_>, Bilingual>>()
        .map(MultiPolygon::new)
}
