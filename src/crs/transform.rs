//! Moving coordinates between systems: [`Transformer`], prepared once with `proj4rs` and reused for
//! many points and `geo` geometries, and the pure-maths unit Web-Mercator helpers
//! [`unit_merc_from_lonlat`] and [`lonlat_from_unit_merc`] used for map meshes. It is the one place
//! that builds `proj4rs` projections. It must not identify or guess systems (that is the parent
//! module, `prj` and `detect`), read files or touch the user interface, and it never panics:
//! failures are [`CrsError`]s.

use std::f64::consts::PI;
use std::fmt;

use geo::{Coord, MapCoords, MultiPolygon, Point};
use proj4rs::Proj;
use proj4rs::errors::Error as ProjError;

use super::{Crs, CrsError, is_valid_lonlat};

/// Codes whose longitude/latitude are the same numbers as WGS 84's for our purposes: ETRS89 is
/// fixed to Europe and differs from WGS 84 by well under a metre, and `proj4rs` defines it with a
/// zero datum shift anyway.
fn wgs84_equivalent(crs: Crs) -> bool {
    matches!(crs.0, 4326 | 4258 | 4979 | 4937)
}

pub(super) fn proj_for(crs: Crs) -> Result<Proj, CrsError> {
    let code = u16::try_from(crs.0).map_err(|_| CrsError::UnknownCrs { crs, source: None })?;
    Proj::from_epsg_code(code).map_err(|source| match source {
        ProjError::ProjectionNotFound => CrsError::UnknownCrs {
            crs,
            source: Some(source),
        },
        other => CrsError::UnsupportedCrs { crs, source: other },
    })
}

struct ProjPair {
    src: Proj,
    dst: Proj,
    src_geographic: bool,
    dst_geographic: bool,
}

/// A prepared transformation between two CRSs (build once, reuse for many points).
pub struct Transformer {
    from: Crs,
    to: Crs,
    /// `None` for an identity transformation, which never calls `proj4rs`.
    projs: Option<ProjPair>,
}

impl fmt::Debug for Transformer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transformer")
            .field("from", &self.from)
            .field("to", &self.to)
            .field("identity", &self.projs.is_none())
            .finish()
    }
}

impl Transformer {
    /// Prepare a transformation. Same systems (and WGS 84 ↔ ETRS89 geographic) are an identity
    /// that is never handed to `proj4rs`, even for codes it does not know. Otherwise both codes
    /// must be known to `proj4rs` ([`CrsError::UnknownCrs`] if not) and usable in the needed
    /// direction ([`CrsError::UnsupportedCrs`]).
    pub fn new(from: Crs, to: Crs) -> Result<Transformer, CrsError> {
        if from == to || (wgs84_equivalent(from) && wgs84_equivalent(to)) {
            return Ok(Transformer {
                from,
                to,
                projs: None,
            });
        }
        let src = proj_for(from)?;
        let dst = proj_for(to)?;
        if !src.has_inverse() {
            return Err(CrsError::UnsupportedCrs {
                crs: from,
                source: ProjError::NoInverseProjectionDefined,
            });
        }
        if !dst.has_forward() {
            return Err(CrsError::UnsupportedCrs {
                crs: to,
                source: ProjError::NoForwardProjectionDefined,
            });
        }
        let src_geographic = src.is_latlong();
        let dst_geographic = dst.is_latlong();
        Ok(Transformer {
            from,
            to,
            projs: Some(ProjPair {
                src,
                dst,
                src_geographic,
                dst_geographic,
            }),
        })
    }

    /// The source system.
    pub fn from(&self) -> Crs {
        self.from
    }

    /// The target system.
    pub fn to(&self) -> Crs {
        self.to
    }

    /// Whether [`Transformer::transform`] returns its input unchanged.
    pub fn is_identity(&self) -> bool {
        self.projs.is_none()
    }

