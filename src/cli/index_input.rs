//! The inputs of `sozialatlas index`: read the table (and the comparison edition and the area
//! layer, when given), check that the chosen indicators are numbers and named once, align the
//! rows to the areas and compute the index with `crate::analysis::index`. Notes for stderr are
//! collected, not printed; nothing is written here.

use super::index::{IndexArgs, settings_of};
use crate::analysis::data::AreaTable;
use crate::analysis::index::input::{Comparison, align, check_unique, from_rows, keys_of};
use crate::analysis::index::{IndexInput, IndexResult, IndexSettings, compute};
use crate::analysis::join::edition_label;
use crate::io::table::read_table;
use crate::io::{Cancel, load_path};
use crate::model::Layer;

/// Everything the command computed.
pub struct IndexRun {
    pub settings: IndexSettings,
    pub input: IndexInput,
    pub result: IndexResult,
    /// Area names (with `--areas`).
    pub names: Option<Vec<String>>,
    /// Notes for stderr (unmatched rows, edition order).
    pub notes: Vec<String>,
}

/// Read the inputs and compute the index.
pub fn compute_run(args: &IndexArgs) -> Result<IndexRun, String> {
    let settings = settings_of(args)?;
    refuse_repeated_indicators(&settings)?;
    let table = read_table(&args.table).map_err(|e| e.to_string())?;
    let table_name = args.table.display().to_string();
    refuse_columns_without_numbers(&table, &settings, &table_name)?;
    let own = AreaTable::new(table.schema.clone(), table.rows.clone());
    let mut notes = table_notes(&table, &table_name);

    let (current, keys, has_row, names) = match &args.areas {
        None => {
            let keys = keys_of(&own, &args.key, &table_name).map_err(|e| e.to_string())?;
            check_unique(&keys, &table_name).map_err(|e| e.to_string())?;
            (own.clone(), keys, None, None)
        }
        Some(path) => {
            let loaded = load_path(path, &Cancel::default()).map_err(|e| e.to_string())?;
            let Layer::Areas(layer) = loaded.layer else {
                return Err(format!(
                    "„{}“ enthält Punkte, keine Flächen – --areas erwartet Gebiete.",
                    path.display()
                ));
            };
            let area_key = args.area_key.clone().unwrap_or_else(|| args.key.clone());
            let layer_table = AreaTable::from_layer(&layer);
            let keys = keys_of(&layer_table, &area_key, &path.display().to_string())
                .map_err(|e| e.to_string())?;
            let (aligned, found) =
                align(&own, &args.key, &table_name, &keys).map_err(|e| e.to_string())?;
            let table_keys = keys_of(&own, &args.key, &table_name).map_err(|e| e.to_string())?;
            let known: std::collections::HashSet<&str> = keys.iter().map(String::as_str).collect();
            let unmatched: Vec<&str> = table_keys
                .iter()
                .map(String::as_str)
                .filter(|k| !k.is_empty() && !known.contains(k))
                .collect();
            if !unmatched.is_empty() {
                notes.push(format!(
                    "{} Tabellenzeilen ohne Gebiet (nicht im Index): {}",
                    unmatched.len(),
                    unmatched.join(", ")
                ));
            }
            let missing = found.iter().filter(|f| !**f).count();
            if missing > 0 {
                notes.push(format!(
                    "{missing} Gebiete ohne Tabellenzeile – „ohne Zuordnung (keine Daten)“."
                ));
            }
            let names = (0..layer.areas.len())
                .map(|i| layer.feature_title(i))
                .collect();
            (layer_table.merged(&aligned), keys, Some(found), Some(names))
        }
    };

    let comparison_table = match &args.dynamics_table {
        None => None,
        Some(p) => {
            let t = read_table(p).map_err(|e| e.to_string())?;
            let name = p.display().to_string();
            refuse_columns_without_numbers(&t, &settings, &name)?;
            notes.extend(table_notes(&t, &name));
            let own = AreaTable::new(t.schema.clone(), t.rows.clone());
            let (aligned, _) = align(&own, &args.key, &name, &keys).map_err(|e| e.to_string())?;
            let label = edition_label(&t.name);
            let current_label = edition_label(&table.name);
            if let (Ok(then), Ok(now)) = (label.parse::<u32>(), current_label.parse::<u32>())
                && then > now
            {
                notes.push(format!(
                    "Hinweis: Die Vergleichstabelle ({then}) ist neuer als --table ({now}). Die \
                     Dynamik ist --table minus --dynamics-table."
                ));
            }
            Some((aligned, label, name))
        }
    };
    let comparison = comparison_table
        .as_ref()
        .map(|(table, label, name)| Comparison {
            table,
            label: label.clone(),
            name: name.clone(),
        });
    let unknown: Vec<&str> = settings
        .exclusions
        .iter()
        .map(|e| e.key.as_str())
        .filter(|k| !keys.iter().any(|key| key == k))
        .collect();
    if !unknown.is_empty() {
        notes.push(format!(
            "Warnung: --exclude nennt {} Schlüssel, die es nicht gibt (kein Gebiet \
             ausgeschlossen): {}",
            unknown.len(),
            unknown.join(", ")
        ));
    }
    let input = from_rows(&current, &table_name, keys, has_row, comparison, &settings)
        .map_err(|e| e.to_string())?;
    let result = compute(&input, &settings).map_err(|e| e.to_string())?;
    Ok(IndexRun {
        settings,
        input,
        result,
        names,
        notes,
    })
}

/// An indicator named twice would count twice in the index without anyone having chosen
/// that weight (from `--indicators` or a saved settings file alike).
fn refuse_repeated_indicators(settings: &IndexSettings) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for spec in &settings.indicators {
        if !seen.insert(spec.field.as_str()) {
            return Err(format!(
                "Der Indikator „{}“ ist zweimal genannt – jeder Indikator darf nur einmal \
                 vorkommen (für mehr Gewicht: --weights).",
                spec.field
            ));
        }
    }
    Ok(())
}

/// An indicator (or the population) column that holds no numbers would leave every area
/// without a valid value; say which column and why instead of "0 gültige Gebiete".
fn refuse_columns_without_numbers(
    table: &crate::io::table::Table,
    settings: &IndexSettings,
    name: &str,
) -> Result<(), String> {
    let fields = settings
        .indicators
        .iter()
        .map(|s| s.field.as_str())
        .chain(settings.population_field.as_deref());
    for field in fields {
        if let Some(reason) = crate::io::table::why_not_numbers(table, field) {
            return Err(format!(
                "Spalte „{field}“ in {name} ist keine Zahlenspalte: {reason}. Der Index braucht \
                 Zahlen (fehlende Werte wie „-“ oder „k. A.“ sind erlaubt) – sonst hätte kein \
                 Gebiet einen gültigen Wert. Bitte die Spalte in der Tabelle prüfen."
            ));
        }
    }
    Ok(())
}

/// How the table was read, for stderr: its notes (decimal style, units, missing values …).
fn table_notes(table: &crate::io::table::Table, name: &str) -> Vec<String> {
    table
        .report
        .notes
        .iter()
        .map(|n| format!("Hinweis zu {name}: {}", n.de))
        .collect()
}
