//! Geometry helpers: a local metric frame, gap-free splitting of a Stadtteil into parts by
//! recursive half-plane cuts, topology clean-up and verification, and compass names.

use geo::orient::{Direction, Orient};
use geo::{Area, BooleanOps, Centroid, Coord, LineString, MultiPolygon, Point, Polygon};

use crate::input::Res;
use crate::rng::Rng;

/// Reference latitude of the local frame (centre of Frankfurt).
const LAT0: f64 = 50.11;
/// Metres per degree of latitude.
const M_PER_DEG_LAT: f64 = 110_574.0;

/// Metres per degree of longitude at the reference latitude.
fn m_per_deg_lon() -> f64 {
    111_320.0 * LAT0.to_radians().cos()
}

/// Converts lon/lat to a local planar frame in metres (an affine map, so it keeps area ratios,
/// straight lines and half-planes; only angles and distances become meaningful).
pub fn to_m(c: Coord<f64>) -> (f64, f64) {
    (c.x * m_per_deg_lon(), c.y * M_PER_DEG_LAT)
}

/// Inverse of [`to_m`].
fn from_m(x: f64, y: f64) -> Coord<f64> {
    Coord {
        x: x / m_per_deg_lon(),
        y: y / M_PER_DEG_LAT,
    }
}

/// Planar distance in metres between two lon/lat points.
pub fn distance_m(a: Point<f64>, b: Point<f64>) -> f64 {
    let (ax, ay) = to_m(a.0);
    let (bx, by) = to_m(b.0);
    (ax - bx).hypot(ay - by)
}

/// Planar distance in metres from a point to the boundary of a multipolygon.
pub fn distance_to_boundary_m(p: Point<f64>, mp: &MultiPolygon<f64>) -> f64 {
    let (px, py) = to_m(p.0);
    mp.0.iter()
        .flat_map(|poly| std::iter::once(poly.exterior()).chain(poly.interiors()))
        .flat_map(|ring| ring.lines())
        .map(|line| {
            let (ax, ay) = to_m(line.start);
            let (bx, by) = to_m(line.end);
            let (dx, dy) = (bx - ax, by - ay);
            let len2 = dx * dx + dy * dy;
            let t = if len2 > 0.0 {
                (((px - ax) * dx + (py - ay) * dy) / len2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            (px - ax - t * dx).hypot(py - ay - t * dy)
        })
        .fold(f64::INFINITY, f64::min)
}

/// All vertices of a multipolygon (closing vertices included; harmless for extents).
fn vertices(mp: &MultiPolygon<f64>) -> impl Iterator<Item = Coord<f64>> + '_ {
    mp.0.iter().flat_map(|p| {
        std::iter::once(p.exterior())
            .chain(p.interiors())
            .flat_map(|r| r.0.iter().copied())
    })
}

/// Minimum and maximum of the projections `x·dx + y·dy` (metric frame) of all vertices.
fn projection_range(mp: &MultiPolygon<f64>, dx: f64, dy: f64) -> (f64, f64) {
    vertices(mp).fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), c| {
        let (x, y) = to_m(c);
        let s = x * dx + y * dy;
        (lo.min(s), hi.max(s))
    })
}

/// Direction (radians, metric frame) along which the shape is longest.
fn long_axis(mp: &MultiPolygon<f64>) -> f64 {
    let mut best = (0.0, f64::NEG_INFINITY);
    for step in 0..36 {
        let angle = f64::from(step) * 5.0_f64.to_radians();
        let (lo, hi) = projection_range(mp, angle.cos(), angle.sin());
        if hi - lo > best.1 {
            best = (angle, hi - lo);
        }
    }
    best.0
}

/// The half-plane `{ p : p·d <= t }` (metric frame, `d` = unit vector at `angle`), clipped to a
/// rectangle that covers the shape with a margin, as a lon/lat polygon.
fn half_plane(mp: &MultiPolygon<f64>, angle: f64, t: f64) -> Polygon<f64> {
    let (dx, dy) = (angle.cos(), angle.sin());
    let (px, py) = (-dy, dx);
    let (s_lo, _) = projection_range(mp, dx, dy);
    let (q_lo, q_hi) = projection_range(mp, px, py);
    // A small margin keeps the rectangle edges off the shape while keeping the overlay's
    // bounding box (and with it the snapping grid) small.
    let margin = 50.0;
    let corner = |s: f64, q: f64| from_m(s * dx + q * px, s * dy + q * py);
    let ring = vec![
        corner(s_lo - margin, q_lo - margin),
        corner(t, q_lo - margin),
        corner(t, q_hi + margin),
        corner(s_lo - margin, q_hi + margin),
        corner(s_lo - margin, q_lo - margin),
    ];
    Polygon::new(LineString::new(ring), vec![])
}

