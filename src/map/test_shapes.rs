//! Small test geometries shared by the map's unit tests.

use geo::{LineString, MultiPolygon, Polygon};

use crate::model::layer::Area;
use crate::model::mesh::AreaMesh;

/// A square of `d` degrees with its south-west corner at (`x`, `y`).
pub fn square(x: f64, y: f64, d: f64) -> Polygon<f64> {
    Polygon::new(
        LineString::from(vec![(x, y), (x + d, y), (x + d, y + d), (x, y + d), (x, y)]),
        vec![],
    )
}

/// An area (without attributes) of one polygon, the same in WGS84 and the metric slot.
pub fn area(polygon: Polygon<f64>) -> Area {
    let mp = MultiPolygon::new(vec![polygon]);
    Area::new(0, vec![], mp.clone(), mp)
}

/// Square cells of the given sizes (degrees) in a row eastwards from 8.6° E, 50.1° N.
pub fn cells(sizes: &[f64]) -> AreaMesh {
    let mut x = 8.6;
    let areas: Vec<Area> = sizes
        .iter()
        .map(|&d| {
            let a = area(square(x, 50.1, d));
            x += d;
            a
        })
        .collect();
    AreaMesh::build(&areas)
}
