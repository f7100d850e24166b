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

use std::f64::consts::PI;
use std::fmt;

use geo::{Coord, MapCoords, MultiPolygon, Point};
use proj4rs::Proj;
use proj4rs::errors::Error as ProjError;

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
// WKT (.prj)
// ---------------------------------------------------------------------------------------------

/// Map an ESRI WKT (.prj of a shapefile) or OGC WKT to an EPSG code.
///
/// In this order:
/// 1. an `AUTHORITY["EPSG","…"]` (WKT 1) or `ID["EPSG",…]` (WKT 2) at the outermost level wins;
///    for a compound CRS (`COMPD_CS`) the horizontal part is used, since Sozialatlas is 2D;
/// 2. the CRS name, as ESRI and OGC spell it: `GCS_WGS_1984`/`WGS 84` → 4326,
///    `GCS_ETRS_1989`/`ETRS89` → 4258 (display treats it as WGS 84), `GCS_Deutsches_Hauptdreiecksnetz`
///    → 4314, `ETRS_1989_UTM_Zone_32N`/`ETRS89 / UTM zone 32N` → 25832 (zones 28–38 → 25828–25838;
///    the zone-prefixed `…_Zone_N32`, `…_8stellen` or `(zE-N)` variants → 4647/5650),
///    `WGS_1984_UTM_Zone_32N` → 32632 (326xx north, 327xx south), `DHDN_3_Degree_Gauss_Kruger_Zone_3`/
///    `DHDN / 3-degree Gauss-Kruger zone 3` → 31467 (zones 2–5 → 31466–31469), `…Web_Mercator…`/
///    `WGS 84 / Pseudo-Mercator` → 3857;
/// 3. the projection parameters (Transverse Mercator with the central meridian, scale factor and
///    false easting of UTM or Gauß-Krüger on a recognised datum), for oddly named files.
///
/// Anything else is an [`CrsError::UnknownWkt`] carrying the CRS name found in the text.
/// A text that is not WKT at all is tried as a name with [`crs_from_name`] (some tools write
/// just `EPSG:25832` into the `.prj`).
pub fn crs_from_prj(wkt: &str) -> Result<Crs, CrsError> {
    let text = wkt.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return Err(CrsError::UnknownWkt("leere .prj-Datei".to_owned()));
    }
    let Some(root) = WktParser::parse(text) else {
        return crs_from_name(text).ok_or_else(|| CrsError::UnknownWkt(shorten(text)));
    };
    let horizontal = if is_keyword(&root.keyword, COMPOUND_KEYWORDS) {
        root.args
            .iter()
            .filter_map(WktValue::as_node)
            .find(|n| {
                is_keyword(&n.keyword, PROJECTED_KEYWORDS)
                    || is_keyword(&n.keyword, GEOGRAPHIC_KEYWORDS)
            })
            .unwrap_or(&root)
    } else {
        &root
    };
    if let Some(crs) = horizontal.epsg_authority() {
        return Ok(canonical(crs));
    }
    let name = horizontal.name().unwrap_or_default();
    let projected = is_keyword(&horizontal.keyword, PROJECTED_KEYWORDS);
    let geographic = is_keyword(&horizontal.keyword, GEOGRAPHIC_KEYWORDS);
    let found = if projected {
        projected_from_name(&normalize(name), horizontal)
            .or_else(|| projected_from_parameters(horizontal))
    } else if geographic {
        geographic_from_name(&normalize(name)).or_else(|| match DatumKind::of(horizontal) {
            Some(DatumKind::Wgs84) => Some(Crs::WGS84),
            Some(DatumKind::Etrs89) => Some(Crs(4258)),
            Some(DatumKind::Dhdn) => Some(Crs(4314)),
            None => None,
        })
    } else {
        None
    };
    found.ok_or_else(|| {
        CrsError::UnknownWkt(if name.is_empty() {
            shorten(text)
        } else {
            name.to_owned()
        })
    })
}

const PROJECTED_KEYWORDS: &[&str] = &["PROJCS", "PROJCRS", "PROJECTEDCRS"];
const GEOGRAPHIC_KEYWORDS: &[&str] = &[
    "GEOGCS",
    "GEOGCRS",
    "GEOGRAPHICCRS",
    "GEODCRS",
    "GEODETICCRS",
    "BASEGEOGCRS",
    "BASEGEODCRS",
];
const COMPOUND_KEYWORDS: &[&str] = &["COMPD_CS", "COMPOUNDCRS"];

fn is_keyword(keyword: &str, set: &[&str]) -> bool {
    set.iter().any(|k| keyword.eq_ignore_ascii_case(k))
}

fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    match text.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}

