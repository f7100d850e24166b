//! The class map (choropleth) on the real Frankfurt sample: aggregation to Stadtteile and
//! Sozialrathäuser, privacy suppression, classification against mapclassify, the legend, and
//! the class map in the application state (manual breaks across editions, brushing).
//!
//! Expected figures are recomputed here from the files in `sample-data/` (parsed by hand, not
//! through the crate's readers) or taken from `tests/data/mapclassify_reference.json`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use sozialatlas::analysis::aggregate::Level;
use sozialatlas::analysis::classify::Method;
use sozialatlas::analysis::data::AreaTable;
use sozialatlas::analysis::join::join;
use sozialatlas::analysis::privacy::{Datum, PrivacyRules};
use sozialatlas::analysis::thematic::{
    LegendKind, ThematicSettings, ThematicView, base_table, build_view, level_table,
};
use sozialatlas::io::meta::FieldLabels;
use sozialatlas::io::table::read_table;
use sozialatlas::io::{Cancel, load_path};
use sozialatlas::model::{AreaLayer, Layer, Value};
use sozialatlas::state::{AppState, Command, FeatureRef, sample_paths};

// ---------------------------------------------------------------------------------------------
// Loading through the crate

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
}

fn sozialraeume() -> AreaLayer {
    let path = sample("sozialraeume.geojson");
    match load_path(&path, &Cancel::default())
        .expect("sample layer loads")
        .layer
    {
        Layer::Areas(layer) => layer,
        Layer::Facilities(_) => panic!("sozialraeume.geojson is not an area layer"),
    }
}

fn labels() -> FieldLabels {
    let mut labels = FieldLabels::built_in();
    let n = labels
        .read_metadata(&sample("indikatoren_meta.csv"))
        .expect("metadata reads");
    assert_eq!(n, 23, "indikatoren_meta.csv has 23 indicator rows");
    labels
}

/// The layer's attributes merged with the joined indicator table of `year`.
fn base(layer: &AreaLayer, year: u32) -> AreaTable {
    let table = read_table(&sample(&format!("indikatoren_{year}.csv"))).expect("table reads");
    let edition = join(layer, "sr_id", &table, "sr_id").expect("join by sr_id");
    assert_eq!(edition.report.matched, 123);
    base_table(layer, Some(&AreaTable::new(edition.schema, edition.values)))
}

fn no_privacy() -> PrivacyRules {
    PrivacyRules {
        enabled: false,
        ..PrivacyRules::default()
    }
}

fn settings(field: &str, level: Level, privacy: PrivacyRules) -> ThematicSettings {
    let mut s = ThematicSettings::new(field, None);
    s.level = level;
    s.privacy = privacy;
    s
}

fn view(
    layer: &AreaLayer,
    base: &AreaTable,
    labels: &FieldLabels,
    s: &ThematicSettings,
) -> ThematicView {
    let rows = level_table(layer, base, s.level, labels).expect("level exists in the sample");
    build_view(rows, labels, s)
}

fn sr_id(layer: &AreaLayer, i: usize) -> String {
    match layer.value(i, "sr_id") {
        Some(Value::Text(t)) => t.clone(),
        other => panic!("area {i} has sr_id {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Independent readings of the sample files

/// One CSV row of an indicator table by column name (raw text).
type CsvRow = HashMap<String, String>;

/// The rows of `indikatoren_{year}.csv`, split by hand (`;`, UTF-8 BOM, no quoting in the file).
fn csv_rows(year: u32) -> Vec<CsvRow> {
    let text = std::fs::read_to_string(sample(&format!("indikatoren_{year}.csv"))).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(';').collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            header
                .iter()
                .zip(l.split(';'))
                .map(|(h, v)| ((*h).to_owned(), v.trim().to_owned()))
                .collect()
        })
        .collect()
}

/// A number of a CSV row (decimal comma).
fn num(row: &CsvRow, column: &str) -> f64 {
    let text = row
        .get(column)
        .unwrap_or_else(|| panic!("no column {column}"));
    text.replace(',', ".")
        .parse()
        .unwrap_or_else(|_| panic!("{column}: {text} is no number"))
}

/// Properties of each Sozialraum from the GeoJSON text, by `sr_id`.
fn geojson_properties() -> BTreeMap<String, serde_json::Map<String, Json>> {
    let text = std::fs::read_to_string(sample("sozialraeume.geojson")).unwrap();
    let v: Json = serde_json::from_str(&text).unwrap();
    v["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = f["properties"].as_object().unwrap().clone();
            (p["sr_id"].as_str().unwrap().to_owned(), p)
        })
        .collect()
}

