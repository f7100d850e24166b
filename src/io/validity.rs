//! Geometry validity at load time: does a ring cross or touch itself (a "bow-tie")?
//!
//! Such an area is loaded, not skipped — as QGIS and GDAL do, which read invalid geometry and
//! flag it — and the load report says which objects are affected, because their area, centre
//! and fill may be wrong. The check is a sweep over the segments sorted by x with a work
//! budget, so a ring of a million vertices costs a sort, and a pathological ring cannot hang
//! the load (the check then gives up and reports nothing). No reprojection, no repair here.

use geo::{Coord, Line, LineString, MultiPolygon};
use geo::{LineIntersection, line_intersection::line_intersection};

use crate::i18n::{Bilingual, Noun, Words};

/// Segment-pair comparisons allowed per segment before the check gives up.
const BUDGET_PER_SEGMENT: usize = 64;

/// Whether any ring of any polygon crosses or touches itself. `None`: undecided (the
/// budget ran out).
pub fn self_intersects(mp: &MultiPolygon<f64>) -> Option<bool> {
    let mut undecided = false;
    for p in &mp.0 {
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            match ring_self_intersects(ring) {
                Some(true) => return Some(true),
                Some(false) => {}
                None => undecided = true,
            }
        }
    }
    if undecided { None } else { Some(false) }
}

/// Whether a closed ring crosses or touches itself: two segments that are not neighbours meet,
/// or two neighbours overlap along a line (a spike folding back). Repeated points are ignored.
/// `None` when the work budget ran out before the answer was known.
pub fn ring_self_intersects(ring: &LineString<f64>) -> Option<bool> {
    let mut pts: Vec<Coord<f64>> = Vec::with_capacity(ring.0.len() + 1);
    for &c in &ring.0 {
        if pts.last() != Some(&c) {
            pts.push(c);
        }
    }
    if pts.first() != pts.last()
        && let Some(&first) = pts.first()
    {
        pts.push(first);
    }
    let segments: Vec<Line<f64>> = pts.windows(2).map(|w| Line::new(w[0], w[1])).collect();
    let n = segments.len();
    if n < 3 {
        return Some(false);
    }
    let mut order: Vec<usize> = (0..n).collect();
    let min_x = |i: usize| segments[i].start.x.min(segments[i].end.x);
    let max_x = |i: usize| segments[i].start.x.max(segments[i].end.x);
    order.sort_unstable_by(|&a, &b| min_x(a).total_cmp(&min_x(b)));
    let neighbours = |a: usize, b: usize| a.abs_diff(b) == 1 || a.abs_diff(b) == n - 1;
    let mut budget = n.saturating_mul(BUDGET_PER_SEGMENT);
    for (pos, &a) in order.iter().enumerate() {
        let (la, a_max) = (segments[a], max_x(a));
        let (a_lo, a_hi) = (la.start.y.min(la.end.y), la.start.y.max(la.end.y));
        for &b in &order[pos + 1..] {
            if min_x(b) > a_max {
                break;
            }
            budget = budget.checked_sub(1)?;
            let lb = segments[b];
            if lb.start.y.max(lb.end.y) < a_lo || lb.start.y.min(lb.end.y) > a_hi {
                continue;
            }
            match line_intersection(la, lb) {
                None => {}
                Some(LineIntersection::Collinear { .. }) => return Some(true),
                Some(LineIntersection::SinglePoint { .. }) if !neighbours(a, b) => {
                    return Some(true);
                }
                Some(LineIntersection::SinglePoint { .. }) => {}
            }
        }
    }
    Some(false)
}

