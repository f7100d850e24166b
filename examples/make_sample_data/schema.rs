//! The columns of the indicator CSVs, their metadata, and the writers for both.

use std::path::Path;

use crate::FIKTIV;
use crate::areas::Sozialraum;
use crate::indicators::Counts;
use crate::input::Res;
use crate::output::{self, de1};

/// Columns of the indicator CSVs, in order.
const COLUMNS: [&str; 25] = [
    "sr_id",
    "name",
    "einwohner",
    "einw_unter18",
    "anteil_unter18",
    "einw_65plus",
    "anteil_65plus",
    "einw_15_64",
    "arbeitslose",
    "arbeitslosenquote",
    "einw_unter65",
    "sgb2_personen",
    "sgb2_quote",
    "kinder_unter15",
    "kinder_sgb2",
    "kinderarmut",
    "familienhaushalte",
    "alleinerziehende_hh",
    "alleinerziehende",
    "grundsicherung_65plus",
    "grundsicherung_alter",
    "auslaender",
    "anteil_auslaender",
    "wohnflaeche_m2",
    "wohnflaeche_je_ew",
];

/// Columns of the metadata CSV.
const META_COLUMNS: [&str; 10] = [
    "feld",
    "name_de",
    "name_en",
    "einheit",
    "definition",
    "richtung",
    "zaehler",
    "nenner",
    "quelle",
    "definition_en",
];

/// The English definitions, in the order of [`META`] (the window shows them in English mode).
const DEFINITIONS_EN: [&str; 23] = [
    "Residents with their main residence there on 31 December.",
    "Residents under 18 years of age.",
    "Share of residents under 18 among all residents.",
    "Residents aged 65 and over.",
    "Share of residents aged 65 and over among all residents.",
    "Residents of working age, 15 to 64 years.",
    "Persons registered as unemployed (SGB II and SGB III).",
    "Share of persons registered as unemployed among residents aged 15 to 64.",
    "Residents under 65 years of age.",
    "Persons in benefit units under SGB II (citizen's income).",
    "Share of persons in SGB II benefit units among residents under 65.",
    "Residents under 15 years of age.",
    "Children under 15 in benefit units under SGB II (social allowance).",
    "Share of children under 15 in SGB II benefit units among all children under 15.",
    "Households with at least one child under 18.",
    "Single-parent households with at least one child under 18.",
    "Share of single-parent households among all family households.",
    "Recipients of old-age minimum income (SGB XII, chapter 4) aged 65 and over.",
    "Share of recipients of old-age minimum income among residents aged 65 and over.",
    "Residents without German citizenship.",
    "Share of residents without German citizenship among all residents.",
    "Total living space in dwellings in m².",
    "Living space in m² per resident.",
];