fn text_property(p: &serde_json::Map<String, Json>, key: &str) -> String {
    p[key].as_str().unwrap().to_owned()
}

/// The indicator columns of the metadata table: (field, numerator, denominator).
fn meta_fields() -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(sample("indikatoren_meta.csv")).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(';').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (feld, zaehler, nenner) = (col("feld"), col("zaehler"), col("nenner"));
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cells: Vec<&str> = l.split(';').collect();
            (
                cells[feld].to_owned(),
                cells[zaehler].to_owned(),
                cells[nenner].to_owned(),
            )
        })
        .collect()
}

fn relative_close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * a.abs().max(b.abs()).max(1.0)
}

fn legend_row(
    v: &ThematicView,
    kind: LegendKind,
) -> Option<&sozialatlas::analysis::thematic::LegendRow> {
    v.legend.iter().find(|r| r.kind == kind)
}

// ---------------------------------------------------------------------------------------------
// 1. Aggregation

/// Checks one level: for each group of Sozialräume (by `group_property` of the GeoJSON), the
/// mapped rate equals Σ numerator / Σ denominator × 100 over the group's CSV rows, residents
/// are summed, and the unweighted mean of the member rates is off for at least one group.
fn check_aggregation(
    level: Level,
    group_property: &str,
    rate: &str,
    numerator: &str,
    denominator: &str,
    expected_groups: usize,
) {
    let layer = sozialraeume();
    let labels = labels();
    let base = base(&layer, 2024);
    let props = geojson_properties();
    let mut groups: BTreeMap<String, Vec<CsvRow>> = BTreeMap::new();
    for row in csv_rows(2024) {
        let p = &props[&row["sr_id"]];
        groups
            .entry(text_property(p, group_property))
            .or_default()
            .push(row);
    }
    assert_eq!(
        groups.len(),
        expected_groups,
        "distinct {group_property} values in the GeoJSON"
    );

    let v = view(&layer, &base, &labels, &settings(rate, level, no_privacy()));
    assert_eq!(v.titles.len(), groups.len(), "one row per {group_property}");
    assert_eq!(v.data.len(), groups.len());
    let residents = v.column("einwohner");
    let mut largest_gap_to_mean = 0.0f64;
    for (row, title) in v.titles.iter().enumerate() {
        let members = groups
            .get(title)
            .unwrap_or_else(|| panic!("row {row} is {title}, no such {group_property}"));
        assert_eq!(v.members[row].len(), members.len(), "{title}: members");
        let z: f64 = members.iter().map(|r| num(r, numerator)).sum();
        let n: f64 = members.iter().map(|r| num(r, denominator)).sum();
        let weighted = z / n * 100.0;
        let Datum::Value(got) = v.data[row] else {
            panic!("{title}: {rate} is {:?}", v.data[row]);
        };
        assert!(
            relative_close(got, weighted, 1e-12),
            "{title}: {rate} = {got}, Σ{numerator}/Σ{denominator}×100 = {weighted}"
        );
        let mean = members.iter().map(|r| num(r, rate)).sum::<f64>() / members.len() as f64;
        largest_gap_to_mean = largest_gap_to_mean.max((mean - got).abs());
        let ew: f64 = members.iter().map(|r| num(r, "einwohner")).sum();
        assert_eq!(
            residents[row],
            Datum::Value(ew),
            "{title}: einwohner summed"
        );
    }
    // The sample's groups mix large and small Sozialräume, so averaging the member rates
    // would be off by more than a percentage point somewhere.
    assert!(
        largest_gap_to_mean > 1.0,
        "the weighted rate never differs from the unweighted mean (max gap {largest_gap_to_mean})"
    );
}

#[test]
fn stadtteil_sgb2_quote_is_summed_persons_over_summed_residents_under_65_not_a_mean() {
    check_aggregation(
        Level::Stadtteil,
        "stadtteil",
        "sgb2_quote",
        "sgb2_personen",
        "einw_unter65",
        44,
    );
}

