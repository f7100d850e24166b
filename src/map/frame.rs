//! Per-frame preparation of an area layer for egui: transform the cached mesh vertices from
//! Web-Mercator unit coordinates to screen pixels and emit one coloured triangle mesh plus the
//! outline paths. Nothing is triangulated here — that happened once at load
//! ([`crate::model::mesh`]). Pure function of its inputs, so the benchmark measures exactly it.

use egui::epaint::{Mesh, PathShape, PathStroke, Vertex, WHITE_UV};
use egui::{Color32, Pos2, Rect, Shape, Stroke, pos2};

use crate::model::mesh::AreaMesh;

/// Maps Web-Mercator unit coordinates to screen pixels: `screen = origin + (u − centre) · scale`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScreenTransform {
    /// Unit-Mercator coordinate shown at `origin`.
    pub centre: [f64; 2],
    /// Screen position of `centre`.
    pub origin: Pos2,
    /// Pixels per unit (256 · 2^zoom).
    pub scale: f64,
}

impl ScreenTransform {
    pub fn new(centre: [f64; 2], origin: Pos2, zoom: f64) -> Self {
        Self {
            centre,
            origin,
            scale: 256.0 * 2f64.powf(zoom),
        }
    }

    #[inline]
    pub fn apply(&self, u: [f64; 2]) -> Pos2 {
        pos2(
            self.origin.x + ((u[0] - self.centre[0]) * self.scale) as f32,
            self.origin.y + ((u[1] - self.centre[1]) * self.scale) as f32,
        )
    }

    pub fn invert(&self, p: Pos2) -> [f64; 2] {
        [
            self.centre[0] + f64::from(p.x - self.origin.x) / self.scale,
            self.centre[1] + f64::from(p.y - self.origin.y) / self.scale,
        ]
    }

    /// The visible unit-Mercator rectangle of a screen rect.
    pub fn unit_rect(&self, screen: Rect) -> ([f64; 2], [f64; 2]) {
        (self.invert(screen.min), self.invert(screen.max))
    }
}

/// Fill one mesh with the triangles of the given areas, each in its own colour, at the level
/// of detail of the transform's scale.
pub fn fill_mesh(
    mesh: &AreaMesh,
    areas: &[usize],
    t: &ScreenTransform,
    colour: impl Fn(usize) -> Color32,
    out: &mut Mesh,
) {
    let mesh = mesh.for_scale(t.scale);
    out.vertices.reserve(areas.len() * 4);
    out.indices.reserve(areas.len() * 6);
    for &a in areas {
        let (Some(verts), Some(tris)) = (mesh.area_vertices.get(a), mesh.area_triangles.get(a))
        else {
            continue;
        };
        let c = colour(a);
        if c == Color32::TRANSPARENT {
            continue;
        }
        let base = out.vertices.len() as u32;
        let first = verts.start as u32;
        out.vertices
            .extend(mesh.vertices[verts.clone()].iter().map(|&u| Vertex {
                pos: t.apply(u),
                uv: WHITE_UV,
                color: c,
            }));
        out.indices
            .extend(mesh.indices[tris.clone()].iter().map(|&i| i - first + base));
    }
}

/// Rings smaller than this on screen (both width and height, in pixels) get no outline in a
/// layer's bulk outlines: at that size the outline would only cover the fill.
pub const MIN_OUTLINE_PX: f64 = 4.0;

/// Outline paths of the given areas (every ring, however small: for selections and hover).
pub fn outlines(
    mesh: &AreaMesh,
    areas: &[usize],
    t: &ScreenTransform,
    stroke: impl Fn(usize) -> Stroke,
    out: &mut Vec<Shape>,
) {
    outlines_above(mesh, areas, t, 0.0, stroke, out);
}

/// At most this many rings get an outline in one layer's bulk outlines per frame. Each
/// outline is a separately tessellated, anti-aliased path (12 vertices and 16 triangles for a
/// square), so 70,000 cells of 4 px cost 38 ms a frame and hundreds of MB in a software
/// renderer; beyond this many, the smallest rings lose theirs first.
pub const MAX_OUTLINES: usize = 10_000;

/// How much larger than the largest ring left out by the budget a ring must be to keep its
/// outline.
const OUTLINE_BUDGET_MARGIN: f64 = 1.25;

