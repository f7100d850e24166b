//! GeoJSON reader: FeatureCollection, a single Feature or a bare Geometry. Polygon and
//! MultiPolygon (with holes) become areas, Point and MultiPoint facilities; every other type is
//! reported and skipped. Each feature is read on its own, so one broken feature does not stop
//! the rest. A legacy `crs` member (common in German official data) is honoured.
//!
//! The parts: the streaming top level with its findings and stop reasons (`top`), a feature's
//! parts as the parser hands them over (`feature`, `geometry`), the repair of values no JSON
//! reader can hold (`repair`) and the conversion of parts into raw features (`convert`). This
//! file reads the bytes, picks the encoding and assembles the raw file. Nothing here types
//! attributes or reprojects (see [`crate::io::build`]).

mod convert;
mod feature;
mod geometry;
mod repair;
mod top;

use std::path::Path;

use serde_json::Value as Json;

use crate::bilingual;
use crate::crs::{Crs, crs_from_name};
use crate::i18n::Bilingual;
use crate::io::build::{RawFeature, RawFile};
use crate::io::report::{CrsSource, Format, not_utf8_note};
use crate::io::{Cancel, LoadError, layer_name, wide};

use convert::{feature_from_parts, read_geometry, type_name};
use feature::FeatureParts;
use geometry::GeometryParts;
use repair::{RepairReader, repair_bytes};
use top::{Failed, Top, parse_top, repaired_note};

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
