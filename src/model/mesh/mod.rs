//! The drawing mesh of an area layer, built once when the layer is loaded.
//!
//! egui fills only convex polygons, but Sozialräume are concave and may have holes. So every
//! polygon is triangulated once (geo's earcut) in Web-Mercator unit coordinates (the square
//! `[0,1]²`, (0,0) top-left, as the tile grid), and the map only transforms vertices each frame.
//! Outlines are kept as rings in the same space. This module is pure: no egui, no walkers.
//! A polygon with many holes is cut into parts with few holes before earcut (see `split`), so
//! triangulating it takes O(n log n), not holes × vertices.
//!
//! Level of detail: besides the full mesh, coarser levels are built once, each with its rings
//! simplified (Douglas–Peucker) to a tolerance that stays under half a pixel at the zoom it is
//! used for. [`AreaMesh::for_scale`] picks the coarsest level whose error is below half a pixel
//! at the current scale, so the city-wide view does not transform vertices nobody can see. A
//! level is kept only when it saves vertices (a square grid has nothing to simplify). An area
//! smaller than the tolerance is drawn as its bounding box at that level.

mod split;

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
        // Many holes make earcut quadratic: cut the polygon into parts with few holes first.
        if polygon.interiors().len() > split::MAX_HOLES {
            for part in split::parts(polygon) {
                self.add_triangles_of_part(&part);
            }
            return;
        }
        self.add_triangles_of_part(polygon);
    }

    fn add_triangles_of_part(&mut self, polygon: &Polygon<f64>) {
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
mod tests;
