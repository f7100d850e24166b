//! What sits on top of the map: the legend, the data and tile attribution (always visible), the
//! "fiktive Beispieldaten" badge, the offline notice, loading progress with cancel, and the
//! drop hint while files are dragged over the window.

use egui::{Align2, Color32, Frame, Id, Margin, Pos2, Rect, RichText, Ui};

use crate::i18n::Texts;
use crate::map::symbol_shape;
use crate::map::tiles::Connectivity;
use crate::model::Layer;
use crate::state::{AppState, AreaStyle, Command};
use crate::theme;

fn card() -> Frame {
    Frame::new()
        .fill(Color32::from_rgba_unmultiplied(255, 255, 255, 235))
        .stroke(egui::Stroke::new(1.0, Color32::from_gray(190)))
        .corner_radius(4.0)
        .inner_margin(Margin::symmetric(8, 6))
}

fn at(ctx: &egui::Context, id: &str, pos: Pos2, pivot: Align2, add: impl FnOnce(&mut Ui)) {
    egui::Area::new(Id::unique(id))
        .fixed_pos(pos)
        .pivot(pivot)
        .interactable(true)
        .order(egui::Order::Foreground)
        .show(ctx, |ui| card().show(ui, add));
}

pub struct OverlayInput<'a> {
    pub map_rect: Rect,
    pub connectivity: Option<Connectivity>,
    pub attribution: Option<(&'static str, &'static str)>,
    pub files_hovered: bool,
    pub texts: &'a Texts,
}

pub fn show(ctx: &egui::Context, state: &AppState, input: &OverlayInput, out: &mut Vec<Command>) {
    let r = input.map_rect;
    let t = input.texts;
    legend(ctx, state, t, r.left_bottom() + egui::vec2(10.0, -34.0));
    sources(ctx, state, input, r.right_bottom() + egui::vec2(-6.0, -6.0));
    if state.shows_fictitious() {
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
        });
    }
    if input.files_hovered {
        at(ctx, "ablegen", r.center(), Align2::CENTER_CENTER, |ui| {
            ui.label(RichText::new(t.drop_hint).heading());
        });
    }
}

fn legend(ctx: &egui::Context, state: &AppState, t: &Texts, pos: Pos2) {
    let visible: Vec<_> = state.layers.iter().filter(|l| l.visible).collect();
    if visible.is_empty() {
        return;
    }
    at(ctx, "legende", pos, Align2::LEFT_BOTTOM, |ui| {
        ui.label(RichText::new(t.legend).strong());
        for entry in visible.iter().rev() {
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
    });
}

fn sources(ctx: &egui::Context, state: &AppState, input: &OverlayInput, pos: Pos2) {
    let mut lines: Vec<String> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for entry in state.layers.iter().filter(|l| l.visible) {
        for src in &entry.sources {
            if seen.insert(src.clone()) {
                lines.push(src.clone());
            }
        }
    }
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
    });
}
