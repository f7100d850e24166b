//! The real binary: `sozialatlas reach` on the Frankfurt sample (123 Sozialräume, 16
//! Nachbarschaftsbüros) and on fixtures written into a temporary directory — the documented
//! columns, distances checked against geodesic distance (`geo::Geodesic`, Karney's algorithm),
//! the same figures from a CSV of the offices in lon/lat and in UTM 32N, an empty facility
//! file, wrong layer kinds and the German dialect.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use geo::{Centroid, Contains, Distance, Geodesic, Point};
use sozialatlas::crs::{Crs, Transformer};
use sozialatlas::io::{Cancel, load_path};
use sozialatlas::model::{AreaLayer, FacilityLayer, Layer};

const AREAS: &str = "sample-data/sozialraeume.geojson";
const OFFICES: &str = "sample-data/nachbarschaftsbueros.geojson";
const COLUMNS: [&str; 6] = [
    "area_id",
    "nearest_id",
    "nearest_name",
    "dist_edge_m",
    "dist_centroid_m",
    "count_within_radius",
];

fn root(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Run `sozialatlas reach --areas A --facilities F --out OUT EXTRA…`.
fn reach(areas: &Path, facilities: &Path, out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sozialatlas"))
        .arg("reach")
        .arg("--areas")
        .arg(areas)
        .arg("--facilities")
        .arg(facilities)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("binary runs")
}

fn succeeded(out: &Output) {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Header and rows of a CSV file with the given delimiter.
fn read_csv(path: &Path, delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_path(path)
        .unwrap();
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

/// The sample run with `extra` options, in a fresh temporary directory.
fn sample_run(extra: &[&str]) -> (Vec<String>, Vec<Vec<String>>, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reach.csv");
    let o = reach(&root(AREAS), &root(OFFICES), &out, extra);
    succeeded(&o);
    let (h, rows) = read_csv(&out, b',');
    (h, rows, String::from_utf8_lossy(&o.stdout).into_owned())
}

fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

fn metres(cell: &str) -> f64 {
    cell.parse::<f64>()
        .unwrap_or_else(|_| panic!("not metres: {cell:?}"))
}

fn load_areas(rel: &str) -> AreaLayer {
    match load_path(&root(rel), &Cancel::default()).unwrap().layer {
        Layer::Areas(l) => l,
        Layer::Facilities(_) => panic!("{rel} holds points"),
    }
}

fn load_points(rel: &str) -> FacilityLayer {
    match load_path(&root(rel), &Cancel::default()).unwrap().layer {
        Layer::Facilities(l) => l,
        Layer::Areas(_) => panic!("{rel} holds areas"),
    }
}

#[test]
fn the_csv_has_the_documented_columns_and_one_row_per_sozialraum() {
    let (header, rows, stdout) = sample_run(&[]);
    assert_eq!(header, COLUMNS);
    assert_eq!(rows.len(), 123);
    assert!(rows.iter().all(|r| r.len() == COLUMNS.len()));
    let ids: std::collections::HashSet<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids.len(), 123, "area_id is the sr_id, unique");
    assert!(ids.contains("SR-1-1"));
    // Two decimals, decimal point.
    for r in &rows {
        for cell in [&r[3], &r[4]] {
            let (_, frac) = cell.split_once('.').unwrap();
            assert_eq!(frac.len(), 2, "{cell}");
        }
    }
    assert!(stdout.contains("123 Gebiete"), "{stdout}");
    assert!(stdout.contains("16 Einrichtungen"), "{stdout}");
    assert!(stdout.contains("Median"), "{stdout}");
    assert!(stdout.contains("Umkreis von 1.000 m"), "{stdout}");
}

#[test]
fn the_boundary_is_never_farther_than_the_representative_point() {
    let (h, rows, _) = sample_run(&[]);
    let (edge, rep) = (col(&h, "dist_edge_m"), col(&h, "dist_centroid_m"));
    for r in &rows {
        assert!(
            metres(&r[edge]) <= metres(&r[rep]) + 0.01,
            "{}: edge {} > centroid {}",
            r[0],
            r[edge],
            r[rep]
        );
    }
}

#[test]
fn the_heimatsiedlung_has_a_finite_distance() {
    let (h, rows, _) = sample_run(&[]);
    let row = rows.iter().find(|r| r[0] == "SR-14-1").unwrap();
    for c in ["dist_edge_m", "dist_centroid_m"] {
        let d = metres(&row[col(&h, c)]);
        assert!(d.is_finite() && d >= 0.0, "{c} = {d}");
    }
    assert!(!row[col(&h, "nearest_id")].is_empty());
}

#[test]
fn an_office_inside_a_sozialraum_gives_zero_and_only_then() {
    let areas = load_areas(AREAS);
    let offices = load_points(OFFICES);
    let (h, rows, stdout) = sample_run(&[]);
    let edge = col(&h, "dist_edge_m");
    let mut zeros = 0;
    for (area, r) in areas.areas.iter().zip(&rows) {
        let inside = offices
            .facilities
            .iter()
            .any(|f| area.geometry.contains(&f.position));
        assert_eq!(r[edge] == "0.00", inside, "{}: {}", r[0], r[edge]);
        zeros += usize::from(inside);
    }
    assert!(zeros >= 1, "no office lies inside a Sozialraum");
    assert!(
        stdout.contains(&format!("Einrichtung innerhalb: {zeros}")),
        "{stdout}"
    );
}

#[test]
fn the_distance_from_the_centroid_agrees_with_geodesic_distance() {
    let areas = load_areas(AREAS);
    let offices = load_points(OFFICES);
    let (h, rows, _) = sample_run(&[]);
    let (rep, id) = (col(&h, "dist_centroid_m"), col(&h, "nearest_id"));
    let to_lonlat = Transformer::new(areas.metric_crs, Crs::WGS84).unwrap();
    let mut checked = 0;
    for (area, r) in areas.areas.iter().zip(&rows) {
        // The representative point is the metric centroid when that lies inside the area.
        let c = area.metric.centroid().unwrap();
        if !area.metric.contains(&c) {
            continue;
        }
        let c = to_lonlat.transform_point(&c).unwrap();
        let geodesic = offices
            .facilities
            .iter()
            .map(|f| Geodesic.distance(c, f.position))
            .fold(f64::INFINITY, f64::min);
        let got = metres(&r[rep]);
        assert!(
            (got - geodesic).abs() <= 0.05,
            "{}: CLI {got} m, geodesic {geodesic} m",
            r[0]
        );
        assert!(!r[id].is_empty());
        checked += 1;
    }
    assert!(checked >= 60, "only {checked} convex-enough areas checked");
}

/// The offices as CSV rows: id, name and the two coordinates (lon/lat or UTM 32N).
fn offices_csv(utm: bool) -> String {
    let offices = load_points(OFFICES);
    let to_utm = Transformer::new(Crs(4326), Crs::UTM32N).unwrap();
    let (id, name) = (
        offices.schema.index_of("id").unwrap(),
        offices.schema.index_of("name").unwrap(),
    );
    let mut text = if utm {
        "id;name;x;y\n".to_owned()
    } else {
        "id,name,lon,lat\n".to_owned()
    };
    for f in &offices.facilities {
        let (i, n) = (
            f.values[id].as_text().unwrap(),
            f.values[name].as_text().unwrap(),
        );
        if utm {
            let p: Point<f64> = to_utm.transform_point(&f.position).unwrap();
            // German style: decimal comma.
            let (x, y) = (format!("{:.4}", p.x()), format!("{:.4}", p.y()));
            text.push_str(&format!(
                "{i};{n};{};{}\n",
                x.replace('.', ","),
                y.replace('.', ",")
            ));
        } else {
            text.push_str(&format!(
                "{i},\"{n}\",{:?},{:?}\n",
                f.position.x(),
                f.position.y()
            ));
        }
    }
    text
}

#[test]
fn offices_from_a_lon_lat_csv_give_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let csv_in = dir.path().join("bueros.csv");
    std::fs::write(&csv_in, offices_csv(false)).unwrap();
    let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    succeeded(&reach(&root(AREAS), &root(OFFICES), &a, &["--k", "3"]));
    succeeded(&reach(&root(AREAS), &csv_in, &b, &["--k", "3"]));
    assert_eq!(
        std::fs::read_to_string(&a).unwrap(),
        std::fs::read_to_string(&b).unwrap()
    );
}

#[test]
fn offices_given_in_utm_agree_within_five_centimetres() {
    let dir = tempfile::tempdir().unwrap();
    let csv_in = dir.path().join("bueros_utm.csv");
    std::fs::write(&csv_in, offices_csv(true)).unwrap();
    let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    succeeded(&reach(&root(AREAS), &root(OFFICES), &a, &["--k", "3"]));
    succeeded(&reach(&root(AREAS), &csv_in, &b, &["--k", "3"]));
    let (ha, ra) = read_csv(&a, b',');
    let (hb, rb) = read_csv(&b, b',');
    assert_eq!(ha, hb);
    assert_eq!(ra.len(), rb.len());
    let distance_cols: Vec<usize> = ha
        .iter()
        .enumerate()
        .filter(|(_, h)| h.ends_with("_m"))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(distance_cols.len(), 4);
    for (x, y) in ra.iter().zip(&rb) {
        assert_eq!(x[0], y[0]);
        assert_eq!(x[1], y[1], "{}: nearest office", x[0]);
        for &c in &distance_cols {
            let (dx, dy) = (metres(&x[c]), metres(&y[c]));
            assert!((dx - dy).abs() <= 0.05, "{} {}: {dx} vs {dy}", x[0], ha[c]);
        }
    }
}

#[test]
fn an_empty_facility_file_writes_empty_distances_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("keine_bueros.geojson");
    std::fs::write(&empty, r#"{"type": "FeatureCollection", "features": []}"#).unwrap();
    let out = dir.path().join("reach.csv");
    let o = reach(&root(AREAS), &empty, &out, &["--k", "2"]);
    succeeded(&o);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("keine Einrichtungen"), "{stdout}");
    assert!(stdout.contains("0 Einrichtungen"), "{stdout}");
    assert!(stdout.contains("123 von 123 Gebieten"), "{stdout}");
    let (h, rows) = read_csv(&out, b',');
    assert_eq!(h.len(), 9);
    assert_eq!(rows.len(), 123);
    for r in &rows {
        assert!(!r[0].is_empty());
        // Everything about facilities is empty; none lies within the radius.
        for (name, cell) in h.iter().zip(r).skip(1) {
            let expected = if name == "count_within_radius" {
                "0"
            } else {
                ""
            };
            assert_eq!(cell, expected, "{}: {name}", r[0]);
        }
    }
}