/// Lower-case, German umlauts transliterated, every run of other characters turned into one `_`:
/// `"DHDN / 3-degree Gauss-Kruger zone 3"` → `"dhdn_3_degree_gauss_kruger_zone_3"`.
fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        let replacement = match c {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            _ => "",
        };
        if !replacement.is_empty() {
            out.push_str(replacement);
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

fn geographic_from_name(n: &str) -> Option<Crs> {
    match n {
        "gcs_wgs_1984" | "wgs_84" | "wgs84" | "wgs_1984" => Some(Crs::WGS84),
        "gcs_etrs_1989" | "etrs89" | "etrs_1989" | "etrs_89" => Some(Crs(4258)),
        "gcs_deutsches_hauptdreiecksnetz" | "dhdn" | "deutsches_hauptdreiecksnetz" => {
            Some(Crs(4314))
        }
        _ => None,
    }
}

fn projected_from_name(n: &str, node: &WktNode) -> Option<Crs> {
    if ["web_mercator", "pseudo_mercator", "popular_visualisation"]
        .iter()
        .any(|k| n.contains(k))
    {
        return Some(Crs::WEB_MERCATOR);
    }
    if let Some(utm) = UtmName::parse(n) {
        let etrs = n.contains("etrs");
        let wgs = ["wgs_1984", "wgs_84", "wgs84"]
            .iter()
            .any(|k| n.contains(k));
        let prefixed = utm.zone_prefixed
            || n.contains("8stellen")
            || n.contains("_ze_n")
            || node
                .parameter(&["false_easting"])
                .is_some_and(|fe| fe >= 1_000_000.0);
        if etrs {
            return etrs_utm(utm.zone, utm.south, prefixed);
        }
        if wgs && !prefixed {
            return wgs84_utm(utm.zone, utm.south);
        }
        return None;
    }
    let gauss = n.contains("gauss") || n.contains("gauß") || n.starts_with("germany_zone");
    let dhdn =
        n.contains("dhdn") || n.contains("deutsches_hauptdreiecksnetz") || n.starts_with("germany");
    if gauss && dhdn {
        let zone = n
            .rsplit_once("zone_")
            .and_then(|(_, rest)| leading_number(rest))?;
        return gauss_kruger(zone);
    }
    None
}

/// The zone part of a UTM name such as `etrs_1989_utm_zone_32n`, `wgs_84_utm_zone_33s`,
/// `etrs_1989_utm_zone_n32` (ESRI's zone-prefixed variant) or `utm_zone_32_southern_hemisphere`.
struct UtmName {
    zone: u32,
    south: bool,
    zone_prefixed: bool,
}

impl UtmName {
    fn parse(n: &str) -> Option<UtmName> {
        let (_, rest) = n.split_once("utm")?;
        let rest = rest.trim_start_matches('_');
        let rest = rest
            .strip_prefix("zone")
            .unwrap_or(rest)
            .trim_start_matches('_');
        let (zone_prefixed, rest) = match rest.strip_prefix('n') {
            Some(r) if r.starts_with(|c: char| c.is_ascii_digit()) => (true, r),
            _ => (false, rest),
        };
        let zone = leading_number(rest)?;
        let after = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        let south = after.trim_start_matches('_').starts_with('s');
        Some(UtmName {
            zone,
            south,
            zone_prefixed,
        })
    }
}

fn leading_number(s: &str) -> Option<u32> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    s[..end].parse().ok()
}

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

/// The geodetic datum of a WKT tree, for the datums this module maps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DatumKind {
    Wgs84,
    Etrs89,
    Dhdn,
}

impl DatumKind {
    fn of(node: &WktNode) -> Option<DatumKind> {
        let datum = node.find(&["DATUM", "GEODETICDATUM", "TRF"])?;
        let n = normalize(datum.name()?);
        if n.contains("wgs_1984") || n.contains("wgs_84") || n == "world_geodetic_system_1984" {
            Some(DatumKind::Wgs84)
        } else if n.contains("etrs") || n.contains("european_terrestrial_reference") {
            Some(DatumKind::Etrs89)
        } else if n.contains("deutsches_hauptdreiecksnetz")
            || n.contains("dhdn")
            || n.contains("potsdam")
        {
            Some(DatumKind::Dhdn)
        } else {
            None
        }
    }
}

/// Recognise UTM, zone-prefixed UTM, Gauß-Krüger and Web-Mercator from the projection parameters.
fn projected_from_parameters(node: &WktNode) -> Option<Crs> {
    let method = normalize(node.find(&["PROJECTION", "METHOD"])?.name()?);
    if method.contains("auxiliary_sphere") || method.contains("pseudo_mercator") {
        return Some(Crs::WEB_MERCATOR);
    }
    if !(method.contains("transverse_mercator") || method.contains("gauss_kruger")) {
        return None;
    }
    // Only metre-based systems: a projected UNIT other than 1 metre (US feet …) is not ours.
    let metre = node
        .args
        .iter()
        .filter_map(WktValue::as_node)
        .find(|n| is_keyword(&n.keyword, &["UNIT", "LENGTHUNIT"]))
        .and_then(|u| u.number_arg(1))
        .is_none_or(|factor| (factor - 1.0).abs() < 1e-9);
    if !metre {
        return None;
    }
    let cm = node.parameter(&["central_meridian", "longitude_of_natural_origin"])?;
    let k = node.parameter(&["scale_factor", "scale_factor_at_natural_origin"])?;
    let fe = node.parameter(&["false_easting"])?;
    let fn_ = node.parameter(&["false_northing"]).unwrap_or(0.0);
    let lat0 = node
        .parameter(&["latitude_of_origin", "latitude_of_natural_origin"])
        .unwrap_or(0.0);
    if lat0.abs() > 1e-9 {
        return None;
    }
    let close = |a: f64, b: f64| (a - b).abs() < 1e-6;
    let datum = DatumKind::of(node)?;
    if close(k, 0.9996) {
        let zone_f = (cm + 183.0) / 6.0;
        if !close(zone_f, zone_f.round()) || !(1.0..=60.0).contains(&zone_f.round()) {
            return None;
        }
        // Whole numbers 1..=60, checked above.
        let zone = zone_f.round() as u32;
        let south = close(fn_, 10_000_000.0);
        if !south && !close(fn_, 0.0) {
            return None;
        }
        let prefixed = close(fe, f64::from(zone) * 1_000_000.0 + 500_000.0);
        if !prefixed && !close(fe, 500_000.0) {
            return None;
        }
        return match datum {
            DatumKind::Etrs89 => etrs_utm(zone, south, prefixed),
            DatumKind::Wgs84 if !prefixed => wgs84_utm(zone, south),
            _ => None,
        };
    }
    if close(k, 1.0) && datum == DatumKind::Dhdn && close(fn_, 0.0) {
        let zone_f = cm / 3.0;
        if close(zone_f, zone_f.round()) && close(fe, zone_f.round() * 1_000_000.0 + 500_000.0) {
            // 2..=5 is checked by gauss_kruger; the value is a small whole number here.
            return gauss_kruger(zone_f.round().clamp(0.0, 100.0) as u32);
        }
    }
    None
}

