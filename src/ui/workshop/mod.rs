//! The workshop in the window: the "Ansichten" window (save, show, rename, caption, reorder,
//! replace, delete), the "Pins und Notizen" window (pin tool, list with category and comment,
//! GeoJSON/CSV export, pins in exports), the editor of a new pin, and the notes of the selected
//! area in the info panel. Reads `&AppState`, pushes commands.

pub mod texts;

use egui::{Align2, RichText, Ui};

use crate::i18n::Lang;
use crate::model::Layer;
use crate::state::{AppState, Command, MapTool, WorkshopCommand};
use crate::workshop::{NoteSource, PinCategory, today_iso};
use texts::{WorkshopTexts, workshop_texts};

/// What the workshop windows ask of the app (save dialogs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkshopRequest {
    None,
    ExportPins { csv: bool },
    ExportNotes,
}

/// A pin being written: where, and what the user typed so far.
#[derive(Debug, Clone)]
pub struct PinDraft {
    pub lon: f64,
    pub lat: f64,
    pub category: PinCategory,
    pub comment: String,
    /// Where the editor opens: beside the click, towards the map's middle.
    anchor: (Align2, egui::Vec2),
}

#[derive(Default)]
pub struct WorkshopUi {
    pub views_open: bool,
    pub pins_open: bool,
    /// The pin tool: a click on the map opens a new pin.
    pub draft: Option<PinDraft>,
    note_text: String,
    note_source: NoteSource,
}

/// The "Pin setzen" toggle: switches the map's click tool to placing pins (and back).
pub fn pin_tool_toggle(ui: &mut Ui, state: &AppState, t: &WorkshopTexts, out: &mut Vec<Command>) {
    let mut on = state.tool == MapTool::PlacePin;
    if ui
        .toggle_value(&mut on, t.pin_tool)
        .on_hover_text(t.pin_tool_hint)
        .changed()
    {
        out.push(Command::SetTool(if on {
            MapTool::PlacePin
        } else {
            MapTool::Select
        }));
    }
}

fn category_label(c: PinCategory, lang: Lang) -> &'static str {
    if lang == Lang::De {
        c.label_de()
    } else {
        c.label_en()
    }
}

fn source_label(s: NoteSource, lang: Lang) -> &'static str {
    if lang == Lang::De {
        s.label_de()
    } else {
        s.label_en()
    }
}

/// A coloured dot for a pin category.
fn category_dot(ui: &mut Ui, c: PinCategory) {
    let [r, g, b] = c.rgb();
    let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
    ui.painter()
        .circle_filled(rect.center(), 6.0, egui::Color32::from_rgb(r, g, b));
}

