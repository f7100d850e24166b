//! The bad-input matrix: files a planner may really be handed — empty, truncated, of the wrong
//! type, with impossible numbers, broken or huge geometry, duplicate keys, the wrong encoding
//! or delimiter, incomplete shapefiles, projected coordinates, a gigabyte of zero bytes, a
//! corrupt project file.
//!
//! Every case opens the file the way the window does — on top of the open sample (layers,
//! joined editions, class map), through `Command::OpenPaths` and `poll_loading` — and asserts
//! three things: no panic, a German message naming the problem (an error, or the load report's
//! note or skip reason when the rest loads), and the open work unchanged.
//!
//! Decisions worth knowing:
//! - A self-intersecting ("bow-tie") polygon loads with a note, as in QGIS, which reads
//!   invalid geometry and flags it; skipping it would hide a Sozialraum from the map.
//! - An unclosed ring is closed, as GDAL does.
//! - NaN, Infinity and numbers beyond `f64` are not JSON; the file is refused with the line
//!   and column, like any other JSON error.
//! - Duplicate JSON keys in a feature's properties: the last value wins (as in most JSON
//!   readers). Areas sharing a key in a join, and table rows sharing a key, are reported.
//! - A gigabyte of zero bytes is refused after reading its first 64 KiB; a probe allocator
//!   checks that no reader allocates anywhere near the file's size.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::{Path, PathBuf};

use geo::CoordsIter;
use sozialatlas::crs::Crs;
use sozialatlas::io::table::{parse_csv_text, read_table};
use sozialatlas::io::{Cancel, CrsSource, LoadError, load_path};
use sozialatlas::model::{Layer, Value};
use sozialatlas::project::Project;
use sozialatlas::state::{AppState, Command, LayerEntry, Message, MessageKind, sample_paths};

mod probe;
use probe::largest_allocation;

/// Records the largest single allocation of each thread (see `tests/probe/`).
#[global_allocator]
static GLOBAL: probe::Probe = probe::Probe;

// ---------------------------------------------------------------------------------------------
// The open work and how a file is opened on top of it.

/// The sample as the window opens it: layers, both indicator editions joined, a class map.
fn sample() -> AppState {
    let mut s = AppState::default();
    s.apply(sozialatlas::state::Command::LoadNow(
        sample_paths().to_vec(),
    ));
    assert!(
        s.layers().len() >= 5 && s.thematic().is_some(),
        "sample incomplete"
    );
    s
}

/// Everything about a layer that a bad file must not change, its editions apart.
fn layer_print(l: &LayerEntry) -> String {
    let coords: f64 = match &l.layer {
        Layer::Areas(a) => a
            .areas
            .iter()
            .flat_map(|a| a.geometry.coords_iter())
            .map(|c| c.x + c.y)
            .sum(),
        Layer::Facilities(f) => f
            .facilities
            .iter()
            .map(|f| f.position.x() + f.position.y())
            .sum(),
    };
    let values: Vec<_> = (0..l.layer.len()).map(|i| l.layer.values(i)).collect();
    format!(
        "{} {} n={} visible={} {:?} bbox={:?} coords={coords} {:?} {:?}",
        l.id,
        l.layer.name(),
        l.layer.len(),
        l.visible,
        l.style,
        l.layer.bbox(),
        l.layer.schema(),
        values
    )
}

/// The open work: every layer, every joined edition, and what the class map shows.
#[derive(Debug, Clone, PartialEq)]
struct Work {
    layers: Vec<String>,
    editions: Vec<(u64, String, usize)>,
    map: Option<String>,
}

fn work(s: &AppState) -> Work {
    let map = s.thematic().map(|t| {
        let edition = t.settings.edition.and_then(|i| {
            s.layer(t.layer)
                .and_then(|l| l.editions.get(i))
                .map(|e| e.label.clone())
        });
        format!(
            "layer {} field {} edition {edition:?} {:?} k={}",
            t.layer, t.settings.field, t.settings.method, t.settings.k
        )
    });
    Work {
        layers: s.layers().iter().map(layer_print).collect(),
        editions: s
            .layers()
            .iter()
            .flat_map(|l| {
                l.editions
                    .iter()
                    .map(move |e| (l.id, e.label.clone(), e.values.len()))
            })
            .collect(),
        map,
    }
}

/// The open work is still there: every layer and edition unchanged (new ones may have been
/// added), the same class map.
fn assert_intact(before: &Work, s: &AppState) {
    let after = work(s);
    for l in &before.layers {
        assert!(
            after.layers.contains(l),
            "a layer changed or vanished:\n{l}"
        );
    }
    for e in &before.editions {
        assert!(after.editions.contains(e), "an edition vanished: {e:?}");
    }
    assert_eq!(before.map, after.map, "the class map changed");
}

