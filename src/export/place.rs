//! Label placement on a map: names (Stadtteile) placed clear of the facility symbols, of the
//! frame's edge and of each other, as a careful desktop GIS does it.
//!
//! For each label the placer first tries its own point and positions shifted around it that
//! keep the label's centre inside its area (nearest first). Labels that find no such place get
//! a second chance after all others are placed: offset up to 12 mm with a leader line from a
//! free point inside the area, the line crossing no symbol, label or other leader. A label
//! that finds neither is dropped (and reported). Pure geometry on page millimetres.

use super::report::segment_hits_rect;
use super::scene::{Pt, Rect};

/// One label to place: its box size (halo included) and the point it names, with the rings of
/// its area on the page (empty: anywhere).
#[derive(Debug, Clone, PartialEq)]
pub struct LabelRequest {
    pub w: f64,
    pub h: f64,
    pub anchor: Pt,
    pub area: Vec<Vec<Pt>>,
    /// May move away from its area with a leader line (else: placed in the area or dropped).
    pub leader: bool,
}

/// Where a label went: its box and, when it had to move away, the leader line from a point in
/// its area to the box's edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub rect: Rect,
    pub leader: Option<[Pt; 2]>,
}

/// Places labels one after another; each placed label (and leader) becomes an obstacle.
#[derive(Debug, Clone)]
pub struct Placer {
    bounds: Rect,
    obstacles: Vec<Rect>,
    taken: Vec<Rect>,
    leaders: Vec<[Pt; 2]>,
}

/// Leader lengths tried (mm), shortest first.
const LEADER_LENGTHS: [f64; 5] = [3.0, 4.5, 6.5, 9.0, 12.0];
/// Directions tried for leaders.
const DIRECTIONS: usize = 16;

impl Placer {
    /// Labels must lie inside `bounds` and clear of every obstacle box.
    pub fn new(bounds: Rect, obstacles: Vec<Rect>) -> Self {
        Self {
            bounds,
            obstacles,
            taken: Vec::new(),
            leaders: Vec::new(),
        }
    }

    /// Place all labels: direct places first for every label, then leaders for the rest. The
    /// result has one entry per request, `None` for a dropped label.
    pub fn place_all(&mut self, requests: &[LabelRequest]) -> Vec<Option<Placement>> {
        let mut out: Vec<Option<Placement>> = requests
            .iter()
            .map(|r| {
                let rect = self.direct(r)?;
                self.taken.push(rect);
                Some(Placement { rect, leader: None })
            })
            .collect();
        for (req, slot) in requests.iter().zip(out.iter_mut()) {
            if slot.is_none()
                && req.leader
                && let Some((rect, line)) = self.with_leader(req)
            {
                self.taken.push(rect);
                self.leaders.push(line);
                *slot = Some(Placement {
                    rect,
                    leader: Some(line),
                });
            }
        }
        out
    }

    fn free(&self, r: &Rect) -> bool {
        self.bounds.encloses(r, 0.0)
            && !self.obstacles.iter().any(|o| o.overlaps(r))
            && !self.taken.iter().any(|o| o.overlaps(r))
            && !self
                .leaders
                .iter()
                .any(|[a, b]| segment_hits_rect(*a, *b, r))
    }

    /// The nearest free box around the anchor whose centre lies in the area.
    fn direct(&self, req: &LabelRequest) -> Option<Rect> {
        let mut offsets = Vec::new();
        for i in -2..=2 {
            for j in -3..=3 {
                offsets.push([f64::from(i) * 0.3 * req.w, f64::from(j) * 0.75 * req.h]);
            }
        }
        offsets.sort_by(|a, b| (a[0].hypot(a[1])).total_cmp(&b[0].hypot(b[1])));
        offsets.into_iter().find_map(|[dx, dy]| {
            let c = [req.anchor[0] + dx, req.anchor[1] + dy];
            let r = centred(c, req.w, req.h);
            (self.free(&r) && (req.area.is_empty() || point_in_rings(c, &req.area))).then_some(r)
        })
    }

    /// A box offset from a free point of the area, with a leader line to it.
    fn with_leader(&self, req: &LabelRequest) -> Option<(Rect, [Pt; 2])> {
        let start = self.leader_start(req)?;
        for length in LEADER_LENGTHS {
            for k in 0..DIRECTIONS {
                // Start to the upper right, the way map readers look first.
                let angle = -std::f64::consts::FRAC_PI_4
                    + k as f64 * std::f64::consts::TAU / DIRECTIONS as f64;
                let (dx, dy) = (angle.cos(), angle.sin());
                let end = [start[0] + dx * length, start[1] + dy * length];
                let rect = if dx.abs() >= 0.5 {
                    let x = if dx > 0.0 { end[0] } else { end[0] - req.w };
                    Rect {
                        x,
                        y: end[1] - req.h / 2.0,
                        w: req.w,
                        h: req.h,
                    }
                } else {
                    let y = if dy > 0.0 { end[1] } else { end[1] - req.h };
                    Rect {
                        x: end[0] - req.w / 2.0,
                        y,
                        w: req.w,
                        h: req.h,
                    }
                };
                if self.free(&rect) && self.line_free(start, end) {
                    return Some((rect, [start, end]));
                }
            }
        }
        None
    }

