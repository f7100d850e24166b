//! Computing reach in the state: from the layers, the need rule, and everything that
//! follows a change of the facilities (hypothetical ones included).

use std::sync::Arc;

use super::columns::distance_columns;
use super::{NeedRule, ReachState};
use crate::analysis::aggregate::{Level, group_by};
use crate::analysis::reach::coverage::{
    Change, GapRule, GroupSupply, change, coverage, gaps, per_group,
};
use crate::analysis::reach::need::DEFAULT_NEED_FIELD;
use crate::analysis::reach::{PreparedAreas, ReachSettings, Sites, compute};
use crate::crs::{Crs, Transformer};
use crate::model::Layer;
use crate::state::{AppState, LayerId};

/// The most facilities the window computes reach for. The computation runs between two frames
/// and its time grows with the facilities near each area: 1 million points took about 3 s of
/// CPU (measured with perf on the CLI), which would freeze the window; 100,000 stay around a
/// third of a second. Real facility layers (offices, Kitas, all stops of a city) have a few
/// thousand.
pub const MAX_WINDOW_SITES: usize = 100_000;

impl AppState {
    pub(super) fn compute_reach(
        &mut self,
        areas: LayerId,
        facilities: LayerId,
        settings: ReachSettings,
    ) {
        let (Some(Layer::Areas(a)), Some(Layer::Facilities(f))) = (
            self.layer(areas).map(|e| &e.layer),
            self.layer(facilities).map(|e| &e.layer),
        ) else {
            self.reach_error(crate::i18n::Bilingual::new(
                "Erreichbarkeit braucht eine Flächenebene und eine Punktebene.",
                "Reach needs an area layer and a point layer.",
            ));
            return;
        };
        if f.facilities.len() > MAX_WINDOW_SITES {
            let n = crate::model::value::format_number_de(f.facilities.len() as f64);
            let max = crate::model::value::format_number_de(MAX_WINDOW_SITES as f64);
            let count = f.facilities.len();
            self.reach_error(crate::bilingual!(
                "{n} Einrichtungen sind zu viele für die Berechnung im Fenster (höchstens \
                 {max}) – bitte die Kommandozeile „sozialatlas reach“ verwenden",
                "{count} facilities are too many to compute in the window (at most \
                 {MAX_WINDOW_SITES}) – please use the command line “sozialatlas reach”"
            ));
            return;
        }
        let sites = match Sites::from_layer(f, a.metric_crs) {
            Ok(s) => s,
            Err(e) => {
                self.reach_error(crate::bilingual!(
                    "Einrichtungen lassen sich nicht umrechnen: {e}",
                    "The facilities cannot be reprojected: {e}"
                ));
                return;
            }
        };
        let kind = f.kind;
        let site_lonlat = f
            .facilities
            .iter()
            .map(|f| (f.position.x(), f.position.y()))
            .collect();
        let (prepared, rep_lonlat) = match &self.analyses.reach {
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
            .map(|t| t.column(crate::model::conventions::POPULATION_FIELD))
            .unwrap_or_default();
        let (hypothetical, target, rule, gap_rule) = match self.analyses.reach.take() {
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
        self.analyses.reach = Some(ReachState {
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
            generation: 0,
        });
        self.refresh_reach(true);
    }

    /// Need by default: the index's "niedrig" or worse when there is an index on this layer,
    /// else the mapped indicator in its top fifth.
    fn default_need_rule(&self, areas: LayerId) -> NeedRule {
        if self
            .analyses
            .index
            .as_ref()
            .is_some_and(|ix| ix.request.layer == areas)
        {
            return NeedRule::from_index();
        }
        let field = match &self.analyses.thematic {
            Some(t) if t.layer == areas => t.settings.field.clone(),
            _ => DEFAULT_NEED_FIELD.to_owned(),
        };
        let values: Vec<f64> = self
            .layer_table(areas, self.thematic_edition(areas))
            .map(|t| t.column(&field).into_iter().flatten().collect())
            .unwrap_or_default();
        NeedRule::top_fifth(field, values)
    }

    /// Recompute what depends on the facilities (`sites_changed`) and on the rule.
    pub(super) fn refresh_reach(&mut self, sites_changed: bool) {
        let Some(mut r) = self.analyses.reach.take() else {
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
        self.analyses.reach = Some(r);
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
                match self
                    .analyses
                    .index
                    .as_ref()
                    .filter(|ix| ix.request.layer == r.areas)
                {
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
}
