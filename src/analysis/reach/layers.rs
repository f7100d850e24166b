//! Reach inputs from loaded layers: the areas' metric geometry with the scale correction of
//! their UTM zone, and facility positions in the same metric CRS (reprojected from lon/lat
//! when a point layer was given another zone).

use geo::Coord;

use super::geometry::GridScale;
use super::{PreparedAreas, Sites};
use crate::crs::{Crs, CrsError, Transformer};
use crate::model::{AreaLayer, FacilityLayer};

/// The scale correction of a metric CRS at a latitude: UTM zones get theirs, others none.
pub fn grid_scale(crs: Crs, lat: f64) -> GridScale {
    match crs.epsg() {
        25828..=25838 | 32601..=32660 | 32701..=32760 => GridScale::utm(lat),
        _ => GridScale::none(),
    }
}

impl PreparedAreas {
    /// The areas of a layer, in its metric CRS.
    pub fn from_layer(layer: &AreaLayer) -> Self {
        let lat = layer.bbox().map_or(50.0, |b| (b[1] + b[3]) / 2.0);
        Self::new(
            layer.areas.iter().map(|a| a.metric.clone()).collect(),
            grid_scale(layer.metric_crs, lat),
        )
    }
}

impl Sites {
    /// The facilities of a point layer in the metric CRS `crs` (the areas' CRS).
    pub fn from_layer(layer: &FacilityLayer, crs: Crs) -> Result<Self, CrsError> {
        if layer.metric_crs == crs {
            return Ok(Self::new(
                layer.facilities.iter().map(|f| f.metric.0).collect(),
            ));
        }
        let t = Transformer::new(Crs(4326), crs)?;
        let points = layer
            .facilities
            .iter()
            .map(|f| t.transform_point(&f.position).map(|p| p.0))
            .collect::<Result<Vec<Coord<f64>>, _>>()?;
        Ok(Self::new(points))
    }
}
