//! The CSV dialect of a table file: binary check, Excel's `sep=` hint, the delimiter, the
//! decimal separator decided once per file, numbers read in that style, missing-value markers.

use super::{Cell, MISSING_MARKERS, clean_name};
use crate::model::value::looks_like_identifier_name;

/// NUL bytes or more than 1 % control characters: not a text table.
pub(super) fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        if c == '\0' {
            return true;
        }
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C') {
            control += 1;
        }
    }
    control > 0 && control * 100 > total
}

/// Excel's optional first line "sep=;" names the delimiter.
pub(super) fn strip_sep_hint(text: &str) -> Option<(&str, char)> {
    let end = text.find('\n').unwrap_or(text.len());
    let line = text[..end].trim().trim_matches('"');
    let rest = line.strip_prefix("sep=")?;
    let mut chars = rest.chars();
    let d = chars.next()?;
    if chars.next().is_some() || !matches!(d, ';' | ',' | '\t' | '|') {
        return None;
    }
    Some((text.get(end + 1..).unwrap_or(""), d))
}

/// The delimiter that occurs most often outside quotes in the first non-blank line (which may
/// span several physical lines when a quoted name contains a line break).
/// Ties go to `;`, then tab, then `,`; a line without any of them but with `|` gives `|`
/// (database exports), otherwise `;`.
pub fn detect_delimiter(text: &str) -> char {
    const CANDIDATES: [char; 4] = [';', '\t', ',', '|'];
    let mut counts = [0usize; 4];
    let mut in_quotes = false;
    for c in text.trim_start_matches(['\r', '\n']).chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '\r' | '\n' if !in_quotes => break,
            _ if in_quotes => {}
            _ => {
                if let Some(i) = CANDIDATES.iter().position(|&d| d == c) {
                    counts[i] += 1;
                }
            }
        }
    }
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    if counts[..3].iter().all(|&c| c == 0) && counts[3] > 0 {
        return '|';
    }
    CANDIDATES[best]
}

/// What a numeric-looking cell says about the decimal separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Vote {
    Comma,
    Point,
    None,
}

pub(super) fn vote(text: &str) -> Vote {
    let number = split_unit(text).map_or(text, |(n, _)| n);
    let t = number.trim().trim_start_matches(['-', '+', '−']);
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Vote::None;
    }
    let commas = t.matches(',').count();
    let dots = t.matches('.').count();
    let styled = |comma: bool, v: Vote| {
        if parse_number_styled(t, comma).is_some() {
            v
        } else {
            Vote::None
        }
    };
    match (commas, dots) {
        (0, 0) => Vote::None,
        (c, d) if c > 0 && d > 0 => {
            if t.rfind(',') > t.rfind('.') {
                styled(true, Vote::Comma)
            } else {
                styled(false, Vote::Point)
            }
        }
        (1, 0) | (0, 1) => {
            let sep = if commas == 1 { ',' } else { '.' };
            let (int, frac) = t.split_once(sep).unwrap_or((t, ""));
            let ambiguous =
                frac.len() == 3 && (1..=3).contains(&int.len()) && !int.starts_with('0');
            if ambiguous {
                Vote::None
            } else if sep == ',' {
                styled(true, Vote::Comma)
            } else {
                styled(false, Vote::Point)
            }
        }
        // Several separators of one kind are thousands groups: "1.234.567" is German.
        (_, 0) => styled(false, Vote::Point),
        _ => styled(true, Vote::Comma),
    }
}

/// The votes of one column's cells: (decimal comma, decimal point).
pub(super) fn column_votes<'a>(cells: impl IntoIterator<Item = &'a Cell>) -> (usize, usize) {
    let mut comma = 0;
    let mut point = 0;
    for cell in cells {
        if let Cell::Text(t) = cell {
            match vote(t) {
                Vote::Comma => comma += 1,
                Vote::Point => point += 1,
                Vote::None => {}
            }
        }
    }
    (comma, point)
}

/// Units a number may carry after it ("4,7 %", "12,5 km²"); the number is read as written.
pub(super) const UNITS: [&str; 20] = [
    "%", "‰", "€", "EUR", "Euro", "km", "km²", "m", "m²", "qm", "ha", "Jahre", "Pers.", "Personen",
    "Einw.", "EW", "Tage", "Std.", "min", "kg",
];

