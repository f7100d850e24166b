//! Importers on small fixtures (tests/data/) and on shapefiles written here: good input,
//! broken features that must be skipped with a German reason, CRS declared/detected/wrong.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::{Path, PathBuf};

use sozialatlas::crs::Crs;
use sozialatlas::io::{Cancel, CrsSource, Format, LoadError, Loaded, load_path};
use sozialatlas::model::{FieldType, Layer, Value};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn load(path: &Path) -> Loaded {
    load_path(path, &Cancel::default()).expect("file should load")
}

fn reason_of(loaded: &Loaded, index: usize) -> String {
    loaded
        .report
        .skipped
        .iter()
        .find(|s| s.index == index)
        .map(|s| s.reason.de.clone())
        .unwrap_or_else(|| panic!("feature {index} not skipped: {:?}", loaded.report.skipped))
}

#[test]
fn broken_features_are_skipped_with_german_reasons_and_the_rest_loads() {
    let loaded = load(&data("kaputte_objekte.geojson"));
    assert_eq!(
        loaded.report.features_loaded,
        3,
        "{}",
        loaded.report.to_text_de()
    );
    let skipped: Vec<usize> = loaded.report.skipped.iter().map(|s| s.index).collect();
    assert_eq!(skipped, vec![1, 2, 3, 4, 5, 8, 9]);
    assert!(reason_of(&loaded, 1).contains("LineString"));
    assert!(reason_of(&loaded, 2).contains("Ring mit nur 2 Punkten"));
    assert!(reason_of(&loaded, 3).contains("ohne Geometrie"));
    assert!(reason_of(&loaded, 4).contains("Zahlenpaar"));
    assert!(reason_of(&loaded, 5).contains("Längen-/Breitengrade"));
    assert!(reason_of(&loaded, 8).contains("kein GeoJSON-Feature"));
    assert!(reason_of(&loaded, 9).contains("Punkt in einer Flächenebene"));
    assert_eq!(loaded.report.geometry_types.get("Polygon"), Some(&5));
    assert_eq!(loaded.report.geometry_types.get("LineString"), Some(&1));
    assert_eq!(loaded.report.crs_source, CrsSource::Declared);
}

#[test]
fn properties_are_typed_and_identifiers_keep_their_zeros() {
    let loaded = load(&data("kaputte_objekte.geojson"));
    let Layer::Areas(layer) = &loaded.layer else {
        panic!("expected areas")
    };
    let kind = |n: &str| layer.schema.fields[layer.schema.index_of(n).unwrap()].kind;
    assert_eq!(kind("schluessel"), FieldType::Text);
    assert_eq!(kind("wert"), FieldType::Number);
    assert_eq!(kind("name"), FieldType::Text);
    assert_eq!(
        layer.value(0, "schluessel"),
        Some(&Value::Text("06412000".into()))
    );
    assert_eq!(layer.value(0, "wert"), Some(&Value::Number(12.5)));
    // An empty string and a JSON null both become "keine Angabe", not zero.
    assert_eq!(layer.value(2, "wert"), Some(&Value::Null));
    assert_eq!(layer.value(1, "anzahl"), Some(&Value::Null));
}

#[test]
fn a_polygon_with_a_hole_has_less_area_than_its_outline() {
    let loaded = load(&data("kaputte_objekte.geojson"));
    let Layer::Areas(layer) = &loaded.layer else {
        panic!("expected areas")
    };
    let with_hole = layer.areas.iter().find(|a| a.source_index == 6).unwrap();
    assert_eq!(with_hole.geometry.0[0].interiors().len(), 1);
    // 0.04° × 0.04° minus 0.01° × 0.01° at 50° N: about 2.86 km × 4.45 km × 15/16.
    let km2 = with_hole.area_m2() / 1e6;
    assert!((km2 - 11.94).abs() < 0.15, "{km2}");
}

#[test]
fn utm_coordinates_without_declaration_are_detected_and_reprojected() {
    let loaded = load(&data("utm32_ohne_crs.geojson"));
    assert_eq!(loaded.report.crs, Crs(25832));
    assert_eq!(loaded.report.crs_source, CrsSource::Detected);
    assert!(!loaded.report.notes.is_empty());
    let b = loaded.report.bbox_wgs84.unwrap();
    // Two 1 km squares south-west of the Hauptwache (8.6821, 50.1109).
    assert!(
        (b[0] - 8.675).abs() < 0.01 && (b[3] - 50.1109).abs() < 0.01,
        "{b:?}"
    );
    let Layer::Areas(layer) = &loaded.layer else {
        panic!()
    };
    // The metric geometry is the file's own: exactly 1 km² each.
    assert!((layer.areas[0].area_m2() - 1e6).abs() < 1.0);
}

