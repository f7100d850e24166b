//! From raw features (as any reader produced them, in the file's CRS) to a typed layer in WGS84
//! plus metric coordinates, with the load report. The one place that decides the CRS of a file
//! without a declaration and that rejects coordinates that cannot be right.

use std::collections::BTreeMap;

use geo::{Coord, CoordsIter, MultiPolygon, Point};

use crate::bilingual;
use crate::crs::{Crs, Transformer, detect_crs, is_valid_lonlat, metric_crs_for};
use crate::i18n::Bilingual;
use crate::io::report::{CrsSource, Format, LoadReport, Skipped};
use crate::io::validity::{self_intersection_note, self_intersects};

mod checks;

use crate::io::{Cancel, LoadError, LoadStage, Loaded};
use crate::model::layer::{Area, AreaLayer, Facility, FacilityLayer, Layer};
use crate::model::value::{CELL_BUDGET, RawValue, Value, type_properties_capped};
use checks::{check_lonlat, check_polygons, map_mp, transform_error};

/// The geometry of one raw feature.
#[derive(Debug, Clone)]
pub enum RawGeometry {
    Polygons(MultiPolygon<f64>),
    Points(Vec<Point<f64>>),
    /// A geometry type that is read but not usable here (LineString …).
    Unsupported,
    Missing,
    /// The geometry could not be read, and why.
    Invalid(Bilingual),
}

#[derive(Debug, Clone)]
pub struct RawFeature {
    pub index: usize,
    /// Geometry type name as in the file ("Polygon", "MultiPoint", "null" …).
    pub type_name: String,
    pub geometry: RawGeometry,
    pub props: Vec<(String, RawValue)>,
}

/// What a reader hands over.
pub struct RawFile {
    pub path: String,
    pub layer_name: String,
    pub format: Format,
    pub declared_crs: Option<(Crs, CrsSource)>,
    pub features: Vec<RawFeature>,
    /// Rows/records the reader itself already had to skip.
    pub skipped: Vec<Skipped>,
    pub notes: Vec<Bilingual>,
}

type Props = Vec<(String, RawValue)>;

/// Bytes of text a layer may copy from MultiPoint features to their points.
const COPIED_TEXT_BUDGET: usize = 256 * 1024 * 1024;

enum Kind {
    Areas,
    Points,
}

