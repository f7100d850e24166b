//! Presentation mode for workshops: full screen, panels hidden, the UI scaled (1.25–2.5×), an
//! optional high contrast, a large title with the view's caption over the map, the legend and
//! attribution kept; saved views stepped with Page Down/Page Up and the arrow keys (what
//! presenter clickers send); pins placed by click. F5 enters and leaves, Esc leaves.

use egui::{Color32, Frame, Key, Margin, RichText, Stroke};

use super::SozialatlasApp;
use crate::state::{Command, MapTool, WorkshopCommand};
use crate::ui::workshop::texts::workshop_texts;

pub const SCALE_MIN: f32 = 1.25;
pub const SCALE_MAX: f32 = 2.5;
const SCALE_STEP: f32 = 0.25;

/// The settings of presentation mode (remembered between presentations).
#[derive(Debug, Clone, Copy)]
pub struct PresentSettings {
    pub scale: f32,
    pub high_contrast: bool,
}

impl Default for PresentSettings {
    fn default() -> Self {
        Self {
            scale: 1.5,
            high_contrast: false,
        }
    }
}

/// What presentation mode changed and must give back when it ends.
pub struct Presenting {
    zoom_before: f32,
    style_before: std::sync::Arc<egui::Style>,
    /// "Weiter" was pressed at the last view: the end is shown.
    at_end: bool,
}

/// Strong black-on-white widgets and text for projectors in bright rooms.
fn high_contrast(style: &mut egui::Style) {
    let v = &mut style.visuals;
    v.override_text_color = Some(Color32::BLACK);
    v.window_fill = Color32::WHITE;
    v.panel_fill = Color32::WHITE;
    v.window_stroke = Stroke::new(2.0, Color32::BLACK);
    for w in [
        &mut v.widgets.noninteractive,
        &mut v.widgets.inactive,
        &mut v.widgets.hovered,
        &mut v.widgets.active,
    ] {
        w.bg_stroke = Stroke::new(1.5, Color32::BLACK);
        w.fg_stroke = Stroke::new(2.0, Color32::BLACK);
    }
    v.widgets.inactive.weak_bg_fill = Color32::from_gray(235);
    // Black text stays readable on the selection: a strong yellow, framed in black.
    v.selection.bg_fill = Color32::from_rgb(255, 214, 0);
    v.selection.stroke = Stroke::new(2.0, Color32::BLACK);
}

impl SozialatlasApp {
    pub fn presenting(&self) -> bool {
        self.presenting.is_some()
    }

    pub fn present_settings(&self) -> PresentSettings {
        self.present_settings
    }

    /// Enter presentation mode.
    pub(super) fn start_presentation(&mut self, ctx: &egui::Context) {
        if self.presenting.is_some() {
            return;
        }
        self.presenting = Some(Presenting {
            zoom_before: ctx.zoom_factor(),
            style_before: ctx.style_of(egui::Theme::Light),
            at_end: false,
        });
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
        // A text field still focused from the panels would swallow the clicker's keys.
        ctx.memory_mut(|m| m.stop_text_input());
        self.apply_present_settings(ctx);
        self.close_tool_windows();
        // The map tool of the desk ends; the presentation starts at its first view, fitted
        // (once the cards have their presentation size) into the space they leave free.
        self.state.apply(Command::SetTool(MapTool::Select));
        if self.state.workshop().views.is_empty() {
            self.state.apply(Command::ZoomToAll);
        } else {
            self.state
                .apply(Command::Workshop(WorkshopCommand::ShowView(0)));
        }
    }

    /// Windows of the desk close for the audience. Those holding unfinished input (the index
    /// wizard, the join dialog) are only hidden while presenting and come back afterwards.
    fn close_tool_windows(&mut self) {
        self.workshop_ui.views_open = false;
        self.workshop_ui.pins_open = false;
        self.export_dialog.open = false;
        self.basemap_ui.custom_open = false;
        self.basemap_ui.package_open = false;
        self.sheet_open = false;
        self.state.apply(Command::ShowReport(None));
        self.state.apply(Command::ShowJoinReport(None));
    }

