//! The words and numbers of an exported page in its language. German pages write "1.234,5",
//! „Zitat“ and "1 Gebiet / 2 Gebiete"; English pages "1,234.5", “quote” and "1 area /
//! 2 areas". Every fixed word a page layout prints itself comes from here, so an English page
//! carries no German (apart from the required "fiktive Beispieldaten" label, which English
//! pages give in brackets after its translation, as the window does).

use crate::model::value::{format_fixed_de, format_number_de};

/// The language of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Words {
    pub english: bool,
}

/// A German number ("1.234,5") in English notation ("1,234.5").
pub fn english_number(german: &str) -> String {
    german
        .chars()
        .map(|c| match c {
            '.' => ',',
            ',' => '.',
            c => c,
        })
        .collect()
}

impl Words {
    pub fn new(english: bool) -> Self {
        Self { english }
    }

    /// One of two texts by language.
    pub fn pick<'a>(self, de: &'a str, en: &'a str) -> &'a str {
        if self.english { en } else { de }
    }

    fn localise(self, german: String) -> String {
        if self.english {
            english_number(&german)
        } else {
            german
        }
    }

    /// A number with a fixed number of decimals: "13,6" / "13.6", "1.234" / "1,234".
    pub fn fixed(self, v: f64, decimals: usize) -> String {
        if !v.is_finite() {
            return self.no_data().to_owned();
        }
        self.localise(format_fixed_de(v, decimals))
    }

    /// A number with up to two decimals, trailing zeros cut: "2,5" / "2.5", "143.000".
    pub fn number(self, v: f64) -> String {
        if !v.is_finite() {
            return self.no_data().to_owned();
        }
        self.localise(format_number_de(v))
    }

    /// A count with its noun in singular or plural: "1 Gebiet", "2 Gebiete", "1.234 Gebiete".
    pub fn count(self, n: usize, one: &str, many: &str) -> String {
        let noun = if n == 1 { one } else { many };
        format!("{} {noun}", self.number(n as f64))
    }

    /// A share (0–1) as a percentage with one decimal: "13,6 %" / "13.6 %".
    pub fn percent(self, share: f64) -> String {
        format!("{} %", self.fixed(share * 100.0, 1))
    }

    /// A text in the page's quotation marks: „…“ or “…”.
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

    /// The map scale "1 : 143.000" / "1 : 143,000", rounded to thousands above 10,000.
    pub fn scale(self, denominator: f64) -> String {
        let n = if denominator >= 10_000.0 {
            (denominator / 1000.0).round() * 1000.0
        } else {
            (denominator / 100.0).round() * 100.0
        };
        format!("1 : {}", self.fixed(n, 0))
    }

    pub fn no_data(self) -> &'static str {
        self.pick("keine Angabe", "no data")
    }

    pub fn suppressed(self) -> &'static str {
        self.pick("unterdrückt", "suppressed")
    }

    /// The label every page with invented values carries.
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

#[cfg(test)]
mod tests {
    use super::*;

    const DE: Words = Words { english: false };
    const EN: Words = Words { english: true };

    #[test]
    fn numbers_follow_the_page_language() {
        assert_eq!(DE.fixed(1234.5, 1), "1.234,5");
        assert_eq!(EN.fixed(1234.5, 1), "1,234.5");
        assert_eq!(EN.fixed(-0.25, 2), "-0.25");
        assert_eq!(DE.number(143_000.0), "143.000");
        assert_eq!(EN.number(2.5), "2.5");
        assert_eq!(EN.fixed(f64::NAN, 1), "no data");
        assert_eq!(DE.percent(0.1364), "13,6 %");
        assert_eq!(EN.percent(0.1364), "13.6 %");
    }

    #[test]
    fn counts_take_singular_or_plural() {
        assert_eq!(DE.count(1, "Gebiet", "Gebiete"), "1 Gebiet");
        assert_eq!(DE.count(2, "Gebiet", "Gebiete"), "2 Gebiete");
        assert_eq!(DE.count(0, "Gebiet", "Gebiete"), "0 Gebiete");
        assert_eq!(EN.count(1, "area", "areas"), "1 area");
        assert_eq!(EN.count(1234, "area", "areas"), "1,234 areas");
    }

    #[test]
    fn quotes_distances_and_scales_in_both_languages() {
        assert_eq!(DE.quoted("Nied"), "„Nied“");
        assert_eq!(EN.quoted("Nied"), "“Nied”");
        assert_eq!(DE.distance(2500.0), "2,5 km");
        assert_eq!(EN.distance(2500.0), "2.5 km");
        assert_eq!(DE.distance(500.0), "500 m");
        assert_eq!(DE.metres(3025.4), "3.025 m");
        assert_eq!(EN.metres(3025.4), "3,025 m");
        assert_eq!(DE.scale(143_214.0), "1 : 143.000");
        assert_eq!(EN.scale(143_714.0), "1 : 144,000");
        assert_eq!(EN.scale(8_249.0), "1 : 8,200");
    }
}
