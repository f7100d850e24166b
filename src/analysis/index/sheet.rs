//! The Indikatorenblatt of the index: every choice of the computation in words (formula,
//! standard deviation, valid areas, thresholds and their boundaries, directions, weights,
//! dynamics, missing values), German and English.

use super::note::{
    NameOf, indicator_list, method_note_de, method_note_en, num_de, num_en, weight_de,
};
use super::{IndexResult, IndexSettings};

/// The Indikatorenblatt of the index: (heading, text) pairs documenting every choice.
pub fn index_sheet_de(
    settings: &IndexSettings,
    result: Option<&IndexResult>,
    name: NameOf,
) -> Vec<(String, String)> {
    let t = &settings.status_thresholds;
    let d = &settings.dynamics_thresholds;
    let population = match &settings.population_field {
        Some(f) => format!(
            "Gültig sind Gebiete mit mindestens {} Einwohner:innen (Spalte „{}“), die nicht \
             von Hand als Ausreißer ausgeschlossen sind und für jeden Indikator einen Wert \
             haben. Gebiete ohne Einwohnerzahl gelten als ungültig.",
            weight_de(settings.min_population),
            name(f)
        ),
        None => "Keine Einwohnerregel: gültig sind alle Gebiete, die nicht von Hand \
                 ausgeschlossen sind und für jeden Indikator einen Wert haben."
            .to_owned(),
    };
    let mut rows = vec![
        (
            "Verfahren".to_owned(),
            "Gestuftes Indexverfahren nach dem Berliner „Monitoring Soziale \
             Stadtentwicklung“ (MSS): Status-Index aus dem Stand der Indikatoren, Dynamik-Index \
             aus ihrer Veränderung, beide in Klassen; ihre Kombination ist der Gesamtindex \
             (4 × 3 Gruppen)."
                .to_owned(),
        ),
        ("Gültige Gebiete".to_owned(), population),
        (
            "Ausschlüsse".to_owned(),
            if settings.exclusions.is_empty() {
                "Keine Gebiete von Hand ausgeschlossen.".to_owned()
            } else {
                settings
                    .exclusions
                    .iter()
                    .map(|e| format!("{} ({})", e.key, e.reason))
                    .collect::<Vec<_>>()
                    .join("; ")
            },
        ),
        (
            "Indikatoren".to_owned(),
            format!(
                "{}. „+“: höherer Wert = stärkere Benachteiligung; „umgekehrt“: das Vorzeichen \
                 des z-Werts wird gedreht.",
                indicator_list(settings, name, true)
            ),
        ),
        (
            "z-Werte".to_owned(),
            if settings.standardized_input {
                "Die Eingangswerte sind bereits z-standardisiert (wie in veröffentlichten \
                 Monitoringtabellen) und werden unverändert übernommen; nur die Richtung wird \
                 angewendet."
                    .to_owned()
            } else {
                format!(
                    "z = (x − Mittelwert) / Standardabweichung, je Indikator über die gültigen \
                     Gebiete, ungewichtet (jedes Gebiet zählt gleich, unabhängig von seiner \
                     Einwohnerzahl). Verwendet wird die {} – für die Indikatoren und für die \
                     erneute Standardisierung der Summe gleichermaßen.",
                    settings.sd.label_de()
                )
            },
        ),
        (
            "Status-Index".to_owned(),
            "Statussumme = Σ Gewicht · z über die Indikatoren. Status-Index = die Statussumme, \
             über die gültigen Gebiete erneut standardisiert (Mittelwert 0, \
             Standardabweichung 1), damit die Klassengrenzen in Standardabweichungen gelten. \
             Rang 1 = höchster Status-Index (stärkste Benachteiligung); gleiche Werte teilen \
             sich den besseren Rang."
                .to_owned(),
        ),
        (
            "Statusklassen".to_owned(),
            format!(
                "1 hoch: Index < {a}; 2 mittel: {a} bis {b} (beide Grenzen eingeschlossen); \
                 3 niedrig: über {b} bis {c} (einschließlich {c}); 4 sehr niedrig: > {c}. \
                 Werte, die weniger als 0,000000001 von einer Grenze abweichen, gelten als auf der \
                 Grenze.",
                a = num_de(t[0]),
                b = num_de(t[1]),
                c = num_de(t[2]),
            ),
        ),
        (
            "Dynamik-Index".to_owned(),
            if settings.standardized_input {
                "Die Vergleichstabelle enthält bereits z-standardisierte Dynamikwerte; sie \
                 werden wie beim Status gewichtet summiert und erneut standardisiert."
                    .to_owned()
            } else {
                "Veränderung jedes Indikators in Prozentpunkten (Wert der aktuellen Ausgabe − \
                 Wert der Vergleichsausgabe), z-standardisiert über die Gebiete, die für den \
                 Status gültig sind und in beiden Ausgaben Werte haben (und in der \
                 Vergleichsausgabe die Mindesteinwohnerzahl erreichen); gleiche Richtungen \
                 und Gewichte wie beim Status; Summe erneut standardisiert."
                    .to_owned()
            },
        ),
        (
            "Dynamikklassen".to_owned(),
            format!(
                "positiv: Index < {a}; stabil: {a} bis {b} (Grenzen eingeschlossen); negativ: \
                 > {b}. Ein Dynamik-Index unter 0 heißt: Die Indikatoren haben sich \
                 günstiger entwickelt als im Durchschnitt der Gebiete.",
                a = num_de(d[0]),
                b = num_de(d[1]),
            ),
        ),
        (
            "Gesamtindex".to_owned(),
            "Kombination aus Statusklasse (4) und Dynamikklasse (3): 12 Gruppen. Auf der Karte \
             zweidimensional eingefärbt, mit der Zahl der Gebiete je Zelle."
                .to_owned(),
        ),
        (
            "Fehlende Werte".to_owned(),
            "Ein Gebiet ohne Wert für einen der Indikatoren erhält keinen Index („ohne \
             Zuordnung“, mit Grund) und geht nicht in Mittelwert und Standardabweichung ein. \
             Es wird nichts geschätzt oder durch 0 ersetzt."
                .to_owned(),
        ),
        (
            "Sensitivität".to_owned(),
            "Der Index wird ohne jeweils einen Indikator und mit geänderten Gewichten neu \
             berechnet; aufgelistet werden die Gebiete, deren Klasse sich dabei ändert."
                .to_owned(),
        ),
    ];
    if let Some(r) = result {
        rows.push(("Ergebnis".to_owned(), method_note_de(settings, r, name)));
    }
    rows
}

