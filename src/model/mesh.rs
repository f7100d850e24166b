//! The drawing mesh of an area layer, built once when the layer is loaded.
//!
//! egui fills only convex polygons, but Sozialräume are concave and may have holes. So every
//! polygon is triangulated once (geo's earcut) in Web-Mercator unit coordinates (the square
//! `[0,1]²`, (0,0) top-left, as the tile grid), and the map only transforms vertices each frame.
//! Outlines are kept as rings in the same space. This module is pure: no egui, no walkers.
//!
//! Level of detail: besides the full mesh, coarser levels are built once, each with its rings
//! simplified (Douglas–Peucker) to a tolerance that stays under half a pixel at the zoom it is
//! used for. [`AreaMesh::for_scale`] picks the coarsest level whose error is below half a pixel
//! at the current scale, so the city-wide view does not transform vertices nobody can see. A
//! level is kept only when it saves vertices (a square grid has nothing to simplify). An area
//! smaller than the tolerance is drawn as its bounding box at that level.

use std::ops::Range;

use geo::{BoundingRect, Coord, LineString, Polygon, Simplify, TriangulateEarcut};

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
    /// Per ring, its extent in unit coordinates `[min x, min y, max x, max y]`.
    pub ring_bounds: Vec<[f64; 4]>,
    /// Coarser levels, finest first (empty in a level itself).
    pub coarser: Vec<Lod>,
}

/// A simplified copy of a mesh, used while its tolerance stays under half a pixel.
#[derive(Debug, Clone)]
pub struct Lod {
    /// Douglas–Peucker tolerance in unit-Mercator coordinates.
    pub tolerance: f64,
    pub mesh: AreaMesh,
}

/// The largest simplification error allowed on screen, in pixels.
pub const MAX_ERROR_PX: f64 = 0.5;

/// The zooms the coarser levels are made for (each level's tolerance is half a pixel there).
const LOD_ZOOMS: [f64; 3] = [12.0, 10.0, 8.0];

/// A coarser level is kept only if it has at most this share of the finer level's vertices.
const LOD_MIN_SAVING: f64 = 0.8;

impl AreaMesh {
    /// The full mesh and its coarser levels.
    pub fn build(areas: &[Area]) -> Self {
        let merc: Vec<Vec<Polygon<f64>>> = areas
            .iter()
            .map(|a| a.geometry.0.iter().map(polygon_to_unit_merc).collect())
            .collect();
        let mut mesh = Self::from_unit_polygons(&merc);
        let mut finer = mesh.ring_vertices.len();
        // Only rings of more than five points can shrink; when they hold too few of the
        // vertices, no level can save enough (a grid of squares: none at all).
        let reducible: usize = mesh.rings.iter().map(|r| r.len()).filter(|&n| n > 5).sum();
        if (reducible as f64) < (1.0 - LOD_MIN_SAVING) * finer as f64 {
            return mesh;
        }
        for zoom in LOD_ZOOMS {
            let tolerance = MAX_ERROR_PX / (256.0 * 2f64.powf(zoom));
            let simplified: Vec<Vec<Polygon<f64>>> = merc
                .iter()
                .map(|polygons| {
                    polygons
                        .iter()
                        .filter_map(|p| simplify_polygon(p, tolerance))
                        .collect()
                })
                .collect();
            // Count before triangulating: most levels of a fine grid save nothing.
            let count: usize = simplified
                .iter()
                .flatten()
                .map(|p| {
                    p.exterior().0.len() + p.interiors().iter().map(|h| h.0.len()).sum::<usize>()
                })
                .sum();
            if (count as f64) <= LOD_MIN_SAVING * finer as f64 {
                finer = count;
                mesh.coarser.push(Lod {
                    tolerance,
                    mesh: Self::from_unit_polygons(&simplified),
                });
            }
        }
        mesh
    }