    /// "Ende" over the map after the last view, until stepping back or leaving.
    pub(super) fn presentation_end(&mut self, ctx: &egui::Context, map: egui::Rect) {
        if !self.presenting.as_ref().is_some_and(|p| p.at_end) {
            return;
        }
        let w = crate::ui::window_texts::window_texts(self.state.lang);
        egui::Area::new(egui::Id::unique("praesentation_ende"))
            .order(egui::Order::Background)
            .fixed_pos(map.center())
            .pivot(egui::Align2::CENTER_CENTER)
            .show(ctx, |ui| {
                Frame::new()
                    .fill(Color32::WHITE)
                    .stroke(Stroke::new(2.0, Color32::BLACK))
                    .corner_radius(6.0)
                    .inner_margin(Margin::symmetric(28, 16))
                    .show(ui, |ui| {
                        ui.vertical_centered(|ui| {
                            ui.label(RichText::new(w.present_end).size(32.0).strong());
                            ui.label(RichText::new(w.present_end_hint).size(15.0));
                        });
                    });
            });
    }

    /// Leave presentation mode: window, scale and style as before.
    pub(super) fn stop_presentation(&mut self, ctx: &egui::Context) {
        let Some(p) = self.presenting.take() else {
            return;
        };
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
        ctx.set_zoom_factor(p.zoom_before);
        ctx.set_style_of(egui::Theme::Light, p.style_before);
        self.state.apply(Command::SetTool(MapTool::Select));
    }

    fn apply_present_settings(&mut self, ctx: &egui::Context) {
        let Some(p) = &self.presenting else { return };
        let s = self.present_settings;
        ctx.set_zoom_factor(s.scale.clamp(SCALE_MIN, SCALE_MAX));
        let mut style = (*p.style_before).clone();
        if s.high_contrast {
            high_contrast(&mut style);
        }
        ctx.set_style_of(egui::Theme::Light, style);
    }

