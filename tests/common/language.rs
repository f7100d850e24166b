//! What the language sweep looks for: every text the window exposes (AccessKit labels, values,
//! descriptions, placeholders), the texts that come from the data (names, attribute values,
//! sources) and so stay as they are, and the checks that find the other language's words,
//! number format, quotation marks and wrong plurals in the rest.

use std::collections::BTreeSet;

use egui_kittest::Harness;
use egui_kittest::kittest::NodeT;
use sozialatlas::app::SozialatlasApp;
use sozialatlas::model::{Layer, Value};

/// The label the sample's invented data carries everywhere; English screens give it in
/// brackets after its translation, so that the German label required on every screen stays.
pub const FICTITIOUS_BRACKETED: &str = "(fiktive Beispieldaten)";
const FICTITIOUS: &str = "fiktive Beispieldaten";

/// Every text of the window as it is now.
pub fn texts_on_screen(h: &Harness<'static, SozialatlasApp>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for node in h.root().children_recursive() {
        let n = node.accesskit_node();
        // A wrapped label's lines are text runs under it; the label holds the whole text.
        if n.role() == egui::accesskit::Role::TextRun {
            continue;
        }
        let texts = [
            n.label(),
            n.value(),
            n.description(),
            n.placeholder().map(str::to_owned),
        ];
        for t in texts.into_iter().flatten() {
            if !t.trim().is_empty() {
                out.insert(t);
            }
        }
    }
    out
}

/// Texts that come from the data and are shown as they are: area and facility names, every
/// text attribute (Stadtteil, operator, type, source …), file paths and table names — but not
/// the "fiktive Beispieldaten" label, which the window translates.
pub fn data_texts(app: &SozialatlasApp) -> Vec<String> {
    let mut out: BTreeSet<String> = BTreeSet::new();
    let s = &app.state;
    for entry in s.layers() {
        out.insert(entry.report.path.clone());
        for f in 0..entry.layer.len() {
            out.insert(entry.layer.feature_title(f));
            for v in entry.layer.values(f).unwrap_or(&[]) {
                if let Value::Text(t) = v {
                    out.insert(t.clone());
                }
            }
        }
        if let Layer::Areas(_) = entry.layer {
            for e in &entry.editions {
                out.insert(e.table_name.clone());
                out.insert(e.path.display().to_string());
                for row in &e.values {
                    for v in row {
                        if let Value::Text(t) = v {
                            out.insert(t.clone());
                        }
                    }
                }
            }
        }
    }
    let mut list: Vec<String> = out
        .into_iter()
        .filter(|t| t.chars().count() >= 3 && t != FICTITIOUS)
        .collect();
    // Longest first, so that a name is removed before a shorter name inside it.
    list.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    list
}

/// A screen text without the data texts in it.
pub fn without_data(text: &str, data: &[String]) -> String {
    let mut t = text.to_owned();
    for d in data {
        if t.contains(d.as_str()) {
            t = t.replace(d.as_str(), " ");
        }
    }
    t
}

/// German words that must not stand on an English screen (whole words, case-sensitive).
const GERMAN_WORDS: [&str; 78] = [
    "und",
    "der",
    "die",
    "das",
    "den",
    "dem",
    "des",
    "mit",
    "von",
    "nach",
    "nicht",
    "kein",
    "keine",
    "ist",
    "sind",
    "oder",
    "bei",
    "für",
    "auf",
    "aus",
    "zum",
    "zur",
    "je",
    "bis",
    "über",
    "unter",
    "Gebiet",
    "Gebiete",
    "Gebieten",
    "Einwohner",
    "innen",
    "Stand",
    "Haushalte",
    "Personen",
    "übersprungen",
    "geladen",
    "Ladebericht",
    "Objekt",
    "Objekte",
    "Hinweis",
    "Hinweise",
    "Datei",
    "Fläche",
    "Flächen",
    "Ebene",
    "Ebenen",
    "unterdrückt",
    "Quelle",
    "Quellen",
    "Einrichtung",
    "Einrichtungen",
    "Büro",
    "Büros",
    "Abstand",
    "innerhalb",
    "Zeilen",
    "Spalten",
    "Angabe",
    "Klasse",
    "Karte",
    "Tabelle",
    "Koordinatensystem",
    "Eigenschaften",
    "Zahl",
    "Beispieldaten",
    "fiktive",
    "Sozialraum",
    "Sozialräume",
    "Stadtteil",
    "Stadtteile",
    "Ausgabe",
    "Zuordnung",
    "Wert",
    "Länge",
    "Breite",
    "Pp",
    "O",
    "Bedarf",
];

/// English words that must not stand on a German screen.
const ENGLISH_WORDS: [&str; 51] = [
    "the",
    "of",
    "and",
    "to",
    "with",
    "within",
    "from",
    "for",
    "by",
    "per",
    "not",
    "no",
    "none",
    "new",
    "is",
    "are",
    "Area",
    "Areas",
    "area",
    "areas",
    "Residents",
    "residents",
    "Save",
    "Cancel",
    "Close",
    "Layer",
    "Layers",
    "Settings",
    "Distance",
    "households",
    "persons",
    "data",
    "Load",
    "report",
    "features",
    "feature",
    "skipped",
    "Source",
    "Sources",
    "Map",
    "Table",
    "Legend",
    "Reach",
    "office",
    "offices",
    "District",
    "districts",
    "Social",
    "social",
    "E",
    "pp",
];

