//! CSV points: a table with a longitude/latitude (or x/y, Rechtswert/Hochwert) column pair
//! becomes a facility layer. Delimiter `;`, `,` or tab is detected from the header line;
//! decimal comma or point; UTF-8 with or without BOM, Windows-1252 as fallback. Rows with
//! unreadable coordinates are skipped with a German reason; everything else loads.

use std::path::Path;

use geo::Point;

use crate::bilingual;
use crate::i18n::Bilingual;
use crate::io::build::{RawFeature, RawFile, RawGeometry};
use crate::io::report::{Format, Skipped, not_utf8_note};
use crate::io::{LoadError, decode_text, layer_name, wide_note};
use crate::model::value::{RawValue, parse_number};

const X_NAMES: [&str; 10] = [
    "lon",
    "lng",
    "long",
    "longitude",
    "laenge",
    "länge",
    "x",
    "rechtswert",
    "easting",
    "x_coord",
];
const Y_NAMES: [&str; 8] = [
    "lat", "latitude", "breite", "y", "hochwert", "northing", "y_coord", "nordwert",
];

/// The delimiter that splits the header line into the most fields.
pub fn detect_delimiter(header_line: &str) -> u8 {
    [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|&d| header_line.bytes().filter(|&b| b == d).count())
        .unwrap_or(b';')
}

/// Whether a CSV header names a coordinate column pair (a point layer); otherwise the file
/// is an attribute table to join.
pub fn header_has_coordinates(header_line: &str) -> bool {
    let delimiter = char::from(detect_delimiter(header_line));
    let names: Vec<String> = header_line
        .trim_start_matches('\u{feff}')
        .split(delimiter)
        .map(|h| h.trim().trim_matches('"').to_lowercase())
        .collect();
    let has = |set: &[&str]| names.iter().any(|n| set.contains(&n.as_str()));
    has(&X_NAMES) && has(&Y_NAMES)
}

pub fn read(path: &Path) -> Result<RawFile, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        source,
        path: path.display().to_string(),
    })?;
    read_bytes(&bytes, &path.display().to_string(), &layer_name(path))
}

/// Read CSV points from memory (UTF-8 with or without BOM, UTF-16/32, else Windows-1252).
/// `shown` is the path used in messages; `name` the layer name.
pub fn read_bytes(bytes: &[u8], shown: &str, name: &str) -> Result<RawFile, LoadError> {
    let (text, fallback) = decode_text(bytes);
    let mut file = read_text_as(&text, fallback, shown.to_owned(), name)?;
    if let Some(note) = wide_note(bytes) {
        file.notes.insert(0, note);
    }
    Ok(file)
}

fn read_text_as(
    text: &str,
    fallback: bool,
    shown: String,
    name: &str,
) -> Result<RawFile, LoadError> {
    let mut notes = Vec::new();
    if fallback {
        notes.push(not_utf8_note());
    }
    let header_line = text.lines().next().unwrap_or("");
    let delimiter = detect_delimiter(header_line);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| LoadError::Csv {
            detail: Bilingual::same(e.to_string()),
            path: shown.clone(),
        })?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let find = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.contains(&h.to_lowercase().as_str()))
    };
    let (Some(xi), Some(yi)) = (find(&X_NAMES), find(&Y_NAMES)) else {
        let found = headers.join(", ");
        return Err(LoadError::Csv {
            detail: bilingual!(
                "keine Koordinatenspalten gefunden – erwartet z. B. „lon“ und „lat“ oder „x“ und \
                 „y“; vorhanden: {found}",
                "no coordinate columns found – expected e.g. “lon” and “lat” or “x” and “y”; \
                 found: {found}"
            ),
            path: shown,
        });
    };

    let mut features = Vec::new();
    let mut skipped = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                skipped.push(Skipped {
                    index,
                    reason: bilingual!("Zeile nicht lesbar: {e}", "Row not readable: {e}"),
                });
                continue;
            }
        };
        let coord = |i: usize| record.get(i).and_then(parse_number);
        let geometry = match (coord(xi), coord(yi)) {
            (Some(x), Some(y)) => RawGeometry::Points(vec![Point::new(x, y)]),
            _ => {
                let (line, x, y) = (
                    index + 2,
                    record.get(xi).unwrap_or(""),
                    record.get(yi).unwrap_or(""),
                );
                RawGeometry::Invalid(bilingual!(
                    "Zeile {line}: Koordinaten fehlen oder sind keine Zahlen („{x}“, „{y}“)",
                    "Row {line}: coordinates missing or not numbers (“{x}”, “{y}”)"
                ))
            }
        };
        let props = headers
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != xi && *i != yi)
            .map(|(i, h)| {
                let v = record.get(i).map(str::trim).unwrap_or("");
                let raw = if v.is_empty() {
                    RawValue::Null
                } else {
                    RawValue::Text(v.to_owned())
                };
                (h.clone(), raw)
            })
            .collect();
        features.push(RawFeature {
            index,
            type_name: "Point".to_owned(),
            geometry,
            props,
        });
    }
    Ok(RawFile {
        path: shown,
        layer_name: name.to_owned(),
        format: Format::Csv,
        declared_crs: None,
        features,
        skipped,
        notes,
    })
}