    /// The leader's start: the anchor, or the nearest point in the area clear of obstacles.
    fn leader_start(&self, req: &LabelRequest) -> Option<Pt> {
        let clear = |p: Pt| {
            self.bounds.contains(p)
                && !self
                    .obstacles
                    .iter()
                    .chain(&self.taken)
                    .any(|o| o.grow(0.6).contains(p))
                && (req.area.is_empty() || point_in_rings(p, &req.area))
        };
        if clear(req.anchor) {
            return Some(req.anchor);
        }
        (1..=8).find_map(|step| {
            let d = f64::from(step) * 0.75;
            (0..12).find_map(|k| {
                let a = k as f64 * std::f64::consts::TAU / 12.0;
                let p = [req.anchor[0] + d * a.cos(), req.anchor[1] + d * a.sin()];
                clear(p).then_some(p)
            })
        })
    }

    fn line_free(&self, a: Pt, b: Pt) -> bool {
        !self
            .obstacles
            .iter()
            .chain(&self.taken)
            .any(|r| segment_hits_rect(a, b, r))
            && !self
                .leaders
                .iter()
                .any(|[c, d]| segments_cross(a, b, *c, *d))
    }
}

fn centred(c: Pt, w: f64, h: f64) -> Rect {
    Rect {
        x: c[0] - w / 2.0,
        y: c[1] - h / 2.0,
        w,
        h,
    }
}

/// Even-odd point-in-polygon over all rings (holes are rings too).
pub fn point_in_rings(p: Pt, rings: &[Vec<Pt>]) -> bool {
    let mut inside = false;
    for ring in rings {
        let n = ring.len();
        for i in 0..n {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            if (a[1] > p[1]) != (b[1] > p[1]) {
                let x = a[0] + (p[1] - a[1]) / (b[1] - a[1]) * (b[0] - a[0]);
                if p[0] < x {
                    inside = !inside;
                }
            }
        }
    }
    inside
}

/// A good point to write a name in the area: of a 16 × 16 grid over its box, the point inside
/// farthest from every edge, with that distance (mm); `None` for an empty area.
pub fn interior_point(rings: &[Vec<Pt>]) -> Option<(Pt, f64)> {
    let pts = rings.iter().flatten();
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in pts {
        (x0, y0, x1, y1) = (x0.min(p[0]), y0.min(p[1]), x1.max(p[0]), y1.max(p[1]));
    }
    if x0 > x1 {
        return None;
    }
    let n = 16;
    let mut best: Option<(Pt, f64)> = None;
    for i in 0..n {
        for j in 0..n {
            let p = [
                x0 + (x1 - x0) * (f64::from(i) + 0.5) / f64::from(n),
                y0 + (y1 - y0) * (f64::from(j) + 0.5) / f64::from(n),
            ];
            if !point_in_rings(p, rings) {
                continue;
            }
            let d = edge_distance(p, rings);
            if best.is_none_or(|(_, b)| d > b) {
                best = Some((p, d));
            }
        }
    }
    best
}

