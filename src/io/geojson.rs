//! GeoJSON reader: FeatureCollection, a single Feature or a bare Geometry. Polygon and
//! MultiPolygon (with holes) become areas, Point and MultiPoint facilities; every other type is
//! reported and skipped. Each feature is read on its own, so one broken feature does not stop
//! the rest. A legacy `crs` member (common in German official data) is honoured.

use std::path::Path;

use geo::{Coord, LineString, MultiPolygon, Point, Polygon};
use serde_json::Value as Json;

use crate::bilingual;
use crate::crs::{Crs, crs_from_name};
use crate::i18n::{Bilingual, Noun, Words};
use crate::io::build::{RawFeature, RawFile, RawGeometry};
use crate::io::geojson_parts::repair::{RepairReader, Repaired, repair_bytes, repairable};
use crate::io::geojson_parts::{Coords, FeatureParts, FeatureSeed, GeometryParts};
use crate::io::report::{CrsSource, Format, not_utf8_note};
use crate::io::{Cancel, LoadError, layer_name, wide};

/// Files up to this size are read into memory and parsed from there (fastest); larger ones are
/// parsed from a buffered reader, so a 1 GB file never sits in memory twice.
const IN_MEMORY_LIMIT: u64 = 256 * 1024 * 1024;

pub fn read(path: &Path, cancel: &Cancel) -> Result<RawFile, LoadError> {
    let shown = path.display().to_string();
    let io_error = |source| LoadError::Io {
        source,
        path: shown.clone(),
    };
    let size = std::fs::metadata(path).map_err(io_error)?.len();
    if size <= IN_MEMORY_LIMIT {
        let bytes = std::fs::read(path).map_err(io_error)?;
        return parse_bytes(&bytes, &shown, &layer_name(path), cancel);
    }
    let file = std::fs::File::open(path).map_err(io_error)?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    // Skip a UTF-8 byte order mark.
    {
        use std::io::BufRead as _;
        let head = reader.fill_buf().map_err(io_error)?;
        if let Some(w) = wide::detect(head) {
            let encoding = w.label();
            return Err(LoadError::GeoJson {
                detail: bilingual!(
                    "die Datei ist in {encoding} kodiert und für diese Kodierung zu groß; bitte \
                     als UTF-8 speichern",
                    "the file is encoded in {encoding} and too large for that encoding; please \
                     save it as UTF-8"
                ),
                path: shown,
            });
        }
        if head.starts_with(b"\xEF\xBB\xBF") {
            reader.consume(3);
        }
    }
    let mut de = serde_json::Deserializer::from_reader(reader);
    match parse_top(&mut de, cancel, &shown) {
        Ok(top) => finish(top, false, shown, &layer_name(path)),
        Err(Failed::Repairable(_)) => {
            // Read again, replacing the values no reader can hold on the way.
            let file = std::fs::File::open(path).map_err(io_error)?;
            let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
            {
                use std::io::BufRead as _;
                let head = reader.fill_buf().map_err(io_error)?;
                if head.starts_with(b"\xEF\xBB\xBF") {
                    reader.consume(3);
                }
            }
            let mut repair = RepairReader::new(reader);
            let top = {
                let mut de = serde_json::Deserializer::from_reader(&mut repair);
                parse_top(&mut de, cancel, &shown).map_err(Failed::into_error)?
            };
            let mut file = finish(top, false, shown, &layer_name(path))?;
            file.notes.push(repaired_note(repair.repaired()));
            Ok(file)
        }
        Err(failed) => Err(failed.into_error()),
    }
}

/// Read GeoJSON from memory. `shown` is the path used in messages; `name` the layer name.
pub fn read_bytes(bytes: &[u8], shown: &str, name: &str) -> Result<RawFile, LoadError> {
    parse_bytes(bytes, shown, name, &Cancel::default())
}

