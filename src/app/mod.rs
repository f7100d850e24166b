//! The eframe application: wiring only. It owns the [`AppState`], the map widget and the
//! file dialog, lays out the panels, and applies the commands they return. `show` reads like
//! a table of contents of the window.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use egui::{Key, Ui};

use crate::map::{MapConfig, MapView};
use crate::state::{AppState, Command, WorkshopCommand, sample_paths};
use crate::ui::basemap::{BasemapUi, WindowAction};
use crate::ui::export::{DialogRequest, ExportDialog};
use crate::ui::index::IndexUi;
use crate::ui::join::{self, JoinDialog};
use crate::ui::layers::LayersPanel;
use crate::ui::menu::{self, MenuAction};
use crate::ui::reach::ReachUi;
use crate::ui::thematic::ThematicPanel;
use crate::ui::views::LinkedViews;
use crate::ui::workshop::{WorkshopRequest, WorkshopUi};
use crate::ui::{info, messages, overlay};

mod basemap;
mod dialog;
mod panels;
mod presentation;
mod project;
mod relocate;
mod screenshot;

pub use panels::Bottom;
pub use presentation::{PresentSettings, SCALE_MAX, SCALE_MIN};
pub use project::{recent as recent_projects, recovery_path as default_recovery_path};

pub use dialog::{FileDialog, NativeDialog};
use dialog::{answer, ask};

#[derive(Debug, Clone)]
pub struct AppConfig {
    /// Fetch basemap tiles (off in tests: they never touch the network).
    pub tiles: bool,
    /// Files to open; the Frankfurt sample when empty.
    pub paths: Vec<PathBuf>,
    /// Load in the background (the window) or before the first frame (tests).
    pub background_loading: bool,
    /// The basemap source (OpenStreetMap when `None` and tiles are on).
    pub source: Option<crate::tiles::Source>,
    /// The recovery file to autosave to and to offer after a crash (`None`: no autosave, as
    /// in most tests; the window uses [`default_recovery_path`]).
    pub autosave: Option<PathBuf>,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            tiles: true,
            paths: Vec::new(),
            background_loading: true,
            source: None,
            autosave: project::recovery_path(),
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
    /// A table file from the join dialog's file chooser.
    picking_table: Option<Receiver<Option<PathBuf>>>,
    /// Where the index CSV goes, from the save dialog.
    saving_csv: Option<Receiver<Option<PathBuf>>>,
    index_ui: IndexUi,
    export_dialog: ExportDialog,
    /// Where the export goes, from the save dialog.
    saving_export: Option<Receiver<Option<PathBuf>>>,
    /// A screenshot being saved.
    screenshot: Option<Receiver<Result<PathBuf, String>>>,
    basemap_ui: BasemapUi,
    /// Where an offline package goes, from the save dialog.
    saving_package: Option<Receiver<Option<PathBuf>>>,
    /// The tile cache's size, measured now and then (when, bytes).
    cache_size: Option<(std::time::Instant, u64)>,
    /// The tile cache's size limit in MB (oldest tiles go first beyond it).
    cache_limit_mb: u64,
    /// The project file open now (`None`: not saved as a project yet).
    pub project_path: Option<PathBuf>,
    autosave: project::Autosave,
    /// A project waiting for data files that moved.
    relocating: Option<relocate::Pending>,
    /// A recovery file from a run that did not end normally.
    recovery_found: Option<PathBuf>,
    /// Where a project goes, from the save dialog.
    saving_project: Option<Receiver<Option<PathBuf>>>,
    reach_ui: ReachUi,
    workshop_ui: WorkshopUi,
    /// Presentation mode, while it is on.
    presenting: Option<presentation::Presenting>,
    present_settings: PresentSettings,
    /// Where pins or notes go, from the save dialog (and which of them).
    saving_workshop: Option<(WorkshopRequest, Receiver<Option<PathBuf>>)>,
    /// What the bottom panel shows.
    bottom: Bottom,
    thematic_panel: ThematicPanel,
    views: LinkedViews,
    join_dialog: Option<JoinDialog>,
    sheet_open: bool,
    show_views: bool,
    quit: bool,
}

