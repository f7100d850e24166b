//! `sozialatlas export`: a class map as PDF, SVG or PNG page (or the Steckbrief atlas as one
//! PDF), built like the window builds it: the files are loaded into an application state,
//! the table joined, the class map set, and the same export content laid out.

use std::path::{Path, PathBuf};

use super::args::{JoinArgs, best_keys};
use super::classify::parse_method;
use super::guard::parse_finite;
use super::{CliError, print_stdout};
use crate::analysis::classify::Method;
use crate::analysis::thematic::ThematicSettings;
use crate::export::content::{LayoutSettings, Paper};
use crate::export::layout::map_page;
use crate::export::pdf::PdfMeta;
use crate::export::render::{Format, date_line, render};
use crate::export::scene::Page;
use crate::export::steckbrief::profile_page;
use crate::i18n::Lang;
use crate::model::conventions::POPULATION_FIELD;
use crate::model::{FieldType, Layer};
use crate::state::{AppState, AreaStyle, Command};

/// Options of `sozialatlas export`.
#[derive(clap::Args, Debug, Clone)]
pub struct ExportArgs {
    /// Flächenebene (GeoJSON, Shapefile)
    #[arg(long)]
    pub areas: PathBuf,
    #[command(flatten)]
    pub join: JoinArgs,
    /// Das dargestellte Zahlenfeld
    #[arg(long)]
    pub field: String,
    /// quantile, equal, jenks, sd, box, percentile
    #[arg(long, default_value = "quantile", value_parser = parse_method)]
    pub method: Method,
    /// Anzahl der Klassen (3–9)
    #[arg(long, default_value_t = 5)]
    pub classes: usize,
    /// Punktebenen (Einrichtungen), mehrfach möglich
    #[arg(long)]
    pub facilities: Vec<PathBuf>,
    /// Grenzen mit Namen (z. B. Stadtteile), als Umrisse gezeichnet
    #[arg(long)]
    pub boundaries: Option<PathBuf>,
    /// pdf, svg oder png (ohne Angabe: aus der Dateiendung)
    #[arg(long, value_parser = parse_format)]
    pub format: Option<Format>,
    /// Auflösung für PNG (96, 150, 300)
    #[arg(long, default_value_t = 300.0, value_parser = parse_finite)]
    pub dpi: f64,
    /// a4-landscape, a4-portrait, a3-landscape, a3-portrait oder BREITExHÖHE in mm
    #[arg(long, default_value = "a4-landscape", value_parser = parse_paper)]
    pub paper: (Paper, bool),
    /// Titel (ohne Angabe: Indikator und Ausgabe)
    #[arg(long)]
    pub title: Option<String>,
    /// Untertitel
    #[arg(long)]
    pub subtitle: Option<String>,
    /// Verfasser:in oder Dienststelle
    #[arg(long)]
    pub author: Option<String>,
    /// Zeile „Stand“ (ohne Angabe: „Stand: “ und das heutige Datum)
    #[arg(long)]
    pub date: Option<String>,
    /// Steckbrief-Atlas: eine Seite je Gebiet (PDF)
    #[arg(long)]
    pub atlas: bool,
    /// Sprache der Seiten: de oder en
    #[arg(long, default_value = "de", value_parser = parse_lang)]
    pub lang: Lang,
    /// Ausgabedatei
    #[arg(long)]
    pub out: PathBuf,
}

/// `--paper`: a paper name and whether it lies landscape.
fn parse_paper(s: &str) -> Result<(Paper, bool), String> {
    Paper::from_cli_name(s).ok_or_else(|| {
        "erlaubt: a4-landscape, a4-portrait, a3-landscape, a3-portrait oder BREITExHÖHE in mm"
            .to_owned()
    })
}

/// `--format`.
fn parse_format(s: &str) -> Result<Format, String> {
    Format::from_name(s).ok_or_else(|| "erlaubt: pdf, svg oder png".to_owned())
}

/// `--lang`: the language of the pages.
fn parse_lang(s: &str) -> Result<Lang, String> {
    match s.trim().to_lowercase().as_str() {
        "de" | "deutsch" => Ok(Lang::De),
        "en" | "english" | "englisch" => Ok(Lang::En),
        other => Err(format!("Sprache „{other}“ unbekannt – de oder en angeben")),
    }
}

/// Write the page(s) to `--out` and say so on stdout.
pub fn export(args: &ExportArgs) -> Result<(), CliError> {
    let summary = run(args)?;
    print_stdout(&summary);
    Ok(())
}