/// Open files as the window does (background loader, polled between frames) and return the
/// messages that were added.
fn open(s: &mut AppState, paths: &[PathBuf]) -> Vec<Message> {
    let before = s.messages().len();
    s.apply(Command::OpenPaths(paths.to_vec()));
    while s.loading().is_some() {
        s.apply(sozialatlas::state::Command::PollLoading);
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    s.messages()[before..].to_vec()
}

/// Open one bad file on the sample; the work stays intact. Returns the new messages and the
/// layer the file added, if any.
fn open_on_sample(s: &mut AppState, path: &Path) -> (Vec<Message>, Option<LayerEntry>) {
    let before = work(s);
    let ids: Vec<u64> = s.layers().iter().map(|l| l.id).collect();
    let messages = open(s, &[path.to_path_buf()]);
    assert_intact(&before, s);
    let added = s.layers().iter().find(|l| !ids.contains(&l.id)).cloned();
    (messages, added)
}

/// A message of `kind` containing every fragment.
fn assert_message(messages: &[Message], kind: MessageKind, fragments: &[&str]) {
    let found = messages
        .iter()
        .any(|m| m.kind == kind && fragments.iter().all(|f| m.text.de.contains(f)));
    assert!(
        found,
        "no {kind:?} message with {fragments:?} among {:#?}",
        messages
    );
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A square around (lon, lat) as GeoJSON coordinates.
fn square(lon: f64, lat: f64) -> String {
    let d = 0.005;
    format!(
        "[[[{a},{b}],[{c},{b}],[{c},{e}],[{a},{e}],[{a},{b}]]]",
        a = lon,
        b = lat,
        c = lon + d,
        e = lat + d
    )
}

fn feature(props: &str, geometry: &str) -> String {
    format!(r#"{{"type":"Feature","properties":{props},"geometry":{geometry}}}"#)
}

fn polygon(coordinates: &str) -> String {
    format!(r#"{{"type":"Polygon","coordinates":{coordinates}}}"#)
}

fn collection(features: &[String]) -> String {
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

fn skip_reason(entry: &LayerEntry, index: usize) -> String {
    entry
        .report
        .skipped
        .iter()
        .find(|s| s.index == index)
        .map(|s| s.reason.de.clone())
        .unwrap_or_else(|| panic!("feature {index} not skipped: {:?}", entry.report.skipped))
}

fn has_note(entry: &LayerEntry, fragment: &str) -> bool {
    entry.report.notes.iter().any(|n| n.de.contains(fragment))
}

// ---------------------------------------------------------------------------------------------
// Empty, truncated and wrongly typed files.

#[test]
fn empty_files_are_refused_in_german_and_the_work_stays() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sample();
    let cases = [
        ("leer.geojson", "Datei ist leer (0 Bytes): "),
        ("leer.shp", "Datei ist leer (0 Bytes): "),
        ("leer.csv", "Tabelle ist leer: "),
    ];
    for (name, start) in cases {
        let path = write(dir.path(), name, b"");
        let (messages, added) = open_on_sample(&mut s, &path);
        assert!(added.is_none(), "{name}");
        assert_message(&messages, MessageKind::Error, &[start, name]);
    }
    // Whitespace only: no JSON value at all.
    let path = write(dir.path(), "leerzeichen.geojson", " \r\n\t\n");
    let (messages, _) = open_on_sample(&mut s, &path);
    assert_message(
        &messages,
        MessageKind::Error,
        &["Keine gültige GeoJSON-Datei (JSON-Fehler in Zeile"],
    );
}

#[test]
fn truncated_json_is_refused_with_the_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sample();
    let text = std::fs::read(sample_paths()[3].clone()).unwrap(); // nachbarschaftsbueros
    let half = write(dir.path(), "halb.geojson", &text[..text.len() / 2]);
    let (messages, added) = open_on_sample(&mut s, &half);
    assert!(added.is_none());
    assert_message(
        &messages,
        MessageKind::Error,
        &[
            "Keine gültige GeoJSON-Datei (JSON-Fehler in Zeile",
            "halb.geojson",
        ],
    );
    // Cut inside a two-byte UTF-8 character ("ü"): not UTF-8 any more, still refused.
    let umlaut = collection(&[feature(r#"{"name":"Süd"}"#, &polygon(&square(8.6, 50.1)))]);
    let cut = umlaut.find('ü').unwrap() + 1;
    let path = write(
        dir.path(),
        "mitten_im_zeichen.geojson",
        &umlaut.as_bytes()[..cut],
    );
    let (messages, _) = open_on_sample(&mut s, &path);
    assert_message(&messages, MessageKind::Error, &["JSON-Fehler in Zeile 1"]);
}

#[test]
fn json_of_the_wrong_type_is_refused_in_german() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sample();
    // The detail after the German lead names what was found (a list, a number, an unknown
    // type "Topology", features that are no list).
    let cases = [
        ("liste.geojson", "[1, 2, 3]"),
        ("zahl.geojson", "42"),
        ("text.geojson", "\"FeatureCollection\""),
        ("null.geojson", "null"),
        (
            "topologie.geojson",
            r#"{"type": "Topology", "objects": {}}"#,
        ),
        (
            "features_objekt.geojson",
            r#"{"type": "FeatureCollection", "features": {"a": 1}}"#,
        ),
    ];
    for (name, text) in cases {
        let path = write(dir.path(), name, text);
        let (messages, added) = open_on_sample(&mut s, &path);
        assert!(added.is_none(), "{name}");
        assert_message(
            &messages,
            MessageKind::Error,
            &["Keine gültige GeoJSON-Datei (", name],
        );
    }
    // A collection of things that are not features: each skipped, so nothing loads.
    let path = write(
        dir.path(),
        "keine_features.geojson",
        r#"{"type": "FeatureCollection", "features": [1, "x", null, []]}"#,
    );
    let (messages, added) = open_on_sample(&mut s, &path);
    assert!(added.is_none());
    assert_message(
        &messages,
        MessageKind::Error,
        &[
            "konnte kein Objekt geladen werden (4 übersprungen)",
            // The cause is in the message itself: there is no layer whose report could say it.
            "Grund bei allen: ",
            "kein GeoJSON-Feature",
        ],
    );
    let e = load_path(&path, &Cancel::default()).unwrap();
    assert!(
        e.report
            .skipped
            .iter()
            .all(|s| s.reason.de.contains("kein GeoJSON-Feature"))
    );
}

// ---------------------------------------------------------------------------------------------
// Impossible numbers and coordinates.

#[test]
fn nan_and_infinity_are_json_errors_with_their_position() {
    // A number beyond f64 (1e999) is valid JSON and costs only its feature: see
    // tests/bad_input_budget.rs.
    let dir = tempfile::tempdir().unwrap();
    let mut s = sample();
    for (name, bad) in [
        ("nan.geojson", "NaN"),
        ("unendlich.geojson", "Infinity"),
        ("minus_unendlich.geojson", "-Infinity"),
    ] {
        let text = collection(&[
            feature("{}", &polygon(&square(8.6, 50.1))),
            feature(
                "{}",
                &format!(r#"{{"type":"Point","coordinates":[8.68,{bad}]}}"#),
            ),
        ]);
        let path = write(dir.path(), name, text);
        let (messages, added) = open_on_sample(&mut s, &path);
        assert!(added.is_none(), "{name}");
        assert_message(
            &messages,
            MessageKind::Error,
            &[
                "Keine gültige GeoJSON-Datei (JSON-Fehler in Zeile 1, Spalte",
                name,
            ],
        );
    }
}

#[test]
fn out_of_range_coordinates_are_skipped_with_a_reason_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sample();
    let text = collection(&[
        feature(r#"{"name":"gut"}"#, &polygon(&square(8.6, 50.1))),
        feature(r#"{"name":"Breite 300"}"#, &polygon(&square(8.6, 300.0))),
        feature(r#"{"name":"Länge 500"}"#, &polygon(&square(500.0, 50.1))),
    ]);
    let path = write(dir.path(), "ausserhalb.geojson", text);
    let (messages, added) = open_on_sample(&mut s, &path);
    let added = added.expect("the good feature loads");
    assert_eq!(added.layer.len(), 1);
    assert_message(
        &messages,
        MessageKind::Warning,
        &["ausserhalb: 1 Objekt geladen, 2 übersprungen"],
    );
    for i in [1, 2] {
        assert!(
            skip_reason(&added, i).contains("außerhalb des Bereichs für Längen-/Breitengrade"),
            "{}",
            skip_reason(&added, i)
        );
    }
    // Only impossible coordinates: nothing to show, and the user is told so.
    let text = collection(&[feature("{}", &polygon(&square(8.6, 300.0)))]);
    let path = write(dir.path(), "nur_ausserhalb.geojson", text);
    let (messages, added) = open_on_sample(&mut s, &path);
    assert!(added.is_none());
    assert_message(
        &messages,
        MessageKind::Error,
        &[
            "nur_ausserhalb.geojson",
            "konnte kein Objekt geladen werden (1 übersprungen)",
            "Grund beim ersten (Objekt 1): ",
            "außerhalb des Bereichs für Längen-/Breitengrade",
        ],
    );
}

#[test]
fn projected_coordinates_declared_as_wgs84_are_not_drawn_in_the_wrong_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sample();
    let utm =
        "[[[477000,5550000],[478000,5550000],[478000,5551000],[477000,5551000],[477000,5550000]]]";
    let features = [
        feature(r#"{"name":"A"}"#, &polygon(utm)),
        feature(
            r#"{"name":"B"}"#,
            &polygon(&utm.replace("477000", "476000").replace("478000", "477000")),
        ),
    ];
    // A legacy crs member that claims WGS84: the numbers cannot be degrees.
    let claimed = collection(&features).replacen(
        "{\"type\":\"FeatureCollection\",",
        r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4326"}},"#,
        1,
    );
    let path = write(dir.path(), "utm_als_wgs84.geojson", &claimed);
    let (messages, added) = open_on_sample(&mut s, &path);
    assert!(added.is_none(), "UTM numbers must not be drawn as degrees");
    assert_message(
        &messages,
        MessageKind::Error,
        &[
            "utm_als_wgs84.geojson",
            "konnte kein Objekt geladen werden (2 übersprungen)",
            "vermutlich ein anderes Koordinatensystem als angegeben",
        ],
    );
    let loaded = load_path(&path, &Cancel::default()).unwrap();
    assert_eq!(loaded.report.crs_source, CrsSource::Declared);
    for skipped in &loaded.report.skipped {
        assert!(
            skipped
                .reason
                .de
                .contains("vermutlich ein anderes Koordinatensystem als angegeben"),
            "{}",
            skipped.reason
        );
    }

    // Without a crs member the coordinate ranges say UTM 32N, and the areas land in Frankfurt.
    let path = write(dir.path(), "utm_ohne_angabe.geojson", collection(&features));
    let (_, added) = open_on_sample(&mut s, &path);
    let added = added.expect("detected UTM loads");
    assert_eq!(added.report.crs, Crs(25832));
    assert_eq!(added.report.crs_source, CrsSource::Detected);
    assert!(
        has_note(&added, "erkannt wurde EPSG:25832"),
        "{:?}",
        added.report.notes
    );
    let b = added.layer.bbox().unwrap();
    assert!(
        (8.6..8.8).contains(&b[0]) && (50.0..50.2).contains(&b[1]),
        "{b:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Broken and extreme geometry.

#[test]
fn empty_rings_are_skipped_with_a_reason_and_unclosed_rings_are_closed() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sample();
    let ring = "[[8.60,50.10],[8.61,50.10],[8.61,50.11],[8.60,50.11]]"; // not closed
    let text = collection(&[
        feature(r#"{"name":"gut"}"#, &polygon(&square(8.6, 50.1))),
        feature(r#"{"name":"leerer Ring"}"#, &polygon("[[]]")),
        feature(r#"{"name":"ohne Ring"}"#, &polygon("[]")),
        feature(
            r#"{"name":"leeres Loch"}"#,
            &polygon(&format!(
                "[{},[]]",
                &square(8.62, 50.1)[1..square(8.62, 50.1).len() - 1]
            )),
        ),
        feature(
            r#"{"name":"Multi leer"}"#,
            r#"{"type":"MultiPolygon","coordinates":[[[]]]}"#,
        ),
        feature(r#"{"name":"offen"}"#, &polygon(&format!("[{ring}]"))),
        // A hole of two distinct points (closed to three): no inside, cannot be triangulated.
        feature(
            r#"{"name":"Strich als Loch"}"#,
            &polygon(&format!(
                "[{},[[8.621,50.101],[8.622,50.102],[8.621,50.101]]]",
                &square(8.62, 50.1)[1..square(8.62, 50.1).len() - 1]
            )),
        ),
    ]);
    let path = write(dir.path(), "ringe.geojson", text);
    let (messages, added) = open_on_sample(&mut s, &path);
    let added = added.unwrap();
    assert_message(
        &messages,
        MessageKind::Warning,
        &["ringe: 2 Objekte geladen, 5 übersprungen"],
    );
    assert!(skip_reason(&added, 1).contains("Ring mit nur 0 Punkten"));
    assert!(skip_reason(&added, 2).contains("Polygon ohne Ring"));
    assert!(skip_reason(&added, 3).contains("Ring mit nur 0 Punkten"));
    assert!(skip_reason(&added, 4).contains("Ring mit nur 0 Punkten"));
    assert_eq!(
        skip_reason(&added, 6),
        "Loch (innerer Ring) mit weniger als drei verschiedenen Eckpunkten"
    );
    // The unclosed ring is closed: a full 0.01° × 0.01° square at 50.1° N.
    let Layer::Areas(layer) = &added.layer else {
        panic!("areas expected")
    };
    let open_area = layer.areas.iter().find(|a| a.source_index == 5).unwrap();
    let ring = open_area.geometry.0[0].exterior();
    assert_eq!(ring.0.first(), ring.0.last());
    let km2 = open_area.area_m2() / 1e6;
    assert!((km2 - 0.7946).abs() < 0.01, "{km2}");
}

/// The reader closes an unclosed ring and says so in the load report.
#[test]
fn an_unclosed_ring_is_noted() {
    let dir = tempfile::tempdir().unwrap();
    let ring = "[[8.60,50.10],[8.61,50.10],[8.61,50.11],[8.60,50.11]]";
    let path = write(
        dir.path(),
        "offen.geojson",
        collection(&[feature("{}", &polygon(&format!("[{ring}]")))]),
    );
    let loaded = load_path(&path, &Cancel::default()).unwrap();
    assert!(
        loaded
            .report
            .notes
            .iter()
            .any(|n| n.de.contains("nicht geschlossen")),
        "{:?}",
        loaded.report.notes
    );
}

#[test]
fn a_bow_tie_polygon_loads_with_a_note_that_it_crosses_itself() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sample();
    let bow = "[[[8.60,50.10],[8.62,50.12],[8.62,50.10],[8.60,50.12],[8.60,50.10]]]";
    let text = collection(&[
        feature(r#"{"name":"gut"}"#, &polygon(&square(8.6, 50.1))),
        feature(r#"{"name":"Schleife"}"#, &polygon(bow)),
    ]);
    let path = write(dir.path(), "schleife.geojson", text);
    let (messages, added) = open_on_sample(&mut s, &path);
    let added = added.unwrap();
    assert_eq!(
        added.layer.len(),
        2,
        "QGIS loads invalid geometry; so do we"
    );
    assert!(
        has_note(
            &added,
            "1 Fläche überschneidet sich selbst (ungültige Geometrie, Objekt 1)"
        ),
        "{:?}",
        added.report.notes
    );
    // The message links to the report that holds the note.
    assert_message(
        &messages,
        MessageKind::Info,
        &["schleife: 2 Objekte geladen"],
    );
    assert!(messages.iter().any(|m| m.report == Some(added.id)));
}

#[test]
fn a_polygon_with_a_million_vertices_loads() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sample();
    // An ellipse of 0.01° radius around the Hauptwache, as a circle in degrees.
    let n = 1_000_000;
    let mut coords = String::with_capacity(n * 26);
    for i in 0..=n {
        let t = std::f64::consts::TAU * (i % n) as f64 / n as f64;
        if i > 0 {
            coords.push(',');
        }
        coords.push_str(&format!(
            "[{:.9},{:.9}]",
            8.6821 + 0.01 * t.cos(),
            50.1109 + 0.01 * t.sin()
        ));
    }
    let text = collection(&[feature(
        r#"{"name":"Riesenpolygon"}"#,
        &polygon(&format!("[[{coords}]]")),
    )]);
    let path = write(dir.path(), "million.geojson", text);
    let (messages, added) = open_on_sample(&mut s, &path);
    let added = added.unwrap_or_else(|| panic!("did not load: {messages:#?}"));
    assert!(added.report.skipped.is_empty());
    let Layer::Areas(layer) = &added.layer else {
        panic!("areas expected")
    };
    assert_eq!(layer.areas[0].geometry.0[0].exterior().0.len(), n + 1);
    // π · 1112 m · 714 m (0.01° of latitude and of longitude at 50.11° N).
    let km2 = layer.areas[0].area_m2() / 1e6;
    assert!((km2 - 2.495).abs() < 0.03, "{km2}");
    assert!(!has_note(&added, "überschneid"), "{:?}", added.report.notes);
}

// ---------------------------------------------------------------------------------------------
// Duplicate keys.

#[test]
fn duplicate_property_keys_keep_the_last_value() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sample();
    let text = collection(&[feature(
        r#"{"name":"erster","wert":1,"name":"zweiter"}"#,
        &polygon(&square(8.6, 50.1)),
    )]);
    let path = write(dir.path(), "doppelt.geojson", text);
    let (_, added) = open_on_sample(&mut s, &path);
    let added = added.unwrap();
    assert_eq!(added.layer.schema().fields.len(), 2, "one field per name");
    let i = added.layer.schema().index_of("name").unwrap();
    assert_eq!(
        added.layer.values(0).unwrap()[i],
        Value::Text("zweiter".into())
    );
}

/// A repeated property name keeps its last value, and the load report says so, since the
/// other value is dropped.
#[test]
fn duplicate_property_keys_are_noted() {
    let dir = tempfile::tempdir().unwrap();
    let text = collection(&[feature(
        r#"{"name":"erster","name":"zweiter"}"#,
        &polygon(&square(8.6, 50.1)),
    )]);
    let path = write(dir.path(), "doppelt.geojson", text);
    let loaded = load_path(&path, &Cancel::default()).unwrap();
    assert!(
        loaded.report.notes.iter().any(|n| n.de.contains("doppelt")),
        "{:?}",
        loaded.report.notes
    );
}

#[test]
fn duplicate_keys_in_a_joined_table_are_reported_and_the_first_row_wins() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sample();
    let path = write(
        dir.path(),
        "doppelt_2025.csv",
        "sr_id;wert\nSR-1-1;1,5\nSR-1-1;9,9\nSR-2-1;2,5\n",
    );
    let (messages, _) = open_on_sample(&mut s, &path);
    assert_message(
        &messages,
        MessageKind::Warning,
        &[
            "doppelt_2025",
            "1 doppelter Schlüssel (erste Zeile verwendet): SR-1-1",
        ],
    );
    let areas = s.layers().iter().find(|l| !l.editions.is_empty()).unwrap();
    let Layer::Areas(layer) = &areas.layer else {
        panic!()
    };
    let e = areas.editions.iter().find(|e| e.label == "2025").unwrap();
    let i = (0..layer.areas.len())
        .find(|&i| layer.value(i, "sr_id") == Some(&Value::Text("SR-1-1".into())))
        .unwrap();
    assert_eq!(e.number(i, "wert"), Some(1.5));
}

#[test]
fn areas_sharing_a_key_are_reported_when_a_table_is_joined_to_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sample();
    let text = collection(&[
        feature(r#"{"gebiet":"A"}"#, &polygon(&square(8.60, 50.1))),
        feature(r#"{"gebiet":"B"}"#, &polygon(&square(8.61, 50.1))),
        feature(r#"{"gebiet":"A"}"#, &polygon(&square(8.62, 50.1))),
    ]);
    let layer_path = write(dir.path(), "gebiete.geojson", text);
    let (_, added) = open_on_sample(&mut s, &layer_path);
    let id = added.unwrap().id;
    let table = write(dir.path(), "werte.csv", "gebiet;wert\nA;1\nB;2\n");
    let before = s.messages().len();
    s.apply(Command::JoinTable {
        layer: id,
        path: table,
        left_key: "gebiet".into(),
        right_key: "gebiet".into(),
    });
    assert_message(
        &s.messages()[before..],
        MessageKind::Warning,
        &["1 doppelter Gebietsschlüssel in der Ebene (diese Gebiete erhalten dieselbe Zeile): A"],
    );
}

// ---------------------------------------------------------------------------------------------
// Encodings and delimiters.

fn cp1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn a_windows_1252_table_keeps_its_umlauts_and_says_how_it_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sample();
    let text =
        "sr_id;bemerkung;wert\r\nSR-1-1;Bürgerhaus Höchst;1,5\r\nSR-2-1;Süße Ölmühle;2,5\r\n";
    let bytes = cp1252(text);
    assert!(std::str::from_utf8(&bytes).is_err());
    let path = write(dir.path(), "umlaute_2025.csv", bytes);
    let (messages, _) = open_on_sample(&mut s, &path);
    assert_message(
        &messages,
        MessageKind::Info,
        &["umlaute_2025: Datei ist nicht UTF-8; als Windows-1252 gelesen."],
    );
    let areas = s.layers().iter().find(|l| !l.editions.is_empty()).unwrap();
    let Layer::Areas(layer) = &areas.layer else {
        panic!()
    };
    let e = areas.editions.iter().find(|e| e.label == "2025").unwrap();
    let row = |key: &str| {
        (0..layer.areas.len())
            .find(|&i| layer.value(i, "sr_id") == Some(&Value::Text(key.into())))
            .unwrap()
    };
    assert_eq!(
        e.value(row("SR-1-1"), "bemerkung"),
        Some(&Value::Text("Bürgerhaus Höchst".into()))
    );
    assert_eq!(
        e.value(row("SR-2-1"), "bemerkung"),
        Some(&Value::Text("Süße Ölmühle".into()))
    );
}

#[test]
fn a_windows_1252_point_csv_keeps_its_umlauts_and_says_how_it_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sample();
    let bytes = cp1252("name;lon;lat\nBüro Höchst-Süß;8,5477;50,1003\n");
    let path = write(dir.path(), "bueros.csv", bytes);
    let (messages, added) = open_on_sample(&mut s, &path);
    let added = added.unwrap();
    assert_eq!(added.layer.feature_title(0), "Büro Höchst-Süß");
    assert!(has_note(&added, "als Windows-1252 gelesen"));
    assert_message(&messages, MessageKind::Info, &["bueros: 1 Objekt geladen"]);
}

#[test]
fn comma_tab_and_pipe_delimited_tables_are_detected() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sample();
    let cases = [
        (
            "komma_2025.csv",
            "sr_id,wert\nSR-1-1,12.5\nSR-2-1,3.5\n",
            ',',
        ),
        (
            "tab_2026.tsv",
            "sr_id\twert\nSR-1-1\t12,5\nSR-2-1\t3,5\n",
            '\t',
        ),
        (
            "strich_2027.csv",
            "sr_id|wert\nSR-1-1|12,5\nSR-2-1|3,5\n",
            '|',
        ),
    ];
    for (name, text, delimiter) in cases {
        let path = write(dir.path(), name, text);
        assert_eq!(read_table(&path).unwrap().report.delimiter, Some(delimiter));
        let (messages, _) = open_on_sample(&mut s, &path);
        assert_message(
            &messages,
            MessageKind::Warning,
            &["2 von 123 Gebieten verknüpft"],
        );
        let areas = s.layers().iter().find(|l| !l.editions.is_empty()).unwrap();
        let Layer::Areas(layer) = &areas.layer else {
            panic!()
        };
        let i = (0..layer.areas.len())
            .find(|&i| layer.value(i, "sr_id") == Some(&Value::Text("SR-1-1".into())))
            .unwrap();
        let label = &name[name.len() - 8..name.len() - 4];
        let e = areas.editions.iter().find(|e| e.label == label).unwrap();
        assert_eq!(e.number(i, "wert"), Some(12.5), "{name}");
    }
}

#[test]
fn a_wrong_delimiter_gives_a_clear_german_message() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sample();
    // German decimal commas in a comma-separated file: every row has a cell too many.
    let path = write(
        dir.path(),
        "komma_dezimal.csv",
        "sr_id,wert\nSR-1-1,12,5\nSR-2-1,3,5\n",
    );
    let (messages, _) = open_on_sample(&mut s, &path);
    assert_message(
        &messages,
        MessageKind::Info,
        &[
            "komma_dezimal: Zeilen 2 und 3 haben mehr als 2 Werte; die überzähligen werden ignoriert.",
        ],
    );
    // Spaces as delimiter: one column, which matches no area.
    let text = "sr_id wert\nSR-1-1 12,5\nSR-2-1 3,5\n";
    let path = write(dir.path(), "leerzeichen.csv", text);
    let (messages, _) = open_on_sample(&mut s, &path);
    assert_message(
        &messages,
        MessageKind::Error,
        &["Tabelle „leerzeichen“ passt zu keinem Gebiet"],
    );
    let table = parse_csv_text(text, "leerzeichen").unwrap();
    assert!(
        table
            .report
            .notes
            .iter()
            .any(|n| n.de.starts_with("Nur eine Spalte erkannt")),
        "{:?}",
        table.report.notes
    );
}

// ---------------------------------------------------------------------------------------------
// Incomplete shapefiles.

mod shapefiles {
    use super::*;
    use shapefile::dbase::{self, FieldValue, TableWriterBuilder};
    use shapefile::{Point, Polygon, PolygonRing};

    pub const PRJ_UTM32: &str = r#"PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;

    fn square(x: f64, y: f64) -> Vec<Point> {
        let d = 1000.0;
        vec![
            Point::new(x, y),
            Point::new(x, y + d),
            Point::new(x + d, y + d),
            Point::new(x + d, y),
            Point::new(x, y),
        ]
    }

    /// `count` 1 km squares in UTM 32N near Frankfurt, named "Gebiet Süd 1" …, with a `.prj`.
    pub fn write_shapefile(dir: &Path, name: &str, count: usize) -> PathBuf {
        let path = dir.join(format!("{name}.shp"));
        let builder = TableWriterBuilder::new()
            .add_character_field("NAME".try_into().unwrap(), 40)
            .set_encoding(dbase::encoding::EncodingRs::from(encoding_rs::WINDOWS_1252));
        let mut w = shapefile::Writer::from_path(&path, builder).unwrap();
        for i in 0..count {
            let shape = Polygon::with_rings(vec![PolygonRing::Outer(square(
                476000.0 + 2000.0 * i as f64,
                5550000.0,
            ))]);
            let mut r = dbase::Record::default();
            let title = format!("Gebiet Süd {}", i + 1);
            r.insert("NAME".into(), FieldValue::Character(Some(title)));
            w.write_shape_and_record(&shape, &r).unwrap();
        }
        drop(w);
        std::fs::write(path.with_extension("prj"), PRJ_UTM32).unwrap();
        path
    }

    #[test]
    fn a_shapefile_without_dbf_loads_its_geometry_with_a_note() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = sample();
        let shp = write_shapefile(dir.path(), "ohne_dbf", 2);
        std::fs::remove_file(shp.with_extension("dbf")).unwrap();
        let (messages, added) = open_on_sample(&mut s, &shp);
        let added = added.unwrap();
        assert_eq!(added.layer.len(), 2);
        assert!(has_note(
            &added,
            "Keine .dbf-Datei: Objekte ohne Attribute geladen."
        ));
        assert_message(
            &messages,
            MessageKind::Info,
            &["ohne_dbf: 2 Objekte geladen"],
        );
    }

    #[test]
    fn a_shapefile_without_prj_is_placed_by_its_coordinate_ranges_with_a_note() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = sample();
        let shp = write_shapefile(dir.path(), "ohne_prj", 2);
        std::fs::remove_file(shp.with_extension("prj")).unwrap();
        let (_, added) = open_on_sample(&mut s, &shp);
        let added = added.unwrap();
        assert_eq!(added.report.crs, Crs(25832));
        assert_eq!(added.report.crs_source, CrsSource::Detected);
        assert!(has_note(&added, "Keine .prj-Datei"));
        assert_eq!(added.layer.feature_title(1), "Gebiet Süd 2");
    }

    #[test]
    fn a_truncated_shp_loads_the_records_before_the_cut_and_says_where_it_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = sample();
        let shp = write_shapefile(dir.path(), "abgeschnitten", 3);
        let bytes = std::fs::read(&shp).unwrap();
        std::fs::write(&shp, &bytes[..bytes.len() - 40]).unwrap();
        let (messages, added) = open_on_sample(&mut s, &shp);
        let added = added.unwrap();
        assert_eq!(added.layer.len(), 2);
        let reason = skip_reason(&added, 2);
        assert!(
            reason.starts_with("Datensatz beschädigt (die Datei endet vorzeitig"),
            "{reason}"
        );
        assert_message(
            &messages,
            MessageKind::Warning,
            &["abgeschnitten: 2 Objekte geladen, 1 übersprungen"],
        );
    }

    #[test]
    fn a_dbf_with_fewer_records_than_the_shp_is_noted() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = sample();
        let shp = write_shapefile(dir.path(), "zwei", 2);
        let one = write_shapefile(dir.path(), "eins", 1);
        std::fs::copy(one.with_extension("dbf"), shp.with_extension("dbf")).unwrap();
        let (_, added) = open_on_sample(&mut s, &shp);
        let added = added.unwrap();
        assert_eq!(added.layer.len(), 2);
        assert!(
            has_note(
                &added,
                "Die .dbf-Datei hat nur 1 Datensatz für 2 Objekte der .shp-Datei; 1 Objekt \
                 wurde ohne Attribute geladen."
            ),
            "{:?}",
            added.report.notes
        );
        assert_eq!(added.layer.feature_title(0), "Gebiet Süd 1");
    }

    #[test]
    fn a_file_that_is_no_shapefile_is_refused_in_german() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = sample();
        let path = write(dir.path(), "text.shp", "Das ist keine Shapefile, nur Text.");
        let (messages, added) = open_on_sample(&mut s, &path);
        assert!(added.is_none());
        assert_message(
            &messages,
            MessageKind::Error,
            &["Shapefile kann nicht gelesen werden (keine Shapefile-Geometriedatei"],
        );
        // A broken .shx is ignored: the .shp is read record by record.
        let shp = write_shapefile(dir.path(), "kaputter_index", 2);
        std::fs::write(shp.with_extension("shx"), b"kein Index").unwrap();
        let (_, added) = open_on_sample(&mut s, &shp);
        let added = added.unwrap();
        assert_eq!(added.layer.len(), 2);
        assert!(has_note(&added, ".shx-Datei nicht lesbar"));
    }
}

// ---------------------------------------------------------------------------------------------
// A gigabyte of zero bytes.

const GIB: u64 = 1 << 30;
/// Far below the file's size: the readers look at the start and stop.
const SMALL: usize = 8 << 20;

fn sparse(dir: &Path, name: &str, head: &[u8]) -> PathBuf {
    let path = write(dir, name, head);
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(GIB)
        .unwrap();
    path
}

#[test]
fn a_gigabyte_of_zero_bytes_is_refused_without_reading_it_into_memory() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sample();
    let cases = [
        (
            sparse(dir.path(), "riesig.geojson", b""),
            "Keine gültige GeoJSON-Datei (die Datei enthält Binärdaten",
        ),
        (
            sparse(dir.path(), "riesig_punkte.csv", b"name;lon;lat\n"),
            "CSV-Datei kann nicht als Punktebene gelesen werden (die Datei enthält Binärdaten",
        ),
        (
            sparse(dir.path(), "riesig.shp", b""),
            "Shapefile kann nicht gelesen werden (keine Shapefile-Geometriedatei",
        ),
    ];
    for (path, start) in &cases {
        let (result, largest) = largest_allocation(|| load_path(path, &Cancel::default()));
        let message = result.unwrap_err().to_string();
        assert!(message.starts_with(start), "{message}");
        assert!(
            largest < SMALL,
            "{}: allocated {largest} bytes",
            path.display()
        );
        let (messages, added) = open_on_sample(&mut s, path);
        assert!(added.is_none());
        assert_message(&messages, MessageKind::Error, &[start]);
    }

    // A table (no coordinate columns): refused as binary, on this thread, without the
    // gigabyte in memory — neither when deciding it is a table nor when reading it.
    let table = sparse(dir.path(), "riesig.csv", b"");
    let before = work(&s);
    let (messages, largest) = largest_allocation(|| open(&mut s, std::slice::from_ref(&table)));
    assert_intact(&before, &s);
    assert_message(
        &messages,
        MessageKind::Error,
        &[
            "Datei ist keine Texttabelle, sie enthält Binärdaten",
            "riesig.csv",
        ],
    );
    assert!(largest < SMALL, "allocated {largest} bytes");

    let project = sparse(dir.path(), "riesig.sozialatlas", b"");
    let (result, largest) = largest_allocation(|| Project::load(&project));
    let message = result.unwrap_err().to_string();
    assert!(
        message.starts_with(
            "Keine gültige Projektdatei (Zeile 1, Spalte 1: die Datei enthält Binärdaten"
        ),
        "{message}"
    );
    assert!(largest < SMALL, "allocated {largest} bytes");
}

/// Past the check of the file's start: a gigabyte that starts like a FeatureCollection is
/// parsed from a buffered reader, not read into memory first.
#[test]
fn a_gigabyte_of_json_like_text_is_not_read_into_memory_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = sparse(
        dir.path(),
        "riesig_text.geojson",
        b"{\"type\": \"FeatureCollection\", \"features\": [",
    );
    let (result, largest) =
        largest_allocation(|| sozialatlas::io::geojson::read(&path, &Cancel::default()));
    assert!(result.is_err());
    assert!(largest < SMALL, "allocated {largest} bytes");
}

// ---------------------------------------------------------------------------------------------
// Corrupt project files.

#[test]
fn a_corrupt_project_file_is_refused_in_german_and_the_work_stays() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sample();
    let before = work(&s);
    let head = r#"{"format": "sozialatlas-projekt", "version": 1"#;
    let cases: [(&str, String, &str); 9] = [
        (
            "leer",
            String::new(),
            "Keine gültige Projektdatei (Zeile 1, Spalte 0: die Datei endet mitten im Inhalt",
        ),
        (
            "abgeschnitten",
            format!("{head}, \"layers\": ["),
            "Keine gültige Projektdatei (Zeile 1, Spalte 59: die Datei endet mitten im Inhalt",
        ),
        (
            "liste",
            "[1, 2]".into(),
            "Keine Sozialatlas-Projektdatei (format = „“)",
        ),
        ("zahl", "42".into(), "Keine Sozialatlas-Projektdatei"),
        (
            "fremd",
            r#"{"type": "FeatureCollection"}"#.into(),
            "Keine Sozialatlas-Projektdatei",
        ),
        (
            "nan",
            format!("{head}, \"layers\": [], \"x\": NaN}}"),
            "Keine gültige Projektdatei (Zeile 1, Spalte 68: kein gültiger JSON-Text)",
        ),
        (
            "ohne_ebenen",
            format!("{head}}}"),
            "Keine gültige Projektdatei (das Feld „layers“ fehlt)",
        ),
        (
            "falscher_typ",
            format!("{head}, \"layers\": 5}}"),
            "Keine gültige Projektdatei (ein Eintrag passt nicht zum Projektformat",
        ),
        (
            "zu_neu",
            r#"{"format": "sozialatlas-projekt", "version": 99, "layers": []}"#.into(),
            "Die Projektdatei hat Version 99",
        ),
    ];
    for (name, text, start) in cases {
        let path = write(dir.path(), &format!("{name}.sozialatlas"), text);
        // As the window opens a project: read it, and only a project that was read replaces
        // the open work; any error becomes a message.
        let before_messages = s.messages().len();
        match Project::load(&path) {
            Ok(p) => panic!("{name}: read as a project: {p:?}"),
            Err(e) => s.apply(Command::Notify(true, e.bilingual())),
        }
        let message = &s.messages()[before_messages].text;
        assert!(message.de.starts_with(start), "{name}: {message}");
        assert!(
            message.de.ends_with(&format!("{name}.sozialatlas")),
            "{message}"
        );
        assert_intact(&before, &s);
    }
}

#[test]
fn tiny_broken_files_get_german_errors() {
    let dir = tempfile::tempdir().unwrap();
    let e = load_path(&write(dir.path(), "x.geojson", b""), &Cancel::default()).unwrap_err();
    assert!(matches!(e, LoadError::Empty { .. }));
    let e = load_path(&write(dir.path(), "x.shp", b"\0\0\0"), &Cancel::default()).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("Shapefile kann nicht gelesen werden (die Datei endet vorzeitig"),
        "{e}"
    );
}
