//! The map's legend card: one row per visible layer (symbol and human name), the class map's
//! classes with areas and residents, the index matrix, and the workshop's pins. It can be
//! collapsed to its header and dragged anywhere on the map (double-click on the header puts it
//! back); its place and state live in egui's memory, not in the application state.

use egui::{Align2, Color32, Id, Rect, RichText, Sense, Ui, Vec2, vec2};

use super::overlay::{MAP_CARD, at};
use super::window_texts::window_texts;
use crate::analysis::thematic::LegendKind;
use crate::i18n::Texts;
use crate::model::Layer;
use crate::paint::{c32, symbol_shape};
use crate::state::{AppState, AreaStyle, Thematic};
use crate::theme;

/// Where the legend was moved to (from its home in the lower left) and whether it is collapsed.
#[derive(Debug, Clone, Copy, Default)]
struct Place {
    offset: Vec2,
    collapsed: bool,
}

/// The legend over `map`; taller than the map allows (a small window, a large presentation
/// scale) it scrolls instead of covering the rest of the window. Returns its rectangle.
pub fn legend(ctx: &egui::Context, state: &AppState, t: &Texts, map: Rect) -> Option<Rect> {
    let visible: Vec<_> = state.layers.iter().filter(|l| l.visible).collect();
    if visible.is_empty() {
        return None;
    }
    let w = window_texts(state.lang);
    let id = Id::unique("legende_platz");
    let mut place: Place = ctx.data(|d| d.get_temp(id)).unwrap_or_default();
    let max_height = (map.height() - 60.0).max(80.0);
    let home = map.left_bottom() + vec2(10.0, -34.0);
    let rect = at(
        ctx,
        "legende",
        home + place.offset,
        Align2::LEFT_BOTTOM,
        MAP_CARD,
        |ui| {
            ui.horizontal(|ui| {
                let (icon, what) = if place.collapsed {
                    ("+", w.legend_expand)
                } else {
                    ("–", w.legend_collapse)
                };
                let b = ui.add(egui::Button::new(icon).small()).on_hover_text(what);
                b.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, what));
                if b.clicked() {
                    place.collapsed = !place.collapsed;
                }
                let handle = ui
                    .add(
                        egui::Label::new(RichText::new(t.legend).strong())
                            .selectable(false)
                            .sense(Sense::click_and_drag()),
                    )
                    .on_hover_text(w.legend_move);
                if handle.hovered() || handle.dragged() {
                    ui.ctx().set_cursor_icon(egui::CursorIcon::Grab);
                }
                if handle.dragged() {
                    place.offset += handle.drag_delta();
                }
                if handle.double_clicked() {
                    place.offset = Vec2::ZERO;
                }
            });
            if place.collapsed {
                return;
            }
            // An area's content only gets last frame's size as room; without the minimum the
            // scroll area would never grow past the legend's first, smaller size (auto-shrink
            // still fits it to a short legend).
            egui::ScrollArea::vertical()
                .id_salt("legende_rollen")
                .max_height(max_height)
                .min_scrolled_height(max_height)
                .show(ui, |ui| legend_rows(ui, state, t, &visible));
        },
    );
    // Never dragged off the map: pushed back inside next frame.
    let dx = (map.left() - rect.left()).max(0.0) - (rect.right() - map.right()).max(0.0);
    let dy = (map.top() - rect.top()).max(0.0) - (rect.bottom() - map.bottom()).max(0.0);
    place.offset += vec2(dx, dy);
    ctx.data_mut(|d| d.insert_temp(id, place));
    Some(rect)
}

fn legend_rows(ui: &mut Ui, state: &AppState, t: &Texts, visible: &[&crate::state::LayerEntry]) {
    {
        for entry in visible.iter().rev() {
            if let Some(th) = state
                .thematic()
                .filter(|th| th.layer == entry.id && entry.style == AreaStyle::Fill)
            {
                match state
                    .index()
                    .filter(|ix| ix.request.layer == th.layer && th.level_layer.is_none())
                {
                    Some(ix) if let Some(map) = ix.map => {
                        crate::ui::index::legend::index_legend(ui, state, ix, map);
                    }
                    _ => class_legend(ui, state, th, t),
                }
                continue;
            }
            ui.horizontal(|ui| {
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(18.0, 14.0), egui::Sense::hover());
                let p = ui.painter();
                let name = match (&entry.layer, entry.style) {
                    (Layer::Areas(_), AreaStyle::Fill) => {
                        p.rect_filled(rect, 2.0, theme::AREA_FILL);
                        p.rect_stroke(
                            rect,
                            2.0,
                            egui::Stroke::new(1.0, theme::AREA_OUTLINE),
                            egui::StrokeKind::Inside,
                        );
                        entry.display_name(state.lang)
                    }
                    (Layer::Areas(_), AreaStyle::Boundary) => {
                        p.line_segment(
                            [rect.left_center(), rect.right_center()],
                            egui::Stroke::new(
                                theme::BOUNDARY_OUTLINE_WIDTH,
                                theme::BOUNDARY_OUTLINE,
                            ),
                        );
                        entry.display_name(state.lang)
                    }
                    (Layer::Facilities(f), _) => {
                        let s = theme::symbol(f.kind);
                        p.add(symbol_shape(
                            s.shape,
                            rect.center(),
                            s.radius.min(6.5),
                            c32(s.fill),
                            egui::Stroke::new(1.0, s.stroke),
                        ));
                        crate::i18n::facility_kind_name(f.kind, t).to_owned()
                    }
                };
                ui.label(name);
            });
        }
        pin_rows(ui, state);
    }
}

