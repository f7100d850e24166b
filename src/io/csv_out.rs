//! Writing CSV that is safe to open in a spreadsheet. Names in the tables we write come from
//! files a planner received (area names, office names, pin comments typed in a workshop); a
//! cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel and
//! LibreOffice as a formula ("CSV injection"). As OWASP recommends, such a cell gets a leading
//! apostrophe, which spreadsheets show as text and do not evaluate. Numbers stay numbers: a cell
//! that is a plain number ("-12,5", "-3.2e4") is written unchanged. Every CSV the application
//! writes goes through [`CsvOut`], and the two dialects a planner can choose (delimiter, decimal
//! mark, byte order mark) are defined here as [`CsvDialect`] — no other module decides them.
//! This module only turns cells into text; it knows nothing about what a table means.

use std::borrow::Cow;
use std::str::FromStr;

/// The CSV dialects of the tables the application writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvDialect {
    /// Comma-separated, decimal point (RFC 4180).
    #[default]
    Standard,
    /// Semicolon-separated, decimal comma, UTF-8 with BOM (opens correctly in German Excel).
    German,
}

impl CsvDialect {
    /// A CSV writer in this dialect (every cell safe to open in a spreadsheet).
    pub fn writer(self) -> CsvOut {
        match self {
            CsvDialect::Standard => CsvOut::new(b',', false),
            CsvDialect::German => CsvOut::german(),
        }
    }

    /// A number written with a decimal point, in this dialect's decimal mark.
    pub fn decimal(self, number: String) -> String {
        match self {
            CsvDialect::Standard => number,
            CsvDialect::German => number.replace('.', ","),
        }
    }
}

/// The dialect named on the command line (`standard`, `de` and a few synonyms).
impl FromStr for CsvDialect {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "standard" | "en" | "rfc" | "comma" => Ok(CsvDialect::Standard),
            "de" | "german" | "deutsch" | "excel" => Ok(CsvDialect::German),
            _ => Err("erlaubt: standard oder de".to_owned()),
        }
    }
}

/// Characters that make a spreadsheet read a cell as a formula when they come first (with the
/// full-width forms that some spreadsheet locales also accept).
const FORMULA_STARTS: &[char] = &[
    '=', '+', '-', '@', '\t', '\r', '\n', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

/// A plain decimal number with an optional sign, one decimal point or comma and an exponent.
fn is_plain_number(cell: &str) -> bool {
    let body = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mut digits = 0;
    let mut separators = 0;
    for c in mantissa.chars() {
        match c {
            '0'..='9' => digits += 1,
            '.' | ',' => separators += 1,
            _ => return false,
        }
    }
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && e.chars().all(|c| c.is_ascii_digit())
    });
    digits > 0 && separators <= 1 && exponent_ok
}

/// The cell as it is safe to write: unchanged, or with a leading apostrophe when a spreadsheet
/// would take it for a formula.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(c) if FORMULA_STARTS.contains(&c) && !is_plain_number(cell) => {
            Cow::Owned(format!("'{cell}"))
        }
        _ => Cow::Borrowed(cell),
    }
}

/// A CSV text being written: CRLF line ends, the given delimiter, every cell neutralised, and
/// optionally a UTF-8 byte order mark (Excel needs it to read umlauts).
pub struct CsvOut {
    writer: csv::Writer<Vec<u8>>,
    bom: bool,
}

impl CsvOut {
    pub fn new(delimiter: u8, bom: bool) -> Self {
        Self {
            writer: csv::WriterBuilder::new()
                .delimiter(delimiter)
                .terminator(csv::Terminator::CRLF)
                .from_writer(Vec::new()),
            bom,
        }
    }

    /// The German spreadsheet dialect: `;`, with a byte order mark.
    pub fn german() -> Self {
        Self::new(b';', true)
    }

    pub fn row<I, S>(&mut self, cells: I) -> Result<(), csv::Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cells: Vec<String> = cells
            .into_iter()
            .map(|c| neutralise(c.as_ref()).into_owned())
            .collect();
        self.writer.write_record(&cells)
    }

    pub fn finish(self) -> Result<String, csv::Error> {
        let bytes = self.writer.into_inner().map_err(|e| e.into_error())?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        Ok(if self.bom {
            format!("\u{feff}{text}")
        } else {
            text
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_get_an_apostrophe_and_numbers_stay_numbers() {
        for (cell, safe) in [
            (
                "=HYPERLINK(\"http://x\";\"klick\")",
                "'=HYPERLINK(\"http://x\";\"klick\")",
            ),
            ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("\u{FF1D}1+1", "'\u{FF1D}1+1"),
            ("-", "'-"),
            ("-12", "-12"),
            ("-12,5", "-12,5"),
            ("-3.25e-4", "-3.25e-4"),
            ("+4", "+4"),
            ("Gallus", "Gallus"),
            ("a=b", "a=b"),
            ("", ""),
            ("1.234,5", "1.234,5"),
        ] {
            assert_eq!(neutralise(cell), safe, "{cell:?}");
        }
    }

    #[test]
    fn dialects_are_named_as_on_the_command_line_and_set_the_decimal_mark() {
        assert_eq!("de".parse(), Ok(CsvDialect::German));
        assert_eq!(" Excel ".parse(), Ok(CsvDialect::German));
        assert_eq!("standard".parse(), Ok(CsvDialect::Standard));
        assert!("semikolon".parse::<CsvDialect>().is_err());
        assert_eq!(CsvDialect::German.decimal("-1.5".to_owned()), "-1,5");
        assert_eq!(CsvDialect::Standard.decimal("-1.5".to_owned()), "-1.5");
    }

    #[test]
    fn the_writer_neutralises_every_cell_and_quotes_as_needed() {
        let mut out = CsvOut::german();
        out.row(["Name", "=Wert"]).expect("row");
        out.row(["Bornheim; Ost", "-1,5"]).expect("row");
        out.row(["=1+1", "@x"]).expect("row");
        let text = out.finish().expect("text");
        assert_eq!(
            text,
            "\u{feff}Name;'=Wert\r\n\"Bornheim; Ost\";-1,5\r\n'=1+1;'@x\r\n"
        );
    }
}
