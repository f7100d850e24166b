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

/// Diagonal hatch lines (45°, `spacing` pixels apart) clipped to the given areas: the
/// cartographic sign for withheld values. Scanline clipping over all rings, so holes stay
/// unhatched. Computed in screen space each frame.
///
/// The lines lie on one grid for all areas, so where withheld areas touch (a grid in which
/// every cell is under the privacy minimum), their pieces continue each other; they are joined
/// into one segment. 100,000 withheld cells then cost a few hundred segments instead of
/// 135,000 separately tessellated ones.
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
    let (clip_lo, clip_hi) = (clip.min.x + clip.min.y, clip.max.x + clip.max.y);
    // The lines x + y = k · spacing that cross the clip rectangle; per line, the pieces
    // (x where one starts, x where it ends).
    let k_min = (clip_lo / spacing).ceil() as i32;
    // (A screen is a few thousand pixels; the cap only guards against an unbounded clip.)
    let k_max = ((clip_hi / spacing).floor() as i32).min(k_min.saturating_add(100_000));
    if k_max < k_min {
        return;
    }
    let mut lines: Vec<Vec<(f32, f32)>> = vec![Vec::new(); (k_max - k_min + 1) as usize];
    let mut hits: Vec<f32> = Vec::new();
    // The area's rings on screen, one after another (reused for every area).
    let mut points: Vec<Pos2> = Vec::new();
    let mut ends: Vec<usize> = Vec::new();
    for &a in areas {
        let Some(rings) = mesh.area_rings.get(a) else {
            continue;
        };
        // From the rings' bounds first: an area smaller than the spacing often lies between
        // two lines and needs no more work (the transform is increasing in x and y).
        let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
        for b in &mesh.ring_bounds[rings.clone()] {
            let (p, q) = (t.apply([b[0], b[1]]), t.apply([b[2], b[3]]));
            lo = lo.min(p.x + p.y);
            hi = hi.max(q.x + q.y);
        }
        if !lo.is_finite() || (lo / spacing).ceil() > hi / spacing {
            continue;
        }
        points.clear();
        ends.clear();
        // Lines x + y = c; the range of c over the area's points.
        let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
        for r in &mesh.rings[rings.clone()] {
            for &u in &mesh.ring_vertices[r.clone()] {
                let p = t.apply(u);
                lo = lo.min(p.x + p.y);
                hi = hi.max(p.x + p.y);
                points.push(p);
            }
            ends.push(points.len());
        }
        if !lo.is_finite() || hi - lo > 20_000.0 {
            continue;
        }
        let (lo, hi) = (lo.max(clip_lo), hi.min(clip_hi));
        let mut k = ((lo / spacing).ceil() as i32).max(k_min);
        while k <= k_max && k as f32 * spacing <= hi {
            let c = k as f32 * spacing;
            hits.clear();
            let mut start = 0;
            for &end in &ends {
                for w in points[start..end].windows(2) {
                    let (p, q) = (w[0], w[1]);
                    let (fp, fq) = (p.x + p.y - c, q.x + q.y - c);
                    if (fp < 0.0) != (fq < 0.0) {
                        let s = fp / (fp - fq);
                        hits.push(p.x + (q.x - p.x) * s);
                    }
                }
                start = end;
            }
            let line = &mut lines[(k - k_min) as usize];
            if hits.len() == 2 {
                line.push((hits[0].min(hits[1]), hits[0].max(hits[1])));
            } else {
                hits.sort_unstable_by(f32::total_cmp);
                line.extend(hits.chunks_exact(2).map(|pair| (pair[0], pair[1])));
            }
            k += 1;
        }
    }
    // Pieces of one line that meet (within rounding) become one segment. Areas come in index
    // order, so along a line a grid's pieces are sorted already, or reversed.
    const JOIN_PX: f32 = 0.01;
    for (k, line) in (k_min..).zip(&mut lines) {
        line.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        let c = k as f32 * spacing;
        let mut emit = |(x0, x1): (f32, f32)| {
            out.push(Shape::line_segment(
                [Pos2::new(x0, c - x0), Pos2::new(x1, c - x1)],
                stroke,
            ));
        };
        let mut merged: Option<(f32, f32)> = None;
        for &(x0, x1) in line.iter() {
            merged = match merged {
                Some((m0, m1)) if x0 <= m1 + JOIN_PX => Some((m0, m1.max(x1))),
                Some(m) => {
                    emit(m);
                    Some((x0, x1))
                }
                None => Some((x0, x1)),
            };
        }
        if let Some(m) = merged {
            emit(m);
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

    /// Square cells of `d` degrees in a row, starting at 8.6° E.
    fn cells(sizes: &[f64]) -> AreaMesh {
        use crate::model::layer::Area;
        use geo::{LineString, MultiPolygon, Polygon};
        let mut x = 8.6;
        let areas: Vec<Area> = sizes
            .iter()
            .map(|&d| {
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
                x += d;
                let mp = MultiPolygon::new(vec![p]);
                Area::new(0, vec![], mp.clone(), mp)
            })
            .collect();
        AreaMesh::build(&areas)
    }

    /// Total length and count of the hatch segments of `areas`.
    fn hatching(mesh: &AreaMesh, areas: &[usize], t: &ScreenTransform) -> (usize, f32, Vec<Shape>) {
        let clip = Rect::from_min_size(pos2(-5000.0, -5000.0), egui::vec2(10_000.0, 10_000.0));
        let mut shapes = Vec::new();
        hatch(
            mesh,
            areas,
            t,
            6.0,
            Stroke::new(1.0, Color32::GRAY),
            clip,
            &mut shapes,
        );
        let length = shapes
            .iter()
            .map(|s| match s {
                Shape::LineSegment { points, .. } => points[0].distance(points[1]),
                _ => panic!("hatching is line segments"),
            })
            .sum();
        (shapes.len(), length, shapes)
    }

    #[test]
    fn hatching_of_touching_areas_is_joined_into_the_lines_of_their_union() {
        let d = 0.002; // about 140 m: 30 px at zoom 15
        let two = cells(&[d, d]);
        let one = {
            use crate::model::layer::Area;
            use geo::{MultiPolygon, Rect as GeoRect};
            let union = GeoRect::new((8.6, 50.1), (8.6 + 2.0 * d, 50.1 + d)).to_polygon();
            let mp = MultiPolygon::new(vec![union]);
            AreaMesh::build(&[Area::new(0, vec![], mp.clone(), mp)])
        };
        let first = two.ring_vertices[0];
        let t = ScreenTransform::new(first, pos2(0.0, 0.0), 15.0);
        let (n_two, len_two, _) = hatching(&two, &[0, 1], &t);
        let (n_one, len_one, _) = hatching(&one, &[0], &t);
        let (n_left, _, _) = hatching(&two, &[0], &t);
        let (n_right, _, _) = hatching(&two, &[1], &t);
        assert!(n_one > 5, "{n_one}");
        // Joined: as many segments as the union, not the sum of both cells' pieces.
        assert_eq!(n_two, n_one);
        assert!(n_left + n_right > n_two);
        assert!(
            (len_two - len_one).abs() < 0.01 * len_one,
            "{len_two} vs {len_one}"
        );
        // Areas apart are not joined across the gap.
        let apart = cells(&[d, d, d]);
        let (n_apart, _, _) = hatching(&apart, &[0, 2], &t);
        let (n0, _, _) = hatching(&apart, &[0], &t);
        let (n2, _, _) = hatching(&apart, &[2], &t);
        assert_eq!(n_apart, n0 + n2);
    }

    #[test]
    fn hatching_stays_inside_the_area_and_out_of_its_hole() {
        use crate::model::layer::Area;
        use geo::{Contains, LineString, MultiPolygon, Point, Polygon};
        let ring = |x0: f64, y0: f64, d: f64| {
            LineString::from(vec![
                (x0, y0),
                (x0 + d, y0),
                (x0 + d, y0 + d),
                (x0, y0 + d),
                (x0, y0),
            ])
        };
        let polygon = Polygon::new(ring(8.6, 50.1, 0.01), vec![ring(8.603, 50.103, 0.004)]);
        let mp = MultiPolygon::new(vec![polygon.clone()]);
        let mesh = AreaMesh::build(&[Area::new(0, vec![], mp.clone(), mp)]);
        let t = ScreenTransform::new(mesh.ring_vertices[0], pos2(0.0, 0.0), 13.0);
        let (n, _, shapes) = hatching(&mesh, &[0], &t);
        assert!(n > 10, "{n}");
        let merc = crate::model::mesh::polygon_to_unit_merc(&polygon);
        for s in &shapes {
            let Shape::LineSegment { points, .. } = s else {
                unreachable!()
            };
            let mid = t.invert(pos2(
                (points[0].x + points[1].x) / 2.0,
                (points[0].y + points[1].y) / 2.0,
            ));
            assert!(
                merc.contains(&Point::new(mid[0], mid[1])),
                "segment {points:?} outside or in the hole"
            );
        }
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
