//! Headless commands. They call the same core as the window (`io`, `model`, `crs`) and print
//! German messages; a file that cannot be read ends with exit code 2.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

mod export;
pub mod guard;
mod index;
mod reach;
mod table_info;
mod tiles;

pub use export::{ExportArgs, export, export_state, layout_of, pages};
pub use index::{IndexArgs, IndexRun, compute_run, index, settings_of};
pub use reach::{MAX_K, ReachArgs, ReachRun, compute_reach, reach};
pub use tiles::{info as tiles_info, prefetch as tiles_prefetch, source_for_template};

use crate::io::{Cancel, load_path};

/// Exit code for input that cannot be read.
pub const EXIT_BAD_INPUT: u8 = 2;

/// `sozialatlas info PATH [--json]`: print the load report (of a layer, or of an indicator
/// table).
pub fn info(path: &Path, json: bool) -> ExitCode {
    if let Some(code) = table_info::info(path, json) {
        return code;
    }
    match load_path(path, &Cancel::default()) {
        Ok(loaded) => {
            let text = if json {
                serde_json::to_string_pretty(&loaded.report.to_json()).unwrap_or_default()
            } else {
                loaded.report.to_text_de()
            };
            let mut stdout = std::io::stdout().lock();
            let _ = writeln!(stdout, "{}", text.trim_end());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("Fehler: {e}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

/// Options of `sozialatlas classify`.
#[derive(Debug, Clone)]
pub struct ClassifyArgs {
    pub path: std::path::PathBuf,
    pub field: String,
    pub method: crate::analysis::classify::Method,
    pub classes: usize,
    pub breaks: Vec<f64>,
    pub join: Option<std::path::PathBuf>,
    pub left_key: Option<String>,
    pub right_key: Option<String>,
    pub min_population: f64,
    pub min_count: f64,
    pub json: bool,
}

/// `sozialatlas classify`: classify a field of an area layer (optionally joined to a table)
/// with the window's rules — privacy suppression included — and print breaks and counts.
pub fn classify(args: &ClassifyArgs) -> ExitCode {
    match classify_view(args) {
        Ok(view) => {
            let text = if args.json {
                serde_json::to_string_pretty(&classify_json(&view)).unwrap_or_default()
            } else {
                classify_text(&view)
            };
            let mut stdout = std::io::stdout().lock();
            let _ = writeln!(stdout, "{}", text.trim_end());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("Fehler: {e}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

/// The class map the CLI prints, computed like the window's.
pub fn classify_view(
    args: &ClassifyArgs,
) -> Result<crate::analysis::thematic::ThematicView, String> {
    use crate::analysis::aggregate::Level;
    use crate::analysis::data::AreaTable;
    use crate::analysis::join::{join, suggest_keys};
    use crate::analysis::privacy::PrivacyRules;
    use crate::analysis::thematic::{ThematicSettings, base_table, build_view, level_table};
    use crate::io::meta::FieldLabels;
    use crate::model::Layer;

    let loaded = load_path(&args.path, &Cancel::default()).map_err(|e| e.to_string())?;
    let Layer::Areas(layer) = loaded.layer else {
        return Err(format!(
            "„{}“ enthält Punkte, keine Flächen – klassifiziert werden Flächenebenen.",
            args.path.display()
        ));
    };
    let mut labels = FieldLabels::built_in();
    for dir in [Some(args.path.as_path()), args.join.as_deref()]
        .into_iter()
        .flatten()
        .filter_map(Path::parent)
    {
        let meta = dir.join(crate::model::conventions::INDICATOR_META_FILE);
        if meta.exists() {
            labels.read_metadata(&meta).map_err(|e| e.to_string())?;
        }
    }
    let edition = match &args.join {
        None => None,
        Some(table_path) => {
            let table = crate::io::table::read_table(table_path).map_err(|e| e.to_string())?;
            let (left, right) =
                match (&args.left_key, &args.right_key) {
                    (Some(l), Some(r)) => (l.clone(), r.clone()),
                    _ => {
                        let best = suggest_keys(&layer, &table).into_iter().next().ok_or_else(|| {
                        format!(
                            "Kein Schlüssel der Tabelle passt zur Ebene – bitte --left-key und \
                             --right-key angeben: {}",
                            table_path.display()
                        )
                    })?;
                        (
                            args.left_key.clone().unwrap_or(best.left),
                            args.right_key.clone().unwrap_or(best.right),
                        )
                    }
                };
            let e = join(&layer, &left, &table, &right).map_err(|e| e.to_string())?;
            eprintln!("{}", e.report.summary_de());
            Some(AreaTable::new(e.schema, e.values))
        }
    };
    let base = base_table(&layer, edition.as_ref());
    match base.schema.fields.iter().find(|f| f.name == args.field) {
        Some(f) if f.kind == crate::model::FieldType::Number => {}
        Some(_) => return Err(format!("Feld „{}“ enthält keine Zahlen.", args.field)),
        None => {
            let numeric: Vec<&str> = base.numeric_fields().map(|f| f.name.as_str()).collect();
            return Err(format!(
                "Feld „{}“ gibt es nicht. Zahlenfelder: {}",
                args.field,
                numeric.join(", ")
            ));
        }
    }
    let rows = level_table(&layer, &base, Level::Base, &labels).map_err(|e| e.de)?;
    let mut settings = ThematicSettings::new(&args.field, None);
    settings.method = args.method;
    settings.k = args.classes;
    settings.manual = args.breaks.clone();
    settings.privacy = PrivacyRules {
        enabled: args.min_population > 0.0 || args.min_count > 0.0,
        min_population: args.min_population,
        min_count: args.min_count,
        ..PrivacyRules::default()
    };
    let view = build_view(rows, &labels, &settings);
    if view.classification.is_none() {
        let notes: Vec<&str> = view.notes.iter().map(|n| n.de.as_str()).collect();
        return Err(notes.join(" "));
    }
    Ok(view)
}

fn classify_json(view: &crate::analysis::thematic::ThematicView) -> serde_json::Value {
    use crate::analysis::privacy::Datum;
    let c = view.classification.as_ref();
    let count = |d: Datum| view.data.iter().filter(|x| **x == d).count();
    serde_json::json!({
        "field": view.settings.field,
        "method": view.settings.method.cli_name(),
        "k": c.map_or(0, |c| c.k()),
        "breaks": c.map(|c| c.bins.clone()).unwrap_or_default(),
        "counts": c.map(|c| c.counts.clone()).unwrap_or_default(),
        "n": c.map_or(0, |c| c.n),
        "suppressed": count(Datum::Suppressed),
        "missing": count(Datum::Missing),
        "privacy": view.settings.privacy.statement_de(),
    })
}

fn classify_text(view: &crate::analysis::thematic::ThematicView) -> String {
    use crate::analysis::privacy::Datum;
    use crate::analysis::thematic::LegendKind;
    let mut out = String::new();
    let Some(c) = &view.classification else {
        return out;
    };
    let count = |d: Datum| view.data.iter().filter(|x| **x == d).count();
    out.push_str(&format!(
        "{} – {} ({} Klassen), {} Werte, {} unterdrückt, {} ohne Angabe\n",
        view.settings.field,
        view.settings.method.label_de(),
        c.k(),
        c.n,
        count(Datum::Suppressed),
        count(Datum::Missing)
    ));
    out.push_str("Klasse  Obergrenze        Gebiete  Einwohner:innen  Bereich\n");
    for row in &view.legend {
        if let LegendKind::Class(i) = row.kind {
            out.push_str(&format!(
                "{:>6}  {:>16}  {:>7}  {:>15}  {}\n",
                i + 1,
                crate::model::value::format_fixed_de(
                    c.bins.get(i).copied().unwrap_or(f64::NAN),
                    view.decimals.max(2)
                ),
                row.areas,
                row.residents
                    .map(crate::model::value::format_number_de)
                    .unwrap_or_default(),
                view.legend_label(row, crate::i18n::Words::new(false))
            ));
        }
    }
    out.push_str(&view.settings.privacy.statement_de());
    out.push('\n');
    for n in &view.notes {
        out.push_str(&n.de);
        out.push('\n');
    }
    out
}
