//! One dBASE value at a time: the field types, how their bytes become values, and the notes
//! on what could not be read. A value that cannot be read becomes [`RawValue::Null`] ("keine
//! Angabe") and is counted; it never affects another value.

use super::charset::Charset;
use crate::i18n::{Bilingual, Words};
use crate::model::value::RawValue;

/// How a field's bytes are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// `C`, and Visual FoxPro's `V` (varchar).
    Text,
    /// `N`, `F`: a number written as text.
    Number,
    /// `D`: YYYYMMDD.
    Date,
    /// `L`: T/F, Y/N, J/N, ? or blank.
    Logical,
    /// `I`: a 4-byte integer (Visual FoxPro).
    Integer,
    /// `Y`: currency, an 8-byte integer in ten-thousandths (Visual FoxPro).
    Currency,
    /// `B` in Visual FoxPro: an 8-byte floating-point number.
    Double,
    /// `T`: Julian day and milliseconds (Visual FoxPro).
    DateTime,
    /// `M`, `G`, `P`, and `B` outside Visual FoxPro: a block number in a `.dbt`/`.fpt` file.
    Memo,
    /// `0`: Visual FoxPro's hidden `_NullFlags` field.
    System,
    /// Any other type letter: read as text if it holds text.
    Unknown,
    /// An unknown type that holds binary data: skipped.
    Binary,
}

impl Kind {
    pub(super) fn of(letter: char, width: usize, visual_foxpro: bool) -> Kind {
        match letter {
            'C' | 'V' => Kind::Text,
            'N' | 'F' => Kind::Number,
            'D' => Kind::Date,
            'L' => Kind::Logical,
            'I' if width == 4 => Kind::Integer,
            'Y' if width == 8 => Kind::Currency,
            'B' if visual_foxpro && width == 8 => Kind::Double,
            'T' if width == 8 => Kind::DateTime,
            'M' | 'G' | 'P' | 'B' => Kind::Memo,
            '0' => Kind::System,
            _ => Kind::Unknown,
        }
    }

    /// Whether the field becomes an attribute.
    pub(super) fn is_read(self) -> bool {
        !matches!(self, Kind::System | Kind::Binary)
    }

    /// Whether the field holds text in the file's character set.
    pub(super) fn is_text(self) -> bool {
        matches!(self, Kind::Text | Kind::Unknown)
    }
}

/// Whether the bytes of an unknown field are text: no control characters, NUL bytes only as
/// padding at the end.
pub(super) fn looks_like_text(bytes: &[u8]) -> bool {
    let end = bytes
        .iter()
        .rposition(|&b| b != 0 && b != b' ')
        .map_or(0, |p| p + 1);
    bytes[..end].iter().all(|&b| b >= 0x20 && b != 0x7F)
}

/// What happened to one field's values.
#[derive(Debug, Clone, Default)]
pub(super) struct FieldStats {
    bad: usize,
    bad_example: Option<String>,
    comma: usize,
    comma_example: Option<String>,
    memos: usize,
}

impl FieldStats {
    fn bad(&mut self, shown: &str) -> RawValue {
        self.bad += 1;
        if self.bad_example.is_none() {
            self.bad_example = Some(shown.chars().take(40).collect());
        }
        RawValue::Null
    }
}

/// The bytes as text, trimmed of spaces and NUL padding.
fn text<'b>(bytes: &'b [u8], charset: &Charset) -> std::borrow::Cow<'b, str> {
    let end = bytes
        .iter()
        .rposition(|&b| b != 0 && b != b' ')
        .map_or(0, |p| p + 1);
    let start = bytes[..end].iter().position(|&b| b != b' ').unwrap_or(end);
    charset.decode(&bytes[start..end])
}