/// Metadata per indicator column: feld, name_de, name_en, einheit, definition, richtung,
/// zaehler, nenner (the source is the same for all rows).
const META: [[&str; 8]; 23] = [
    [
        "einwohner",
        "Einwohner:innen",
        "Residents",
        "Personen",
        "Einwohnerinnen und Einwohner mit Hauptwohnsitz am 31.12.",
        "0",
        "",
        "",
    ],
    [
        "einw_unter18",
        "Einwohner:innen unter 18 Jahren",
        "Residents under 18",
        "Personen",
        "Einwohner:innen im Alter von unter 18 Jahren.",
        "0",
        "",
        "",
    ],
    [
        "anteil_unter18",
        "Anteil unter 18-Jährige",
        "Share under 18",
        "%",
        "Anteil der unter 18-Jährigen an allen Einwohner:innen.",
        "0",
        "einw_unter18",
        "einwohner",
    ],
    [
        "einw_65plus",
        "Einwohner:innen ab 65 Jahren",
        "Residents aged 65 and over",
        "Personen",
        "Einwohner:innen im Alter von 65 Jahren und älter.",
        "0",
        "",
        "",
    ],
    [
        "anteil_65plus",
        "Anteil 65-Jährige und Ältere",
        "Share aged 65 and over",
        "%",
        "Anteil der 65-Jährigen und Älteren an allen Einwohner:innen.",
        "0",
        "einw_65plus",
        "einwohner",
    ],
    [
        "einw_15_64",
        "Einwohner:innen von 15 bis 64 Jahren",
        "Residents aged 15 to 64",
        "Personen",
        "Einwohner:innen im erwerbsfähigen Alter von 15 bis 64 Jahren.",
        "0",
        "",
        "",
    ],
    [
        "arbeitslose",
        "Arbeitslos gemeldete Personen",
        "Registered unemployed",
        "Personen",
        "Arbeitslos gemeldete Personen (SGB II und SGB III).",
        "0",
        "",
        "",
    ],
    [
        "arbeitslosenquote",
        "Arbeitslose",
        "Unemployment share",
        "%",
        "Anteil der arbeitslos gemeldeten Personen an den Einwohner:innen von 15 bis 64 Jahren.",
        "+",
        "arbeitslose",
        "einw_15_64",
    ],
    [
        "einw_unter65",
        "Einwohner:innen unter 65 Jahren",
        "Residents under 65",
        "Personen",
        "Einwohner:innen im Alter von unter 65 Jahren.",
        "0",
        "",
        "",
    ],
    [
        "sgb2_personen",
        "Personen in SGB-II-Bedarfsgemeinschaften",
        "Persons in SGB II benefit units",
        "Personen",
        "Personen in Bedarfsgemeinschaften nach SGB II (Bürgergeld).",
        "0",
        "",
        "",
    ],
    [
        "sgb2_quote",
        "SGB-II-Quote",
        "SGB II rate",
        "%",
        "Anteil der Personen in SGB-II-Bedarfsgemeinschaften an den Einwohner:innen unter 65 Jahren.",
        "+",
        "sgb2_personen",
        "einw_unter65",
    ],
    [
        "kinder_unter15",
        "Kinder unter 15 Jahren",
        "Children under 15",
        "Personen",
        "Einwohner:innen im Alter von unter 15 Jahren.",
        "0",
        "",
        "",
    ],
    [
        "kinder_sgb2",
        "Kinder unter 15 Jahren in SGB-II-Bedarfsgemeinschaften",
        "Children under 15 in SGB II benefit units",
        "Personen",
        "Kinder unter 15 Jahren in Bedarfsgemeinschaften nach SGB II (Sozialgeld).",
        "0",
        "",
        "",
    ],
    [
        "kinderarmut",
        "Kinderarmut",
        "Child poverty rate",
        "%",
        "Anteil der Kinder unter 15 Jahren in SGB-II-Bedarfsgemeinschaften an allen Kindern unter 15 Jahren.",
        "+",
        "kinder_sgb2",
        "kinder_unter15",
    ],
    [
        "familienhaushalte",
        "Familienhaushalte",
        "Family households",
        "Haushalte",
        "Haushalte mit mindestens einem Kind unter 18 Jahren.",
        "0",
        "",
        "",
    ],
    [
        "alleinerziehende_hh",
        "Alleinerziehendenhaushalte",
        "Single-parent households",
        "Haushalte",
        "Haushalte von Alleinerziehenden mit mindestens einem Kind unter 18 Jahren.",
        "0",
        "",
        "",
    ],
    [
        "alleinerziehende",
        "Alleinerziehende",
        "Single-parent share",
        "%",
        "Anteil der Alleinerziehendenhaushalte an allen Familienhaushalten.",
        "+",
        "alleinerziehende_hh",
        "familienhaushalte",
    ],
    [
        "grundsicherung_65plus",
        "Empfänger:innen von Grundsicherung im Alter",
        "Recipients of old-age minimum income",
        "Personen",
        "Empfänger:innen von Grundsicherung im Alter (SGB XII, 4. Kapitel) ab 65 Jahren.",
        "0",
        "",
        "",
    ],
    [
        "grundsicherung_alter",
        "Grundsicherung im Alter",
        "Old-age minimum income rate",
        "%",
        "Anteil der Empfänger:innen von Grundsicherung im Alter an den Einwohner:innen ab 65 Jahren.",
        "+",
        "grundsicherung_65plus",
        "einw_65plus",
    ],
    [
        "auslaender",
        "Ausländer:innen",
        "Foreign nationals",
        "Personen",
        "Einwohner:innen ohne deutsche Staatsangehörigkeit.",
        "0",
        "",
        "",
    ],
    [
        "anteil_auslaender",
        "Anteil Ausländer:innen",
        "Share of foreign nationals",
        "%",
        "Anteil der Einwohner:innen ohne deutsche Staatsangehörigkeit an allen Einwohner:innen.",
        "0",
        "auslaender",
        "einwohner",
    ],
    [
        "wohnflaeche_m2",
        "Wohnfläche",
        "Living space",
        "m²",
        "Summe der Wohnfläche in Wohnungen in m².",
        "0",
        "",
        "",
    ],
    [
        "wohnflaeche_je_ew",
        "Wohnfläche je Einwohner:in",
        "Living space per resident",
        "m² je EW",
        "Wohnfläche in m² je Einwohner:in.",
        "-",
        "wohnflaeche_m2",
        "einwohner",
    ],
];

/// Writes one indicator CSV.
pub fn write_indicators(path: &Path, areas: &[Sozialraum], counts: &[Counts]) -> Res<()> {
    let rows: Vec<Vec<String>> = areas
        .iter()
        .zip(counts)
        .map(|(a, c)| {
            vec![
                a.sr_id.clone(),
                a.name.clone(),
                c.einwohner.to_string(),
                c.einw_unter18.to_string(),
                de1(c.anteil_unter18()),
                c.einw_65plus.to_string(),
                de1(c.anteil_65plus()),
                c.einw_15_64.to_string(),
                c.arbeitslose.to_string(),
                de1(c.arbeitslosenquote()),
                c.einw_unter65.to_string(),
                c.sgb2_personen.to_string(),
                de1(c.sgb2_quote()),
                c.kinder_unter15.to_string(),
                c.kinder_sgb2.to_string(),
                de1(c.kinderarmut()),
                c.familienhaushalte.to_string(),
                c.alleinerziehende_hh.to_string(),
                de1(c.alleinerziehende()),
                c.grundsicherung_65plus.to_string(),
                de1(c.grundsicherung_alter()),
                c.auslaender.to_string(),
                de1(c.anteil_auslaender()),
                c.wohnflaeche_m2.to_string(),
                de1(c.wohnflaeche_je_ew()),
            ]
        })
        .collect();
    output::write_csv(path, &COLUMNS, &rows)
}

/// Writes `indikatoren_meta.csv` after checking it covers exactly the indicator columns.
pub fn write_meta(dir: &Path) -> Res<()> {
    let fields: Vec<&str> = META.iter().map(|m| m[0]).collect();
    if fields != COLUMNS[2..] {
        return Err("metadata rows do not match the indicator columns".into());
    }
    let rows: Vec<Vec<String>> = META
        .iter()
        .zip(DEFINITIONS_EN)
        .map(|(m, en)| {
            let mut row: Vec<String> = m.iter().map(|s| (*s).to_owned()).collect();
            row.push(FIKTIV.to_owned());
            row.push(en.to_owned());
            row
        })
        .collect();
    output::write_csv(&dir.join("indikatoren_meta.csv"), &META_COLUMNS, &rows)
}