    fn from_unit_polygons(areas: &[Vec<Polygon<f64>>]) -> Self {
        let mut mesh = AreaMesh::default();
        for polygons in areas {
            let tri_start = mesh.indices.len();
            let vert_start = mesh.vertices.len();
            let ring_start = mesh.rings.len();
            for merc in polygons {
                if merc.exterior().0.len() < 4 {
                    continue;
                }
                // A hole of fewer than four positions encloses nothing, and earcut asserts on
                // it; the readers drop such holes, this keeps the mesh safe from any source.
                let cleaned;
                let merc = if merc.interiors().iter().any(|h| h.0.len() < 4) {
                    let holes = merc
                        .interiors()
                        .iter()
                        .filter(|h| h.0.len() >= 4)
                        .cloned()
                        .collect();
                    cleaned = Polygon::new(merc.exterior().clone(), holes);
                    &cleaned
                } else {
                    merc
                };
                mesh.add_triangles(merc);
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

    /// The level to draw at `scale` pixels per unit: the coarsest whose error stays under
    /// [`MAX_ERROR_PX`].
    pub fn for_scale(&self, scale: f64) -> &AreaMesh {
        self.coarser
            .iter()
            .rev()
            .find(|l| l.tolerance * scale <= MAX_ERROR_PX + 1e-9)
            .map_or(self, |l| &l.mesh)
    }

    /// Vertices of outline rings over all levels (for memory figures).
    pub fn vertex_count(&self) -> usize {
        self.vertices.len()
            + self.ring_vertices.len()
            + self
                .coarser
                .iter()
                .map(|l| l.mesh.vertices.len() + l.mesh.ring_vertices.len())
                .sum::<usize>()
    }

    fn add_triangles(&mut self, polygon: &Polygon<f64>) {
        // A convex ring without holes (grid cells, most small areas) is a triangle fan; only
        // the rest needs earcut.
        if polygon.interiors().is_empty()
            && let Some(ring) = convex_ring(polygon.exterior())
        {
            let base = self.vertices.len();
            self.vertices.extend(ring.iter().map(|c| [c.x, c.y]));
            for k in 1..ring.len().saturating_sub(1) {
                let i = |j: usize| u32::try_from(base + j).unwrap_or(u32::MAX);
                self.indices.extend([i(0), i(k), i(k + 1)]);
            }
            return;
        }
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
        let bounds = ring
            .bounding_rect()
            .map_or([0.0; 4], |r| [r.min().x, r.min().y, r.max().x, r.max().y]);
        self.ring_bounds.push(bounds);
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

/// The distinct vertices of a strictly convex ring (closing point dropped, no repeated or
/// collinear points), or `None` when the ring is not like that.
fn convex_ring(ring: &LineString<f64>) -> Option<&[Coord<f64>]> {
    let pts = ring.0.as_slice();
    let pts = match pts {
        [first, .., last] if first == last => &pts[..pts.len() - 1],
        _ => pts,
    };
    let n = pts.len();
    if !(3..=64).contains(&n) {
        return None;
    }
    let mut sign = 0.0f64;
    let mut turn = 0.0f64;
    for k in 0..n {
        let (a, b, c) = (pts[k], pts[(k + 1) % n], pts[(k + 2) % n]);
        let cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
        if cross == 0.0 || !cross.is_finite() || (sign != 0.0 && cross.signum() != sign) {
            return None;
        }
        sign = cross.signum();
        // The exterior angle; a convex ring turns once around, a star-shaped one more.
        let (u, v) = ((b.x - a.x, b.y - a.y), (c.x - b.x, c.y - b.y));
        turn += (u.0 * v.1 - u.1 * v.0).atan2(u.0 * v.0 + u.1 * v.1);
    }
    ((turn.abs() - std::f64::consts::TAU).abs() < 1e-6).then_some(pts)
}

/// A polygon simplified to `tolerance`: rings that collapse become nothing (holes) or the
/// polygon's bounding box (the exterior), so a tiny area stays visible as a speck.
fn simplify_polygon(p: &Polygon<f64>, tolerance: f64) -> Option<Polygon<f64>> {
    // A quadrilateral (a grid cell) stays as it is: at most its bounding box could replace it.
    if p.exterior().0.len() <= 5 && p.interiors().is_empty() {
        return Some(p.clone());
    }
    let exterior = p.exterior().simplify(tolerance);
    if exterior.0.len() >= 4 {
        let holes = p
            .interiors()
            .iter()
            .map(|h| h.simplify(tolerance))
            .filter(|h| h.0.len() >= 4)
            .collect();
        return Some(Polygon::new(exterior, holes));
    }
    let r = p.bounding_rect()?;
    let (a, b) = (r.min(), r.max());
    Some(Polygon::new(
        LineString::from(vec![
            (a.x, a.y),
            (b.x, a.y),
            (b.x, b.y),
            (a.x, b.y),
            (a.x, a.y),
        ]),
        vec![],
    ))
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

    #[test]
    fn a_hole_of_two_points_is_dropped_and_the_area_still_triangulated() {
        let outer = concave_with_hole();
        let speck = LineString::from(vec![(8.605, 50.105), (8.606, 50.106)]);
        let polygon = Polygon::new(
            outer.exterior().clone(),
            vec![outer.interiors()[0].clone(), speck],
        );
        assert_eq!(
            polygon.interiors()[1].0.len(),
            3,
            "closed by geo, still degenerate"
        );
        let mesh = AreaMesh::build(&[area_of(polygon)]);
        // The real hole is kept (exterior + one hole), the speck is not an outline.
        assert_eq!(mesh.area_rings[0].len(), 2);
        let expected = polygon_to_unit_merc(&concave_with_hole()).unsigned_area();
        let got = mesh.triangulated_area(0);
        assert!(
            ((got - expected) / expected).abs() < 1e-9,
            "{got} vs {expected}"
        );
    }

    /// A round Sozialraum of radius ~1.4 km around Frankfurt with 4,000 vertices.
    fn detailed_circle() -> Polygon<f64> {
        let n = 4000;
        let ring: Vec<(f64, f64)> = (0..=n)
            .map(|i| {
                let a = std::f64::consts::TAU * f64::from(i % n) / f64::from(n);
                (8.68 + 0.02 * a.cos(), 50.11 + 0.0128 * a.sin())
            })
            .collect();
        Polygon::new(LineString::from(ring), vec![])
    }

    fn unit_scale(zoom: f64) -> f64 {
        256.0 * 2f64.powf(zoom)
    }

    #[test]
    fn coarser_levels_have_fewer_vertices_and_are_chosen_by_zoom() {
        let mesh = AreaMesh::build(&[area_of(detailed_circle())]);
        assert!(!mesh.coarser.is_empty());
        let mut finer = mesh.ring_vertices.len();
        for level in &mesh.coarser {
            assert!(level.mesh.ring_vertices.len() < finer);
            finer = level.mesh.ring_vertices.len();
        }
        // Close up: the full mesh; city-wide and below: a coarser level, error under 0.5 px.
        assert!(std::ptr::eq(mesh.for_scale(unit_scale(15.0)), &mesh));
        for zoom in [8.0, 9.5, 11.0, 12.0] {
            let scale = unit_scale(zoom);
            let level = mesh.for_scale(scale);
            assert!(!std::ptr::eq(level, &mesh), "zoom {zoom}");
            let tolerance = mesh
                .coarser
                .iter()
                .find(|l| std::ptr::eq(&l.mesh, level))
                .map(|l| l.tolerance)
                .unwrap_or(f64::INFINITY);
            assert!(tolerance * scale <= MAX_ERROR_PX + 1e-9, "zoom {zoom}");
        }
    }

    #[test]
    fn every_original_vertex_stays_within_the_tolerance_of_the_simplified_ring() {
        use geo::{Distance, Euclidean};
        let mesh = AreaMesh::build(&[area_of(detailed_circle())]);
        let full: Vec<Point<f64>> = mesh.ring_vertices[mesh.rings[0].clone()]
            .iter()
            .map(|v| Point::new(v[0], v[1]))
            .collect();
        for level in &mesh.coarser {
            let m = &level.mesh;
            let ring = LineString::from(
                m.ring_vertices[m.rings[0].clone()]
                    .iter()
                    .map(|v| (v[0], v[1]))
                    .collect::<Vec<_>>(),
            );
            for p in &full {
                let d = Euclidean.distance(p, &ring);
                assert!(
                    d <= level.tolerance * (1.0 + 1e-6),
                    "{d} > {}",
                    level.tolerance
                );
            }
            // The fill changes at most by the band of width `tolerance` along the outline.
            let perimeter: f64 = full
                .windows(2)
                .map(|w| Euclidean.distance(w[0], w[1]))
                .sum();
            let change = (m.triangulated_area(0) - mesh.triangulated_area(0)).abs();
            assert!(change > 0.0 && change <= perimeter * level.tolerance);
        }
    }

    #[test]
    fn a_square_grid_gets_no_coarser_level_and_a_speck_stays_a_box() {
        let square = |x: f64, y: f64, d: f64| {
            Polygon::new(
                LineString::from(vec![(x, y), (x + d, y), (x + d, y + d), (x, y + d), (x, y)]),
                vec![],
            )
        };
        let grid: Vec<Area> = (0..50)
            .map(|i| area_of(square(8.6 + 0.0014 * f64::from(i), 50.1, 0.0014)))
            .collect();
        assert!(AreaMesh::build(&grid).coarser.is_empty());

        // A large detailed area and a speck of a few metres: at the coarse level the speck is
        // its bounding box, not lost.
        let speck = Polygon::new(
            LineString::from(vec![
                (8.70, 50.10),
                (8.70003, 50.10001),
                (8.70005, 50.10),
                (8.70004, 50.10003),
                (8.70001, 50.10003),
                (8.70, 50.10),
            ]),
            vec![],
        );
        let mesh = AreaMesh::build(&[area_of(detailed_circle()), area_of(speck)]);
        let coarsest = &mesh.coarser.last().expect("a coarser level").mesh;
        assert_eq!(coarsest.area_rings[1].len(), 1);
        let ring = &coarsest.rings[coarsest.area_rings[1].start];
        assert_eq!(ring.len(), 5);
        assert!(coarsest.triangulated_area(1) > 0.0);
    }
}
