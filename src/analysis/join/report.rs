//! The wording of a [`JoinReport`] in German and English: the one-line summary of the message
//! bar ("123 von 123 Gebieten verknüpft; 1 Tabellenzeile ohne Gebiet: Frankfurt gesamt") and
//! the full report of the window, which lists every entry. The CLI prints the German.

use super::JoinReport;
use crate::i18n::{Noun, Words};

/// How many list entries a one-line summary shows before "… und N weitere".
const SUMMARY_LIST: usize = 5;

/// How an area without a key is named in the report's lists (see `JoinReport`).
const WITHOUT_KEY_DE: &str = " (ohne Schlüssel)";
const WITHOUT_KEY_EN: &str = " (no key)";

impl JoinReport {
    /// One line, lists cut after five entries.
    pub fn summary(&self, english: bool) -> String {
        let w = Words::new(english);
        let rows = |n| {
            w.count(
                n,
                w.pick("Tabellenzeile", "table row"),
                w.pick("Tabellenzeilen", "table rows"),
            )
        };
        let mut parts = vec![self.matched_line(w)];
        if !self.rows_without_area.is_empty() {
            parts.push(format!(
                "{} {}: {}",
                rows(self.rows_without_area.len()),
                w.pick("ohne Gebiet", "without an area"),
                short_list(&self.rows_without_area, w)
            ));
        }
        if !self.areas_without_data.is_empty() {
            parts.push(format!(
                "{} {}: {}",
                w.count_of(self.areas_without_data.len(), Noun::AREA),
                w.pick("ohne Daten", "without data"),
                short_list(&self.areas_without_data, w)
            ));
        }
        if !self.duplicate_keys.is_empty() {
            let n = self.duplicate_keys.len();
            parts.push(format!(
                "{} {}: {}",
                w.count(
                    n,
                    w.pick("doppelter Schlüssel", "duplicate key"),
                    w.pick("doppelte Schlüssel", "duplicate keys")
                ),
                w.pick("(erste Zeile verwendet)", "(first row used)"),
                short_list(&self.duplicate_keys, w)
            ));
        }
        if !self.duplicate_area_keys.is_empty() {
            let n = self.duplicate_area_keys.len();
            parts.push(format!(
                "{} {}: {}",
                w.count(
                    n,
                    w.pick("doppelter Gebietsschlüssel", "duplicate area key"),
                    w.pick("doppelte Gebietsschlüssel", "duplicate area keys")
                ),
                w.pick(
                    "in der Ebene (diese Gebiete erhalten dieselbe Zeile)",
                    "in the layer (these areas get the same row)"
                ),
                short_list(&self.duplicate_area_keys, w)
            ));
        }
        if self.empty_keys > 0 {
            parts.push(format!(
                "{} {}",
                rows(self.empty_keys),
                w.pick("ohne Schlüssel", "without a key")
            ));
        }
        if self.case_insensitive {
            parts.push(
                w.pick(
                    "Groß-/Kleinschreibung der Schlüssel ignoriert",
                    "upper and lower case of the keys ignored",
                )
                .to_owned(),
            );
        }
        parts.join("; ")
    }

    /// The German line (the CLI's).
    pub fn summary_de(&self) -> String {
        self.summary(false)
    }

    /// The full German report (the CLI's).
    pub fn to_text_de(&self) -> String {
        self.to_text(false)
    }

