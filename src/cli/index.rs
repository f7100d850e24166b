//! `sozialatlas index`: the needs index (MSS method) of an indicator table, alone or joined to
//! an area layer, written as CSV with the method note and the settings beside it. This module
//! holds the options, turns them into [`IndexSettings`] and writes the three files together;
//! reading and computing is [`super::index_input`], the CSV format `crate::analysis::index::output`.

use std::path::{Path, PathBuf};

use super::args::CsvDialectArg;
use super::guard::parse_finite;
use super::index_input::{IndexRun, compute_run};
use super::{CliError, print_stdout};
use crate::analysis::index::output::{SavedSettings, note_path, settings_path, to_csv};
use crate::analysis::index::{
    DynamicsClass, Exclusion, IndexSettings, IndicatorSpec, SdKind, StatusClass, note,
};
use crate::analysis::join::edition_label;

/// Options of `sozialatlas index`.
#[derive(clap::Args, Debug, Clone)]
pub struct IndexArgs {
    /// Indikatortabelle (CSV, XLSX) der aktuellen Ausgabe
    #[arg(long)]
    pub table: PathBuf,
    /// Schlüsselspalte der Tabelle(n)
    #[arg(long)]
    pub key: String,
    /// Statusindikatoren, kommagetrennt, z. B. arbeitslosenquote,sgb2_quote,kinderarmut
    #[arg(long, value_delimiter = ',', required_unless_present = "settings")]
    pub indicators: Vec<String>,
    /// Richtung je Indikator: + (höher = benachteiligter) oder - (umgekehrt), z. B. +,+,-
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    pub directions: Vec<String>,
    /// Gewicht je Indikator (Dezimalpunkt), z. B. 1,1,0.5
    #[arg(long, value_delimiter = ',', value_parser = parse_finite)]
    pub weights: Vec<f64>,
    /// Einwohnerspalte für die Mindestgröße (ohne Angabe: keine Einwohnerregel)
    #[arg(long)]
    pub population: Option<String>,
    /// Gebiete mit weniger Einwohner:innen bleiben ohne Zuordnung
    #[arg(long, default_value_t = 300.0, value_parser = parse_finite)]
    pub min_population: f64,
    /// Flächenebene (GeoJSON, Shapefile); dann eine Zeile je Gebiet
    #[arg(long)]
    pub areas: Option<PathBuf>,
    /// Schlüsselfeld der Flächenebene (ohne Angabe: wie --key)
    #[arg(long)]
    pub area_key: Option<String>,
    /// Vergleichsausgabe für die Dynamik (Veränderung = --table minus diese Tabelle)
    #[arg(long)]
    pub dynamics_table: Option<PathBuf>,
    /// Die Indikatorspalten sind bereits z-standardisiert (auch die der Vergleichstabelle)
    #[arg(long)]
    pub standardized_input: bool,
    /// Gebiet von Hand ausschließen: SCHLÜSSEL oder "SCHLÜSSEL:Grund" (mehrfach möglich)
    #[arg(long)]
    pub exclude: Vec<String>,
    /// Standardabweichung: sample (n − 1, Standard) oder population (n)
    #[arg(long, default_value = "sample", value_parser = parse_sd)]
    pub sd: SdKind,
    /// Grenzen der Statusklassen, z. B. --status-thresholds=-1,1,1.5
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true, value_parser = parse_finite)]
    pub status_thresholds: Option<Vec<f64>>,
    /// Grenzen der Dynamikklassen, z. B. --dynamics-thresholds=-1,1
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true, value_parser = parse_finite)]
    pub dynamics_thresholds: Option<Vec<f64>>,
    #[command(flatten)]
    pub csv: CsvDialectArg,
    /// Gespeicherte Einstellungen (*.einstellungen.json aus dem Fenster oder einem früheren
    /// Lauf); ersetzen alle Methodenoptionen (Indikatoren, Richtungen, Gewichte, Einwohner,
    /// Ausschlüsse, Standardabweichung, Grenzen)
    #[arg(long)]
    pub settings: Option<PathBuf>,
    /// Ausgabedatei (CSV); daneben kommen die Methodenbeschreibung (*.methode.txt) und die
    /// Einstellungen (*.einstellungen.json)
    #[arg(long)]
    pub out: PathBuf,
}

/// `--sd`: which standard deviation standardises the indicators.
fn parse_sd(s: &str) -> Result<SdKind, String> {
    match s.trim().to_lowercase().as_str() {
        "sample" | "stichprobe" | "n-1" => Ok(SdKind::Sample),
        "population" | "grundgesamtheit" | "n" => Ok(SdKind::Population),
        _ => Err("erlaubt: sample oder population".to_owned()),
    }
}

/// Run the command: CSV to `--out`, the method note beside it, a summary on stdout.
pub fn index(args: &IndexArgs) -> Result<(), CliError> {
    let summary = run(args)?;
    print_stdout(summary.trim_end());
    Ok(())
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

fn three(t: &[f64]) -> Result<[f64; 3], String> {
    match t {
        [a, b, c] if a <= b && b <= c => Ok([*a, *b, *c]),
        _ => {
            Err("--status-thresholds braucht drei aufsteigende Zahlen, z. B. -1,1,1.5.".to_owned())
        }
    }
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
        args.csv.csv_dialect,
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
