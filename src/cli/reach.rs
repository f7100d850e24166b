//! `sozialatlas reach`: how far each area is from the facilities of a point layer — the
//! distance from its boundary and from its representative point to the nearest facility, the k
//! nearest facilities and the number within a radius — written as CSV with a German summary.
//!
//! Both files can be in any supported format and CRS; the facilities are brought into the
//! areas' metric CRS by [`Sites::from_layer`]. The distances come from
//! [`crate::analysis::reach::compute`]; this module only reads, checks, formats and writes.
//! Bad input ends with a German message and exit code 2, and nothing is written.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::EXIT_BAD_INPUT;
use crate::analysis::index::output::CsvDialect;
use crate::analysis::join::key_text;
use crate::analysis::reach::{AreaReach, PreparedAreas, ReachSettings, Sites, compute};
use crate::io::{Cancel, LoadReport, load_path};
use crate::model::value::{Schema, format_fixed_de};
use crate::model::{AreaLayer, FacilityLayer, Layer};

/// The largest `--k` (the CSV gets three columns per facility).
pub const MAX_K: usize = 50;

/// Options of `sozialatlas reach`.
#[derive(Debug, Clone)]
pub struct ReachArgs {
    pub areas: PathBuf,
    pub facilities: PathBuf,
    /// Key field of the areas (default: the layer's first field).
    pub area_key: Option<String>,
    /// Name field of the facilities (default: `name`, else the facility's title).
    pub facility_name: Option<String>,
    /// Radius in metres for `count_within_radius`.
    pub radius: f64,
    /// How many nearest facilities to list (1 ..= [`MAX_K`]).
    pub k: usize,
    pub dialect: CsvDialect,
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

/// Run the command: CSV to `--out`, a summary on stdout.
pub fn reach(args: &ReachArgs) -> ExitCode {
    let written = super::guard::refuse_overwriting_inputs(
        &[&args.out],
        &[("--areas", &args.areas), ("--facilities", &args.facilities)],
    )
    .and_then(|()| compute_reach(args))
    .and_then(|run| {
        let csv = to_csv(&run, args.dialect)
            .map_err(|e| format!("CSV konnte nicht erzeugt werden ({e})."))?;
        crate::io::atomic::write_atomic(&args.out, csv.as_bytes()).map_err(|e| {
            format!(
                "Datei kann nicht geschrieben werden ({e}): {}",
                args.out.display()
            )
        })?;
        Ok(run)
    });
    match written {
        Ok(run) => {
            for n in &run.notes {
                eprintln!("{n}");
            }
            let mut stdout = std::io::stdout().lock();
            let _ = writeln!(stdout, "{}", summary(&run, &args.out).trim_end());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("Fehler: {e}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
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

/// A distance in metres with two decimals, in the dialect's decimal mark; empty for none.
fn metres(d: Option<f64>, dialect: CsvDialect) -> String {
    match d {
        None => String::new(),
        Some(d) => {
            let s = format!("{d:.2}");
            match dialect {
                CsvDialect::Standard => s,
                CsvDialect::German => s.replace('.', ","),
            }
        }
    }
}

/// The CSV text: `area_id, nearest_id, nearest_name, dist_edge_m, dist_centroid_m,
/// count_within_radius`, then `nearest_j_id, nearest_j_name, nearest_j_m` for j = 2 ..= k.
pub fn to_csv(run: &ReachRun, dialect: CsvDialect) -> Result<String, csv::Error> {
    let mut w = dialect.writer();
    let mut header: Vec<String> = [
        "area_id",
        "nearest_id",
        "nearest_name",
        "dist_edge_m",
        "dist_centroid_m",
        "count_within_radius",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for j in 2..=run.k {
        header.push(format!("nearest_{j}_id"));
        header.push(format!("nearest_{j}_name"));
        header.push(format!("nearest_{j}_m"));
    }
    w.row(&header)?;
    let id = |f: usize| run.facility_ids.get(f).cloned().unwrap_or_default();
    let name = |f: usize| run.facility_names.get(f).cloned().unwrap_or_default();
    for (area, r) in run.reach.iter().enumerate() {
        let first = r.k_nearest.first();
        let mut row = vec![
            run.area_ids.get(area).cloned().unwrap_or_default(),
            first.map(|f| id(f.0)).unwrap_or_default(),
            first.map(|f| name(f.0)).unwrap_or_default(),
            metres(r.dist_edge, dialect),
            metres(r.dist_rep, dialect),
            r.within.first().copied().unwrap_or(0).to_string(),
        ];
        for j in 1..run.k {
            let f = r.k_nearest.get(j);
            row.push(f.map(|f| id(f.0)).unwrap_or_default());
            row.push(f.map(|f| name(f.0)).unwrap_or_default());
            row.push(metres(f.map(|f| f.1), dialect));
        }
        w.row(&row)?;
    }
    w.finish()
}

fn whole_metres(d: f64) -> String {
    format!("{} m", format_fixed_de(d, 0))
}

/// The German summary: counts, mean / median / maximum distance from the boundary, and the
/// areas without a facility within the radius.
pub fn summary(run: &ReachRun, out: &Path) -> String {
    let n = run.reach.len();
    let mut s = format!(
        "Erreichbarkeit: {n} Gebiete, {} Einrichtungen\n",
        run.facility_ids.len()
    );
    let radius = whole_metres(run.radius);
    let mut edge: Vec<(f64, usize)> = run
        .reach
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.dist_edge.map(|d| (d, i)))
        .collect();
    if edge.is_empty() {
        s.push_str(
            "Die Einrichtungsdatei enthält keine Einrichtungen – die Spalten zu Entfernungen und \
             nächsten Einrichtungen bleiben leer.\n",
        );
    } else {
        edge.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let m = edge.len();
        let mean = edge.iter().map(|e| e.0).sum::<f64>() / m as f64;
        let median = if m % 2 == 1 {
            edge[m / 2].0
        } else {
            (edge[m / 2 - 1].0 + edge[m / 2].0) / 2.0
        };
        let (max, far) = edge[m - 1];
        let far_name = match (run.area_ids.get(far), run.area_titles.get(far)) {
            (Some(id), Some(title)) if !id.is_empty() && id != title => format!("{id} {title}"),
            (_, Some(title)) => title.clone(),
            _ => String::new(),
        };
        s.push_str(&format!(
            "Entfernung vom Gebietsrand zur nächsten Einrichtung: Mittel {}, Median {}, \
             Maximum {} ({far_name})\n",
            whole_metres(mean),
            whole_metres(median),
            whole_metres(max)
        ));
        let inside = run
            .reach
            .iter()
            .filter(|r| r.dist_edge == Some(0.0))
            .count();
        s.push_str(&format!(
            "Gebiete mit einer Einrichtung innerhalb: {inside}\n"
        ));
    }
    let without = run
        .reach
        .iter()
        .filter(|r| r.within.first().copied().unwrap_or(0) == 0)
        .count();
    s.push_str(&format!(
        "Ohne Einrichtung im Umkreis von {radius} (ab Gebietsrand): {without} von {n} Gebieten\n"
    ));
    s.push_str(&format!("Geschrieben: {}\n", out.display()));
    s
}