/// Nouns in singular and plural: a count of 1 takes the first, every other count the second.
const NOUNS: [(&str, &str); 16] = [
    ("Gebiet", "Gebiete"),
    ("Objekt", "Objekte"),
    ("Hinweis", "Hinweise"),
    ("Büro", "Büros"),
    ("Einrichtung", "Einrichtungen"),
    ("Notiz", "Notizen"),
    ("Ansicht", "Ansichten"),
    ("Zeile", "Zeilen"),
    ("Spalte", "Spalten"),
    ("area", "areas"),
    ("feature", "features"),
    ("note", "notes"),
    ("office", "offices"),
    ("facility", "facilities"),
    ("row", "rows"),
    ("column", "columns"),
];

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// A number written with the other language's decimal separator: `sep` followed by a run of
/// digits that is not a group of three ("13,6" on an English screen, "0.25" on a German one).
/// German dates ("21.11.2026") are not numbers.
fn decimal_with(text: &str, sep: char) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c != sep || i == 0 || !chars[i - 1].is_ascii_digit() {
            continue;
        }
        let after = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if after == 0 || after == 3 {
            continue;
        }
        if sep == '.' && is_german_date(&chars, i) {
            continue;
        }
        let from = i.saturating_sub(8);
        let to = (i + 1 + after).min(chars.len());
        return Some(chars[from..to].iter().collect());
    }
    None
}

/// The dot at `i` belongs to a German date: "d.m.yyyy", "dd.mm.yyyy" or "31.12." (no year).
fn is_german_date(chars: &[char], i: usize) -> bool {
    let from = (0..i)
        .rev()
        .take_while(|&k| chars[k].is_ascii_digit() || chars[k] == '.')
        .last()
        .unwrap_or(i);
    let to = (i..chars.len())
        .take_while(|&k| chars[k].is_ascii_digit() || chars[k] == '.')
        .last()
        .map_or(i, |k| k + 1);
    let s: String = chars[from..to].iter().collect();
    let f: Vec<&str> = s.split('.').collect();
    let day_month = f.len() == 3 && (1..=2).contains(&f[0].len()) && (1..=2).contains(&f[1].len());
    day_month && (f[2].is_empty() || f[2].len() == 4)
}

/// A number grouped with the other language's thousands separator: "1.000 m" or "159.281"
/// on an English screen (`sep` = '.'), "1,500" on a German one (`sep` = ',').
fn grouped_with(text: &str, sep: char) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit()
            && chars[i] != '0'
            && (i == 0 || !(chars[i - 1].is_ascii_digit() || chars[i - 1] == sep));
        if !starts {
            i += 1;
            continue;
        }
        let lead = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        let mut j = i + lead;
        let mut groups = 0;
        while chars.get(j) == Some(&sep)
            && chars[j + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count()
                == 3
        {
            j += 4;
            groups += 1;
        }
        if lead <= 3 && groups > 0 {
            return Some(chars[i..j].iter().collect());
        }
        i += lead.max(1);
    }
    None
}

/// A count with the wrong form of its noun ("1 Gebiete", "2 area"): a number, one space, the
/// noun. Ordinals ("1. Gebiete") and labels ("Objekt 3: Objekt …") are no counts.
fn wrong_plural(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_alphanumeric()) {
            i += 1;
            continue;
        }
        let digits: String = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        let after = i + digits.len();
        i = after;
        if chars.get(after) != Some(&' ') {
            continue;
        }
        let noun: String = chars[after + 1..]
            .iter()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        let Ok(n) = digits.parse::<u64>() else {
            continue;
        };
        for (one, many) in NOUNS {
            if (n == 1 && noun == many) || (n != 1 && noun == one) {
                return Some(format!("{n} {noun}"));
            }
        }
    }
    None
}

/// A text without what never reads as language: field keys in brackets ("[sgb2_quote]"),
/// licence identifiers, and egui's own names of window controls.
fn without_codes(text: &str) -> String {
    if text.starts_with("Resize ") || text == "Close window" {
        return String::new();
    }
    let mut out = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '[' => depth += 1,
            ']' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    for code in ["dl-de/by-2-0", "CC BY 4.0"] {
        out = out.replace(code, " ");
    }
    out
}

/// What is wrong with a text on an English screen (after the data texts were removed).
pub fn german_in(text: &str) -> Vec<String> {
    let text = without_codes(text).replace(FICTITIOUS_BRACKETED, " ");
    let mut found: Vec<String> = words(&text)
        .into_iter()
        .filter(|w| GERMAN_WORDS.contains(w))
        .map(|w| format!("word \"{w}\""))
        .collect();
    if let Some(c) = text.chars().find(|c| "äöüÄÖÜß\u{201e}".contains(*c)) {
        found.push(format!("character '{c}'"));
    }
    if let Some(n) = decimal_with(&text, ',') {
        found.push(format!("decimal comma in \"{n}\""));
    }
    if let Some(n) = grouped_with(&text, '.') {
        found.push(format!("German thousands in \"{n}\""));
    }
    found.extend(wrong_plural(&text).map(|p| format!("plural \"{p}\"")));
    found
}

/// What is wrong with a text on a German screen.
pub fn english_in(text: &str) -> Vec<String> {
    let text = without_codes(text);
    let text = text.as_str();
    let mut found: Vec<String> = words(text)
        .into_iter()
        .filter(|w| ENGLISH_WORDS.contains(w))
        .map(|w| format!("word \"{w}\""))
        .collect();
    if let Some(c) = text.chars().find(|c| "\u{201d}".contains(*c)) {
        found.push(format!("character '{c}'"));
    }
    if let Some(n) = decimal_with(text, '.') {
        found.push(format!("decimal point in \"{n}\""));
    }
    if let Some(n) = grouped_with(text, ',') {
        found.push(format!("English thousands in \"{n}\""));
    }
    found.extend(wrong_plural(text).map(|p| format!("plural \"{p}\"")));
    found
}
