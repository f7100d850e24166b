//! GeoJSON reader: FeatureCollection, a single Feature or a bare Geometry. Polygon and
//! MultiPolygon (with holes) become areas, Point and MultiPoint facilities; every other type is
//! reported and skipped. Each feature is read on its own, so one broken feature does not stop
//! the rest. A legacy `crs` member (common in German official data) is honoured.

use std::path::Path;

use geo::{Coord, LineString, MultiPolygon, Point, Polygon};
use serde_json::Value as Json;

use crate::bilingual;
use crate::crs::{Crs, crs_from_name};
use crate::i18n::Bilingual;
use crate::io::build::{RawFeature, RawFile, RawGeometry};
use crate::io::geojson_parts::repair::{RepairReader, repair_bytes};
use crate::io::geojson_parts::top::{Failed, Findings, Top, parse_top, repaired_note};
use crate::io::geojson_parts::{Coords, FeatureParts, GeometryParts};
use crate::io::report::{CrsSource, Format, not_utf8_note};
use crate::io::{Cancel, LoadError, layer_name, wide};

/// Files up to this size are read into memory and parsed from there (fastest); larger ones are
/// parsed from a buffered reader, so a 1 GB file never sits in memory twice.
const IN_MEMORY_LIMIT: u64 = 256 * 1024 * 1024;

pub fn read(path: &Path, cancel: &Cancel) -> Result<RawFile, LoadError> {
    let shown = path.display().to_string();
    let io_error = |source| LoadError::Io {
        source,
        path: shown.clone(),
    };
    let size = std::fs::metadata(path).map_err(io_error)?.len();
    if size <= IN_MEMORY_LIMIT {
        let bytes = std::fs::read(path).map_err(io_error)?;
        return parse_bytes(&bytes, &shown, &layer_name(path), cancel);
    }
    let file = std::fs::File::open(path).map_err(io_error)?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    // Skip a UTF-8 byte order mark.
    {
        use std::io::BufRead as _;
        let head = reader.fill_buf().map_err(io_error)?;
        if let Some(w) = wide::detect(head) {
            let encoding = w.label();
            return Err(LoadError::GeoJson {
                detail: bilingual!(
                    "die Datei ist in {encoding} kodiert und für diese Kodierung zu groß; bitte \
                     als UTF-8 speichern",
                    "the file is encoded in {encoding} and too large for that encoding; please \
                     save it as UTF-8"
                ),
                path: shown,
            });
        }
        if head.starts_with(b"\xEF\xBB\xBF") {
            reader.consume(3);
        }
    }
    let mut de = serde_json::Deserializer::from_reader(reader);
    match parse_top(&mut de, cancel, &shown) {
        Ok(top) => finish(top, false, shown, &layer_name(path)),
        Err(Failed::Repairable(_)) => {
            // Read again, replacing the values no reader can hold on the way.
            let file = std::fs::File::open(path).map_err(io_error)?;
            let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
            {
                use std::io::BufRead as _;
                let head = reader.fill_buf().map_err(io_error)?;
                if head.starts_with(b"\xEF\xBB\xBF") {
                    reader.consume(3);
                }
            }
            let mut repair = RepairReader::new(reader);
            let top = {
                let mut de = serde_json::Deserializer::from_reader(&mut repair);
                parse_top(&mut de, cancel, &shown).map_err(Failed::into_error)?
            };
            let mut file = finish(top, false, shown, &layer_name(path))?;
            file.notes.push(repaired_note(repair.repaired()));
            Ok(file)
        }
        Err(failed) => Err(failed.into_error()),
    }
}

/// Read GeoJSON from memory. `shown` is the path used in messages; `name` the layer name.
pub fn read_bytes(bytes: &[u8], shown: &str, name: &str) -> Result<RawFile, LoadError> {
    parse_bytes(bytes, shown, name, &Cancel::default())
}

fn parse_bytes(
    bytes: &[u8],
    shown: &str,
    name: &str,
    cancel: &Cancel,
) -> Result<RawFile, LoadError> {
    if let Some(w) = wide::detect(bytes) {
        let text = w.decode(bytes);
        let mut file = parse_utf8_or_1252(text.as_bytes(), shown, name, cancel)?;
        file.notes.extend(crate::io::wide_note(bytes));
        return Ok(file);
    }
    parse_utf8_or_1252(bytes, shown, name, cancel)
}