impl WorkshopUi {
    /// The windows; `view_bbox` is the map's visible extent (for saving a view).
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        state: &AppState,
        view_bbox: Option<[f64; 4]>,
        out: &mut Vec<Command>,
    ) -> WorkshopRequest {
        let t = workshop_texts(state.lang);
        let mut request = WorkshopRequest::None;
        if self.views_open {
            let mut open = true;
            let (pivot, pos) = super::window_home(ctx, true);
            egui::Window::new(t.views_window)
                .open(&mut open)
                .pivot(pivot)
                .default_pos(pos)
                .default_width(380.0)
                .show(ctx, |ui| views_window(ui, state, t, view_bbox, out));
            self.views_open = open;
        }
        if self.pins_open {
            let mut open = true;
            let (pivot, pos) = super::window_home(ctx, true);
            egui::Window::new(t.pins_window)
                .open(&mut open)
                .pivot(pivot)
                .default_pos(pos)
                .default_width(380.0)
                .show(ctx, |ui| {
                    request = self.pins_window(ui, state, t, out);
                });
            self.pins_open = open;
        }
        self.pin_editor(ctx, state, t, out);
        request
    }

    /// A click on the map in pin mode (at `at` on screen): start a new pin there.
    pub fn placed(&mut self, lon: f64, lat: f64, at: egui::Pos2, map: egui::Rect) {
        // The editor opens on the side of the click that has more room, so the new pin's
        // place stays visible.
        let right = at.x > map.center().x;
        let below = at.y > map.center().y;
        let pivot = match (right, below) {
            (true, true) => Align2::RIGHT_BOTTOM,
            (true, false) => Align2::RIGHT_TOP,
            (false, true) => Align2::LEFT_BOTTOM,
            (false, false) => Align2::LEFT_TOP,
        };
        let gap = 28.0;
        let offset = egui::vec2(
            if right { at.x - gap } else { at.x + gap },
            if below { at.y - gap } else { at.y + gap },
        );
        self.draft = Some(PinDraft {
            anchor: (pivot, offset),
            lon,
            lat,
            category: self
                .draft
                .as_ref()
                .map_or(PinCategory::default(), |d| d.category),
            comment: String::new(),
        });
    }

    fn pins_window(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        t: &WorkshopTexts,
        out: &mut Vec<Command>,
    ) -> WorkshopRequest {
        let mut request = WorkshopRequest::None;
        ui.horizontal(|ui| {
            pin_tool_toggle(ui, state, t, out);
            let mut on = state.workshop().pins_in_exports;
            if ui.checkbox(&mut on, t.pins_in_exports).changed() {
                out.push(Command::Workshop(WorkshopCommand::SetPinsInExports(on)));
            }
        });
        let pins = &state.workshop().pins;
        ui.horizontal(|ui| {
            for c in PinCategory::ALL {
                category_dot(ui, c);
                let n = pins.iter().filter(|p| p.category == c).count();
                ui.label(format!(
                    "{}: {}",
                    category_label(c, state.lang),
                    state.lang.words().number(n as f64)
                ));
            }
        });
        ui.separator();
        if pins.is_empty() {
            ui.weak(t.no_pins);
        }
        egui::ScrollArea::vertical()
            .max_height(320.0)
            .id_salt("pins")
            .show(ui, |ui| {
                for p in pins {
                    ui.horizontal(|ui| {
                        category_dot(ui, p.category);
                        let mut category = p.category;
                        let number = ui.strong(p.number.to_string());
                        egui::ComboBox::from_id_salt(("pin_kategorie", p.number))
                            .selected_text(category_label(category, state.lang))
                            .show_ui(ui, |ui| {
                                for c in PinCategory::ALL {
                                    ui.selectable_value(
                                        &mut category,
                                        c,
                                        category_label(c, state.lang),
                                    );
                                }
                            })
                            .response
                            .labelled_by(number.id);
                        let mut comment = p.comment.clone();
                        let edit = ui
                            .add(
                                egui::TextEdit::singleline(&mut comment)
                                    .desired_width(170.0)
                                    .hint_text(t.comment),
                            )
                            .labelled_by(number.id);
                        if category != p.category || edit.changed() {
                            out.push(Command::Workshop(WorkshopCommand::EditPin {
                                number: p.number,
                                category,
                                comment,
                            }));
                        }
                        if ui.small_button(t.delete).clicked() {
                            out.push(Command::Workshop(WorkshopCommand::DeletePin(p.number)));
                        }
                    });
                }
            });
        ui.separator();
        ui.horizontal(|ui| {
            if ui
                .add_enabled(!pins.is_empty(), egui::Button::new(t.export_geojson))
                .clicked()
            {
                request = WorkshopRequest::ExportPins { csv: false };
            }
            if ui
                .add_enabled(!pins.is_empty(), egui::Button::new(t.export_csv))
                .clicked()
            {
                request = WorkshopRequest::ExportPins { csv: true };
            }
            if ui
                .add_enabled(
                    !state.workshop().notes.is_empty(),
                    egui::Button::new(t.export_notes),
                )
                .clicked()
            {
                request = WorkshopRequest::ExportNotes;
            }
        });
        request
    }

    /// The editor of a new pin, next to where it goes.
    fn pin_editor(
        &mut self,
        ctx: &egui::Context,
        state: &AppState,
        t: &WorkshopTexts,
        out: &mut Vec<Command>,
    ) {
        let Some(draft) = &mut self.draft else {
            return;
        };
        let mut decision = None;
        egui::Window::new(t.new_pin)
            .collapsible(false)
            .resizable(false)
            .order(egui::Order::Foreground)
            .pivot(draft.anchor.0)
            .fixed_pos(draft.anchor.1.to_pos2())
            .show(ctx, |ui| {
                ui.label(t.category);
                ui.horizontal(|ui| {
                    for c in PinCategory::ALL {
                        category_dot(ui, c);
                        ui.selectable_value(&mut draft.category, c, category_label(c, state.lang));
                    }
                });
                let label = ui.label(t.comment);
                let edit = ui
                    .add(
                        egui::TextEdit::multiline(&mut draft.comment)
                            .desired_rows(2)
                            .desired_width(320.0)
                            .hint_text(t.comment),
                    )
                    .labelled_by(label.id);
                if !edit.has_focus() && ctx.memory(|m| m.focused().is_none()) {
                    edit.request_focus();
                }
                let enter = ui.input(|i| i.key_pressed(egui::Key::Enter) && !i.modifiers.shift);
                ui.horizontal(|ui| {
                    if ui.button(t.save).clicked() || enter {
                        decision = Some(true);
                    }
                    if ui.button(t.cancel).clicked() {
                        decision = Some(false);
                    }
                });
            });
        match decision {
            Some(true) => {
                out.push(Command::Workshop(WorkshopCommand::AddPin {
                    lon: draft.lon,
                    lat: draft.lat,
                    category: draft.category,
                    comment: draft.comment.trim().to_owned(),
                }));
                self.draft = None;
            }
            Some(false) => self.draft = None,
            None => {}
        }
    }

    /// The notes of the selected area, and a form to add one (in the info panel).
    pub fn notes_section(&mut self, ui: &mut Ui, state: &AppState, out: &mut Vec<Command>) {
        let Some(sel) = state.selection else { return };
        let is_area = state
            .layer(sel.layer)
            .is_some_and(|l| matches!(l.layer, Layer::Areas(_)));
        if !is_area {
            return;
        }
        let Some((key, _)) = state.note_key(sel) else {
            return;
        };
        let t = workshop_texts(state.lang);
        ui.separator();
        ui.heading(t.notes);
        let mut any = false;
        for (i, n) in state.workshop().notes_of(&key) {
            any = true;
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!(
                        "{} · {}",
                        state.lang.words().date_iso(&n.date),
                        source_label(n.source, state.lang)
                    ))
                    .small()
                    .strong(),
                );
                if ui.small_button(t.delete).clicked() {
                    out.push(Command::Workshop(WorkshopCommand::DeleteNote(i)));
                }
            });
            ui.label(&n.text);
        }
        if !any {
            ui.weak(t.no_notes);
        }
        ui.add_space(4.0);
        egui::ComboBox::from_label(t.note_source)
            .selected_text(source_label(self.note_source, state.lang))
            .show_ui(ui, |ui| {
                for s in NoteSource::ALL {
                    ui.selectable_value(&mut self.note_source, s, source_label(s, state.lang));
                }
            });
        let label = ui.label(t.note_text);
        ui.add(
            egui::TextEdit::multiline(&mut self.note_text)
                .desired_rows(3)
                .desired_width(f32::INFINITY)
                .hint_text(t.note_text),
        )
        .labelled_by(label.id);
        if ui
            .add_enabled(
                !self.note_text.trim().is_empty(),
                egui::Button::new(t.add_note),
            )
            .clicked()
        {
            out.push(Command::Workshop(WorkshopCommand::AddNote {
                area: sel,
                text: std::mem::take(&mut self.note_text),
                source: self.note_source,
                date: today_iso(),
            }));
        }
    }
}

