//! R-tree indexes (rstar) over a layer's features in WGS84 lon/lat: envelope queries for
//! culling and exact picking (R-tree candidates, then point-in-polygon, so a click in a hole
//! or in the notch of a concave area picks nothing).
//!
//! Distances are not computed here — they belong in a metric CRS (see [`crate::crs`]).

use geo::{Area as _, Contains, Coord, Point};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use crate::model::layer::{Area, Facility};

type Entry = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// Bounding boxes of every area, for "which areas might be here?".
#[derive(Debug, Clone, Default)]
pub struct AreaIndex {
    tree: RTree<Entry>,
    /// Number of areas the index was built for (all of them have an entry when equal to the
    /// tree's size).
    count: usize,
}

impl AreaIndex {
    pub fn build(areas: &[Area]) -> Self {
        let entries = areas
            .iter()
            .enumerate()
            .filter_map(|(i, a)| {
                use geo::BoundingRect;
                let r = a.geometry.bounding_rect()?;
                Some(GeomWithData::new(
                    Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                    i,
                ))
            })
            .collect();
        Self {
            tree: RTree::bulk_load(entries),
            count: areas.len(),
        }
    }

    /// Indices of areas whose bounding box intersects the envelope (lon/lat), ascending.
    ///
    /// Ascending order keeps the per-frame walk through the meshes sequential in memory (the
    /// tree's own order jumps around, which costs more than the sort for large layers). When
    /// the envelope holds the whole layer, the tree is not asked at all.
    pub fn in_envelope(&self, min: [f64; 2], max: [f64; 2]) -> Vec<usize> {
        use rstar::Envelope as _;
        let envelope = AABB::from_corners(min, max);
        if self.tree.size() == self.count
            && envelope.contains_envelope(&self.tree.root().envelope())
        {
            return (0..self.count).collect();
        }
        let mut found: Vec<usize> = self
            .tree
            .locate_in_envelope_intersecting(&envelope)
            .map(|e| e.data)
            .collect();
        found.sort_unstable();
        found
    }

    /// The extent (lon/lat: min x, min y, max x, max y) of every indexed area: the envelope of
    /// the tree's root, so asking costs nothing (the app asks every frame).
    pub fn bounds(&self) -> Option<[f64; 4]> {
        if self.tree.size() == 0 {
            return None;
        }
        let e = self.tree.root().envelope();
        let (lo, hi) = (e.lower(), e.upper());
        Some([lo[0], lo[1], hi[0], hi[1]])
    }

    /// The area that contains the point exactly (the smallest one if several overlap).
    pub fn pick(&self, areas: &[Area], lon: f64, lat: f64) -> Option<usize> {
        let point = Point::new(lon, lat);
        self.tree
            .locate_all_at_point(&[lon, lat])
            .map(|e| e.data)
            .filter(|&i| areas.get(i).is_some_and(|a| a.geometry.contains(&point)))
            .min_by(|&a, &b| {
                let area = |i: usize| areas.get(i).map_or(0.0, |x| x.geometry.unsigned_area());
                area(a)
                    .partial_cmp(&area(b))
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
    }

    pub fn len(&self) -> usize {
        self.tree.size()
    }

    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }
}

type PointEntry = GeomWithData<[f64; 2], usize>;

/// Positions of every facility, for picking and envelope queries.
#[derive(Debug, Clone, Default)]
pub struct PointIndex {
    tree: RTree<PointEntry>,
}

impl PointIndex {
    pub fn build(facilities: &[Facility]) -> Self {
        let entries = facilities
            .iter()
            .enumerate()
            .map(|(i, f)| GeomWithData::new([f.position.x(), f.position.y()], i))
            .collect();
        Self {
            tree: RTree::bulk_load(entries),
        }
    }

    pub fn in_envelope(&self, min: [f64; 2], max: [f64; 2]) -> Vec<usize> {
        let envelope = AABB::from_corners(min, max);
        self.tree
            .locate_in_envelope(&envelope)
            .map(|e| e.data)
            .collect()
    }

