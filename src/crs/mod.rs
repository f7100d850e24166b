//! Coordinate reference systems: the one home of reprojection in Sozialatlas.
//!
//! This module answers three questions and nothing else: *which* coordinate system a file uses
//! ([`crs_from_name`] for GeoJSON/user input, [`crs_from_prj`] for shapefile `.prj` WKT,
//! [`detect_crs`] as a last-resort guess from a bounding box), *which metric* system fits the
//! data for distances and areas ([`metric_crs_for`]), and *how* to move coordinates between
//! systems ([`Transformer`], backed by `proj4rs`, plus the pure-maths unit Web-Mercator helpers
//! used for map meshes). It must not know about the user interface: no GUI toolkit, map widget or
//! file-dialog crate is imported here, nothing is drawn, and no files are read — callers hand in
//! strings, numbers and `geo` geometries. It never panics on bad input: unknown EPSG codes,
//! unparsable WKT and coordinates outside a system's domain all come back as a [`CrsError`] with
//! a German message.
//!
//! Conventions: coordinates are always `x, y` in the *traditional GIS order* — for geographic
//! systems `x` is the longitude and `y` the latitude in degrees (never the EPSG "latitude first"
//! axis order), for projected systems easting and northing in metres.
//!
//! Layout: this file holds the [`Crs`] type, [`CrsError`], name parsing ([`crs_from_name`]) and the
//! EPSG codes of zoned systems (UTM, Gauß-Krüger). The submodules each own one concept — `prj`
//! maps `.prj` files (on the WKT reader in `wkt`), `detect` guesses and chooses systems from
//! numbers, `transform` converts coordinates — and everything public is re-exported here, so
//! callers only ever write `crate::crs::…`.

mod detect;
mod prj;
mod transform;
mod wkt;

pub use detect::{detect_crs, is_valid_lonlat, metric_crs_for};
pub use prj::crs_from_prj;
pub use transform::{Transformer, lonlat_from_unit_merc, unit_merc_from_lonlat};

use std::fmt;

use proj4rs::errors::Error as ProjError;

use transform::proj_for;

/// A coordinate reference system identified by its EPSG code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Crs(pub u32);

impl Crs {
    /// WGS 84 longitude/latitude in degrees (GeoJSON's coordinate system).
    pub const WGS84: Crs = Crs(4326);
    /// WGS 84 / Pseudo-Mercator, the system of web map tiles.
    pub const WEB_MERCATOR: Crs = Crs(3857);
    /// ETRS89 / UTM zone 32N, the official metric system of Hesse (and Frankfurt).
    pub const UTM32N: Crs = Crs(25832);

    /// The EPSG code.
    pub fn epsg(self) -> u32 {
        self.0
    }

    /// Whether coordinates in this system are longitude/latitude in degrees.
    ///
    /// Well-known codes are answered from a table; for other codes the `proj4rs` definition is
    /// consulted. Unknown codes count as not geographic.
    pub fn is_geographic(self) -> bool {
        match self.0 {
            // WGS 84, ETRS89, WGS 84 (3D), DHDN, ED50, NAD27, NAD83, GDA94, ETRS89 (3D), …
            4326 | 4258 | 4979 | 4314 | 4230 | 4267 | 4269 | 4283 | 4937 | 4617 | 4619 => true,
            3857 | 4647 | 5650 | 25828..=25838 | 31466..=31469 | 32601..=32660 | 32701..=32760 => {
                false
            }
            _ => proj_for(self).is_ok_and(|p| p.is_latlong()),
        }
    }

    /// Whether `proj4rs` has a definition for this code, i.e. [`Transformer::new`] can use it.
    pub fn is_supported(self) -> bool {
        proj_for(self).is_ok()
    }

    /// The label used in the interface and in reports, e.g. `"EPSG:25832"`.
    pub fn label(self) -> String {
        self.to_string()
    }