#[test]
fn points_given_as_areas_are_refused_in_german_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reach.csv");
    let o = reach(&root(OFFICES), &root(OFFICES), &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("Fehler"), "{stderr}");
    assert!(
        stderr.contains("--areas erwartet eine Flächenebene"),
        "{stderr}"
    );
    assert!(stderr.contains("nachbarschaftsbueros.geojson"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn areas_given_as_facilities_are_refused_in_german() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reach.csv");
    let o = reach(&root(AREAS), &root(AREAS), &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("--facilities erwartet eine Punktebene"),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn bad_options_are_refused_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reach.csv");
    let cases: [(&[&str], &str); 5] = [
        (&["--area-key", "gibt_es_nicht"], "gibt_es_nicht"),
        (&["--facility-name", "gibt_es_nicht"], "gibt_es_nicht"),
        (&["--radius=-5"], "--radius"),
        (&["--k", "0"], "--k"),
        (&["--csv-dialect", "fr"], "standard oder de"),
    ];
    for (extra, needle) in cases {
        let o = reach(&root(AREAS), &root(OFFICES), &out, extra);
        assert_eq!(o.status.code(), Some(2), "{extra:?}");
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(stderr.contains(needle), "{extra:?}: {stderr}");
        assert!(!out.exists(), "{extra:?}");
    }
    let missing = dir.path().join("fehlt.geojson");
    let o = reach(&root(AREAS), &missing, &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Datei nicht gefunden"));
}

#[test]
fn k_3_adds_the_second_and_third_nearest_in_ascending_order() {
    let (h, rows, _) = sample_run(&["--k", "3"]);
    let mut expected: Vec<String> = COLUMNS.iter().map(|c| (*c).to_owned()).collect();
    for j in 2..=3 {
        for s in ["id", "name", "m"] {
            expected.push(format!("nearest_{j}_{s}"));
        }
    }
    assert_eq!(h, expected);
    assert_eq!(rows.len(), 123);
    let (d1, d2, d3) = (
        col(&h, "dist_edge_m"),
        col(&h, "nearest_2_m"),
        col(&h, "nearest_3_m"),
    );
    for r in &rows {
        assert!(metres(&r[d1]) <= metres(&r[d2]), "{}", r[0]);
        assert!(metres(&r[d2]) <= metres(&r[d3]), "{}", r[0]);
        let ids = [
            &r[1],
            &r[col(&h, "nearest_2_id")],
            &r[col(&h, "nearest_3_id")],
        ];
        assert!(ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2]);
        assert!(!r[col(&h, "nearest_3_name")].is_empty());
    }
    // The first columns do not change with k.
    let (_, plain, _) = sample_run(&[]);
    for (a, b) in rows.iter().zip(&plain) {
        assert_eq!(a[..COLUMNS.len()], b[..]);
    }
}

#[test]
fn the_count_within_the_radius_matches_the_listed_distances() {
    let (h, rows, _) = sample_run(&["--k", "16", "--radius", "2000"]);
    let count = col(&h, "count_within_radius");
    for r in &rows {
        let listed = h
            .iter()
            .zip(r)
            .filter(|(name, cell)| {
                (name.as_str() == "dist_edge_m"
                    || name.starts_with("nearest_") && name.ends_with("_m"))
                    && metres(cell) <= 2000.0
            })
            .count();
        assert_eq!(r[count], listed.to_string(), "{}", r[0]);
    }
}

#[test]
fn the_german_dialect_has_semicolons_decimal_commas_and_a_bom() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    succeeded(&reach(&root(AREAS), &root(OFFICES), &a, &["--k", "2"]));
    succeeded(&reach(
        &root(AREAS),
        &root(OFFICES),
        &b,
        &["--k", "2", "--csv-dialect", "de"],
    ));
    let german = std::fs::read_to_string(&b).unwrap();
    assert!(german.starts_with('\u{feff}'));
    let standard = std::fs::read_to_string(&a).unwrap();
    let converted = standard
        .lines()
        .map(|l| {
            // No commas inside the sample's names: every comma is a delimiter here.
            l.replace(',', ";")
                .split(';')
                .map(|c| {
                    if c.parse::<f64>().is_ok() && c.contains('.') {
                        c.replace('.', ",")
                    } else {
                        c.to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join(";")
        })
        .collect::<Vec<_>>();
    let german_lines: Vec<&str> = german.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(german_lines, converted);
}
