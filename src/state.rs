//! The application state and the one place it changes: [`AppState::apply`].
//!
//! UI code reads `&AppState` and pushes [`Command`]s; `apply` carries them out and turns every
//! error into a German message for the user — errors are handled here, once. Loading files
//! runs on a worker thread, so a large file never freezes a frame; it can be cancelled.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::i18n::Lang;
use crate::io::meta::FieldLabels;
use crate::io::{Cancel, LoadError, LoadReport, Loaded, load_path};
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

/// A running background load.
pub struct LoadJob {
    pub paths: Vec<PathBuf>,
    pub cancel: Cancel,
    receiver: Receiver<(PathBuf, Result<Loaded, LoadError>)>,
    remaining: usize,
    /// Fit the map to the data when done: the job started with no layer open.
    fit_when_done: bool,
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

    fn request_fit(&mut self, bbox: Option<[f64; 4]>) {
        if let Some(b) = bbox {
            let n = self.fit.map_or(1, |(_, n)| n + 1);
            self.fit = Some((b, n));
        }
    }

    fn start_loading(&mut self, paths: Vec<PathBuf>) {
        let paths = dedupe_shapefile_parts(paths);
        if paths.is_empty() {
            return;
        }
        if self.loading.is_some() {
            self.messages.push(Message {
                kind: MessageKind::Warning,
                text: "Es wird noch geladen – bitte warten oder abbrechen.".to_owned(),
                report: None,
            });
            return;
        }
        let (tx, rx) = channel();
        let cancel = Cancel::default();
        let worker_cancel = cancel.clone();
        let worker_paths = paths.clone();
        let spawned = std::thread::Builder::new()
            .name("laden".to_owned())
            .spawn(move || {
                for path in worker_paths {
                    let result = load_path(&path, &worker_cancel);
                    if tx.send((path, result)).is_err() {
                        break;
                    }
                }
            });
        match spawned {
            Ok(_) => {
                self.loading = Some(LoadJob {
                    fit_when_done: self.layers.is_empty(),
                    remaining: paths.len(),
                    paths,
                    cancel,
                    receiver: rx,
                })
            }
            Err(e) => self.messages.push(Message {
                kind: MessageKind::Error,
                text: format!("Laden konnte nicht gestartet werden: {e}"),
                report: None,
            }),
        }
    }

    /// Take finished loads from the worker. Call once per frame. Returns true if anything changed.
    pub fn poll_loading(&mut self) -> bool {
        let mut finished = Vec::new();
        let mut done = false;
        if let Some(job) = &mut self.loading {
            loop {
                match job.receiver.try_recv() {
                    Ok(result) => {
                        job.remaining = job.remaining.saturating_sub(1);
                        finished.push(result);
                    }
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        done = true;
                        break;
                    }
                }
            }
            done |= job.remaining == 0;
        }
        let changed = !finished.is_empty() || done;
        for (path, result) in finished {
            self.finish_load(&path, result);
        }
        if done
            && let Some(job) = self.loading.take()
            && job.fit_when_done
        {
            self.request_fit(self.all_bbox());
        }
        changed
    }

    fn finish_load(&mut self, path: &Path, result: Result<Loaded, LoadError>) {
        match result {
            Ok(loaded) => self.add_layer(path, loaded),
            Err(LoadError::Cancelled) => self.messages.push(Message {
                kind: MessageKind::Info,
                text: format!("Laden abgebrochen: {}", path.display()),
                report: None,
            }),
            Err(e) => self.messages.push(Message {
                kind: MessageKind::Error,
                text: e.to_string(),
                report: None,
            }),
        }
    }

    fn add_layer(&mut self, path: &Path, loaded: Loaded) {
        let Loaded { layer, report } = loaded;
        // Metadata next to the data gives German labels (e.g. the sample's indikatoren_meta.csv).
        if let Some(dir) = path.parent() {
            let meta = dir.join("indikatoren_meta.csv");
            if meta.exists() {
                let _ = self.labels.read_metadata(&meta);
            }
        }
        if layer.is_empty() {
            self.messages.push(Message {
                kind: MessageKind::Error,
                text: format!(
                    "Aus „{}“ konnte kein Objekt geladen werden ({} übersprungen).",
                    path.display(),
                    report.skipped.len()
                ),
                report: None,
            });
            return;
        }
        let id = self.next_id;
        self.next_id += 1;
        let lower = layer.name().to_lowercase();
        let style = if lower.contains("stadtteil") || lower.contains("grenze") {
            AreaStyle::Boundary
        } else {
            AreaStyle::Fill
        };
        if !report.skipped.is_empty() || !report.notes.is_empty() {
            let kind = if report.skipped.is_empty() {
                MessageKind::Info
            } else {
                MessageKind::Warning
            };
            self.messages.push(Message {
                kind,
                text: format!("{}: {}", layer.name(), report.summary_de()),
                report: Some(id),
            });
        }
        // Stops are many small dots: hidden at first, one click away.
        let visible = !matches!(
            &layer,
            Layer::Facilities(f) if f.kind == crate::model::FacilityKind::Haltestelle
        );
        // Draw order: fills first, boundaries over them, points on top.
        let sources = layer_sources(&layer);
        let entry = LayerEntry {
            id,
            layer,
            report,
            visible,
            style,
            sources,
        };
        let rank = |e: &LayerEntry| match (&e.layer, e.style) {
            (Layer::Areas(_), AreaStyle::Fill) => 0,
            (Layer::Areas(_), AreaStyle::Boundary) => 1,
            (Layer::Facilities(_), _) => 2,
        };
        let pos = self
            .layers
            .iter()
            .position(|l| rank(l) > rank(&entry))
            .unwrap_or(self.layers.len());
        self.layers.insert(pos, entry);
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

    pub fn all_bbox(&self) -> Option<[f64; 4]> {
        self.layers
            .iter()
            .filter(|l| matches!(l.layer, Layer::Areas(_)))
            .chain(self.layers.iter().filter(|_| {
                !self
                    .layers
                    .iter()
                    .any(|l| matches!(l.layer, Layer::Areas(_)))
            }))
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

/// The distinct `quelle` values of a layer (the sample names one per feature), at most three.
fn layer_sources(layer: &Layer) -> Vec<String> {
    let Some(i) = layer.schema().index_of("quelle") else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for f in 0..layer.len() {
        if let Some(v) = layer
            .values(f)
            .and_then(|v| v.get(i))
            .and_then(|v| v.as_text())
            && !out.iter().any(|o| o == v)
        {
            out.push(v.to_owned());
            if out.len() >= 3 {
                break;
            }
        }
    }
    out
}

/// Several parts of one shapefile (.shp, .dbf, .prj dropped together) load once.
fn dedupe_shapefile_parts(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    for p in paths {
        let ext = p
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .unwrap_or_default();
        let p = if matches!(ext.as_str(), "dbf" | "shx" | "prj" | "cpg") {
            p.with_extension("shp")
        } else {
            p
        };
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
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
