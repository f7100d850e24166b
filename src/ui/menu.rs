//! The menu bar: Datei (open, join a table, sample, quit), Ansicht (zoom, linked views), Analyse
//! (the needs index), Einstellungen (language, author of exports), and the
//! connection state on the right.

use egui::{Color32, RichText, Ui};

use crate::i18n::{Lang, Texts};
use crate::state::{AppState, Command};
use crate::tiles::connectivity::Connectivity;

/// What the menu asks of the app beyond state commands.
#[derive(Debug, Clone, PartialEq)]
pub enum MenuAction {
    None,
    OpenDialog,
    JoinTable,
    ToggleViews,
    IndexWizard,
    Export,
    SaveProject,
    SaveProjectAs,
    OpenRecent(std::path::PathBuf),
    Screenshot,
    Basemap(crate::ui::basemap::BasemapAction),
    IndexWindow,
    Reach,
    /// Presentation mode, the views window, the pins window.
    Present,
    ViewsWindow,
    PinsWindow,
    LoadSample,
    Quit,
    /// The author / Dienststelle line of exports was edited (remembered between sessions).
    Author(String),
}

/// What the menu bar shows besides the state: the window's own things, passed in by the app.
pub struct MenuInput<'a> {
    pub connectivity: Option<Connectivity>,
    pub basemap: &'a crate::ui::basemap::BasemapInfo,
    pub author: &'a str,
    /// The projects opened last, newest first.
    pub recent: &'a [std::path::PathBuf],
}

pub fn show(
    ui: &mut Ui,
    state: &AppState,
    t: &Texts,
    input: &MenuInput,
    out: &mut Vec<Command>,
) -> MenuAction {
    let MenuInput {
        connectivity,
        basemap,
        author,
        recent,
    } = *input;
    let mut action = MenuAction::None;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(t.menu_file, |ui| {
            if ui.button(t.open_file).clicked() {
                action = MenuAction::OpenDialog;
            }
            if ui.button(t.join_table).clicked() {
                action = MenuAction::JoinTable;
            }
            if ui
                .add_enabled(!state.layers.is_empty(), egui::Button::new(t.export))
                .clicked()
            {
                action = MenuAction::Export;
            }
            ui.separator();
            if ui.button(t.open_project).clicked() {
                action = MenuAction::OpenDialog;
            }
            ui.add_enabled_ui(!recent.is_empty(), |ui| {
                ui.menu_button(t.recent_projects, |ui| {
                    for p in recent.iter().cloned() {
                        let name = p
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        if ui
                            .button(name)
                            .on_hover_text(p.display().to_string())
                            .clicked()
                        {
                            action = MenuAction::OpenRecent(p);
                        }
                    }
                });
            });
            if ui
                .add_enabled(!state.layers.is_empty(), egui::Button::new(t.save_project))
                .clicked()
            {
                action = MenuAction::SaveProject;
            }
            if ui
                .add_enabled(
                    !state.layers.is_empty(),
                    egui::Button::new(t.save_project_as),
                )
                .clicked()
            {
                action = MenuAction::SaveProjectAs;
            }
            ui.separator();
            if ui.button(t.load_sample).clicked() {
                action = MenuAction::LoadSample;
            }
            ui.separator();
            let shortcut = if state.lang == Lang::En {
                "Ctrl+Q"
            } else {
                "Strg+Q"
            };
            let quit = ui.add(egui::Button::new(t.quit).shortcut_text(shortcut));
            // Named by its text alone (the shortcut is shown beside it).
            quit.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, t.quit));
            if quit.clicked() {
                action = MenuAction::Quit;
            }
        });
        ui.menu_button(t.menu_view, |ui| {
            if ui.button(t.screenshot).clicked() {
                action = MenuAction::Screenshot;
            }
            let b = crate::ui::basemap::menu(ui, state.lang, basemap);
            if b != crate::ui::basemap::BasemapAction::None {
                action = MenuAction::Basemap(b);
            }
            if ui.button(t.zoom_city).clicked() {
                out.push(Command::ZoomToAll);
            }
            if ui
                .add_enabled(
                    state.selection.is_some(),
                    egui::Button::new(t.zoom_selection),
                )
                .clicked()
            {
                out.push(Command::ZoomToSelection);
            }
            if ui
                .add_enabled(state.thematic().is_some(), egui::Button::new(t.views))
                .clicked()
            {
                action = MenuAction::ToggleViews;
            }
        });
        let it = crate::ui::index::texts::index_texts(state.lang);
        ui.menu_button(it.menu_analysis, |ui| {
            if ui
                .add_enabled(
                    state.default_join_layer().is_some(),
                    egui::Button::new(it.open_wizard),
                )
                .clicked()
            {
                action = MenuAction::IndexWizard;
            }
            if ui
                .add_enabled(state.index().is_some(), egui::Button::new(it.open_window))
                .clicked()
            {
                action = MenuAction::IndexWindow;
            }
            ui.separator();
            let rt = crate::ui::reach::texts::reach_texts(state.lang);
            if ui.button(rt.menu_item).clicked() {
                action = MenuAction::Reach;
            }
        });
        let wt = crate::ui::workshop::texts::workshop_texts(state.lang);
        ui.menu_button(wt.menu, |ui| {
            if ui.button(wt.present).clicked() {
                action = MenuAction::Present;
            }
            if ui.button(wt.views_window).clicked() {
                action = MenuAction::ViewsWindow;
            }
            if ui.button(wt.pins_window).clicked() {
                action = MenuAction::PinsWindow;
            }
        });
        // Stays open while the author line is typed (a plain menu closes on any click).
        let settings = egui::containers::menu::MenuConfig::new()
            .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
        egui::containers::menu::MenuButton::new(t.menu_settings)
            .config(settings)
            .ui(ui, |ui| {
                ui.label(t.language);
                let mut lang = state.lang;
                ui.radio_value(&mut lang, Lang::De, "Deutsch");
                ui.radio_value(&mut lang, Lang::En, "English");
                if lang != state.lang {
                    out.push(Command::SetLanguage(lang));
                }
                ui.separator();
                let w = crate::ui::window_texts::window_texts(state.lang);
                let label = ui.label(w.author);
                let mut text = author.to_owned();
                if ui
                    .add(egui::TextEdit::singleline(&mut text).desired_width(280.0))
                    .labelled_by(label.id)
                    .on_hover_text(w.author_hint)
                    .changed()
                {
                    action = MenuAction::Author(text);
                }
            });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let package = basemap.source.as_ref().and_then(|s| match &s.kind {
                crate::tiles::SourceKind::MbTiles { .. } => Some(s.name.clone()),
                _ => None,
            });
            let (text, colour) = match connectivity {
                None if package.is_some() => (
                    package.unwrap_or_default(),
                    Color32::from_rgb(0x1B, 0x7F, 0x3B),
                ),
                None => (t.tiles_off.to_owned(), Color32::GRAY),
                Some(Connectivity::Checking) => (t.checking.to_owned(), Color32::GRAY),
                Some(Connectivity::Online) => {
                    (t.online.to_owned(), Color32::from_rgb(0x1B, 0x7F, 0x3B))
                }
                Some(Connectivity::Offline) => {
                    (t.offline.to_owned(), Color32::from_rgb(0xB0, 0x3A, 0x2E))
                }
            };
            let r = ui.label(RichText::new(text).color(colour));
            if connectivity == Some(Connectivity::Offline) {
                r.on_hover_text(t.offline_hint);
            }
        });
    });
    action
}
