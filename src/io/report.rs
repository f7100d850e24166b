//! The load report: what a file held, what was loaded, which CRS was used and why, and every
//! skipped feature with its index and the reason. Reasons and notes are kept in German and
//! English ([`Bilingual`]): the window shows the report in its language, `sozialatlas info`
//! prints it in German (as text or JSON).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Serialize, Serializer};

use crate::crs::Crs;
use crate::i18n::{Bilingual, Noun, Words};
use crate::model::value::Field;

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

    pub fn label_en(self) -> &'static str {
        match self {
            CrsSource::Declared => "stated in the file",
            CrsSource::Prj => "from the .prj file",
            CrsSource::Standard => "the default for this file (not stated)",
            CrsSource::Detected => "recognised from the coordinate ranges",
        }
    }
}

/// The note that a file was not UTF-8.
pub fn not_utf8_note() -> Bilingual {
    Bilingual::new(
        "Datei ist nicht UTF-8; als Windows-1252 gelesen.",
        "File is not UTF-8; read as Windows-1252.",
    )
}

/// A feature that was not loaded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skipped {
    /// Zero-based position of the feature (or data row) in the file.
    pub index: usize,
    /// Why; JSON output gives the German reason.
    #[serde(serialize_with = "german")]
    pub reason: Bilingual,
}

fn german<S: Serializer>(text: &Bilingual, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&text.de)
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
    pub notes: Vec<Bilingual>,
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

    /// A short summary line: "120 Objekte geladen, 2 übersprungen" / "120 features loaded,
    /// 2 skipped".
    pub fn summary(&self, english: bool) -> String {
        let w = Words::new(english);
        let mut s = format!(
            "{} {}",
            w.count_of(self.features_loaded, Noun::FEATURE),
            w.pick("geladen", "loaded")
        );
        if !self.skipped.is_empty() {
            let _ = write!(
                s,
                ", {} {}",
                w.number(self.skipped.len() as f64),
                w.pick("übersprungen", "skipped")
            );
        }
        s
    }

    /// The German summary line (the CLI's).
    pub fn summary_de(&self) -> String {
        self.summary(false)
    }

    /// The full report as German text (the CLI's).
    pub fn to_text_de(&self) -> String {
        self.to_text(false)
    }

    /// The full report as text in the reader's language.
    pub fn to_text(&self, english: bool) -> String {
        let w = Words::new(english);
        let mut out = String::new();
        let _ = writeln!(out, "{}: {}", w.pick("Datei", "File"), self.path);
        let _ = writeln!(out, "Format: {}", self.format.label());
        let desc = self.crs.description_in(english);
        let _ = writeln!(
            out,
            "{}: {}{}, {}",
            w.pick("Koordinatensystem", "Coordinate system"),
            self.crs.label(),
            if desc.is_empty() {
                String::new()
            } else {
                format!(" – {desc}")
            },
            if english {
                self.crs_source.label_en()
            } else {
                self.crs_source.label_de()
            }
        );
        let _ = writeln!(
            out,
            "{}: {}",
            w.pick(
                "Metrisches System für Abstände und Flächen",
                "Metric system for distances and areas"
            ),
            self.metric_crs.label()
        );
        let _ = writeln!(
            out,
            "{}: {}",
            w.pick("Objekte geladen", "Features loaded"),
            w.number(self.features_loaded as f64)
        );
        let types: Vec<String> = self
            .geometry_types
            .iter()
            .map(|(k, v)| format!("{} {v}", geometry_type_name(k, w)))
            .collect();
        let _ = writeln!(
            out,
            "{}: {}",
            w.pick("Geometrietypen", "Geometry types"),
            types.join(", ")
        );
        if let Some(b) = self.bbox_wgs84 {
            let _ = writeln!(
                out,
                "{} (WGS84): {} {} {} ({})",
                w.pick("Ausdehnung", "Extent"),
                w.coordinates(b[0], b[1], 5),
                w.pick("bis", "to"),
                w.coordinates(b[2], b[3], 5),
                w.pick("Südwest – Nordost", "south-west – north-east")
            );
        }
        let props: Vec<String> = self
            .properties
            .iter()
            .map(|f| {
                let kind = if english {
                    f.kind.label_en()
                } else {
                    f.kind.label_de()
                };
                format!("{} ({kind})", f.name)
            })
            .collect();
        let _ = writeln!(
            out,
            "{}: {}",
            w.pick("Eigenschaften", "Properties"),
            props.join(", ")
        );
        for note in &self.notes {
            let _ = writeln!(out, "{}: {}", w.pick("Hinweis", "Note"), note.text(english));
        }
        let skipped = w.pick("Übersprungen", "Skipped");
        if self.skipped.is_empty() {
            let _ = writeln!(out, "{skipped}: {}", w.pick("keine", "none"));
        } else {
            let _ = writeln!(out, "{skipped}: {}", self.skipped.len());
            for s in &self.skipped {
                let _ = writeln!(
                    out,
                    "  {} {}: {}",
                    w.pick("Objekt", "Feature"),
                    s.index,
                    s.reason.text(english)
                );
            }
        }
        out
    }
}

/// A geometry type as the file names it, or the reader's words for what it found instead.
fn geometry_type_name(name: &str, w: Words) -> &str {
    match name {
        "kein Feature" => w.pick(name, "not a feature"),
        "unbekannt" => w.pick(name, "unknown"),
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(loaded: usize, skipped: usize) -> LoadReport {
        LoadReport {
            path: "punkte.geojson".to_owned(),
            format: Format::GeoJson,
            crs: Crs::WGS84,
            crs_source: CrsSource::Standard,
            metric_crs: Crs::WGS84,
            features_loaded: loaded,
            geometry_types: BTreeMap::new(),
            bbox_wgs84: Some([8.6, 50.1, 8.7, 50.2]),
            properties: Vec::new(),
            skipped: (0..skipped)
                .map(|index| Skipped {
                    index,
                    reason: Bilingual::new("Objekt ohne Geometrie", "Feature without geometry"),
                })
                .collect(),
            notes: vec![not_utf8_note()],
        }
    }

    #[test]
    fn the_summary_counts_in_singular_or_plural_in_both_languages() {
        for (n, de, en) in [
            (0, "0 Objekte geladen", "0 features loaded"),
            (1, "1 Objekt geladen", "1 feature loaded"),
            (2, "2 Objekte geladen", "2 features loaded"),
        ] {
            assert_eq!(report(n, 0).summary(false), de);
            assert_eq!(report(n, 0).summary(true), en);
        }
        assert_eq!(
            report(1234, 2).summary(false),
            "1.234 Objekte geladen, 2 übersprungen"
        );
        assert_eq!(
            report(1234, 2).summary(true),
            "1,234 features loaded, 2 skipped"
        );
    }

    #[test]
    fn the_report_reads_in_the_readers_language_and_json_stays_german() {
        let r = report(1, 1);
        let en = r.to_text(true);
        assert!(en.contains("Feature 0: Feature without geometry"), "{en}");
        assert!(en.contains("Note: File is not UTF-8"), "{en}");
        assert!(en.contains("50.10000° N, 8.60000° E"), "{en}");
        let de = r.to_text_de();
        assert!(de.contains("Objekt 0: Objekt ohne Geometrie"), "{de}");
        assert!(de.contains("50,10000° N, 8,60000° O"), "{de}");
        assert_eq!(r.to_json()["skipped"][0]["reason"], "Objekt ohne Geometrie");
    }
}