/// Distance from a point to the nearest edge of the rings.
fn edge_distance(p: Pt, rings: &[Vec<Pt>]) -> f64 {
    let mut best = f64::INFINITY;
    for ring in rings {
        let n = ring.len();
        for i in 0..n {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
            let len2 = dx * dx + dy * dy;
            let t = if len2 > 0.0 {
                (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let (cx, cy) = (a[0] + t * dx, a[1] + t * dy);
            best = best.min((p[0] - cx).hypot(p[1] - cy));
        }
    }
    best
}

/// Do two segments cross (proper intersection or touching)?
fn segments_cross(a: Pt, b: Pt, c: Pt, d: Pt) -> bool {
    let orient =
        |p: Pt, q: Pt, r: Pt| (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
    let (d1, d2) = (orient(c, d, a), orient(c, d, b));
    let (d3, d4) = (orient(a, b, c), orient(a, b, d));
    (d1 * d2 <= 0.0) && (d3 * d4 <= 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRAME: Rect = Rect {
        x: 0.0,
        y: 0.0,
        w: 100.0,
        h: 100.0,
    };

    fn square(x: f64, y: f64, s: f64) -> Vec<Vec<Pt>> {
        vec![vec![[x, y], [x + s, y], [x + s, y + s], [x, y + s]]]
    }

    fn symbol(c: Pt) -> Rect {
        centred(c, 4.0, 4.0)
    }

    fn label(anchor: Pt, area: Vec<Vec<Pt>>) -> LabelRequest {
        LabelRequest {
            w: 12.0,
            h: 3.0,
            anchor,
            area,
            leader: true,
        }
    }

    #[test]
    fn a_label_with_room_sits_on_its_point() {
        let mut p = Placer::new(FRAME, vec![]);
        let got = p.place_all(&[label([50.0, 50.0], square(30.0, 30.0, 40.0))]);
        let r = got[0].unwrap();
        assert_eq!(r.rect.centre(), [50.0, 50.0]);
        assert!(r.leader.is_none());
    }

    #[test]
    fn a_label_on_a_symbol_shifts_inside_its_area_and_clear_of_the_symbol() {
        let obstacles = vec![symbol([50.0, 50.0])];
        let mut p = Placer::new(FRAME, obstacles.clone());
        let area = square(30.0, 30.0, 40.0);
        let got = p.place_all(&[label([50.0, 50.0], area.clone())]);
        let r = got[0].unwrap();
        assert!(!r.rect.overlaps(&obstacles[0]));
        assert!(point_in_rings(r.rect.centre(), &area));
        assert!(r.leader.is_none());
        // The nearest free place: just above or below the symbol.
        assert!((r.rect.centre()[0] - 50.0).abs() < 1e-9, "{:?}", r.rect);
    }

    #[test]
    fn a_crowded_small_area_gets_a_leader_line_that_crosses_no_symbol() {
        // A 6 mm area, its middle under a symbol and its sides blocked by two more.
        let area = square(47.0, 47.0, 6.0);
        let obstacles = vec![
            symbol([50.0, 50.0]),
            symbol([45.0, 50.0]),
            symbol([55.0, 50.0]),
        ];
        let mut p = Placer::new(FRAME, obstacles.clone());
        let r = p.place_all(&[label([50.0, 50.0], area.clone())])[0].unwrap();
        let [a, b] = r.leader.unwrap();
        assert!(point_in_rings(a, &area));
        for o in &obstacles {
            assert!(!r.rect.overlaps(o));
            assert!(!segment_hits_rect(a, b, o), "{a:?}–{b:?} crosses {o:?}");
        }
        // The line ends on the label's edge.
        assert!(r.rect.grow(1e-9).contains(b));
        // Without leaders allowed, the same label is dropped.
        let mut p = Placer::new(FRAME, obstacles);
        let req = LabelRequest {
            leader: false,
            ..label([50.0, 50.0], area)
        };
        assert_eq!(p.place_all(&[req]), vec![None]);
    }

    #[test]
    fn labels_never_overlap_each_other_and_stay_in_the_frame() {
        let area = square(0.0, 0.0, 100.0);
        // Twenty names 10 mm apart (each 12 mm wide) in one row, one in the corner.
        let reqs: Vec<LabelRequest> = (0..20)
            .map(|i| label([5.0 + f64::from(i % 10) * 10.0, 50.0], area.clone()))
            .chain([label([1.0, 1.0], area.clone())])
            .collect();
        let mut p = Placer::new(FRAME, vec![]);
        let got: Vec<Placement> = p.place_all(&reqs).into_iter().flatten().collect();
        assert!(got.len() >= 15, "{}", got.len());
        for (i, a) in got.iter().enumerate() {
            assert!(FRAME.encloses(&a.rect, 0.0));
            for b in &got[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect));
            }
        }
    }

    #[test]
    fn a_label_without_any_free_place_is_dropped() {
        let mut p = Placer::new(FRAME, vec![FRAME]);
        assert_eq!(p.place_all(&[label([50.0, 50.0], vec![])]), vec![None]);
        // An empty request list is fine too.
        assert!(p.place_all(&[]).is_empty());
    }

    #[test]
    fn point_in_polygon_respects_holes() {
        let mut rings = square(0.0, 0.0, 10.0);
        rings.extend(square(4.0, 4.0, 2.0));
        assert!(point_in_rings([2.0, 2.0], &rings));
        assert!(!point_in_rings([5.0, 5.0], &rings));
        assert!(!point_in_rings([12.0, 5.0], &rings));
    }

    #[test]
    fn the_interior_point_of_an_l_shape_lies_in_its_wide_part() {
        // An L: a 20 × 4 bar along the bottom and a 4 × 20 bar up the left side … plus a
        // 10 × 10 block in the corner, the widest part.
        let l = vec![vec![
            [0.0, 0.0],
            [10.0, 0.0],
            [10.0, 10.0],
            [30.0, 10.0],
            [30.0, 14.0],
            [0.0, 14.0],
        ]];
        let (p, d) = interior_point(&l).unwrap();
        assert!(point_in_rings(p, &l));
        assert!(p[0] < 10.0 && d > 3.0, "{p:?} {d}");
        assert_eq!(interior_point(&[]), None);
    }

    #[test]
    fn crossing_segments_are_told_from_parallel_ones() {
        assert!(segments_cross(
            [0.0, 0.0],
            [2.0, 2.0],
            [0.0, 2.0],
            [2.0, 0.0]
        ));
        assert!(!segments_cross(
            [0.0, 0.0],
            [2.0, 0.0],
            [0.0, 1.0],
            [2.0, 1.0]
        ));
    }
}