    /// A short German name for the systems common in German municipal data, `""` if unknown.
    pub fn description(self) -> &'static str {
        match self.0 {
            4326 => "WGS 84 (Längen-/Breitengrade)",
            4979 => "WGS 84 3D (Längen-/Breitengrade)",
            4258 => "ETRS89 (Längen-/Breitengrade)",
            4937 => "ETRS89 3D (Längen-/Breitengrade)",
            4314 => "DHDN (Längen-/Breitengrade)",
            3857 => "Web-Mercator",
            3035 => "ETRS89 / LAEA Europa",
            4647 => "ETRS89 / UTM Zone 32N (mit Zonenkennung)",
            5650 => "ETRS89 / UTM Zone 33N (mit Zonenkennung)",
            31466 => "DHDN / Gauß-Krüger Zone 2",
            31467 => "DHDN / Gauß-Krüger Zone 3",
            31468 => "DHDN / Gauß-Krüger Zone 4",
            31469 => "DHDN / Gauß-Krüger Zone 5",
            code @ 25828..=25838 => table_entry(&ETRS89_UTM_NAMES, code - 25828),
            code @ 32601..=32660 => table_entry(&WGS84_UTM_NORTH_NAMES, code - 32601),
            code @ 32701..=32760 => table_entry(&WGS84_UTM_SOUTH_NAMES, code - 32701),
            _ => "",
        }
    }

    /// The description in English ("WGS 84 (longitude/latitude)", "… UTM zone 32N").
    pub fn description_en(self) -> String {
        self.description()
            .replace("(Längen-/Breitengrade)", "(longitude/latitude)")
            .replace("(mit Zonenkennung)", "(with zone number)")
            .replace("Europa", "Europe")
            .replace("Gauß-Krüger", "Gauss-Krüger")
            .replace("Zone", "zone")
    }

    /// The description in the reader's language.
    pub fn description_in(self, english: bool) -> String {
        if english {
            self.description_en()
        } else {
            self.description().to_owned()
        }
    }
}

impl fmt::Display for Crs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EPSG:{}", self.0)
    }
}

