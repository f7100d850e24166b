//! What sits on top of the map: the legend, the data and tile attribution (always visible), the
//! "fiktive Beispieldaten" badge, the offline notice, loading progress with cancel, and the
//! drop hint while files are dragged over the window.

use egui::{Align2, Color32, Frame, Id, Margin, Pos2, Rect, RichText, Ui};

use crate::analysis::thematic::LegendKind;
use crate::i18n::Texts;
use crate::io::LoadStage;
use crate::map::symbol_shape;
use crate::map::tiles::Connectivity;
use crate::model::Layer;
use crate::model::value::format_number_de;
use crate::state::{AppState, AreaStyle, Command, Thematic};
use crate::theme;

/// A card on the map: slightly translucent; opaque with a black frame in high contrast
/// (presentation mode forces the text colour then).
fn card(ui: &Ui) -> Frame {
    let high_contrast = ui.visuals().override_text_color.is_some();
    Frame::new()
        .fill(if high_contrast {
            Color32::WHITE
        } else {
            Color32::from_rgba_unmultiplied(255, 255, 255, 235)
        })
        .stroke(if high_contrast {
            egui::Stroke::new(2.0, Color32::BLACK)
        } else {
            egui::Stroke::new(1.0, Color32::from_gray(190))
        })
        .corner_radius(4.0)
        .inner_margin(Margin::symmetric(8, 6))
}

fn at(ctx: &egui::Context, id: &str, pos: Pos2, pivot: Align2, add: impl FnOnce(&mut Ui)) {
    egui::Area::new(Id::unique(id))
        .fixed_pos(pos)
        .pivot(pivot)
        .interactable(true)
        .order(egui::Order::Foreground)
        .show(ctx, |ui| card(ui).show(ui, add));
}

pub struct OverlayInput<'a> {
    pub map_rect: Rect,
    pub connectivity: Option<Connectivity>,
    pub attribution: Option<(&'static str, &'static str)>,
    pub files_hovered: bool,
    /// The "fiktive Beispieldaten" badge on the map (in presentation mode it sits in the
    /// title strip instead).
    pub badge: bool,
    /// The app's own regional context is drawn (its attribution line).
    pub context: Option<&'static str>,
    pub texts: &'a Texts,
}

pub fn show(ctx: &egui::Context, state: &AppState, input: &OverlayInput, out: &mut Vec<Command>) {
    let r = input.map_rect;
    let t = input.texts;
    legend(
        ctx,
        state,
        t,
        r.left_bottom() + egui::vec2(10.0, -34.0),
        (r.height() - 60.0).max(80.0),
    );
    sources(ctx, state, input, r.right_bottom() + egui::vec2(-6.0, -6.0));
    if input.badge && state.shows_fictitious() {
        at(
            ctx,
            "fiktiv",
            r.left_top() + egui::vec2(10.0, 10.0),
            Align2::LEFT_TOP,
            |ui| {
                ui.label(
                    RichText::new(t.fictitious)
                        .strong()
                        .color(theme::BADGE_FICTITIOUS),
                );
            },
        );
    }
    if input.connectivity == Some(Connectivity::Offline) {
        at(
            ctx,
            "offline",
            r.right_top() + egui::vec2(-10.0, 10.0),
            Align2::RIGHT_TOP,
            |ui| {
                ui.label(RichText::new(format!("{} – {}", t.offline, t.offline_hint)));
            },
        );
    }
    if let Some(job) = &state.loading {
        at(ctx, "laden", r.center(), Align2::CENTER_CENTER, |ui| {
            ui.horizontal(|ui| {
                ui.spinner();
                let names: Vec<String> = job
                    .paths
                    .iter()
                    .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                    .collect();
                ui.label(format!("{} {} …", t.loading, names.join(", ")));
                if ui.button(t.cancel).clicked() {
                    out.push(Command::CancelLoading);
                }
            });
            if let Some(p) = state.loading_progress() {
                let stage = match p.stage {
                    LoadStage::Reading => t.load_reading,
                    LoadStage::Converting => t.load_converting,
                    LoadStage::Indexing => t.load_indexing,
                };
                match p.fraction() {
                    Some(f) => {
                        ui.label(format!("{stage} …"));
                        ui.add(egui::ProgressBar::new(f).desired_width(360.0).text(format!(
                            "{} / {}",
                            format_number_de(p.done as f64),
                            format_number_de(p.total as f64)
                        )));
                    }
                    None if p.done > 0 => {
                        ui.label(format!(
                            "{stage} … {} {}",
                            format_number_de(p.done as f64),
                            t.load_objects
                        ));
                    }
                    None => {
                        ui.label(format!("{stage} …"));
                    }
                }
            }
        });
    }
    if input.files_hovered {
        at(ctx, "ablegen", r.center(), Align2::CENTER_CENTER, |ui| {
            ui.label(RichText::new(t.drop_hint).heading());
        });
    }
}

