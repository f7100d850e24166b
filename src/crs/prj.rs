//! Mapping `.prj` files (ESRI WKT as ArcGIS and QGIS write it, OGC WKT 1 and 2) to an EPSG code:
//! [`crs_from_prj`] and the name and projection-parameter rules behind it. It works on the tree
//! from `wkt` and the zone code tables of the parent module; it must not parse WKT syntax itself,
//! read the `.prj` file (callers hand in its text), transform coordinates or touch the user
//! interface, and it never panics: anything unrecognised is a [`CrsError::UnknownWkt`].

use super::wkt::{WktNode, WktParser, WktValue, is_keyword, normalize};
use super::{Crs, CrsError, canonical, crs_from_name, etrs_utm, gauss_kruger, wgs84_utm};

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

fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    match text.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
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

#[cfg(test)]
#[path = "prj_tests.rs"]
mod tests;
