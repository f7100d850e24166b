//! The drawing mesh of an area layer, built once when the layer is loaded.
//!
//! egui fills only convex polygons, but Sozialräume are concave and may have holes. So every
//! polygon is triangulated once (geo's earcut) in Web-Mercator unit coordinates (the square
//! `[0,1]²`, (0,0) top-left, as the tile grid), and the map only transforms vertices each frame.
//! Outlines are kept as rings in the same space. This module is pure: no egui, no walkers.

use std::ops::Range;

use geo::{Coord, LineString, Polygon, TriangulateEarcut};

use crate::crs::unit_merc_from_lonlat;
use crate::model::layer::Area;

/// Triangles and outline rings of all areas of a layer, in Web-Mercator unit coordinates.
#[derive(Debug, Clone, Default)]
pub struct AreaMesh {
    /// Triangle vertices.
    pub vertices: Vec<[f64; 2]>,
    /// Three indices into `vertices` per triangle.
    pub indices: Vec<u32>,
    /// Per area, its range in `indices`.
    pub area_triangles: Vec<Range<usize>>,
    /// Per area, its range in `vertices` (its triangles only use these).
    pub area_vertices: Vec<Range<usize>>,
    /// Vertices of all outline rings, one after the other.
    pub ring_vertices: Vec<[f64; 2]>,
    /// Each ring's range in `ring_vertices` (closed: first == last).
    pub rings: Vec<Range<usize>>,
    /// Per area, its range in `rings`.
    pub area_rings: Vec<Range<usize>>,
}

impl AreaMesh {
    pub fn build(areas: &[Area]) -> Self {
        let mut mesh = AreaMesh::default();
        for area in areas {
            let tri_start = mesh.indices.len();
            let vert_start = mesh.vertices.len();
            let ring_start = mesh.rings.len();
            for polygon in &area.geometry.0 {
                let merc = polygon_to_unit_merc(polygon);
                if merc.exterior().0.len() < 4 {
                    continue;
                }
                mesh.add_triangles(&merc);
                mesh.add_ring(merc.exterior());
                for hole in merc.interiors() {
                    mesh.add_ring(hole);
                }
            }
            mesh.area_triangles.push(tri_start..mesh.indices.len());
            mesh.area_vertices.push(vert_start..mesh.vertices.len());
            mesh.area_rings.push(ring_start..mesh.rings.len());
        }
        mesh
    }

    fn add_triangles(&mut self, polygon: &Polygon<f64>) {
        let raw = polygon.earcut_triangles_raw();
        let base = self.vertices.len();
        self.vertices.extend(raw.vertices.iter().copied());
        self.indices.extend(
            raw.triangle_indices
                .iter()
                .map(|&i| u32::try_from(base + i).unwrap_or(u32::MAX)),
        );
    }

    fn add_ring(&mut self, ring: &LineString<f64>) {
        let start = self.ring_vertices.len();
        self.ring_vertices.extend(ring.0.iter().map(|c| [c.x, c.y]));
        self.rings.push(start..self.ring_vertices.len());
    }

    /// Sum of the triangle areas of one area, in unit-Mercator square units.
    pub fn triangulated_area(&self, area: usize) -> f64 {
        let Some(range) = self.area_triangles.get(area) else {
            return 0.0;
        };
        self.indices[range.clone()]
            .chunks_exact(3)
            .map(|t| {
                let [a, b, c] = [t[0], t[1], t[2]].map(|i| self.vertices[i as usize]);
                ((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])).abs() / 2.0
            })
            .sum()
    }

    pub fn triangle_count(&self) -> usize {
        self.indices.len() / 3
    }
}

/// A WGS84 polygon in Web-Mercator unit coordinates.
pub fn polygon_to_unit_merc(polygon: &Polygon<f64>) -> Polygon<f64> {
    let ring = |ls: &LineString<f64>| {
        LineString::new(
            ls.0.iter()
                .map(|c| {
                    let (x, y) = unit_merc_from_lonlat(c.x, c.y);
                    Coord { x, y }
                })
                .collect(),
        )
    };
    Polygon::new(
        ring(polygon.exterior()),
        polygon.interiors().iter().map(ring).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area as _, Centroid, Contains, MultiPolygon, Point, polygon};

    /// A concave "E"-like Sozialraum near Frankfurt with a hole.
    fn concave_with_hole() -> Polygon<f64> {
        polygon!(
            exterior: [
                (x: 8.60, y: 50.10), (x: 8.70, y: 50.10), (x: 8.70, y: 50.12),
                (x: 8.64, y: 50.12), (x: 8.64, y: 50.13), (x: 8.70, y: 50.13),
                (x: 8.70, y: 50.15), (x: 8.60, y: 50.15), (x: 8.60, y: 50.10),
            ],
            interiors: [[
                (x: 8.61, y: 50.11), (x: 8.63, y: 50.11), (x: 8.63, y: 50.14),
                (x: 8.61, y: 50.14), (x: 8.61, y: 50.11),
            ]],
        )
    }

    fn area_of(p: Polygon<f64>) -> Area {
        let mp = MultiPolygon::new(vec![p]);
        Area::new(0, vec![], mp.clone(), mp)
    }

    #[test]
    fn the_triangulation_covers_a_concave_polygon_with_a_hole_exactly() {
        let polygon = concave_with_hole();
        let mesh = AreaMesh::build(&[area_of(polygon.clone())]);
        let expected = polygon_to_unit_merc(&polygon).unsigned_area();
        let got = mesh.triangulated_area(0);
        assert!(expected > 0.0);
        assert!(
            ((got - expected) / expected).abs() < 1e-9,
            "triangles {got} vs polygon {expected}"
        );
    }

    #[test]
    fn no_triangle_lies_in_the_hole_or_the_notch() {
        let polygon = polygon_to_unit_merc(&concave_with_hole());
        let mesh = AreaMesh::build(&[area_of(concave_with_hole())]);
        assert!(mesh.triangle_count() >= 8);
        for t in mesh.indices.chunks_exact(3) {
            let pts: Vec<Coord<f64>> = t
                .iter()
                .map(|&i| {
                    let v = mesh.vertices[i as usize];
                    Coord { x: v[0], y: v[1] }
                })
                .collect();
            let tri = geo::Triangle::new(pts[0], pts[1], pts[2]);
            let c: Point<f64> = tri.centroid();
            assert!(polygon.contains(&c), "triangle centroid {c:?} outside");
        }
    }

    #[test]
    fn outlines_keep_every_ring() {
        let mesh = AreaMesh::build(&[area_of(concave_with_hole())]);
        assert_eq!(mesh.area_rings[0].len(), 2);
        assert_eq!(mesh.rings[0].len(), 9);
        assert_eq!(mesh.rings[1].len(), 5);
    }

    #[test]
    fn a_degenerate_polygon_is_skipped_not_panicked_on() {
        let degenerate = Polygon::new(LineString::new(vec![]), vec![]);
        let mesh = AreaMesh::build(&[area_of(degenerate)]);
        assert_eq!(mesh.triangle_count(), 0);
        assert_eq!(mesh.triangulated_area(0), 0.0);
        assert_eq!(mesh.triangulated_area(5), 0.0);
    }
}
