//! The application state and the one place it changes: [`AppState::apply`].
//!
//! UI code reads `&AppState` and pushes [`Command`]s; `apply` carries them out and turns every
//! error into a German message for the user — errors are handled here, once. Loading files
//! runs on a worker thread (the `loading` submodule), so a large file never freezes a frame; it can be
//! cancelled.

mod analyses;
mod export;
mod index;
mod index_part;
mod loading;
mod project;
mod reach;
mod read;
mod reveal;
mod sample;
mod steckbrief;
mod thematic;
mod thematic_part;
mod tool;
mod workshop;
mod workshop_part;

pub use export::hypothetical_note;
pub use index::{IndexCommand, IndexMap, IndexRequest, IndexState};
pub use loading::LoadJob;
pub use reach::{
    Hypothetical, MAX_HYPOTHETICAL, NeedRule, ReachCommand, ReachState, column_prefix,
};
pub use sample::{sample_dir, sample_paths};
pub use thematic::{Thematic, edition_table, is_table_path};
pub use tool::MapTool;
pub use workshop::WorkshopCommand;

use std::path::PathBuf;

use std::collections::BTreeSet;

use crate::analysis::join::Edition;
use crate::analysis::thematic::ThematicSettings;
use crate::i18n::{Bilingual, Lang};
use crate::io::meta::FieldLabels;
use crate::io::{Cancel, LoadReport, load_path};
use crate::model::Layer;

pub type LayerId = u64;

/// The layer id of the aggregated areas of a class map (Stadtteile or Sozialrathäuser built
/// from the Sozialräume); a [`FeatureRef`] with it names a row of the map.
pub const LEVEL_LAYER: LayerId = LayerId::MAX;

/// How an area layer is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaStyle {
    /// Filled areas with thin outlines (Sozialräume).
    Fill,
    /// Thick outlines and names only (Stadtteile).
    Boundary,
}

#[derive(Debug, Clone)]
pub struct LayerEntry {
    pub id: LayerId,
    pub layer: Layer,
    pub report: LoadReport,
    pub visible: bool,
    pub style: AreaStyle,
    /// The distinct data sources named in the layer (`quelle`), for the attribution line.
    pub sources: Vec<String>,
    /// Indicator tables joined to an area layer, ordered by edition ("2022" before "2024").
    pub editions: Vec<Edition>,
}

impl LayerEntry {
    /// The layer's name as a person reads it ("Sozialräume", not the file stem
    /// "sozialraeume"), in the UI's language.
    pub fn display_name(&self, lang: Lang) -> String {
        crate::model::names::human_layer_name_in(self.layer.name(), lang == Lang::En)
    }
}

/// A feature of a layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureRef {
    pub layer: LayerId,
    pub feature: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageKind {
    Info,
    Warning,
    Error,
}

#[derive(Debug, Clone)]
pub struct Message {
    pub kind: MessageKind,
    /// In both languages: the window can switch after the message was made.
    pub text: Bilingual,
    /// The report behind the message, if any.
    pub report: Option<LayerId>,
}

/// Everything the user can ask for.
#[derive(Debug, Clone)]
pub enum Command {
    /// Load files in the background (the window).
    OpenPaths(Vec<PathBuf>),
    /// Load files at once (start-up, tests, the CLI); same result as the background load.
    LoadNow(Vec<PathBuf>),
    /// Take finished background loads (once per frame).
    PollLoading,
    CancelLoading,
    /// Open a project file's content in place of what is open (`path`: where it lies, for
    /// its relative file names).
    OpenProject {
        project: Box<crate::project::Project>,
        path: PathBuf,
    },
    SetVisible(LayerId, bool),
    SetAreaStyle(LayerId, AreaStyle),
    /// What a point layer stands for (Nachbarschaftsbüro, Kita …).
    SetFacilityKind(LayerId, crate::model::FacilityKind),
    RemoveLayer(LayerId),
    Select(Option<FeatureRef>),
    ZoomToLayer(LayerId),
    ZoomToSelection,
    ZoomToAll,
    ShowReport(Option<LayerId>),
    DismissMessage(usize),
    SetLanguage(Lang),
    /// Join a table file to an area layer by a key pair (layer field, table column).
    JoinTable {
        layer: LayerId,
        path: PathBuf,
        left_key: String,
        right_key: String,
    },
    /// Show (or recompute) the class map of a layer.
    SetThematic(LayerId, ThematicSettings),
    ClearThematic,
    /// Highlight these rows of the class map in every view.
    Brush(BTreeSet<usize>),
    SetScatterY(String),
    /// Open the join report of a layer's edition.
    ShowJoinReport(Option<(LayerId, usize)>),
    /// Compute, show or export the needs index.
    Index(IndexCommand),
    /// Reach analysis and hypothetical facilities.
    Reach(ReachCommand),
    /// Saved views, pins and area notes.
    Workshop(WorkshopCommand),
    /// Tell the user something (error when `true`).
    Notify(bool, Bilingual),
    /// What a click on the map does (one tool at a time).
    SetTool(MapTool),
    /// Select a feature from a list and bring it into view if it is not.
    SelectAndReveal(FeatureRef),
    /// Bring a row of the class map into view if it is not (the table's rows).
    RevealRow(usize),
}