/// One value.
pub(super) fn value(
    kind: Kind,
    bytes: &[u8],
    charset: &Charset,
    stats: &mut FieldStats,
) -> RawValue {
    match kind {
        Kind::Text | Kind::Unknown => {
            let t = text(bytes, charset);
            let t = t.trim();
            if t.is_empty() {
                RawValue::Null
            } else {
                RawValue::Text(t.to_owned())
            }
        }
        Kind::Number => number(&ascii(bytes), stats),
        Kind::Date => date(&ascii(bytes), stats),
        Kind::Logical => match ascii(bytes).as_str() {
            "" | "?" => RawValue::Null,
            "T" | "t" | "Y" | "y" | "J" | "j" => RawValue::Bool(true),
            "F" | "f" | "N" | "n" => RawValue::Bool(false),
            other => stats.bad(other),
        },
        Kind::Integer => match <[u8; 4]>::try_from(bytes) {
            Ok(b) => RawValue::Number(f64::from(i32::from_le_bytes(b))),
            Err(_) => stats.bad("?"),
        },
        Kind::Currency => match <[u8; 8]>::try_from(bytes) {
            Ok(b) => RawValue::Number(i64::from_le_bytes(b) as f64 / 10_000.0),
            Err(_) => stats.bad("?"),
        },
        Kind::Double => match <[u8; 8]>::try_from(bytes).map(f64::from_le_bytes) {
            Ok(v) if v.is_finite() => RawValue::Number(v),
            _ => stats.bad("?"),
        },
        Kind::DateTime => date_time(bytes, stats),
        Kind::Memo => {
            if bytes.iter().any(|&b| b != b' ' && b != 0 && b != b'0') {
                stats.memos += 1;
            }
            RawValue::Null
        }
        Kind::System | Kind::Binary => RawValue::Null,
    }
}

