//! The eframe application: wiring only. It owns the [`AppState`], the map widget and the
//! file dialog, lays out the panels, and applies the commands they return. `show` reads like
//! a table of contents of the window.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use egui::{Key, Ui};

use crate::map::{MapConfig, MapView};
use crate::state::{AppState, Command, sample_paths};
use crate::ui::layers::LayersPanel;
use crate::ui::menu::{self, MenuAction};
use crate::ui::{info, messages, overlay};

/// Where file paths come from: the native dialog in the app, fixed paths in tests.
/// Called on a worker thread, so an open dialog never stalls the window.
pub trait FileDialog: Send + Sync {
    fn pick_files(&self) -> Vec<PathBuf>;
}

/// The native file dialog (rfd). Returns nothing when no dialog can be shown.
pub struct NativeDialog;

impl FileDialog for NativeDialog {
    fn pick_files(&self) -> Vec<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Datei öffnen")
            .add_filter(
                "Geodaten (GeoJSON, Shapefile, CSV)",
                &["geojson", "json", "shp", "csv"],
            )
            .add_filter("Alle Dateien", &["*"])
            .pick_files()
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone)]
pub struct AppConfig {
    /// Fetch basemap tiles (off in tests: they never touch the network).
    pub tiles: bool,
    /// Files to open; the Frankfurt sample when empty.
    pub paths: Vec<PathBuf>,
    /// Load in the background (the window) or before the first frame (tests).
    pub background_loading: bool,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            tiles: true,
            paths: Vec::new(),
            background_loading: true,
        }
    }
}

pub struct SozialatlasApp {
    pub state: AppState,
    map: MapView,
    layers_panel: LayersPanel,
    dialog: Arc<dyn FileDialog>,
    /// Paths from a file dialog that is open right now.
    picking: Option<Receiver<Vec<PathBuf>>>,
    quit: bool,
}

impl SozialatlasApp {
    pub fn new(ctx: &egui::Context, config: AppConfig, dialog: Box<dyn FileDialog>) -> Self {
        let mut state = AppState::default();
        let paths = if config.paths.is_empty() {
            sample_paths()
        } else {
            config.paths
        };
        if config.background_loading {
            state.apply(Command::OpenPaths(paths));
        } else {
            state.load_now(&paths);
        }
        Self {
            state,
            map: MapView::new(
                ctx,
                MapConfig {
                    tiles: config.tiles,
                },
            ),
            layers_panel: LayersPanel::default(),
            dialog: Arc::from(dialog),
            picking: None,
            quit: false,
        }
    }

    pub fn map(&self) -> &MapView {
        &self.map
    }

    pub fn wants_quit(&self) -> bool {
        self.quit
    }

    /// The whole window, one frame.
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        if ctx.theme() != egui::Theme::Light {
            // A map reads best on light panels; set on the context that draws us.
            ctx.set_theme(egui::Theme::Light);
        }
        let texts = self.state.lang.texts();
        let mut commands = Vec::new();
        if self.state.poll_loading() {
            ctx.request_repaint();
        }
        if self.state.loading.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        self.keyboard_and_drops(ui, &mut commands);

        let action = egui::Panel::top("menue")
            .show(ui, |ui| {
                menu::show(
                    ui,
                    &self.state,
                    texts,
                    self.map.connectivity(),
                    &mut commands,
                )
            })
            .inner;
        self.menu_action(action, &mut commands);
        egui::Panel::left("ebenen")
            .resizable(true)
            .default_size(270.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    self.layers_panel
                        .show(ui, &self.state, texts, &mut commands);
                });
            });
        egui::Panel::right("info")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    info::show(ui, &self.state, texts, &mut commands);
                });
            });
        if !self.state.messages.is_empty() {
            egui::Panel::top("meldungen").show(ui, |ui| {
                messages::show(ui, &self.state, texts, &mut commands);
            });
        }
        let map_rect = egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                self.map.show(ui, &self.state, texts, &mut commands);
                ui.max_rect()
            })
            .inner;
        let files_hovered = ctx.input(|i| !i.raw.hovered_files.is_empty());
        let overlay_input = overlay::OverlayInput {
            map_rect,
            connectivity: self.map.connectivity(),
            attribution: self.map.attribution(),
            files_hovered,
            texts,
        };
        overlay::show(&ctx, &self.state, &overlay_input, &mut commands);
        messages::report_window(&ctx, &self.state, texts, &mut commands);

        for c in commands {
            self.state.apply(c);
        }
    }

    fn keyboard_and_drops(&mut self, ui: &Ui, commands: &mut Vec<Command>) {
        if ui.input(|i| i.key_pressed(Key::Escape)) {
            commands.push(Command::Select(None));
            commands.push(Command::ShowReport(None));
        }
        let dropped: Vec<PathBuf> = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if !dropped.is_empty() {
            commands.push(Command::OpenPaths(dropped));
        }
        if let Some(rx) = &self.picking {
            match rx.try_recv() {
                Ok(paths) => {
                    self.picking = None;
                    if !paths.is_empty() {
                        commands.push(Command::OpenPaths(paths));
                    }
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    ui.ctx()
                        .request_repaint_after(std::time::Duration::from_millis(100));
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.picking = None,
            }
        }
    }

    fn menu_action(&mut self, action: MenuAction, commands: &mut Vec<Command>) {
        match action {
            MenuAction::None => {}
            MenuAction::OpenDialog if self.picking.is_none() => {
                let (tx, rx) = channel();
                let dialog = self.dialog.clone();
                let spawned = std::thread::Builder::new()
                    .name("dateiauswahl".to_owned())
                    .spawn(move || {
                        let _ = tx.send(dialog.pick_files());
                    });
                if spawned.is_ok() {
                    self.picking = Some(rx);
                }
            }
            MenuAction::OpenDialog => {}
            MenuAction::LoadSample => commands.push(Command::OpenPaths(sample_paths())),
            MenuAction::Quit => self.quit = true,
        }
    }
}

impl eframe::App for SozialatlasApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
        if self.quit {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

/// Open the window.
pub fn run(config: AppConfig) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Sozialatlas")
            .with_inner_size([1440.0, 900.0])
            .with_min_inner_size([800.0, 500.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "Sozialatlas",
        options,
        Box::new(move |cc| {
            Ok(Box::new(SozialatlasApp::new(
                &cc.egui_ctx,
                config,
                Box::new(NativeDialog),
            )))
        }),
    )
}