pub struct AppState {
    pub(crate) layers: Vec<LayerEntry>,
    pub(crate) selection: Option<FeatureRef>,
    pub(crate) lang: Lang,
    pub(crate) labels: FieldLabels,
    pub(crate) messages: Vec<Message>,
    pub(crate) loading: Option<LoadJob>,
    /// A bounding box (lon/lat) the map should fit, with a request number so that asking
    /// for the same box twice fits twice.
    pub(crate) fit: Option<([f64; 4], u64)>,
    /// The layer whose load report is open.
    pub(crate) report_open: Option<LayerId>,
    /// The edition whose join report is open.
    pub(crate) join_open: Option<(LayerId, usize)>,
    /// The class map, the index, the reach analysis and the workshop: the registry of
    /// analyses.
    pub(crate) analyses: analyses::Analyses,
    /// The saved view shown last (for stepping to the next one).
    pub(crate) active_view: Option<usize>,
    /// The pending fit is a saved view: shown exactly and reached with a smooth move.
    pub(crate) fit_view: bool,
    /// What a click on the map does.
    pub(crate) tool: MapTool,
    /// A lon/lat box the map should bring into view when it is not, with a request number.
    pub(crate) reveal: Option<([f64; 4], u64)>,
    /// Counts the changes: every applied command that changes something raises it, so
    /// caches (the export preview, views) can tell a new state.
    revision: u64,
    /// Tables opened before an area layer to join them to was loaded.
    pending_tables: Vec<PathBuf>,
    level_layers: thematic::LevelLayers,
    next_id: LayerId,
}

impl Default for AppState {
    fn default() -> Self {
        Self {
            layers: Vec::new(),
            selection: None,
            lang: Lang::De,
            labels: FieldLabels::built_in(),
            messages: Vec::new(),
            loading: None,
            fit: None,
            report_open: None,
            join_open: None,
            analyses: Default::default(),
            active_view: None,
            fit_view: false,
            tool: MapTool::Select,
            reveal: None,
            revision: 0,
            pending_tables: Vec::new(),
            level_layers: Default::default(),
            next_id: 1,
        }
    }
}

impl AppState {
    pub fn layer(&self, id: LayerId) -> Option<&LayerEntry> {
        self.layers.iter().find(|l| l.id == id)
    }