/// One value inside a WKT bracket.
#[derive(Debug)]
enum WktValue {
    /// A quoted string.
    Text(String),
    /// A number or bare word (`EAST`, `0.9996`).
    Word(String),
    /// A nested `KEYWORD[…]`.
    Node(WktNode),
}

impl WktValue {
    fn as_node(&self) -> Option<&WktNode> {
        match self {
            WktValue::Node(n) => Some(n),
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            WktValue::Text(s) | WktValue::Word(s) => Some(s),
            WktValue::Node(_) => None,
        }
    }
}

/// A `KEYWORD[arg, arg, …]` element of a WKT text.
#[derive(Debug)]
struct WktNode {
    keyword: String,
    args: Vec<WktValue>,
}

impl WktNode {
    /// The first quoted argument, which is the name for CRS, datum and parameter elements.
    fn name(&self) -> Option<&str> {
        match self.args.first() {
            Some(WktValue::Text(s)) => Some(s),
            _ => None,
        }
    }

    fn number_arg(&self, index: usize) -> Option<f64> {
        self.args.get(index)?.as_str()?.trim().parse().ok()
    }

    /// `AUTHORITY["EPSG","25832"]` or `ID["EPSG",25832]` directly inside this element.
    fn epsg_authority(&self) -> Option<Crs> {
        self.args
            .iter()
            .filter_map(WktValue::as_node)
            .filter(|n| is_keyword(&n.keyword, &["AUTHORITY", "ID"]))
            .find_map(|n| {
                let authority = n.args.first()?.as_str()?;
                if !authority.trim().eq_ignore_ascii_case("EPSG") {
                    return None;
                }
                parse_code(n.args.get(1)?.as_str()?.trim())
            })
    }

    /// Depth-first search for the first element with one of the keywords.
    fn find(&self, keywords: &[&str]) -> Option<&WktNode> {
        self.args
            .iter()
            .filter_map(WktValue::as_node)
            .find_map(|n| {
                if is_keyword(&n.keyword, keywords) {
                    Some(n)
                } else {
                    n.find(keywords)
                }
            })
    }

    /// The value of the first `PARAMETER["name", value]` (anywhere below) whose normalised name is
    /// one of `names`.
    fn parameter(&self, names: &[&str]) -> Option<f64> {
        self.args
            .iter()
            .filter_map(WktValue::as_node)
            .find_map(|n| {
                let own = if n.keyword.eq_ignore_ascii_case("PARAMETER") {
                    let name = normalize(n.name()?);
                    if names.contains(&name.as_str()) {
                        n.number_arg(1)
                    } else {
                        None
                    }
                } else {
                    None
                };
                own.or_else(|| n.parameter(names))
            })
    }
}

/// A small, forgiving WKT (1 and 2) reader: `KEYWORD[ "text", 1.5, WORD, NESTED[…] ]`, with
/// `[]` or `()` as brackets and `""` as an escaped quote.
struct WktParser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl<'a> WktParser<'a> {
    /// Deeper nesting than this is not WKT from any real tool; it would only risk the stack.
    const MAX_DEPTH: usize = 64;

    fn parse(text: &'a str) -> Option<WktNode> {
        let mut parser = WktParser {
            bytes: text.as_bytes(),
            text,
            pos: 0,
        };
        let node = parser.node(0)?;
        parser.skip_ws();
        (parser.pos == parser.bytes.len()).then_some(node)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    fn word(&mut self) -> &'a str {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'+'))
        {
            self.pos += 1;
        }
        &self.text[start..self.pos]
    }

    fn node(&mut self, depth: usize) -> Option<WktNode> {
        if depth > Self::MAX_DEPTH {
            return None;
        }
        self.skip_ws();
        let keyword = self.word();
        if keyword.is_empty() || !keyword.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        self.skip_ws();
        let close = match self.peek()? {
            b'[' => b']',
            b'(' => b')',
            _ => return None,
        };
        self.pos += 1;
        let mut args = Vec::new();
        self.skip_ws();
        if self.peek() == Some(close) {
            self.pos += 1;
            return Some(WktNode {
                keyword: keyword.to_owned(),
                args,
            });
        }
        loop {
            args.push(self.value(depth)?);
            self.skip_ws();
            match self.peek()? {
                b',' => self.pos += 1,
                b if b == close => {
                    self.pos += 1;
                    break;
                }
                _ => return None,
            }
        }
        Some(WktNode {
            keyword: keyword.to_owned(),
            args,
        })
    }

    fn value(&mut self, depth: usize) -> Option<WktValue> {
        self.skip_ws();
        if self.peek()? == b'"' {
            self.pos += 1;
            let mut out = String::new();
            loop {
                let start = self.pos;
                let rel = self.text.get(start..)?.find('"')?;
                out.push_str(&self.text[start..start + rel]);
                self.pos = start + rel + 1;
                if self.peek() == Some(b'"') {
                    out.push('"');
                    self.pos += 1;
                } else {
                    return Some(WktValue::Text(out));
                }
            }
        }
        let start = self.pos;
        let word = self.word();
        if word.is_empty() {
            return None;
        }
        self.skip_ws();
        if matches!(self.peek(), Some(b'[' | b'(')) {
            self.pos = start;
            return self.node(depth + 1).map(WktValue::Node);
        }
        Some(WktValue::Word(word.to_owned()))
    }
}

// ---------------------------------------------------------------------------------------------
// Guessing and choosing
// ---------------------------------------------------------------------------------------------