fn parse_bytes(
    bytes: &[u8],
    shown: &str,
    name: &str,
    cancel: &Cancel,
) -> Result<RawFile, LoadError> {
    if let Some(w) = wide::detect(bytes) {
        let text = w.decode(bytes);
        let mut file = parse_utf8_or_1252(text.as_bytes(), shown, name, cancel)?;
        file.notes.extend(crate::io::wide_note(bytes));
        return Ok(file);
    }
    parse_utf8_or_1252(bytes, shown, name, cancel)
}

fn parse_utf8_or_1252(
    bytes: &[u8],
    shown: &str,
    name: &str,
    cancel: &Cancel,
) -> Result<RawFile, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let parse = |bytes: &[u8]| match std::str::from_utf8(bytes) {
        Ok(_) => parse_top(
            &mut serde_json::Deserializer::from_slice(bytes),
            cancel,
            shown,
        )
        .map(|top| (top, false)),
        Err(_) => {
            let text = encoding_rs::WINDOWS_1252.decode(bytes).0;
            parse_top(
                &mut serde_json::Deserializer::from_str(&text),
                cancel,
                shown,
            )
            .map(|top| (top, true))
        }
    };
    match parse(bytes) {
        Ok((top, fallback)) => finish(top, fallback, shown.to_owned(), name),
        Err(Failed::Repairable(_)) => {
            let (repaired_bytes, repaired) = repair_bytes(bytes);
            let (top, fallback) = parse(&repaired_bytes).map_err(Failed::into_error)?;
            let mut file = finish(top, fallback, shown.to_owned(), name)?;
            file.notes.push(repaired_note(repaired));
            Ok(file)
        }
        Err(failed) => Err(failed.into_error()),
    }
}

/// Why a parse failed: an error to report, or values the repair can replace.
enum Failed {
    Error(LoadError),
    /// A number beyond `f64` or a lone surrogate; the error to report if repair is not tried.
    Repairable(LoadError),
}

impl Failed {
    fn into_error(self) -> LoadError {
        match self {
            Failed::Error(e) | Failed::Repairable(e) => e,
        }
    }
}

/// The load report's word on values replaced by the repair.
fn repaired_note(r: Repaired) -> Bilingual {
    let (numbers, surrogates) = (r.numbers, r.surrogates);
    let mut de = Vec::new();
    let mut en = Vec::new();
    if numbers > 0 {
        de.push(format!(
            "{numbers} Zahl(en) außerhalb des darstellbaren Bereichs (z. B. 1e309) gelten als \
             „keine Angabe“"
        ));
        en.push(format!(
            "{numbers} number(s) beyond the representable range (e.g. 1e309) count as “n/a”"
        ));
    }
    if surrogates > 0 {
        de.push(format!(
            "{surrogates} ungültige(s) Unicode-Zeichen (einzelne Ersatzhälfte wie \\ud800) \
             wurde(n) als „�“ gelesen"
        ));
        en.push(format!(
            "{surrogates} invalid Unicode character(s) (a lone surrogate such as \\ud800) \
             were read as “�”"
        ));
    }
    Bilingual::new(
        format!("{}; der Rest der Datei ist vollständig.", de.join("; ")),
        format!("{}; the rest of the file is complete.", en.join("; ")),
    )
}

/// The top level of a GeoJSON document, read member by member: the features are turned into
/// raw features one at a time as the parser reaches them, so the document is never held as a
/// whole JSON tree; the other members are kept as JSON.
struct Top {
    /// Every member but `features`.
    members: serde_json::Map<String, Json>,
    /// The features, when `features` is a list.
    features: Option<Vec<RawFeature>>,
    /// What the reader repaired or dropped in them, for the load report.
    findings: Findings,
}

/// Repairs the reader made silently before, now said in the load report.
#[derive(Debug, Default)]
struct Findings {
    /// Features with a ring whose last point is not its first (closed on reading).
    unclosed: Vec<usize>,
    /// Features with a repeated property name, and the name (the last value is kept).
    duplicate_keys: Vec<(usize, String)>,
}

