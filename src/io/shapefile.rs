//! Shapefile reader: `.shp` geometry, `.dbf` attributes (read value by value in
//! [`crate::io::dbf`]: encoding from `.cpg`, else the language driver byte, else recognised),
//! `.prj` for the CRS (ESRI WKT → EPSG). A missing or unreadable `.dbf` still loads the
//! geometry (without attributes); a missing `.prj` lets the coordinate ranges decide; a `.dbf`
//! with fewer or more records than the `.shp` has objects is noted. A `.shp` record that cannot
//! be read ends reading there, keeping what came before. Files are read from disk ([`read`]) or
//! from memory ([`read_bytes`], e.g. the parts of a ZIP archive).

use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek};
use std::path::Path;

use geo::{Contains, Coord, LineString, MultiPolygon, Point, Polygon};
use shapefile::{PolygonRing, Shape};

use crate::bilingual;
use crate::crs::crs_from_prj;
use crate::i18n::{Bilingual, Words};
use crate::io::build::{RawFeature, RawFile, RawGeometry};
use crate::io::report::{CrsSource, Format, Skipped};
use crate::io::shp_records::{Records, index_offsets, io_reason};
use crate::io::{LoadError, layer_name};
use crate::model::value::RawValue;

/// The files of one shapefile held in memory (for example unpacked from a ZIP archive).
/// Only `.shp` is required.
#[derive(Debug, Clone, Copy, Default)]
pub struct ShapefileBytes<'a> {
    pub shp: &'a [u8],
    pub shx: Option<&'a [u8]>,
    pub dbf: Option<&'a [u8]>,
    pub prj: Option<&'a [u8]>,
    pub cpg: Option<&'a [u8]>,
}

/// The parts of a shapefile as readers, wherever they come from.
struct Parts<S, X, D> {
    shp: S,
    shx: Option<X>,
    dbf: Option<D>,
    /// `None`: no `.prj`; `Some(Err)`: a `.prj` that is not text.
    prj: Option<Result<String, String>>,
    /// The `.cpg` file's bytes, as written.
    cpg: Option<Vec<u8>>,
    /// Whether a memo file (`.dbt`, `.fpt`) lies beside the `.dbf`.
    memo_file: bool,
}

/// Read the shapefile `path` (`.shp`) with the `.shx`, `.dbf`, `.prj` and `.cpg` beside it.
pub fn read(path: &Path) -> Result<RawFile, LoadError> {
    let shown = path.display().to_string();
    let shp = File::open(path).map_err(|source| LoadError::Io {
        source,
        path: shown.clone(),
    })?;
    let open = |ext: &str| {
        File::open(path.with_extension(ext))
            .ok()
            .map(BufReader::new)
    };
    let text = |ext: &str| {
        std::fs::read(path.with_extension(ext))
            .ok()
            .map(|b| String::from_utf8(b).map_err(|e| e.to_string()))
    };
    let parts = Parts {
        shp: BufReader::new(shp),
        shx: open("shx"),
        dbf: open("dbf"),
        prj: text("prj"),
        cpg: std::fs::read(path.with_extension("cpg")).ok(),
        memo_file: ["dbt", "fpt", "DBT", "FPT"]
            .iter()
            .any(|ext| path.with_extension(ext).is_file()),
    };
    let dbf_shown = path.with_extension("dbf").display().to_string();
    read_parts(parts, shown, &dbf_shown, &layer_name(path))
}

/// Read a shapefile from memory. `shown` is the path used in messages; `name` the layer name.
pub fn read_bytes(
    files: ShapefileBytes<'_>,
    shown: &str,
    name: &str,
) -> Result<RawFile, LoadError> {
    let text = |b: &[u8]| String::from_utf8(b.to_vec()).map_err(|e| e.to_string());
    let parts = Parts {
        shp: Cursor::new(files.shp),
        shx: files.shx.map(Cursor::new),
        dbf: files.dbf.map(Cursor::new),
        prj: files.prj.map(text),
        cpg: files.cpg.map(<[u8]>::to_vec),
        memo_file: false,
    };
    read_parts(parts, shown.to_owned(), shown, name)
}

