//! Reach in the application state: distances from an area layer to a facility layer, coverage,
//! the gap list ("Wo fehlt ein Nachbarschaftsbüro?") and hypothetical facilities (what-if).
//! The distances also become columns of the area layer, so the class map, the table, the
//! histogram and the scatter plot show them like any indicator.

use std::sync::Arc;

use geo::Coord;

use super::{AppState, LayerId, Message, MessageKind};
use crate::analysis::aggregate::{Level, group_by};
use crate::analysis::index::StatusClass;
use crate::analysis::reach::coverage::{
    Change, Coverage, GapRule, GroupSupply, change, coverage, gaps, per_group,
};
use crate::analysis::reach::{AreaReach, PreparedAreas, ReachSettings, Sites, compute};
use crate::crs::{Crs, Transformer};
use crate::io::meta::FieldLabel;
use crate::model::{FacilityKind, Field, FieldType, Layer, Value};

/// Which areas have need.
#[derive(Debug, Clone, PartialEq)]
pub enum NeedRule {
    /// Status class of the index at least this (niedrig: niedrig or sehr niedrig).
    Status(StatusClass),
    /// An indicator at least this value.
    Indicator { field: String, min: f64 },
}

#[derive(Debug, Clone, PartialEq)]
pub enum ReachCommand {
    Compute {
        areas: LayerId,
        facilities: LayerId,
        settings: ReachSettings,
    },
    SetRule(NeedRule, GapRule),
    SetTarget(Option<String>),
    /// Clicking the map places a hypothetical facility.
    SetPlacing(bool),
    AddHypothetical {
        lon: f64,
        lat: f64,
    },
    MoveHypothetical {
        index: usize,
        lon: f64,
        lat: f64,
    },
    RemoveHypothetical(usize),
    ClearHypothetical,
    Clear,
}

/// A facility that does not exist (yet), placed by the planner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hypothetical {
    pub lon: f64,
    pub lat: f64,
    pub metric: Coord<f64>,
}

#[derive(Debug, Clone)]
pub struct ReachState {
    pub areas: LayerId,
    pub facilities: LayerId,
    pub kind: FacilityKind,
    pub settings: ReachSettings,
    pub prepared: Arc<PreparedAreas>,
    /// The real facilities (metric) and their lon/lat.
    pub sites: Vec<Coord<f64>>,
    pub site_lonlat: Vec<(f64, f64)>,
    /// The representative point of each area in lon/lat (for drawing).
    pub rep_lonlat: Arc<Vec<(f64, f64)>>,
    pub hypothetical: Vec<Hypothetical>,
    /// With the real facilities only.
    pub real: Vec<AreaReach>,
    /// With the hypothetical ones added (equal to `real` without any).
    pub current: Vec<AreaReach>,
    pub residents: Vec<Option<f64>>,
    /// The target group column (e.g. `einw_65plus`) and its values.
    pub target: Option<(String, Vec<Option<f64>>)>,
    pub rule: NeedRule,
    pub gap_rule: GapRule,
    /// Need per area and its score (Status-Index or indicator value).
    pub need: Vec<bool>,
    pub score: Vec<Option<f64>>,
    pub gaps_real: Vec<usize>,
    pub gaps: Vec<usize>,
    pub coverage_real: Vec<Coverage>,
    pub coverage: Vec<Coverage>,
    pub change: Change,
    /// Facilities (real and hypothetical) per 1,000 of the target group, per Stadtteil.
    pub per_group: Vec<GroupSupply>,
    pub placing: bool,
    /// Counts recomputations, so views can tell a new result.
    pub generation: u64,
}

