//! Field labels: German/English names and units of attribute columns, from an indicator
//! metadata table (`indikatoren_meta.csv`: `feld;name_de;name_en;einheit;…`) plus built-in
//! names for the usual geometry-layer fields.

use std::collections::HashMap;
use std::path::Path;

use crate::io::csv_points::detect_delimiter;
use crate::io::{LoadError, read_text};
use crate::model::conventions::{
    POPULATION_FIELD, SOZIALRATHAUS_FIELD, STADTTEIL_FIELD, STADTTEIL_NAME_FIELD,
};

#[derive(Debug, Clone, PartialEq)]
pub struct FieldLabel {
    pub de: String,
    pub en: String,
    pub unit: String,
    pub definition: String,
    /// The definition in English (`definition_en`); empty when the metadata has none.
    pub definition_en: String,
    /// +1: a higher value means more disadvantage; −1: less; 0: neutral or unknown.
    pub direction: i8,
    /// For a rate: the count column it is computed from (`zaehler`) …
    pub numerator: String,
    /// … and the count column it is divided by (`nenner`).
    pub denominator: String,
    /// Where the figures come from (`quelle`).
    pub source: String,
}

impl FieldLabel {
    /// The definition in the reader's language (the German one when no English is given).
    pub fn definition_in(&self, english: bool) -> &str {
        if english && !self.definition_en.is_empty() {
            &self.definition_en
        } else {
            &self.definition
        }
    }

    /// A rate that can be recomputed from a numerator and a denominator column.
    pub fn is_rate(&self) -> bool {
        !self.numerator.is_empty() && !self.denominator.is_empty()
    }

    /// A count (persons, households, m²…) that may be summed over areas.
    pub fn is_count(&self) -> bool {
        !self.is_rate() && is_count_unit(&self.unit)
    }

    /// The factor a rate's `numerator / denominator` is multiplied by, from its unit:
    /// "%" → 100, "‰" or "je 1.000 …" → 1,000, anything else → 1 ("m² je EW").
    pub fn rate_factor(&self) -> f64 {
        let u = self.unit.to_lowercase();
        if u.contains('‰') || u.contains("1.000") || u.contains("1000") {
            1000.0
        } else if u.contains("100.000") || u.contains("100000") {
            100_000.0
        } else if u.trim() == "%" || u.contains("prozent") {
            100.0
        } else {
            1.0
        }
    }

    /// The direction as the sign shown to users.
    pub fn direction_sign(&self) -> &'static str {
        match self.direction {
            d if d > 0 => "+",
            d if d < 0 => "−",
            _ => "0",
        }
    }
}

/// Units of countable things, whose values add up over areas.
fn is_count_unit(unit: &str) -> bool {
    let u = unit.trim().to_lowercase();
    [
        "personen",
        "person",
        "anzahl",
        "haushalte",
        "fälle",
        "faelle",
        "ew",
        "m²",
        "m2",
        "ha",
        "wohnungen",
        "kinder",
    ]
    .contains(&u.as_str())
}

#[derive(Debug, Clone, Default)]
pub struct FieldLabels {
    labels: HashMap<String, FieldLabel>,
}

const BUILT_IN: [(&str, &str, &str); 14] = [
    ("sr_id", "Sozialraum-Nr.", "Social area ID"),
    ("name", "Name", "Name"),
    ("stadtteil_nr", "Stadtteil-Nr.", "District no."),
    (STADTTEIL_FIELD, "Stadtteil", "District"),
    (
        SOZIALRATHAUS_FIELD,
        "Sozialrathaus",
        "Social services centre",
    ),
    (POPULATION_FIELD, "Einwohner:innen", "Residents"),
    ("einwohner_2012", "Einwohner:innen 2012", "Residents 2012"),
    ("quelle", "Quelle", "Source"),
    ("id", "Kennung", "ID"),
    ("typ", "Art", "Type"),
    ("traeger", "Träger", "Operator"),
    ("STTLNR", "Stadtteil-Nr.", "District no."),
    (STADTTEIL_NAME_FIELD, "Stadtteil", "District"),
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
                        unit: if *k == POPULATION_FIELD {
                            "Personen".to_owned()
                        } else {
                            String::new()
                        },
                        definition: String::new(),
                        definition_en: String::new(),
                        direction: 0,
                        numerator: String::new(),
                        denominator: String::new(),
                        source: String::new(),
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
                detail: crate::i18n::Bilingual::same(e.to_string()),
                path: path.display().to_string(),
            })?
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect();
        let col = |name: &str| headers.iter().position(|h| h == name);
        let (Some(key), Some(de)) = (col("feld"), col("name_de")) else {
            return Err(LoadError::Csv {
                detail: crate::i18n::Bilingual::new(
                    "Metadaten brauchen die Spalten „feld“ und „name_de“",
                    "metadata need the columns “feld” and “name_de”",
                ),
                path: path.display().to_string(),
            });
        };
        let (en, unit, def) = (col("name_en"), col("einheit"), col("definition"));
        let def_en = col("definition_en");
        let (dir, num, den, src) = (
            col("richtung"),
            col("zaehler"),
            col("nenner"),
            col("quelle"),
        );
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
                    definition_en: get(def_en),
                    direction: match get(dir).as_str() {
                        "+" | "1" | "+1" => 1,
                        "-" | "−" | "-1" => -1,
                        _ => 0,
                    },
                    numerator: get(num),
                    denominator: get(den),
                    source: get(src),
                },
            );
            n += 1;
        }
        Ok(n)
    }

    /// Add or replace the label of one field.
    pub fn insert(&mut self, field: &str, label: FieldLabel) {
        self.labels.insert(field.to_owned(), label);
    }

    /// All labelled fields, sorted by field name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &FieldLabel)> {
        let mut all: Vec<_> = self.labels.iter().map(|(k, v)| (k.as_str(), v)).collect();
        all.sort_by(|a, b| a.0.cmp(b.0));
        all.into_iter()
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