fn views_window(
    ui: &mut Ui,
    state: &AppState,
    t: &WorkshopTexts,
    view_bbox: Option<[f64; 4]>,
    out: &mut Vec<Command>,
) {
    if ui
        .add_enabled(view_bbox.is_some(), egui::Button::new(t.save_view))
        .clicked()
        && let Some(bbox) = view_bbox
    {
        let title = Some(state.default_export_title(state.lang))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| format!("{} {}", t.view, state.workshop().views.len() + 1));
        out.push(Command::Workshop(WorkshopCommand::SaveView { bbox, title }));
    }
    ui.weak(t.views_hint);
    ui.separator();
    let views = &state.workshop().views;
    if views.is_empty() {
        ui.weak(t.no_views);
    }
    let n = views.len();
    egui::ScrollArea::vertical()
        .max_height(420.0)
        .id_salt("ansichten")
        .show(ui, |ui| {
            for (i, v) in views.iter().enumerate() {
                let active = state.active_view == Some(i);
                ui.horizontal(|ui| {
                    let number = ui.label(RichText::new(format!("{}.", i + 1)).strong());
                    let mut title = v.title.clone();
                    let edit = ui
                        .add(
                            egui::TextEdit::singleline(&mut title)
                                .desired_width(220.0)
                                .hint_text(t.title),
                        )
                        .labelled_by(number.id);
                    if edit.changed() {
                        out.push(Command::Workshop(WorkshopCommand::EditView {
                            view: i,
                            title,
                            caption: v.caption.clone(),
                        }));
                    }
                    if ui.selectable_label(active, t.show).clicked() {
                        out.push(Command::Workshop(WorkshopCommand::ShowView(i)));
                    }
                });
                ui.horizontal(|ui| {
                    ui.add_space(18.0);
                    let label = ui.label(t.caption);
                    let mut caption = v.caption.clone();
                    if ui
                        .add(
                            egui::TextEdit::singleline(&mut caption)
                                .desired_width(160.0)
                                .hint_text(t.caption),
                        )
                        .labelled_by(label.id)
                        .changed()
                    {
                        out.push(Command::Workshop(WorkshopCommand::EditView {
                            view: i,
                            title: v.title.clone(),
                            caption,
                        }));
                    }
                });
                ui.horizontal(|ui| {
                    ui.add_space(18.0);
                    if ui
                        .add_enabled(i > 0, egui::Button::new(t.up).small())
                        .clicked()
                    {
                        out.push(Command::Workshop(WorkshopCommand::MoveView {
                            view: i,
                            delta: -1,
                        }));
                    }
                    if ui
                        .add_enabled(i + 1 < n, egui::Button::new(t.down).small())
                        .clicked()
                    {
                        out.push(Command::Workshop(WorkshopCommand::MoveView {
                            view: i,
                            delta: 1,
                        }));
                    }
                    if ui
                        .add_enabled(view_bbox.is_some(), egui::Button::new(t.replace).small())
                        .on_hover_text(t.replace_hint)
                        .clicked()
                        && let Some(bbox) = view_bbox
                    {
                        out.push(Command::Workshop(WorkshopCommand::UpdateView {
                            view: i,
                            bbox,
                        }));
                    }
                    if ui.small_button(t.delete).clicked() {
                        out.push(Command::Workshop(WorkshopCommand::DeleteView(i)));
                    }
                });
                ui.separator();
            }
        });
}