#[test]
fn a_declared_crs_member_is_honoured() {
    let loaded = load(&data("utm32_mit_crs.geojson"));
    assert_eq!(loaded.report.crs, Crs(25832));
    assert_eq!(loaded.report.crs_source, CrsSource::Declared);
    assert_eq!(loaded.report.features_loaded, 2);
}

#[test]
fn points_and_multipoints_become_facilities() {
    let loaded = load(&data("punkte.geojson"));
    let Layer::Facilities(layer) = &loaded.layer else {
        panic!("expected facilities")
    };
    assert_eq!(layer.facilities.len(), 3, "Point + MultiPoint of two");
    assert_eq!(
        layer.kind,
        sozialatlas::model::FacilityKind::Nachbarschaftsbuero
    );
    assert_eq!(loaded.report.skipped.len(), 1);
    assert!(reason_of(&loaded, 2).contains("Zahlenpaar"));
}

#[test]
fn unreadable_files_give_german_errors_with_the_path_last() {
    let e = load_path(&data("kein_json.geojson"), &Cancel::default()).unwrap_err();
    let msg = e.to_string();
    assert!(msg.starts_with("Keine gültige GeoJSON-Datei"), "{msg}");
    assert!(msg.ends_with("kein_json.geojson"), "{msg}");
    let e = load_path(&data("kein_geojson.geojson"), &Cancel::default()).unwrap_err();
    assert!(matches!(e, LoadError::GeoJson { .. }), "{e}");
    let e = load_path(&data("fehlt.geojson"), &Cancel::default()).unwrap_err();
    assert!(matches!(e, LoadError::NotFound { .. }));
    let e = load_path(&data("bild.png"), &Cancel::default()).unwrap_err();
    assert!(e.to_string().contains("wird nicht unterstützt"));
}

#[test]
fn a_windows_1252_csv_with_decimal_commas_loads_its_points() {
    let loaded = load(&data("einrichtungen_cp1252.csv"));
    assert_eq!(loaded.report.format, Format::Csv);
    let Layer::Facilities(layer) = &loaded.layer else {
        panic!()
    };
    assert_eq!(layer.facilities.len(), 2);
    assert!((layer.facilities[0].position.x() - 8.5477).abs() < 1e-9);
    assert_eq!(
        layer.facilities[0].values[layer.schema.index_of("Träger").unwrap()],
        Value::Text("AWO".into())
    );
    assert_eq!(layer.feature_title(0), "Büro Höchst");
    assert_eq!(loaded.report.skipped.len(), 1);
    assert!(reason_of(&loaded, 2).contains("Koordinaten fehlen"));
    assert!(
        loaded
            .report
            .notes
            .iter()
            .any(|n| n.de.contains("Windows-1252"))
    );
}

#[test]
fn a_csv_with_utm_x_y_is_detected_and_keeps_its_text_ids() {
    let loaded = load(&data("punkte_utm.csv"));
    assert_eq!(loaded.report.crs, Crs(25832));
    let Layer::Facilities(layer) = &loaded.layer else {
        panic!()
    };
    let p = layer.facilities[0].position;
    assert!(
        (p.x() - 8.6821).abs() < 1e-5 && (p.y() - 50.1109).abs() < 1e-5,
        "{p:?}"
    );
    assert_eq!(layer.facilities[0].values[0], Value::Text("01".into()));
}

#[test]
fn cancelling_stops_a_load() {
    let cancel = Cancel::default();
    cancel.cancel();
    let e = load_path(&data("punkte_utm.csv"), &cancel).unwrap_err();
    assert!(matches!(e, LoadError::Cancelled));
}

mod shapefiles {
    use super::*;
    use shapefile::dbase::{self, FieldValue, TableWriterBuilder};
    use shapefile::{Point, Polygon, PolygonRing};

    const PRJ_UTM32: &str = r#"PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;

    fn square(x: f64, y: f64, d: f64) -> Vec<Point> {
        vec![
            Point::new(x, y),
            Point::new(x, y + d),
            Point::new(x + d, y + d),
            Point::new(x + d, y),
            Point::new(x, y),
        ]
    }