fn read_parts<S, X, D>(
    parts: Parts<S, X, D>,
    shown: String,
    dbf_shown: &str,
    name: &str,
) -> Result<RawFile, LoadError>
where
    S: Read + Seek,
    X: Read,
    D: Read + Seek,
{
    let Parts {
        shp,
        shx,
        dbf,
        prj,
        cpg,
        memo_file,
    } = parts;
    let mut notes = Vec::new();
    let declared_crs = match prj {
        Some(Ok(wkt)) => match crs_from_prj(&wkt) {
            Ok(crs) => Some((crs, CrsSource::Prj)),
            Err(e) => {
                notes.push(bilingual!(
                    ".prj-Datei nicht verstanden ({e}); Koordinatensystem aus den Koordinaten bestimmt.",
                    ".prj file not understood ({e}); coordinate system taken from the coordinates."
                ));
                None
            }
        },
        Some(Err(_)) => {
            notes.push(Bilingual::new(
                ".prj-Datei ist keine lesbare Textdatei; Koordinatensystem aus den Koordinaten \
                 bestimmt.",
                ".prj file is not a readable text file; coordinate system taken from the \
                 coordinates.",
            ));
            None
        }
        None => {
            notes.push(Bilingual::new(
                "Keine .prj-Datei: Koordinatensystem aus den Koordinatenbereichen bestimmt.",
                "No .prj file: coordinate system taken from the coordinate ranges.",
            ));
            None
        }
    };

    let (skipped, geometries) = read_shapes(shp, shx, &shown, &mut notes)?;
    let records = match dbf {
        Some(dbf) => {
            let wanted = geometries.len();
            match crate::io::dbf::read_dbf(dbf, cpg.as_deref(), memo_file, wanted) {
                Ok(table) => {
                    notes.extend(table.notes);
                    let names = table.names;
                    let rows: Vec<Row> = table
                        .rows
                        .into_iter()
                        .map(|row| names.iter().cloned().zip(row).collect())
                        .collect();
                    Some((table.records, rows))
                }
                Err(reason) => {
                    notes.push(reason.map(|r, en| {
                        if en {
                            format!(
                                "Attribute file not readable ({r}): features loaded without \
                                 attributes ({dbf_shown})."
                            )
                        } else {
                            format!(
                                "Attributdatei nicht lesbar ({r}): Objekte ohne Attribute \
                                 geladen ({dbf_shown})."
                            )
                        }
                    }));
                    None
                }
            }
        }
        None => {
            notes.push(Bilingual::new(
                "Keine .dbf-Datei: Objekte ohne Attribute geladen.",
                "No .dbf file: features loaded without attributes.",
            ));
            None
        }
    };
    if let Some((count, _)) = &records {
        note_record_mismatch(*count, geometries.len(), skipped.len(), &mut notes);
    }
    let records = records.map(|(_, rows)| rows).unwrap_or_default();
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
        layer_name: name.to_owned(),
        format: Format::Shapefile,
        declared_crs,
        features,
        skipped,
        notes,
    })
}