fn parse_utf8_or_1252(
    bytes: &[u8],
    shown: &str,
    name: &str,
    cancel: &Cancel,
) -> Result<RawFile, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let parse = |bytes: &[u8]| match std::str::from_utf8(bytes) {
        Ok(_) => parse_top(
            &mut serde_json::Deserializer::from_slice(bytes),
            cancel,
            shown,
        )
        .map(|top| (top, false)),
        Err(_) => {
            let text = encoding_rs::WINDOWS_1252.decode(bytes).0;
            parse_top(
                &mut serde_json::Deserializer::from_str(&text),
                cancel,
                shown,
            )
            .map(|top| (top, true))
        }
    };
    match parse(bytes) {
        Ok((top, fallback)) => finish(top, fallback, shown.to_owned(), name),
        Err(Failed::Repairable(_)) => {
            let (repaired_bytes, repaired) = repair_bytes(bytes);
            let (top, fallback) = parse(&repaired_bytes).map_err(Failed::into_error)?;
            let mut file = finish(top, fallback, shown.to_owned(), name)?;
            file.notes.push(repaired_note(repaired));
            Ok(file)
        }
        Err(failed) => Err(failed.into_error()),
    }
}

/// From the parsed top level to the raw file.
fn finish(top: Top, fallback: bool, shown: String, name: &str) -> Result<RawFile, LoadError> {
    let Top {
        members,
        features,
        mut findings,
    } = top;
    let json = Json::Object(members);
    let mut notes = Vec::new();
    if fallback {
        notes.push(not_utf8_note());
    }
    let declared_crs = declared_crs(&json, &mut notes);
    let features = match json.get("type").and_then(Json::as_str) {
        Some("FeatureCollection") => match features {
            Some(features) => features,
            None => {
                return Err(LoadError::GeoJson {
                    detail: Bilingual::new(
                        "FeatureCollection ohne Liste „features“",
                        "FeatureCollection without a “features” list",
                    ),
                    path: shown,
                });
            }
        },
        Some("Feature") => vec![feature_from_parts(
            0,
            FeatureParts::from_json(&json),
            &mut findings,
        )],
        Some(
            "Point" | "MultiPoint" | "LineString" | "MultiLineString" | "Polygon" | "MultiPolygon"
            | "GeometryCollection",
        ) => {
            let geometry = GeometryParts::from_json(&json);
            vec![RawFeature {
                index: 0,
                type_name: type_name(&geometry),
                geometry: read_geometry(geometry),
                props: Vec::new(),
            }]
        }
        Some(other) => {
            return Err(LoadError::GeoJson {
                detail: bilingual!(
                    "unbekannter GeoJSON-Typ „{other}“",
                    "unknown GeoJSON type “{other}”"
                ),
                path: shown,
            });
        }
        None => {
            return Err(LoadError::GeoJson {
                detail: Bilingual::new(
                    "kein „type“ auf oberster Ebene",
                    "no “type” at the top level",
                ),
                path: shown,
            });
        }
    };
    notes.extend(findings.notes());
    Ok(RawFile {
        path: shown,
        layer_name: name.to_owned(),
        format: Format::GeoJson,
        declared_crs,
        features,
        skipped: Vec::new(),
        notes,
    })
}

fn declared_crs(json: &Json, notes: &mut Vec<Bilingual>) -> Option<(Crs, CrsSource)> {
    let name = json.get("crs")?.get("properties")?.get("name")?.as_str()?;
    match crs_from_name(name) {
        Some(crs) => Some((crs, CrsSource::Declared)),
        None => {
            notes.push(bilingual!(
                "Unbekannte Koordinatensystem-Angabe „{name}“ wurde ignoriert.",
                "Unknown coordinate system “{name}” was ignored."
            ));
            None
        }
    }
}

fn type_name(geometry: &GeometryParts) -> String {
    match geometry {
        GeometryParts::Null => "null".to_owned(),
        GeometryParts::NotAnObject => "unbekannt".to_owned(),
        GeometryParts::Object { type_name, .. } => {
            type_name.clone().unwrap_or_else(|| "unbekannt".to_owned())
        }
    }
}

pub(crate) fn feature_from_parts(
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

fn read_geometry(g: GeometryParts) -> RawGeometry {
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
