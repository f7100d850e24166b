//! Planar geometry for the reach analysis, in a metric CRS: point-in-polygon, the distance from
//! a point to an area (0 inside), and the correction from UTM grid distance to true distance on
//! the ellipsoid (the UTM scale factor, about 0.9996 near the central meridian, would otherwise
//! make 5 km come out 2 m short).

use geo::{Coord, MultiPolygon};

/// The GRS80 / WGS84 ellipsoid.
const A: f64 = 6_378_137.0;
const F: f64 = 1.0 / 298.257_222_101;

/// Turns grid distances of a transverse Mercator projection into true distances.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GridScale {
    pub false_easting: f64,
    pub k0: f64,
    /// ρ·ν at the data's latitude: the square of the Gaussian mean radius (m²).
    pub r2: f64,
}

impl GridScale {
    /// UTM (k0 0.9996, false easting 500 km) at a latitude in degrees.
    pub fn utm(lat_deg: f64) -> Self {
        let e2 = F * (2.0 - F);
        let s = lat_deg.to_radians().sin();
        let w = 1.0 - e2 * s * s;
        let nu = A / w.sqrt();
        let rho = A * (1.0 - e2) / (w * w.sqrt());
        Self {
            false_easting: 500_000.0,
            k0: 0.9996,
            r2: rho * nu,
        }
    }

    /// No correction (a CRS that is not transverse Mercator).
    pub fn none() -> Self {
        Self {
            false_easting: 0.0,
            k0: 1.0,
            r2: f64::INFINITY,
        }
    }

    /// The point scale factor at an easting.
    pub fn k(&self, easting: f64) -> f64 {
        if !self.r2.is_finite() {
            return self.k0;
        }
        let x = (easting - self.false_easting) / self.k0;
        let q = x * x / self.r2;
        self.k0 * (1.0 + q / 2.0 + q * q / 24.0)
    }

    /// The true length of a grid distance `d` between eastings `e1` and `e2` (Simpson's rule
    /// over the scale factor along the line).
    pub fn true_distance(&self, d: f64, e1: f64, e2: f64) -> f64 {
        let k = (self.k(e1) + 4.0 * self.k((e1 + e2) / 2.0) + self.k(e2)) / 6.0;
        d / k
    }
}

/// Whether a point lies inside a polygon with holes (even-odd rule; the boundary counts as
/// inside, within floating-point precision).
pub fn contains(mp: &MultiPolygon<f64>, p: Coord<f64>) -> bool {
    mp.0.iter().any(|poly| {
        let mut inside = ring_crossings(poly.exterior().0.as_slice(), p);
        for hole in poly.interiors() {
            inside ^= ring_crossings(hole.0.as_slice(), p);
        }
        inside
    })
}

fn ring_crossings(ring: &[Coord<f64>], p: Coord<f64>) -> bool {
    let mut inside = false;
    let n = ring.len();
    if n < 3 {
        return false;
    }
    let mut j = n - 1;
    for i in 0..n {
        let (a, b) = (ring[i], ring[j]);
        if (a.y > p.y) != (b.y > p.y) {
            let x = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
            if p.x < x {
                inside = !inside;
            }
        }
        j = i;
    }
    inside
}

/// The squared distance from a point to the boundary of an area (all rings).
pub fn boundary_distance2(mp: &MultiPolygon<f64>, p: Coord<f64>) -> f64 {
    let mut best = f64::INFINITY;
    for poly in &mp.0 {
        for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
            for w in ring.0.windows(2) {
                best = best.min(segment_distance2(p, w[0], w[1]));
            }
        }
    }
    best
}

/// The grid distance from a point to an area: 0 inside, else to the nearest boundary point.
pub fn area_distance(mp: &MultiPolygon<f64>, p: Coord<f64>) -> f64 {
    if contains(mp, p) {
        0.0
    } else {
        boundary_distance2(mp, p).sqrt()
    }
}

fn segment_distance2(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (cx, cy) = (a.x + t * dx - p.x, a.y + t * dy - p.y);
    cx * cx + cy * cy
}

/// The squared distance from a point to a bounding box (0 inside).
pub fn bbox_distance2(b: &[f64; 4], p: Coord<f64>) -> f64 {
    let dx = (b[0] - p.x).max(0.0).max(p.x - b[2]);
    let dy = (b[1] - p.y).max(0.0).max(p.y - b[3]);
    dx * dx + dy * dy
}
