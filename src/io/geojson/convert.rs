//! From a GeoJSON feature's parts to a raw feature: polygons and points, unsupported types
//! kept as such, everything else invalid with a German and English reason; unclosed rings and
//! repeated property names noted for the load report. Must not parse JSON.

use geo::{Coord, LineString, MultiPolygon, Point, Polygon};

use super::feature::FeatureParts;
use super::geometry::{Coords, GeometryParts};
use super::top::Findings;
use crate::bilingual;
use crate::i18n::Bilingual;
use crate::io::build::{RawFeature, RawGeometry};

pub(super) fn type_name(geometry: &GeometryParts) -> String {
    match geometry {
        GeometryParts::Null => "null".to_owned(),
        GeometryParts::NotAnObject => "unbekannt".to_owned(),
        GeometryParts::Object { type_name, .. } => {
            type_name.clone().unwrap_or_else(|| "unbekannt".to_owned())
        }
    }
}

pub(super) fn feature_from_parts(
    index: usize,
    parts: FeatureParts,
    findings: &mut Findings,
) -> RawFeature {
    if let Some(key) = parts.duplicate_keys.first() {
        findings.duplicate_keys.push((index, key.clone()));
    }
    if parts.is_feature && has_unclosed_ring(&parts.geometry) {
        findings.unclosed.push(index);
    }
    if let Some(member) = parts.repeated_members.first() {
        return RawFeature {
            index,
            type_name: "mehrdeutig".to_owned(),
            geometry: RawGeometry::Invalid(bilingual!(
                "Objekt hat „{member}“ zweimal – welches gilt, ist nicht eindeutig",
                "Feature has “{member}” twice – which one counts is ambiguous"
            )),
            props: Vec::new(),
        };
    }
    if !parts.is_feature {
        return RawFeature {
            index,
            type_name: "kein Feature".to_owned(),
            geometry: RawGeometry::Invalid(Bilingual::new(
                "Eintrag ist kein GeoJSON-Feature (fehlendes \"type\": \"Feature\")",
                "Entry is not a GeoJSON feature (\"type\": \"Feature\" missing)",
            )),
            props: Vec::new(),
        };
    }
    RawFeature {
        index,
        type_name: type_name(&parts.geometry),
        geometry: read_geometry(parts.geometry),
        props: parts.props,
    }
}

pub(super) fn read_geometry(g: GeometryParts) -> RawGeometry {
    let (type_name, coords) = match g {
        GeometryParts::Null => return RawGeometry::Missing,
        GeometryParts::NotAnObject => (None, None),
        GeometryParts::Object {
            type_name,
            coordinates,
        } => (type_name, coordinates),
    };
    let coords = coords.as_ref();
    let result = match type_name.as_deref() {
        Some("Polygon") => coords
            .ok_or_else(missing_coordinates)
            .and_then(polygon)
            .map(|p| RawGeometry::Polygons(MultiPolygon::new(vec![p]))),
        Some("MultiPolygon") => coords.ok_or_else(missing_coordinates).and_then(|c| {
            array(c, "MultiPolygon")?
                .iter()
                .map(polygon)
                .collect::<Result<Vec<_>, _>>()
                .map(|ps| RawGeometry::Polygons(MultiPolygon::new(ps)))
        }),
        Some("Point") => coords
            .ok_or_else(missing_coordinates)
            .and_then(position)
            .map(|c| RawGeometry::Points(vec![Point(c)])),
        Some("MultiPoint") => coords.ok_or_else(missing_coordinates).and_then(|c| {
            array(c, "MultiPoint")?
                .iter()
                .map(|p| position(p).map(Point))
                .collect::<Result<Vec<_>, _>>()
                .map(RawGeometry::Points)
        }),
        Some("LineString" | "MultiLineString" | "GeometryCollection") => {
            Ok(RawGeometry::Unsupported)
        }
        Some(other) => Err(bilingual!(
            "unbekannter Geometrietyp „{other}“",
            "unknown geometry type “{other}”"
        )),
        None => Err(Bilingual::new(
            "Geometrie ohne „type“",
            "geometry without “type”",
        )),
    };
    result.unwrap_or_else(|reason| {
        RawGeometry::Invalid(reason.map(|r, en| {
            if en {
                format!("Invalid geometry: {r}")
            } else {
                format!("Ungültige Geometrie: {r}")
            }
        }))
    })
}

/// Whether a Polygon or MultiPolygon has a ring of positions whose last is not its first.
fn has_unclosed_ring(g: &GeometryParts) -> bool {
    let GeometryParts::Object {
        type_name: Some(t),
        coordinates: Some(Coords::List(items)),
    } = g
    else {
        return false;
    };
    let unclosed = |ring: &Coords| match ring {
        Coords::List(points) => match (points.first(), points.last()) {
            (Some(Coords::Pos(a)), Some(Coords::Pos(b))) => points.len() >= 3 && a != b,
            _ => false,
        },
        _ => false,
    };
    let polygon = |p: &Coords| match p {
        Coords::List(rings) => rings.iter().any(unclosed),
        _ => false,
    };
    match t.as_str() {
        "Polygon" => items.iter().any(unclosed),
        "MultiPolygon" => items.iter().any(polygon),
        _ => false,
    }
}

fn missing_coordinates() -> Bilingual {
    Bilingual::new("„coordinates“ fehlt", "“coordinates” missing")
}

fn array<'a>(v: &'a Coords, what: &str) -> Result<&'a [Coords], Bilingual> {
    match v {
        Coords::List(items) => Ok(items),
        _ => Err(bilingual!(
            "„coordinates“ von {what} ist keine Liste",
            "“coordinates” of {what} is not a list"
        )),
    }
}

fn position(v: &Coords) -> Result<Coord<f64>, Bilingual> {
    match v {
        Coords::Pos(c) => Ok(*c),
        other => {
            let found = other.describe();
            Err(bilingual!(
                "Koordinate ist kein Zahlenpaar: {found}",
                "Coordinate is not a pair of numbers: {found}"
            ))
        }
    }
}

fn ring(v: &Coords) -> Result<LineString<f64>, Bilingual> {
    let coords = array(v, "Ring")?
        .iter()
        .map(position)
        .collect::<Result<Vec<_>, _>>()?;
    if coords.len() < 3 {
        let n = coords.len();
        return Err(bilingual!(
            "Ring mit nur {n} Punkten",
            "Ring with only {n} points"
        ));
    }
    Ok(LineString::new(coords))
}

fn polygon(v: &Coords) -> Result<Polygon<f64>, Bilingual> {
    let rings = array(v, "Polygon")?;
    let mut it = rings.iter();
    let exterior = ring(
        it.next()
            .ok_or_else(|| Bilingual::new("Polygon ohne Ring", "Polygon without a ring"))?,
    )?;
    let interiors = it.map(ring).collect::<Result<Vec<_>, _>>()?;
    Ok(Polygon::new(exterior, interiors))
}
