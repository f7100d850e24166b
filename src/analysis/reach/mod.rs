//! Reach of facilities (Nachbarschaftsbüros, Sozialrathäuser, Kitas …) from areas, in metres:
//! for each area the distance from its boundary to the nearest facility (0 when one lies
//! inside), the distance from its representative point, the k nearest facilities and the number
//! within given radii. Computed in the layer's metric CRS with an R-tree (rstar) over the
//! facilities; UTM grid distances are corrected by the scale factor, so the figures are true
//! distances on the ellipsoid (within centimetres at city scale). Pure: no UI crate.
//!
//! Definitions (also in the README):
//! - *Representative point*: the centroid, or an interior point when the centroid falls
//!   outside a concave area.
//! - *Nearest facility* and the *k nearest*: by distance to the area (boundary; 0 inside).
//! - *Distance from the representative point*: to the facility nearest to that point.
//! - *Within radius R*: facilities whose distance to the area is at most R.

pub mod coverage;
pub mod geometry;
pub mod layers;
pub mod need;
#[cfg(test)]
mod tests;

use geo::{Centroid, Coord, InteriorPoint, MultiPolygon};
use rstar::RTree;
use rstar::primitives::GeomWithData;

use geometry::{GridScale, area_distance, bbox_distance2, contains};

/// Margin on search envelopes: true and grid distances differ by the scale factor (< 0.1 %).
const SCALE_MARGIN: f64 = 1.001;

/// Areas ready for reach queries (metric geometry, representative points, boxes).
#[derive(Debug, Clone)]
pub struct PreparedAreas {
    pub polygons: Vec<MultiPolygon<f64>>,
    /// The representative point of each area (metric).
    pub rep: Vec<Coord<f64>>,
    /// Whether it is the centroid (else an interior point of a concave area).
    pub rep_is_centroid: Vec<bool>,
    pub bbox: Vec<[f64; 4]>,
    pub scale: GridScale,
}

impl PreparedAreas {
    pub fn new(polygons: Vec<MultiPolygon<f64>>, scale: GridScale) -> Self {
        let mut rep = Vec::with_capacity(polygons.len());
        let mut rep_is_centroid = Vec::with_capacity(polygons.len());
        let mut bbox = Vec::with_capacity(polygons.len());
        for mp in &polygons {
            let centroid = mp.centroid().map(|p| p.0);
            match centroid {
                Some(c) if contains(mp, c) => {
                    rep.push(c);
                    rep_is_centroid.push(true);
                }
                _ => {
                    let p = mp
                        .interior_point()
                        .map(|p| p.0)
                        .or(centroid)
                        .unwrap_or(Coord { x: 0.0, y: 0.0 });
                    rep.push(p);
                    rep_is_centroid.push(false);
                }
            }
            bbox.push(bounds(mp));
        }
        Self {
            polygons,
            rep,
            rep_is_centroid,
            bbox,
            scale,
        }
    }

    pub fn len(&self) -> usize {
        self.polygons.len()
    }

    pub fn is_empty(&self) -> bool {
        self.polygons.is_empty()
    }
}

fn bounds(mp: &MultiPolygon<f64>) -> [f64; 4] {
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for poly in &mp.0 {
        for c in &poly.exterior().0 {
            b[0] = b[0].min(c.x);
            b[1] = b[1].min(c.y);
            b[2] = b[2].max(c.x);
            b[3] = b[3].max(c.y);
        }
    }
    b
}

/// Facility positions (metric) with an R-tree.
#[derive(Debug, Clone, Default)]
pub struct Sites {
    pub points: Vec<Coord<f64>>,
    tree: RTree<GeomWithData<[f64; 2], usize>>,
}

impl Sites {
    pub fn new(points: Vec<Coord<f64>>) -> Self {
        let entries = points
            .iter()
            .enumerate()
            .filter(|(_, p)| p.x.is_finite() && p.y.is_finite())
            .map(|(i, p)| GeomWithData::new([p.x, p.y], i))
            .collect();
        Self {
            points,
            tree: RTree::bulk_load(entries),
        }
    }

    pub fn len(&self) -> usize {
        self.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }
}

/// What to compute besides the nearest facility.
#[derive(Debug, Clone, PartialEq)]
pub struct ReachSettings {
    /// Radii in metres for the counts (default 500 and 1,000 m).
    pub radii: Vec<f64>,
    /// How many nearest facilities to list (≥ 1).
    pub k: usize,
}

impl Default for ReachSettings {
    fn default() -> Self {
        Self {
            radii: vec![500.0, 1000.0],
            k: 3,
        }
    }
}

/// The reach of one area. Distances are true metres; `None` when there is no facility.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AreaReach {
    /// The facility nearest to the area (0 m when one lies inside).
    pub nearest: Option<usize>,
    pub dist_edge: Option<f64>,
    /// The facility nearest to the representative point, and its distance.
    pub nearest_rep: Option<usize>,
    pub dist_rep: Option<f64>,
    /// The k nearest facilities to the area, ascending (ties by facility index).
    pub k_nearest: Vec<(usize, f64)>,
    /// Per radius: facilities within that distance of the area.
    pub within: Vec<usize>,
}