/// Area of all pieces except the largest one (0 for a single polygon).
fn stray_area(mp: &MultiPolygon<f64>) -> f64 {
    let largest = mp.0.iter().map(Area::unsigned_area).fold(0.0, f64::max);
    mp.unsigned_area() - largest
}

/// Cuts `mp` with a straight line so that the first returned part holds `frac` of the area.
///
/// The cut runs perpendicular to the shape's long axis, rotated by up to ±25° at random. Several
/// random rotations are tried and the one whose two sides are single polygons (or, failing that,
/// have the least area in extra pieces) wins.
fn cut(mp: &MultiPolygon<f64>, frac: f64, rng: &mut Rng) -> (MultiPolygon<f64>, MultiPolygon<f64>) {
    let total = mp.unsigned_area();
    let axis = long_axis(mp);
    let mut best: Option<(f64, MultiPolygon<f64>, MultiPolygon<f64>)> = None;
    for _attempt in 0..12 {
        let angle = axis + rng.uniform(-25.0, 25.0).to_radians();
        let (lo, hi) = projection_range(mp, angle.cos(), angle.sin());
        // Bisection on the cut position: the area left of the line grows with t.
        let (mut a, mut b) = (lo, hi);
        for _ in 0..40 {
            let t = 0.5 * (a + b);
            let left = mp.intersection(&half_plane(mp, angle, t)).unsigned_area();
            if left / total < frac {
                a = t;
            } else {
                b = t;
            }
            if b - a < 1e-3 {
                break; // one millimetre is precise enough
            }
        }
        let hp = half_plane(mp, angle, 0.5 * (a + b));
        let left = mp.intersection(&hp);
        let right = mp.difference(&hp);
        let stray = stray_area(&left) + stray_area(&right);
        let better = best.as_ref().is_none_or(|(s, _, _)| stray < *s);
        if better {
            best = Some((stray, left, right));
        }
        if stray == 0.0 {
            break;
        }
    }
    match best {
        Some((_, left, right)) => (left, right),
        // Unreachable (the loop runs at least once); fall back to no cut.
        None => (mp.clone(), MultiPolygon::new(vec![])),
    }
}

/// Recursively splits `mp` into `n` parts of (nearly) equal area.
fn split_rec(mp: MultiPolygon<f64>, n: usize, rng: &mut Rng, out: &mut Vec<MultiPolygon<f64>>) {
    if n <= 1 {
        out.push(mp);
        return;
    }
    let k = n / 2;
    let (left, right) = cut(&mp, k as f64 / n as f64, rng);
    split_rec(left, k, rng, out);
    split_rec(right, n - k, rng, out);
}

/// Splits a Stadtteil polygon into `n` gap-free, overlap-free parts that follow its boundary.
///
/// The overlay engine snaps coordinates to a fine grid, so after splitting all vertices are
/// snapped back onto the original boundary vertices and onto each other, and vertices lying on a
/// neighbour's edge are inserted into that edge (no T-junctions). The parts then share exact
/// vertices, so rounding the coordinates keeps them gap- and overlap-free among each other; only
/// where a cut meets the Stadtteil boundary does the rounded cut point leave a sliver of a few
/// centimetres' width against the (rounded) Stadtteil edge.
///
/// With `south_of = Some(lat)`, the area south of that latitude first becomes a part of its own
/// (the last one) and the rest is split into `n - 1` parts.
pub fn split_polygon(
    poly: &Polygon<f64>,
    n: usize,
    south_of: Option<f64>,
    rng: &mut Rng,
) -> Vec<MultiPolygon<f64>> {
    let mut parts = Vec::with_capacity(n);
    let whole = MultiPolygon::new(vec![poly.clone()]);
    match south_of {
        Some(lat) if n >= 2 => {
            // angle 90° in the metric frame: the half-plane { y <= t } lies to the south.
            let hp = half_plane(&whole, 90.0_f64.to_radians(), lat * M_PER_DEG_LAT);
            let south = whole.intersection(&hp);
            let north = whole.difference(&hp);
            split_rec(north, n - 1, rng, &mut parts);
            parts.push(south);
        }
        _ => split_rec(whole, n, rng, &mut parts),
    }
    clean_topology(poly, &parts)
}