    /// F5, Esc and the stepping keys.
    pub(super) fn presentation_keys(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::F5)) {
            if self.presenting() {
                self.stop_presentation(ctx);
            } else {
                self.start_presentation(ctx);
            }
            return;
        }
        // Esc closes the newest thing first: a pin being written, then the map tool, then
        // the presentation, then the selection.
        if self.quit_prompt_open() {
            return;
        }
        // A text field being typed in takes Esc itself (it lets go of the keyboard).
        let typing = ctx.egui_wants_keyboard_input() && self.workshop_ui.draft.is_none();
        if !typing && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape)) {
            if self.workshop_ui.draft.is_some() {
                self.workshop_ui.draft = None;
            } else if self.state.tool.places() {
                commands.push(Command::SetTool(MapTool::Select));
            } else if self.presenting() {
                self.stop_presentation(ctx);
            } else {
                commands.push(Command::Select(None));
                commands.push(Command::ShowReport(None));
            }
            return;
        }
        if !self.presenting() {
            return;
        }
        // Typing a pin's comment uses the arrow keys for the text.
        if ctx.egui_wants_keyboard_input() || self.workshop_ui.draft.is_some() {
            return;
        }
        let (next, previous) = ctx.input(|i| {
            (
                [Key::PageDown, Key::ArrowRight, Key::ArrowDown, Key::Space]
                    .iter()
                    .any(|k| i.key_pressed(*k)),
                [Key::PageUp, Key::ArrowLeft, Key::ArrowUp]
                    .iter()
                    .any(|k| i.key_pressed(*k)),
            )
        });
        if next {
            self.step_view(1, commands);
        } else if previous {
            self.step_view(-1, commands);
        }
    }

    /// Show the next (`+1`) or previous (`-1`) saved view; "Weiter" at the last view shows
    /// the end, "Zurück" from there the last view again.
    pub(super) fn step_view(&mut self, delta: i32, commands: &mut Vec<Command>) {
        let n = self.state.workshop().views.len();
        if n == 0 {
            return;
        }
        let last = self.state.active_view == Some(n - 1);
        if let Some(p) = &mut self.presenting {
            if p.at_end {
                if delta < 0 {
                    p.at_end = false;
                }
                return;
            }
            if last && delta > 0 {
                p.at_end = true;
                return;
            }
        }
        let to = match self.state.active_view {
            None if delta > 0 => 0,
            None => n - 1,
            Some(a) => (a as i64 + i64::from(delta)).clamp(0, n as i64 - 1) as usize,
        };
        if Some(to) != self.state.active_view || self.state.active_view.is_none() {
            commands.push(Command::Workshop(WorkshopCommand::ShowView(to)));
        }
    }

    /// The large title (the view's, else the map's) with the view's caption, in a strip above
    /// the map so that it never covers the map's legend or data.
    pub(super) fn presentation_title(&mut self, ui: &mut egui::Ui) {
        if !self.presenting() {
            return;
        }
        let contrast = self.present_settings.high_contrast;
        let view = self
            .state
            .active_view
            .and_then(|i| self.state.workshop().views.get(i));
        let Some(title) = view
            .map(|v| v.title.clone())
            .filter(|t| !t.is_empty())
            .or_else(|| {
                (self.state.thematic().is_some() || self.state.index().is_some())
                    .then(|| self.state.default_export_title(self.state.lang))
            })
        else {
            return;
        };
        let caption = view.map(|v| v.caption.clone()).filter(|c| !c.is_empty());
        let fictitious = self
            .state
            .shows_fictitious()
            .then(|| self.state.lang.texts().fictitious);
        egui::Panel::top("praesentation_titel")
            .frame(
                Frame::new()
                    .fill(Color32::WHITE)
                    .stroke(if contrast {
                        Stroke::new(2.0, Color32::BLACK)
                    } else {
                        Stroke::new(1.0, Color32::from_gray(170))
                    })
                    .inner_margin(Margin::symmetric(16, 8)),
            )
            .show(ui, |ui| {
                ui.vertical_centered(|ui| {
                    ui.label(RichText::new(title).size(24.0).strong());
                    if let Some(c) = caption {
                        ui.label(RichText::new(c).size(15.0));
                    }
                    if let Some(f) = fictitious {
                        ui.label(
                            RichText::new(f)
                                .strong()
                                .color(crate::theme::BADGE_FICTITIOUS),
                        );
                    }
                });
            });
    }

    /// The presenter's toolbar, a strip under the map (so it never covers legend or
    /// attribution): views, pin tool, contrast, size, leave.
    pub(super) fn presentation_bar(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        if !self.presenting() {
            return;
        }
        let ctx = ui.ctx().clone();
        let t = workshop_texts(self.state.lang);
        let n = self.state.workshop().views.len();
        let mut settings = self.present_settings;
        let mut leave = false;
        egui::Panel::bottom("praesentation_leiste")
            .frame(
                Frame::new()
                    .fill(Color32::WHITE)
                    .stroke(Stroke::new(1.0, Color32::from_gray(170)))
                    .inner_margin(Margin::symmetric(12, 6)),
            )
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    if ui
                        .add_enabled(n > 0, egui::Button::new(t.previous))
                        .clicked()
                    {
                        self.step_view(-1, commands);
                    }
                    let position = self
                        .state
                        .active_view
                        .map_or_else(|| "–".to_owned(), |a| (a + 1).to_string());
                    let at_end = self.presenting.as_ref().is_some_and(|p| p.at_end);
                    let text = if at_end {
                        crate::ui::window_texts::window_texts(self.state.lang)
                            .present_end
                            .to_owned()
                    } else {
                        format!("{} {position} / {n}", t.view)
                    };
                    ui.label(text).on_hover_text(t.keys_hint);
                    if ui
                        .add_enabled(n > 0 && !at_end, egui::Button::new(t.next))
                        .clicked()
                    {
                        self.step_view(1, commands);
                    }
                    ui.separator();
                    crate::ui::workshop::pin_tool_toggle(ui, &self.state, t, commands);
                    ui.separator();
                    ui.checkbox(&mut settings.high_contrast, t.contrast);
                    let scale = self.state.lang.words().fixed(f64::from(settings.scale), 2);
                    ui.label(format!("{} {scale}×", t.scale));
                    if ui
                        .add_enabled(settings.scale > SCALE_MIN, egui::Button::new(t.smaller))
                        .clicked()
                    {
                        settings.scale = (settings.scale - SCALE_STEP).max(SCALE_MIN);
                    }
                    if ui
                        .add_enabled(settings.scale < SCALE_MAX, egui::Button::new(t.larger))
                        .clicked()
                    {
                        settings.scale = (settings.scale + SCALE_STEP).min(SCALE_MAX);
                    }
                    ui.separator();
                    if ui.button(t.leave).clicked() {
                        leave = true;
                    }
                });
            });
        if leave {
            self.stop_presentation(&ctx);
        } else if settings.scale != self.present_settings.scale
            || settings.high_contrast != self.present_settings.high_contrast
        {
            self.present_settings = settings;
            self.apply_present_settings(&ctx);
        }
    }
}
