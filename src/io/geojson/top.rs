//! The top level of a GeoJSON document as the streaming reader takes it from the parser:
//! member by member, the features one at a time (with progress, cancel and the findings the
//! load report tells), with the reasons a parse stopped and the repair's note.

use serde_json::Value as Json;

use super::convert::feature_from_parts;
use super::feature::FeatureSeed;
use super::repair::{Repaired, repairable};
use crate::bilingual;
use crate::i18n::{Bilingual, Noun, Words};
use crate::io::build::RawFeature;
use crate::io::{Cancel, LoadError};

/// Why a parse failed: an error to report, or values the repair can replace.
pub(crate) enum Failed {
    Error(LoadError),
    /// A number beyond `f64` or a lone surrogate; the error to report if repair is not tried.
    Repairable(LoadError),
}

impl Failed {
    pub(crate) fn into_error(self) -> LoadError {
        match self {
            Failed::Error(e) | Failed::Repairable(e) => e,
        }
    }
}

/// The load report's word on values replaced by the repair.
pub(crate) fn repaired_note(r: Repaired) -> Bilingual {
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
pub(crate) struct Top {
    /// Every member but `features`.
    pub(crate) members: serde_json::Map<String, Json>,
    /// The features, when `features` is a list.
    pub(crate) features: Option<Vec<RawFeature>>,
    /// What the reader repaired or dropped in them, for the load report.
    pub(crate) findings: Findings,
}

/// Repairs the reader made silently before, now said in the load report.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    /// Features with a ring whose last point is not its first (closed on reading).
    pub(crate) unclosed: Vec<usize>,
    /// Features with a repeated property name, and the name (the last value is kept).
    pub(crate) duplicate_keys: Vec<(usize, String)>,
}

impl Findings {
    pub(crate) fn notes(&self) -> Vec<Bilingual> {
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

pub(crate) fn parse_top<'de, R: serde_json::de::Read<'de>>(
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
