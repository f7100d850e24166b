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
mod files;
mod panels;
mod presentation;
mod project;
mod quit;
mod recovery;
mod relocate;
mod screenshot;
mod settings;

pub use files::{PathPrompt, Purpose};
pub use panels::Bottom;
pub use presentation::{PresentSettings, SCALE_MAX, SCALE_MIN};
pub use project::{recent as recent_projects, recovery_dir as default_recovery_dir};
pub use settings::{Settings, settings_path as default_settings_path};

use dialog::answer;
pub use dialog::{FileDialog, NativeDialog, SaveKind};

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
    /// The folder of the recovery files: this window autosaves to its own file there and
    /// offers the files of windows that crashed (`None`: no autosave, as in most tests; the
    /// window uses [`default_recovery_dir`]).
    pub recovery_dir: Option<PathBuf>,
    /// The settings remembered between sessions (`None`: not remembered, as in tests; the
    /// window uses [`default_settings_path`]).
    pub settings: Option<PathBuf>,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            tiles: true,
            paths: Vec::new(),
            background_loading: true,
            source: None,
            recovery_dir: project::recovery_dir(),
            settings: settings::settings_path(),
        }
    }
}

pub struct SozialatlasApp {
    pub state: AppState,
    map: MapView,
    layers_panel: LayersPanel,
    dialog: Arc<dyn FileDialog>,
    /// The file dialog open right now and what it is for.
    asking: Option<(Purpose, Receiver<Vec<PathBuf>>)>,
    /// The path field shown when no system dialog can be.
    path_prompt: Option<PathPrompt>,
    index_ui: IndexUi,
    export_dialog: ExportDialog,
    /// A screenshot being saved.
    screenshot: Option<Receiver<Result<PathBuf, crate::i18n::Bilingual>>>,
    basemap_ui: BasemapUi,
    /// The tile cache's size, measured now and then (when, bytes).
    cache_size: Option<(std::time::Instant, u64)>,
    /// The tile cache's size limit in MB (oldest tiles go first beyond it).
    cache_limit_mb: u64,
    /// The project file open now (`None`: not saved as a project yet).
    pub project_path: Option<PathBuf>,
    autosave: project::Autosave,
    /// A project waiting for data files that moved.
    relocating: Option<relocate::Pending>,
    /// Recovery files of windows that crashed, to offer one by one.
    recovery_offers: Vec<recovery::Orphan>,
    /// The project being opened is a crashed window's work (it stays unsaved).
    restoring: bool,
    /// The project as last saved or opened (to tell unsaved changes).
    baseline: quit::Baseline,
    quit_prompt: quit::Prompt,
    settings: Settings,
    settings_path: Option<PathBuf>,
    reach_ui: ReachUi,
    workshop_ui: WorkshopUi,
    /// Presentation mode, while it is on.
    presenting: Option<presentation::Presenting>,
    present_settings: PresentSettings,
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
                state.apply(Command::LoadNow(paths));
            }
        }
        let recovery = project::start_recovery(config.recovery_dir);
        let recovery_offers = recovery.orphans;
        let mut autosave = project::Autosave::default();
        autosave.instance = recovery.instance;
        if let Some(problem) = recovery.problem {
            state.apply(Command::Notify(true, problem));
        }
        let settings = config
            .settings
            .as_deref()
            .map(Settings::load)
            .unwrap_or_default();
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
            asking: None,
            path_prompt: None,
            index_ui: IndexUi::default(),
            export_dialog: ExportDialog::default(),
            screenshot: None,
            basemap_ui: BasemapUi::default(),
            cache_size: None,
            cache_limit_mb: 500,
            project_path: None,
            autosave,
            recovery_offers,
            restoring: false,
            baseline: quit::Baseline::default(),
            quit_prompt: quit::Prompt::default(),
            settings,
            settings_path: config.settings,
            relocating: None,
            reach_ui: ReachUi::default(),
            workshop_ui: WorkshopUi::default(),
            presenting: None,
            present_settings: PresentSettings::default(),
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
        let before = self.state.revision();
        self.state.apply(Command::PollLoading);
        if self.state.revision() != before {
            ctx.request_repaint();
        }
        if self.state.loading.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        self.presentation_keys(&ctx, &mut commands);
        self.keyboard_and_drops(ui, &mut commands);
        self.poll_files(&ctx, &mut commands);
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
        self.settle_baseline();
        self.autosave();
        if ctx.input(|i| i.viewport().close_requested()) {
            self.close_requested(&ctx);
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
                let recent = project::recent();
                let input = menu::MenuInput {
                    connectivity: self.map.connectivity(),
                    basemap: &basemap_info,
                    author: &self.settings.author,
                    recent: &recent,
                };
                menu::show(ui, &self.state, texts, &input, commands)
            })
            .inner;
        self.menu_action(&ctx, action, commands);
        egui::Panel::left("ebenen")
            .resizable(true)
            .default_size(300.0)
            .min_size(290.0)
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
        self.map.obstacles = overlay::show(&ctx, &self.state, &overlay_input, commands);
        self.presentation_end(&ctx, map_rect);
        messages::report_window(&ctx, &self.state, texts, commands);
        join::report_window(&ctx, &self.state, texts, commands);
        if self.sheet_open {
            join::indicator_sheet(&ctx, &self.state, texts, &mut self.sheet_open);
        }
        // Unfinished forms stay out of the audience's sight while presenting.
        if !self.presenting()
            && let Some(d) = &mut self.join_dialog
            && !d.show(&ctx, &self.state, texts, commands)
        {
            self.join_dialog = None;
        }
        if !self.presenting() {
            self.index_ui
                .show_wizard(&ctx, &self.state, map_rect, commands);
        }
        self.recovery_offer(&ctx);
        self.relocate_window(&ctx);
        self.quit_prompt_window(&ctx);
        self.path_prompt_window(&ctx, commands);
        if self.index_ui.fresh {
            self.bottom = Bottom::Index;
            self.show_views = true;
        }
        let request = self
            .workshop_ui
            .show(&ctx, &self.state, self.map.visible_bbox(), commands);
        match request {
            WorkshopRequest::None => {}
            WorkshopRequest::ExportPins { csv: true } => self.ask_file(Purpose::PinsCsv),
            WorkshopRequest::ExportPins { csv: false } => self.ask_file(Purpose::PinsGeojson),
            WorkshopRequest::ExportNotes => self.ask_file(Purpose::NotesCsv),
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
            WindowAction::SavePackage => self.ask_file(Purpose::Package),
            _ => {}
        }
        match self.export_dialog.show(
            &ctx,
            &self.state,
            self.map.visible_bbox(),
            map_rect.right_top() + egui::vec2(-12.0, 12.0),
            self.map
                .basemap()
                .map(|b| b as &dyn crate::export::content::PageTiles),
        ) {
            DialogRequest::Save => self.ask_file(Purpose::Export),
            DialogRequest::Author(a) => self.remember_author(a),
            DialogRequest::Pins(on) => {
                commands.push(Command::Workshop(WorkshopCommand::SetPinsInExports(on)));
            }
            _ => {}
        }
    }

    fn keyboard_and_drops(&mut self, ui: &Ui, commands: &mut Vec<Command>) {
        if ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, Key::Q)) {
            self.request_quit();
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
        if let Some(result) = answer(&mut self.screenshot, ctx) {
            let (error, text) = match result {
                Ok(p) => {
                    let p = p.display();
                    (
                        false,
                        crate::bilingual!(
                            "Bildschirmfoto gespeichert: {p}",
                            "Screenshot saved: {p}"
                        ),
                    )
                }
                Err(e) => (true, e),
            };
            self.state.apply(Command::Notify(error, text));
        }
    }

    /// Remember the author line for the next sessions.
    fn remember_author(&mut self, author: String) {
        self.export_dialog.layout.author = author.clone();
        self.settings.author = author;
        if let Some(p) = &self.settings_path
            && let Err(e) = self.settings.save(p)
        {
            let p = p.display();
            self.state.apply(Command::Notify(
                true,
                crate::bilingual!(
                    "Einstellungen nicht gespeichert: {e} ({p})",
                    "Settings not saved: {e} ({p})"
                ),
            ));
        }
    }

    /// The remembered settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    fn menu_action(
        &mut self,
        ui_ctx: &egui::Context,
        action: MenuAction,
        commands: &mut Vec<Command>,
    ) {
        match action {
            MenuAction::None => {}
            MenuAction::OpenDialog => self.ask_file(Purpose::Open),
            MenuAction::JoinTable => self.pick_table(),
            MenuAction::ToggleViews => self.show_views = !self.show_views,
            MenuAction::IndexWizard => self.index_ui.open_wizard(&self.state),
            MenuAction::IndexWindow => {
                self.bottom = Bottom::Index;
                self.show_views = true;
            }
            MenuAction::Export => self.export_dialog.open(&self.state, &self.settings.author),
            MenuAction::SaveProject if self.project_path.is_some() => {
                if let Some(p) = self.project_path.clone() {
                    let _ = self.save_project(&p);
                }
            }
            MenuAction::SaveProject | MenuAction::SaveProjectAs => self.ask_project_path(),
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
            MenuAction::Quit => self.request_quit(),
            MenuAction::Author(a) => self.remember_author(a),
        }
    }
}

impl SozialatlasApp {
    /// Ask for a table file on a worker thread; the join dialog opens when it arrives.
    fn pick_table(&mut self) {
        self.ask_file(Purpose::Table);
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