fn table_entry(table: &[&'static str], index: u32) -> &'static str {
    usize::try_from(index)
        .ok()
        .and_then(|i| table.get(i))
        .copied()
        .unwrap_or("")
}

/// Builds a table of names `prefix + zone + suffix` for the given zone literals.
macro_rules! zone_names {
    ($prefix:literal, $suffix:literal; $($zone:literal)*) => {
        [$(concat!($prefix, $zone, $suffix)),*]
    };
}

const ETRS89_UTM_NAMES: [&str; 11] =
    zone_names!("ETRS89 / UTM Zone ", "N"; 28 29 30 31 32 33 34 35 36 37 38);

const WGS84_UTM_NORTH_NAMES: [&str; 60] = zone_names!("WGS 84 / UTM Zone ", "N";
    1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30
    31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60);

const WGS84_UTM_SOUTH_NAMES: [&str; 60] = zone_names!("WGS 84 / UTM Zone ", "S";
    1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30
    31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60);

/// Everything that can go wrong when identifying a coordinate system or converting coordinates.
#[derive(Debug, thiserror::Error)]
pub enum CrsError {
    /// The EPSG code has no definition (in `proj4rs`' table or at all).
    #[error("Unbekanntes Koordinatensystem: {crs}")]
    UnknownCrs {
        crs: Crs,
        #[source]
        source: Option<ProjError>,
    },
    /// The EPSG code is known but its definition cannot be used by `proj4rs`.
    #[error("Koordinatensystem wird nicht unterstützt: {crs}")]
    UnsupportedCrs {
        crs: Crs,
        #[source]
        source: ProjError,
    },
    /// A `.prj`/WKT text names no coordinate system this module recognises.
    #[error("Unbekanntes Koordinatensystem: „{0}“")]
    UnknownWkt(String),
    /// The input is not a valid coordinate of the source system (not finite, or a
    /// longitude/latitude outside ±180°/±90°).
    #[error("Koordinate kann nicht umgerechnet werden: ({x}, {y}) ist in {crs} ungültig")]
    InvalidCoordinate { x: f64, y: f64, crs: Crs },
    /// The conversion itself failed (e.g. the point lies outside the target projection).
    #[error("Koordinate kann nicht umgerechnet werden: ({x}, {y}) von {from} nach {to}")]
    Transform {
        x: f64,
        y: f64,
        from: Crs,
        to: Crs,
        #[source]
        source: Option<ProjError>,
    },
}

// ---------------------------------------------------------------------------------------------
// Names (GeoJSON `crs` member, user input)
// ---------------------------------------------------------------------------------------------

/// Parse a CRS name as found in GeoJSON's legacy `crs` member or typed by a user:
/// `urn:ogc:def:crs:OGC:1.3:CRS84`, `urn:ogc:def:crs:OGC::CRS84`, `EPSG:4326`, `epsg:25832`,
/// `urn:ogc:def:crs:EPSG::25832`, `urn:ogc:def:crs:EPSG:6.9:31467`,
/// `http://www.opengis.net/def/crs/EPSG/0/25833`, `25832` → `Some`; garbage → `None`.
///
/// Aliases of Web-Mercator (`EPSG:900913`, `EPSG:3785`, `ESRI:102100`, `ESRI:102113`) map to
/// [`Crs::WEB_MERCATOR`]. The code is only parsed, not checked against `proj4rs`
/// (see [`Crs::is_supported`]).
pub fn crs_from_name(name: &str) -> Option<Crs> {
    let s = name.trim().to_ascii_lowercase();
    if s.is_empty() {
        return None;
    }
    if matches!(s.as_str(), "crs84" | "wgs84" | "wgs 84" | "wgs_84")
        || ((s.starts_with("urn:ogc:def:crs:ogc:")
            || s.starts_with("http://www.opengis.net/def/crs/ogc/")
            || s.starts_with("https://www.opengis.net/def/crs/ogc/")
            || s.starts_with("ogc:"))
            && s.ends_with("crs84"))
    {
        return Some(Crs::WGS84);
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return parse_code(&s).map(canonical);
    }
    const EPSG_PREFIXES: [&str; 6] = [
        "urn:ogc:def:crs:epsg:",
        "urn:x-ogc:def:crs:epsg:",
        "http://www.opengis.net/def/crs/epsg/",
        "https://www.opengis.net/def/crs/epsg/",
        "http://www.opengis.net/gml/srs/epsg.xml#",
        "epsg:",
    ];
    for prefix in EPSG_PREFIXES {
        if let Some(rest) = s.strip_prefix(prefix) {
            return code_after_version(rest).map(canonical);
        }
    }
    if let Some(rest) = s.strip_prefix("esri:") {
        return match parse_code(rest.trim())?.0 {
            102100 | 102113 => Some(Crs::WEB_MERCATOR),
            _ => None,
        };
    }
    None
}

/// `rest` is `"25832"`, `":25832"`, `"6.9:31467"` or `"0/25833"`: an optional version, then the code.
fn code_after_version(rest: &str) -> Option<Crs> {
    let (version, code) = match rest.rfind([':', '/']) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => ("", rest),
    };
    if !version
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b':' | b'/'))
    {
        return None;
    }
    parse_code(code.trim())
}

fn parse_code(code: &str) -> Option<Crs> {
    if code.is_empty() || code.len() > 7 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match code.parse::<u32>() {
        Ok(0) | Err(_) => None,
        Ok(n) => Some(Crs(n)),
    }
}

/// Maps deprecated or vendor aliases onto the code `proj4rs` knows.
fn canonical(crs: Crs) -> Crs {
    match crs.0 {
        900913 | 3785 | 102100 | 102113 => Crs::WEB_MERCATOR,
        _ => crs,
    }
}