    /// Two areas in UTM 32N, the first with a hole; names with umlauts.
    fn write(dir: &Path, name: &str, encoding_1252: bool) -> PathBuf {
        let path = dir.join(format!("{name}.shp"));
        let builder = TableWriterBuilder::new()
            .add_character_field("NAME".try_into().unwrap(), 40)
            .add_numeric_field("EW".try_into().unwrap(), 10, 0);
        let builder = if encoding_1252 {
            builder.set_encoding(dbase::encoding::EncodingRs::from(encoding_rs::WINDOWS_1252))
        } else {
            builder.set_encoding(dbase::encoding::UnicodeLossy)
        };
        let mut w = shapefile::Writer::from_path(&path, builder).unwrap();
        let shapes = [
            Polygon::with_rings(vec![
                PolygonRing::Outer(square(476000.0, 5550000.0, 1000.0)),
                PolygonRing::Inner(square(476250.0, 5550250.0, 500.0)),
            ]),
            Polygon::with_rings(vec![PolygonRing::Outer(square(
                478000.0, 5550000.0, 1000.0,
            ))]),
        ];
        for (shape, (n, ew)) in shapes
            .iter()
            .zip([("Höchst-Süd", 4321.0), ("Gärtnerweg", 299.0)])
        {
            let mut r = dbase::Record::default();
            r.insert("NAME".into(), FieldValue::Character(Some(n.into())));
            r.insert("EW".into(), FieldValue::Numeric(Some(ew)));
            w.write_shape_and_record(shape, &r).unwrap();
        }
        drop(w);
        path
    }

    #[test]
    fn a_shapefile_with_prj_and_windows_1252_dbf_loads_with_holes_and_umlauts() {
        let dir = tempfile::tempdir().unwrap();
        let shp = write(dir.path(), "gebiete", true);
        std::fs::write(shp.with_extension("prj"), PRJ_UTM32).unwrap();
        let loaded = load(&shp);
        assert_eq!(loaded.report.format, Format::Shapefile);
        assert_eq!(loaded.report.crs, Crs(25832));
        assert_eq!(loaded.report.crs_source, CrsSource::Prj);
        let Layer::Areas(layer) = &loaded.layer else {
            panic!()
        };
        assert_eq!(layer.areas.len(), 2);
        assert_eq!(layer.feature_title(0), "Höchst-Süd");
        assert_eq!(layer.value(1, "EW"), Some(&Value::Number(299.0)));
        // 1 km² minus a 0.25 km² hole, measured in the metric CRS.
        assert!((layer.areas[0].area_m2() - 750_000.0).abs() < 1.0);
        assert_eq!(layer.areas[0].geometry.0[0].interiors().len(), 1);
    }

    #[test]
    fn a_cpg_file_decides_the_dbf_encoding() {
        let dir = tempfile::tempdir().unwrap();
        let shp = write(dir.path(), "utf8", false);
        std::fs::write(shp.with_extension("prj"), PRJ_UTM32).unwrap();
        std::fs::write(shp.with_extension("cpg"), "UTF-8").unwrap();
        let loaded = load(&shp);
        assert_eq!(loaded.layer.feature_title(1), "Gärtnerweg");
    }

    #[test]
    fn a_shapefile_without_dbf_and_prj_still_loads_its_geometry() {
        let dir = tempfile::tempdir().unwrap();
        let shp = write(dir.path(), "nackt", true);
        std::fs::remove_file(shp.with_extension("dbf")).unwrap();
        let loaded = load(&shp);
        assert_eq!(loaded.report.features_loaded, 2);
        assert_eq!(loaded.report.crs, Crs(25832));
        assert_eq!(loaded.report.crs_source, CrsSource::Detected);
        assert!(loaded.report.notes.iter().any(|n| n.de.contains(".dbf")));
        assert!(loaded.report.notes.iter().any(|n| n.de.contains(".prj")));
    }

    #[test]
    fn opening_the_dbf_of_a_shapefile_opens_the_shapefile() {
        let dir = tempfile::tempdir().unwrap();
        let shp = write(dir.path(), "ueber_dbf", true);
        std::fs::write(shp.with_extension("prj"), PRJ_UTM32).unwrap();
        let loaded = load(&shp.with_extension("dbf"));
        assert_eq!(loaded.report.features_loaded, 2);
    }

    #[test]
    fn a_truncated_shp_is_an_error_or_a_partial_load_never_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let shp = write(dir.path(), "kaputt", true);
        let bytes = std::fs::read(&shp).unwrap();
        std::fs::write(&shp, &bytes[..bytes.len() - 40]).unwrap();
        match load_path(&shp, &Cancel::default()) {
            Ok(l) => assert!(l.report.features_loaded < 2),
            Err(e) => assert!(e.to_string().contains("Shapefile"), "{e}"),
        }
    }
}
