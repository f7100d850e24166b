//! Shapefile reader: `.shp` geometry, `.dbf` attributes (encoding from `.cpg`, else
//! Windows-1252 as ArcGIS writes it), `.prj` for the CRS (ESRI WKT → EPSG). A missing `.dbf`
//! still loads the geometry (without attributes); a missing `.prj` lets the coordinate ranges
//! decide. A record that cannot be read ends reading there, keeping what came before.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use geo::{Contains, Coord, LineString, MultiPolygon, Point, Polygon};
use shapefile::dbase::{self, FieldValue};
use shapefile::{PolygonRing, Shape, ShapeReader};

use crate::crs::crs_from_prj;
use crate::io::build::{RawFeature, RawFile, RawGeometry};
use crate::io::report::{CrsSource, Format, Skipped};
use crate::io::{LoadError, layer_name};
use crate::model::value::RawValue;

pub fn read(path: &Path) -> Result<RawFile, LoadError> {
    let shown = path.display().to_string();
    let shp_err = |e: shapefile::Error| LoadError::Shapefile {
        detail: e.to_string(),
        path: shown.clone(),
    };
    let mut notes = Vec::new();

    let declared_crs = match std::fs::read_to_string(path.with_extension("prj")) {
        Ok(wkt) => match crs_from_prj(&wkt) {
            Ok(crs) => Some((crs, CrsSource::Prj)),
            Err(e) => {
                notes.push(format!(
                    ".prj-Datei nicht verstanden ({e}); Koordinatensystem aus den Koordinaten bestimmt."
                ));
                None
            }
        },
        Err(_) => {
            notes.push(
                "Keine .prj-Datei: Koordinatensystem aus den Koordinatenbereichen bestimmt."
                    .to_owned(),
            );
            None
        }
    };

    let mut shapes = ShapeReader::from_path(path).map_err(shp_err)?;
    let mut skipped = Vec::new();
    let mut geometries = Vec::new();
    for (i, shape) in shapes.iter_shapes().enumerate() {
        match shape {
            Ok(s) => geometries.push(convert_shape(s)),
            Err(e) => {
                skipped.push(Skipped {
                    index: i,
                    reason: format!(
                        "Datensatz beschädigt ({e}); die Datei wurde bis hierher gelesen"
                    ),
                });
                break;
            }
        }
    }

    let records = read_dbf(path, &mut notes)?;
    let features = geometries
        .into_iter()
        .enumerate()
        .map(|(index, (type_name, geometry))| RawFeature {
            index,
            type_name: type_name.to_owned(),
            geometry,
            props: records.get(index).cloned().unwrap_or_default(),
        })
        .collect();

    Ok(RawFile {
        path: shown,
        layer_name: layer_name(path),
        format: Format::Shapefile,
        declared_crs,
        features,
        skipped,
        notes,
    })
}

type Row = Vec<(String, RawValue)>;

fn read_dbf(path: &Path, notes: &mut Vec<String>) -> Result<Vec<Row>, LoadError> {
    let dbf_path = path.with_extension("dbf");
    let Ok(file) = File::open(&dbf_path) else {
        notes.push("Keine .dbf-Datei: Objekte ohne Attribute geladen.".to_owned());
        return Ok(Vec::new());
    };
    let encoding = std::fs::read_to_string(path.with_extension("cpg"))
        .ok()
        .and_then(|label| dbase::encoding::DynEncoding::from_name(label.trim()));
    let builder = match encoding {
        Some(enc) => dbase::ReaderBuilder::new().with_encoding(enc),
        None => {
            notes.push("Keine .cpg-Datei: Attribute als Windows-1252 gelesen.".to_owned());
            dbase::ReaderBuilder::new()
                .with_encoding(dbase::encoding::EncodingRs::from(encoding_rs::WINDOWS_1252))
        }
    };
    let mut reader = builder
        .build(BufReader::new(file))
        .map_err(|e| LoadError::Shapefile {
            detail: format!("Attributdatei: {e}"),
            path: dbf_path.display().to_string(),
        })?;
    let names: Vec<String> = reader
        .fields()
        .iter()
        .map(|f| f.name().to_owned())
        .collect();
    let mut rows = Vec::new();
    for record in reader.iter_records() {
        match record {
            Ok(record) => rows.push(
                names
                    .iter()
                    .map(|n| (n.clone(), record.get(n).map_or(RawValue::Null, raw_value)))
                    .collect(),
            ),
            Err(e) => {
                notes.push(format!(
                    "Attributdatei ab Datensatz {} nicht lesbar ({e}); folgende Objekte ohne Attribute.",
                    rows.len()
                ));
                break;
            }
        }
    }
    Ok(rows)
}

