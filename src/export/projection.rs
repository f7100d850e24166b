//! Lon/lat to page millimetres inside a map frame: Web Mercator like the screen, the box
//! centred with its aspect kept, and the true ground scale at the frame's latitude for the
//! scale bar and the "1 : n" line.

use super::scene::{Pt, Rect};
use crate::crs::unit_merc_from_lonlat;

const EARTH_CIRCUMFERENCE: f64 = 2.0 * std::f64::consts::PI * 6_378_137.0;

/// Lon/lat → page millimetres inside a frame (Web Mercator, aspect kept, box centred).
#[derive(Debug, Clone, Copy)]
pub struct MapProjection {
    pub frame: Rect,
    centre: [f64; 2],
    /// Millimetres per unit-Mercator.
    scale: f64,
}

impl MapProjection {
    pub fn fit(bbox: [f64; 4], frame: Rect) -> Self {
        let (x0, y1) = unit_merc_from_lonlat(bbox[0], bbox[1]);
        let (x1, y0) = unit_merc_from_lonlat(bbox[2], bbox[3]);
        let (w, h) = ((x1 - x0).abs().max(1e-12), (y1 - y0).abs().max(1e-12));
        let scale = (frame.w * 0.96 / w).min(frame.h * 0.96 / h);
        Self {
            frame,
            centre: [(x0 + x1) / 2.0, (y0 + y1) / 2.0],
            scale,
        }
    }

    pub fn apply(&self, lon: f64, lat: f64) -> Pt {
        let (x, y) = unit_merc_from_lonlat(lon, lat);
        [
            self.frame.x + self.frame.w / 2.0 + (x - self.centre[0]) * self.scale,
            self.frame.y + self.frame.h / 2.0 + (y - self.centre[1]) * self.scale,
        ]
    }

    /// Ground metres per page millimetre at the frame's centre latitude.
    pub fn metres_per_mm(&self) -> f64 {
        let lat = (std::f64::consts::PI * (1.0 - 2.0 * self.centre[1]))
            .sinh()
            .atan();
        // The parallel's radius on the GRS80 ellipsoid (a sphere would be 0.2 % short here).
        let e2 = 0.006_694_380_022_9;
        let s = lat.sin();
        EARTH_CIRCUMFERENCE * lat.cos() / (1.0 - e2 * s * s).sqrt() / self.scale
    }

    /// The map scale denominator (1 : n) on paper.
    pub fn scale_denominator(&self) -> f64 {
        self.metres_per_mm() * 1000.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_is_right_at_the_map_latitude() {
        // A box 0.1° wide at Frankfurt's latitude: 7.16 km on the ground.
        let frame = Rect {
            x: 0.0,
            y: 0.0,
            w: 200.0,
            h: 200.0,
        };
        let p = MapProjection::fit([8.6, 50.08, 8.7, 50.12], frame);
        let a = p.apply(8.6, 50.1);
        let b = p.apply(8.7, 50.1);
        let ground = (b[0] - a[0]) * p.metres_per_mm();
        // The length of 0.1° of the parallel at 50.1° on the GRS80 ellipsoid.
        let (phi, e2) = (50.1_f64.to_radians(), 0.006_694_380_022_9);
        let n = 6_378_137.0 / (1.0 - e2 * phi.sin().powi(2)).sqrt();
        let expected = 0.1_f64.to_radians() * n * phi.cos();
        assert!(
            (ground - expected).abs() / expected < 0.001,
            "{ground} vs {expected}"
        );
    }
}