/// Guess the CRS from a coordinate bounding box `[min_x, min_y, max_x, max_y]` when the file says
/// nothing. The whole box must fit a range; the checks run in this order:
///
/// 1. lon −180..180 and lat −90..90 → [`Crs::WGS84`];
/// 2. with a northing of 5 200 000..6 200 000 m (Germany and its neighbours):
///    * eastings 32 100 000..32 900 000 (zone-prefixed UTM, "zE-N") → EPSG:4647,
///      33 100 000..33 900 000 → EPSG:5650 (both only if `proj4rs` knows them — it does);
///    * eastings d 200 000..d 900 000 with the leading digit d = 2..5 in both corners →
///      DHDN Gauß-Krüger zone d, EPSG:3146(4+d) (e.g. 3 2…–3 9… → 31467);
/// 3. UTM against Web-Mercator. Plain UTM eastings are 100 000..900 000 m with northings
///    5.2–6.2 M in Germany; Germany in Web-Mercator has eastings ≈ 650 000–1 700 000 and
///    northings ≈ 6.0–7.4 M. The rule:
///    * eastings 100 000..900 000 and northings 5 200 000..6 100 000 → UTM (EPSG:25832);
///    * else eastings 500 000..2 000 000 and northings 5 500 000..7 500 000 → Web-Mercator;
///    * else eastings 100 000..900 000 and northings up to 6 200 000 → UTM (EPSG:25832).
///
///    So a box that fits both is UTM when it lies entirely below 6 100 000 m northing (all of
///    Germany except the very north of Schleswig-Holstein in UTM, but in Web-Mercator only the
///    Alpine edge south of ≈ 47.6° N), and Web-Mercator above it.
///    UTM zone 33 uses the same number ranges as zone 32; the guess is always zone 32 (Frankfurt's
///    zone), data from eastern Germany in zone 33 without a `.prj` is misplaced by one zone.
///
/// Anything else (and non-finite or inverted boxes) → `None`.
pub fn detect_crs(bbox: [f64; 4]) -> Option<Crs> {
    let [min_x, min_y, max_x, max_y] = bbox;
    if !bbox.iter().all(|v| v.is_finite()) || min_x > max_x || min_y > max_y {
        return None;
    }
    let xs = |lo: f64, hi: f64| lo <= min_x && max_x <= hi;
    let ys = |lo: f64, hi: f64| lo <= min_y && max_y <= hi;

    if xs(-180.0, 180.0) && ys(-90.0, 90.0) {
        return Some(Crs::WGS84);
    }

    if ys(5_200_000.0, 6_200_000.0) {
        let million = (min_x / 1_000_000.0).floor();
        let same_million = million == (max_x / 1_000_000.0).floor();
        let offset_within =
            |lo: f64, hi: f64| xs(million * 1_000_000.0 + lo, million * 1_000_000.0 + hi);
        if same_million && offset_within(100_000.0, 900_000.0) {
            let prefixed = if million == 32.0 {
                Some(Crs(4647))
            } else if million == 33.0 {
                Some(Crs(5650))
            } else {
                None
            };
            if let Some(crs) = prefixed {
                return crs.is_supported().then_some(crs);
            }
        }
        if same_million && (2.0..=5.0).contains(&million) && offset_within(200_000.0, 900_000.0) {
            // million is a whole number in 2..=5 here.
            return gauss_kruger(million as u32);
        }
    }

    let utm_x = xs(100_000.0, 900_000.0);
    if utm_x && ys(5_200_000.0, 6_100_000.0) {
        return Some(Crs::UTM32N);
    }
    if xs(500_000.0, 2_000_000.0) && ys(5_500_000.0, 7_500_000.0) {
        return Some(Crs::WEB_MERCATOR);
    }
    if utm_x && ys(5_200_000.0, 6_200_000.0) {
        return Some(Crs::UTM32N);
    }
    None
}

/// Whether a lon/lat pair is a valid geographic coordinate (finite, |lon| ≤ 180, |lat| ≤ 90).
pub fn is_valid_lonlat(lon: f64, lat: f64) -> bool {
    lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= 90.0
}

/// The metric CRS for data centred at lon/lat: the ETRS89 / UTM zone (25828..25838) inside
/// Europe's ETRS89 range (lon −18..42, lat 34..72), otherwise WGS 84 / UTM 326xx (north) or
/// 327xx (south). Zone = floor((lon + 180) / 6) + 1, clamped to 1..=60; the Norwegian and
/// Svalbard zone exceptions are ignored. Frankfurt (8.68, 50.11) → 25832; Berlin (13.4, 52.5)
/// → 25833. An invalid position (see [`is_valid_lonlat`]) gives [`Crs::UTM32N`], the home zone.
pub fn metric_crs_for(lon: f64, lat: f64) -> Crs {
    if !is_valid_lonlat(lon, lat) {
        return Crs::UTM32N;
    }
    // Finite and within 0..=61 after the arithmetic, so the cast is exact.
    let zone = (((lon + 180.0) / 6.0).floor() + 1.0).clamp(1.0, 60.0) as u32;
    if (-18.0..=42.0).contains(&lon) && (34.0..=72.0).contains(&lat) {
        Crs(25800 + zone)
    } else if lat >= 0.0 {
        Crs(32600 + zone)
    } else {
        Crs(32700 + zone)
    }
}

// ---------------------------------------------------------------------------------------------
// Transformation
// ---------------------------------------------------------------------------------------------

/// Codes whose longitude/latitude are the same numbers as WGS 84's for our purposes: ETRS89 is
/// fixed to Europe and differs from WGS 84 by well under a metre, and `proj4rs` defines it with a
/// zero datum shift anyway.
fn wgs84_equivalent(crs: Crs) -> bool {
    matches!(crs.0, 4326 | 4258 | 4979 | 4937)
}