/// A layer's outlines, leaving out rings smaller than [`MIN_OUTLINE_PX`] on screen, and, when
/// more than [`MAX_OUTLINES`] remain, the smallest of them together with every ring of nearly
/// their size: a grid (whose cells differ by fractions of a percent in Web Mercator) then has
/// all outlines or none, never a band of outlined cells next to a band without.
pub fn layer_outlines(
    mesh: &AreaMesh,
    areas: &[usize],
    t: &ScreenTransform,
    stroke: impl Fn(usize) -> Stroke,
    out: &mut Vec<Shape>,
) {
    let lod = mesh.for_scale(t.scale);
    let mut min_px = MIN_OUTLINE_PX;
    let min_unit = min_px / t.scale;
    let mut sizes: Vec<f64> = areas
        .iter()
        .filter_map(|&a| lod.area_rings.get(a))
        .flat_map(|rings| lod.ring_bounds[rings.clone()].iter())
        .map(|b| (b[2] - b[0]).max(b[3] - b[1]))
        .filter(|&size| size >= min_unit)
        .collect();
    if sizes.len() > MAX_OUTLINES {
        // The size of the largest ring left out: only rings clearly larger keep theirs.
        let left_out = sizes.len() - MAX_OUTLINES;
        let (_, nth, _) = sizes.select_nth_unstable_by(left_out - 1, f64::total_cmp);
        min_px = min_px.max(*nth * t.scale * OUTLINE_BUDGET_MARGIN);
    }
    outlines_above(mesh, areas, t, min_px, stroke, out);
}

fn outlines_above(
    mesh: &AreaMesh,
    areas: &[usize],
    t: &ScreenTransform,
    min_px: f64,
    stroke: impl Fn(usize) -> Stroke,
    out: &mut Vec<Shape>,
) {
    let mesh = mesh.for_scale(t.scale);
    let min_unit = min_px / t.scale;
    for &a in areas {
        let Some(rings) = mesh.area_rings.get(a) else {
            continue;
        };
        let s = stroke(a);
        if s.is_empty() {
            continue;
        }
        for (r, ring) in mesh.rings[rings.clone()].iter().enumerate() {
            if min_unit > 0.0
                && let Some(b) = mesh.ring_bounds.get(rings.start + r)
                && b[2] - b[0] < min_unit
                && b[3] - b[1] < min_unit
            {
                continue;
            }
            let points = screen_ring(&mesh.ring_vertices[ring.clone()], t);
            if points.len() >= 3 {
                out.push(Shape::Path(PathShape::closed_line(
                    points,
                    PathStroke::from(s),
                )));
            }
        }
    }
}

/// Minimum screen distance between consecutive outline points. Sub-pixel steps add nothing
/// visible, and egui's line joins become unstable on them (long spikes across the map).
const MIN_STEP_PX: f32 = 0.75;

/// A ring in screen coordinates with sub-pixel steps removed (closing point dropped:
/// `closed_line` closes the path itself).
fn screen_ring(ring: &[[f64; 2]], t: &ScreenTransform) -> Vec<Pos2> {
    let mut points: Vec<Pos2> = Vec::with_capacity(ring.len());
    for &u in ring {
        let p = t.apply(u);
        if points
            .last()
            .is_none_or(|last| last.distance_sq(p) >= MIN_STEP_PX * MIN_STEP_PX)
        {
            points.push(p);
        }
    }
    while points.len() > 1
        && points
            .last()
            .zip(points.first())
            .is_some_and(|(l, f)| l.distance_sq(*f) < MIN_STEP_PX * MIN_STEP_PX)
    {
        points.pop();
    }
    points
}

