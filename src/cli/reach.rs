//! `sozialatlas reach`: how far each area is from the facilities of a point layer — the
//! distance from its boundary and from its representative point to the nearest facility, the k
//! nearest facilities and the number within a radius — written as CSV with a German summary.
//!
//! Both files can be in any supported format and CRS; the facilities are brought into the
//! areas' metric CRS by [`Sites::from_layer`]. The distances come from
//! [`crate::analysis::reach::compute`]; this module only reads, checks, formats and writes.
//! Bad input ends with a German message and exit code 2, and nothing is written. The CSV and
//! the summary are formatted in [`super::reach_out`].

use std::path::{Path, PathBuf};

use super::args::CsvDialectArg;
use super::guard::parse_finite;
use super::reach_out::{summary, to_csv};
use super::{CliError, print_stdout};
use crate::analysis::join::key_text;
use crate::analysis::reach::{AreaReach, PreparedAreas, ReachSettings, Sites, compute};
use crate::io::{Cancel, LoadReport, load_path};
use crate::model::value::Schema;
use crate::model::{AreaLayer, FacilityLayer, Layer};

/// The largest `--k` (the CSV gets three columns per facility).
pub const MAX_K: usize = 50;

/// Options of `sozialatlas reach`. The key field defaults to the layer's first field, the
/// name field to `name`, else the facility's title; `k` runs from 1 to [`MAX_K`].
#[derive(clap::Args, Debug, Clone)]
pub struct ReachArgs {
    /// Flächenebene mit den Gebieten (GeoJSON, Shapefile)
    #[arg(long)]
    pub areas: PathBuf,
    /// Punktebene mit den Einrichtungen (GeoJSON, Shapefile, CSV mit Koordinaten)
    #[arg(long)]
    pub facilities: PathBuf,
    /// Schlüsselfeld der Gebiete für area_id (ohne Angabe: das erste Feld)
    #[arg(long)]
    pub area_key: Option<String>,
    /// Namensfeld der Einrichtungen (ohne Angabe: „name“, sonst die Bezeichnung)
    #[arg(long)]
    pub facility_name: Option<String>,
    /// Umkreis in Metern für count_within_radius (gemessen ab Gebietsrand)
    #[arg(long, default_value_t = 1000.0, value_parser = parse_finite)]
    pub radius: f64,
    /// Anzahl der nächsten Einrichtungen je Gebiet (1–50)
    #[arg(long, default_value_t = 1)]
    pub k: usize,
    #[command(flatten)]
    pub csv: CsvDialectArg,
    /// Ausgabedatei (CSV)
    #[arg(long)]
    pub out: PathBuf,
}

/// Everything the command computed: one entry per area, one per facility.
#[derive(Debug, Clone)]
pub struct ReachRun {
    pub area_ids: Vec<String>,
    pub area_titles: Vec<String>,
    pub facility_ids: Vec<String>,
    pub facility_names: Vec<String>,
    pub reach: Vec<AreaReach>,
    pub radius: f64,
    pub k: usize,
    /// Notes for stderr (skipped features, areas without key).
    pub notes: Vec<String>,
}

/// Run the command: CSV to `--out`, the notes on stderr, a summary on stdout.
pub fn reach(args: &ReachArgs) -> Result<(), CliError> {
    super::guard::refuse_overwriting_inputs(
        &[&args.out],
        &[("--areas", &args.areas), ("--facilities", &args.facilities)],
    )?;
    let run = compute_reach(args)?;
    let csv = to_csv(&run, args.csv.csv_dialect)
        .map_err(|e| format!("CSV konnte nicht erzeugt werden ({e})."))?;
    crate::io::atomic::write_atomic(&args.out, csv.as_bytes()).map_err(|source| {
        CliError::Write {
            path: args.out.clone(),
            source,
        }
    })?;
    for n in &run.notes {
        eprintln!("{n}");
    }
    print_stdout(summary(&run, &args.out).trim_end());
    Ok(())
}

/// Read and check both layers and compute the reach of every area.
pub fn compute_reach(args: &ReachArgs) -> Result<ReachRun, String> {
    if !(args.radius.is_finite() && args.radius >= 0.0) {
        return Err(format!(
            "--radius braucht eine Entfernung in Metern (0 oder mehr), nicht „{}“.",
            args.radius
        ));
    }
    if !(1..=MAX_K).contains(&args.k) {
        return Err(format!(
            "--k braucht eine Anzahl von 1 bis {MAX_K}, nicht {}.",
            args.k
        ));
    }
    let mut notes = Vec::new();
    let areas = load_areas(&args.areas, &mut notes)?;
    let facilities = load_facilities(&args.facilities, &mut notes)?;

    let area_ids = area_ids(&areas, args.area_key.as_deref(), &args.areas, &mut notes)?;
    let area_titles = (0..areas.areas.len())
        .map(|i| areas.feature_title(i))
        .collect();
    let (facility_ids, facility_names, sites) = match &facilities {
        None => (Vec::new(), Vec::new(), Sites::default()),
        Some(layer) => {
            let names = facility_names(layer, args.facility_name.as_deref(), &args.facilities)?;
            let sites = Sites::from_layer(layer, areas.metric_crs).map_err(|e| {
                format!(
                    "Die Einrichtungen lassen sich nicht in das metrische Koordinatensystem der \
                     Gebiete ({}) umrechnen ({e}): {}",
                    areas.metric_crs.label(),
                    args.facilities.display()
                )
            })?;
            (facility_ids(layer), names, sites)
        }
    };
    let prepared = PreparedAreas::from_layer(&areas);
    let settings = ReachSettings {
        radii: vec![args.radius],
        k: args.k,
    };
    let reach = compute(&prepared, &sites, &settings);
    Ok(ReachRun {
        area_ids,
        area_titles,
        facility_ids,
        facility_names,
        reach,
        radius: args.radius,
        k: args.k,
        notes,
    })
}

