//! Page geometry for the layout: clipping rings and polylines to the map frame, and the
//! diagonal hatch lines inside a polygon (for withheld values).

use super::layout::Rect;
use super::scene::Pt;

/// Clip a closed ring to a rectangle (Sutherland–Hodgman). Edges along the frame may remain
/// where the ring crossed it; that is what a filled, framed map needs.
pub fn clip_ring(ring: &[Pt], r: &Rect) -> Vec<Pt> {
    let mut pts: Vec<Pt> = ring.to_vec();
    if pts.len() > 1 && pts.first() == pts.last() {
        pts.pop();
    }
    let edges: [(usize, f64, bool); 4] = [
        (0, r.x, true),
        (0, r.x + r.w, false),
        (1, r.y, true),
        (1, r.y + r.h, false),
    ];
    for (axis, bound, keep_greater) in edges {
        if pts.is_empty() {
            break;
        }
        let inside = |p: &Pt| {
            if keep_greater {
                p[axis] >= bound
            } else {
                p[axis] <= bound
            }
        };
        let mut out = Vec::with_capacity(pts.len() + 4);
        for i in 0..pts.len() {
            let cur = pts[i];
            let prev = pts[(i + pts.len() - 1) % pts.len()];
            let (ci, pi) = (inside(&cur), inside(&prev));
            if ci != pi {
                let t = (bound - prev[axis]) / (cur[axis] - prev[axis]);
                out.push([
                    prev[0] + t * (cur[0] - prev[0]),
                    prev[1] + t * (cur[1] - prev[1]),
                ]);
            }
            if ci {
                out.push(cur);
            }
        }
        pts = out;
    }
    pts
}

/// Clip an open polyline to a rectangle (Liang–Barsky per segment); returns the visible
/// pieces.
pub fn clip_polyline(line: &[Pt], r: &Rect) -> Vec<Vec<Pt>> {
    let mut parts: Vec<Vec<Pt>> = Vec::new();
    let mut current: Vec<Pt> = Vec::new();
    for w in line.windows(2) {
        match clip_segment(w[0], w[1], r) {
            Some((a, b)) => {
                if current.last() != Some(&a) {
                    if current.len() >= 2 {
                        parts.push(std::mem::take(&mut current));
                    }
                    current.clear();
                    current.push(a);
                }
                current.push(b);
            }
            None => {
                if current.len() >= 2 {
                    parts.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() >= 2 {
        parts.push(current);
    }
    parts
}

/// The part of the segment a–b inside the rectangle (Liang–Barsky), if any.
pub(crate) fn clip_segment(a: Pt, b: Pt, r: &Rect) -> Option<(Pt, Pt)> {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let mut t0: f64 = 0.0;
    let mut t1: f64 = 1.0;
    for (p, q) in [
        (-dx, a[0] - r.x),
        (dx, r.x + r.w - a[0]),
        (-dy, a[1] - r.y),
        (dy, r.y + r.h - a[1]),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then(|| {
        (
            [a[0] + t0 * dx, a[1] + t0 * dy],
            [a[0] + t1 * dx, a[1] + t1 * dy],
        )
    })
}

/// Diagonal lines (rising to the right, `spacing` mm apart) inside rings (even-odd).
pub fn hatch_lines(rings: &[Vec<Pt>], spacing: f64) -> Vec<[Pt; 2]> {
    // Lines x − y = c; for each, the crossings with every edge, sorted along the line.
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for p in rings.iter().flatten() {
        lo = lo.min(p[0] - p[1]);
        hi = hi.max(p[0] - p[1]);
    }
    let mut out = Vec::new();
    if !lo.is_finite() || spacing <= 0.0 {
        return out;
    }
    let mut c = (lo / spacing).ceil() * spacing;
    while c < hi {
        let mut xs: Vec<f64> = Vec::new();
        for ring in rings {
            let n = ring.len();
            for i in 0..n {
                let (p, q) = (ring[i], ring[(i + 1) % n]);
                let (fp, fq) = (p[0] - p[1] - c, q[0] - q[1] - c);
                if (fp > 0.0) != (fq > 0.0) {
                    let t = fp / (fp - fq);
                    xs.push(p[0] + t * (q[0] - p[0]));
                }
            }
        }
        xs.sort_by(f64::total_cmp);
        for pair in xs.chunks_exact(2) {
            out.push([[pair[0], pair[0] - c], [pair[1], pair[1] - c]]);
        }
        c += spacing;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const R: Rect = Rect {
        x: 0.0,
        y: 0.0,
        w: 10.0,
        h: 10.0,
    };

    #[test]
    fn a_ring_crossing_the_frame_is_cut_at_its_edge() {
        let ring = [[5.0, 5.0], [15.0, 5.0], [15.0, 8.0], [5.0, 8.0]];
        let c = clip_ring(&ring, &R);
        assert!(c.iter().all(|p| p[0] <= 10.0 + 1e-9));
        assert!(c.contains(&[10.0, 5.0]) && c.contains(&[10.0, 8.0]));
        assert!(clip_ring(&[[20.0, 20.0], [30.0, 20.0], [30.0, 30.0]], &R).is_empty());
    }

    #[test]
    fn a_polyline_leaving_and_entering_the_frame_gives_two_pieces() {
        let line = [[2.0, 2.0], [20.0, 2.0], [20.0, 6.0], [2.0, 6.0]];
        let parts = clip_polyline(&line, &R);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0], vec![[2.0, 2.0], [10.0, 2.0]]);
        assert_eq!(parts[1], vec![[10.0, 6.0], [2.0, 6.0]]);
    }

    #[test]
    fn hatching_stays_inside_and_skips_holes() {
        let outer = vec![[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]];
        let hole = vec![[4.0, 4.0], [6.0, 4.0], [6.0, 6.0], [4.0, 6.0]];
        let lines = hatch_lines(&[outer, hole], 1.0);
        assert!(!lines.is_empty());
        for [a, b] in &lines {
            for p in [a, b] {
                assert!(
                    p[0] >= -1e-9 && p[0] <= 10.0 + 1e-9 && p[1] >= -1e-9 && p[1] <= 10.0 + 1e-9
                );
            }
            // The middle of a segment is never inside the hole.
            let m = [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
            assert!(!(m[0] > 4.0 && m[0] < 6.0 && m[1] > 4.0 && m[1] < 6.0));
        }
    }
}