pub fn build(raw: RawFile, cancel: &Cancel) -> Result<Loaded, LoadError> {
    let RawFile {
        path,
        layer_name,
        format,
        declared_crs,
        features,
        mut skipped,
        mut notes,
    } = raw;

    let mut geometry_types: BTreeMap<String, usize> = BTreeMap::new();
    let (mut polys, mut points) = (0usize, 0usize);
    for f in &features {
        *geometry_types.entry(f.type_name.clone()).or_default() += 1;
        match f.geometry {
            RawGeometry::Polygons(_) => polys += 1,
            RawGeometry::Points(_) => points += 1,
            _ => {}
        }
    }
    let kind = if points > polys {
        Kind::Points
    } else {
        Kind::Areas
    };

    // Keep the features of the layer's kind; say why the others go.
    let mut kept: Vec<RawFeature> = Vec::with_capacity(features.len());
    for f in features {
        let reason = match (&f.geometry, &kind) {
            (RawGeometry::Polygons(_), Kind::Areas) | (RawGeometry::Points(_), Kind::Points) => {
                None
            }
            (RawGeometry::Polygons(_), Kind::Points) => Some(Bilingual::new(
                "Fläche in einer Punktebene – übersprungen",
                "Area in a point layer – skipped",
            )),
            (RawGeometry::Points(_), Kind::Areas) => Some(Bilingual::new(
                "Punkt in einer Flächenebene – übersprungen",
                "Point in an area layer – skipped",
            )),
            (RawGeometry::Unsupported, _) => {
                let t = &f.type_name;
                Some(bilingual!(
                    "Geometrietyp {t} wird nicht unterstützt (nur Flächen und Punkte)",
                    "Geometry type {t} is not supported (areas and points only)"
                ))
            }
            (RawGeometry::Missing, _) => Some(Bilingual::new(
                "Objekt ohne Geometrie",
                "Feature without geometry",
            )),
            (RawGeometry::Invalid(reason), _) => Some(reason.clone()),
        };
        match reason {
            Some(reason) => skipped.push(Skipped {
                index: f.index,
                reason,
            }),
            None => kept.push(f),
        }
    }

    let (crs, crs_source) = resolve_crs(declared_crs, &kept, &mut notes);
    let bbox = raw_bbox(&kept);
    let centre = bbox
        .map(|b| [(b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0])
        .unwrap_or([0.0, 0.0]);
    let to_wgs = Transformer::new(crs, Crs::WGS84).map_err(|source| LoadError::Crs {
        source,
        path: path.clone(),
    })?;
    let centre_wgs = to_wgs
        .transform(centre[0], centre[1])
        .ok()
        .filter(|&(x, y)| is_valid_lonlat(x, y))
        .unwrap_or((8.68, 50.11));
    let metric_crs = metric_crs_for(centre_wgs.0, centre_wgs.1);
    let to_metric = Transformer::new(crs, metric_crs).map_err(|source| LoadError::Crs {
        source,
        path: path.clone(),
    })?;

    let claims_wgs84 = crs.is_geographic();
    let mut converted: Vec<(usize, Converted, Props)> = Vec::with_capacity(kept.len());
    let mut invalid = Vec::new();
    cancel.set_stage(LoadStage::Converting, kept.len());
    let results = convert_all(&kept, claims_wgs84, &to_wgs, &to_metric, cancel)?;
    for (f, result) in kept.into_iter().zip(results) {
        match result {
            Ok((c, crosses_itself)) => {
                if crosses_itself {
                    invalid.push(f.index);
                }
                converted.push((f.index, c, f.props));
            }
            Err(reason) => skipped.push(Skipped {
                index: f.index,
                reason,
            }),
        }
    }
    skipped.sort_by_key(|s| s.index);
    if !invalid.is_empty() {
        notes.push(self_intersection_note(&invalid));
    }

    cancel.set_stage(LoadStage::Indexing, 0);
    let stored_rows = match kind {
        Kind::Areas => converted.len(),
        Kind::Points => converted
            .iter()
            .map(|(_, c, _)| match c {
                Converted::Points(pts) => pts.len(),
                Converted::Area { .. } => 0,
            })
            .sum(),
    };
    let rows: Vec<&[(String, RawValue)]> = converted.iter().map(|(_, _, p)| p.as_slice()).collect();
    let typed = type_properties_capped(&rows, stored_rows, CELL_BUDGET);
    drop(rows);
    if let Some(note) = dropped_names_note(&typed.dropped, typed.schema.fields.len()) {
        notes.push(note);
    }
    let (schema, values) = (typed.schema, typed.values);
    let layer = match kind {
        Kind::Areas => {
            let areas = converted
                .into_iter()
                .zip(values)
                .filter_map(|((index, c, _), vals)| match c {
                    Converted::Area { wgs, metric } => Some(Area::new(index, vals, wgs, metric)),
                    Converted::Points(_) => None,
                })
                .collect();
            Layer::Areas(AreaLayer::new(
                layer_name,
                schema.clone(),
                areas,
                metric_crs,
            ))
        }
        Kind::Points => {
            let mut facilities = Vec::new();
            // A MultiPoint's values are copied to each of its points; long texts copied to
            // very many points would take memory the file never held, so past this budget
            // later points keep only numbers and the report says which features.
            let mut copied_text = 0usize;
            let mut trimmed = Vec::new();
            for ((index, c, _), vals) in converted.into_iter().zip(values) {
                if let Converted::Points(pts) = c {
                    let text_bytes: usize = vals
                        .iter()
                        .map(|v| match v {
                            Value::Text(t) => t.len(),
                            _ => 0,
                        })
                        .sum();
                    let copies = pts.len().saturating_sub(1);
                    copied_text = copied_text.saturating_add(text_bytes.saturating_mul(copies));
                    let short: Option<Vec<Value>> =
                        (copied_text > COPIED_TEXT_BUDGET && text_bytes > 0).then(|| {
                            trimmed.push(index);
                            vals.iter()
                                .map(|v| match v {
                                    Value::Text(_) => Value::Null,
                                    other => other.clone(),
                                })
                                .collect()
                        });
                    for (n, (wgs, metric)) in pts.into_iter().enumerate() {
                        facilities.push(Facility {
                            source_index: index,
                            values: match &short {
                                Some(short) if n > 0 => short.clone(),
                                _ => vals.clone(),
                            },
                            position: wgs,
                            metric,
                        });
                    }
                }
            }
            if let Some(first) = trimmed.first() {
                let n = trimmed.len();
                notes.push(bilingual!(
                    "{n} MultiPoint-Objekt(e) mit sehr vielen Punkten und langen Texten (z. B. \
                     Objekt {first}): die Texte stehen nur beim ersten Punkt, die übrigen \
                     Punkte haben dort „keine Angabe“.",
                    "{n} MultiPoint feature(s) with very many points and long texts (e.g. \
                     feature {first}): the texts are kept on the first point only; the other \
                     points have “n/a” there."
                ));
            }
            Layer::Facilities(FacilityLayer::new(
                layer_name,
                schema.clone(),
                facilities,
                metric_crs,
            ))
        }
    };

    let report = LoadReport {
        path,
        format,
        crs,
        crs_source,
        metric_crs,
        features_loaded: layer.len(),
        geometry_types,
        bbox_wgs84: layer.bbox(),
        properties: schema.fields,
        skipped,
        notes,
    };
    Ok(Loaded { layer, report })
}

/// The load report's word on property names left out by the cell budget.
fn dropped_names_note(dropped: &[(String, usize)], kept: usize) -> Option<Bilingual> {
    if dropped.is_empty() {
        return None;
    }
    let n = dropped.len();
    let examples: Vec<String> = dropped.iter().take(8).map(|(k, _)| k.clone()).collect();
    let more = if n > examples.len() { " …" } else { "" };
    let de_list = examples
        .iter()
        .map(|k| format!("„{k}“"))
        .collect::<Vec<_>>()
        .join(", ");
    let en_list = examples
        .iter()
        .map(|k| format!("“{k}”"))
        .collect::<Vec<_>>()
        .join(", ");
    let count = |v: usize, english: bool| crate::model::value::format_fixed(v as f64, 0, english);
    let (total, kept_de, n_de) = (count(n + kept, false), count(kept, false), count(n, false));
    let (total_en, kept_en, n_en) = (count(n + kept, true), count(kept, true), count(n, true));
    Some(Bilingual::new(
        format!(
            "Die Datei nutzt {total} verschiedene Eigenschaftsnamen; übernommen wurden die \
             {kept_de} häufigsten. {n_de} seltene Namen wurden nicht übernommen, z. B. \
             {de_list}{more}."
        ),
        format!(
            "The file uses {total_en} different property names; the {kept_en} most frequent \
             were kept. {n_en} rare names were left out, e.g. {en_list}{more}."
        ),
    ))
}

fn resolve_crs(
    declared: Option<(Crs, CrsSource)>,
    kept: &[RawFeature],
    notes: &mut Vec<Bilingual>,
) -> (Crs, CrsSource) {
    if let Some(d) = declared {
        return d;
    }
    let Some(b) = raw_bbox(kept) else {
        return (Crs::WGS84, CrsSource::Standard);
    };
    if is_valid_lonlat(b[0], b[1]) && is_valid_lonlat(b[2], b[3]) {
        return (Crs::WGS84, CrsSource::Standard);
    }
    match detect_crs(b) {
        Some(crs) if !crs.is_geographic() => {
            let (label, de, en) = (crs.label(), crs.description(), crs.description_en());
            notes.push(bilingual!(
                "Die Datei nennt kein Koordinatensystem und die Koordinaten sind keine \
                 Längen-/Breitengrade; erkannt wurde {label} ({de}).",
                "The file names no coordinate system and the coordinates are not longitudes \
                 and latitudes; recognised: {label} ({en})."
            ));
            (crs, CrsSource::Detected)
        }
        _ => (Crs::WGS84, CrsSource::Standard),
    }
}

fn raw_bbox(features: &[RawFeature]) -> Option<[f64; 4]> {
    let mut b: Option<[f64; 4]> = None;
    let mut add = |c: Coord<f64>| {
        if !(c.x.is_finite() && c.y.is_finite()) {
            return;
        }
        b = Some(match b {
            None => [c.x, c.y, c.x, c.y],
            Some(o) => [o[0].min(c.x), o[1].min(c.y), o[2].max(c.x), o[3].max(c.y)],
        });
    };
    for f in features {
        match &f.geometry {
            RawGeometry::Polygons(mp) => mp.exterior_coords_iter().for_each(&mut add),
            RawGeometry::Points(pts) => pts.iter().for_each(|p| add(p.0)),
            _ => {}
        }
    }
    b
}

/// A feature converted, and whether one of its rings crosses itself; or why it cannot be used.
type ConvertResult = Result<(Converted, bool), Bilingual>;

/// Convert every kept feature, on all cores for large files (each feature on its own, so the
/// order and the result are the same as one after the other). `Err` only when cancelled.
fn convert_all(
    kept: &[RawFeature],
    claims_wgs84: bool,
    to_wgs: &Transformer,
    to_metric: &Transformer,
    cancel: &Cancel,
) -> Result<Vec<ConvertResult>, LoadError> {
    let one = |f: &RawFeature| -> ConvertResult {
        let c = convert_feature(&f.geometry, claims_wgs84, to_wgs, to_metric)?;
        let crosses =
            matches!(&f.geometry, RawGeometry::Polygons(mp) if self_intersects(mp) == Some(true));
        Ok((c, crosses))
    };
    let part = |features: &[RawFeature]| -> Option<Vec<ConvertResult>> {
        let mut out = Vec::with_capacity(features.len());
        for chunk in features.chunks(256) {
            if cancel.is_cancelled() {
                return None;
            }
            out.extend(chunk.iter().map(one));
            cancel.add_done(chunk.len());
        }
        Some(out)
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    if threads < 2 || kept.len() < 4096 {
        return part(kept).ok_or(LoadError::Cancelled);
    }
    let size = kept.len().div_ceil(threads);
    let parts: Vec<Option<Vec<ConvertResult>>> = std::thread::scope(|s| {
        let handles: Vec<_> = kept
            .chunks(size)
            .map(|c| s.spawn(move || part(c)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut out = Vec::with_capacity(kept.len());
    for p in parts {
        out.extend(p.ok_or(LoadError::Cancelled)?);
    }
    Ok(out)
}

enum Converted {
    Area {
        wgs: MultiPolygon<f64>,
        metric: MultiPolygon<f64>,
    },
    Points(Vec<(Point<f64>, Point<f64>)>),
}

fn convert_feature(
    g: &RawGeometry,
    claims_wgs84: bool,
    to_wgs: &Transformer,
    to_metric: &Transformer,
) -> Result<Converted, Bilingual> {
    match g {
        RawGeometry::Polygons(mp) => {
            check_polygons(mp)?;
            if claims_wgs84 {
                check_lonlat(mp.coords_iter())?;
            }
            let wgs = if to_wgs.is_identity() {
                mp.clone()
            } else {
                map_mp(mp, to_wgs)?
            };
            check_lonlat(wgs.coords_iter())?;
            let metric = map_mp(mp, to_metric)?;
            Ok(Converted::Area { wgs, metric })
        }
        RawGeometry::Points(pts) => {
            let mut out = Vec::with_capacity(pts.len());
            for p in pts {
                if claims_wgs84 {
                    check_lonlat(std::iter::once(p.0))?;
                }
                let (x, y) = to_wgs.transform(p.x(), p.y()).map_err(transform_error)?;
                check_lonlat(std::iter::once(Coord { x, y }))?;
                let (mx, my) = to_metric.transform(p.x(), p.y()).map_err(transform_error)?;
                out.push((Point::new(x, y), Point::new(mx, my)));
            }
            if out.is_empty() {
                return Err(Bilingual::new(
                    "Punktgeometrie ohne Koordinaten",
                    "Point geometry without coordinates",
                ));
            }
            Ok(Converted::Points(out))
        }
        _ => Err(Bilingual::new(
            "Geometrie nicht verwendbar",
            "Geometry not usable",
        )),
    }
}