fn skipped_note(report: &LoadReport, notes: &mut Vec<String>) {
    if let Some(first) = report.skipped.first() {
        notes.push(format!(
            "Hinweis: {} (zuerst Objekt {}: {}): {}",
            report.summary_de(),
            first.index + 1,
            first.reason,
            report.path
        ));
    }
}

fn load_areas(path: &Path, notes: &mut Vec<String>) -> Result<AreaLayer, String> {
    let loaded = load_path(path, &Cancel::default()).map_err(|e| e.to_string())?;
    skipped_note(&loaded.report, notes);
    match loaded.layer {
        Layer::Areas(layer) if !layer.areas.is_empty() => Ok(layer),
        Layer::Areas(_) => Err(format!(
            "--areas erwartet eine Flächenebene mit Gebieten, die Datei enthält aber keine \
             lesbaren Flächen: {}",
            path.display()
        )),
        Layer::Facilities(_) => Err(format!(
            "--areas erwartet eine Flächenebene (Gebiete wie Sozialräume), die Datei enthält aber \
             Punkte – Einrichtungen gehören zu --facilities: {}",
            path.display()
        )),
    }
}

/// The facility layer; `None` when the file holds no features at all (an empty file loads as
/// an empty layer without a kind).
fn load_facilities(path: &Path, notes: &mut Vec<String>) -> Result<Option<FacilityLayer>, String> {
    let loaded = load_path(path, &Cancel::default()).map_err(|e| e.to_string())?;
    skipped_note(&loaded.report, notes);
    match loaded.layer {
        Layer::Facilities(layer) => Ok(Some(layer)),
        Layer::Areas(layer) if layer.areas.is_empty() => Ok(None),
        Layer::Areas(_) => Err(format!(
            "--facilities erwartet eine Punktebene (Einrichtungen wie Nachbarschaftsbüros), die \
             Datei enthält aber Flächen – Gebiete gehören zu --areas: {}",
            path.display()
        )),
    }
}

fn field_list(schema: &Schema) -> String {
    let names: Vec<&str> = schema.fields.iter().map(|f| f.name.as_str()).collect();
    if names.is_empty() {
        "keine".to_owned()
    } else {
        names.join(", ")
    }
}

/// The key of each area: the `--area-key` field, else the first field, else the number.
fn area_ids(
    layer: &AreaLayer,
    key: Option<&str>,
    path: &Path,
    notes: &mut Vec<String>,
) -> Result<Vec<String>, String> {
    let field = match key {
        Some(k) => Some(layer.schema.index_of(k).ok_or_else(|| {
            format!(
                "Feld „{k}“ gibt es in der Flächenebene nicht (--area-key). Felder: {}. Datei: {}",
                field_list(&layer.schema),
                path.display()
            )
        })?),
        None => (!layer.schema.fields.is_empty()).then_some(0),
    };
    let Some(field) = field else {
        return Ok((1..=layer.areas.len()).map(|n| n.to_string()).collect());
    };
    let ids: Vec<String> = layer
        .areas
        .iter()
        .map(|a| a.values.get(field).and_then(key_text).unwrap_or_default())
        .collect();
    let missing = ids.iter().filter(|id| id.is_empty()).count();
    if missing > 0 {
        notes.push(format!(
            "Hinweis: {missing} Gebiete ohne Wert im Schlüsselfeld „{}“ – area_id bleibt dort leer.",
            layer.schema.fields[field].name
        ));
    }
    Ok(ids)
}

/// The `id` of each facility, else its number (1-based, in file order).
fn facility_ids(layer: &FacilityLayer) -> Vec<String> {
    let field = layer.schema.index_of("id").or_else(|| {
        layer
            .schema
            .fields
            .iter()
            .position(|f| f.name.eq_ignore_ascii_case("id"))
    });
    layer
        .facilities
        .iter()
        .enumerate()
        .map(|(i, f)| {
            field
                .and_then(|c| f.values.get(c))
                .and_then(key_text)
                .unwrap_or_else(|| (i + 1).to_string())
        })
        .collect()
}

/// The name of each facility: the `--facility-name` field, else `name`, else its title.
fn facility_names(
    layer: &FacilityLayer,
    field: Option<&str>,
    path: &Path,
) -> Result<Vec<String>, String> {
    let explicit = match field {
        Some(name) => Some(layer.schema.index_of(name).ok_or_else(|| {
            format!(
                "Feld „{name}“ gibt es in der Punktebene nicht (--facility-name). Felder: {}. \
                 Datei: {}",
                field_list(&layer.schema),
                path.display()
            )
        })?),
        None => None,
    };
    let default = layer.schema.index_of("name");
    Ok(layer
        .facilities
        .iter()
        .enumerate()
        .map(|(i, f)| match explicit {
            Some(c) => f.values.get(c).and_then(key_text).unwrap_or_default(),
            None => default
                .and_then(|c| f.values.get(c))
                .and_then(key_text)
                .unwrap_or_else(|| layer.feature_title(i)),
        })
        .collect())
}
