//! Reach in the application state: distances from an area layer to a facility layer, coverage,
//! the gap list ("Wo fehlt ein Nachbarschaftsbüro?") and hypothetical facilities (what-if).
//! The distances also become columns of the area layer, so the class map, the table, the
//! histogram and the scatter plot show them like any indicator.

mod columns;
mod compute;
mod part;

use std::sync::Arc;

use geo::Coord;

use super::{AppState, LayerId};
use crate::analysis::reach::coverage::{Change, Coverage, GapRule, GroupSupply};
pub use crate::analysis::reach::need::NeedRule;
use crate::analysis::reach::{AreaReach, PreparedAreas, ReachSettings};
use crate::crs::{Crs, Transformer};
use crate::model::{FacilityKind, Layer};

#[derive(Debug, Clone, PartialEq)]
pub enum ReachCommand {
    Compute {
        areas: LayerId,
        facilities: LayerId,
        settings: ReachSettings,
    },
    SetRule(NeedRule, GapRule),
    SetTarget(Option<String>),
    AddHypothetical {
        lon: f64,
        lat: f64,
    },
    /// Replace all hypothetical facilities at once (one recomputation), as a project restores
    /// them; at most [`MAX_HYPOTHETICAL`] are taken, with a message about the rest.
    SetHypothetical(Vec<[f64; 2]>),
    MoveHypothetical {
        index: usize,
        lon: f64,
        lat: f64,
    },
    RemoveHypothetical(usize),
    ClearHypothetical,
    Clear,
}

/// The most hypothetical facilities an analysis holds. They are placed by hand on the map, so
/// a real plan has a handful; every change recomputes the reach with all of them, and a
/// project file claiming two million of them must not hold the window for minutes.
pub const MAX_HYPOTHETICAL: usize = 1_000;

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

impl AppState {
    pub(super) fn apply_reach(&mut self, command: ReachCommand) {
        match command {
            ReachCommand::Compute {
                areas,
                facilities,
                settings,
            } => self.compute_reach(areas, facilities, settings),
            ReachCommand::SetRule(rule, gap_rule) => {
                if let Some(r) = &mut self.analyses.reach {
                    r.rule = rule;
                    r.gap_rule = gap_rule;
                }
                self.refresh_reach(false);
            }
            ReachCommand::SetTarget(field) => {
                let target = field.and_then(|f| {
                    let r = self.analyses.reach.as_ref()?;
                    let t = self.layer_table(r.areas, self.thematic_edition(r.areas))?;
                    Some((f.clone(), t.column(&f)))
                });
                if let Some(r) = &mut self.analyses.reach {
                    r.target = target;
                }
                self.refresh_reach(false);
            }
            ReachCommand::AddHypothetical { lon, lat } => {
                if self
                    .analyses
                    .reach
                    .as_ref()
                    .is_some_and(|r| r.hypothetical.len() >= MAX_HYPOTHETICAL)
                {
                    self.too_many_hypothetical(1);
                    return;
                }
                if let Some(h) = self.hypothetical_at(lon, lat)
                    && let Some(r) = &mut self.analyses.reach
                {
                    r.hypothetical.push(h);
                }
                self.refresh_reach(true);
            }
            ReachCommand::SetHypothetical(points) => {
                let dropped = points.len().saturating_sub(MAX_HYPOTHETICAL);
                let list: Vec<Hypothetical> = points
                    .iter()
                    .take(MAX_HYPOTHETICAL)
                    .filter_map(|&[lon, lat]| self.hypothetical_at(lon, lat))
                    .collect();
                if let Some(r) = &mut self.analyses.reach {
                    r.hypothetical = list;
                }
                if dropped > 0 {
                    self.too_many_hypothetical(dropped);
                }
                self.refresh_reach(true);
            }
            ReachCommand::MoveHypothetical { index, lon, lat } => {
                if let Some(h) = self.hypothetical_at(lon, lat)
                    && let Some(slot) = self
                        .analyses
                        .reach
                        .as_mut()
                        .and_then(|r| r.hypothetical.get_mut(index))
                {
                    *slot = h;
                }
                self.refresh_reach(true);
            }
            ReachCommand::RemoveHypothetical(i) => {
                if let Some(r) = &mut self.analyses.reach
                    && i < r.hypothetical.len()
                {
                    r.hypothetical.remove(i);
                }
                self.refresh_reach(true);
            }
            ReachCommand::ClearHypothetical => {
                if let Some(r) = &mut self.analyses.reach {
                    r.hypothetical.clear();
                }
                self.refresh_reach(true);
            }
            ReachCommand::Clear => self.analyses.reach = None,
        }
    }

    pub(super) fn thematic_edition(&self, layer: LayerId) -> Option<usize> {
        match &self.analyses.thematic {
            Some(t) if t.layer == layer => t.settings.edition,
            _ => self
                .layer(layer)
                .and_then(|e| e.editions.len().checked_sub(1)),
        }
    }

    /// Says that `dropped` hypothetical facilities were not taken (beyond the limit).
    fn too_many_hypothetical(&mut self, dropped: usize) {
        let n = crate::model::value::format_number_de(dropped as f64);
        let max = crate::model::value::format_number_de(MAX_HYPOTHETICAL as f64);
        self.reach_error(crate::bilingual!(
            "höchstens {max} gedachte Standorte – {n} weitere nicht übernommen",
            "at most {MAX_HYPOTHETICAL} hypothetical sites – {dropped} more not taken"
        ));
    }

    fn hypothetical_at(&self, lon: f64, lat: f64) -> Option<Hypothetical> {
        let r = self.analyses.reach.as_ref()?;
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
}
