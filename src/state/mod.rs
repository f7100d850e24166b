//! The application state and the one place it changes: [`AppState::apply`].
//!
//! UI code reads `&AppState` and pushes [`Command`]s; `apply` carries them out and turns every
//! error into a German message for the user — errors are handled here, once. Loading files
//! runs on a worker thread (the `loading` submodule), so a large file never freezes a frame; it can be
//! cancelled.

mod loading;

pub use loading::LoadJob;

use std::path::PathBuf;

use crate::i18n::Lang;
use crate::io::meta::FieldLabels;
use crate::io::{Cancel, LoadReport, load_path};
use crate::model::Layer;

pub type LayerId = u64;

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
    pub text: String,
    /// The report behind the message, if any.
    pub report: Option<LayerId>,
}

/// Everything the user can ask for.
#[derive(Debug, Clone)]
pub enum Command {
    OpenPaths(Vec<PathBuf>),
    CancelLoading,
    SetVisible(LayerId, bool),
    SetAreaStyle(LayerId, AreaStyle),
    RemoveLayer(LayerId),
    Select(Option<FeatureRef>),
    ZoomToLayer(LayerId),
    ZoomToSelection,
    ZoomToAll,
    ShowReport(Option<LayerId>),
    DismissMessage(usize),
    SetLanguage(Lang),
}

pub struct AppState {
    pub layers: Vec<LayerEntry>,
    pub selection: Option<FeatureRef>,
    pub lang: Lang,
    pub labels: FieldLabels,
    pub messages: Vec<Message>,
    pub loading: Option<LoadJob>,
    /// A bounding box (lon/lat) the map should fit, with a request number so that asking
    /// for the same box twice fits twice.
    pub fit: Option<([f64; 4], u64)>,
    /// The layer whose load report is open.
    pub report_open: Option<LayerId>,
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
            next_id: 1,
        }
    }
}

impl AppState {
    pub fn layer(&self, id: LayerId) -> Option<&LayerEntry> {
        self.layers.iter().find(|l| l.id == id)
    }

    pub fn apply(&mut self, command: Command) {
        match command {
            Command::OpenPaths(paths) => self.start_loading(paths),
            Command::CancelLoading => {
                if let Some(job) = &self.loading {
                    job.cancel.cancel();
                }
            }
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
            Command::RemoveLayer(id) => {
                self.layers.retain(|l| l.id != id);
                if self.selection.is_some_and(|s| s.layer == id) {
                    self.selection = None;
                }
                if self.report_open == Some(id) {
                    self.report_open = None;
                }
            }
            Command::Select(sel) => self.selection = sel,
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
        }
    }

    /// Load files synchronously (start-up, tests, CLI-like use); same result as the worker.
    pub fn load_now(&mut self, paths: &[PathBuf]) {
        for path in paths {
            let result = load_path(path, &Cancel::default());
            self.finish_load(path, result);
        }
        self.request_fit(self.all_bbox());
    }

    pub(crate) fn request_fit(&mut self, bbox: Option<[f64; 4]>) {
        if let Some(b) = bbox {
            let n = self.fit.map_or(1, |(_, n)| n + 1);
            self.fit = Some((b, n));
        }
    }

    pub fn feature_bbox(&self, s: FeatureRef) -> Option<[f64; 4]> {
        use geo::BoundingRect;
        match &self.layer(s.layer)?.layer {
            Layer::Areas(l) => l
                .areas
                .get(s.feature)?
                .geometry
                .bounding_rect()
                .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y]),
            Layer::Facilities(l) => {
                let p = l.facilities.get(s.feature)?.position;
                Some([p.x() - 0.004, p.y() - 0.003, p.x() + 0.004, p.y() + 0.003])
            }
        }
    }

    /// The extent of all area layers (of all layers when there are only points).
    pub fn all_bbox(&self) -> Option<[f64; 4]> {
        let has_areas = self
            .layers
            .iter()
            .any(|l| matches!(l.layer, Layer::Areas(_)));
        self.layers
            .iter()
            .filter(|l| !has_areas || matches!(l.layer, Layer::Areas(_)))
            .filter_map(|l| l.layer.bbox())
            .reduce(|a, b| {
                [
                    a[0].min(b[0]),
                    a[1].min(b[1]),
                    a[2].max(b[2]),
                    a[3].max(b[3]),
                ]
            })
    }

    /// Whether any visible layer carries invented data.
    pub fn shows_fictitious(&self) -> bool {
        self.layers
            .iter()
            .any(|l| l.visible && l.layer.fictitious())
    }
}

/// The bundled Frankfurt sample: where it is and which files open at start.
pub fn sample_dir() -> PathBuf {
    let local = PathBuf::from("sample-data");
    if local.join("sozialraeume.geojson").exists() {
        local
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data")
    }
}

pub fn sample_paths() -> Vec<PathBuf> {
    let dir = sample_dir();
    [
        "sozialraeume.geojson",
        "stadtteile.geojson",
        "sozialrathaeuser.geojson",
        "nachbarschaftsbueros.geojson",
        "oepnv_haltestellen.geojson",
    ]
    .iter()
    .map(|f| dir.join(f))
    .collect()
}