/// One row per pin category in use.
fn pin_rows(ui: &mut Ui, state: &AppState) {
    for c in crate::workshop::PinCategory::ALL {
        let n = state
            .workshop()
            .pins
            .iter()
            .filter(|p| p.category == c)
            .count();
        if n == 0 {
            continue;
        }
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(18.0, 14.0), egui::Sense::hover());
            let [r, g, b] = c.rgb();
            ui.painter()
                .circle_filled(rect.center(), 6.0, Color32::from_rgb(r, g, b));
            ui.painter()
                .circle_stroke(rect.center(), 6.5, egui::Stroke::new(1.0, Color32::BLACK));
            let label = if state.lang == crate::i18n::Lang::De {
                c.label_de()
            } else {
                c.label_en()
            };
            ui.label(format!("Pin: {label} ({n})"));
        });
    }
}

/// The class map's legend: title, one row per class with its range, number of areas and
/// residents, the "keine Angabe" and "unterdrückt" entries, and the privacy rule.
fn class_legend(ui: &mut Ui, state: &AppState, th: &Thematic, t: &Texts) {
    let english = state.lang == crate::i18n::Lang::En;
    let w = state.lang.words();
    let view = &th.view;
    ui.set_max_width(theme::LEGEND_WIDTH_CLASSES - 40.0);
    let edition = th
        .settings
        .edition
        .and_then(|e| state.layer(th.layer)?.editions.get(e))
        .map(|e| format!(" {}", e.label))
        .unwrap_or_default();
    let name = state.labels.label(&th.settings.field, english);
    let unit = if view.unit.is_empty() {
        String::new()
    } else {
        format!(" ({})", w.unit(&view.unit))
    };
    let level = if english {
        th.settings.level.label_en()
    } else {
        th.settings.level.label_de()
    };
    ui.label(RichText::new(format!("{name}{edition}{unit}")).strong());
    ui.label(
        RichText::new(format!(
            "{level} · {}",
            super::thematic::method_name(th.settings.method, english)
        ))
        .small(),
    );
    egui::Grid::new("klassen")
        .num_columns(4)
        .spacing([8.0, 2.0])
        .show(ui, |ui| {
            ui.label("");
            ui.label("");
            ui.label(RichText::new(w.pick("Gebiete", "Areas")).small());
            ui.label(RichText::new(t.residents).small());
            ui.end_row();
            for row in &view.legend {
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(20.0, 14.0), egui::Sense::hover());
                let [r, g, b] = row.colour;
                let p = ui.painter();
                p.rect_filled(rect, 1.0, Color32::from_rgb(r, g, b));
                if row.kind == LegendKind::Suppressed {
                    let [hr, hg, hb] = crate::analysis::palette::SUPPRESSED_HATCH;
                    let stroke = egui::Stroke::new(1.0, Color32::from_rgb(hr, hg, hb));
                    let clip = p.with_clip_rect(rect);
                    let mut x = rect.left() - rect.height();
                    while x < rect.right() {
                        clip.line_segment(
                            [
                                egui::pos2(x, rect.bottom()),
                                egui::pos2(x + rect.height(), rect.top()),
                            ],
                            stroke,
                        );
                        x += 6.0;
                    }
                }
                p.rect_stroke(
                    rect,
                    1.0,
                    egui::Stroke::new(0.6, Color32::from_gray(110)),
                    egui::StrokeKind::Inside,
                );
                ui.label(view.legend_label(row, w));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(w.number(row.areas as f64));
                });
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(row.residents.map(|r| w.number(r)).unwrap_or_default());
                });
                ui.end_row();
            }
        });
    let rule = if english {
        th.settings.privacy.statement_en()
    } else {
        th.settings.privacy.statement_de()
    };
    ui.label(RichText::new(rule).small().weak());
    ui.add_space(4.0);
}
