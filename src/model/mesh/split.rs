//! Triangulating a polygon with many holes in bounded time.
//!
//! earcut links every hole to the outer ring by walking that ring, which grows with each hole
//! linked, so its time grows with holes × vertices: one polygon with 40,000 small holes (a
//! 4.6 MB GeoJSON) took two minutes to load. A polygon with more than [`MAX_HOLES`] holes is
//! therefore cut in two at the median of its holes' positions (clipping with geo's
//! `BooleanOps`, which takes O(n log n)), and each part again, until every part has few holes.
//! A hole crossed by a cut becomes a notch in the parts' outlines. Together the parts' triangles
//! cover exactly the polygon; the map draws outlines from the original rings, so the cuts never
//! show.

use geo::{BooleanOps, BoundingRect, Coord, Polygon, Rect};

/// Parts with at most this many holes go to earcut as they are.
pub(super) const MAX_HOLES: usize = 64;

/// Cuts deeper than this stop (each cut halves the holes, so 2^24 × 64 holes would be needed).
const MAX_DEPTH: u32 = 24;

/// The parts of `polygon` to triangulate one by one, each with at most [`MAX_HOLES`] holes
/// (unless its holes cannot be told apart by position).
pub(super) fn parts(polygon: &Polygon<f64>) -> Vec<Polygon<f64>> {
    let mut out = Vec::new();
    split(polygon.clone(), 0, &mut out);
    out
}

fn split(polygon: Polygon<f64>, depth: u32, out: &mut Vec<Polygon<f64>>) {
    if polygon.interiors().len() <= MAX_HOLES || depth >= MAX_DEPTH {
        out.push(polygon);
        return;
    }
    let Some(bbox) = polygon.bounding_rect() else {
        return;
    };
    let corner = |h: &geo::LineString<f64>| h.0.first().copied().unwrap_or(bbox.min());
    let mut xs: Vec<f64> = polygon.interiors().iter().map(|h| corner(h).x).collect();
    let mut ys: Vec<f64> = polygon.interiors().iter().map(|h| corner(h).y).collect();
    let spread = |v: &[f64]| {
        let (lo, hi) = v
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
                (lo.min(x), hi.max(x))
            });
        hi - lo
    };
    let (sx, sy) = (spread(&xs), spread(&ys));
    if !(sx > 0.0 || sy > 0.0) {
        out.push(polygon);
        return;
    }
    let along_x = sx >= sy;
    let values = if along_x { &mut xs } else { &mut ys };
    let mid = values.len() / 2;
    let (_, &mut cut, _) = values.select_nth_unstable_by(mid, f64::total_cmp);
    // A margin keeps the clipping rectangles' outer edges off the polygon's outline.
    let margin = (bbox.width() + bbox.height()).max(f64::MIN_POSITIVE);
    let (min, max) = (
        Coord {
            x: bbox.min().x - margin,
            y: bbox.min().y - margin,
        },
        Coord {
            x: bbox.max().x + margin,
            y: bbox.max().y + margin,
        },
    );
    let halves = if along_x {
        [
            Rect::new(min, Coord { x: cut, y: max.y }),
            Rect::new(Coord { x: cut, y: min.y }, max),
        ]
    } else {
        [
            Rect::new(min, Coord { x: max.x, y: cut }),
            Rect::new(Coord { x: min.x, y: cut }, max),
        ]
    };
    let before = polygon.interiors().len();
    for half in halves {
        for part in polygon.intersection(&half.to_polygon()) {
            // A cut that separates nothing (all holes on one side) still ends: depth grows.
            let depth = if part.interiors().len() >= before {
                depth + 4
            } else {
                depth + 1
            };
            split(part, depth, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, LineString};

    fn square(x: f64, y: f64, s: f64) -> LineString<f64> {
        LineString::from(vec![(x, y), (x + s, y), (x + s, y + s), (x, y + s), (x, y)])
    }

    #[test]
    fn a_polygon_with_many_holes_is_cut_into_parts_of_the_same_area() {
        let n = 40;
        let holes: Vec<LineString<f64>> = (0..n * n)
            .map(|k| square(1.0 + (k % n) as f64 * 2.0, 1.0 + (k / n) as f64 * 2.0, 0.5))
            .collect();
        let p = Polygon::new(square(0.0, 0.0, 2.0 * n as f64 + 1.0), holes);
        let parts = parts(&p);
        assert!(parts.len() > 1);
        assert!(parts.iter().all(|q| q.interiors().len() <= MAX_HOLES));
        let sum: f64 = parts.iter().map(|q| q.unsigned_area()).sum();
        assert!(
            (sum - p.unsigned_area()).abs() < 1e-6 * p.unsigned_area(),
            "{sum}"
        );
    }

    #[test]
    fn few_holes_stay_one_part() {
        let p = Polygon::new(square(0.0, 0.0, 10.0), vec![square(2.0, 2.0, 1.0)]);
        assert_eq!(parts(&p), vec![p]);
    }
}
