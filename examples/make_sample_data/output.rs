//! Writers for the output files: compact one-feature-per-line GeoJSON and CSV in Frankfurt's
//! dialect (UTF-8 with BOM, `;`, decimal comma, CRLF).

use std::fs;
use std::path::Path;

use geo::{Coord, LineString, MultiPolygon, Point, Polygon};
use serde_json::Value;

use crate::geometry::round6;
use crate::input::Res;

/// Ordered feature properties (key order is kept as given).
pub type Props = Vec<(&'static str, Value)>;

/// A coordinate as a JSON array, rounded to 6 decimals.
fn coord_json(c: Coord<f64>) -> String {
    let r = round6(c);
    format!("[{},{}]", r.x, r.y)
}

/// A closed ring as a JSON array of positions.
fn ring_json(ring: &LineString<f64>) -> String {
    let rounded: Vec<Coord<f64>> = ring.0.iter().map(|&c| round6(c)).collect();
    let coords: Vec<String> = without_pinches(rounded)
        .into_iter()
        .map(|c| format!("[{},{}]", c.x, c.y))
        .collect();
    format!("[{}]", coords.join(","))
}

/// Rounding to 6 decimals can make two vertices a few centimetres apart identical, so that
/// the ring touches itself there (Praunheim and Ginnheim, where they meet: vertices 2 cm apart
/// with two more in between). Such a pinched-off loop of at most four vertices has no
/// measurable area; it is cut out, so every ring stays simple — the same cut on both sides of
/// a shared boundary, since both have the same vertices.
fn without_pinches(mut ring: Vec<Coord<f64>>) -> Vec<Coord<f64>> {
    const MAX_LOOP: usize = 4;
    'again: loop {
        // The closing vertex repeats the first; it is not a pinch.
        let n = ring.len().saturating_sub(1);
        for i in 0..n {
            for j in i + 2..(i + 2 + MAX_LOOP).min(n) {
                if ring[i] == ring[j] {
                    ring.drain(i + 1..=j);
                    continue 'again;
                }
            }
        }
        return ring;
    }
}

/// A polygon's rings as a JSON array.
fn polygon_rings_json(p: &Polygon<f64>) -> String {
    let rings: Vec<String> = std::iter::once(p.exterior())
        .chain(p.interiors())
        .map(ring_json)
        .collect();
    format!("[{}]", rings.join(","))
}

/// GeoJSON geometry of a multipolygon: a `Polygon` if it has one part, else a `MultiPolygon`.
pub fn multipolygon_json(mp: &MultiPolygon<f64>) -> String {
    match mp.0.as_slice() {
        [single] => format!(
            r#"{{"type":"Polygon","coordinates":{}}}"#,
            polygon_rings_json(single)
        ),
        parts => {
            let polys: Vec<String> = parts.iter().map(polygon_rings_json).collect();
            format!(
                r#"{{"type":"MultiPolygon","coordinates":[{}]}}"#,
                polys.join(",")
            )
        }
    }
}

/// GeoJSON geometry of a point.
pub fn point_json(p: Point<f64>) -> String {
    format!(r#"{{"type":"Point","coordinates":{}}}"#, coord_json(p.0))
}

/// One feature as a single line of JSON.
pub fn feature_json(props: &Props, geometry: &str) -> Res<String> {
    let mut parts = Vec::with_capacity(props.len());
    for (key, value) in props {
        parts.push(format!(
            "{}:{}",
            serde_json::to_string(key)?,
            serde_json::to_string(value)?
        ));
    }
    Ok(format!(
        r#"{{"type":"Feature","properties":{{{}}},"geometry":{geometry}}}"#,
        parts.join(",")
    ))
}

/// Writes a FeatureCollection with one feature per line (diff-friendly, no `crs` member).
pub fn write_feature_collection(path: &Path, features: &[String]) -> Res<()> {
    let body = format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[\n{}\n]}}\n",
        features.join(",\n")
    );
    fs::write(path, body).map_err(|e| format!("cannot write {}: {e}", path.display()).into())
}

/// Formats a number with one decimal and a decimal comma; `None` becomes an empty cell.
pub fn de1(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.1}").replace('.', ","))
        .unwrap_or_default()
}

/// Writes a CSV in Frankfurt's dialect: UTF-8 BOM, `;`, CRLF, quoting only where needed.
pub fn write_csv(path: &Path, header: &[&str], rows: &[Vec<String>]) -> Res<()> {
    let mut buffer: Vec<u8> = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut buffer);
        writer.write_record(header)?;
        for row in rows {
            writer.write_record(row)?;
        }
        writer.flush()?;
    }
    fs::write(path, buffer).map_err(|e| format!("cannot write {}: {e}", path.display()).into())
}