impl ReachState {
    /// The prefix of the distance columns: "nb" for Nachbarschaftsbüros …
    pub fn prefix(&self) -> &'static str {
        column_prefix(self.kind)
    }

    /// The column of the distance from the area's boundary to the nearest facility.
    pub fn distance_field(&self) -> String {
        format!("abstand_{}_m", self.prefix())
    }

    /// Lon/lat of a facility of the current situation: real ones first, then hypothetical.
    pub fn site_position(&self, i: usize) -> Option<(f64, f64)> {
        match self.site_lonlat.get(i) {
            Some(p) => Some(*p),
            None => self
                .hypothetical
                .get(i - self.site_lonlat.len())
                .map(|h| (h.lon, h.lat)),
        }
    }
}

pub fn column_prefix(kind: FacilityKind) -> &'static str {
    match kind {
        FacilityKind::Nachbarschaftsbuero => "nb",
        FacilityKind::Sozialrathaus => "srh",
        FacilityKind::Haltestelle => "hst",
        FacilityKind::Kita => "kita",
        FacilityKind::Familienzentrum => "fz",
        FacilityKind::Jugendhaus => "jh",
        FacilityKind::Seniorentreff => "st",
        FacilityKind::Other => "einr",
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

impl AppState {
    pub(super) fn apply_reach(&mut self, command: ReachCommand) {
        match command {
            ReachCommand::Compute {
                areas,
                facilities,
                settings,
            } => self.compute_reach(areas, facilities, settings),
            ReachCommand::SetRule(rule, gap_rule) => {
                if let Some(r) = &mut self.reach {
                    r.rule = rule;
                    r.gap_rule = gap_rule;
                }
                self.refresh_reach(false);
            }
            ReachCommand::SetTarget(field) => {
                let target = field.and_then(|f| {
                    let r = self.reach.as_ref()?;
                    let t = self.layer_table(r.areas, self.thematic_edition(r.areas))?;
                    Some((f.clone(), t.column(&f)))
                });
                if let Some(r) = &mut self.reach {
                    r.target = target;
                }
                self.refresh_reach(false);
            }
            ReachCommand::SetPlacing(on) => {
                if let Some(r) = &mut self.reach {
                    r.placing = on;
                }
            }
            ReachCommand::AddHypothetical { lon, lat } => {
                if let Some(h) = self.hypothetical_at(lon, lat)
                    && let Some(r) = &mut self.reach
                {
                    r.hypothetical.push(h);
                }
                self.refresh_reach(true);
            }
            ReachCommand::MoveHypothetical { index, lon, lat } => {
                if let Some(h) = self.hypothetical_at(lon, lat)
                    && let Some(slot) = self
                        .reach
                        .as_mut()
                        .and_then(|r| r.hypothetical.get_mut(index))
                {
                    *slot = h;
                }
                self.refresh_reach(true);
            }
            ReachCommand::RemoveHypothetical(i) => {
                if let Some(r) = &mut self.reach
                    && i < r.hypothetical.len()
                {
                    r.hypothetical.remove(i);
                }
                self.refresh_reach(true);
            }
            ReachCommand::ClearHypothetical => {
                if let Some(r) = &mut self.reach {
                    r.hypothetical.clear();
                }
                self.refresh_reach(true);
            }
            ReachCommand::Clear => self.reach = None,
        }
    }

    fn thematic_edition(&self, layer: LayerId) -> Option<usize> {
        match &self.thematic {
            Some(t) if t.layer == layer => t.settings.edition,
            _ => self
                .layer(layer)
                .and_then(|e| e.editions.len().checked_sub(1)),
        }
    }

    fn hypothetical_at(&self, lon: f64, lat: f64) -> Option<Hypothetical> {
        let r = self.reach.as_ref()?;
        let Some(Layer::Areas(l)) = self.layer(r.areas).map(|e| &e.layer) else {
            return None;
        };
        let t = Transformer::new(Crs(4326), l.metric_crs).ok()?;
        let (x, y) = t.transform(lon, lat).ok()?;
        Some(Hypothetical {
            lon,
            lat,
            metric: Coord { x, y },
        })
    }

    fn compute_reach(&mut self, areas: LayerId, facilities: LayerId, settings: ReachSettings) {
        let (Some(Layer::Areas(a)), Some(Layer::Facilities(f))) = (
            self.layer(areas).map(|e| &e.layer),
            self.layer(facilities).map(|e| &e.layer),
        ) else {
            self.reach_error(
                "Erreichbarkeit braucht eine Flächenebene und eine Punktebene.".into(),
            );
            return;
        };
        let sites = match Sites::from_layer(f, a.metric_crs) {
            Ok(s) => s,
            Err(e) => {
                self.reach_error(format!("Einrichtungen lassen sich nicht umrechnen: {e}"));
                return;
            }
        };
        let kind = f.kind;
        let site_lonlat = f
            .facilities
            .iter()
            .map(|f| (f.position.x(), f.position.y()))
            .collect();
        let (prepared, rep_lonlat) = match &self.reach {
            Some(r) if r.areas == areas => (Arc::clone(&r.prepared), Arc::clone(&r.rep_lonlat)),
            _ => {
                let p = PreparedAreas::from_layer(a);
                let back = Transformer::new(a.metric_crs, Crs(4326)).ok();
                let lonlat = p
                    .rep
                    .iter()
                    .map(|c| {
                        back.as_ref()
                            .and_then(|t| t.transform(c.x, c.y).ok())
                            .unwrap_or((f64::NAN, f64::NAN))
                    })
                    .collect();
                (Arc::new(p), Arc::new(lonlat))
            }
        };
        let edition = self.thematic_edition(areas);
        let table = self.layer_table(areas, edition);
        let residents = table
            .as_ref()
            .map(|t| t.column("einwohner"))
            .unwrap_or_default();
        let (hypothetical, target, rule, gap_rule) = match self.reach.take() {
            Some(old) if old.areas == areas => {
                (old.hypothetical, old.target, old.rule, old.gap_rule)
            }
            _ => (
                Vec::new(),
                None,
                self.default_need_rule(areas),
                GapRule::default(),
            ),
        };
        let real = compute(&prepared, &sites, &settings);
        self.reach = Some(ReachState {
            areas,
            facilities,
            kind,
            settings,
            prepared,
            sites: sites.points,
            site_lonlat,
            rep_lonlat,
            hypothetical,
            current: real.clone(),
            real,
            residents,
            target,
            rule,
            gap_rule,
            need: Vec::new(),
            score: Vec::new(),
            gaps_real: Vec::new(),
            gaps: Vec::new(),
            coverage_real: Vec::new(),
            coverage: Vec::new(),
            change: Change::default(),
            per_group: Vec::new(),
            placing: false,
            generation: 0,
        });
        self.refresh_reach(true);
    }

    /// Need by default: the index's "niedrig" or worse when there is an index on this layer,
    /// else the mapped indicator in its top fifth.
    fn default_need_rule(&self, areas: LayerId) -> NeedRule {
        if self
            .index
            .as_ref()
            .is_some_and(|ix| ix.request.layer == areas)
        {
            return NeedRule::Status(StatusClass::Niedrig);
        }
        let field = match &self.thematic {
            Some(t) if t.layer == areas => t.settings.field.clone(),
            _ => "sgb2_quote".to_owned(),
        };
        let mut values: Vec<f64> = self
            .layer_table(areas, self.thematic_edition(areas))
            .map(|t| t.column(&field).into_iter().flatten().collect())
            .unwrap_or_default();
        values.sort_by(f64::total_cmp);
        let min = values.get(values.len() * 4 / 5).copied().unwrap_or(0.0);
        NeedRule::Indicator { field, min }
    }

    /// Recompute what depends on the facilities (`sites_changed`) and on the rule.
    fn refresh_reach(&mut self, sites_changed: bool) {
        let Some(mut r) = self.reach.take() else {
            return;
        };
        if sites_changed {
            r.current = if r.hypothetical.is_empty() {
                r.real.clone()
            } else {
                let mut all = r.sites.clone();
                all.extend(r.hypothetical.iter().map(|h| h.metric));
                compute(&r.prepared, &Sites::new(all), &r.settings)
            };
        }
        let (need, score) = self.need_of(&r);
        r.need = need;
        r.score = score;
        r.gaps_real = gaps(&r.need, &r.score, &r.real, &r.gap_rule);
        r.gaps = gaps(&r.need, &r.score, &r.current, &r.gap_rule);
        let target = r.target.as_ref().map(|(_, v)| v.as_slice());
        r.coverage_real = r
            .settings
            .radii
            .iter()
            .map(|&rad| coverage(&r.real, &r.residents, target, rad))
            .collect();
        r.coverage = r
            .settings
            .radii
            .iter()
            .map(|&rad| coverage(&r.current, &r.residents, target, rad))
            .collect();
        let radius = r.gap_rule.min_distance;
        r.change = change(
            &r.real,
            &r.current,
            &r.residents,
            radius,
            &r.gaps_real,
            &r.gaps,
        );
        r.per_group = self.supply_per_stadtteil(&r);
        r.generation += 1;
        let layer = r.areas;
        let columns = distance_columns(&r);
        self.reach = Some(r);
        self.set_reach_columns(layer, columns);
    }

    /// Facilities per 1,000 of the target group for each Stadtteil (or nothing when the areas
    /// have no Stadtteil field or no target group is chosen).
    fn supply_per_stadtteil(&self, r: &ReachState) -> Vec<GroupSupply> {
        let Some((_, target)) = &r.target else {
            return Vec::new();
        };
        let Some(Layer::Areas(layer)) = self.layer(r.areas).map(|e| &e.layer) else {
            return Vec::new();
        };
        let table = crate::analysis::data::AreaTable::from_layer(layer);
        let Some(grouping) = Level::Stadtteil
            .group_field(&table.schema)
            .and_then(|f| group_by(&table, f))
        else {
            return Vec::new();
        };
        let n = r.site_lonlat.len() + r.hypothetical.len();
        let located: Vec<Option<usize>> = (0..n)
            .map(|i| {
                let (lon, lat) = r.site_position(i)?;
                layer.index.pick(&layer.areas, lon, lat)
            })
            .collect();
        per_group(&grouping.names, &grouping.members, &located, target)
    }

    fn need_of(&self, r: &ReachState) -> (Vec<bool>, Vec<Option<f64>>) {
        let n = r.current.len();
        match &r.rule {
            NeedRule::Status(min) => {
                match self.index.as_ref().filter(|ix| ix.request.layer == r.areas) {
                    Some(ix) => (
                        (0..n)
                            .map(|i| ix.result.status_class.get(i).copied().flatten() >= Some(*min))
                            .collect(),
                        (0..n)
                            .map(|i| ix.result.status.index.get(i).copied().flatten())
                            .collect(),
                    ),
                    None => (vec![false; n], vec![None; n]),
                }
            }
            NeedRule::Indicator { field, min } => {
                let col = self
                    .layer_table(r.areas, self.thematic_edition(r.areas))
                    .map(|t| t.column(field))
                    .unwrap_or_default();
                (
                    (0..n)
                        .map(|i| col.get(i).copied().flatten().is_some_and(|v| v >= *min))
                        .collect(),
                    (0..n).map(|i| col.get(i).copied().flatten()).collect(),
                )
            }
        }
    }

    /// Put the distance columns into the area layer's attributes (replacing earlier ones) and
    /// redraw the class map when it shows this layer.
    fn set_reach_columns(
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

    fn reach_error(&mut self, text: String) {
        self.messages.push(Message {
            kind: MessageKind::Error,
            text: format!("Erreichbarkeit: {text}"),
            report: None,
        });
    }
}

/// The distance columns of the current situation (with hypothetical facilities).
fn distance_columns(r: &ReachState) -> Vec<(String, FieldLabel, Vec<Value>)> {
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