/// The legend; taller than `max_height` (a small window, a large presentation scale) it
/// scrolls instead of covering the rest of the window.
fn legend(ctx: &egui::Context, state: &AppState, t: &Texts, pos: Pos2, max_height: f32) {
    let visible: Vec<_> = state.layers.iter().filter(|l| l.visible).collect();
    if visible.is_empty() {
        return;
    }
    at(ctx, "legende", pos, Align2::LEFT_BOTTOM, |ui| {
        // An area's content only gets last frame's size as room; without the minimum the
        // scroll area would never grow past the legend's first, smaller size (auto-shrink still
        // fits it to a short legend).
        egui::ScrollArea::vertical()
            .id_salt("legende_rollen")
            .max_height(max_height)
            .min_scrolled_height(max_height)
            .show(ui, |ui| legend_rows(ui, state, t, &visible));
    });
}

fn legend_rows(ui: &mut Ui, state: &AppState, t: &Texts, visible: &[&crate::state::LayerEntry]) {
    {
        ui.label(RichText::new(t.legend).strong());
        for entry in visible.iter().rev() {
            if let Some(th) = state
                .thematic
                .as_ref()
                .filter(|th| th.layer == entry.id && entry.style == AreaStyle::Fill)
            {
                match state
                    .index
                    .as_ref()
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
                        entry.layer.name().to_owned()
                    }
                    (Layer::Areas(_), AreaStyle::Boundary) => {
                        p.line_segment(
                            [rect.left_center(), rect.right_center()],
                            egui::Stroke::new(
                                theme::BOUNDARY_OUTLINE_WIDTH,
                                theme::BOUNDARY_OUTLINE,
                            ),
                        );
                        entry.layer.name().to_owned()
                    }
                    (Layer::Facilities(f), _) => {
                        let s = theme::symbol(f.kind);
                        p.add(symbol_shape(
                            s.shape,
                            rect.center(),
                            s.radius.min(6.5),
                            s.fill,
                            egui::Stroke::new(1.0, s.stroke),
                        ));
                        super::facility_kind_name(f.kind, t).to_owned()
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
            .workshop
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
        format!(" ({})", view.unit)
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
            ui.label(RichText::new(t.areas).small());
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
                let label = match row.kind {
                    LegendKind::NoData => t.no_data.to_owned(),
                    LegendKind::Suppressed => format!("{} ({})", t.suppressed, t.privacy),
                    LegendKind::Class(_) => row.label.clone(),
                };
                ui.label(label);
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(row.areas.to_string());
                });
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(
                        row.residents
                            .map(crate::model::value::format_number_de)
                            .unwrap_or_default(),
                    );
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

fn sources(ctx: &egui::Context, state: &AppState, input: &OverlayInput, pos: Pos2) {
    let lines = state.data_sources();
    at(ctx, "quellen", pos, Align2::RIGHT_BOTTOM, |ui| {
        ui.spacing_mut().item_spacing.y = 1.0;
        for l in &lines {
            ui.label(RichText::new(format!("{}: {l}", input.texts.data_prefix)).small());
        }
        match input.attribution {
            Some((text, url)) => {
                ui.hyperlink_to(
                    RichText::new(format!("{}: {text}", input.texts.map_prefix)).small(),
                    url,
                );
            }
            None => {
                ui.label(RichText::new(input.texts.tiles_off).small());
            }
        }
        if let Some(c) = input.context {
            ui.label(RichText::new(c).small());
        }
    });
}
