//! `sozialatlas classify`: classify a field of an area layer (optionally joined to a table)
//! with the window's rules — privacy suppression included — and print breaks and counts, as a
//! German table or as JSON. The classes come from `crate::analysis::thematic`; this module only
//! reads the files, checks the field and formats the result.

use std::path::{Path, PathBuf};

use super::args::{JoinArgs, best_keys};
use super::guard::parse_finite;
use super::{CliError, print_stdout};
use crate::analysis::classify::Method;
use crate::analysis::privacy::{Datum, PrivacyRules};
use crate::analysis::thematic::{LegendKind, ThematicView};
use crate::io::{Cancel, load_path};

/// Options of `sozialatlas classify`.
#[derive(clap::Args, Debug, Clone)]
pub struct ClassifyArgs {
    /// Flächenebene (GeoJSON, Shapefile)
    pub path: PathBuf,
    /// Das zu klassifizierende Zahlenfeld
    #[arg(long)]
    pub field: String,
    /// quantile, equal, jenks, sd, box, percentile oder manual
    #[arg(long, default_value = "quantile", value_parser = parse_method)]
    pub method: Method,
    /// Anzahl der Klassen (3–9; für quantile, equal, jenks)
    #[arg(long, default_value_t = 5)]
    pub classes: usize,
    /// Obergrenzen für --method manual, z. B. "5;10;20"
    #[arg(long, value_delimiter = ';', value_parser = parse_finite)]
    pub breaks: Vec<f64>,
    #[command(flatten)]
    pub join: JoinArgs,
    #[command(flatten)]
    pub privacy: PrivacyArgs,
    /// Als JSON ausgeben (breaks = Obergrenzen aufsteigend, counts = Gebiete je Klasse)
    #[arg(long)]
    pub json: bool,
}

/// `--min-population` and `--min-count`: the privacy rules of the printed classes.
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct PrivacyArgs {
    /// Gebiete mit weniger Einwohner:innen erhalten keine Werte (0 = aus)
    #[arg(long, default_value_t = 300.0, value_parser = parse_finite)]
    pub min_population: f64,
    /// Fallzahlen darunter werden unterdrückt (0 = aus)
    #[arg(long, default_value_t = 3.0, value_parser = parse_finite)]
    pub min_count: f64,
}

impl PrivacyArgs {
    /// The rules: on unless both limits are 0.
    pub fn rules(&self) -> PrivacyRules {
        PrivacyRules {
            enabled: self.min_population > 0.0 || self.min_count > 0.0,
            min_population: self.min_population,
            min_count: self.min_count,
            ..PrivacyRules::default()
        }
    }
}

/// `--method`: a classification method by its command-line name.
pub(super) fn parse_method(s: &str) -> Result<Method, String> {
    Method::from_cli_name(s).ok_or_else(|| {
        "unbekannte Methode – erlaubt: quantile, equal, jenks, sd, box, percentile, manual"
            .to_owned()
    })
}

/// Print the breaks and counts.
pub fn classify(args: &ClassifyArgs) -> Result<(), CliError> {
    let view = classify_view(args)?;
    let text = if args.json {
        serde_json::to_string_pretty(&classify_json(&view)).unwrap_or_default()
    } else {
        classify_text(&view)
    };
    print_stdout(text.trim_end());
    Ok(())
}

/// The class map the CLI prints, computed like the window's.
pub fn classify_view(args: &ClassifyArgs) -> Result<ThematicView, String> {
    use crate::analysis::aggregate::Level;
    use crate::analysis::data::AreaTable;
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
    for dir in [Some(args.path.as_path()), args.join.join.as_deref()]
        .into_iter()
        .flatten()
        .filter_map(Path::parent)
    {
        let meta = dir.join(crate::model::conventions::INDICATOR_META_FILE);
        if meta.exists() {
            labels.read_metadata(&meta).map_err(|e| e.to_string())?;
        }
    }
    let edition = match &args.join.join {
        None => None,
        Some(table_path) => {
            let table = crate::io::table::read_table(table_path).map_err(|e| e.to_string())?;
            let (left, right) = match args.join.given_keys() {
                Some(keys) => keys,
                None => {
                    let (left, right) = best_keys(&layer, &table, table_path)?;
                    (
                        args.join.left_key.clone().unwrap_or(left),
                        args.join.right_key.clone().unwrap_or(right),
                    )
                }
            };
            let e = crate::analysis::join::join(&layer, &left, &table, &right)
                .map_err(|e| e.to_string())?;
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
    settings.privacy = args.privacy.rules();
    let view = build_view(rows, &labels, &settings);
    if view.classification.is_none() {
        let notes: Vec<&str> = view.notes.iter().map(|n| n.de.as_str()).collect();
        return Err(notes.join(" "));
    }
    Ok(view)
}

fn classify_json(view: &ThematicView) -> serde_json::Value {
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

fn classify_text(view: &ThematicView) -> String {
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