// ---------------------------------------------------------------------------------------------
// Zoned systems (shared by the .prj mapping and the bounding-box guess)
// ---------------------------------------------------------------------------------------------

fn etrs_utm(zone: u32, south: bool, prefixed: bool) -> Option<Crs> {
    match (zone, south, prefixed) {
        (32, false, true) => Some(Crs(4647)),
        (33, false, true) => Some(Crs(5650)),
        (28..=38, false, false) => Some(Crs(25800 + zone)),
        _ => None,
    }
}

fn wgs84_utm(zone: u32, south: bool) -> Option<Crs> {
    match (zone, south) {
        (1..=60, false) => Some(Crs(32600 + zone)),
        (1..=60, true) => Some(Crs(32700 + zone)),
        _ => None,
    }
}

fn gauss_kruger(zone: u32) -> Option<Crs> {
    (2..=5).contains(&zone).then(|| Crs(31464 + zone))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crs_names_from_geojson_and_users_are_parsed() {
        let cases = [
            ("urn:ogc:def:crs:OGC:1.3:CRS84", Some(4326)),
            ("urn:ogc:def:crs:OGC::CRS84", Some(4326)),
            ("http://www.opengis.net/def/crs/OGC/1.3/CRS84", Some(4326)),
            ("EPSG:4326", Some(4326)),
            ("epsg:25832", Some(25832)),
            ("  EPSG:25832 ", Some(25832)),
            ("urn:ogc:def:crs:EPSG::25832", Some(25832)),
            ("urn:ogc:def:crs:EPSG:6.9:31467", Some(31467)),
            ("urn:x-ogc:def:crs:EPSG:4258", Some(4258)),
            ("http://www.opengis.net/def/crs/EPSG/0/25833", Some(25833)),
            ("http://www.opengis.net/gml/srs/epsg.xml#4326", Some(4326)),
            ("25832", Some(25832)),
            ("EPSG:900913", Some(3857)),
            ("ESRI:102100", Some(3857)),
            ("", None),
            ("Hallo Welt", None),
            ("EPSG:", None),
            ("EPSG:abc", None),
            ("EPSG:0", None),
            ("EPSG:12345678901234567890", None),
            ("urn:ogc:def:crs:EPSG:x:4326", None),
            ("-4326", None),
            ("4326.5", None),
        ];
        for (name, expected) in cases {
            assert_eq!(crs_from_name(name), expected.map(Crs), "{name:?}");
        }
    }

    #[test]
    fn crs_labels_and_descriptions_are_german_and_short() {
        assert_eq!(Crs::UTM32N.label(), "EPSG:25832");
        assert_eq!(Crs::UTM32N.to_string(), "EPSG:25832");
        assert_eq!(Crs::UTM32N.epsg(), 25832);
        assert_eq!(Crs::WGS84.description(), "WGS 84 (Längen-/Breitengrade)");
        assert_eq!(Crs::UTM32N.description(), "ETRS89 / UTM Zone 32N");
        assert_eq!(Crs(25833).description(), "ETRS89 / UTM Zone 33N");
        assert_eq!(Crs(31467).description(), "DHDN / Gauß-Krüger Zone 3");
        assert_eq!(Crs::WEB_MERCATOR.description(), "Web-Mercator");
        assert_eq!(Crs(32618).description(), "WGS 84 / UTM Zone 18N");
        assert_eq!(Crs(32756).description(), "WGS 84 / UTM Zone 56S");
        assert_eq!(Crs(999_999).description(), "");
    }

    #[test]
    fn geographic_systems_are_told_apart_from_projected_ones() {
        for code in [4326, 4258, 4979, 4314] {
            assert!(Crs(code).is_geographic(), "{code}");
        }
        for code in [3857, 25832, 31467, 32632, 4647, 3035] {
            assert!(!Crs(code).is_geographic(), "{code}");
        }
        assert!(!Crs(999_999).is_geographic());
    }
}
