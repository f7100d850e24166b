//! Extents: the box of a feature, of a class-map row, of all layers — and bringing a chosen
//! area into view: a list (ranking, gap list, search, table) selects an area, and the map moves
//! only when the area is off screen, under a card or a few pixels small. The state names the
//! box; the map decides whether to move (it knows the screen).

use geo::BoundingRect;

use super::{AppState, FeatureRef, LEVEL_LAYER};
use crate::model::Layer;

impl AppState {
    pub fn feature_bbox(&self, s: FeatureRef) -> Option<[f64; 4]> {
        use geo::BoundingRect;
        match &self.layer(s.layer)?.layer {
            Layer::Areas(l) => l
                .areas
                .get(s.feature)?
                .geometry
                .bounding_rect()
                .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y]),
            Layer::Facilities(l) => {
                let p = l.facilities.get(s.feature)?.position;
                Some([p.x() - 0.004, p.y() - 0.003, p.x() + 0.004, p.y() + 0.003])
            }
        }
    }

    /// The extent of all area layers (of all layers when there are only points).
    pub fn all_bbox(&self) -> Option<[f64; 4]> {
        let has_areas = self
            .layers
            .iter()
            .any(|l| matches!(l.layer, Layer::Areas(_)));
        self.layers
            .iter()
            .filter(|l| !has_areas || matches!(l.layer, Layer::Areas(_)))
            .filter_map(|l| l.layer.bbox())
            .reduce(|a, b| {
                [
                    a[0].min(b[0]),
                    a[1].min(b[1]),
                    a[2].max(b[2]),
                    a[3].max(b[3]),
                ]
            })
    }

    /// Ask the map to bring a lon/lat box into view (a new request number each time).
    pub(crate) fn request_reveal(&mut self, bbox: Option<[f64; 4]>) {
        if let Some(b) = bbox {
            let n = self.reveal.map_or(1, |(_, n)| n + 1);
            self.reveal = Some((b, n));
        }
    }

    /// The box of a feature, also of a row of an aggregated level ([`LEVEL_LAYER`]).
    pub fn reveal_bbox(&self, f: FeatureRef) -> Option<[f64; 4]> {
        if f.layer == LEVEL_LAYER {
            let level = self.analyses.thematic.as_ref()?.level_layer.as_ref()?;
            let r = level.areas.get(f.feature)?.geometry.bounding_rect()?;
            return Some([r.min().x, r.min().y, r.max().x, r.max().y]);
        }
        self.feature_bbox(f)
    }

    /// The box of a row of the class map: its aggregated area, or its base areas together.
    pub fn row_bbox(&self, row: usize) -> Option<[f64; 4]> {
        let th = self.analyses.thematic.as_ref()?;
        if th.level_layer.is_some() {
            return self.reveal_bbox(FeatureRef {
                layer: LEVEL_LAYER,
                feature: row,
            });
        }
        th.view
            .members
            .get(row)?
            .iter()
            .filter_map(|&feature| {
                self.feature_bbox(FeatureRef {
                    layer: th.layer,
                    feature,
                })
            })
            .reduce(|a, b| {
                [
                    a[0].min(b[0]),
                    a[1].min(b[1]),
                    a[2].max(b[2]),
                    a[3].max(b[3]),
                ]
            })
    }
}