/// The state with the files loaded, the table joined and the class map set.
pub fn export_state(args: &ExportArgs) -> Result<AppState, String> {
    let mut state = AppState::default();
    state.apply(Command::SetLanguage(args.lang));
    let mut paths = vec![args.areas.clone()];
    paths.extend(args.facilities.iter().cloned());
    paths.extend(args.boundaries.iter().cloned());
    for p in &paths {
        if !p.exists() {
            return Err(format!("Datei nicht gefunden: {}", p.display()));
        }
    }
    state.apply(crate::state::Command::LoadNow(paths));
    first_error(&state)?;
    let area_id = state
        .layers
        .iter()
        .find(|l| {
            matches!(l.layer, Layer::Areas(_)) && std::path::Path::new(&l.report.path) == args.areas
        })
        .or_else(|| {
            state
                .layers
                .iter()
                .find(|l| matches!(l.layer, Layer::Areas(_)))
        })
        .map(|l| l.id)
        .ok_or_else(|| format!("„{}“ enthält keine Flächen.", args.areas.display()))?;
    // The areas are filled, boundaries drawn as outlines, whatever their names say.
    state.apply(Command::SetAreaStyle(area_id, AreaStyle::Fill));
    if let Some(b) = &args.boundaries
        && let Some(id) = state
            .layers
            .iter()
            .find(|l| std::path::Path::new(&l.report.path) == b.as_path())
            .map(|l| l.id)
    {
        state.apply(Command::SetAreaStyle(id, AreaStyle::Boundary));
    }
    if let Some(table) = &args.join.join {
        let meta = table.with_file_name(crate::model::conventions::INDICATOR_META_FILE);
        if meta.exists() {
            let _ = state.labels.read_metadata(&meta);
        }
        let (left, right) = match args.join.given_keys() {
            Some(keys) => keys,
            None => suggested_keys(&state, area_id, table)?,
        };
        state.apply(Command::JoinTable {
            layer: area_id,
            path: table.clone(),
            left_key: left,
            right_key: right,
        });
        first_error(&state)?;
    }
    let edition = state
        .layer(area_id)
        .and_then(|e| e.editions.len().checked_sub(1));
    let schema = state
        .layer_schema(area_id, edition)
        .ok_or_else(|| "Die Flächenebene fehlt.".to_owned())?;
    match schema.fields.iter().find(|f| f.name == args.field) {
        Some(f) if f.kind == FieldType::Number => {}
        Some(_) => return Err(format!("Feld „{}“ enthält keine Zahlen.", args.field)),
        None => {
            let numeric: Vec<&str> = schema
                .fields
                .iter()
                .filter(|f| f.kind == FieldType::Number)
                .map(|f| f.name.as_str())
                .collect();
            return Err(format!(
                "Feld „{}“ gibt es nicht. Zahlenfelder: {}",
                args.field,
                numeric.join(", ")
            ));
        }
    }
    let mut s = ThematicSettings::new(&args.field, edition);
    s.method = args.method;
    s.k = args.classes;
    s.palette = AppState::suggested_palette(&s);
    state.apply(Command::SetThematic(area_id, s));
    if args.atlas {
        profile_analyses(&mut state, area_id, edition);
    }
    Ok(state)
}

/// The first error the state reports (a file that could not be loaded, a join that failed).
fn first_error(state: &AppState) -> Result<(), String> {
    match state
        .messages
        .iter()
        .find(|m| m.kind == crate::state::MessageKind::Error)
    {
        Some(e) => Err(e.text.de.clone()),
        None => Ok(()),
    }
}

/// For the Steckbrief atlas: the MSS status index when the table has its indicators, and the
/// distances to the Nachbarschaftsbüros when such a layer was given. The map keeps showing the
/// chosen indicator.
fn profile_analyses(state: &mut AppState, area_id: u64, edition: Option<usize>) {
    use crate::analysis::index::IndexSettings;
    use crate::state::{IndexCommand, IndexRequest, ReachCommand};
    let schema = state.layer_schema(area_id, edition);
    let has = |f: &str| schema.as_ref().is_some_and(|s| s.index_of(f).is_some());
    let mss = crate::model::conventions::MSS_INDICATORS;
    if mss.iter().all(|f| has(f)) {
        let mut settings = IndexSettings::with_indicators(&mss);
        settings.population_field = has(POPULATION_FIELD).then(|| POPULATION_FIELD.to_owned());
        state.apply(Command::Index(IndexCommand::Compute(IndexRequest {
            layer: area_id,
            edition,
            comparison: None,
            settings,
        })));
        state.apply(Command::Index(IndexCommand::ShowOnMap(None)));
    }
    let offices = state.layers().iter().find_map(|l| match &l.layer {
        Layer::Facilities(f) if f.kind == crate::model::FacilityKind::Nachbarschaftsbuero => {
            Some(l.id)
        }
        _ => None,
    });
    if let Some(facilities) = offices {
        state.apply(Command::Reach(ReachCommand::Compute {
            areas: area_id,
            facilities,
            settings: crate::analysis::reach::ReachSettings::default(),
        }));
    }
}

