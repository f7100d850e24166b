//! Joining indicator tables to area layers by key.
//!
//! Keys are compared as text: trimmed, a number written without ".0" (14.0 → "14"). The join
//! matches exactly first; only when that matches nothing does it retry ignoring case (and says
//! so in the report). The first table row of a key wins; duplicates, blank keys, rows without an
//! area (a city-total row "Frankfurt gesamt") and areas without a row are all reported.
//!
//! One joined table is an [`Edition`], labelled with the year in its file name, so that several
//! years of the same indicators can be shown side by side ([`sort_editions`]).

use std::cmp::Ordering;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::io::table::{Table, plain_number};
use crate::model::value::looks_like_identifier_name;
use crate::model::{AreaLayer, Field, FieldType, Schema, Value};

/// The key text of a value: trimmed text, numbers without ".0"; `None` when blank.
pub fn key_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Text(t) => Some(t.trim().to_owned()).filter(|t| !t.is_empty()),
        Value::Number(n) if n.is_finite() => Some(plain_number(*n)),
        Value::Number(_) => None,
        Value::Bool(b) => Some(b.to_string()),
    }
}

/// A candidate pair of key columns and how many areas it would match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySuggestion {
    /// Field of the area layer.
    pub left: String,
    /// Column of the table.
    pub right: String,
    /// Areas that would get a row.
    pub matches: usize,
}

/// Whether a column can serve as a key: text, or numbers that are all whole.
fn usable_as_key<'a>(field: &Field, mut values: impl Iterator<Item = Option<&'a Value>>) -> bool {
    match field.kind {
        FieldType::Text => true,
        FieldType::Number => values.all(|v| match v {
            Some(Value::Number(n)) => n.fract() == 0.0,
            _ => true,
        }),
        FieldType::Bool | FieldType::Empty => false,
    }
}

/// All (layer field, table column) pairs with at least one matching key, best first: most
/// matches; ties prefer identifier-like names, then equal names, then schema order. A pair that
/// matches only when case is ignored counts those matches, as [`join`] would use them.
/// Columns of fractional numbers (rates) are never suggested.
pub fn suggest_keys(layer: &AreaLayer, table: &Table) -> Vec<KeySuggestion> {
    let mut lefts: Vec<(&Field, Vec<Option<String>>)> = Vec::new();
    for (i, field) in layer.schema.fields.iter().enumerate() {
        if !usable_as_key(field, layer.areas.iter().map(|a| a.values.get(i))) {
            continue;
        }
        let keys = layer
            .areas
            .iter()
            .map(|a| a.values.get(i).and_then(key_text))
            .collect();
        lefts.push((field, keys));
    }
    let mut rights: Vec<(&Field, HashSet<String>, HashSet<String>)> = Vec::new();
    for (j, field) in table.schema.fields.iter().enumerate() {
        if !usable_as_key(field, table.rows.iter().map(|r| r.get(j))) {
            continue;
        }
        let exact: HashSet<String> = table
            .rows
            .iter()
            .filter_map(|r| r.get(j).and_then(key_text))
            .collect();
        let folded = exact.iter().map(|k| k.to_lowercase()).collect();
        rights.push((field, exact, folded));
    }

    let mut out: Vec<(KeySuggestion, usize, bool)> = Vec::new();
    for (left, keys) in &lefts {
        for (right, exact, folded) in &rights {
            let mut matches = keys
                .iter()
                .flatten()
                .filter(|k| exact.contains(k.as_str()))
                .count();
            if matches == 0 {
                matches = keys
                    .iter()
                    .flatten()
                    .filter(|k| folded.contains(&k.to_lowercase()))
                    .count();
            }
            if matches == 0 {
                continue;
            }
            let id_score = usize::from(looks_like_identifier_name(&left.name))
                + usize::from(looks_like_identifier_name(&right.name));
            let same_name = left.name.to_lowercase() == right.name.to_lowercase();
            out.push((
                KeySuggestion {
                    left: left.name.clone(),
                    right: right.name.clone(),
                    matches,
                },
                id_score,
                same_name,
            ));
        }
    }
    // Stable: equal candidates keep layer-field-major schema order.
    out.sort_by(|(a, a_id, a_same), (b, b_id, b_same)| {
        b.matches
            .cmp(&a.matches)
            .then(b_id.cmp(a_id))
            .then(b_same.cmp(a_same))
    });
    out.into_iter().map(|(s, _, _)| s).collect()
}