    /// Carry out a command: the one place the state changes. Raises the revision when
    /// something changed (polling without news leaves it).
    pub fn apply(&mut self, command: Command) {
        if matches!(command, Command::PollLoading) {
            if self.poll_loading() {
                self.revision += 1;
            }
            return;
        }
        self.revision += 1;
        match command {
            Command::OpenPaths(paths) => self.start_loading(paths),
            Command::LoadNow(paths) => self.load_now(&paths),
            Command::PollLoading => {}
            Command::OpenProject { project, path } => self.open_project(&project, &path),
            Command::CancelLoading => self.cancel_loading(),
            Command::SetVisible(id, visible) => {
                if let Some(l) = self.layers.iter_mut().find(|l| l.id == id) {
                    l.visible = visible;
                }
            }
            Command::SetAreaStyle(id, style) => {
                if let Some(l) = self.layers.iter_mut().find(|l| l.id == id) {
                    l.style = style;
                }
            }
            Command::SetFacilityKind(id, kind) => {
                if let Some(Layer::Facilities(f)) = self
                    .layers
                    .iter_mut()
                    .find(|l| l.id == id)
                    .map(|l| &mut l.layer)
                {
                    f.kind = kind;
                }
            }
            Command::RemoveLayer(id) => {
                // Every analysis forgets what refers to the layer (the registry's loop).
                if let Some(p) = self.position(id) {
                    for part in self.analyses.parts_mut() {
                        part.on_layer_removed(id, p);
                    }
                }
                self.layers.retain(|l| l.id != id);
                self.level_layers.retain(|(l, _), _| *l != id);
                if self.join_open.is_some_and(|(l, _)| l == id) {
                    self.join_open = None;
                }
                if self.selection.is_some_and(|s| s.layer == id) {
                    self.selection = None;
                }
                if self.report_open == Some(id) {
                    self.report_open = None;
                }
            }
            Command::Select(Some(s)) if s.layer == LEVEL_LAYER => {
                self.selection = None;
                self.brush([s.feature].into_iter().collect());
            }
            Command::Select(sel) => {
                self.selection = sel;
                let brushed = match (&self.analyses.thematic, sel) {
                    (Some(t), Some(s)) if s.layer == t.layer => t.view.row_of_base(s.feature),
                    _ => None,
                };
                if self.analyses.thematic.is_some() {
                    self.brush(brushed.into_iter().collect());
                }
            }
            Command::ZoomToLayer(id) => {
                let bbox = self.layer(id).and_then(|l| l.layer.bbox());
                self.request_fit(bbox);
            }
            Command::ZoomToSelection => {
                let bbox = self.selection.and_then(|s| self.feature_bbox(s));
                self.request_fit(bbox);
            }
            Command::ZoomToAll => self.request_fit(self.all_bbox()),
            Command::ShowReport(id) => self.report_open = id,
            Command::DismissMessage(i) => {
                if i < self.messages.len() {
                    self.messages.remove(i);
                }
            }
            Command::SetLanguage(lang) => self.lang = lang,
            Command::JoinTable {
                layer,
                path,
                left_key,
                right_key,
            } => self.join_table(layer, &path, &left_key, &right_key, true),
            Command::SetThematic(layer, settings) => {
                // Choosing an indicator brings its map back in place of the index.
                if let Some(ix) = &mut self.analyses.index {
                    ix.map = None;
                }
                self.set_thematic(layer, settings);
            }
            Command::ClearThematic => self.analyses.thematic = None,
            Command::Brush(rows) => self.brush(rows),
            Command::SetScatterY(field) => {
                if let Some(t) = &mut self.analyses.thematic {
                    t.scatter_y = Some(field);
                }
            }
            Command::ShowJoinReport(which) => self.join_open = which,
            Command::Index(c) => self.apply_index(c),
            Command::Reach(c) => self.apply_reach(c),
            Command::Workshop(c) => self.apply_workshop(c),
            Command::Notify(error, text) => self.messages.push(Message {
                kind: if error {
                    MessageKind::Error
                } else {
                    MessageKind::Info
                },
                text,
                report: None,
            }),
            Command::SetTool(tool) => self.set_tool(tool),
            Command::SelectAndReveal(f) => {
                self.apply(Command::Select(Some(f)));
                self.request_reveal(self.reveal_bbox(f));
            }
            Command::RevealRow(row) => self.request_reveal(self.row_bbox(row)),
        }
        self.check_tool();
    }

    /// Load files synchronously (start-up, tests, CLI-like use); same result as the worker.
    fn load_now(&mut self, paths: &[PathBuf]) {
        let (paths, tables) = thematic::split_tables(paths.to_vec());
        self.pending_tables.extend(tables);
        for path in &paths {
            let result = load_path(path, &Cancel::default());
            self.finish_load(path, result);
        }
        self.join_pending();
        self.request_fit(self.all_bbox());
    }

    pub(crate) fn request_fit(&mut self, bbox: Option<[f64; 4]>) {
        if let Some(b) = bbox {
            let n = self.fit.map_or(1, |(_, n)| n + 1);
            self.fit = Some((b, n));
            self.fit_view = false;
        }
    }

    /// Whether any visible layer carries invented data.
    pub fn shows_fictitious(&self) -> bool {
        self.layers
            .iter()
            .any(|l| l.visible && l.layer.fictitious())
    }
}
