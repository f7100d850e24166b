//! Background loading: files are read on a worker thread and handed to the state between
//! frames; the first load fits the map, skipped features become a message, and a load can be
//! cancelled. Nothing here draws.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use super::{AppState, AreaStyle, LayerEntry, Message, MessageKind};
use crate::bilingual;
use crate::i18n::{Bilingual, Noun, Words};
use crate::io::{Cancel, LoadError, LoadProgress, Loaded, load_path};
use crate::model::Layer;

/// A running background load.
pub struct LoadJob {
    pub paths: Vec<PathBuf>,
    pub cancel: Cancel,
    receiver: Receiver<(PathBuf, Result<Loaded, LoadError>)>,
    remaining: usize,
    /// Fit the map to the data when done: the job started with no layer open.
    fit_when_done: bool,
}

impl AppState {
    pub(super) fn start_loading(&mut self, paths: Vec<PathBuf>) {
        let (paths, tables) = super::thematic::split_tables(dedupe_shapefile_parts(paths));
        self.pending_tables.extend(tables);
        if paths.is_empty() {
            // Only tables: join them to the layer that is open.
            self.join_pending();
            return;
        }
        if self.loading.is_some() {
            self.messages.push(Message {
                kind: MessageKind::Warning,
                text: Bilingual::new(
                    "Es wird noch geladen – bitte warten oder abbrechen.",
                    "Still loading – please wait or cancel.",
                ),
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
                text: bilingual!(
                    "Laden konnte nicht gestartet werden: {e}",
                    "Loading could not be started: {e}"
                ),
                report: None,
            }),
        }
    }

    /// Stop the running load at once: the window is free again immediately, open work is left
    /// as it was, and the worker drops what it read at its next check.
    pub(super) fn cancel_loading(&mut self) {
        let Some(job) = self.loading.take() else {
            return;
        };
        job.cancel.cancel();
        self.pending_tables.clear();
        let names: Vec<String> = job.paths.iter().map(|p| p.display().to_string()).collect();
        let names = names.join(", ");
        self.messages.push(Message {
            kind: MessageKind::Info,
            text: bilingual!("Laden abgebrochen: {names}", "Loading cancelled: {names}"),
            report: None,
        });
    }

    /// The progress of the running load, for the progress bar.
    pub fn loading_progress(&self) -> Option<LoadProgress> {
        self.loading.as_ref().map(|job| job.cancel.progress())
    }

    /// Take finished loads from the worker. Call once per frame. Returns true if anything changed.
    pub(super) fn poll_loading(&mut self) -> bool {
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
        if done {
            self.join_pending();
        }
        if done
            && let Some(job) = self.loading.take()
            && job.fit_when_done
        {
            self.request_fit(self.all_bbox());
        }
        changed
    }

    pub(super) fn finish_load(&mut self, path: &Path, result: Result<Loaded, LoadError>) {
        match result {
            Ok(loaded) => self.add_layer(path, loaded),
            Err(LoadError::Cancelled) => {
                let path = path.display();
                self.messages.push(Message {
                    kind: MessageKind::Info,
                    text: bilingual!("Laden abgebrochen: {path}", "Loading cancelled: {path}"),
                    report: None,
                })
            }
            Err(e) => self.messages.push(Message {
                kind: MessageKind::Error,
                text: e.bilingual(),
                report: None,
            }),
        }
    }

    fn add_layer(&mut self, path: &Path, loaded: Loaded) {
        let Loaded { layer, report } = loaded;
        // Metadata next to the data gives German labels (e.g. the sample's indikatoren_meta.csv).
        if let Some(dir) = path.parent() {
            let meta = dir.join(crate::model::conventions::INDICATOR_META_FILE);
            if meta.exists() {
                let _ = self.labels.read_metadata(&meta);
            }
        }
        if layer.is_empty() {
            self.messages.push(Message {
                kind: MessageKind::Error,
                text: nothing_loaded_text(path, &report),
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
                text: load_summary(&layer, &report),
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
            editions: Vec::new(),
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

/// The message after a load with skips or notes: "sozialraeume: 120 Objekte geladen, 2
/// übersprungen – 1 Hinweis im Ladebericht", named by the file it came from.
fn load_summary(layer: &Layer, report: &crate::io::report::LoadReport) -> Bilingual {
    let line = |english: bool| {
        let w = Words::new(english);
        let mut text = format!("{}: {}", layer.name(), report.summary(english));
        if !report.notes.is_empty() {
            text.push_str(&format!(
                " – {} {}",
                w.count_of(report.notes.len(), Noun::NOTE),
                w.pick("im Ladebericht", "in the load report")
            ));
        }
        text
    };
    Bilingual::new(line(false), line(true))
}

/// The message when a file gave no object: how many were skipped and why the first was, so
/// the planner learns the cause without a load report (there is no layer to show one for).
fn nothing_loaded_text(path: &Path, report: &crate::io::report::LoadReport) -> Bilingual {
    let line = |english: bool| {
        let w = Words::new(english);
        let file = w.quoted(&path.display().to_string());
        let skipped = w.number(report.skipped.len() as f64);
        let mut text = if english {
            format!("No feature could be loaded from {file} ({skipped} skipped).")
        } else {
            format!("Aus {file} konnte kein Objekt geladen werden ({skipped} übersprungen).")
        };
        if let Some(first) = report.skipped.first() {
            let same = report
                .skipped
                .iter()
                .filter(|s| s.reason == first.reason)
                .count();
            let reason = first.reason.text(english);
            if same == report.skipped.len() && same > 1 {
                text.push_str(&format!(
                    " {}: {reason}",
                    w.pick("Grund bei allen", "Reason for all")
                ));
            } else {
                text.push_str(&format!(
                    " {} ({} {}): {reason}",
                    w.pick("Grund beim ersten", "Reason for the first"),
                    w.pick("Objekt", "feature"),
                    first.index + 1
                ));
            }
        } else if let Some(note) = report.notes.first() {
            text.push_str(&format!(
                " {}: {}",
                w.pick("Hinweis", "Note"),
                note.text(english)
            ));
        }
        text
    };
    Bilingual::new(line(false), line(true))
}
