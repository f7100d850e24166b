//! The distances as columns of the area layer, so that the class map, the table, the
//! histogram and the scatter plot show them like any indicator.

use super::ReachState;
use crate::i18n::Words;
use crate::io::meta::FieldLabel;
use crate::model::{FacilityKind, Field, FieldType, Layer, Value};
use crate::state::{AppState, LayerId, Message, MessageKind};

impl AppState {
    /// Put the distance columns into the area layer's attributes (replacing earlier ones) and
    /// redraw the class map when it shows this layer.
    pub(super) fn set_reach_columns(
        &mut self,
        layer: LayerId,
        columns: Vec<(String, FieldLabel, Vec<Value>)>,
    ) {
        for (name, label, _) in &columns {
            self.labels.insert(name, label.clone());
        }
        let Some(entry) = self.layers.iter_mut().find(|l| l.id == layer) else {
            return;
        };
        let Layer::Areas(area_layer) = &mut entry.layer else {
            return;
        };
        for (name, _, values) in columns {
            let col = match area_layer.schema.index_of(&name) {
                Some(c) => c,
                None => {
                    area_layer.schema.fields.push(Field {
                        name: name.clone(),
                        kind: FieldType::Number,
                    });
                    for a in &mut area_layer.areas {
                        a.values.push(Value::Null);
                    }
                    area_layer.schema.fields.len() - 1
                }
            };
            for (a, v) in area_layer.areas.iter_mut().zip(values) {
                if let Some(slot) = a.values.get_mut(col) {
                    *slot = v;
                }
            }
        }
        if let Some(t) = &self.analyses.thematic
            && t.layer == layer
        {
            let settings = t.settings.clone();
            self.set_thematic(layer, settings);
        }
    }

    pub(super) fn reach_error(&mut self, text: crate::i18n::Bilingual) {
        self.messages.push(Message {
            kind: MessageKind::Error,
            text: text.map(|t, en| format!("{}: {t}", if en { "Reach" } else { "Erreichbarkeit" })),
            report: None,
        });
    }
}

/// A facility kind in singular (German dative "zum nächsten …") and plural, both languages.
struct KindNames {
    de: &'static str,
    de_plural: &'static str,
    en: &'static str,
    en_plural: &'static str,
}

fn kind_name(kind: FacilityKind) -> KindNames {
    let (de, de_plural, en, en_plural) = match kind {
        FacilityKind::Nachbarschaftsbuero => (
            "Nachbarschaftsbüro",
            "Nachbarschaftsbüros",
            "neighbourhood office",
            "neighbourhood offices",
        ),
        FacilityKind::Sozialrathaus => (
            "Sozialrathaus",
            "Sozialrathäuser",
            "social services centre",
            "social services centres",
        ),
        FacilityKind::Haltestelle => ("Haltestelle", "Haltestellen", "stop", "stops"),
        FacilityKind::Kita => ("Kita", "Kitas", "day-care centre", "day-care centres"),
        FacilityKind::Familienzentrum => (
            "Familienzentrum",
            "Familienzentren",
            "family centre",
            "family centres",
        ),
        FacilityKind::Jugendhaus => (
            "Jugendhaus",
            "Jugendhäuser",
            "youth centre",
            "youth centres",
        ),
        FacilityKind::Seniorentreff => (
            "Seniorentreff",
            "Seniorentreffs",
            "senior centre",
            "senior centres",
        ),
        FacilityKind::Other => ("Einrichtung", "Einrichtungen", "facility", "facilities"),
    };
    KindNames {
        de,
        de_plural,
        en,
        en_plural,
    }
}

/// The distance columns of the current situation (with hypothetical facilities).
pub(super) fn distance_columns(r: &ReachState) -> Vec<(String, FieldLabel, Vec<Value>)> {
    let KindNames {
        de,
        de_plural,
        en,
        en_plural,
    } = kind_name(r.kind);
    let p = r.prefix();
    let num = |v: Option<f64>| v.map_or(Value::Null, |v| Value::Number((v * 10.0).round() / 10.0));
    let label =
        |de_name: String, en_name: String, unit: &str, definitions: [String; 2], direction: i8| {
            let [definition, definition_en] = definitions;
            FieldLabel {
                de: de_name,
                en: en_name,
                unit: unit.to_owned(),
                definition,
                definition_en,
                direction,
                numerator: String::new(),
                denominator: String::new(),
                source: "berechnet (Sozialatlas)".to_owned(),
            }
        };
    let mut cols = vec![
        (
            format!("abstand_{p}_m"),
            label(
                format!("Abstand zum nächsten {de}"),
                format!("Distance to the nearest {en}"),
                "m",
                [
                    format!(
                        "Kürzeste Entfernung vom Rand des Gebiets zum nächsten {de} (0, wenn eines \
                         im Gebiet liegt), Luftlinie in Metern."
                    ),
                    format!(
                        "Shortest distance from the area's boundary to the nearest {en} (0 when \
                         one lies in the area), straight line in metres."
                    ),
                ],
                1,
            ),
            r.current.iter().map(|a| num(a.dist_edge)).collect(),
        ),
        (
            format!("abstand_{p}_punkt_m"),
            label(
                format!("Abstand Gebietsmitte – {de}"),
                format!("Distance from the area's centre to the nearest {en}"),
                "m",
                [
                    format!(
                        "Entfernung vom Schwerpunkt des Gebiets (bei konkaven Gebieten von einem \
                         Punkt im Innern) zum nächsten {de}, Luftlinie in Metern."
                    ),
                    format!(
                        "Distance from the area's centroid (for concave areas from a point inside \
                         it) to the nearest {en}, straight line in metres."
                    ),
                ],
                1,
            ),
            r.current.iter().map(|a| num(a.dist_rep)).collect(),
        ),
    ];
    let (wde, wen) = (Words::new(false), Words::new(true));
    for (k, radius) in r.settings.radii.iter().enumerate() {
        let (m_de, m_en) = (wde.metres(*radius), wen.metres(*radius));
        cols.push((
            format!("{p}_im_umkreis_{radius:.0}m"),
            label(
                format!("{de_plural} im Umkreis von {m_de}"),
                format!("{} within {m_en}", capitalised(en_plural)),
                // Not a count of people: never summed into privacy suppression.
                "Einrichtungen",
                [
                    format!("Anzahl der {de_plural} höchstens {m_de} vom Gebiet entfernt."),
                    format!("Number of {en_plural} at most {m_en} from the area."),
                ],
                -1,
            ),
            r.current
                .iter()
                .map(|a| Value::Number(a.within.get(k).copied().unwrap_or(0) as f64))
                .collect(),
        ));
    }
    cols
}

/// "neighbourhood offices" → "Neighbourhood offices".
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
