//! The distances as columns of the area layer, so that the class map, the table, the
//! histogram and the scatter plot show them like any indicator.

use super::ReachState;
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
        if let Some(t) = &self.thematic
            && t.layer == layer
        {
            let settings = t.settings.clone();
            self.set_thematic(layer, settings);
        }
    }

    pub(super) fn reach_error(&mut self, text: String) {
        self.messages.push(Message {
            kind: MessageKind::Error,
            text: format!("Erreichbarkeit: {text}"),
            report: None,
        });
    }
}

fn kind_name(kind: FacilityKind) -> (&'static str, &'static str) {
    match kind {
        FacilityKind::Nachbarschaftsbuero => ("Nachbarschaftsbüro", "neighbourhood office"),
        FacilityKind::Sozialrathaus => ("Sozialrathaus", "social services centre"),
        FacilityKind::Haltestelle => ("Haltestelle", "stop"),
        FacilityKind::Kita => ("Kita", "day-care centre"),
        FacilityKind::Familienzentrum => ("Familienzentrum", "family centre"),
        FacilityKind::Jugendhaus => ("Jugendhaus", "youth centre"),
        FacilityKind::Seniorentreff => ("Seniorentreff", "senior centre"),
        FacilityKind::Other => ("Einrichtung", "facility"),
    }
}

/// The distance columns of the current situation (with hypothetical facilities).
pub(super) fn distance_columns(r: &ReachState) -> Vec<(String, FieldLabel, Vec<Value>)> {
    let (de, en) = kind_name(r.kind);
    let p = r.prefix();
    let num = |v: Option<f64>| v.map_or(Value::Null, |v| Value::Number((v * 10.0).round() / 10.0));
    let label =
        |de_name: String, en_name: String, unit: &str, definition: String, direction: i8| {
            FieldLabel {
                de: de_name,
                en: en_name,
                unit: unit.to_owned(),
                definition,
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
                format!(
                    "Kürzeste Entfernung vom Rand des Gebiets zum nächsten {de} (0, wenn eines \
                     im Gebiet liegt), Luftlinie in Metern."
                ),
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
                format!(
                    "Entfernung vom Schwerpunkt des Gebiets (bei konkaven Gebieten von einem \
                     Punkt im Innern) zum nächsten {de}, Luftlinie in Metern."
                ),
                1,
            ),
            r.current.iter().map(|a| num(a.dist_rep)).collect(),
        ),
    ];
    for (k, radius) in r.settings.radii.iter().enumerate() {
        cols.push((
            format!("{p}_im_umkreis_{radius:.0}m"),
            label(
                format!("{de} im Umkreis von {radius:.0} m"),
                format!("{en}s within {radius:.0} m"),
                // Not a count of people: never summed into privacy suppression.
                "Einrichtungen",
                format!("Anzahl der {de}s höchstens {radius:.0} m vom Gebiet entfernt."),
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