/// The Indikatorenblatt of the index, English.
pub fn index_sheet_en(
    settings: &IndexSettings,
    result: Option<&IndexResult>,
    name: NameOf,
) -> Vec<(String, String)> {
    let t = &settings.status_thresholds;
    let d = &settings.dynamics_thresholds;
    let mut rows = vec![
        (
            "Method".to_owned(),
            "Staged index of Berlin's \"Monitoring Soziale Stadtentwicklung\" (MSS): a status \
             index from the level of the indicators, a dynamics index from their change, both \
             in classes; their combination is the overall index (4 × 3 groups)."
                .to_owned(),
        ),
        (
            "Valid areas".to_owned(),
            match &settings.population_field {
                Some(f) => format!(
                    "Areas with at least {} residents (column \"{}\"), not excluded by hand, \
                     with a value for every indicator.",
                    settings.min_population,
                    name(f)
                ),
                None => "No population rule: every area not excluded by hand and with a \
                         value for every indicator."
                    .to_owned(),
            },
        ),
        (
            "Indicators".to_owned(),
            indicator_list(settings, name, false),
        ),
        (
            "z-values".to_owned(),
            if settings.standardized_input {
                "The input values are already z-standardised and are used as given; only the \
                 direction is applied."
                    .to_owned()
            } else {
                format!(
                    "z = (x − mean) / standard deviation per indicator over the valid areas, \
                     unweighted. The {} is used for the indicators and for the \
                     re-standardised sum alike.",
                    settings.sd.label_en()
                )
            },
        ),
        (
            "Status index".to_owned(),
            "Status sum = Σ weight · z; status index = the sum standardised again over the \
             valid areas. Rank 1 = highest status index (most disadvantaged); ties share the better \
             rank."
                .to_owned(),
        ),
        (
            "Status classes".to_owned(),
            format!(
                "1 high: index < {a}; 2 medium: {a} to {b} (both included); 3 low: above {b} \
                 to {c} (included); 4 very low: > {c}. Values within 1e-9 of a threshold \
                 count as on it.",
                a = num_en(t[0]),
                b = num_en(t[1]),
                c = num_en(t[2]),
            ),
        ),
        (
            "Dynamics index".to_owned(),
            "Change of each indicator in percentage points (current − comparison edition), \
             standardised over the areas valid for the status with values in both editions; \
             same directions and weights; sum standardised again."
                .to_owned(),
        ),
        (
            "Dynamics classes".to_owned(),
            format!(
                "positive: index < {a}; stable: {a} to {b} (included); negative: > {b}.",
                a = num_en(d[0]),
                b = num_en(d[1]),
            ),
        ),
        (
            "Missing values".to_owned(),
            "An area without a value for an indicator gets no index (\"not assigned\", with \
             the reason) and does not enter mean and SD. Nothing is imputed."
                .to_owned(),
        ),
    ];
    if let Some(r) = result {
        rows.push(("Result".to_owned(), method_note_en(settings, r, name)));
    }
    rows
}