/// Everything one frame of an area layer needs: the fill mesh and the outline shapes.
pub fn prepare_area_frame(
    mesh: &AreaMesh,
    areas: &[usize],
    t: &ScreenTransform,
    fill: impl Fn(usize) -> Color32,
    stroke: impl Fn(usize) -> Stroke,
) -> Vec<Shape> {
    let mut m = Mesh::default();
    fill_mesh(mesh, areas, t, fill, &mut m);
    let mut shapes = Vec::with_capacity(areas.len() + 1);
    shapes.push(Shape::mesh(m));
    layer_outlines(mesh, areas, t, stroke, &mut shapes);
    shapes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::test_shapes::{area, cells, square};

    #[test]
    fn outline_rings_drop_sub_pixel_steps_and_the_closing_point() {
        let t = ScreenTransform::new([0.0, 0.0], pos2(0.0, 0.0), 0.0); // 256 px per unit
        let px = 1.0 / 256.0;
        let ring = [
            [0.0, 0.0],
            [0.1 * px, 0.0],
            [10.0 * px, 0.0],
            [10.0 * px, 10.0 * px],
            [0.0, 0.0],
        ];
        let pts = screen_ring(&ring, &t);
        assert_eq!(pts, vec![pos2(0.0, 0.0), pos2(10.0, 0.0), pos2(10.0, 10.0)]);
    }

    #[test]
    fn the_transform_round_trips_and_scales_with_zoom() {
        let t = ScreenTransform::new([0.5, 0.5], pos2(100.0, 50.0), 10.0);
        assert_eq!(t.apply([0.5, 0.5]), pos2(100.0, 50.0));
        let p = t.apply([0.5 + 1.0 / 262_144.0, 0.5]);
        assert!((p.x - 101.0).abs() < 1e-3, "{p:?}");
        let back = t.invert(pos2(130.0, 20.0));
        assert!((t.apply(back).x - 130.0).abs() < 1e-3);
    }

    #[test]
    fn layer_outlines_leave_out_rings_smaller_than_a_few_pixels() {
        // 100 m and 1 km cells.
        let mesh = AreaMesh::build(&[
            area(square(8.60, 50.1, 0.0014)),
            area(square(8.70, 50.1, 0.014)),
        ]);
        let centre = mesh.ring_vertices[0];
        let count = |zoom: f64, all: bool| {
            let t = ScreenTransform::new(centre, pos2(0.0, 0.0), zoom);
            let mut shapes = Vec::new();
            let stroke = |_| Stroke::new(1.0, Color32::BLACK);
            if all {
                outlines(&mesh, &[0, 1], &t, stroke, &mut shapes);
            } else {
                layer_outlines(&mesh, &[0, 1], &t, stroke, &mut shapes);
            }
            shapes.len()
        };
        // Zoom 10: the 100 m cell is about 1 px, the 1 km cell about 10 px.
        assert_eq!(count(10.0, false), 1);
        assert_eq!(count(10.0, true), 2);
        // Zoom 14: both are large enough.
        assert_eq!(count(14.0, false), 2);
    }

    #[test]
    fn beyond_the_outline_budget_the_smallest_rings_lose_theirs_and_equal_ones_together() {
        let t = ScreenTransform::new([0.5, 0.5], pos2(0.0, 0.0), 16.0);
        let stroke = |_| Stroke::new(1.0, Color32::BLACK);
        let outlined = |mesh: &AreaMesh| {
            let all: Vec<usize> = (0..mesh.area_rings.len()).collect();
            let mut shapes = Vec::new();
            layer_outlines(mesh, &all, &t, stroke, &mut shapes);
            shapes.len()
        };
        // Up to the budget, every ring large enough is outlined (cells of 100 m: ~50 px).
        assert_eq!(outlined(&cells(&vec![0.001; MAX_OUTLINES])), MAX_OUTLINES);
        // A uniform grid over the budget: none (a partial grid of outlines would mislead),
        // also when its cells differ a little, as a real grid's do in Web Mercator.
        assert_eq!(outlined(&cells(&vec![0.001; MAX_OUTLINES + 1])), 0);
        let mut nearly = vec![0.001; MAX_OUTLINES / 2];
        nearly.extend(vec![0.00101; MAX_OUTLINES / 2 + 1]);
        assert_eq!(outlined(&cells(&nearly)), 0);
        // Mixed sizes over the budget: exactly the larger ones keep theirs.
        let mut sizes = vec![0.001; MAX_OUTLINES];
        sizes.extend(vec![0.002; 300]);
        assert_eq!(outlined(&cells(&sizes)), 300);
        // Selection and hover outlines are not budgeted.
        let mesh = cells(&vec![0.001; MAX_OUTLINES + 1]);
        let all: Vec<usize> = (0..MAX_OUTLINES + 1).collect();
        let mut shapes = Vec::new();
        outlines(&mesh, &all, &t, stroke, &mut shapes);
        assert_eq!(shapes.len(), MAX_OUTLINES + 1);
    }
}