impl Findings {
    fn notes(&self) -> Vec<Bilingual> {
        let mut notes = Vec::new();
        let list = |ix: &mut dyn Iterator<Item = usize>| {
            let all: Vec<String> = ix.map(|i| i.to_string()).collect();
            if all.len() > 10 {
                format!("{} …", all[..10].join(", "))
            } else {
                all.join(", ")
            }
        };
        if !self.unclosed.is_empty() {
            let n = self.unclosed.len();
            let which = list(&mut self.unclosed.iter().copied());
            notes.push(Bilingual::new(
                format!(
                    "{} mit nicht geschlossenem Ring (Objekt {which}); beim Lesen geschlossen.",
                    Words::new(false).count(n, "Fläche", "Flächen")
                ),
                format!(
                    "{} with a ring that is not closed (feature {which}); closed on reading.",
                    Words::new(true).count_of(n, Noun::AREA)
                ),
            ));
        }
        if let Some((_, first)) = self.duplicate_keys.first() {
            let n = self.duplicate_keys.len();
            let which = list(&mut self.duplicate_keys.iter().map(|(i, _)| *i));
            notes.push(Bilingual::new(
                format!(
                    "{} mit doppelt vorkommendem Eigenschaftsnamen (Objekt {which}, z. B. \
                     „{first}“); der letzte Wert gilt.",
                    Words::new(false).count_of(n, Noun::FEATURE)
                ),
                format!(
                    "{} with a repeated property name (feature {which}, e.g. “{first}”); the last \
                     value counts.",
                    Words::new(true).count_of(n, Noun::FEATURE)
                ),
            ));
        }
        notes
    }
}

/// Why the streaming parse stopped (carried past serde's error type).
#[derive(Default)]
struct Stop(std::cell::Cell<Option<StopReason>>);