    /// The full report, one entry per line, nothing shortened.
    pub fn to_text(&self, english: bool) -> String {
        let w = Words::new(english);
        let mut out = if english {
            format!(
                "Table {} joined on {} (layer) = {} (table)\n{}.\n",
                w.quoted(&self.table),
                w.quoted(&self.left_key),
                w.quoted(&self.right_key),
                self.matched_line(w)
            )
        } else {
            format!(
                "Tabelle {} verknüpft über {} (Ebene) = {} (Tabelle)\n{}.\n",
                w.quoted(&self.table),
                w.quoted(&self.left_key),
                w.quoted(&self.right_key),
                self.matched_line(w)
            )
        };
        if self.case_insensitive {
            out.push_str(w.pick(
                "Die Schlüssel passten nur ohne Beachtung der Groß-/Kleinschreibung und wurden \
                 so verglichen.\n",
                "The keys matched only when upper and lower case were ignored, and were \
                 compared so.\n",
            ));
        }
        let mut section = |title: &str, items: &[String]| {
            if items.is_empty() {
                return;
            }
            out.push_str(&format!("{title} ({}):\n", w.number(items.len() as f64)));
            for item in items {
                out.push_str("  ");
                out.push_str(&entry(item, w));
                out.push('\n');
            }
        };
        section(
            w.pick("Tabellenzeilen ohne Gebiet", "Table rows without an area"),
            &self.rows_without_area,
        );
        section(
            w.pick("Gebiete ohne Daten", "Areas without data"),
            &self.areas_without_data,
        );
        section(
            w.pick(
                "Doppelte Schlüssel in der Tabelle, jeweils erste Zeile verwendet",
                "Duplicate keys in the table, first row used each time",
            ),
            &self.duplicate_keys,
        );
        section(
            w.pick(
                "Doppelte Schlüssel in der Ebene, diese Gebiete erhalten dieselbe Zeile",
                "Duplicate keys in the layer, these areas get the same row",
            ),
            &self.duplicate_area_keys,
        );
        if self.empty_keys > 0 {
            out.push_str(&format!(
                "{} {}\n",
                w.count(
                    self.empty_keys,
                    w.pick("Tabellenzeile", "table row"),
                    w.pick("Tabellenzeilen", "table rows")
                ),
                w.pick(
                    "ohne Schlüssel (nicht verwendet).",
                    "without a key (not used)."
                )
            ));
        }
        out
    }

    fn matched_line(&self, w: Words) -> String {
        let total = self.areas();
        if w.english {
            format!(
                "{} of {} joined",
                w.number(self.matched as f64),
                w.count_of(total, Noun::AREA)
            )
        } else {
            format!(
                "{} von {} {} verknüpft",
                w.number(self.matched as f64),
                w.number(total as f64),
                if total == 1 { "Gebiet" } else { "Gebieten" }
            )
        }
    }
}

/// A list entry in the reader's language (an area without a key is named so).
fn entry(item: &str, w: Words) -> String {
    match item.strip_suffix(WITHOUT_KEY_DE) {
        Some(name) if w.english => format!("{name}{WITHOUT_KEY_EN}"),
        _ => item.to_owned(),
    }
}

/// "a, b, c, d, e … und 17 weitere".
fn short_list(items: &[String], w: Words) -> String {
    let head = items
        .iter()
        .take(SUMMARY_LIST)
        .map(|i| entry(i, w))
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > SUMMARY_LIST {
        let more = w.number((items.len() - SUMMARY_LIST) as f64);
        format!(
            "{head} … {} {more} {}",
            w.pick("und", "and"),
            w.pick("weitere", "more")
        )
    } else {
        head
    }
}

impl crate::analysis::join::JoinError {
    /// The message in English (its `Display` is German, for the CLI).
    pub fn english(&self) -> String {
        use crate::analysis::join::JoinError as E;
        match self {
            E::UnknownField {
                field,
                layer,
                available,
            } => format!("The layer “{layer}” has no field “{field}” (available: {available})"),
            E::UnknownColumn {
                column,
                table,
                available,
            } => format!("The table “{table}” has no column “{column}” (available: {available})"),
            E::NoMatch {
                left_key,
                right_key,
                table,
                left_example,
                right_example,
            } => format!(
                "No key matches: “{left_key}” of the layer (e.g. “{left_example}”) and \
                 “{right_key}” of the table “{table}” (e.g. “{right_example}”) share no value, \
                 not even when upper and lower case are ignored"
            ),
        }
    }

    /// The message in both languages.
    pub fn bilingual(&self) -> crate::i18n::Bilingual {
        crate::i18n::Bilingual::new(self.to_string(), self.english())
    }
}
