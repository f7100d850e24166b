//! What sits on top of the map: the legend, the data and tile attribution (always visible), the
//! "fiktive Beispieldaten" badge, the offline notice, loading progress with cancel, and the
//! drop hint while files are dragged over the window.

use egui::{Align2, Color32, Frame, Id, Margin, Pos2, Rect, RichText, Ui};

use crate::i18n::Texts;
use crate::io::LoadStage;
use crate::state::{AppState, Command, MapTool};
use crate::theme;
use crate::tiles::connectivity::Connectivity;

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

/// A card at a fixed place. Cards that belong to the map (legend, sources, badge, tool banner)
/// sit in the background order: above the map, below every window and dialog. Notices about
/// work in progress (loading, dropping files) sit in front.
pub(super) fn at(
    ctx: &egui::Context,
    id: &str,
    pos: Pos2,
    pivot: Align2,
    order: egui::Order,
    add: impl FnOnce(&mut Ui),
) -> Rect {
    egui::Area::new(Id::unique(id))
        .fixed_pos(pos)
        .pivot(pivot)
        .interactable(true)
        .order(order)
        .show(ctx, |ui| card(ui).show(ui, add))
        .response
        .rect
}

pub(super) const MAP_CARD: egui::Order = egui::Order::Background;
const NOTICE: egui::Order = egui::Order::Foreground;

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

/// Draw the cards over the map; returns the rectangles of those that stay (legend, sources,
/// badge), which fits keep the data clear of.
pub fn show(
    ctx: &egui::Context,
    state: &AppState,
    input: &OverlayInput,
    out: &mut Vec<Command>,
) -> Vec<Rect> {
    let r = input.map_rect;
    let t = input.texts;
    let mut obstacles = Vec::new();
    obstacles.extend(super::legend_card::legend(ctx, state, t, r));
    obstacles.push(sources(
        ctx,
        state,
        input,
        r.right_bottom() + egui::vec2(-6.0, -6.0),
    ));
    let badge = input.badge && state.shows_fictitious();
    tool_banner(ctx, state, r, badge, out);
    if badge {
        obstacles.push(at(
            ctx,
            "fiktiv",
            r.left_top() + egui::vec2(10.0, 10.0),
            Align2::LEFT_TOP,
            MAP_CARD,
            |ui| {
                // One line: the card is as wide as the label in either language.
                ui.add(
                    egui::Label::new(
                        RichText::new(t.fictitious)
                            .strong()
                            .color(theme::BADGE_FICTITIOUS),
                    )
                    .extend(),
                );
            },
        ));
    }
    if input.connectivity == Some(Connectivity::Offline) {
        at(
            ctx,
            "offline",
            r.right_top() + egui::vec2(-10.0, 10.0),
            Align2::RIGHT_TOP,
            MAP_CARD,
            |ui| {
                ui.label(RichText::new(format!("{} – {}", t.offline, t.offline_hint)));
            },
        );
    }
    if let Some(job) = &state.loading {
        at(
            ctx,
            "laden",
            r.center(),
            Align2::CENTER_CENTER,
            NOTICE,
            |ui| {
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
                let w = state.lang.words();
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
                                w.number(p.done as f64),
                                w.number(p.total as f64)
                            )));
                        }
                        None if p.done > 0 => {
                            ui.label(format!(
                                "{stage} … {}",
                                w.count_of(p.done, crate::i18n::Noun::FEATURE)
                            ));
                        }
                        None => {
                            ui.label(format!("{stage} …"));
                        }
                    }
                }
            },
        );
    }
    if input.files_hovered {
        at(
            ctx,
            "ablegen",
            r.center(),
            Align2::CENTER_CENTER,
            NOTICE,
            |ui| {
                ui.label(RichText::new(t.drop_hint).heading());
            },
        );
    }
    obstacles
}

/// The active map tool, named at the top of the map with the way out (below the
/// "fiktive Beispieldaten" badge when that is shown, so the two never overlap).
fn tool_banner(
    ctx: &egui::Context,
    state: &AppState,
    r: Rect,
    below_badge: bool,
    out: &mut Vec<Command>,
) {
    let w = super::window_texts::window_texts(state.lang);
    let (name, hint) = match state.tool {
        MapTool::Select => return,
        MapTool::PlaceOffice => (w.tool_office, w.tool_office_hint),
        MapTool::PlacePin => (w.tool_pin, w.tool_pin_hint),
    };
    at(
        ctx,
        "werkzeug",
        r.center_top() + egui::vec2(0.0, if below_badge { 48.0 } else { 10.0 }),
        Align2::CENTER_TOP,
        MAP_CARD,
        |ui| {
            ui.set_max_width((r.width() - 40.0).max(200.0));
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(name).strong());
                ui.label(hint);
                if ui.button(w.tool_leave).clicked() {
                    out.push(Command::SetTool(MapTool::Select));
                }
            });
        },
    );
}

fn sources(ctx: &egui::Context, state: &AppState, input: &OverlayInput, pos: Pos2) -> Rect {
    let lines = state.data_sources();
    at(ctx, "quellen", pos, Align2::RIGHT_BOTTOM, MAP_CARD, |ui| {
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
            // The app's own context layer names its source in the reader's language.
            let c = if c == crate::i18n::sources::context_attribution(false) {
                crate::i18n::sources::context_attribution(state.lang.is_english())
            } else {
                c
            };
            ui.label(RichText::new(c).small());
        }
    })
}
