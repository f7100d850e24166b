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

/// A layer's outlines, leaving out rings smaller than [`MIN_OUTLINE_PX`] on screen.
pub fn layer_outlines(
    mesh: &AreaMesh,
    areas: &[usize],
    t: &ScreenTransform,
    stroke: impl Fn(usize) -> Stroke,
    out: &mut Vec<Shape>,
) {
    outlines_above(mesh, areas, t, MIN_OUTLINE_PX, stroke, out);
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

/// Diagonal hatch lines (45°, `spacing` pixels apart) clipped to the given areas: the
/// cartographic sign for withheld values. Scanline clipping over all rings, so holes stay
/// unhatched. Computed in screen space each frame; meant for the few suppressed areas.
pub fn hatch(
    mesh: &AreaMesh,
    areas: &[usize],
    t: &ScreenTransform,
    spacing: f32,
    stroke: Stroke,
    clip: Rect,
    out: &mut Vec<Shape>,
) {
    let mesh = mesh.for_scale(t.scale);
    for &a in areas {
        let Some(rings) = mesh.area_rings.get(a) else {
            continue;
        };
        let rings: Vec<Vec<Pos2>> = mesh.rings[rings.clone()]
            .iter()
            .map(|r| {
                mesh.ring_vertices[r.clone()]
                    .iter()
                    .map(|&u| t.apply(u))
                    .collect()
            })
            .collect();
        // Lines x + y = c; the range of c over the area's points.
        let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
        for p in rings.iter().flatten() {
            lo = lo.min(p.x + p.y);
            hi = hi.max(p.x + p.y);
        }
        if !lo.is_finite() || hi - lo > 20_000.0 {
            continue;
        }
        let lo = lo.max(clip.min.x + clip.min.y);
        let hi = hi.min(clip.max.x + clip.max.y);
        let mut c = (lo / spacing).ceil() * spacing;
        let mut hits: Vec<Pos2> = Vec::new();
        while c <= hi {
            hits.clear();
            for ring in &rings {
                for w in ring.windows(2) {
                    let (p, q) = (w[0], w[1]);
                    let (fp, fq) = (p.x + p.y - c, q.x + q.y - c);
                    if (fp < 0.0) != (fq < 0.0) {
                        let s = fp / (fp - fq);
                        hits.push(p + (q - p) * s);
                    }
                }
            }
            hits.sort_by(|a, b| a.x.total_cmp(&b.x));
            for pair in hits.chunks_exact(2) {
                out.push(Shape::line_segment([pair[0], pair[1]], stroke));
            }
            c += spacing;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        use crate::model::layer::Area;
        use geo::{LineString, MultiPolygon, Polygon};
        let square = |x: f64, d: f64| {
            let p = Polygon::new(
                LineString::from(vec![
                    (x, 50.1),
                    (x + d, 50.1),
                    (x + d, 50.1 + d),
                    (x, 50.1 + d),
                    (x, 50.1),
                ]),
                vec![],
            );
            let mp = MultiPolygon::new(vec![p]);
            Area::new(0, vec![], mp.clone(), mp)
        };
        // 100 m and 1 km cells.
        let mesh = AreaMesh::build(&[square(8.60, 0.0014), square(8.70, 0.014)]);
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
}
