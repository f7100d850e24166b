//! Attribute values and their types.
//!
//! A layer's attributes are stored column-aware: a [`Schema`] names the fields and their
//! [`FieldType`], and every feature holds one [`Value`] per field. Typing follows what a
//! planner expects from German data: "12,5" is a number, "01100101" is an identifier and stays
//! text, and a column named like a key (`*_id`, `*_nr`, `code`, `ags` …) is never turned into
//! numbers. This module does no I/O and knows nothing of the UI.

use std::fmt;

/// One attribute value of one feature.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Missing or empty ("keine Angabe").
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
}

impl Value {
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The value as shown to a German reader: decimal comma, thousands separator, "keine Angabe".
    pub fn display_de(&self) -> String {
        match self {
            Value::Null => "keine Angabe".to_owned(),
            Value::Bool(true) => "ja".to_owned(),
            Value::Bool(false) => "nein".to_owned(),
            Value::Number(n) => format_number_de(*n),
            Value::Text(s) => s.clone(),
        }
    }
}

/// The type of a field, decided once over all features of a layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Number,
    Text,
    Bool,
    /// Every value is missing.
    Empty,
}

impl FieldType {
    /// Stable English name used in machine-readable output (`info --json`).
    pub fn key(self) -> &'static str {
        match self {
            FieldType::Number => "number",
            FieldType::Text => "text",
            FieldType::Bool => "boolean",
            FieldType::Empty => "empty",
        }
    }

    pub fn label_de(self) -> &'static str {
        match self {
            FieldType::Number => "Zahl",
            FieldType::Text => "Text",
            FieldType::Bool => "Ja/Nein",
            FieldType::Empty => "leer",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            FieldType::Number => "number",
            FieldType::Text => "text",
            FieldType::Bool => "yes/no",
            FieldType::Empty => "empty",
        }
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub kind: FieldType,
}

/// The ordered fields of a layer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schema {
    pub fields: Vec<Field>,
}

impl Schema {
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}

/// A value as it came out of a file, before the column's type is known.
#[derive(Debug, Clone, PartialEq)]
pub enum RawValue {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
}