/// Closing-vertex-free coordinate list of a ring.
fn open_ring(ring: &LineString<f64>) -> Vec<Coord<f64>> {
    let mut coords = ring.0.clone();
    if coords.len() > 1 && coords.first() == coords.last() {
        coords.pop();
    }
    coords
}

/// Maps every vertex to the first earlier vertex within `tol` (original vertices come first).
struct Snapper {
    canon: Vec<Coord<f64>>,
    tol: f64,
}

impl Snapper {
    fn snap(&mut self, c: Coord<f64>) -> Coord<f64> {
        let tol = self.tol;
        if let Some(k) = self
            .canon
            .iter()
            .find(|k| (k.x - c.x).abs() <= tol && (k.y - c.y).abs() <= tol)
        {
            return *k;
        }
        self.canon.push(c);
        c
    }
}

/// Snaps part vertices to the original ones and to each other, then inserts vertices that lie on
/// an edge into that edge. See [`split_polygon`].
fn clean_topology(original: &Polygon<f64>, parts: &[MultiPolygon<f64>]) -> Vec<MultiPolygon<f64>> {
    // About 0.2 mm; the overlay's snapping error is far below this.
    let tol = 2e-9;
    let mut snapper = Snapper {
        canon: Vec::new(),
        tol,
    };
    for ring in std::iter::once(original.exterior()).chain(original.interiors()) {
        for c in open_ring(ring) {
            snapper.snap(c);
        }
    }
    let snapped: Vec<Vec<Vec<Vec<Coord<f64>>>>> = parts
        .iter()
        .map(|mp| {
            mp.0.iter()
                .map(|p| {
                    std::iter::once(p.exterior())
                        .chain(p.interiors())
                        .map(|r| open_ring(r).into_iter().map(|c| snapper.snap(c)).collect())
                        .collect()
                })
                .collect()
        })
        .collect();
    let canon = snapper.canon;

    let fix_ring = |ring: &[Coord<f64>]| -> LineString<f64> {
        let mut out: Vec<Coord<f64>> = Vec::with_capacity(ring.len() + 4);
        for (i, &a) in ring.iter().enumerate() {
            let b = ring[(i + 1) % ring.len()];
            out.push(a);
            let (ex, ey) = (b.x - a.x, b.y - a.y);
            let len2 = ex * ex + ey * ey;
            if len2 == 0.0 {
                continue;
            }
            let len = len2.sqrt();
            let mut on_edge: Vec<(f64, Coord<f64>)> = canon
                .iter()
                .filter(|&&v| v != a && v != b)
                .filter_map(|&v| {
                    let t = ((v.x - a.x) * ex + (v.y - a.y) * ey) / len2;
                    let dist = ((v.x - a.x) * ey - (v.y - a.y) * ex).abs() / len;
                    (t > 0.0 && t < 1.0 && dist <= tol).then_some((t, v))
                })
                .collect();
            on_edge.sort_by(|x, y| x.0.total_cmp(&y.0));
            out.extend(on_edge.into_iter().map(|(_, v)| v));
        }
        out.dedup();
        if let Some(&first) = out.first() {
            out.push(first);
        }
        LineString::new(out)
    };

    snapped
        .iter()
        .map(|mp| {
            let polys = mp
                .iter()
                .map(|rings| {
                    let exterior = fix_ring(&rings[0]);
                    let interiors = rings[1..].iter().map(|r| fix_ring(r)).collect();
                    Polygon::new(exterior, interiors).orient(Direction::Default)
                })
                .collect();
            MultiPolygon::new(polys)
        })
        .collect()
}

/// Rounds a coordinate to 6 decimals (about 0.1 m), as written to the GeoJSON files.
pub fn round6(c: Coord<f64>) -> Coord<f64> {
    Coord {
        x: (c.x * 1e6).round() / 1e6,
        y: (c.y * 1e6).round() / 1e6,
    }
}

/// A multipolygon with all coordinates rounded to 6 decimals.
pub fn round_multi(mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    MultiPolygon::new(mp.0.iter().map(round_polygon).collect())
}

/// A polygon with all coordinates rounded to 6 decimals (repeated vertices removed).
pub fn round_polygon(p: &Polygon<f64>) -> Polygon<f64> {
    let round_ring = |r: &LineString<f64>| {
        let mut coords: Vec<Coord<f64>> = r.0.iter().map(|&c| round6(c)).collect();
        coords.dedup();
        LineString::new(coords)
    };
    Polygon::new(
        round_ring(p.exterior()),
        p.interiors().iter().map(round_ring).collect(),
    )
    .orient(Direction::Default)
}