/// What a join did, for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinReport {
    /// The table's name.
    pub table: String,
    /// Key field of the layer.
    pub left_key: String,
    /// Key column of the table.
    pub right_key: String,
    /// Areas that got a row.
    pub matched: usize,
    /// Keys of table rows that match no area (e.g. "Frankfurt gesamt"), in table order, each
    /// once.
    pub rows_without_area: Vec<String>,
    /// Keys of areas that got no row, in layer order (an area without a key is named by its
    /// title and "(ohne Schlüssel)").
    pub areas_without_data: Vec<String>,
    /// Keys occurring more than once in the table, in table order; the first row was used.
    pub duplicate_keys: Vec<String>,
    /// Keys occurring more than once in the layer, in layer order: each of those areas got
    /// the same row (usually an error in the layer's key field).
    pub duplicate_area_keys: Vec<String>,
    /// Table rows with a blank key (ignored).
    pub empty_keys: usize,
    /// Whether keys matched only when case was ignored.
    pub case_insensitive: bool,
}

impl JoinReport {
    /// Number of areas of the layer.
    pub fn areas(&self) -> usize {
        self.matched + self.areas_without_data.len()
    }

    /// Whether every area got a row and every row an area, without duplicates or blanks.
    pub fn is_clean(&self) -> bool {
        self.rows_without_area.is_empty()
            && self.areas_without_data.is_empty()
            && self.duplicate_keys.is_empty()
            && self.duplicate_area_keys.is_empty()
            && self.empty_keys == 0
    }
}

/// Why a join could not be made. Messages are German.
#[derive(Debug, thiserror::Error)]
pub enum JoinError {
    #[error("Die Ebene „{layer}“ hat kein Feld „{field}“ (vorhanden: {available})")]
    UnknownField {
        field: String,
        layer: String,
        available: String,
    },
    #[error("Die Tabelle „{table}“ hat keine Spalte „{column}“ (vorhanden: {available})")]
    UnknownColumn {
        column: String,
        table: String,
        available: String,
    },
    #[error(
        "Kein Schlüssel passt: „{left_key}“ der Ebene (z. B. „{left_example}“) und „{right_key}“ \
         der Tabelle „{table}“ (z. B. „{right_example}“) haben keinen gemeinsamen Wert, auch ohne \
         Beachtung der Groß-/Kleinschreibung"
    )]
    NoMatch {
        left_key: String,
        right_key: String,
        table: String,
        left_example: String,
        right_example: String,
    },
}

/// One joined edition of a table: its columns (minus the key) as values per area.
#[derive(Debug, Clone)]
pub struct Edition {
    /// The first year 19xx/20xx in the file name ("indikatoren_2024" → "2024"), else the name.
    pub label: String,
    pub table_name: String,
    pub path: PathBuf,
    /// The table's columns except the key column.
    pub schema: Schema,
    /// Per area (in layer order), one value per schema field; all [`Value::Null`] where the
    /// area got no row.
    pub values: Vec<Vec<Value>>,
    pub report: JoinReport,
}

impl Edition {
    pub fn value(&self, area: usize, field: &str) -> Option<&Value> {
        let i = self.schema.index_of(field)?;
        self.values.get(area)?.get(i)
    }

    pub fn number(&self, area: usize, field: &str) -> Option<f64> {
        self.value(area, field).and_then(Value::as_f64)
    }

    /// The number columns, in table order.
    pub fn numeric_fields(&self) -> impl Iterator<Item = &Field> {
        self.schema
            .fields
            .iter()
            .filter(|f| f.kind == FieldType::Number)
    }
}

/// The label of an edition from a file stem: its first free-standing four-digit year 19xx or
/// 20xx, else the stem itself.
pub fn edition_label(stem: &str) -> String {
    let chars: Vec<char> = stem.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            if run.len() == 4 && (run.starts_with("19") || run.starts_with("20")) {
                return run;
            }
        } else {
            i += 1;
        }
    }
    stem.to_owned()
}