/// The best key pair of the table for the area layer (both keys, even when one was given).
fn suggested_keys(state: &AppState, layer: u64, table: &Path) -> Result<(String, String), String> {
    let t = crate::io::table::read_table(table).map_err(|e| e.to_string())?;
    let Some(Layer::Areas(l)) = state.layer(layer).map(|e| &e.layer) else {
        return Err("Die Flächenebene fehlt.".to_owned());
    };
    best_keys(l, &t, table)
}

/// The layout settings from the arguments; without `--title` the title of the shown map
/// (the same default the export dialog offers), without `--date` today's "Stand" line.
pub fn layout_of(args: &ExportArgs, state: &AppState) -> LayoutSettings {
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| state.default_export_title(args.lang));
    LayoutSettings {
        paper: args.paper.0,
        landscape: args.paper.1,
        title,
        subtitle: args.subtitle.clone().unwrap_or_default(),
        date: args
            .date
            .clone()
            .unwrap_or_else(|| date_line(args.lang == Lang::En)),
        author: args.author.clone().unwrap_or_default(),
        ..LayoutSettings::default()
    }
}

/// The pages: one map, or one Steckbrief per area.
pub fn pages(
    args: &ExportArgs,
    state: &AppState,
    layout: &LayoutSettings,
) -> Result<Vec<Page>, String> {
    if args.atlas {
        let n = state.steckbrief_count();
        let mut pages = Vec::with_capacity(n);
        for row in 0..n {
            if let Some(p) = state.steckbrief(row, layout) {
                pages.push(profile_page(&p, layout));
            }
            if (row + 1) % 20 == 0 || row + 1 == n {
                eprintln!("Steckbrief {} von {n}", row + 1);
            }
        }
        return Ok(pages);
    }
    let bbox = state
        .all_bbox()
        .ok_or_else(|| "Nichts zu zeigen.".to_owned())?;
    Ok(vec![map_page(&state.map_content(bbox), layout)])
}

fn run(args: &ExportArgs) -> Result<String, CliError> {
    let format = args
        .format
        .or_else(|| Format::from_path(&args.out))
        .ok_or_else(|| {
            format!(
                "Format unbekannt – --format pdf|svg|png angeben oder die Endung .pdf, .svg, .png \
                 verwenden: {}",
                args.out.display()
            )
        })?;
    let mut inputs: Vec<(&str, &Path)> = vec![("--areas", &args.areas)];
    if let Some(p) = &args.join.join {
        inputs.push(("--join", p));
    }
    if let Some(p) = &args.boundaries {
        inputs.push(("--boundaries", p));
    }
    inputs.extend(
        args.facilities
            .iter()
            .map(|p| ("--facilities", p.as_path())),
    );
    super::guard::refuse_overwriting_inputs(&[&args.out], &inputs)?;
    if args.atlas && format != Format::Pdf {
        return Err(CliError::Input(
            "Der Steckbrief-Atlas wird als PDF geschrieben (--format pdf).".to_owned(),
        ));
    }
    let state = export_state(args)?;
    let layout = layout_of(args, &state);
    let pages = pages(args, &state, &layout)?;
    let meta = PdfMeta {
        title: layout.title.clone(),
        author: args.author.clone(),
        subject: Some("Sozialatlas".to_owned()),
    };
    let bytes = render(&pages, format, args.dpi, &meta)?;
    crate::io::atomic::write_atomic(&args.out, &bytes).map_err(|source| CliError::Write {
        path: args.out.clone(),
        source,
    })?;
    Ok(format!(
        "Geschrieben: {} ({} Seite{}, {} KB)",
        args.out.display(),
        pages.len(),
        if pages.len() == 1 { "" } else { "n" },
        bytes.len() / 1024
    ))
}
