//! Picking under the pointer (facility symbols first, then filled areas, then boundaries)
//! and the hover tooltip.

use egui::{Pos2, Ui};

use super::PICK_RADIUS;
use super::frame::ScreenTransform;
use super::thematic::thematic_tooltip;
use crate::crs::{lonlat_from_unit_merc, unit_merc_from_lonlat};
use crate::i18n::Texts;
use crate::model::Layer;
use crate::model::conventions::STADTTEIL_FIELD;
use crate::state::{AppState, AreaStyle, FeatureRef, LEVEL_LAYER};

/// What is under the pointer: facilities first (top-most layer first), then areas.
pub(super) fn pick(state: &AppState, t: &ScreenTransform, p: Pos2) -> Option<FeatureRef> {
    let unit = t.invert(p);
    let (lon, lat) = lonlat_from_unit_merc(unit[0], unit[1]);
    for entry in state.layers.iter().rev().filter(|l| l.visible) {
        if let Layer::Facilities(layer) = &entry.layer
            && let Some(i) = layer.index.nearest(geo::Coord { x: lon, y: lat })
            && let Some(f) = layer.facilities.get(i)
        {
            let (x, y) = unit_merc_from_lonlat(f.position.x(), f.position.y());
            if t.apply([x, y]).distance(p) <= PICK_RADIUS {
                return Some(FeatureRef {
                    layer: entry.id,
                    feature: i,
                });
            }
        }
    }
    // Filled areas before boundaries: a click picks the Sozialraum, not the Stadtteil.
    let areas = |style: AreaStyle| {
        state
            .layers
            .iter()
            .rev()
            .filter(move |l| l.visible && l.style == style)
            .find_map(|entry| match &entry.layer {
                Layer::Areas(_)
                    if let Some(level) = state
                        .thematic()
                        .filter(|t| t.layer == entry.id && style == AreaStyle::Fill)
                        .and_then(|t| t.level_layer.as_ref()) =>
                {
                    level
                        .index
                        .pick(&level.areas, lon, lat)
                        .map(|i| FeatureRef {
                            layer: LEVEL_LAYER,
                            feature: i,
                        })
                }
                Layer::Areas(layer) => {
                    layer
                        .index
                        .pick(&layer.areas, lon, lat)
                        .map(|i| FeatureRef {
                            layer: entry.id,
                            feature: i,
                        })
                }
                Layer::Facilities(_) => None,
            })
    };
    areas(AreaStyle::Fill).or_else(|| areas(AreaStyle::Boundary))
}

pub(super) fn tooltip(ui: &mut Ui, state: &AppState, f: FeatureRef, texts: &Texts) {
    if let Some(th) = state.thematic()
        && (f.layer == LEVEL_LAYER || f.layer == th.layer)
    {
        let row = if f.layer == LEVEL_LAYER {
            Some(f.feature)
        } else {
            th.view.row_of_base(f.feature)
        };
        if let Some(row) = row {
            thematic_tooltip(ui, state, th, row, texts);
            return;
        }
    }
    let Some(entry) = state.layer(f.layer) else {
        return;
    };
    ui.strong(entry.layer.feature_title(f.feature));
    let schema = entry.layer.schema();
    if let (Some(i), Some(values)) = (
        schema.index_of(STADTTEIL_FIELD),
        entry.layer.values(f.feature),
    ) && let Some(v) = values.get(i)
    {
        ui.label(format!(
            "{}: {}",
            texts.stadtteil,
            state.lang.words().value(v)
        ));
    }
    if let Layer::Facilities(l) = &entry.layer {
        ui.label(crate::i18n::facility_kind_name(l.kind, texts));
    }
}
