//! The index as a CSV table: the key, each z-value, the sums, indices, classes and ranks, and
//! the reason for "ohne Zuordnung". Two dialects: the standard one (`,` and decimal point,
//! for scripts and the CLI default) and the German one (`;` and decimal comma, for Excel).

use super::{IndexInput, IndexResult, IndexSettings, WITHOUT_CLASS_DE};

/// The dialects are the CSV writer's ([`crate::io::csv_out`]); named here for the callers.
pub use crate::io::csv_out::CsvDialect;

/// The CSV text of an index. `key` names the key column; `text` adds columns after it (the
/// area names, say). The residents and the indicator values as given follow, then the index.
pub fn to_csv(
    result: &IndexResult,
    input: &IndexInput,
    settings: &IndexSettings,
    key: &str,
    text: &[(&str, &[String])],
    dialect: CsvDialect,
) -> Result<String, csv::Error> {
    let mut w = dialect.writer();
    let num = |v: Option<f64>| -> String {
        match v {
            None => String::new(),
            Some(v) => dialect.decimal(trimmed(v)),
        }
    };
    let fields: Vec<&str> = settings
        .indicators
        .iter()
        .map(|s| s.field.as_str())
        .collect();
    let dynamics = result.dynamics.as_ref();

    let mut header: Vec<String> = vec![key.to_owned()];
    header.extend(text.iter().map(|(n, _)| (*n).to_owned()));
    if let Some(p) = &settings.population_field {
        header.push(p.clone());
    }
    header.extend(fields.iter().map(|f| (*f).to_owned()));
    header.extend(fields.iter().map(|f| format!("z_{f}")));
    header.extend(
        ["status_sum", "status_index", "status_class", "status_rank"]
            .iter()
            .map(|s| (*s).to_owned()),
    );
    if dynamics.is_some() {
        if !settings.standardized_input {
            header.extend(fields.iter().map(|f| format!("dynamik_delta_{f}")));
        }
        header.extend(fields.iter().map(|f| format!("dynamik_z_{f}")));
        header.extend(
            [
                "dynamik_sum",
                "dynamik_index",
                "dynamik_class",
                "gesamtindex",
            ]
            .iter()
            .map(|s| (*s).to_owned()),
        );
    }
    header.push("ohne_zuordnung_grund".to_owned());
    w.row(&header)?;

    let ranks = result.status_rank();
    for area in 0..result.len() {
        let mut row: Vec<String> = vec![result.keys[area].clone()];
        for (_, col) in text {
            row.push(col.get(area).cloned().unwrap_or_default());
        }
        if settings.population_field.is_some() {
            row.push(num(input.population.get(area).copied().flatten()));
        }
        for col in &input.status {
            row.push(num(col.get(area).copied().flatten()));
        }
        let s = &result.status;
        for col in &s.z {
            row.push(num(col[area]));
        }
        row.push(num(s.sum[area]));
        row.push(num(s.index[area]));
        let status_class = result.status_class[area];
        row.push(
            status_class
                .map_or(WITHOUT_CLASS_DE, |c| c.label_de())
                .to_owned(),
        );
        row.push(ranks[area].map(|r| r.to_string()).unwrap_or_default());
        let mut reason = s.validity[area].as_ref().err().map(|e| e.reason_de());
        if let Some(d) = dynamics {
            if !settings.standardized_input {
                // The change itself, also for areas outside the valid set.
                let changes = input.dynamics.as_ref().map(|d| d.values.as_slice());
                for k in 0..fields.len() {
                    let v = changes.and_then(|c| c.get(k)?.get(area).copied().flatten());
                    row.push(num(v));
                }
            }
            for col in &d.z {
                row.push(num(col[area]));
            }
            row.push(num(d.sum[area]));
            row.push(num(d.index[area]));
            let dc = result.dynamics_class[area];
            row.push(dc.map_or(WITHOUT_CLASS_DE, |c| c.label_de()).to_owned());
            row.push(match (status_class, dc) {
                (Some(s), Some(d)) => format!("{} / {}", s.label_de(), d.label_de()),
                _ => WITHOUT_CLASS_DE.to_owned(),
            });
            if reason.is_none() {
                reason = d.validity[area]
                    .as_ref()
                    .err()
                    .map(|e| format!("Dynamik: {}", e.reason_de()));
            }
        }
        row.push(reason.unwrap_or_default());
        w.row(&row)?;
    }
    w.finish()
}