/// ASCII fields (numbers, dates, logicals) as text, trimmed; NUL is padding, other bytes
/// are shown as `?`.
fn ascii(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0 => ' ',
            b if b.is_ascii() => char::from(b),
            _ => '?',
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A number written as text: "12.5", "-3", "1e4". A single comma and no point is a decimal
/// comma written by a German program ("1,5") and is read so, with a note; "****" (a value
/// too wide for its field) and anything else that is no number count as unreadable.
fn number(t: &str, stats: &mut FieldStats) -> RawValue {
    if t.is_empty() {
        return RawValue::Null;
    }
    let plain = |s: &str| {
        let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
        let ok = !digits.is_empty()
            && digits
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'));
        if ok {
            s.parse::<f64>().ok().filter(|v| v.is_finite())
        } else {
            None
        }
    };
    if let Some(v) = plain(t) {
        return RawValue::Number(v);
    }
    if t.matches(',').count() == 1
        && !t.contains('.')
        && let Some(v) = plain(&t.replace(',', "."))
    {
        stats.comma += 1;
        if stats.comma_example.is_none() {
            stats.comma_example = Some(t.to_owned());
        }
        return RawValue::Number(v);
    }
    stats.bad(t)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

fn iso_date(y: i64, m: i64, d: i64) -> Option<String> {
    ((1..=9999).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// YYYYMMDD as ISO text; blank or all zeros is no date; anything else counts as unreadable.
fn date(t: &str, stats: &mut FieldStats) -> RawValue {
    if t.is_empty() || t.chars().all(|c| c == '0') {
        return RawValue::Null;
    }
    let parsed = (t.len() == 8 && t.chars().all(|c| c.is_ascii_digit()))
        .then(|| {
            let n = |r: std::ops::Range<usize>| t[r].parse::<i64>().unwrap_or(0);
            iso_date(n(0..4), n(4..6), n(6..8))
        })
        .flatten();
    match parsed {
        Some(iso) => RawValue::Text(iso),
        None => stats.bad(t),
    }
}

/// Visual FoxPro's date-time: the Julian day number, then milliseconds since midnight; the
/// date is kept (as for `D` fields).
fn date_time(bytes: &[u8], stats: &mut FieldStats) -> RawValue {
    let Some(day) = bytes
        .get(..4)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map(i32::from_le_bytes)
    else {
        return stats.bad("?");
    };
    if day == 0 {
        return RawValue::Null;
    }
    // The Julian day number to a Gregorian date (Fliegel and Van Flandern, 1968).
    let jd = i64::from(day);
    let l = jd + 68_569;
    let n = 4 * l / 146_097;
    let l = l - (146_097 * n + 3) / 4;
    let i = 4000 * (l + 1) / 1_461_001;
    let l = l - 1461 * i / 4 + 31;
    let j = 80 * l / 2447;
    let d = l - 2447 * j / 80;
    let l = j / 11;
    let m = j + 2 - 12 * l;
    let y = 100 * (n - 49) + i + l;
    match iso_date(y, m, d) {
        Some(iso) => RawValue::Text(iso),
        None => stats.bad(&format!("Julianischer Tag {day}")),
    }
}

/// The notes on one field: unreadable values, decimal commas, memo and skipped fields.
pub(super) fn field_notes(
    name: &str,
    letter: char,
    kind: Kind,
    stats: &FieldStats,
    memo_file: bool,
) -> Vec<Bilingual> {
    let (de, en) = (Words::new(false), Words::new(true));
    let mut notes = Vec::new();
    if stats.bad > 0 {
        let example = stats.bad_example.clone().unwrap_or_default();
        let (what_de, what_en) = match kind {
            Kind::Date | Kind::DateTime => ("kein gültiges Datum", "not a valid date"),
            Kind::Logical => (
                "kein gültiger Wahrheitswert",
                "not a valid true/false value",
            ),
            _ => ("keine lesbare Zahl", "not a readable number"),
        };
        let one = stats.bad == 1;
        notes.push(Bilingual::new(
            format!(
                "Feld „{name}“: {} {what_de} (z. B. „{example}“) und {} als keine Angabe.",
                de.count(stats.bad, "Wert ist", "Werte sind"),
                if one { "gilt" } else { "gelten" },
            ),
            format!(
                "Field “{name}”: {} {what_en} (e.g. “{example}”) and {} as no data.",
                en.count(stats.bad, "value is", "values are"),
                if one { "counts" } else { "count" },
            ),
        ));
    }
    if stats.comma > 0 {
        let example = stats.comma_example.clone().unwrap_or_default();
        notes.push(Bilingual::new(
            format!(
                "Feld „{name}“: {} mit Dezimalkomma geschrieben (z. B. „{example}“) und als Zahl \
                 gelesen.",
                de.count(stats.comma, "Wert", "Werte"),
            ),
            format!(
                "Field “{name}”: {} written with a decimal comma (e.g. “{example}”) and read as a \
                 number.",
                en.count(stats.comma, "value", "values"),
            ),
        ));
    }
    match kind {
        Kind::Memo => {
            let (why_de, why_en) = if memo_file {
                (
                    "Memo-Dateien werden nicht gelesen",
                    "memo files are not read",
                )
            } else {
                (
                    "die .dbt-Datei mit diesen Texten fehlt",
                    "the .dbt file with these texts is missing",
                )
            };
            notes.push(crate::bilingual!(
                "Feld „{name}“ ist ein Memofeld (Typ „{letter}“): {why_de}; das Feld bleibt leer \
                 (keine Angabe), alle anderen Felder werden gelesen.",
                "Field “{name}” is a memo field (type “{letter}”): {why_en}; the field stays \
                 empty (no data), all other fields are read."
            ));
        }
        Kind::Binary => notes.push(crate::bilingual!(
            "Feld „{name}“ hat den Feldtyp „{letter}“, der nicht gelesen werden kann \
             (Binärdaten); das Feld wird übersprungen, alle anderen werden gelesen.",
            "Field “{name}” has the field type “{letter}”, which cannot be read (binary data); \
             the field is skipped, all others are read."
        )),
        Kind::Unknown => notes.push(crate::bilingual!(
            "Feld „{name}“ hat den unbekannten Feldtyp „{letter}“ und wird als Text gelesen.",
            "Field “{name}” has the unknown field type “{letter}” and is read as text."
        )),
        _ => {}
    }
    notes
}