#[derive(Clone, Copy)]
enum StopReason {
    Cancelled,
    NotAnObject(&'static str),
    /// A top-level member that decides how the file is read came twice.
    Repeated(&'static str),
}

fn parse_top<'de, R: serde_json::de::Read<'de>>(
    de: &mut serde_json::Deserializer<R>,
    cancel: &Cancel,
    shown: &str,
) -> Result<Top, Failed> {
    use serde::de::DeserializeSeed as _;
    let stop = Stop::default();
    let findings = std::cell::RefCell::new(Findings::default());
    let result = TopSeed {
        cancel,
        stop: &stop,
        findings: &findings,
    }
    .deserialize(&mut *de)
    .and_then(|top| de.end().map(|()| top))
    .map(|mut top| {
        top.findings = findings.take();
        top
    });
    result.map_err(|e| {
        let repairable = stop.0.get().is_none() && repairable(&e);
        let error = top_error(&e, stop.0.get(), shown);
        if repairable {
            Failed::Repairable(error)
        } else {
            Failed::Error(error)
        }
    })
}

fn top_error(e: &serde_json::Error, stop: Option<StopReason>, shown: &str) -> LoadError {
    match stop {
        Some(StopReason::Cancelled) => LoadError::Cancelled,
        Some(StopReason::NotAnObject(what)) => LoadError::GeoJson {
            detail: bilingual!(
                "oberste Ebene ist {what}, kein JSON-Objekt",
                "the top level is {what}, not a JSON object"
            ),
            path: shown.to_owned(),
        },
        Some(StopReason::Repeated(member)) => LoadError::GeoJson {
            detail: bilingual!(
                "die Datei hat „{member}“ zweimal auf oberster Ebene – welches gilt, ist nicht \
                 eindeutig; bitte die Datei prüfen",
                "the file has “{member}” twice at the top level – which one counts is \
                 ambiguous; please check the file"
            ),
            path: shown.to_owned(),
        },
        None => LoadError::GeoJson {
            detail: if e.line() == 0 {
                bilingual!("JSON-Fehler: {e}", "JSON error: {e}")
            } else {
                let (line, column) = (e.line(), e.column());
                bilingual!(
                    "JSON-Fehler in Zeile {line}, Spalte {column}",
                    "JSON error in line {line}, column {column}"
                )
            },
            path: shown.to_owned(),
        },
    }
}

struct TopSeed<'a> {
    cancel: &'a Cancel,
    stop: &'a Stop,
    findings: &'a std::cell::RefCell<Findings>,
}

impl<'de> serde::de::DeserializeSeed<'de> for TopSeed<'_> {
    type Value = Top;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Top, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for TopSeed<'_> {
    type Value = Top;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("ein GeoJSON-Objekt")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
        let mut top = Top {
            members: serde_json::Map::new(),
            features: None,
            findings: Findings::default(),
        };
        let mut seen_features = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "features" || key == "type" {
                let seen = if key == "features" {
                    std::mem::replace(&mut seen_features, true)
                } else {
                    top.members.contains_key("type")
                };
                if seen {
                    self.stop
                        .0
                        .set(Some(StopReason::Repeated(if key == "features" {
                            "features"
                        } else {
                            "type"
                        })));
                    return Err(serde::de::Error::custom("repeated member"));
                }
            }
            if key == "features" {
                top.features = map.next_value_seed(FeaturesSeed {
                    cancel: self.cancel,
                    stop: self.stop,
                    findings: self.findings,
                })?;
            } else {
                let value: Json = map.next_value()?;
                top.members.insert(key, value);
            }
        }
        Ok(top)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<Top, A::Error> {
        self.not_an_object("eine Liste")
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Top, E> {
        self.not_an_object("ein Text")
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Top, E> {
        self.not_an_object("ein Wahrheitswert")
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Top, E> {
        self.not_an_object("eine Zahl")
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Top, E> {
        self.not_an_object("eine Zahl")
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Top, E> {
        self.not_an_object("eine Zahl")
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Top, E> {
        self.not_an_object("null")
    }
}

impl TopSeed<'_> {
    fn not_an_object<E: serde::de::Error>(&self, what: &'static str) -> Result<Top, E> {
        self.stop.0.set(Some(StopReason::NotAnObject(what)));
        Err(E::custom(what))
    }
}

/// The `features` member: a list read feature by feature (with progress and cancel), or
/// anything else, which is skipped and reported as missing.
struct FeaturesSeed<'a> {
    cancel: &'a Cancel,
    stop: &'a Stop,
    findings: &'a std::cell::RefCell<Findings>,
}

impl<'de> serde::de::DeserializeSeed<'de> for FeaturesSeed<'_> {
    type Value = Option<Vec<RawFeature>>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for FeaturesSeed<'_> {
    type Value = Option<Vec<RawFeature>>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("eine Liste von Features")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(parts) = seq.next_element_seed(FeatureSeed)? {
            let index = out.len();
            out.push(feature_from_parts(
                index,
                parts,
                &mut self.findings.borrow_mut(),
            ));
            if out.len() % 256 == 0 {
                if self.cancel.is_cancelled() {
                    self.stop.0.set(Some(StopReason::Cancelled));
                    return Err(serde::de::Error::custom("abgebrochen"));
                }
                self.cancel.set_done(out.len());
            }
        }
        Ok(Some(out))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        use serde::de::IgnoredAny;
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// From the parsed top level to the raw file.
fn finish(top: Top, fallback: bool, shown: String, name: &str) -> Result<RawFile, LoadError> {
    let Top {
        members,
        features,
        mut findings,
    } = top;
    let json = Json::Object(members);
    let mut notes = Vec::new();
    if fallback {
        notes.push(not_utf8_note());
    }
    let declared_crs = declared_crs(&json, &mut notes);
    let features = match json.get("type").and_then(Json::as_str) {
        Some("FeatureCollection") => match features {
            Some(features) => features,
            None => {
                return Err(LoadError::GeoJson {
                    detail: Bilingual::new(
                        "FeatureCollection ohne Liste „features“",
                        "FeatureCollection without a “features” list",
                    ),
                    path: shown,
                });
            }
        },
        Some("Feature") => vec![feature_from_parts(
            0,
            FeatureParts::from_json(&json),
            &mut findings,
        )],
        Some(
            "Point" | "MultiPoint" | "LineString" | "MultiLineString" | "Polygon" | "MultiPolygon"
            | "GeometryCollection",
        ) => {
            let geometry = GeometryParts::from_json(&json);
            vec![RawFeature {
                index: 0,
                type_name: type_name(&geometry),
                geometry: read_geometry(geometry),
                props: Vec::new(),
            }]
        }
        Some(other) => {
            return Err(LoadError::GeoJson {
                detail: bilingual!(
                    "unbekannter GeoJSON-Typ „{other}“",
                    "unknown GeoJSON type “{other}”"
                ),
                path: shown,
            });
        }
        None => {
            return Err(LoadError::GeoJson {
                detail: Bilingual::new(
                    "kein „type“ auf oberster Ebene",
                    "no “type” at the top level",
                ),
                path: shown,
            });
        }
    };
    notes.extend(findings.notes());
    Ok(RawFile {
        path: shown,
        layer_name: name.to_owned(),
        format: Format::GeoJson,
        declared_crs,
        features,
        skipped: Vec::new(),
        notes,
    })
}

fn declared_crs(json: &Json, notes: &mut Vec<Bilingual>) -> Option<(Crs, CrsSource)> {
    let name = json.get("crs")?.get("properties")?.get("name")?.as_str()?;
    match crs_from_name(name) {
        Some(crs) => Some((crs, CrsSource::Declared)),
        None => {
            notes.push(bilingual!(
                "Unbekannte Koordinatensystem-Angabe „{name}“ wurde ignoriert.",
                "Unknown coordinate system “{name}” was ignored."
            ));
            None
        }
    }
}

fn type_name(geometry: &GeometryParts) -> String {
    match geometry {
        GeometryParts::Null => "null".to_owned(),
        GeometryParts::NotAnObject => "unbekannt".to_owned(),
        GeometryParts::Object { type_name, .. } => {
            type_name.clone().unwrap_or_else(|| "unbekannt".to_owned())
        }
    }
}

fn feature_from_parts(index: usize, parts: FeatureParts, findings: &mut Findings) -> RawFeature {
    if let Some(key) = parts.duplicate_keys.first() {
        findings.duplicate_keys.push((index, key.clone()));
    }
    if parts.is_feature && has_unclosed_ring(&parts.geometry) {
        findings.unclosed.push(index);
    }
    if let Some(member) = parts.repeated_members.first() {
        return RawFeature {
            index,
            type_name: "mehrdeutig".to_owned(),
            geometry: RawGeometry::Invalid(bilingual!(
                "Objekt hat „{member}“ zweimal – welches gilt, ist nicht eindeutig",
                "Feature has “{member}” twice – which one counts is ambiguous"
            )),
            props: Vec::new(),
        };
    }
    if !parts.is_feature {
        return RawFeature {
            index,
            type_name: "kein Feature".to_owned(),
            geometry: RawGeometry::Invalid(Bilingual::new(
                "Eintrag ist kein GeoJSON-Feature (fehlendes \"type\": \"Feature\")",
                "Entry is not a GeoJSON feature (\"type\": \"Feature\" missing)",
            )),
            props: Vec::new(),
        };
    }
    RawFeature {
        index,
        type_name: type_name(&parts.geometry),
        geometry: read_geometry(parts.geometry),
        props: parts.props,
    }
}

fn read_geometry(g: GeometryParts) -> RawGeometry {
    let (type_name, coords) = match g {
        GeometryParts::Null => return RawGeometry::Missing,
        GeometryParts::NotAnObject => (None, None),
        GeometryParts::Object {
            type_name,
            coordinates,
        } => (type_name, coordinates),
    };
    let coords = coords.as_ref();
    let result = match type_name.as_deref() {
        Some("Polygon") => coords
            .ok_or_else(missing_coordinates)
            .and_then(polygon)
            .map(|p| RawGeometry::Polygons(MultiPolygon::new(vec![p]))),
        Some("MultiPolygon") => coords.ok_or_else(missing_coordinates).and_then(|c| {
            array(c, "MultiPolygon")?
                .iter()
                .map(polygon)
                .collect::<Result<Vec<_>, _>>()
                .map(|ps| RawGeometry::Polygons(MultiPolygon::new(ps)))
        }),
        Some("Point") => coords
            .ok_or_else(missing_coordinates)
            .and_then(position)
            .map(|c| RawGeometry::Points(vec![Point(c)])),
        Some("MultiPoint") => coords.ok_or_else(missing_coordinates).and_then(|c| {
            array(c, "MultiPoint")?
                .iter()
                .map(|p| position(p).map(Point))
                .collect::<Result<Vec<_>, _>>()
                .map(RawGeometry::Points)
        }),
        Some("LineString" | "MultiLineString" | "GeometryCollection") => {
            Ok(RawGeometry::Unsupported)
        }
        Some(other) => Err(bilingual!(
            "unbekannter Geometrietyp „{other}“",
            "unknown geometry type “{other}”"
        )),
        None => Err(Bilingual::new(
            "Geometrie ohne „type“",
            "geometry without “type”",
        )),
    };
    result.unwrap_or_else(|reason| {
        RawGeometry::Invalid(reason.map(|r, en| {
            if en {
                format!("Invalid geometry: {r}")
            } else {
                format!("Ungültige Geometrie: {r}")
            }
        }))
    })
}

/// Whether a Polygon or MultiPolygon has a ring of positions whose last is not its first.
fn has_unclosed_ring(g: &GeometryParts) -> bool {
    let GeometryParts::Object {
        type_name: Some(t),
        coordinates: Some(Coords::List(items)),
    } = g
    else {
        return false;
    };
    let unclosed = |ring: &Coords| match ring {
        Coords::List(points) => match (points.first(), points.last()) {
            (Some(Coords::Pos(a)), Some(Coords::Pos(b))) => points.len() >= 3 && a != b,
            _ => false,
        },
        _ => false,
    };
    let polygon = |p: &Coords| match p {
        Coords::List(rings) => rings.iter().any(unclosed),
        _ => false,
    };
    match t.as_str() {
        "Polygon" => items.iter().any(unclosed),
        "MultiPolygon" => items.iter().any(polygon),
        _ => false,
    }
}

fn missing_coordinates() -> Bilingual {
    Bilingual::new("„coordinates“ fehlt", "“coordinates” missing")
}

fn array<'a>(v: &'a Coords, what: &str) -> Result<&'a [Coords], Bilingual> {
    match v {
        Coords::List(items) => Ok(items),
        _ => Err(bilingual!(
            "„coordinates“ von {what} ist keine Liste",
            "“coordinates” of {what} is not a list"
        )),
    }
}

fn position(v: &Coords) -> Result<Coord<f64>, Bilingual> {
    match v {
        Coords::Pos(c) => Ok(*c),
        other => {
            let found = other.describe();
            Err(bilingual!(
                "Koordinate ist kein Zahlenpaar: {found}",
                "Coordinate is not a pair of numbers: {found}"
            ))
        }
    }
}

fn ring(v: &Coords) -> Result<LineString<f64>, Bilingual> {
    let coords = array(v, "Ring")?
        .iter()
        .map(position)
        .collect::<Result<Vec<_>, _>>()?;
    if coords.len() < 3 {
        let n = coords.len();
        return Err(bilingual!(
            "Ring mit nur {n} Punkten",
            "Ring with only {n} points"
        ));
    }
    Ok(LineString::new(coords))
}

fn polygon(v: &Coords) -> Result<Polygon<f64>, Bilingual> {
    let rings = array(v, "Polygon")?;
    let mut it = rings.iter();
    let exterior = ring(
        it.next()
            .ok_or_else(|| Bilingual::new("Polygon ohne Ring", "Polygon without a ring"))?,
    )?;
    let interiors = it.map(ring).collect::<Result<Vec<_>, _>>()?;
    Ok(Polygon::new(exterior, interiors))
}
