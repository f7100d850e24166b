//! Joining indicator tables to area layers by key.
//!
//! Keys are compared as text: trimmed, a number written without ".0" (14.0 → "14"). The join
//! matches exactly first; only when that matches nothing does it retry ignoring case (and says
//! so in the report). The first table row of a key wins; duplicates, blank keys, rows without an
//! area (a city-total row "Frankfurt gesamt") and areas without a row are all reported.
//!
//! One joined table is an [`Edition`], labelled with the year in its file name, so that several
//! years of the same indicators can be shown side by side ([`sort_editions`]).
//!
//! The parts: choosing key columns ([`suggest_keys`], `suggest`), the join itself ([`join`],
//! `matching`), edition labels and order (`editions`) and the wording of the [`JoinReport`]
//! (`report`). Pure: reads no files and knows no UI.

mod editions;
mod matching;
mod report;
mod suggest;
#[cfg(test)]
mod tests;

use std::path::PathBuf;

use crate::io::table::plain_number;
use crate::model::{Field, FieldType, Schema, Value};

pub use editions::{edition_label, sort_editions};
pub use matching::join;
pub use suggest::{KeySuggestion, suggest_keys};

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
