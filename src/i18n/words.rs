//! The words and numbers of one language, for the window and for exported pages alike. German
//! writes "1.234,5", „Zitat“, "1 Gebiet / 2 Gebiete", "50,11° N, 8,68° O" and "21.11.2026";
//! English "1,234.5", “quote”, "1 area / 2 areas", "50.11° N, 8.68° E" and "21 November 2026".
//! One helper per concept — numbers, counts, shares, distances, coordinates, units, sources,
//! dates, and reading a number typed in the reader's format — so that no screen or page formats
//! a number or a plural by hand. (English screens and pages give the required "fiktive
//! Beispieldaten" label in brackets after its translation.)

use crate::model::Value;
use crate::model::value::{format_fixed, format_number};

/// The language of a screen or a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Words {
    pub english: bool,
}

/// A noun with its singular and plural in both languages, for counts: "1 Gebiet", "2 Gebiete".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Noun {
    pub de: (&'static str, &'static str),
    pub en: (&'static str, &'static str),
}

impl Noun {
    pub const AREA: Noun = Noun::new(("Gebiet", "Gebiete"), ("area", "areas"));
    pub const FEATURE: Noun = Noun::new(("Objekt", "Objekte"), ("feature", "features"));
    pub const NOTE: Noun = Noun::new(("Hinweis", "Hinweise"), ("note", "notes"));
    pub const ROW: Noun = Noun::new(("Zeile", "Zeilen"), ("row", "rows"));
    pub const COLUMN: Noun = Noun::new(("Spalte", "Spalten"), ("column", "columns"));
    pub const PIN: Noun = Noun::new(("Pin", "Pins"), ("pin", "pins"));
    pub const WORKSHOP_NOTE: Noun = Noun::new(("Notiz", "Notizen"), ("note", "notes"));
    pub const TILE: Noun = Noun::new(("Kachel", "Kacheln"), ("tile", "tiles"));
    pub const OFFICE: Noun = Noun::new(("Büro", "Büros"), ("office", "offices"));
    pub const FACILITY: Noun =
        Noun::new(("Einrichtung", "Einrichtungen"), ("facility", "facilities"));

    pub const fn new(de: (&'static str, &'static str), en: (&'static str, &'static str)) -> Self {
        Self { de, en }
    }
}

/// Units of counted things: the label says what is counted, so the value goes without it.
const COUNT_UNITS: [&str; 3] = ["Personen", "Haushalte", "Anzahl"];