/// A number and one of the [`UNITS`] after it: "4,7 %" → ("4,7", "%"). Anything else after
/// the last digit ("3a", "12 Stück") is no unit.
pub(super) fn split_unit(text: &str) -> Option<(&str, &'static str)> {
    let t = text.trim();
    let end = t
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_ascii_digit())
        .map(|(i, c)| i + c.len_utf8())?;
    let unit = t[end..].trim();
    if unit.is_empty() {
        return None;
    }
    let known = UNITS.iter().find(|u| **u == unit)?;
    Some((t[..end].trim_end(), known))
}

/// Let the numeric-looking text cells of non-key columns vote. `tie_is_comma` decides ties.
pub(super) fn decide_decimal_comma(
    header: &[String],
    rows: &[Vec<Cell>],
    tie_is_comma: bool,
) -> bool {
    let mut comma = 0usize;
    let mut point = 0usize;
    for (j, name) in header.iter().enumerate() {
        if looks_like_identifier_name(&clean_name(name)) {
            continue;
        }
        for row in rows {
            if let Some(Cell::Text(t)) = row.get(j) {
                match vote(t) {
                    Vote::Comma => comma += 1,
                    Vote::Point => point += 1,
                    Vote::None => {}
                }
            }
        }
    }
    if tie_is_comma {
        comma >= point
    } else {
        comma > point
    }
}

/// Parse a number written in a file's style: with `decimal_comma`, "1.234,5" and "12,5" (a dot
/// or a space groups thousands); without, "1,234.5" and "12.5" (a comma, a space or an
/// apostrophe groups thousands). Thousands groups must be well-formed ("1.2.3" is no number).
/// A sign, a leading "−" and an exponent ("4e3") are accepted; "NaN", "inf", "12 %" are not.
pub fn parse_number_styled(text: &str, decimal_comma: bool) -> Option<f64> {
    let s = text.trim();
    let (negative, s) = match s.chars().next()? {
        '-' | '−' => (true, &s[s.chars().next()?.len_utf8()..]),
        '+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (decimal, groupers): (char, &[char]) = if decimal_comma {
        (',', &['.', ' ', '\u{a0}', '\u{202f}'])
    } else {
        ('.', &[',', ' ', '\u{a0}', '\u{202f}', '\''])
    };
    let (int, frac) = match mantissa.split_once(decimal) {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let all_digits = |x: &str| x.chars().all(|c| c.is_ascii_digit());
    if let Some(f) = frac
        && (f.is_empty() || !all_digits(f))
    {
        return None;
    }
    let int_digits: String = if all_digits(int) {
        int.to_owned()
    } else {
        let grouper = int.chars().find(|c| !c.is_ascii_digit())?;
        if !groupers.contains(&grouper) {
            return None;
        }
        let groups: Vec<&str> = int.split(grouper).collect();
        let first = groups.first()?;
        let well_formed = (1..=3).contains(&first.len())
            && !first.starts_with('0')
            && all_digits(first)
            && groups[1..].iter().all(|g| g.len() == 3 && all_digits(g));
        if !well_formed {
            return None;
        }
        groups.concat()
    };
    if int_digits.is_empty() && frac.is_none() {
        return None;
    }
    let mut normalised = String::with_capacity(s.len() + 2);
    if negative {
        normalised.push('-');
    }
    normalised.push_str(if int_digits.is_empty() {
        "0"
    } else {
        &int_digits
    });
    if let Some(f) = frac {
        normalised.push('.');
        normalised.push_str(f);
    }
    if let Some(e) = exponent {
        let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
        if digits.is_empty() || !all_digits(digits) {
            return None;
        }
        normalised.push('e');
        normalised.push_str(e);
    }
    normalised.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Whether a cell text is one of the [`MISSING_MARKERS`].
pub fn is_missing_marker(text: &str) -> bool {
    let t = text.trim();
    MISSING_MARKERS.iter().any(|m| m.eq_ignore_ascii_case(t))
}

/// Digits with a leading zero ("01100101", "0612"): a code, not a number.
pub(super) fn has_leading_zero(text: &str) -> bool {
    let mut chars = text.trim().chars();
    chars.next() == Some('0') && chars.next().is_some_and(|c| c.is_ascii_digit())
}

/// A number as a key or code is written: 14.0 → "14", 14.5 → "14.5".
pub(crate) fn plain_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}