#[test]
fn sozialrathaus_kinderarmut_is_summed_children_in_sgb2_over_summed_children_not_a_mean() {
    check_aggregation(
        Level::Sozialrathaus,
        "sozialrathaus",
        "kinderarmut",
        "kinder_sgb2",
        "kinder_unter15",
        7,
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Privacy

/// The Sozialräume with fewer than 300 residents in the GeoJSON: (area index, residents).
fn small_areas(layer: &AreaLayer) -> BTreeMap<usize, f64> {
    let props = geojson_properties();
    (0..layer.areas.len())
        .filter_map(|i| {
            let ew = props[&sr_id(layer, i)]["einwohner"].as_f64().unwrap();
            (ew < 300.0).then_some((i, ew))
        })
        .collect()
}

#[test]
fn default_privacy_hides_every_indicator_of_exactly_the_sozialraeume_under_300_residents() {
    let layer = sozialraeume();
    let labels = labels();
    let base = base(&layer, 2024);
    let small = small_areas(&layer);
    assert_eq!(
        small.len(),
        6,
        "the sample README names six nearly empty areas"
    );

    let v = view(
        &layer,
        &base,
        &labels,
        &settings("sgb2_quote", Level::Base, PrivacyRules::default()),
    );
    let indicators: Vec<String> = meta_fields()
        .into_iter()
        .map(|(f, _, _)| f)
        .filter(|f| f != "einwohner")
        .collect();
    assert_eq!(indicators.len(), 22);
    for field in &indicators {
        let column = v.column(field);
        assert_eq!(column.len(), 123);
        for (i, d) in column.iter().enumerate() {
            if small.contains_key(&i) {
                assert_eq!(*d, Datum::Suppressed, "{field} of {}", sr_id(&layer, i));
            } else {
                assert!(
                    matches!(d, Datum::Value(_)),
                    "{field} of {} is {d:?}",
                    sr_id(&layer, i)
                );
            }
        }
    }
    // The residents figure is the reason for the rule and stays visible.
    for (i, ew) in &small {
        assert_eq!(v.column("einwohner")[*i], Datum::Value(*ew));
    }
    let hidden = legend_row(&v, LegendKind::Suppressed).expect("an „unterdrückt“ legend row");
    let label = v.legend_label(hidden, sozialatlas::i18n::Words::new(false));
    assert!(label.contains("unterdrückt"), "{label}");
    assert_eq!(hidden.areas, 6);
    assert_eq!(hidden.residents, Some(small.values().sum::<f64>()));
    assert_eq!(hidden.residents, Some(1251.0));
}

#[test]
fn with_zero_thresholds_or_privacy_switched_off_nothing_is_suppressed() {
    let layer = sozialraeume();
    let labels = labels();
    let base = base(&layer, 2024);
    let zero = PrivacyRules {
        min_population: 0.0,
        min_count: 0.0,
        ..PrivacyRules::default()
    };
    for (name, rules) in [("zero thresholds", zero), ("switched off", no_privacy())] {
        let v = view(
            &layer,
            &base,
            &labels,
            &settings("sgb2_quote", Level::Base, rules),
        );
        assert!(v.suppression.small_areas.is_empty(), "{name}");
        assert_eq!(v.suppression.small_counts, 0, "{name}");
        for (field, _, _) in meta_fields() {
            let hidden = v
                .column(&field)
                .iter()
                .filter(|d| **d == Datum::Suppressed)
                .count();
            assert_eq!(hidden, 0, "{name}: {field}");
        }
        assert!(legend_row(&v, LegendKind::Suppressed).is_none(), "{name}");
        let classified: usize = v.classification.as_ref().unwrap().counts.iter().sum();
        assert_eq!(classified, 123, "{name}");
    }
}

#[test]
fn counts_of_one_or_two_and_the_rates_built_on_them_are_suppressed() {
    // Residents threshold off, count threshold 3 on: the small counts of the nearly empty
    // areas (e.g. SR-44-2 with 1 child in SGB II in 2024) become visible to the rule.
    let rules = PrivacyRules {
        min_population: 0.0,
        ..PrivacyRules::default()
    };
    let layer = sozialraeume();
    let labels = labels();
    let base = base(&layer, 2024);
    let v = view(
        &layer,
        &base,
        &labels,
        &settings("kinderarmut", Level::Base, rules),
    );
    let rows = csv_rows(2024);
    let meta = meta_fields();
    let is_rate = |f: &str| meta.iter().any(|(m, z, _)| m == f && !z.is_empty());
    let small = |row: &CsvRow, f: &str| {
        f != "einwohner" && !is_rate(f) && {
            let x = num(row, f);
            x > 0.0 && x < 3.0
        }
    };
    let mut seen_small = 0;
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(
            row["sr_id"],
            sr_id(&layer, i),
            "CSV and GeoJSON share the order"
        );
        for (field, z, n) in &meta {
            let hidden = if z.is_empty() {
                small(row, field)
            } else {
                small(row, z) || small(row, n)
            };
            let got = v.column(field)[i];
            if hidden {
                seen_small += 1;
                assert_eq!(got, Datum::Suppressed, "{field} of {}", row["sr_id"]);
            } else {
                assert_eq!(
                    got,
                    Datum::Value(num(row, field)),
                    "{field} of {}",
                    row["sr_id"]
                );
            }
        }
    }
    assert!(seen_small > 0, "the sample has small counts");
    assert_eq!(v.suppression.small_counts, seen_small);

    // The case named above, spelled out.
    let i = (0..123).find(|&i| sr_id(&layer, i) == "SR-44-2").unwrap();
    assert_eq!(base.number(i, "kinder_sgb2"), Some(1.0));
    assert_eq!(v.column("kinder_sgb2")[i], Datum::Suppressed);
    assert_eq!(v.data[i], Datum::Suppressed, "kinderarmut of SR-44-2");
    assert!(matches!(v.column("kinder_unter15")[i], Datum::Value(x) if x >= 3.0));
    assert!(!v.suppression.small_areas.contains(&i));
}

// ---------------------------------------------------------------------------------------------
// 3. Classification against mapclassify

fn reference() -> Json {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mapclassify_reference.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn floats(v: &Json) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

/// The reference figures come from PySAL mapclassify 2.10.0 (numpy 2.4.6, scipy 1.17.1), run
/// by `tests/reference/mapclassify_reference.py` on the `sgb2_quote` column of
/// `sample-data/indikatoren_2024.csv` and stored in `tests/data/mapclassify_reference.json`
/// (data set "sgb2_quote"). Every case of that data set is rebuilt here as a class map of the
/// joined Sozialräume with privacy switched off: the bins must agree within 1e-9 relative,
/// the counts — of the classification and of the legend — exactly.
#[test]
fn the_sgb2_quote_class_map_of_2024_has_mapclassifys_bins_and_counts_for_every_method() {
    let reference = reference();
    let layer = sozialraeume();
    let labels = labels();
    let base = base(&layer, 2024);

    let mut expected_values = floats(&reference["datasets"]["sgb2_quote"]["values"]);
    expected_values.sort_by(f64::total_cmp);
    let cases: Vec<&Json> = reference["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["dataset"] == "sgb2_quote")
        .collect();
    let methods: BTreeSet<&str> = cases
        .iter()
        .map(|c| c["method"].as_str().unwrap())
        .collect();
    for m in [
        "quantile",
        "equal",
        "jenks",
        "sd",
        "box",
        "percentile",
        "manual",
    ] {
        assert!(methods.contains(m), "reference has no {m} case");
    }

    for case in cases {
        let method_name = case["method"].as_str().unwrap();
        let name = format!("{method_name} k={} manual={}", case["k"], case["manual"]);
        assert!(case.get("error").is_none(), "{name}: reference raised");
        let mut s = settings("sgb2_quote", Level::Base, no_privacy());
        s.method = Method::from_cli_name(method_name).unwrap();
        if let Some(k) = case["k"].as_u64() {
            s.k = usize::try_from(k).unwrap();
        }
        if case.get("manual").is_some() {
            s.manual = floats(&case["manual"]);
        }
        let v = view(&layer, &base, &labels, &s);

        let mut values: Vec<f64> = v.data.iter().filter_map(|d| d.value()).collect();
        values.sort_by(f64::total_cmp);
        assert_eq!(values, expected_values, "{name}: the classified values");

        let c = v
            .classification
            .as_ref()
            .unwrap_or_else(|| panic!("{name}: {:?}", v.notes));
        let bins = floats(&case["bins"]);
        assert_eq!(c.bins.len(), bins.len(), "{name}: {:?} vs {bins:?}", c.bins);
        for (ours, theirs) in c.bins.iter().zip(&bins) {
            // Scale: the data's largest magnitude (31.7), for breaks near zero (mean − 2 sd).
            let tol = 1e-9 * ours.abs().max(theirs.abs()).max(31.7);
            assert!(
                (ours - theirs).abs() <= tol,
                "{name}: bins {:?} vs {bins:?}",
                c.bins
            );
        }
        let counts: Vec<usize> = case["counts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| usize::try_from(x.as_u64().unwrap()).unwrap())
            .collect();
        assert_eq!(c.counts, counts, "{name}: classification counts");
        let legend_counts: Vec<usize> = v
            .legend
            .iter()
            .filter(|r| matches!(r.kind, LegendKind::Class(_)))
            .map(|r| r.areas)
            .collect();
        assert_eq!(legend_counts, counts, "{name}: legend counts");
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Legend

#[test]
fn legend_rows_account_for_every_area_and_every_resident() {
    let layer = sozialraeume();
    let labels = labels();
    let zero_pop = PrivacyRules {
        min_population: 0.0,
        ..PrivacyRules::default()
    };
    let mut saw_suppressed = false;
    for year in [2022, 2024] {
        let base = base(&layer, year);
        for level in Level::ALL {
            for field in [
                "sgb2_quote",
                "kinderarmut",
                "grundsicherung_alter",
                "einwohner",
            ] {
                for rules in [PrivacyRules::default(), zero_pop.clone(), no_privacy()] {
                    for method in [Method::Quantile, Method::BoxPlot] {
                        let mut s = settings(field, level, rules.clone());
                        s.method = method;
                        let v = view(&layer, &base, &labels, &s);
                        let name = format!("{year} {level:?} {field} {method:?} {rules:?}");
                        let rows = v.data.len();
                        assert_eq!(rows, v.titles.len(), "{name}");
                        let areas: usize = v.legend.iter().map(|r| r.areas).sum();
                        assert_eq!(areas, rows, "{name}: areas over legend rows");
                        let residents: f64 = v.legend.iter().map(|r| r.residents.unwrap()).sum();
                        let total: f64 = v.table.column("einwohner").iter().flatten().sum();
                        assert_eq!(residents, total, "{name}: residents over legend rows");
                        saw_suppressed |= legend_row(&v, LegendKind::Suppressed).is_some();
                    }
                }
            }
        }
    }
    assert!(saw_suppressed, "some combination has an „unterdrückt“ row");
    // The city's residents (GeoJSON, 2024) are what the base level sums to.
    let city: f64 = geojson_properties()
        .values()
        .map(|p| p["einwohner"].as_f64().unwrap())
        .sum();
    let v = view(
        &layer,
        &base(&layer, 2024),
        &labels,
        &settings("sgb2_quote", Level::Stadtteil, PrivacyRules::default()),
    );
    let residents: f64 = v.legend.iter().map(|r| r.residents.unwrap()).sum();
    assert_eq!(residents, city);
}

// ---------------------------------------------------------------------------------------------
// 5. and 6. The class map in the application state

/// The sample as the window opens it: layers plus both indicator tables joined.
fn sample_state() -> (AppState, u64) {
    let mut state = AppState::default();
    state.apply(sozialatlas::state::Command::LoadNow(
        sample_paths().to_vec(),
    ));
    let layer = state
        .thematic()
        .as_ref()
        .expect("a class map after loading")
        .layer;
    (state, layer)
}

fn edition_index(state: &AppState, layer: u64, year: &str) -> usize {
    let entry = state.layer(layer).unwrap();
    entry
        .editions
        .iter()
        .position(|e| e.label == year)
        .unwrap_or_else(|| panic!("no edition {year}"))
}

/// The largest shown SGB-II rate of a year under default privacy, from the CSV.
fn max_shown_sgb2_quote(year: u32) -> f64 {
    csv_rows(year)
        .iter()
        .filter(|r| num(r, "einwohner") >= 300.0)
        .map(|r| num(r, "sgb2_quote"))
        .fold(f64::NEG_INFINITY, f64::max)
}

#[test]
fn manual_breaks_stay_when_the_edition_changes() {
    let (mut state, layer) = sample_state();
    let e2022 = edition_index(&state, layer, "2022");
    let e2024 = edition_index(&state, layer, "2024");
    assert_ne!(e2022, e2024);

    let mut s = state.thematic().unwrap().settings.clone();
    s.field = "sgb2_quote".to_owned();
    s.level = Level::Base;
    s.edition = Some(e2022);
    s.method = Method::Manual;
    s.manual = vec![5.0, 10.0, 20.0];
    state.apply(Command::SetThematic(layer, s));
    let t = state.thematic().unwrap();
    let max2022 = max_shown_sgb2_quote(2022);
    assert_eq!(
        t.view.classification.as_ref().unwrap().bins,
        vec![5.0, 10.0, 20.0, max2022]
    );

    let mut s = t.settings.clone();
    s.edition = Some(e2024);
    state.apply(Command::SetThematic(layer, s));
    let t = state.thematic().unwrap();
    let max2024 = max_shown_sgb2_quote(2024);
    assert_ne!(max2022, max2024, "the editions' maxima differ");
    assert_eq!(t.settings.edition, Some(e2024));
    assert_eq!(t.settings.method, Method::Manual);
    assert_eq!(t.settings.manual, vec![5.0, 10.0, 20.0]);
    let c = t.view.classification.as_ref().unwrap();
    assert_eq!(c.bins, vec![5.0, 10.0, 20.0, max2024]);
    // The 2024 values are classified: the SGB-II rate of SR-1-1 in 2024 is 8.0 (2022: 7.9).
    let first = csv_rows(2024)[0].clone();
    assert_eq!(first["sr_id"], "SR-1-1");
    assert_eq!(t.view.data[0], Datum::Value(num(&first, "sgb2_quote")));
    assert_eq!(t.view.classes[0], Some(1));
}

#[test]
fn brushed_stadtteil_rows_are_kept_and_selecting_a_sozialraum_brushes_its_row() {
    let (mut state, layer) = sample_state();
    let mut s = state.thematic().unwrap().settings.clone();
    s.level = Level::Stadtteil;
    state.apply(Command::SetThematic(layer, s.clone()));
    let rows = state.thematic().unwrap().rows();
    assert_eq!(rows, 44);

    let wanted: BTreeSet<usize> = [0, 7, 43].into_iter().collect();
    let mut asked = wanted.clone();
    asked.insert(rows + 5); // no such row: dropped
    state.apply(Command::Brush(asked));
    assert_eq!(state.thematic().unwrap().brushed, wanted);

    // Recomputing the map at the same level (another method) keeps the brushed rows.
    s.method = Method::FisherJenks;
    state.apply(Command::SetThematic(layer, s.clone()));
    assert_eq!(state.thematic().unwrap().brushed, wanted);

    // Selecting a Sozialraum on the Stadtteil map brushes the row of its Stadtteil.
    let layer_areas = match &state.layer(layer).unwrap().layer {
        Layer::Areas(a) => a.clone(),
        Layer::Facilities(_) => panic!("the thematic layer has areas"),
    };
    let heimatsiedlung = (0..layer_areas.areas.len())
        .find(|&i| sr_id(&layer_areas, i) == "SR-14-1")
        .unwrap();
    state.apply(Command::Select(Some(FeatureRef {
        layer,
        feature: heimatsiedlung,
    })));
    let t = state.thematic().unwrap();
    assert_eq!(t.brushed.len(), 1);
    let row = *t.brushed.first().unwrap();
    assert_eq!(t.view.titles[row], "Sachsenhausen-Süd");

    // At the base level the Sozialraum's own row is brushed.
    s.level = Level::Base;
    state.apply(Command::SetThematic(layer, s));
    assert!(
        state.thematic().unwrap().brushed.is_empty(),
        "new level, nothing brushed"
    );
    state.apply(Command::Select(Some(FeatureRef {
        layer,
        feature: heimatsiedlung,
    })));
    let t = state.thematic().unwrap();
    assert_eq!(t.brushed, [heimatsiedlung].into_iter().collect());
    assert_eq!(t.view.row_of_base(heimatsiedlung), Some(heimatsiedlung));
    assert_eq!(
        state.selection(),
        Some(FeatureRef {
            layer,
            feature: heimatsiedlung
        })
    );
}
