//! The load report: what a file held, what was loaded, which CRS was used and why, and every
//! skipped feature with its index and a German reason. The window shows it, `sozialatlas info`
//! prints it (as text or JSON).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::crs::Crs;
use crate::model::value::{Field, format_number_de};

/// The file formats Sozialatlas reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Format {
    GeoJson,
    Shapefile,
    Csv,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::GeoJson => "GeoJSON",
            Format::Shapefile => "Shapefile",
            Format::Csv => "CSV",
        }
    }
}

/// Where the coordinate system came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrsSource {
    /// Named in the file (GeoJSON `crs` member).
    Declared,
    /// From the shapefile's `.prj`.
    Prj,
    /// Not named; the GeoJSON standard (RFC 7946) says WGS84 and the coordinates fit.
    Standard,
    /// Not named; recognised from the coordinate ranges.
    Detected,
}

impl CrsSource {
    pub fn label_de(self) -> &'static str {
        match self {
            CrsSource::Declared => "in der Datei angegeben",
            CrsSource::Prj => "aus der .prj-Datei",
            CrsSource::Standard => "Standard für diese Datei (nicht angegeben)",
            CrsSource::Detected => "aus den Koordinatenbereichen erkannt",
        }
    }
}

/// A feature that was not loaded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skipped {
    /// Zero-based position of the feature (or data row) in the file.
    pub index: usize,
    /// German reason.
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct LoadReport {
    pub path: String,
    pub format: Format,
    pub crs: Crs,
    pub crs_source: CrsSource,
    /// The metric CRS used for distances and areas.
    pub metric_crs: Crs,
    pub features_loaded: usize,
    /// Geometry types as found in the file, with counts (loaded or not).
    pub geometry_types: BTreeMap<String, usize>,
    pub bbox_wgs84: Option<[f64; 4]>,
    pub properties: Vec<Field>,
    pub skipped: Vec<Skipped>,
    /// Notes that are not about one feature (e.g. "CRS detected", "encoding Windows-1252").
    pub notes: Vec<String>,
}

#[derive(Serialize)]
struct JsonField<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    format: &'static str,
    crs: String,
    features: usize,
    geometry_types: &'a BTreeMap<String, usize>,
    bbox_wgs84: Option<[f64; 4]>,
    properties: Vec<JsonField<'a>>,
    skipped: &'a [Skipped],
}

impl LoadReport {
    /// The machine-readable report of `sozialatlas info --json` (exactly these keys).
    pub fn to_json(&self) -> serde_json::Value {
        let report = JsonReport {
            format: self.format.label(),
            crs: self.crs.label(),
            features: self.features_loaded,
            geometry_types: &self.geometry_types,
            bbox_wgs84: self.bbox_wgs84,
            properties: self
                .properties
                .iter()
                .map(|f| JsonField {
                    name: &f.name,
                    kind: f.kind.key(),
                })
                .collect(),
            skipped: &self.skipped,
        };
        serde_json::to_value(report).unwrap_or(serde_json::Value::Null)
    }

    /// A short German summary line, e.g. "120 Flächen geladen, 2 übersprungen".
    pub fn summary_de(&self) -> String {
        let mut s = format!(
            "{} {} geladen",
            format_number_de(self.features_loaded as f64),
            if self.features_loaded == 1 {
                "Objekt"
            } else {
                "Objekte"
            }
        );
        if !self.skipped.is_empty() {
            let _ = write!(s, ", {} übersprungen", self.skipped.len());
        }
        s
    }

    /// The full report as German text.
    pub fn to_text_de(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Datei: {}", self.path);
        let _ = writeln!(out, "Format: {}", self.format.label());
        let desc = self.crs.description();
        let _ = writeln!(
            out,
            "Koordinatensystem: {}{}, {}",
            self.crs.label(),
            if desc.is_empty() {
                String::new()
            } else {
                format!(" – {desc}")
            },
            self.crs_source.label_de()
        );
        let _ = writeln!(
            out,
            "Metrisches System für Abstände und Flächen: {}",
            self.metric_crs.label()
        );
        let _ = writeln!(
            out,
            "Objekte geladen: {}",
            format_number_de(self.features_loaded as f64)
        );
        let types: Vec<String> = self
            .geometry_types
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        let _ = writeln!(out, "Geometrietypen: {}", types.join(", "));
        if let Some(b) = self.bbox_wgs84 {
            let _ = writeln!(
                out,
                "Ausdehnung (WGS84): {:.5}, {:.5} bis {:.5}, {:.5} (Länge, Breite)",
                b[0], b[1], b[2], b[3]
            );
        }
        let props: Vec<String> = self
            .properties
            .iter()
            .map(|f| format!("{} ({})", f.name, f.kind.label_de()))
            .collect();
        let _ = writeln!(out, "Eigenschaften: {}", props.join(", "));
        for note in &self.notes {
            let _ = writeln!(out, "Hinweis: {note}");
        }
        if self.skipped.is_empty() {
            let _ = writeln!(out, "Übersprungen: keine");
        } else {
            let _ = writeln!(out, "Übersprungen: {}", self.skipped.len());
            for s in &self.skipped {
                let _ = writeln!(out, "  Objekt {}: {}", s.index, s.reason);
            }
        }
        out
    }
}
