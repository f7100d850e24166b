//! The class map on the map widget: class colours (faded outside the brushed set), hatching
//! over withheld values, hover and brush outlines, the click that brushes, and the tooltip
//! with the mapped indicator.

use egui::{Color32, Rect, Shape, Stroke, Ui};

use super::frame::{ScreenTransform, fill_mesh, layer_outlines, outlines};
use super::hatch::hatch;
use super::visible_envelope;
use crate::analysis::privacy::Datum;
use crate::i18n::Texts;
use crate::model::conventions::STADTTEIL_FIELD;
use crate::state::{AppState, Command, FeatureRef, IndexMap, IndexState, LEVEL_LAYER, Thematic};
use crate::theme;

/// A class map: class colours (faded outside the brushed set while brushing), hatching over
/// withheld values, outlines for the hovered and the brushed areas.
pub(super) fn draw_thematic(
    th: &Thematic,
    index: Option<(&IndexState, IndexMap)>,
    base: &crate::model::AreaLayer,
    t: &ScreenTransform,
    rect: Rect,
    hovered: Option<FeatureRef>,
    shapes: &mut Vec<Shape>,
) {
    let (layer, id) = match &th.level_layer {
        Some(l) => (l.as_ref(), LEVEL_LAYER),
        None => (base, th.layer),
    };
    let (min, max) = visible_envelope(t, rect);
    let visible = layer.index.in_envelope(min, max);
    let brushing = !th.brushed.is_empty();
    let mut mesh = egui::Mesh::default();
    fill_mesh(
        &layer.mesh,
        &visible,
        t,
        |i| {
            let [r, g, b] = match index {
                Some((ix, map)) => ix.colour(i, map),
                None => th.view.colour(i),
            };
            let alpha = if brushing && !th.brushed.contains(&i) {
                theme::CHORO_FADED_ALPHA
            } else {
                theme::CHORO_ALPHA
            };
            Color32::from_rgba_unmultiplied(r, g, b, alpha)
        },
        &mut mesh,
    );
    shapes.push(Shape::mesh(mesh));
    let withheld: Vec<usize> = visible
        .iter()
        .copied()
        .filter(|&i| index.is_none() && th.view.data.get(i) == Some(&Datum::Suppressed))
        .collect();
    let [r, g, b] = crate::analysis::palette::SUPPRESSED_HATCH;
    hatch(
        &layer.mesh,
        &withheld,
        t,
        6.0,
        Stroke::new(1.0, Color32::from_rgb(r, g, b)),
        rect,
        shapes,
    );
    layer_outlines(
        &layer.mesh,
        &visible,
        t,
        |_| Stroke::new(theme::CHORO_OUTLINE_WIDTH, theme::CHORO_OUTLINE),
        shapes,
    );
    if let Some(h) = hovered.filter(|h| h.layer == id) {
        outlines(
            &layer.mesh,
            &[h.feature],
            t,
            |_| Stroke::new(2.0, theme::HOVER_OUTLINE),
            shapes,
        );
    }
    let brushed: Vec<usize> = th.brushed.iter().copied().collect();
    outlines(
        &layer.mesh,
        &brushed,
        t,
        |_| Stroke::new(theme::SELECTED_OUTLINE_WIDTH, theme::BRUSH_OUTLINE),
        shapes,
    );
}

/// A click on the map: select (and brush) what is under the pointer; with Ctrl or Shift,
/// add it to or remove it from the brushed areas of the class map.
pub(super) fn click(
    state: &AppState,
    hovered: Option<FeatureRef>,
    adding: bool,
    out: &mut Vec<Command>,
) {
    let th = state.thematic();
    let row = hovered.and_then(|h| {
        let th = th?;
        if h.layer == LEVEL_LAYER {
            Some(h.feature)
        } else if h.layer == th.layer {
            th.view.row_of_base(h.feature)
        } else {
            None
        }
    });
    match (th, row) {
        (Some(th), Some(row)) if adding => {
            let mut set = th.brushed.clone();
            if !set.remove(&row) {
                set.insert(row);
            }
            out.push(Command::Brush(set));
        }
        (Some(_), Some(row)) if hovered.is_some_and(|h| h.layer == LEVEL_LAYER) => {
            out.push(Command::Select(None));
            out.push(Command::Brush([row].into_iter().collect()));
        }
        _ => out.push(Command::Select(hovered)),
    }
}

pub(super) fn thematic_tooltip(
    ui: &mut Ui,
    state: &AppState,
    th: &Thematic,
    row: usize,
    texts: &Texts,
) {
    let Some(title) = th.view.titles.get(row) else {
        return;
    };
    ui.strong(title);
    if th.settings.level == crate::analysis::aggregate::Level::Base
        && let Some(entry) = state.layer(th.layer)
        && let Some(i) = entry.layer.schema().index_of(STADTTEIL_FIELD)
        && let Some(v) = entry.layer.values(row).and_then(|v| v.get(i))
    {
        ui.label(format!(
            "{}: {}",
            texts.stadtteil,
            state.lang.words().value(v)
        ));
    }
    let english = state.lang == crate::i18n::Lang::En;
    let name = state.labels.label(&th.settings.field, english);
    let value = match th.view.data.get(row) {
        Some(Datum::Value(v)) => th.view.format_value(*v, state.lang.words()),
        Some(Datum::Suppressed) => texts.suppressed.to_owned(),
        _ => texts.no_data.to_owned(),
    };
    ui.label(format!("{name}: {value}"));
    if let Some(ix) = shown_index(state, th) {
        index_tooltip(ui, ix, row, english);
    }
}

/// The index, when it colours this class map.
pub(super) fn shown_index<'a>(
    state: &'a AppState,
    th: &Thematic,
) -> Option<(&'a IndexState, IndexMap)> {
    let ix = state.index()?;
    let map = ix.map?;
    (ix.request.layer == th.layer && th.level_layer.is_none()).then_some((ix, map))
}

fn index_tooltip(ui: &mut Ui, (ix, _): (&IndexState, IndexMap), row: usize, english: bool) {
    use crate::analysis::index::{WITHOUT_CLASS_DE, WITHOUT_CLASS_EN};
    let r = &ix.result;
    let without = if english {
        WITHOUT_CLASS_EN
    } else {
        WITHOUT_CLASS_DE
    };
    let status = match (
        r.status.index.get(row).copied().flatten(),
        r.status_class.get(row).copied().flatten(),
    ) {
        (Some(v), Some(c)) => format!(
            "{} ({})",
            if english { c.label_en() } else { c.label_de() },
            crate::i18n::Words::new(english).signed(v, 2)
        ),
        _ => {
            let reason = r
                .status
                .validity
                .get(row)
                .and_then(|v| v.as_ref().err())
                .map(|e| {
                    if english {
                        e.reason_en()
                    } else {
                        e.reason_de()
                    }
                });
            format!("{without} ({})", reason.unwrap_or_default())
        }
    };
    ui.label(format!("Status: {status}"));
    if r.dynamics.is_some() {
        let dynamics = match r.dynamics_class.get(row).copied().flatten() {
            Some(c) => if english { c.label_en() } else { c.label_de() }.to_owned(),
            None => without.to_owned(),
        };
        ui.label(format!(
            "{}: {dynamics}",
            if english { "Dynamics" } else { "Dynamik" }
        ));
    }
}