impl SozialatlasApp {
    pub fn new(ctx: &egui::Context, config: AppConfig, dialog: Box<dyn FileDialog>) -> Self {
        let mut state = AppState::default();
        // An MBTiles file among the files given is the basemap, not a layer.
        let (packages, paths): (Vec<PathBuf>, Vec<PathBuf>) = config
            .paths
            .into_iter()
            .partition(|p| crate::ui::basemap::is_mbtiles(p));
        // A project file given at start opens as the project (in place of the sample).
        let (projects, paths): (Vec<PathBuf>, Vec<PathBuf>) =
            paths.into_iter().partition(|p| project::is_project(p));
        let paths = if paths.is_empty() && projects.is_empty() {
            sample_paths()
        } else {
            paths
        };
        if !paths.is_empty() {
            if config.background_loading {
                state.apply(Command::OpenPaths(paths));
            } else {
                state.load_now(&paths);
            }
        }
        let mut autosave = project::Autosave::default();
        let mut recovery_found = None;
        if let Some(p) = config.autosave {
            recovery_found = p.exists().then(|| p.clone());
            autosave.path = Some(p);
        }
        let mut map = MapView::new(
            ctx,
            MapConfig {
                tiles: config.tiles || !packages.is_empty(),
            },
        );
        if let Some(p) = packages.last() {
            map.set_source(ctx, crate::ui::basemap::mbtiles_source(p));
        } else if let Some(s) = config.source {
            map.set_source(ctx, s);
        }
        let mut app = Self {
            state,
            map,
            layers_panel: LayersPanel::default(),
            dialog: Arc::from(dialog),
            picking: None,
            picking_table: None,
            saving_csv: None,
            index_ui: IndexUi::default(),
            export_dialog: ExportDialog::default(),
            saving_export: None,
            screenshot: None,
            basemap_ui: BasemapUi::default(),
            saving_package: None,
            cache_size: None,
            cache_limit_mb: 500,
            project_path: None,
            autosave,
            recovery_found,
            relocating: None,
            saving_project: None,
            reach_ui: ReachUi::default(),
            workshop_ui: WorkshopUi::default(),
            presenting: None,
            present_settings: PresentSettings::default(),
            saving_workshop: None,
            bottom: Bottom::Views,
            thematic_panel: ThematicPanel::default(),
            views: LinkedViews::default(),
            join_dialog: None,
            sheet_open: false,
            show_views: true,
            quit: false,
        };
        if let Some(p) = projects.last() {
            app.open_project(ctx, p);
        }
        app
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
        self.presentation_keys(&ctx, &mut commands);
        self.keyboard_and_drops(ui, &mut commands);
        let presenting = self.presenting();
        if presenting {
            self.presentation_bar(ui, &mut commands);
            self.presentation_title(ui);
        } else {
            self.panels(ui, texts, &mut commands);
        }
        let map_rect = egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                self.map.pin_mode = self.workshop_ui.pin_tool;
                self.map.draft_pin = self.workshop_ui.draft.as_ref().map(|d| (d.lon, d.lat));
                self.map.show(ui, &self.state, texts, &mut commands);
                ui.max_rect()
            })
            .inner;
        if let Some((lon, lat, at)) = self.map.take_placed() {
            self.workshop_ui.placed(lon, lat, at, map_rect);
        }
        self.overlays(&ctx, map_rect, texts, &mut commands);

        for c in commands {
            self.state.apply(c);
        }
        self.autosave();
        if ctx.input(|i| i.viewport().close_requested()) {
            self.clean_exit();
        }
    }

    /// The menu and the side and bottom panels (hidden in presentation mode).
    fn panels(
        &mut self,
        ui: &mut Ui,
        texts: &'static crate::i18n::Texts,
        commands: &mut Vec<Command>,
    ) {
        let ctx = ui.ctx().clone();
        let basemap_info = self.basemap_info();

        let action = egui::Panel::top("menue")
            .show(ui, |ui| {
                menu::show(
                    ui,
                    &self.state,
                    texts,
                    self.map.connectivity(),
                    &basemap_info,
                    commands,
                )
            })
            .inner;
        self.menu_action(&ctx, action, commands);
        egui::Panel::left("ebenen")
            .resizable(true)
            .default_size(270.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    self.layers_panel.show(ui, &self.state, texts, commands);
                    ui.separator();
                    let request = self.thematic_panel.show(ui, &self.state, texts, commands);
                    if request.join_table {
                        self.pick_table();
                    }
                    self.sheet_open |= request.indicator_sheet;
                    if request.index_wizard {
                        self.index_ui.open_wizard(&self.state);
                    }
                });
            });
        egui::Panel::right("info")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    info::show(ui, &self.state, texts, commands);
                    self.workshop_ui.notes_section(ui, &self.state, commands);
                });
            });
        let export_index = self.bottom_panel(ui, texts, commands);
        if export_index {
            self.save_index_csv();
        }
        if !self.state.messages.is_empty() {
            egui::Panel::top("meldungen").show(ui, |ui| {
                messages::show(ui, &self.state, texts, commands);
            });
        }
    }

    /// Everything drawn over the map: legend and attribution, windows and dialogs.
    fn overlays(
        &mut self,
        ctx: &egui::Context,
        map_rect: egui::Rect,
        texts: &'static crate::i18n::Texts,
        commands: &mut Vec<Command>,
    ) {
        let ctx = ctx.clone();
        let files_hovered = ctx.input(|i| !i.raw.hovered_files.is_empty());
        let overlay_input = overlay::OverlayInput {
            map_rect,
            connectivity: self.map.connectivity(),
            attribution: self.map.attribution(),
            files_hovered,
            badge: !self.presenting(),
            context: self
                .map
                .context_shown()
                .then(|| self.map.context_attribution()),
            texts,
        };
        overlay::show(&ctx, &self.state, &overlay_input, commands);
        messages::report_window(&ctx, &self.state, texts, commands);
        join::report_window(&ctx, &self.state, texts, commands);
        if self.sheet_open {
            join::indicator_sheet(&ctx, &self.state, texts, &mut self.sheet_open);
        }
        if let Some(d) = &mut self.join_dialog
            && !d.show(&ctx, &self.state, texts, commands)
        {
            self.join_dialog = None;
        }
        self.index_ui
            .show_wizard(&ctx, &self.state, map_rect, commands);
        self.recovery_offer(&ctx);
        self.relocate_window(&ctx);
        if self.index_ui.fresh {
            self.bottom = Bottom::Index;
            self.show_views = true;
        }
        let request = self
            .workshop_ui
            .show(&ctx, &self.state, self.map.visible_bbox(), commands);
        if request != WorkshopRequest::None && self.saving_workshop.is_none() {
            let dialog = self.dialog.clone();
            let asked = ask("speichern", move || match request {
                WorkshopRequest::ExportPins { csv: true } => dialog.save_csv("pins.csv"),
                WorkshopRequest::ExportPins { csv: false } => dialog.save_geojson("pins.geojson"),
                _ => dialog.save_csv("notizen.csv"),
            });
            self.saving_workshop = asked.map(|rx| (request, rx));
        }
        let view = self.map.visible_bbox();
        let all = self.state.all_bbox();
        let source = self.map.basemap().map(|b| b.source().clone());
        let package_box = self.basemap_ui.package_bbox(view, all);
        match self
            .basemap_ui
            .show(&ctx, self.state.lang, source.as_ref(), package_box)
        {
            WindowAction::UseSource(s) => self.map.set_source(&ctx, s),
            WindowAction::SavePackage if self.saving_package.is_none() => {
                let dialog = self.dialog.clone();
                self.saving_package = ask("speichern", move || {
                    dialog.save_package("hintergrundkarte.mbtiles")
                });
            }
            _ => {}
        }
        match self.export_dialog.show(
            &ctx,
            &self.state,
            self.map.visible_bbox(),
            map_rect.right_top() + egui::vec2(-12.0, 12.0),
            self.map.basemap(),
        ) {
            DialogRequest::Save(name) if self.saving_export.is_none() => {
                let dialog = self.dialog.clone();
                self.saving_export = ask("speichern", move || dialog.save_export(&name));
            }
            DialogRequest::Pins(on) => {
                commands.push(Command::Workshop(WorkshopCommand::SetPinsInExports(on)));
            }
            _ => {}
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
        let dropped = self.take_mbtiles(ui.ctx(), dropped);
        let dropped = self.take_projects(ui.ctx(), dropped);
        if !dropped.is_empty() {
            commands.push(Command::OpenPaths(dropped));
        }
        let ctx = ui.ctx();
        if let Some(path) = answer(&mut self.picking_table, ctx).flatten() {
            self.join_dialog = Some(JoinDialog::open(&self.state, path));
        }
        if let Some(path) = answer(&mut self.saving_csv, ctx).flatten() {
            commands.push(Command::Index(crate::state::IndexCommand::ExportCsv(path)));
        }
        if let Some(path) = answer(&mut self.saving_package, ctx).flatten()
            && let Some(source) = self.map.basemap().map(|b| b.source().clone())
        {
            let bbox = self
                .basemap_ui
                .package_bbox(self.map.visible_bbox(), self.state.all_bbox());
            self.basemap_ui.start(&source, bbox, path);
        }
        if let Some((request, mut rx)) = self.saving_workshop.take() {
            let slot = &mut Some(rx);
            match answer(slot, ctx) {
                Some(Some(path)) => commands.push(Command::Workshop(match request {
                    WorkshopRequest::ExportNotes => WorkshopCommand::ExportNotes(path),
                    _ => WorkshopCommand::ExportPins(path),
                })),
                Some(None) => {}
                None => {
                    if let Some(r) = slot.take() {
                        rx = r;
                        self.saving_workshop = Some((request, rx));
                    }
                }
            }
        }
        if let Some(path) = answer(&mut self.saving_project, ctx).flatten() {
            self.save_project(&path);
        }
        if let Some(path) = answer(&mut self.saving_export, ctx).flatten() {
            self.export_dialog.start(&self.state, path);
        }
        if let Some(result) = answer(&mut self.screenshot, ctx) {
            let (error, text) = match result {
                Ok(p) => (
                    false,
                    format!("Bildschirmfoto gespeichert: {}", p.display()),
                ),
                Err(e) => (true, e),
            };
            self.state.apply(Command::Notify(error, text));
        }
        if let Some(paths) = answer(&mut self.picking, ctx).filter(|p| !p.is_empty()) {
            let paths = self.take_mbtiles(ctx, paths);
            let paths = self.take_projects(ctx, paths);
            if !paths.is_empty() {
                commands.push(Command::OpenPaths(paths));
            }
        }
    }

    fn menu_action(
        &mut self,
        ui_ctx: &egui::Context,
        action: MenuAction,
        commands: &mut Vec<Command>,
    ) {
        match action {
            MenuAction::None => {}
            MenuAction::OpenDialog if self.picking.is_none() => {
                let dialog = self.dialog.clone();
                self.picking = ask("dateiauswahl", move || dialog.pick_files());
            }
            MenuAction::OpenDialog => {}
            MenuAction::JoinTable => self.pick_table(),
            MenuAction::ToggleViews => self.show_views = !self.show_views,
            MenuAction::IndexWizard => self.index_ui.open_wizard(&self.state),
            MenuAction::IndexWindow => {
                self.bottom = Bottom::Index;
                self.show_views = true;
            }
            MenuAction::Export => self.export_dialog.open(&self.state),
            MenuAction::SaveProject if self.project_path.is_some() => {
                if let Some(p) = self.project_path.clone() {
                    self.save_project(&p);
                }
            }
            MenuAction::SaveProject | MenuAction::SaveProjectAs => {
                if self.saving_project.is_none() {
                    let dialog = self.dialog.clone();
                    self.saving_project = ask("speichern", move || {
                        dialog.save_project("planung.sozialatlas")
                    });
                }
            }
            MenuAction::OpenRecent(p) => self.open_project(ui_ctx, &p),
            MenuAction::Basemap(b) => self.basemap_action(ui_ctx, b, commands),
            MenuAction::Screenshot => {
                if let Some(rect) = self.map.rect() {
                    self.screenshot = Some(screenshot::take(ui_ctx, rect));
                }
            }
            MenuAction::Reach => {
                self.bottom = Bottom::Reach;
                self.show_views = true;
            }
            MenuAction::Present => self.start_presentation(ui_ctx),
            MenuAction::ViewsWindow => self.workshop_ui.views_open = true,
            MenuAction::PinsWindow => self.workshop_ui.pins_open = true,
            MenuAction::LoadSample => commands.push(Command::OpenPaths(sample_paths())),
            MenuAction::Quit => {
                self.clean_exit();
                self.quit = true;
            }
        }
    }
}

impl SozialatlasApp {
    /// Ask for a table file on a worker thread; the join dialog opens when it arrives.
    fn pick_table(&mut self) {
        if self.picking_table.is_none() {
            let dialog = self.dialog.clone();
            self.picking_table = ask("tabellenauswahl", move || dialog.pick_table());
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
