//! Editions of a table over the years: the label from the file name's year and the order
//! (years ascending, then other labels). Must not join.

use std::cmp::Ordering;

use super::Edition;

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