/// Parse a number written the German or the English way: "12,5", "1.234,5", "12.5",
/// "1,234.5", "-3", "4e3". Returns `None` for anything else (including "", "n/a", "12 %").
pub fn parse_number(text: &str) -> Option<f64> {
    let s = text.trim();
    if s.is_empty() {
        return None;
    }
    let has_comma = s.contains(',');
    let has_dot = s.contains('.');
    let normalised = match (has_comma, has_dot) {
        (true, true) => {
            // The separator that comes last is the decimal one.
            let last_comma = s.rfind(',').unwrap_or(0);
            let last_dot = s.rfind('.').unwrap_or(0);
            if last_comma > last_dot {
                s.replace('.', "").replace(',', ".")
            } else {
                s.replace(',', "")
            }
        }
        (true, false) => {
            if s.matches(',').count() > 1 {
                return None;
            }
            s.replace(',', ".")
        }
        _ => s.to_owned(),
    };
    let ok_chars = normalised
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    if !ok_chars {
        return None;
    }
    normalised.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Whether a column name says "this is a key": such columns always stay text.
pub fn looks_like_identifier_name(name: &str) -> bool {
    let n = name.to_lowercase();
    let parts: Vec<&str> = n.split(|c: char| !c.is_alphanumeric()).collect();
    const KEYS: [&str; 10] = [
        "id",
        "nr",
        "nummer",
        "key",
        "code",
        "codes",
        "ags",
        "ars",
        "schluessel",
        "kennung",
    ];
    parts.iter().any(|p| KEYS.contains(p))
        || n.ends_with("id")
        || n.ends_with("nr")
        || n.contains("schlüssel")
}

/// A text that must stay text even if it is made of digits: leading zeros ("01100101").
fn has_significant_leading_zero(text: &str) -> bool {
    let t = text.trim();
    t.len() > 1 && t.starts_with('0') && !t.starts_with("0,") && !t.starts_with("0.")
}

/// Decide the type of one column from its raw values and convert them.
pub fn type_column(name: &str, raw: &[&RawValue]) -> (FieldType, Vec<Value>) {
    let id_like = looks_like_identifier_name(name);
    let mut numbers = 0usize;
    let mut texts = 0usize;
    let mut bools = 0usize;
    let mut numeric_texts = 0usize;
    for v in raw {
        match v {
            RawValue::Null => {}
            RawValue::Bool(_) => bools += 1,
            RawValue::Number(_) => numbers += 1,
            RawValue::Text(t) if t.trim().is_empty() => {}
            RawValue::Text(t) => {
                texts += 1;
                if !id_like && !has_significant_leading_zero(t) && parse_number(t).is_some() {
                    numeric_texts += 1;
                }
            }
        }
    }
    let kind = if numbers + texts + bools == 0 {
        FieldType::Empty
    } else if bools > 0 && numbers + texts == 0 {
        FieldType::Bool
    } else if bools == 0 && texts == numeric_texts && !(id_like && texts > 0) {
        FieldType::Number
    } else {
        FieldType::Text
    };
    let values = raw.iter().map(|v| convert(v, kind)).collect();
    (kind, values)
}

fn convert(raw: &RawValue, kind: FieldType) -> Value {
    match (raw, kind) {
        (RawValue::Null, _) => Value::Null,
        (RawValue::Text(t), _) if t.trim().is_empty() => Value::Null,
        (RawValue::Number(n), FieldType::Number) => Value::Number(*n),
        (RawValue::Text(t), FieldType::Number) => {
            parse_number(t).map_or(Value::Null, Value::Number)
        }
        (RawValue::Bool(b), FieldType::Bool) => Value::Bool(*b),
        (RawValue::Number(n), _) => Value::Text(format_plain(*n)),
        (RawValue::Bool(b), _) => Value::Text(b.to_string()),
        (RawValue::Text(t), _) => Value::Text(t.clone()),
    }
}

/// A number as the file would have written it (no thousands separator, dot decimal).
fn format_plain(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// German number format: "1.234,5", "-0,25", "678.691". Up to 2 decimals, trailing zeros cut.
pub fn format_number_de(n: f64) -> String {
    if !n.is_finite() {
        return "keine Angabe".to_owned();
    }
    let rounded = (n * 100.0).round() / 100.0;
    let negative = rounded < 0.0;
    let abs = rounded.abs();
    let int_part = abs.trunc() as u64;
    let frac = ((abs - abs.trunc()) * 100.0).round() as u64;
    let mut digits = int_part.to_string();
    let mut grouped = String::new();
    while digits.len() > 3 {
        let tail = digits.split_off(digits.len() - 3);
        grouped = format!(".{tail}{grouped}");
    }
    grouped = format!("{digits}{grouped}");
    let mut out = if negative && (int_part > 0 || frac > 0) {
        format!("-{grouped}")
    } else {
        grouped
    };
    if frac > 0 {
        let f = format!("{frac:02}");
        out.push(',');
        out.push_str(f.trim_end_matches('0'));
    }
    out
}

/// German number format with a fixed number of decimals: `format_fixed_de(1234.5, 1)` →
/// "1.234,5", `format_fixed_de(3.0, 1)` → "3,0".
pub fn format_fixed_de(n: f64, decimals: usize) -> String {
    if !n.is_finite() {
        return "keine Angabe".to_owned();
    }
    let text = format!("{:.*}", decimals, n.abs());
    let (int_part, frac) = text.split_once('.').unwrap_or((text.as_str(), ""));
    let mut grouped = String::new();
    let digits: Vec<char> = int_part.chars().collect();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(*c);
    }
    let is_zero = text.chars().all(|c| c == '0' || c == '.');
    let mut out = if n < 0.0 && !is_zero {
        format!("-{grouped}")
    } else {
        grouped
    };
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// A number with fixed decimals in the reader's language: German "1.234,5", English "1,234.5".
pub fn format_fixed(n: f64, decimals: usize, english: bool) -> String {
    let de = format_fixed_de(n, decimals);
    if english && n.is_finite() {
        swap_separators(&de)
    } else if english {
        "n/a".to_owned()
    } else {
        de
    }
}

/// A number with up to two decimals (trailing zeros cut) in the reader's language.
pub fn format_number(n: f64, english: bool) -> String {
    let de = format_number_de(n);
    if english && n.is_finite() {
        swap_separators(&de)
    } else if english {
        "n/a".to_owned()
    } else {
        de
    }
}

/// "1.234,5" → "1,234.5".
fn swap_separators(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '.' => ',',
            ',' => '.',
            c => c,
        })
        .collect()
}

/// An axis tick: as many decimals as the tick step needs (none for steps of 1 and more).
pub fn format_tick(value: f64, step: f64, english: bool) -> String {
    let decimals = if step <= 0.0 || !step.is_finite() {
        0
    } else {
        (0..6)
            .find(|&d| {
                let scaled = step * 10f64.powi(d);
                (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
            })
            .unwrap_or(6) as usize
    };
    format_fixed(value, decimals, english)
}

mod properties;
pub use properties::{
    CELL_BUDGET, MAX_COLUMNS, MIN_COLUMNS, Typed, type_properties, type_properties_capped,
};

#[cfg(test)]
mod tests;