fn proj_for(crs: Crs) -> Result<Proj, CrsError> {
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
#[allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic; the code above may not.
mod tests {
    use super::*;
    use geo::{Geometry, MultiPoint, Polygon, polygon};

    const FRANKFURT: (f64, f64) = (8.6821, 50.1109);

    fn assert_close(actual: f64, expected: f64, tolerance: f64, what: &str) {
        assert!(
            (actual - expected).abs() <= tolerance,
            "{what}: {actual} is not within {tolerance} of {expected}"
        );
    }

    fn round_trip(via: Crs, lon: f64, lat: f64) -> (f64, f64) {
        let there = Transformer::new(Crs::WGS84, via).unwrap();
        let back = Transformer::new(via, Crs::WGS84).unwrap();
        let (x, y) = there.transform(lon, lat).unwrap();
        back.transform(x, y).unwrap()
    }

    #[test]
    fn frankfurt_in_wgs84_lands_on_the_known_utm32_coordinate_and_back() {
        let t = Transformer::new(Crs::WGS84, Crs::UTM32N).unwrap();
        let (e, n) = t.transform(FRANKFURT.0, FRANKFURT.1).unwrap();
        assert_close(e, 477_269.5, 0.1, "easting");
        assert_close(n, 5_551_009.6, 0.1, "northing");
        let back = Transformer::new(Crs::UTM32N, Crs::WGS84).unwrap();
        let (lon, lat) = back.transform(e, n).unwrap();
        assert_close(lon, FRANKFURT.0, 1e-7, "lon");
        assert_close(lat, FRANKFURT.1, 1e-7, "lat");
    }

    #[test]
    fn round_trips_through_utm33_web_mercator_and_gauss_krueger_return_to_the_start() {
        for via in [
            Crs(25833),
            Crs::WEB_MERCATOR,
            Crs(31467),
            Crs(4647),
            Crs(4314),
        ] {
            let (lon, lat) = round_trip(via, FRANKFURT.0, FRANKFURT.1);
            assert_close(lon, FRANKFURT.0, 1e-6, &format!("lon via {via}"));
            assert_close(lat, FRANKFURT.1, 1e-6, &format!("lat via {via}"));
        }
    }

    #[test]
    fn gauss_krueger_zone_3_of_frankfurt_is_plausible_and_includes_the_datum_shift() {
        let t = Transformer::new(Crs::WGS84, Crs(31467)).unwrap();
        let (r, h) = t.transform(FRANKFURT.0, FRANKFURT.1).unwrap();
        // Plausible: Rechtswert ≈ 3 477 km, Hochwert ≈ 5 553 km.
        assert_close(r, 3_477_300.0, 300.0, "Rechtswert");
        assert_close(h, 5_553_000.0, 300.0, "Hochwert");
        // Exact: computed independently (outside proj4rs) with the EPSG:1777 seven-parameter
        // Helmert shift DHDN → WGS 84 (position vector, 598.1 73.7 418.2 m, 0.202 0.045 −2.455″,
        // 6.7 ppm — the "potsdam" datum of proj4rs) and Krüger's series on the Bessel ellipsoid.
        // PROJ with the BETA2007 grid differs from this Helmert shift by up to ~1–2 m.
        assert_close(r, 3_477_334.81, 0.05, "Rechtswert");
        assert_close(h, 5_552_790.75, 0.05, "Hochwert");
        // DHDN longitude/latitude differ from WGS 84 by roughly a hundred metres
        // (the 7-parameter shift of proj4rs' "potsdam" datum), so the shift must be applied.
        let to_dhdn = Transformer::new(Crs::WGS84, Crs(4314)).unwrap();
        let (lon, lat) = to_dhdn.transform(FRANKFURT.0, FRANKFURT.1).unwrap();
        let shift_m = ((lon - FRANKFURT.0) * 71_500.0).hypot((lat - FRANKFURT.1) * 111_200.0);
        assert!((50.0..250.0).contains(&shift_m), "datum shift {shift_m} m");
        // Going through DHDN geographic and through UTM gives the same Gauß-Krüger point.
        let via_dhdn = Transformer::new(Crs(4314), Crs(31467))
            .unwrap()
            .transform(lon, lat)
            .unwrap();
        let (e, n) = Transformer::new(Crs::WGS84, Crs::UTM32N)
            .unwrap()
            .transform(FRANKFURT.0, FRANKFURT.1)
            .unwrap();
        let via_utm = Transformer::new(Crs::UTM32N, Crs(31467))
            .unwrap()
            .transform(e, n)
            .unwrap();
        assert_close(via_dhdn.0, r, 0.01, "R via DHDN");
        assert_close(via_dhdn.1, h, 0.01, "H via DHDN");
        assert_close(via_utm.0, r, 0.01, "R via UTM");
        assert_close(via_utm.1, h, 0.01, "H via UTM");
    }

    #[test]
    fn gauss_krueger_to_web_mercator_applies_the_dhdn_datum_shift() {
        let (r, h) = Transformer::new(Crs::WGS84, Crs(31467))
            .unwrap()
            .transform(FRANKFURT.0, FRANKFURT.1)
            .unwrap();
        let direct = Transformer::new(Crs(31467), Crs::WEB_MERCATOR)
            .unwrap()
            .transform(r, h)
            .unwrap();
        let expected = Transformer::new(Crs::WGS84, Crs::WEB_MERCATOR)
            .unwrap()
            .transform(FRANKFURT.0, FRANKFURT.1)
            .unwrap();
        assert_close(direct.0, expected.0, 0.01, "x");
        assert_close(direct.1, expected.1, 0.01, "y");
    }

    #[test]
    fn web_mercator_x_is_the_earth_radius_times_the_longitude_in_radians() {
        let t = Transformer::new(Crs::WGS84, Crs::WEB_MERCATOR).unwrap();
        let (x, y) = t.transform(FRANKFURT.0, FRANKFURT.1).unwrap();
        assert_close(x, 6_378_137.0 * FRANKFURT.0.to_radians(), 0.01, "x");
        let phi = FRANKFURT.1.to_radians();
        assert_close(y, 6_378_137.0 * phi.tan().asinh(), 0.01, "y");
    }

    #[test]
    fn zone_prefixed_utm_is_plain_utm_plus_32_million() {
        let (e, n) = Transformer::new(Crs::WGS84, Crs::UTM32N)
            .unwrap()
            .transform(FRANKFURT.0, FRANKFURT.1)
            .unwrap();
        let (pe, pn) = Transformer::new(Crs::WGS84, Crs(4647))
            .unwrap()
            .transform(FRANKFURT.0, FRANKFURT.1)
            .unwrap();
        assert_close(pe, e + 32_000_000.0, 0.001, "easting");
        assert_close(pn, n, 0.001, "northing");
    }

    #[test]
    fn an_unknown_epsg_code_is_an_error_not_a_panic() {
        for code in [999_999, 1, 65_535] {
            let err = Transformer::new(Crs::WGS84, Crs(code)).unwrap_err();
            assert!(matches!(err, CrsError::UnknownCrs { .. }), "{err:?}");
            assert!(
                err.to_string()
                    .starts_with("Unbekanntes Koordinatensystem: EPSG:")
            );
            assert!(Transformer::new(Crs(code), Crs::UTM32N).is_err());
            assert!(!Crs(code).is_supported());
        }
        let err = Transformer::new(Crs(65_535), Crs::WGS84).unwrap_err();
        assert!(
            std::error::Error::source(&err).is_some(),
            "keeps the proj4rs error"
        );
    }

    #[test]
    fn transformers_and_errors_can_cross_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Transformer>();
        assert_send_sync::<CrsError>();
    }

    #[test]
    fn identity_transforms_return_the_input_without_asking_proj() {
        let t = Transformer::new(Crs::UTM32N, Crs::UTM32N).unwrap();
        assert!(t.is_identity());
        assert_eq!(t.transform(1.5, -2.5).unwrap(), (1.5, -2.5));
        assert!(
            Transformer::new(Crs(4258), Crs::WGS84)
                .unwrap()
                .is_identity()
        );
        assert!(
            Transformer::new(Crs(999_999), Crs(999_999))
                .unwrap()
                .is_identity()
        );
        assert!(
            !Transformer::new(Crs::WGS84, Crs::UTM32N)
                .unwrap()
                .is_identity()
        );
        let t = Transformer::new(Crs::WGS84, Crs::UTM32N).unwrap();
        assert_eq!((t.from(), t.to()), (Crs::WGS84, Crs::UTM32N));
    }

    #[test]
    fn invalid_coordinates_give_a_german_error() {
        let t = Transformer::new(Crs::WGS84, Crs::UTM32N).unwrap();
        for (x, y) in [(f64::NAN, 50.0), (8.0, 91.0), (477_269.5, 5_551_009.6)] {
            let err = t.transform(x, y).unwrap_err();
            assert!(
                err.to_string()
                    .starts_with("Koordinate kann nicht umgerechnet werden"),
                "{err}"
            );
        }
        let back = Transformer::new(Crs::UTM32N, Crs::WGS84).unwrap();
        assert!(back.transform(f64::INFINITY, 0.0).is_err());
    }

    #[test]
    fn geometries_are_transformed_coordinate_by_coordinate() {
        let t = Transformer::new(Crs::WGS84, Crs::UTM32N).unwrap();
        let point = t
            .transform_point(&Point::new(FRANKFURT.0, FRANKFURT.1))
            .unwrap();
        assert_close(point.x(), 477_269.5, 0.1, "point x");
        let square: Polygon<f64> = polygon![
            (x: 8.6, y: 50.1), (x: 8.7, y: 50.1), (x: 8.7, y: 50.2), (x: 8.6, y: 50.2),
        ];
        let mp = t
            .transform_multi_polygon(&MultiPolygon::new(vec![square.clone()]))
            .unwrap();
        assert_eq!(mp.0[0].exterior().0.len(), square.exterior().0.len());
        assert!(
            mp.0[0]
                .exterior()
                .0
                .iter()
                .all(|c| c.x > 400_000.0 && c.y > 5_500_000.0)
        );
        let geometry = Geometry::Polygon(square);
        let g = t.transform_geometry(&geometry).unwrap();
        assert!(matches!(g, Geometry::Polygon(_)));
        let mpt = t
            .transform_geometry(&MultiPoint::from(vec![(8.0, 50.0), (9.0, 51.0)]))
            .unwrap();
        assert_eq!(mpt.0.len(), 2);
        let bad = MultiPoint::from(vec![(8.0, 50.0), (8.0, 95.0)]);
        assert!(t.transform_geometry(&bad).is_err());
    }

    #[test]
    fn prj_files_as_arcgis_writes_them_are_recognised() {
        let utm32 = r#"PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
        let wgs84 = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        let gk3 = r#"PROJCS["DHDN_3_Degree_Gauss_Kruger_Zone_3",GEOGCS["GCS_Deutsches_Hauptdreiecksnetz",DATUM["D_Deutsches_Hauptdreiecksnetz",SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",3500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
        let web_mercator = r#"PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]"#;
        let etrs = r#"GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        let wgs_utm = r#"PROJCS["WGS_1984_UTM_Zone_32N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
        let zone_n32 = r#"PROJCS["ETRS_1989_UTM_Zone_N32",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",32500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
        assert_eq!(crs_from_prj(utm32).unwrap(), Crs(25832));
        assert_eq!(crs_from_prj(wgs84).unwrap(), Crs::WGS84);
        assert_eq!(crs_from_prj(gk3).unwrap(), Crs(31467));
        assert_eq!(crs_from_prj(web_mercator).unwrap(), Crs::WEB_MERCATOR);
        assert_eq!(crs_from_prj(etrs).unwrap(), Crs(4258));
        assert_eq!(crs_from_prj(wgs_utm).unwrap(), Crs(32632));
        assert_eq!(crs_from_prj(zone_n32).unwrap(), Crs(4647));
        assert_eq!(
            crs_from_prj(
                &utm32
                    .replace("Zone_32N", "Zone_33N")
                    .replace("9.0]", "15.0]")
            )
            .unwrap(),
            Crs(25833)
        );
        assert_eq!(
            crs_from_prj(&gk3.replace("Zone_3", "Zone_4")).unwrap(),
            Crs(31468)
        );
        // With a byte-order mark and Windows line ending, as some tools write it.
        assert_eq!(
            crs_from_prj(&format!("\u{feff}{utm32}\r\n")).unwrap(),
            Crs(25832)
        );
    }

    #[test]
    fn prj_files_in_ogc_wkt_use_the_outermost_authority_or_the_name() {
        let ogc_utm = r#"PROJCS["ETRS89 / UTM zone 32N",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],TOWGS84[0,0,0,0,0,0,0],AUTHORITY["EPSG","6258"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4258"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",9],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","25832"]]"#;
        assert_eq!(crs_from_prj(ogc_utm).unwrap(), Crs(25832));
        // The outermost authority wins over the name …
        let relabelled = ogc_utm.replace(
            r#"AUTHORITY["EPSG","25832"]]"#,
            r#"AUTHORITY["EPSG","5555"]]"#,
        );
        assert_eq!(crs_from_prj(&relabelled).unwrap(), Crs(5555));
        // … and without it the name decides (the inner 4258 is not used).
        let anonymous = ogc_utm.replace(r#",AUTHORITY["EPSG","25832"]]"#, "]");
        assert_eq!(crs_from_prj(&anonymous).unwrap(), Crs(25832));
        let names = [
            (
                r#"PROJCS["DHDN / 3-degree Gauss-Kruger zone 3",GEOGCS["DHDN",DATUM["Deutsches_Hauptdreiecksnetz",SPHEROID["Bessel 1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],UNIT["metre",1]]"#,
                31467,
            ),
            (
                r#"PROJCS["DHDN / 3-degree Gauss-Kruger zone 2",GEOGCS["DHDN",DATUM["Deutsches_Hauptdreiecksnetz",SPHEROID["Bessel 1841",6377397.155,299.1528128]]],PROJECTION["Transverse_Mercator"]]"#,
                31466,
            ),
            (
                r#"PROJCS["DHDN / 3-degree Gauss-Kruger zone 5",GEOGCS["DHDN",DATUM["Deutsches_Hauptdreiecksnetz",SPHEROID["Bessel 1841",6377397.155,299.1528128]]],PROJECTION["Transverse_Mercator"]]"#,
                31469,
            ),
            (
                r#"PROJCS["WGS 84 / Pseudo-Mercator",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]]],PROJECTION["Mercator_1SP"]]"#,
                3857,
            ),
            (
                r#"PROJCS["WGS 84 / UTM zone 33S",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]]],PROJECTION["Transverse_Mercator"]]"#,
                32733,
            ),
            (
                r#"PROJCS["ETRS89 / UTM zone 32N (zE-N)",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",SPHEROID["GRS 1980",6378137,298.257222101]]],PROJECTION["Transverse_Mercator"]]"#,
                4647,
            ),
            (
                r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]"#,
                4326,
            ),
        ];
        for (wkt, code) in names {
            assert_eq!(crs_from_prj(wkt).unwrap(), Crs(code), "{wkt}");
        }
        let wkt2 = r#"PROJCRS["ETRS89 / UTM zone 33N", BASEGEOGCRS["ETRS89", DATUM["European Terrestrial Reference System 1989", ELLIPSOID["GRS 1980",6378137,298.257222101]]], CONVERSION["UTM zone 33N", METHOD["Transverse Mercator"]], CS[Cartesian,2], ID["EPSG",25833]]"#;
        assert_eq!(crs_from_prj(wkt2).unwrap(), Crs(25833));
    }

    #[test]
    fn odd_names_fall_back_to_the_projection_parameters() {
        let odd = r#"PROJCS["Stadtvermessung_Frankfurt",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
        assert_eq!(crs_from_prj(odd).unwrap(), Crs(25832));
        let odd_gk = r#"PROJCS["GK4",GEOGCS["GCS_Deutsches_Hauptdreiecksnetz",DATUM["D_Deutsches_Hauptdreiecksnetz",SPHEROID["Bessel_1841",6377397.155,299.1528128]]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",4500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",12.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
        assert_eq!(crs_from_prj(odd_gk).unwrap(), Crs(31468));
        let feet = odd.replace(
            r#"UNIT["Meter",1.0]"#,
            r#"UNIT["Foot_US",0.3048006096012192]"#,
        );
        assert!(crs_from_prj(&feet).is_err());
    }

    #[test]
    fn unknown_or_broken_prj_files_are_errors_with_the_name() {
        let lambert = r#"PROJCS["RGF93_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",700000.0],PARAMETER["Central_Meridian",3.0],UNIT["Meter",1.0]]"#;
        let err = crs_from_prj(lambert).unwrap_err();
        assert!(matches!(err, CrsError::UnknownWkt(_)));
        assert_eq!(
            err.to_string(),
            "Unbekanntes Koordinatensystem: „RGF93_Lambert_93“"
        );
        for broken in [
            "",
            "   ",
            "PROJCS[",
            "PROJCS[\"x\"",
            "kein WKT",
            "[[[[",
            "PROJCS[\"a\"]]",
        ] {
            assert!(crs_from_prj(broken).is_err(), "{broken:?}");
        }
        let deep = format!("{}{}", "A[".repeat(10_000), "]".repeat(10_000));
        assert!(crs_from_prj(&deep).is_err());
        // Some tools write only the code into the .prj.
        assert_eq!(crs_from_prj("EPSG:25832").unwrap(), Crs(25832));
    }

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
    fn frankfurt_bounding_boxes_reveal_their_coordinate_system() {
        // The city of Frankfurt in each system.
        assert_eq!(detect_crs([8.47, 50.01, 8.80, 50.23]), Some(Crs::WGS84));
        assert_eq!(
            detect_crs([462_000.0, 5_540_000.0, 486_000.0, 5_565_000.0]),
            Some(Crs::UTM32N)
        );
        assert_eq!(
            detect_crs([3_462_000.0, 5_542_000.0, 3_486_000.0, 5_567_000.0]),
            Some(Crs(31467))
        );
        assert_eq!(
            detect_crs([943_000.0, 6_434_000.0, 980_000.0, 6_473_000.0]),
            Some(Crs::WEB_MERCATOR)
        );
        assert_eq!(
            detect_crs([32_462_000.0, 5_540_000.0, 32_486_000.0, 5_565_000.0]),
            Some(Crs(4647))
        );
        // Other Gauß-Krüger zones by the leading digit.
        assert_eq!(
            detect_crs([2_500_000.0, 5_600_000.0, 2_600_000.0, 5_700_000.0]),
            Some(Crs(31466))
        );
        assert_eq!(
            detect_crs([4_400_000.0, 5_300_000.0, 4_500_000.0, 5_400_000.0]),
            Some(Crs(31468))
        );
        // All of Germany in Web-Mercator overlaps the UTM easting range but not its northings.
        assert_eq!(
            detect_crs([653_000.0, 5_985_000.0, 1_674_000.0, 7_370_000.0]),
            Some(Crs::WEB_MERCATOR)
        );
        // Freiburg in Web-Mercator fits both number ranges; above 6.1 M it is Web-Mercator.
        assert_eq!(
            detect_crs([860_000.0, 6_100_500.0, 890_000.0, 6_120_000.0]),
            Some(Crs::WEB_MERCATOR)
        );
        // Sylt in UTM 32N: far north, but west of the Web-Mercator easting range.
        assert_eq!(
            detect_crs([460_000.0, 6_080_000.0, 470_000.0, 6_110_000.0]),
            Some(Crs::UTM32N)
        );
    }

    #[test]
    fn nonsense_bounding_boxes_are_not_guessed() {
        for bbox in [
            [1e9, 1e9, 2e9, 2e9],
            [-500.0, -500.0, 500.0, 500.0],
            [f64::NAN, 0.0, 1.0, 1.0],
            [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ],
            [10.0, 10.0, 5.0, 5.0],
            [3_400_000.0, 5_500_000.0, 4_100_000.0, 5_600_000.0],
            [100_000.0, 100_000.0, 200_000.0, 200_000.0],
        ] {
            assert_eq!(detect_crs(bbox), None, "{bbox:?}");
        }
    }

    #[test]
    fn the_metric_system_is_the_local_utm_zone() {
        assert_eq!(metric_crs_for(8.68, 50.11), Crs(25832));
        assert_eq!(metric_crs_for(13.4, 52.5), Crs(25833));
        assert_eq!(metric_crs_for(-74.0, 40.7), Crs(32618));
        assert_eq!(metric_crs_for(151.2, -33.9), Crs(32756));
        assert_eq!(metric_crs_for(180.0, 0.0), Crs(32660));
        assert_eq!(metric_crs_for(f64::NAN, 0.0), Crs::UTM32N);
    }

    #[test]
    fn every_metric_system_is_one_proj4rs_can_use() {
        let mut lon = -180.0;
        while lon <= 180.0 {
            for lat in [-80.0, -10.0, 0.0, 35.0, 50.0, 71.0, 80.0] {
                let crs = metric_crs_for(lon, lat);
                assert!(crs.is_supported(), "{crs} for {lon}, {lat}");
                assert!(!crs.is_geographic());
                assert!(!crs.description().is_empty(), "{crs}");
            }
            lon += 3.0;
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

    #[test]
    fn lonlat_validity_checks_range_and_finiteness() {
        assert!(is_valid_lonlat(8.68, 50.11));
        assert!(is_valid_lonlat(-180.0, -90.0));
        assert!(is_valid_lonlat(180.0, 90.0));
        assert!(!is_valid_lonlat(180.1, 0.0));
        assert!(!is_valid_lonlat(0.0, -90.1));
        assert!(!is_valid_lonlat(f64::NAN, 0.0));
        assert!(!is_valid_lonlat(0.0, f64::INFINITY));
    }

    #[test]
    fn the_unit_mercator_square_has_null_island_in_the_middle_and_round_trips() {
        let (x, y) = unit_merc_from_lonlat(0.0, 0.0);
        assert_close(x, 0.5, 1e-12, "x");
        assert_close(y, 0.5, 1e-12, "y");
        let (x, y) = unit_merc_from_lonlat(-180.0, MAX_MERCATOR_LAT);
        assert_close(x, 0.0, 1e-12, "left edge");
        assert_close(y, 0.0, 1e-9, "top edge");
        assert!(unit_merc_from_lonlat(0.0, 90.0).1.is_finite());
        for (lon, lat) in [FRANKFURT, (-74.0, 40.7), (151.2, -33.9), (0.0, 85.0)] {
            let (x, y) = unit_merc_from_lonlat(lon, lat);
            assert!((0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y));
            let (lon2, lat2) = lonlat_from_unit_merc(x, y);
            assert_close(lon2, lon, 1e-9, "lon");
            assert_close(lat2, lat, 1e-9, "lat");
        }
        // North is up: Frankfurt is above the equator, i.e. y < 0.5.
        assert!(unit_merc_from_lonlat(FRANKFURT.0, FRANKFURT.1).1 < 0.5);
    }

    #[test]
    fn unit_mercator_agrees_with_proj4rs_web_mercator() {
        let t = Transformer::new(Crs::WGS84, Crs::WEB_MERCATOR).unwrap();
        let (mx, my) = t.transform(FRANKFURT.0, FRANKFURT.1).unwrap();
        let half = PI * 6_378_137.0;
        let (ux, uy) = unit_merc_from_lonlat(FRANKFURT.0, FRANKFURT.1);
        assert_close(ux, (mx + half) / (2.0 * half), 1e-12, "x");
        assert_close(uy, (half - my) / (2.0 * half), 1e-12, "y");
    }
}