/// Join `table` to `layer`: area field `left_key` = table column `right_key`.
pub fn join(
    layer: &AreaLayer,
    left_key: &str,
    table: &Table,
    right_key: &str,
) -> Result<Edition, JoinError> {
    let names = |s: &Schema| {
        s.fields
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let li = layer
        .schema
        .index_of(left_key)
        .ok_or_else(|| JoinError::UnknownField {
            field: left_key.to_owned(),
            layer: layer.name.clone(),
            available: names(&layer.schema),
        })?;
    let ri = table
        .schema
        .index_of(right_key)
        .ok_or_else(|| JoinError::UnknownColumn {
            column: right_key.to_owned(),
            table: table.name.clone(),
            available: names(&table.schema),
        })?;

    let area_keys: Vec<Option<String>> = layer
        .areas
        .iter()
        .map(|a| a.values.get(li).and_then(key_text))
        .collect();
    let row_keys: Vec<Option<String>> = table
        .rows
        .iter()
        .map(|r| r.get(ri).and_then(key_text))
        .collect();

    let mut case_insensitive = false;
    let mut lookup = Lookup::new(&area_keys, &row_keys, false);
    if lookup.matched == 0 {
        let folded = Lookup::new(&area_keys, &row_keys, true);
        if folded.matched > 0 {
            lookup = folded;
            case_insensitive = true;
        }
    }
    if lookup.matched == 0 {
        let first = |keys: &[Option<String>]| keys.iter().flatten().next().cloned();
        return Err(JoinError::NoMatch {
            left_key: left_key.to_owned(),
            right_key: right_key.to_owned(),
            table: table.name.clone(),
            left_example: first(&area_keys).unwrap_or_default(),
            right_example: first(&row_keys).unwrap_or_default(),
        });
    }

    let schema = Schema {
        fields: table
            .schema
            .fields
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != ri)
            .map(|(_, f)| f.clone())
            .collect(),
    };
    let width = schema.fields.len();
    let mut values = Vec::with_capacity(layer.areas.len());
    let mut areas_without_data = Vec::new();
    for (i, key) in area_keys.iter().enumerate() {
        let row = key
            .as_ref()
            .and_then(|k| lookup.first_row.get(&fold(k, case_insensitive)))
            .and_then(|&r| table.rows.get(r));
        match row {
            Some(row) => {
                let mut v: Vec<Value> = row
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != ri)
                    .map(|(_, v)| v.clone())
                    .collect();
                v.resize(width, Value::Null);
                values.push(v);
            }
            None => {
                areas_without_data.push(match key {
                    Some(k) => k.clone(),
                    None => format!("{} (ohne Schlüssel)", layer.feature_title(i)),
                });
                values.push(vec![Value::Null; width]);
            }
        }
    }

    let area_set: HashSet<String> = area_keys
        .iter()
        .flatten()
        .map(|k| fold(k, case_insensitive))
        .collect();
    let mut listed = HashSet::new();
    let mut rows_without_area = Vec::new();
    for key in row_keys.iter().flatten() {
        let folded = fold(key, case_insensitive);
        if !area_set.contains(&folded) && listed.insert(folded) {
            rows_without_area.push(key.clone());
        }
    }

    Ok(Edition {
        label: edition_label(&table.name),
        table_name: table.name.clone(),
        path: table.path.clone(),
        schema,
        values,
        report: JoinReport {
            table: table.name.clone(),
            left_key: left_key.to_owned(),
            right_key: right_key.to_owned(),
            matched: layer.areas.len() - areas_without_data.len(),
            rows_without_area,
            areas_without_data,
            duplicate_keys: lookup.duplicates,
            duplicate_area_keys: repeated(&area_keys),
            empty_keys: row_keys.iter().filter(|k| k.is_none()).count(),
            case_insensitive,
        },
    })
}

/// The keys that occur more than once, each once, in order of first occurrence.
fn repeated(keys: &[Option<String>]) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut reported = HashSet::new();
    keys.iter()
        .flatten()
        .filter(|k| !seen.insert(k.as_str()) && reported.insert(k.as_str()))
        .cloned()
        .collect()
}

fn fold(key: &str, case_insensitive: bool) -> String {
    if case_insensitive {
        key.to_lowercase()
    } else {
        key.to_owned()
    }
}

/// The first table row per (possibly case-folded) key, the duplicate keys and the number of
/// areas that find a row.
struct Lookup {
    first_row: HashMap<String, usize>,
    duplicates: Vec<String>,
    matched: usize,
}

impl Lookup {
    fn new(area_keys: &[Option<String>], row_keys: &[Option<String>], folded: bool) -> Self {
        let mut first_row = HashMap::new();
        let mut duplicates = Vec::new();
        let mut reported = HashSet::new();
        for (r, key) in row_keys.iter().enumerate() {
            let Some(key) = key else { continue };
            let k = fold(key, folded);
            match first_row.entry(k) {
                Entry::Occupied(seen) => {
                    if reported.insert(seen.key().clone()) {
                        duplicates.push(key.clone());
                    }
                }
                Entry::Vacant(slot) => {
                    slot.insert(r);
                }
            }
        }
        let matched = area_keys
            .iter()
            .flatten()
            .filter(|k| first_row.contains_key(&fold(k, folded)))
            .count();
        Self {
            first_row,
            duplicates,
            matched,
        }
    }
}