/// The load-report note on areas whose outline crosses itself (they are loaded, as QGIS does).
pub(crate) fn self_intersection_note(indices: &[usize]) -> Bilingual {
    const SHOWN: usize = 5;
    let shown: Vec<String> = indices.iter().take(SHOWN).map(usize::to_string).collect();
    let more = indices.len().saturating_sub(SHOWN);
    let list = |and_more: &str| {
        let mut l = shown.clone();
        if more > 0 {
            l.push(format!("… {and_more}"));
        }
        l.join(", ")
    };
    let n = indices.len();
    let (de, en) = (Words::new(false), Words::new(true));
    Bilingual::new(
        format!(
            "{} {} sich selbst (ungültige Geometrie, Objekt {}); geladen, aber \
             Flächeninhalt, Mittelpunkt und Füllung können falsch sein – bitte die Geometrie in \
             der Quelle prüfen.",
            de.count(n, "Fläche", "Flächen"),
            if n == 1 {
                "überschneidet"
            } else {
                "überschneiden"
            },
            list(&format!("und {more} weitere"))
        ),
        format!(
            "{} {} itself (invalid geometry, feature {}); loaded, but area, centre and fill may \
             be wrong – please check the geometry at its source.",
            en.count_of(n, Noun::AREA),
            if n == 1 { "intersects" } else { "intersect" },
            list(&format!("and {more} more"))
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{LineString, Polygon, polygon};

    fn ring(coords: &[(f64, f64)]) -> LineString<f64> {
        LineString::from(coords.to_vec())
    }

    #[test]
    fn a_square_does_not_intersect_itself() {
        let sq = ring(&[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]);
        assert_eq!(ring_self_intersects(&sq), Some(false));
    }

    #[test]
    fn a_bow_tie_intersects_itself() {
        let bow = ring(&[(0.0, 0.0), (1.0, 1.0), (1.0, 0.0), (0.0, 1.0), (0.0, 0.0)]);
        assert_eq!(ring_self_intersects(&bow), Some(true));
    }

    #[test]
    fn an_unclosed_ring_and_repeated_points_are_read_as_closed() {
        let sq = ring(&[(0.0, 0.0), (1.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]);
        assert_eq!(ring_self_intersects(&sq), Some(false));
    }

    #[test]
    fn a_spike_folding_back_on_its_edge_counts_as_touching() {
        let spike = ring(&[
            (0.0, 0.0),
            (2.0, 0.0),
            (2.0, 2.0),
            (1.0, 2.0),
            (1.0, 3.0),
            (1.0, 2.5),
            (0.0, 2.0),
            (0.0, 0.0),
        ]);
        assert_eq!(ring_self_intersects(&spike), Some(true));
    }

    #[test]
    fn a_ring_touching_itself_in_one_vertex_counts() {
        // Figure eight through (1, 1).
        let eight = ring(&[
            (0.0, 0.0),
            (1.0, 1.0),
            (2.0, 0.0),
            (2.0, 2.0),
            (1.0, 1.0),
            (0.0, 2.0),
            (0.0, 0.0),
        ]);
        assert_eq!(ring_self_intersects(&eight), Some(true));
    }

    #[test]
    fn a_concave_polygon_with_a_hole_is_valid() {
        let p: Polygon<f64> = polygon!(
            exterior: [(x: 0.0, y: 0.0), (x: 4.0, y: 0.0), (x: 4.0, y: 4.0), (x: 2.0, y: 1.0), (x: 0.0, y: 4.0)],
            interiors: [[(x: 0.5, y: 0.5), (x: 1.0, y: 0.5), (x: 1.0, y: 1.0)]],
        );
        assert_eq!(self_intersects(&MultiPolygon::new(vec![p])), Some(false));
    }

    #[test]
    fn a_circle_of_many_vertices_is_checked_quickly_and_valid() {
        let n = 100_000;
        let coords: Vec<(f64, f64)> = (0..n)
            .map(|i| {
                let t = std::f64::consts::TAU * f64::from(i) / f64::from(n);
                (t.cos(), t.sin())
            })
            .collect();
        assert_eq!(ring_self_intersects(&ring(&coords)), Some(false));
    }

    #[test]
    fn a_comb_of_long_parallel_teeth_gives_up_instead_of_taking_quadratic_time() {
        // Zig-zag teeth, each spanning the full width: every pair overlaps in x, none cross.
        let mut coords = Vec::new();
        for i in 0..20_000 {
            let y = f64::from(i);
            coords.push((0.0, y));
            coords.push((1000.0, y + 0.5));
        }
        coords.push((0.0, 20_000.0));
        coords.push((-10.0, 20_000.0));
        coords.push((-10.0, -10.0));
        coords.push((0.0, -10.0));
        assert_eq!(ring_self_intersects(&ring(&coords)), None);
    }
}