    /// The facility nearest to `at` (lon/lat), compared in a local equirectangular metric so
    /// that a degree of longitude is not taken for a degree of latitude. For screen picking only.
    pub fn nearest(&self, at: Coord<f64>) -> Option<usize> {
        // rstar's nearest neighbour works in the stored (degree) space; the error of ignoring
        // cos(lat) is irrelevant for picking within a few pixels but we correct the candidate
        // choice among the few nearest anyway.
        let k = (at.y.to_radians()).cos();
        self.tree
            .nearest_neighbor_iter(&[at.x, at.y])
            .take(8)
            .min_by(|a, b| {
                let d = |p: &[f64; 2]| ((p[0] - at.x) * k).powi(2) + (p[1] - at.y).powi(2);
                d(a.geom())
                    .partial_cmp(&d(b.geom()))
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
            .map(|e| e.data)
    }

    pub fn len(&self) -> usize {
        self.tree.size()
    }

    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{MultiPolygon, polygon};

    /// A U-shaped (concave) area with a hole in its base.
    fn u_shape() -> Area {
        let p = polygon!(
            exterior: [
                (x: 0.0, y: 0.0), (x: 3.0, y: 0.0), (x: 3.0, y: 3.0), (x: 2.0, y: 3.0),
                (x: 2.0, y: 1.0), (x: 1.0, y: 1.0), (x: 1.0, y: 3.0), (x: 0.0, y: 3.0),
                (x: 0.0, y: 0.0),
            ],
            interiors: [[
                (x: 1.2, y: 0.2), (x: 1.8, y: 0.2), (x: 1.8, y: 0.8), (x: 1.2, y: 0.8),
                (x: 1.2, y: 0.2),
            ]],
        );
        let mp = MultiPolygon::new(vec![p]);
        Area::new(0, vec![], mp.clone(), mp)
    }

    #[test]
    fn picking_inside_the_arm_of_a_concave_polygon_finds_it() {
        let areas = vec![u_shape()];
        let index = AreaIndex::build(&areas);
        assert_eq!(index.pick(&areas, 0.5, 2.5), Some(0));
        assert_eq!(index.pick(&areas, 2.5, 2.5), Some(0));
    }

    #[test]
    fn picking_in_the_notch_of_a_concave_polygon_finds_nothing() {
        let areas = vec![u_shape()];
        let index = AreaIndex::build(&areas);
        // Inside the bounding box, outside the polygon.
        assert_eq!(index.pick(&areas, 1.5, 2.0), None);
    }

    #[test]
    fn picking_in_a_hole_finds_nothing() {
        let areas = vec![u_shape()];
        let index = AreaIndex::build(&areas);
        assert_eq!(index.pick(&areas, 1.5, 0.5), None);
        assert_eq!(index.pick(&areas, 1.1, 0.5), Some(0));
    }

    #[test]
    fn envelope_query_returns_only_intersecting_boxes() {
        let mut far = u_shape();
        far.geometry = far.geometry.map_coords(|c| Coord {
            x: c.x + 10.0,
            y: c.y,
        });
        let areas = vec![u_shape(), far];
        let index = AreaIndex::build(&areas);
        assert_eq!(index.in_envelope([-1.0, -1.0], [4.0, 4.0]), vec![0]);
        let mut both = index.in_envelope([-1.0, -1.0], [20.0, 4.0]);
        both.sort_unstable();
        assert_eq!(both, vec![0, 1]);
        assert!(index.in_envelope([100.0, 100.0], [101.0, 101.0]).is_empty());
    }

    #[test]
    fn bounds_span_every_area_and_ignore_empty_geometry() {
        let mut far = u_shape();
        far.geometry = far.geometry.map_coords(|c| Coord {
            x: c.x + 10.0,
            y: c.y - 2.0,
        });
        let mut empty = u_shape();
        empty.geometry = MultiPolygon::new(vec![]);
        let areas = vec![u_shape(), empty, far];
        assert_eq!(
            AreaIndex::build(&areas).bounds(),
            Some([0.0, -2.0, 13.0, 3.0])
        );
        let only_empty = vec![areas[1].clone()];
        assert_eq!(AreaIndex::build(&only_empty).bounds(), None);
    }

    #[test]
    fn an_empty_index_picks_nothing() {
        let index = AreaIndex::build(&[]);
        assert!(index.is_empty());
        assert_eq!(index.bounds(), None);
        assert_eq!(index.pick(&[], 0.0, 0.0), None);
        assert_eq!(
            PointIndex::build(&[]).nearest(Coord { x: 0.0, y: 0.0 }),
            None
        );
    }

    use geo::MapCoords;
}