/// Order editions by label, years first and ascending ("2022" before "2024"), then other
/// labels alphabetically; equal labels keep their order.
pub fn sort_editions(editions: &mut [Edition]) {
    editions.sort_by(|a, b| label_order(&a.label, &b.label));
}

fn label_order(a: &str, b: &str) -> Ordering {
    let is_year = |s: &str| s.len() == 4 && s.chars().all(|c| c.is_ascii_digit());
    is_year(b)
        .cmp(&is_year(a))
        .then_with(|| a.to_lowercase().cmp(&b.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use geo::{MultiPolygon, polygon};

    use super::*;
    use crate::crs::Crs;
    use crate::io::table::parse_csv_text;
    use crate::model::Area;

    fn layer(keys: &[&str]) -> AreaLayer {
        let schema = Schema {
            fields: vec![
                Field {
                    name: "sr_id".into(),
                    kind: FieldType::Text,
                },
                Field {
                    name: "name".into(),
                    kind: FieldType::Text,
                },
            ],
        };
        let areas = keys
            .iter()
            .enumerate()
            .map(|(i, k)| {
                let x = 8.6 + i as f64 * 0.01;
                let mp = MultiPolygon::new(vec![polygon![
                    (x: x, y: 50.1),
                    (x: x + 0.01, y: 50.1),
                    (x: x + 0.01, y: 50.11),
                    (x: x, y: 50.11),
                ]]);
                let values = vec![
                    if k.is_empty() {
                        Value::Null
                    } else {
                        Value::Text((*k).to_owned())
                    },
                    Value::Text(format!("Gebiet {i}")),
                ];
                Area::new(i, values, mp.clone(), mp)
            })
            .collect();
        AreaLayer::new("test".into(), schema, areas, Crs(25832))
    }

    fn table(text: &str, name: &str) -> Table {
        parse_csv_text(text, name).unwrap()
    }

    #[test]
    fn number_keys_are_written_without_a_decimal_zero() {
        assert_eq!(key_text(&Value::Number(14.0)), Some("14".into()));
        assert_eq!(key_text(&Value::Number(14.5)), Some("14.5".into()));
        assert_eq!(
            key_text(&Value::Text("  SR-1-1 ".into())),
            Some("SR-1-1".into())
        );
        assert_eq!(key_text(&Value::Text("  ".into())), None);
        assert_eq!(key_text(&Value::Null), None);
    }

    #[test]
    fn the_label_is_the_first_year_in_the_name() {
        assert_eq!(edition_label("indikatoren_2024"), "2024");
        assert_eq!(edition_label("2019_bis_2024"), "2019");
        assert_eq!(edition_label("stand_20240131"), "stand_20240131");
        assert_eq!(edition_label("tabelle_1234"), "tabelle_1234");
        assert_eq!(edition_label("kennzahlen"), "kennzahlen");
    }

    #[test]
    fn areas_sharing_a_key_are_reported_and_each_gets_the_row() {
        let l = layer(&["A", "B", "A", "C", "B", "A"]);
        let t = table("sr_id;wert\nA;1\nB;2\nC;3\n", "werte");
        let e = join(&l, "sr_id", &t, "sr_id").unwrap();
        assert_eq!(e.report.duplicate_area_keys, ["A", "B"]);
        assert_eq!(
            (e.number(0, "wert"), e.number(2, "wert")),
            (Some(1.0), Some(1.0))
        );
        assert!(!e.report.is_clean());
        let summary = e.report.summary_de();
        assert!(
            summary.contains("2 doppelte Gebietsschlüssel in der Ebene"),
            "{summary}"
        );
        assert!(
            e.report
                .to_text_de()
                .contains("Doppelte Schlüssel in der Ebene")
        );
        let clean = join(&layer(&["A", "B", "C"]), "sr_id", &t, "sr_id").unwrap();
        assert!(clean.report.duplicate_area_keys.is_empty());
        assert!(clean.report.is_clean());
    }

    #[test]
    fn a_join_reports_every_mismatch() {
        let l = layer(&["A", "B", "C", ""]);
        let t = table(
            "sr_id;wert\nA;1\nB;2\nA;3\nFrankfurt gesamt;6\n;9\nX;1\nX;2\n",
            "werte_2024",
        );
        let e = join(&l, "sr_id", &t, "sr_id").unwrap();
        assert_eq!(e.label, "2024");
        assert_eq!(
            e.number(0, "wert"),
            Some(1.0),
            "the first row of a duplicate wins"
        );
        assert_eq!(e.number(1, "wert"), Some(2.0));
        assert_eq!(e.value(2, "wert"), Some(&Value::Null));
        assert_eq!(e.value(0, "sr_id"), None, "the key column is not repeated");
        let r = &e.report;
        assert_eq!(r.matched, 2);
        assert_eq!(r.rows_without_area, ["Frankfurt gesamt", "X"]);
        assert_eq!(r.areas_without_data, ["C", "Gebiet 3 (ohne Schlüssel)"]);
        assert_eq!(r.duplicate_keys, ["A", "X"]);
        assert_eq!(r.empty_keys, 1);
        assert!(!r.case_insensitive);
        assert_eq!(
            r.summary_de(),
            "2 von 4 Gebieten verknüpft; 2 Tabellenzeilen ohne Gebiet: Frankfurt gesamt, X; \
             2 Gebiete ohne Daten: C, Gebiet 3 (ohne Schlüssel); 2 doppelte Schlüssel (erste \
             Zeile verwendet): A, X; 1 Tabellenzeile ohne Schlüssel"
        );
    }

    #[test]
    fn keys_that_differ_only_in_case_match_on_the_second_try() {
        let l = layer(&["SR-1-1", "SR-1-2"]);
        let t = table("sr_id;wert\nsr-1-1;1\nsr-1-2;2\n", "t");
        let e = join(&l, "sr_id", &t, "sr_id").unwrap();
        assert!(e.report.case_insensitive);
        assert_eq!(e.number(1, "wert"), Some(2.0));
        assert!(
            e.report
                .summary_de()
                .ends_with("Groß-/Kleinschreibung der Schlüssel ignoriert")
        );
    }

    #[test]
    fn long_lists_are_shortened_in_the_summary_only() {
        let keys: Vec<String> = (1..=9).map(|i| format!("K{i}")).collect();
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        let l = layer(&refs);
        let t = table("sr_id;wert\nK1;1\n", "t");
        let r = join(&l, "sr_id", &t, "sr_id").unwrap().report;
        assert_eq!(
            r.summary_de(),
            "1 von 9 Gebieten verknüpft; 8 Gebiete ohne Daten: K2, K3, K4, K5, K6 … und 3 weitere"
        );
        let text = r.to_text_de();
        assert!(text.contains("Gebiete ohne Daten (8):\n  K2\n"), "{text}");
        assert!(text.contains("  K9\n"), "{text}");
    }

    #[test]
    fn unknown_names_and_disjoint_keys_are_german_errors() {
        let l = layer(&["A"]);
        let t = table("sr_id;wert\nB;1\n", "t");
        let err = join(&l, "gibtsnicht", &t, "sr_id").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Die Ebene „test“ hat kein Feld „gibtsnicht“ (vorhanden: sr_id, name)"
        );
        let err = join(&l, "sr_id", &t, "schluessel").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("Die Tabelle „t“ hat keine Spalte „schluessel“")
        );
        let err = join(&l, "sr_id", &t, "sr_id").unwrap_err();
        assert!(matches!(err, JoinError::NoMatch { .. }), "{err}");
        assert!(err.to_string().contains("„A“") && err.to_string().contains("„B“"));
    }

    #[test]
    fn suggestions_prefer_more_matches_then_key_names() {
        let l = layer(&["1", "2", "3"]);
        let t = table("nummer;gebiet_id;anteil\n1;1;1,5\n2;2;2,5\n9;3;3\n", "t");
        let s = suggest_keys(&l, &t);
        assert_eq!(
            s[0],
            KeySuggestion {
                left: "sr_id".into(),
                right: "gebiet_id".into(),
                matches: 3
            }
        );
        assert_eq!(s[1].right, "nummer");
        assert_eq!(s[1].matches, 2);
        assert!(s.iter().all(|s| s.right != "anteil"), "rates are no keys");
    }

    #[test]
    fn editions_sort_by_year_then_name() {
        let l = layer(&["A"]);
        let mut editions: Vec<Edition> = ["werte_2024", "sonder", "werte_2022"]
            .iter()
            .map(|n| join(&l, "sr_id", &table("sr_id;x\nA;1\n", n), "sr_id").unwrap())
            .collect();
        sort_editions(&mut editions);
        let labels: Vec<&str> = editions.iter().map(|e| e.label.as_str()).collect();
        assert_eq!(labels, ["2022", "2024", "sonder"]);
    }
}
