//! `sozialatlas index`: the needs index (MSS method) of an indicator table, alone or joined to
//! an area layer, written as CSV with the method note beside it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::EXIT_BAD_INPUT;
use crate::analysis::data::AreaTable;
use crate::analysis::index::input::{Comparison, align, check_unique, from_rows, keys_of};
use crate::analysis::index::output::{CsvDialect, SavedSettings, note_path, settings_path, to_csv};
use crate::analysis::index::{
    DynamicsClass, Exclusion, IndexInput, IndexResult, IndexSettings, IndicatorSpec, SdKind,
    StatusClass, compute, note,
};
use crate::analysis::join::edition_label;
use crate::io::table::read_table;
use crate::io::{Cancel, load_path};
use crate::model::Layer;

/// Options of `sozialatlas index`.
#[derive(Debug, Clone)]
pub struct IndexArgs {
    pub table: PathBuf,
    pub key: String,
    pub indicators: Vec<String>,
    /// "+" or "-" per indicator (empty: all "+").
    pub directions: Vec<String>,
    /// One weight per indicator (empty: all 1).
    pub weights: Vec<f64>,
    pub population: Option<String>,
    pub min_population: f64,
    pub areas: Option<PathBuf>,
    pub area_key: Option<String>,
    pub dynamics_table: Option<PathBuf>,
    pub standardized_input: bool,
    /// "KEY" or "KEY:Grund".
    pub exclude: Vec<String>,
    pub sd: SdKind,
    pub status_thresholds: Option<Vec<f64>>,
    pub dynamics_thresholds: Option<Vec<f64>>,
    pub dialect: CsvDialect,
    /// Saved settings (`*.einstellungen.json`) that replace all method options.
    pub settings: Option<PathBuf>,
    pub out: PathBuf,
}

