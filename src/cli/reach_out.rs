//! What `sozialatlas reach` writes: the CSV table (one row per area, through the shared CSV
//! writer and its dialects) and the German summary on stdout. It formats a computed
//! [`ReachRun`]; it reads no file and computes no distance.

use std::path::Path;

use super::reach::ReachRun;
use crate::io::csv_out::CsvDialect;
use crate::model::value::format_fixed_de;

/// A distance in metres with two decimals, in the dialect's decimal mark; empty for none.
fn metres(d: Option<f64>, dialect: CsvDialect) -> String {
    d.map(|d| dialect.decimal(format!("{d:.2}")))
        .unwrap_or_default()
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