/// The index settings as saved beside an export, to compute the same index again (in the
/// window or with `sozialatlas index --settings`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SavedSettings {
    /// Always "sozialatlas-index".
    pub format: String,
    pub version: u32,
    /// The key column of the areas.
    pub key: String,
    /// The label of the current and the comparison edition ("2024", "2022").
    pub edition: Option<String>,
    pub comparison: Option<String>,
    pub settings: IndexSettings,
}

pub const SAVED_FORMAT: &str = "sozialatlas-index";
pub const SAVED_VERSION: u32 = 1;

impl SavedSettings {
    pub fn new(
        settings: &IndexSettings,
        key: &str,
        edition: Option<String>,
        comparison: Option<String>,
    ) -> Self {
        Self {
            format: SAVED_FORMAT.to_owned(),
            version: SAVED_VERSION,
            key: key.to_owned(),
            edition,
            comparison,
            settings: settings.clone(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Read saved settings; a German message when the text is not such a file.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let saved: SavedSettings = serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .map_err(|e| format!("Keine gültige Index-Einstellungsdatei ({e})."))?;
        if saved.format != SAVED_FORMAT {
            return Err(format!(
                "Keine Index-Einstellungsdatei (format = „{}“, erwartet „{SAVED_FORMAT}“).",
                saved.format
            ));
        }
        if saved.version > SAVED_VERSION {
            return Err(format!(
                "Die Einstellungsdatei hat Version {}; diese Sozialatlas-Version liest bis \
                 Version {SAVED_VERSION}.",
                saved.version
            ));
        }
        Ok(saved)
    }
}

/// The file of the saved settings beside a CSV: "index.csv" → "index.einstellungen.json".
pub fn settings_path(out: &std::path::Path) -> std::path::PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "index".to_owned());
    out.with_file_name(format!("{stem}.einstellungen.json"))
}

/// The file of the method note beside a CSV: "index.csv" → "index.methode.txt".
pub fn note_path(out: &std::path::Path) -> std::path::PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "index".to_owned());
    out.with_file_name(format!("{stem}.methode.txt"))
}

/// A number with at most 12 decimals and no trailing zeros: "0.1" rather than the
/// "0.10000000000000053" a subtraction of one-decimal rates leaves in binary.
fn trimmed(v: f64) -> String {
    let s = format!("{v:.12}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    match s {
        "-0" | "" => "0".to_owned(),
        s => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::trimmed;

    #[test]
    fn saved_settings_survive_a_round_trip_and_foreign_json_is_refused() {
        use super::SavedSettings;
        let mut s = crate::analysis::index::IndexSettings::with_indicators(&["a", "b"]);
        s.indicators[1].flipped = true;
        s.exclusions.push(crate::analysis::index::Exclusion {
            key: "X".to_owned(),
            reason: "Gewerbe".to_owned(),
        });
        let saved = SavedSettings::new(&s, "sr_id", Some("2024".to_owned()), None);
        assert_eq!(SavedSettings::from_json(&saved.to_json()), Ok(saved));
        let e = SavedSettings::from_json(r#"{"type": "FeatureCollection"}"#);
        assert!(e.is_err_and(|e| e.contains("Keine gültige Index-Einstellungsdatei")));
    }

    #[test]
    fn numbers_are_written_without_binary_noise() {
        assert_eq!(trimmed(0.10000000000000053), "0.1");
        assert_eq!(trimmed(-1.0), "-1");
        assert_eq!(trimmed(-1e-15), "0");
        assert_eq!(trimmed(1.2345678901234), "1.234567890123");
        assert_eq!(trimmed(300.0), "300");
    }
}