/// The reach of every area (split over the machine's cores).
pub fn compute(areas: &PreparedAreas, sites: &Sites, settings: &ReachSettings) -> Vec<AreaReach> {
    let n = areas.len();
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .clamp(1, 8);
    if n < 2_000 || threads == 1 {
        return (0..n)
            .map(|i| area_reach(areas, sites, settings, i))
            .collect();
    }
    let chunk = n.div_ceil(threads);
    let mut out: Vec<AreaReach> = Vec::with_capacity(n);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .step_by(chunk)
            .map(|start| {
                let end = (start + chunk).min(n);
                scope.spawn(move || {
                    (start..end)
                        .map(|i| area_reach(areas, sites, settings, i))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            match h.join() {
                Ok(part) => out.extend(part),
                // A worker cannot panic on valid floats; recompute its share here if it did.
                Err(_) => {
                    let start = out.len();
                    let end = (start + chunk).min(n);
                    out.extend((start..end).map(|i| area_reach(areas, sites, settings, i)));
                }
            }
        }
    });
    out
}

/// The reach of one area.
pub fn area_reach(
    areas: &PreparedAreas,
    sites: &Sites,
    settings: &ReachSettings,
    i: usize,
) -> AreaReach {
    let k = settings.k.max(1);
    let mut r = AreaReach {
        within: vec![0; settings.radii.len()],
        ..AreaReach::default()
    };
    if sites.is_empty() || i >= areas.len() {
        return r;
    }
    let mp = &areas.polygons[i];
    let q = areas.rep[i];
    let scale = &areas.scale;
    let true_dist = |d: f64, site: Coord<f64>| scale.true_distance(d, site.x, q.x);

    // The k facilities nearest to the representative point bound the k nearest to the area:
    // an area is never farther from a facility than its own representative point is.
    let mut bound = 0.0f64;
    for (n, (e, d2)) in sites
        .tree
        .nearest_neighbor_iter_with_distance_2(&[q.x, q.y])
        .take(k)
        .enumerate()
    {
        if n == 0 {
            let site = sites.points[e.data];
            r.nearest_rep = Some(e.data);
            r.dist_rep = Some(true_dist(d2.sqrt(), site));
        }
        bound = d2.sqrt();
    }
    let max_r = settings.radii.iter().copied().fold(0.0f64, f64::max);
    let reach = bound.max(max_r) * SCALE_MARGIN + 1e-6;
    let b = &areas.bbox[i];
    let envelope =
        rstar::AABB::from_corners([b[0] - reach, b[1] - reach], [b[2] + reach, b[3] + reach]);
    let mut found: Vec<(usize, f64)> = Vec::new();
    for e in sites.tree.locate_in_envelope(&envelope) {
        let site = sites.points[e.data];
        // Cheap rejection by the box before the exact distance.
        if bbox_distance2(b, site) > reach * reach {
            continue;
        }
        let d = true_dist(area_distance(mp, site), site);
        found.push((e.data, d));
    }
    for (slot, radius) in r.within.iter_mut().zip(&settings.radii) {
        *slot = found.iter().filter(|(_, d)| d <= radius).count();
    }
    found.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    found.truncate(k);
    r.nearest = found.first().map(|f| f.0);
    r.dist_edge = found.first().map(|f| f.1);
    r.k_nearest = found;
    r
}

/// The same by looking at every pair: the reference for tests.
pub fn brute_force(
    areas: &PreparedAreas,
    sites: &Sites,
    settings: &ReachSettings,
) -> Vec<AreaReach> {
    let k = settings.k.max(1);
    (0..areas.len())
        .map(|i| {
            let mp = &areas.polygons[i];
            let q = areas.rep[i];
            let scale = &areas.scale;
            let mut edge: Vec<(usize, f64)> = sites
                .points
                .iter()
                .enumerate()
                .map(|(j, s)| (j, scale.true_distance(area_distance(mp, *s), s.x, q.x)))
                .collect();
            let mut rep: Vec<(usize, f64)> = sites
                .points
                .iter()
                .enumerate()
                .map(|(j, s)| {
                    let d = ((s.x - q.x).powi(2) + (s.y - q.y).powi(2)).sqrt();
                    (j, scale.true_distance(d, s.x, q.x))
                })
                .collect();
            edge.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            rep.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            AreaReach {
                nearest: edge.first().map(|e| e.0),
                dist_edge: edge.first().map(|e| e.1),
                nearest_rep: rep.first().map(|e| e.0),
                dist_rep: rep.first().map(|e| e.1),
                within: settings
                    .radii
                    .iter()
                    .map(|r| edge.iter().filter(|(_, d)| d <= r).count())
                    .collect(),
                k_nearest: edge.into_iter().take(k).collect(),
            }
        })
        .collect()
}