/// Run the command: CSV to `--out`, the method note beside it, a summary on stdout.
pub fn index(args: &IndexArgs) -> ExitCode {
    match run(args) {
        Ok(summary) => {
            let mut stdout = std::io::stdout().lock();
            let _ = writeln!(stdout, "{}", summary.trim_end());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("Fehler: {e}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

/// The settings the arguments describe.
pub fn settings_of(args: &IndexArgs) -> Result<IndexSettings, String> {
    if let Some(path) = &args.settings {
        // A FIFO or device would block the read forever: refused before opening.
        let text = crate::io::regular::regular_file(path)
            .and_then(|()| std::fs::read_to_string(path))
            .map_err(|e| {
                format!(
                    "Einstellungsdatei kann nicht gelesen werden ({e}): {}",
                    path.display()
                )
            })?;
        let saved = SavedSettings::from_json(&text)
            .map_err(|e| format!("{e} Datei: {}", path.display()))?;
        return Ok(saved.settings);
    }
    let k = args.indicators.len();
    if k == 0 {
        return Err("--indicators nennt keinen Indikator.".to_owned());
    }
    if !args.directions.is_empty() && args.directions.len() != k {
        return Err(format!(
            "--directions nennt {} Richtungen für {k} Indikatoren.",
            args.directions.len()
        ));
    }
    if !args.weights.is_empty() && args.weights.len() != k {
        return Err(format!(
            "--weights nennt {} Gewichte für {k} Indikatoren.",
            args.weights.len()
        ));
    }
    let mut indicators = Vec::with_capacity(k);
    for (i, field) in args.indicators.iter().enumerate() {
        let flipped = match args.directions.get(i).map(|d| d.trim()) {
            None | Some("+") | Some("") => false,
            Some("-") | Some("−") => true,
            Some(other) => {
                return Err(format!(
                    "Richtung „{other}“ für „{field}“ ist unbekannt – erlaubt sind + und -."
                ));
            }
        };
        indicators.push(IndicatorSpec {
            field: field.trim().to_owned(),
            flipped,
            weight: args.weights.get(i).copied().unwrap_or(1.0),
        });
    }
    let mut s = IndexSettings {
        indicators,
        population_field: args.population.clone(),
        min_population: args.min_population,
        sd: args.sd,
        standardized_input: args.standardized_input,
        ..IndexSettings::default()
    };
    for e in &args.exclude {
        let (key, reason) = e.split_once(':').unwrap_or((e.as_str(), ""));
        s.exclusions.push(Exclusion {
            key: key.trim().to_owned(),
            reason: reason.trim().to_owned(),
        });
    }
    if let Some(t) = &args.status_thresholds {
        s.status_thresholds = three(t)?;
    }
    if let Some(t) = &args.dynamics_thresholds {
        match t.as_slice() {
            [a, b] if a <= b => s.dynamics_thresholds = [*a, *b],
            _ => {
                return Err(
                    "--dynamics-thresholds braucht zwei aufsteigende Zahlen, z. B. -1,1."
                        .to_owned(),
                );
            }
        }
    }
    Ok(s)
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

fn three(t: &[f64]) -> Result<[f64; 3], String> {
    match t {
        [a, b, c] if a <= b && b <= c => Ok([*a, *b, *c]),
        _ => {
            Err("--status-thresholds braucht drei aufsteigende Zahlen, z. B. -1,1,1.5.".to_owned())
        }
    }
}

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

fn run(args: &IndexArgs) -> Result<String, String> {
    refuse_overwriting(args)?;
    let run = compute_run(args)?;
    for n in &run.notes {
        eprintln!("{n}");
    }
    let names;
    let mut text: Vec<(&str, &[String])> = Vec::new();
    if let Some(n) = &run.names {
        names = n.clone();
        text.push(("name", names.as_slice()));
    }
    let csv = to_csv(
        &run.result,
        &run.input,
        &run.settings,
        &args.key,
        &text,
        args.dialect,
    )
    .map_err(|e| format!("CSV konnte nicht erzeugt werden ({e})."))?;
    let plain = |f: &str| f.to_owned();
    let mut sheet = String::from("Indikatorenblatt des Index (Sozialatlas)\n\n");
    for (h, body) in note::index_sheet_de(&run.settings, Some(&run.result), &plain) {
        sheet.push_str(&format!("{h}\n{body}\n\n"));
    }
    let note_file = note_path(&args.out);
    let saved = SavedSettings::new(
        &run.settings,
        &args.key,
        Some(edition_label(&file_stem(&args.table))),
        run.result.dynamics_label.clone(),
    );
    let settings_file = settings_path(&args.out);
    let settings_text = saved.to_json();
    // The table, its method note and its settings belong together: all three or none.
    super::guard::write_all_or_nothing(&[
        (&args.out, csv.as_bytes()),
        (&note_file, sheet.as_bytes()),
        (&settings_file, settings_text.as_bytes()),
    ])?;
    Ok(summary(&run, &args.out, &note_file))
}

/// No output of the command may replace one of its inputs. The settings file beside the
/// output may be the `--settings` it was computed from (a re-run writes the same settings).
fn refuse_overwriting(args: &IndexArgs) -> Result<(), String> {
    let mut inputs: Vec<(&str, &Path)> = vec![("--table", &args.table)];
    if let Some(p) = &args.areas {
        inputs.push(("--areas", p));
    }
    if let Some(p) = &args.dynamics_table {
        inputs.push(("--dynamics-table", p));
    }
    let (note_file, settings_file) = (note_path(&args.out), settings_path(&args.out));
    super::guard::refuse_overwriting_inputs(&[&args.out, &note_file, &settings_file], &inputs)?;
    if let Some(p) = &args.settings {
        super::guard::refuse_overwriting_inputs(&[&args.out, &note_file], &[("--settings", p)])?;
    }
    Ok(())
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn summary(run: &IndexRun, out: &Path, note_file: &Path) -> String {
    let r = &run.result;
    let mut s = String::new();
    let without = r.status_class.iter().filter(|c| c.is_none()).count();
    s.push_str(&format!(
        "Status-Index: {} gültige Gebiete, {without} ohne Zuordnung\n",
        r.status.n_valid
    ));
    for (c, n) in StatusClass::ALL.iter().zip(r.status_counts()) {
        s.push_str(&format!("  {} {:<13} {n}\n", c.number(), c.label_de()));
    }
    if let Some(d) = &r.dynamics {
        s.push_str(&format!(
            "Dynamik-Index (seit {}): {} gültige Gebiete\n",
            r.dynamics_label.clone().unwrap_or_default(),
            d.n_valid
        ));
        for (c, n) in DynamicsClass::ALL.iter().zip(r.dynamics_counts()) {
            s.push_str(&format!("  {} {:<13} {n}\n", c.symbol(), c.label_de()));
        }
        s.push_str("Gesamtindex (Zeilen: Status, Spalten: positiv / stabil / negativ)\n");
        for (c, row) in StatusClass::ALL.iter().zip(r.matrix()) {
            s.push_str(&format!(
                "  {:<13} {:>4} {:>4} {:>4}\n",
                c.label_de(),
                row[0],
                row[1],
                row[2]
            ));
        }
    }
    s.push_str(&format!(
        "Geschrieben: {}\nMethode: {}\n",
        out.display(),
        note_file.display()
    ));
    s
}