fn raw_value(v: &FieldValue) -> RawValue {
    match v {
        FieldValue::Character(Some(s)) | FieldValue::Memo(s) => RawValue::Text(s.trim().to_owned()),
        FieldValue::Numeric(Some(n)) | FieldValue::Double(n) | FieldValue::Currency(n) => {
            RawValue::Number(*n)
        }
        FieldValue::Float(Some(f)) => RawValue::Number(f64::from(*f)),
        FieldValue::Integer(i) => RawValue::Number(f64::from(*i)),
        FieldValue::Logical(Some(b)) => RawValue::Bool(*b),
        FieldValue::Date(Some(d)) => {
            RawValue::Text(format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
        }
        FieldValue::DateTime(dt) => RawValue::Text(format!(
            "{:04}-{:02}-{:02}",
            dt.date().year(),
            dt.date().month(),
            dt.date().day()
        )),
        _ => RawValue::Null,
    }
}

fn convert_shape(shape: Shape) -> (&'static str, RawGeometry) {
    match shape {
        Shape::NullShape => ("null", RawGeometry::Missing),
        Shape::Point(p) => ("Point", points([(p.x, p.y)])),
        Shape::PointM(p) => ("Point", points([(p.x, p.y)])),
        Shape::PointZ(p) => ("Point", points([(p.x, p.y)])),
        Shape::Multipoint(m) => ("MultiPoint", points(m.points().iter().map(|p| (p.x, p.y)))),
        Shape::MultipointM(m) => ("MultiPoint", points(m.points().iter().map(|p| (p.x, p.y)))),
        Shape::MultipointZ(m) => ("MultiPoint", points(m.points().iter().map(|p| (p.x, p.y)))),
        Shape::Polygon(p) => ("Polygon", polygons(p.rings(), |q| (q.x, q.y))),
        Shape::PolygonM(p) => ("Polygon", polygons(p.rings(), |q| (q.x, q.y))),
        Shape::PolygonZ(p) => ("Polygon", polygons(p.rings(), |q| (q.x, q.y))),
        Shape::Polyline(_) | Shape::PolylineM(_) | Shape::PolylineZ(_) => {
            ("LineString", RawGeometry::Unsupported)
        }
        Shape::Multipatch(_) => ("Multipatch", RawGeometry::Unsupported),
    }
}

fn points(it: impl IntoIterator<Item = (f64, f64)>) -> RawGeometry {
    RawGeometry::Points(it.into_iter().map(|(x, y)| Point::new(x, y)).collect())
}

/// Shapefile polygons list outer rings (clockwise) and holes (counter-clockwise) in one list;
/// each hole belongs to the outer ring that contains it.
fn polygons<P>(rings: &[PolygonRing<P>], xy: impl Fn(&P) -> (f64, f64)) -> RawGeometry {
    let to_ls = |pts: &[P]| {
        LineString::new(
            pts.iter()
                .map(|p| {
                    let (x, y) = xy(p);
                    Coord { x, y }
                })
                .collect(),
        )
    };
    let mut outers: Vec<(LineString<f64>, Vec<LineString<f64>>)> = Vec::new();
    let mut holes = Vec::new();
    for ring in rings {
        match ring {
            PolygonRing::Outer(pts) => outers.push((to_ls(pts), Vec::new())),
            PolygonRing::Inner(pts) => holes.push(to_ls(pts)),
        }
    }
    if outers.is_empty() {
        return RawGeometry::Invalid("Fläche ohne äußeren Ring".to_owned());
    }
    for hole in holes {
        let Some(first) = hole.0.first().copied() else {
            continue;
        };
        let owner = outers
            .iter()
            .position(|(outer, _)| Polygon::new(outer.clone(), vec![]).contains(&first))
            .unwrap_or(0);
        outers[owner].1.push(hole);
    }
    RawGeometry::Polygons(MultiPolygon::new(
        outers
            .into_iter()
            .map(|(outer, holes)| Polygon::new(outer, holes))
            .collect(),
    ))
}
