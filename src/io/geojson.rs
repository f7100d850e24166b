//! GeoJSON reader: FeatureCollection, a single Feature or a bare Geometry. Polygon and
//! MultiPolygon (with holes) become areas, Point and MultiPoint facilities; every other type is
//! reported and skipped. Each feature is read on its own, so one broken feature does not stop
//! the rest. A legacy `crs` member (common in German official data) is honoured.

use std::path::Path;

use geo::{Coord, LineString, MultiPolygon, Point, Polygon};
use serde_json::Value as Json;

use crate::crs::{Crs, crs_from_name};
use crate::io::build::{RawFeature, RawFile, RawGeometry};
use crate::io::report::{CrsSource, Format};
use crate::io::{LoadError, layer_name, read_text};
use crate::model::value::RawValue;

pub fn read(path: &Path) -> Result<RawFile, LoadError> {
    let (text, fallback) = read_text(path)?;
    let shown = path.display().to_string();
    let json: Json = serde_json::from_str(&text).map_err(|e| LoadError::GeoJson {
        detail: format!("JSON-Fehler in Zeile {}, Spalte {}", e.line(), e.column()),
        path: shown.clone(),
    })?;
    let mut notes = Vec::new();
    if fallback {
        notes.push("Datei ist nicht UTF-8; als Windows-1252 gelesen.".to_owned());
    }
    let declared_crs = declared_crs(&json, &mut notes);
    let features = match json.get("type").and_then(Json::as_str) {
        Some("FeatureCollection") => match json.get("features") {
            Some(Json::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, f)| read_feature(i, f))
                .collect(),
            _ => {
                return Err(LoadError::GeoJson {
                    detail: "FeatureCollection ohne Liste „features“".to_owned(),
                    path: shown,
                });
            }
        },
        Some("Feature") => vec![read_feature(0, &json)],
        Some(
            "Point" | "MultiPoint" | "LineString" | "MultiLineString" | "Polygon" | "MultiPolygon"
            | "GeometryCollection",
        ) => vec![RawFeature {
            index: 0,
            type_name: type_name(&json),
            geometry: read_geometry(&json),
            props: Vec::new(),
        }],
        Some(other) => {
            return Err(LoadError::GeoJson {
                detail: format!("unbekannter GeoJSON-Typ „{other}“"),
                path: shown,
            });
        }
        None => {
            return Err(LoadError::GeoJson {
                detail: "kein „type“ auf oberster Ebene".to_owned(),
                path: shown,
            });
        }
    };
    Ok(RawFile {
        path: shown,
        layer_name: layer_name(path),
        format: Format::GeoJson,
        declared_crs,
        features,
        skipped: Vec::new(),
        notes,
    })
}

fn declared_crs(json: &Json, notes: &mut Vec<String>) -> Option<(Crs, CrsSource)> {
    let name = json.get("crs")?.get("properties")?.get("name")?.as_str()?;
    match crs_from_name(name) {
        Some(crs) => Some((crs, CrsSource::Declared)),
        None => {
            notes.push(format!(
                "Unbekannte Koordinatensystem-Angabe „{name}“ wurde ignoriert."
            ));
            None
        }
    }
}

fn type_name(geometry: &Json) -> String {
    match geometry {
        Json::Null => "null".to_owned(),
        g => g
            .get("type")
            .and_then(Json::as_str)
            .unwrap_or("unbekannt")
            .to_owned(),
    }
}

fn read_feature(index: usize, feature: &Json) -> RawFeature {
    if feature.get("type").and_then(Json::as_str) != Some("Feature") {
        return RawFeature {
            index,
            type_name: "kein Feature".to_owned(),
            geometry: RawGeometry::Invalid(
                "Eintrag ist kein GeoJSON-Feature (fehlendes \"type\": \"Feature\")".to_owned(),
            ),
            props: Vec::new(),
        };
    }
    let geometry = feature.get("geometry").unwrap_or(&Json::Null);
    let props = match feature.get("properties") {
        Some(Json::Object(map)) => map.iter().map(|(k, v)| (k.clone(), raw_value(v))).collect(),
        _ => Vec::new(),
    };
    RawFeature {
        index,
        type_name: type_name(geometry),
        geometry: read_geometry(geometry),
        props,
    }
}

fn raw_value(v: &Json) -> RawValue {
    match v {
        Json::Null => RawValue::Null,
        Json::Bool(b) => RawValue::Bool(*b),
        Json::Number(n) => n.as_f64().map_or(RawValue::Null, RawValue::Number),
        Json::String(s) => RawValue::Text(s.clone()),
        other => RawValue::Text(other.to_string()),
    }
}

fn read_geometry(g: &Json) -> RawGeometry {
    if g.is_null() {
        return RawGeometry::Missing;
    }
    let coords = g.get("coordinates");
    let result = match g.get("type").and_then(Json::as_str) {
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
        Some(other) => Err(format!("unbekannter Geometrietyp „{other}“")),
        None => Err("Geometrie ohne „type“".to_owned()),
    };
    result.unwrap_or_else(|reason| RawGeometry::Invalid(format!("Ungültige Geometrie: {reason}")))
}

fn missing_coordinates() -> String {
    "„coordinates“ fehlt".to_owned()
}

fn array<'a>(v: &'a Json, what: &str) -> Result<&'a Vec<Json>, String> {
    v.as_array()
        .ok_or_else(|| format!("„coordinates“ von {what} ist keine Liste"))
}

fn position(v: &Json) -> Result<Coord<f64>, String> {
    let a = v
        .as_array()
        .ok_or_else(|| "Koordinate ist kein Zahlenpaar".to_owned())?;
    let x = a.first().and_then(Json::as_f64);
    let y = a.get(1).and_then(Json::as_f64);
    match (x, y) {
        (Some(x), Some(y)) => Ok(Coord { x, y }),
        _ => Err(format!("Koordinate ist kein Zahlenpaar: {v}")),
    }
}

fn ring(v: &Json) -> Result<LineString<f64>, String> {
    let coords = array(v, "Ring")?
        .iter()
        .map(position)
        .collect::<Result<Vec<_>, _>>()?;
    if coords.len() < 3 {
        return Err(format!("Ring mit nur {} Punkten", coords.len()));
    }
    Ok(LineString::new(coords))
}

fn polygon(v: &Json) -> Result<Polygon<f64>, String> {
    let rings = array(v, "Polygon")?;
    let mut it = rings.iter();
    let exterior = ring(it.next().ok_or_else(|| "Polygon ohne Ring".to_owned())?)?;
    let interiors = it.map(ring).collect::<Result<Vec<_>, _>>()?;
    Ok(Polygon::new(exterior, interiors))
}