    /// x/y in the units of the CRS: degrees (x = lon, y = lat) for geographic CRSs, metres
    /// otherwise. The identity returns its input as it is, without any check.
    pub fn transform(&self, x: f64, y: f64) -> Result<(f64, f64), CrsError> {
        let Some(p) = &self.projs else {
            return Ok((x, y));
        };
        let valid = if p.src_geographic {
            is_valid_lonlat(x, y)
        } else {
            x.is_finite() && y.is_finite()
        };
        if !valid {
            return Err(CrsError::InvalidCoordinate {
                x,
                y,
                crs: self.from,
            });
        }
        // proj4rs works in radians for geographic systems.
        let mut point = if p.src_geographic {
            (x.to_radians(), y.to_radians(), 0.0)
        } else {
            (x, y, 0.0)
        };
        proj4rs::transform::transform(&p.src, &p.dst, &mut point).map_err(|source| {
            CrsError::Transform {
                x,
                y,
                from: self.from,
                to: self.to,
                source: Some(source),
            }
        })?;
        let (out_x, out_y) = if p.dst_geographic {
            (point.0.to_degrees(), point.1.to_degrees())
        } else {
            (point.0, point.1)
        };
        if out_x.is_finite() && out_y.is_finite() {
            Ok((out_x, out_y))
        } else {
            Err(CrsError::Transform {
                x,
                y,
                from: self.from,
                to: self.to,
                source: None,
            })
        }
    }

    /// Transform one `geo` coordinate.
    pub fn transform_coord(&self, c: Coord<f64>) -> Result<Coord<f64>, CrsError> {
        self.transform(c.x, c.y).map(|(x, y)| Coord { x, y })
    }

    /// Transform every coordinate of a `geo` geometry: `Point`, `MultiPoint`, `LineString`,
    /// `Polygon`, `MultiPolygon`, `Rect`, a generic `Geometry` … The first failing coordinate
    /// stops the transformation with its error.
    pub fn transform_geometry<G>(&self, g: &G) -> Result<G::Output, CrsError>
    where
        G: MapCoords<f64, f64>,
    {
        g.try_map_coords(|c| self.transform_coord(c))
    }

    /// [`Transformer::transform_geometry`] for a point.
    pub fn transform_point(&self, p: &Point<f64>) -> Result<Point<f64>, CrsError> {
        self.transform_geometry(p)
    }

    /// [`Transformer::transform_geometry`] for a multi-polygon.
    pub fn transform_multi_polygon(
        &self,
        mp: &MultiPolygon<f64>,
    ) -> Result<MultiPolygon<f64>, CrsError> {
        self.transform_geometry(mp)
    }
}

// ---------------------------------------------------------------------------------------------
// Unit Web-Mercator (map meshes)
// ---------------------------------------------------------------------------------------------

/// The latitude where Web-Mercator's square world ends (y = 0 and y = 1).
const MAX_MERCATOR_LAT: f64 = 85.051_128_779_806_59;

/// Convenience: WGS 84 lon/lat → Web-Mercator world coordinates in the unit square used for map
/// meshes: x = (lon + 180) / 360, y = (1 − ln(tan φ + sec φ) / π) / 2, (0,0) top-left. Pure
/// maths, no `proj4rs`. Latitudes beyond ±85.0511° are clamped to the square's edge so the result
/// stays finite.
pub fn unit_merc_from_lonlat(lon: f64, lat: f64) -> (f64, f64) {
    let phi = lat.clamp(-MAX_MERCATOR_LAT, MAX_MERCATOR_LAT).to_radians();
    let x = (lon + 180.0) / 360.0;
    // ln(tan φ + sec φ) = asinh(tan φ), numerically the kinder form.
    let y = (1.0 - phi.tan().asinh() / PI) / 2.0;
    (x, y)
}

/// The inverse of [`unit_merc_from_lonlat`]: unit-square world coordinates → WGS 84 lon/lat.
pub fn lonlat_from_unit_merc(x: f64, y: f64) -> (f64, f64) {
    let lon = x * 360.0 - 180.0;
    let lat = (PI * (1.0 - 2.0 * y)).sinh().atan().to_degrees();
    (lon, lat)
}

#[cfg(test)]
#[path = "transform_tests.rs"]
mod tests;
