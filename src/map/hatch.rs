//! Hatching of withheld areas on the map: diagonal lines clipped to the areas' rings, joined
//! along each line where touching areas continue each other.

use egui::{Pos2, Rect, Shape, Stroke};

use super::frame::ScreenTransform;
use crate::model::mesh::AreaMesh;

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
    use crate::map::test_shapes::{area, cells, square};
    use egui::{Color32, pos2};

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
        let union = geo::Rect::new((8.6, 50.1), (8.6 + 2.0 * d, 50.1 + d)).to_polygon();
        let one = AreaMesh::build(&[area(union)]);
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
        use geo::{Contains, Point, Polygon};
        let outer = square(8.6, 50.1, 0.01);
        let hole = square(8.603, 50.103, 0.004);
        let polygon = Polygon::new(outer.exterior().clone(), vec![hole.exterior().clone()]);
        let mesh = AreaMesh::build(&[area(polygon.clone())]);
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
}
