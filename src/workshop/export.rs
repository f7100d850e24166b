//! Pins and notes out of the app: GeoJSON (WGS84, RFC 7946) for a GIS and CSV for Excel
//! (`;`-separated, decimal comma, UTF-8 with BOM so that umlauts survive a double click).

use super::{AreaNote, Pin};
use crate::model::value::format_fixed_de;

/// The pins as a GeoJSON FeatureCollection of points.
pub fn pins_geojson(pins: &[Pin]) -> String {
    let features: Vec<serde_json::Value> = pins
        .iter()
        .map(|p| {
            serde_json::json!({
                "type": "Feature",
                "properties": {
                    "nummer": p.number,
                    "kategorie": p.category.label_de(),
                    "kommentar": p.comment,
                    "datum": p.date,
                },
                "geometry": {
                    "type": "Point",
                    // Six decimals: about 0.1 m, far finer than a finger on a screen.
                    "coordinates": [round6(p.lon), round6(p.lat)],
                }
            })
        })
        .collect();
    let fc = serde_json::json!({
        "type": "FeatureCollection",
        "name": "beteiligung_pins",
        "features": features,
    });
    serde_json::to_string_pretty(&fc).unwrap_or_default()
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

fn csv_text(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut w = crate::io::csv_out::CsvOut::german();
    let _ = w.row(header);
    for r in rows {
        let _ = w.row(&r);
    }
    w.finish().unwrap_or_default()
}

/// The pins as CSV: Nummer;Kategorie;Kommentar;Datum;Laenge;Breite.
pub fn pins_csv(pins: &[Pin]) -> String {
    csv_text(
        &[
            "Nummer",
            "Kategorie",
            "Kommentar",
            "Datum",
            "Laenge",
            "Breite",
        ],
        pins.iter()
            .map(|p| {
                vec![
                    p.number.to_string(),
                    p.category.label_de().to_owned(),
                    p.comment.clone(),
                    p.date.clone(),
                    format_fixed_de(p.lon, 6),
                    format_fixed_de(p.lat, 6),
                ]
            })
            .collect(),
    )
}

/// The notes as CSV: Gebiet;Name;Quelle;Datum;Notiz.
pub fn notes_csv(notes: &[AreaNote]) -> String {
    csv_text(
        &["Gebiet", "Name", "Quelle", "Datum", "Notiz"],
        notes
            .iter()
            .map(|n| {
                vec![
                    n.area.clone(),
                    n.area_name.clone(),
                    n.source.label_de().to_owned(),
                    n.date.clone(),
                    n.text.clone(),
                ]
            })
            .collect(),
    )
}