type Geometries = Vec<(&'static str, RawGeometry)>;

/// The shapes in file order, found through the `.shx` index when it can be read (else one
/// after the other, with a note); a record that cannot be read ends reading there, keeping
/// what came before.
fn read_shapes<S: Read + Seek, X: Read>(
    shp: S,
    shx: Option<X>,
    shown: &str,
    notes: &mut Vec<Bilingual>,
) -> Result<(Vec<Skipped>, Geometries), LoadError> {
    let mut records = Records::new(shp).map_err(|e| LoadError::Shapefile {
        detail: shp_error(&e),
        path: shown.to_owned(),
    })?;
    let offsets = shx.and_then(|shx| match index_offsets(shx, records.end()) {
        Ok(offsets) => Some(offsets),
        Err(reason) => {
            notes.push(reason.map(|r, en| {
                if en {
                    format!(
                        ".shx file not readable ({r}); the .shp file was read record by record."
                    )
                } else {
                    format!(
                        ".shx-Datei nicht lesbar ({r}); die .shp-Datei wurde Datensatz für \
                         Datensatz gelesen."
                    )
                }
            }));
            None
        }
    });
    let (shapes, broken) = records.read_all(offsets);
    let skipped = broken
        .map(|(index, reason)| Skipped {
            index,
            reason: reason.map(|r, en| {
                if en {
                    format!("Record damaged ({r}); the file was read up to here")
                } else {
                    format!("Datensatz beschädigt ({r}); die Datei wurde bis hierher gelesen")
                }
            }),
        })
        .into_iter()
        .collect();
    Ok((skipped, shapes.into_iter().map(convert_shape).collect()))
}

/// Say when `.shp` and `.dbf` disagree on the number of objects.
fn note_record_mismatch(records: usize, shapes: usize, broken: usize, notes: &mut Vec<Bilingual>) {
    let (de, en) = (Words::new(false), Words::new(true));
    if records < shapes {
        notes.push(Bilingual::new(
            format!(
                "Die .dbf-Datei hat nur {} für {} der .shp-Datei; {} ohne Attribute geladen.",
                de.count(records, "Datensatz", "Datensätze"),
                de.count(shapes, "Objekt", "Objekte"),
                de.count(shapes - records, "Objekt wurde", "Objekte wurden"),
            ),
            format!(
                "The .dbf file has only {} for {} of the .shp file; {} loaded without attributes.",
                en.count(records, "record", "records"),
                en.count(shapes, "feature", "features"),
                en.count(shapes - records, "feature was", "features were"),
            ),
        ));
    } else if records > shapes + broken {
        notes.push(Bilingual::new(
            format!(
                "Die .dbf-Datei hat {}, die .shp-Datei nur {}; die überzähligen Datensätze \
                 werden ignoriert.",
                de.count(records, "Datensatz", "Datensätze"),
                de.count(shapes, "lesbares Objekt", "lesbare Objekte"),
            ),
            format!(
                "The .dbf file has {}, the .shp file only {}; the extra records are ignored.",
                en.count(records, "record", "records"),
                en.count(shapes, "readable feature", "readable features"),
            ),
        ));
    }
}

type Row = Vec<(String, RawValue)>;

/// A shapefile error in both languages (the crate's own messages are English).
pub(super) fn shp_error(e: &shapefile::Error) -> Bilingual {
    Bilingual::new(shp_error_de(e), e.to_string())
}

/// A shapefile error in German.
fn shp_error_de(e: &shapefile::Error) -> String {
    use shapefile::Error as E;
    match e {
        E::IoError(io) => io_reason(io).de,
        E::InvalidFileCode(code) => {
            format!("keine Shapefile-Geometriedatei: Dateikennung {code} statt 9994")
        }
        E::InvalidShapeType(code) => format!("unbekannter Geometrietyp {code}"),
        E::InvalidPatchType(code) => format!("unbekannter Multipatch-Typ {code}"),
        E::MismatchShapeType { requested, actual } => {
            format!("Geometrietyp {actual} statt {requested}")
        }
        E::InvalidShapeRecordSize => "ungültige Datensatzlänge".to_owned(),
        E::AllocationLimitExceeded { requested_bytes } => {
            format!("ein Datensatz gibt eine unmögliche Größe an ({requested_bytes} Bytes)")
        }
        E::DbaseError(d) => format!("Fehler in der Attributdatei: {d}"),
        E::MissingDbf => "die .dbf-Datei fehlt".to_owned(),
        E::MissingIndexFile => "die .shx-Datei fehlt".to_owned(),
        // Variants that exist only with the crate's `geo-types` feature.
        #[allow(unreachable_patterns)]
        other => other.to_string(),
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
        return RawGeometry::Invalid(Bilingual::new(
            "Fläche ohne äußeren Ring",
            "Area without an outer ring",
        ));
    }
    // NaN or infinite coordinates cannot be placed (and a ring with NaN never counts as
    // closed, which the containment test below asserts).
    let finite = |ls: &LineString<f64>| ls.0.iter().all(|c| c.x.is_finite() && c.y.is_finite());
    if !(outers.iter().all(|(o, _)| finite(o)) && holes.iter().all(finite)) {
        return RawGeometry::Invalid(Bilingual::new(
            "Fläche mit ungültigen Zahlen in den Koordinaten (NaN oder unendlich)",
            "Area with invalid numbers in its coordinates (NaN or infinite)",
        ));
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