/// Checks that `parts` partition `whole`: areas add up, no part is empty or smaller than 1 % of
/// the whole, parts do not overlap and none sticks out (all up to `tol` relative to the area).
pub fn verify_partition(
    label: &str,
    whole: &Polygon<f64>,
    parts: &[MultiPolygon<f64>],
    tol: f64,
) -> Res<()> {
    let total = whole.unsigned_area();
    let sum: f64 = parts.iter().map(Area::unsigned_area).sum();
    let rel = (sum - total).abs() / total;
    if rel > tol {
        return Err(
            format!("{label}: parts cover {sum} instead of {total} (rel. error {rel:e})").into(),
        );
    }
    let whole_mp = MultiPolygon::new(vec![whole.clone()]);
    for (i, part) in parts.iter().enumerate() {
        let area = part.unsigned_area();
        if part.0.is_empty() || area < 0.01 * total {
            return Err(
                format!("{label}: part {} is empty or below 1 % of the area", i + 1).into(),
            );
        }
        let outside = part.difference(&whole_mp).unsigned_area();
        if outside > tol * total {
            return Err(format!("{label}: part {} sticks out of the Stadtteil", i + 1).into());
        }
        for (j, other) in parts.iter().enumerate().skip(i + 1) {
            let overlap = part.intersection(other).unsigned_area();
            if overlap > tol * total {
                return Err(format!("{label}: parts {} and {} overlap", i + 1, j + 1).into());
            }
        }
    }
    Ok(())
}

/// Compass labels with their bearing in degrees (0 = north, clockwise).
const COMPASS: [(&str, f64); 8] = [
    ("Nord", 0.0),
    ("Nordost", 45.0),
    ("Ost", 90.0),
    ("Südost", 135.0),
    ("Süd", 180.0),
    ("Südwest", 225.0),
    ("West", 270.0),
    ("Nordwest", 315.0),
];

/// Assigns each part a unique position label ("Nord", "Südwest", "Mitte", …) from the bearing of
/// its centroid seen from the centroid of the whole. Solved exactly by trying every assignment
/// (at most 5 parts and 9 labels).
pub fn compass_labels(whole: &Polygon<f64>, parts: &[MultiPolygon<f64>]) -> Vec<&'static str> {
    let Some(centre) = whole.centroid() else {
        return vec!["Mitte"; parts.len()];
    };
    let (cx, cy) = to_m(centre.0);
    let scale = whole.unsigned_area().sqrt() * (m_per_deg_lon() * M_PER_DEG_LAT).sqrt();
    // cost[i][l]: how badly label l fits part i (index 8 = "Mitte").
    let costs: Vec<[f64; 9]> = parts
        .iter()
        .map(|p| {
            let (px, py) = p.centroid().map_or((cx, cy), |c| to_m(c.0));
            let (dx, dy) = (px - cx, py - cy);
            let bearing = dx.atan2(dy).to_degrees().rem_euclid(360.0);
            let mut row = [0.0; 9];
            for (l, (_, dir)) in COMPASS.iter().enumerate() {
                let diff = (bearing - dir).rem_euclid(360.0);
                let diff = diff.min(360.0 - diff);
                // Slight preference for the four main directions.
                row[l] = diff + if l % 2 == 1 { 6.0 } else { 0.0 };
            }
            row[8] = 300.0 * dx.hypot(dy) / scale;
            row
        })
        .collect();
    let mut best: (f64, Vec<usize>) = (f64::INFINITY, Vec::new());
    let mut current = Vec::with_capacity(parts.len());
    search_labels(&costs, &mut current, 0.0, &mut best);
    best.1
        .iter()
        .map(|&l| COMPASS.get(l).map_or("Mitte", |(name, _)| *name))
        .collect()
}

/// Depth-first search over label assignments (each label used at most once).
fn search_labels(
    costs: &[[f64; 9]],
    current: &mut Vec<usize>,
    cost: f64,
    best: &mut (f64, Vec<usize>),
) {
    if cost >= best.0 {
        return;
    }
    if current.len() == costs.len() {
        *best = (cost, current.clone());
        return;
    }
    let row = &costs[current.len()];
    for (label, c) in row.iter().enumerate() {
        if !current.contains(&label) {
            current.push(label);
            search_labels(costs, current, cost + c, best);
            current.pop();
        }
    }
}