/// Units of the indicator metadata and their English names.
const UNITS: [(&str, &str); 11] = [
    ("Personen", "persons"),
    ("Person", "person"),
    ("Haushalte", "households"),
    ("Einrichtungen", "facilities"),
    ("Anzahl", "count"),
    ("Fälle", "cases"),
    ("Kinder", "children"),
    ("Wohnungen", "dwellings"),
    ("EW", "residents"),
    ("m² je EW", "m² per resident"),
    ("je 1.000 EW", "per 1,000 residents"),
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Words {
    pub fn new(english: bool) -> Self {
        Self { english }
    }

    /// One of two texts by language.
    pub fn pick<'a>(self, de: &'a str, en: &'a str) -> &'a str {
        if self.english { en } else { de }
    }

    /// A number with a fixed number of decimals: "13,6" / "13.6", "1.234" / "1,234".
    pub fn fixed(self, v: f64, decimals: usize) -> String {
        if !v.is_finite() {
            return self.no_data().to_owned();
        }
        format_fixed(v, decimals, self.english)
    }

    /// A number with up to two decimals, trailing zeros cut: "2,5" / "2.5", "143.000".
    pub fn number(self, v: f64) -> String {
        if !v.is_finite() {
            return self.no_data().to_owned();
        }
        format_number(v, self.english)
    }

    /// An attribute value as shown: numbers in this language's format, "ja"/"yes", "keine
    /// Angabe"/"no data"; texts as they are.
    pub fn value(self, v: &Value) -> String {
        match v {
            Value::Null => self.no_data().to_owned(),
            Value::Bool(b) => self
                .pick(
                    if *b { "ja" } else { "nein" },
                    if *b { "yes" } else { "no" },
                )
                .to_owned(),
            Value::Number(n) => self.number(*n),
            Value::Text(t) => t.clone(),
        }
    }

    /// A signed number with a real minus sign and a plus for positive values: "−1,25",
    /// "+0,50", "0,00".
    pub fn signed(self, v: f64, decimals: usize) -> String {
        let s = self.fixed(v.abs(), decimals);
        let nonzero = s.chars().any(|c| c.is_ascii_digit() && c != '0');
        match (v < 0.0, v > 0.0, nonzero) {
            (true, _, true) => format!("−{s}"),
            (_, true, true) => format!("+{s}"),
            _ => s,
        }
    }

    /// A count with its noun in singular or plural: "1 Gebiet", "2 Gebiete", "1.234 Gebiete".
    pub fn count(self, n: usize, one: &str, many: &str) -> String {
        let noun = if n == 1 { one } else { many };
        format!("{} {noun}", self.number(n as f64))
    }

    /// A count of a known noun: "1 Gebiet" / "0 areas".
    pub fn count_of(self, n: usize, noun: Noun) -> String {
        let (one, many) = if self.english { noun.en } else { noun.de };
        self.count(n, one, many)
    }

    /// The noun alone in the form a count of `n` takes: "Gebiet" / "Gebiete".
    pub fn noun(self, n: usize, noun: Noun) -> &'static str {
        let (one, many) = if self.english { noun.en } else { noun.de };
        if n == 1 { one } else { many }
    }

    /// A share (0–1) as a percentage with one decimal: "13,6 %" / "13.6 %". Say of what next
    /// to it ("13,6 % der Einwohner:innen …").
    pub fn percent(self, share: f64) -> String {
        format!("{} %", self.fixed(share * 100.0, 1))
    }

    /// A share of a whole, saying of what: "13,6 % der Einwohner:innen" / "13.6 % of
    /// residents" (`of` gives the whole in German genitive and in English).
    pub fn share_of(self, share: f64, of: (&str, &str)) -> String {
        let (de, en) = of;
        if self.english {
            format!("{} of {en}", self.percent(share))
        } else {
            format!("{} der {de}", self.percent(share))
        }
    }

    /// A text in the language's quotation marks: „…“ or “…”.
    pub fn quoted(self, s: &str) -> String {
        if self.english {
            format!("\u{201c}{s}\u{201d}")
        } else {
            format!("\u{201e}{s}\u{201c}")
        }
    }

    /// A distance on the ground: "500 m", "2,5 km" / "2.5 km".
    pub fn distance(self, metres: f64) -> String {
        if metres >= 1000.0 {
            format!("{} km", self.number(metres / 1000.0))
        } else {
            format!("{} m", self.fixed(metres, 0))
        }
    }

    /// A distance in whole metres: "3.025 m" / "3,025 m".
    pub fn metres(self, metres: f64) -> String {
        format!("{} m", self.fixed(metres, 0))
    }

    /// A position: "50,11234° N, 8,68123° O" / "50.11234° N, 8.68123° E".
    pub fn coordinates(self, lon: f64, lat: f64, decimals: usize) -> String {
        let ns = if lat < 0.0 { "S" } else { "N" };
        let ew = match (lon < 0.0, self.english) {
            (true, _) => "W",
            (false, true) => "E",
            (false, false) => "O",
        };
        format!(
            "{}° {ns}, {}° {ew}",
            self.fixed(lat.abs(), decimals),
            self.fixed(lon.abs(), decimals)
        )
    }

    /// The map scale "1 : 143.000" / "1 : 143,000", rounded to thousands above 10,000.
    pub fn scale(self, denominator: f64) -> String {
        let n = if denominator >= 10_000.0 {
            (denominator / 1000.0).round() * 1000.0
        } else {
            (denominator / 100.0).round() * 100.0
        };
        format!("1 : {}", self.fixed(n, 0))
    }

    /// A unit of the indicator metadata in this language ("Personen" → "persons", "m² je EW"
    /// → "m² per resident"); German units are the metadata's own.
    pub fn unit(self, unit: &str) -> String {
        if !self.english {
            return unit.to_owned();
        }
        let u = unit.trim();
        match UNITS.iter().find(|(de, _)| *de == u) {
            Some((_, en)) => (*en).to_owned(),
            None => u.replace(" je ", " per ").replace("EW", "residents"),
        }
    }

    /// A formatted value with its unit: "13,6 %", "41,2 m² je EW"; counts of persons,
    /// households or things go without ("1.234").
    pub fn with_unit(self, number: &str, unit: &str) -> String {
        let u = unit.trim();
        if u.is_empty() || COUNT_UNITS.contains(&u) {
            number.to_owned()
        } else {
            format!("{number} {}", self.unit(u))
        }
    }

    /// A source named in the data in this language (the sample's "fiktive Beispieldaten"
    /// becomes "fictitious sample data"; names of offices stay as they are).
    pub fn source(self, source: &str) -> String {
        match (self.english, source.trim()) {
            (true, "fiktive Beispieldaten") => "fictitious sample data".to_owned(),
            (true, "berechnet (Sozialatlas)") => "computed (Sozialatlas)".to_owned(),
            (_, s) => s.to_owned(),
        }
    }

    /// A calendar date: "21.11.2026" / "21 November 2026".
    pub fn date(self, year: i64, month: u32, day: u32) -> String {
        if self.english {
            let name = MONTHS.get(month as usize - 1).copied().unwrap_or("");
            format!("{day} {name} {year}")
        } else {
            format!("{day:02}.{month:02}.{year}")
        }
    }

    /// An ISO date "2026-11-21" in this language; anything else as it is.
    pub fn date_iso(self, iso: &str) -> String {
        let mut parts = iso.trim().splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return iso.to_owned();
        };
        match (y.parse(), m.parse(), d.parse()) {
            (Ok(y), Ok(m @ 1..=12), Ok(d @ 1..=31)) => self.date(y, m, d),
            _ => iso.to_owned(),
        }
    }

    /// A number as typed by a reader of this language: German "1,5", "1.234,5", English
    /// "1.5", "1,234.5". The other language's decimal separator is taken too when the text
    /// cannot be a grouped number ("1.5" on a German screen is 1.5, "1.500" is 1500).
    pub fn parse(self, text: &str) -> Option<f64> {
        let s: String = text.trim().replace(['\u{2212}', '–'], "-").replace(' ', "");
        let (decimal, group) = if self.english { ('.', ',') } else { (',', '.') };
        let plain = if s.contains(decimal) {
            s.replace(group, "").replace(decimal, ".")
        } else if is_grouped(&s, group) {
            s.replace(group, "")
        } else {
            s.replace(group, ".")
        };
        let ok = !plain.is_empty()
            && plain
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
        ok.then(|| plain.parse::<f64>().ok())
            .flatten()
            .filter(|v| v.is_finite())
    }

    pub fn no_data(self) -> &'static str {
        self.pick("keine Angabe", "no data")
    }

    pub fn suppressed(self) -> &'static str {
        self.pick("unterdrückt", "suppressed")
    }

    /// The label every screen and page with invented values carries.
    pub fn fictitious(self) -> &'static str {
        self.pick(
            "fiktive Beispieldaten",
            "fictitious sample data (fiktive Beispieldaten)",
        )
    }

    pub fn sources(self) -> &'static str {
        self.pick("Quellen", "Sources")
    }

    pub fn method(self) -> &'static str {
        self.pick("Methode", "Method")
    }

    /// The caption of the overview map on a Steckbrief.
    pub fn location(self) -> &'static str {
        self.pick("Lage im Stadtgebiet", "Location in the city")
    }

    /// The last line of a section that did not fit on the page.
    pub fn shortened(self) -> &'static str {
        self.pick("… (gekürzt)", "… (shortened)")
    }
}

/// "1.234.567" with `group` = '.': digits in groups of three after the first.
fn is_grouped(s: &str, group: char) -> bool {
    let s = s.trim_start_matches(['-', '+']);
    let mut parts = s.split(group);
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    !rest.is_empty()
        && (1..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_digit())
        && rest
            .iter()
            .all(|p| p.len() == 3 && p.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests;
