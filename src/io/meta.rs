//! Field labels: German/English names and units of attribute columns, from an indicator
//! metadata table (`indikatoren_meta.csv`: `feld;name_de;name_en;einheit;…`) plus built-in
//! names for the usual geometry-layer fields.

use std::collections::HashMap;
use std::path::Path;

use crate::io::csv_points::detect_delimiter;
use crate::io::{LoadError, read_text};

#[derive(Debug, Clone, PartialEq)]
pub struct FieldLabel {
    pub de: String,
    pub en: String,
    pub unit: String,
    pub definition: String,
}

#[derive(Debug, Clone, Default)]
pub struct FieldLabels {
    labels: HashMap<String, FieldLabel>,
}

const BUILT_IN: [(&str, &str, &str); 14] = [
    ("sr_id", "Sozialraum-Nr.", "Social area ID"),
    ("name", "Name", "Name"),
    ("stadtteil_nr", "Stadtteil-Nr.", "District no."),
    ("stadtteil", "Stadtteil", "District"),
    ("sozialrathaus", "Sozialrathaus", "Social services centre"),
    ("einwohner", "Einwohner:innen", "Residents"),
    ("einwohner_2012", "Einwohner:innen 2012", "Residents 2012"),
    ("quelle", "Quelle", "Source"),
    ("id", "Kennung", "ID"),
    ("typ", "Art", "Type"),
    ("traeger", "Träger", "Operator"),
    ("STTLNR", "Stadtteil-Nr.", "District no."),
    ("STTLNAME", "Stadtteil", "District"),
    ("GEN", "Gebiet", "Area"),
];

impl FieldLabels {
    pub fn built_in() -> Self {
        let labels = BUILT_IN
            .iter()
            .map(|(k, de, en)| {
                (
                    (*k).to_owned(),
                    FieldLabel {
                        de: (*de).to_owned(),
                        en: (*en).to_owned(),
                        unit: String::new(),
                        definition: String::new(),
                    },
                )
            })
            .collect();
        Self { labels }
    }

    /// Add (or override with) the labels of a metadata CSV.
    pub fn read_metadata(&mut self, path: &Path) -> Result<usize, LoadError> {
        let (text, _) = read_text(path)?;
        let delimiter = detect_delimiter(text.lines().next().unwrap_or(""));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| LoadError::Csv {
                detail: e.to_string(),
                path: path.display().to_string(),
            })?
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect();
        let col = |name: &str| headers.iter().position(|h| h == name);
        let (Some(key), Some(de)) = (col("feld"), col("name_de")) else {
            return Err(LoadError::Csv {
                detail: "Metadaten brauchen die Spalten „feld“ und „name_de“".to_owned(),
                path: path.display().to_string(),
            });
        };
        let (en, unit, def) = (col("name_en"), col("einheit"), col("definition"));
        let mut n = 0;
        for record in reader.records().flatten() {
            let get = |i: Option<usize>| {
                i.and_then(|i| record.get(i))
                    .unwrap_or("")
                    .trim()
                    .to_owned()
            };
            let field = get(Some(key));
            if field.is_empty() {
                continue;
            }
            let de_name = get(Some(de));
            let en_name = get(en);
            self.labels.insert(
                field,
                FieldLabel {
                    en: if en_name.is_empty() {
                        de_name.clone()
                    } else {
                        en_name
                    },
                    de: de_name,
                    unit: get(unit),
                    definition: get(def),
                },
            );
            n += 1;
        }
        Ok(n)
    }

    pub fn get(&self, field: &str) -> Option<&FieldLabel> {
        self.labels.get(field)
    }

    /// The label to show for a field, falling back to the field name.
    pub fn label(&self, field: &str, english: bool) -> String {
        match self.labels.get(field) {
            Some(l) if english => l.en.clone(),
            Some(l) => l.de.clone(),
            None => field.to_owned(),
        }
    }
}
