//! The basemap in the window: the "Hintergrundkarte" submenu (sources, an own XYZ source, an
//! MBTiles file, the offline switch, retry, cache size and clearing) and the
//! "Offline-Paket erstellen" window (count and size first, then download with progress and
//! cancel; resumable).

use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use egui::{DragValue, RichText, Ui};

use crate::i18n::Lang;
use crate::tiles::fetch::{FetchOptions, FetchState, Fetcher};
use crate::tiles::package::{Plan, Progress, Summary, download, plan};
use crate::tiles::{Source, SourceKind};

/// What the basemap menu shows.
#[derive(Debug, Clone, Default)]
pub struct BasemapInfo {
    pub source: Option<Source>,
    pub manual_offline: bool,
    pub state: Option<FetchState>,
    pub failures: u64,
    pub last_error: Option<String>,
    pub cache_bytes: Option<u64>,
    /// The cache's size limit in MB.
    pub cache_limit_mb: u64,
}

/// What the user asked for in the basemap menu.
#[derive(Debug, Clone, PartialEq)]
pub enum BasemapAction {
    None,
    Source(Source),
    OpenMbTiles,
    Offline(bool),
    Retry,
    ClearCache,
    Package,
    Custom,
    CacheLimit(u64),
}

struct T {
    menu: &'static str,
    custom: &'static str,
    mbtiles: &'static str,
    offline: &'static str,
    retry: &'static str,
    cache: &'static str,
    clear: &'static str,
    limit: &'static str,
    package: &'static str,
    failures: &'static str,
}

fn t(lang: Lang) -> T {
    match lang {
        Lang::De => T {
            menu: "Hintergrundkarte",
            custom: "Eigene Quelle (XYZ)…",
            mbtiles: "MBTiles-Datei öffnen…",
            offline: "Offline arbeiten (keine Netzzugriffe)",
            retry: "Erneut verbinden",
            cache: "Zwischenspeicher",
            clear: "Zwischenspeicher leeren",
            limit: "Obergrenze (MB)",
            package: "Offline-Paket erstellen…",
            failures: "Fehlversuche",
        },
        Lang::En => T {
            menu: "Basemap",
            custom: "Custom source (XYZ)…",
            mbtiles: "Open MBTiles file…",
            offline: "Work offline (no network access)",
            retry: "Reconnect",
            cache: "Cache",
            clear: "Clear cache",
            limit: "Limit (MB)",
            package: "Create offline package…",
            failures: "failed requests",
        },
    }
}

/// The "Hintergrundkarte" submenu.
pub fn menu(ui: &mut Ui, lang: Lang, info: &BasemapInfo) -> BasemapAction {
    let t = t(lang);
    let mut action = BasemapAction::None;
    ui.menu_button(t.menu, |ui| {
        let current = info.source.as_ref().map(|s| s.id.clone());
        for s in Source::catalogue() {
            if ui
                .radio(current.as_deref() == Some(s.id.as_str()), s.name.clone())
                .clicked()
            {
                action = BasemapAction::Source(s);
            }
        }
        if let Some(s) = &info.source
            && !Source::catalogue().iter().any(|c| c.id == s.id)
        {
            let _ = ui.radio(true, s.name.clone());
        }
        if ui.button(t.custom).clicked() {
            action = BasemapAction::Custom;
        }
        if ui.button(t.mbtiles).clicked() {
            action = BasemapAction::OpenMbTiles;
        }
        ui.separator();
        let mut offline = info.manual_offline;
        if ui.checkbox(&mut offline, t.offline).changed() {
            action = BasemapAction::Offline(offline);
        }
        if matches!(info.state, Some(FetchState::Offline { auto: true }))
            && ui.button(t.retry).clicked()
        {
            action = BasemapAction::Retry;
        }
        if info.failures > 0 {
            ui.label(RichText::new(format!("{}: {}", t.failures, info.failures)).small());
        }
        if let Some(e) = &info.last_error {
            ui.label(RichText::new(e).small().weak());
        }
        ui.separator();
        if let Some(b) = info.cache_bytes {
            ui.label(format!(
                "{}: {} MB",
                t.cache,
                lang.words().fixed(b as f64 / 1_000_000.0, 1)
            ));
        }
        ui.horizontal(|ui| {
            let l = ui.label(t.limit);
            let mut limit = info.cache_limit_mb;
            if ui
                .add(DragValue::new(&mut limit).range(50..=20_000).speed(10))
                .labelled_by(l.id)
                .changed()
            {
                action = BasemapAction::CacheLimit(limit);
            }
        });
        if ui.button(t.clear).clicked() {
            action = BasemapAction::ClearCache;
        }
        if ui.button(t.package).clicked() {
            action = BasemapAction::Package;
        }
    });
    action
}

/// A running offline-package download.
struct Download {
    progress: Arc<Progress>,
    total: u64,
    done: Receiver<Result<Summary, String>>,
}

/// The own-source and offline-package windows.
#[derive(Default)]
pub struct BasemapUi {
    pub custom_open: bool,
    template: String,
    attribution: String,
    max_zoom: u8,
    pub package_open: bool,
    min_zoom: u8,
    pkg_max_zoom: u8,
    whole_city: bool,
    download: Option<Download>,
    pub status: Option<String>,
}

/// What the windows ask of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum WindowAction {
    None,
    UseSource(Source),
    /// Ask for the package file, then call [`BasemapUi::start`].
    SavePackage,
}

impl BasemapUi {
    pub fn open_package(&mut self) {
        self.package_open = true;
        if self.pkg_max_zoom == 0 {
            (self.min_zoom, self.pkg_max_zoom, self.whole_city) = (10, 14, true);
        }
    }

    pub fn open_custom(&mut self) {
        self.custom_open = true;
        if self.max_zoom == 0 {
            self.max_zoom = 18;
        }
    }

    /// The box a package covers.
    pub fn package_bbox(&self, view: Option<[f64; 4]>, all: Option<[f64; 4]>) -> Option<[f64; 4]> {
        if self.whole_city {
            all.or(view)
        } else {
            view.or(all)
        }
    }

    pub fn plan(&self, source: &Source, bbox: Option<[f64; 4]>) -> Result<Plan, String> {
        let b = bbox.ok_or_else(|| "Kein Ausschnitt.".to_owned())?;
        plan(source, b, self.min_zoom..=self.pkg_max_zoom)
    }

    pub fn show(
        &mut self,
        ctx: &egui::Context,
        lang: Lang,
        source: Option<&Source>,
        bbox: Option<[f64; 4]>,
    ) -> WindowAction {
        let mut action = WindowAction::None;
        let de = lang == Lang::De;
        if self.custom_open {
            let mut open = true;
            egui::Window::new(if de {
                "Eigene Kartenquelle"
            } else {
                "Custom source"
            })
            .open(&mut open)
            .show(ctx, |ui| {
                let l = ui.label(if de {
                    "URL-Vorlage mit {z}, {x}, {y}"
                } else {
                    "URL template with {z}, {x}, {y}"
                });
                ui.text_edit_singleline(&mut self.template)
                    .labelled_by(l.id);
                let l = ui.label(if de { "Namensnennung" } else { "Attribution" });
                ui.text_edit_singleline(&mut self.attribution)
                    .labelled_by(l.id);
                let l = ui.label(if de {
                    "Höchste Zoomstufe"
                } else {
                    "Maximum zoom"
                });
                ui.add(DragValue::new(&mut self.max_zoom).range(1..=22))
                    .labelled_by(l.id);
                let problem = crate::tiles::policy::check_template(&self.template).err();
                if let Some(p) = problem
                    .as_ref()
                    .filter(|_| !self.template.trim().is_empty())
                {
                    ui.label(p.as_str());
                }
                let ok = problem.is_none() && !self.attribution.trim().is_empty();
                if ui
                    .add_enabled(ok, egui::Button::new(if de { "Verwenden" } else { "Use" }))
                    .clicked()
                {
                    // A template of a catalogue provider keeps that provider's policy.
                    let mut source = crate::tiles::policy::source_for_template(
                        &self.template,
                        Some(&self.attribution),
                        self.max_zoom,
                    );
                    source.max_zoom = source.max_zoom.min(self.max_zoom);
                    action = WindowAction::UseSource(source);
                    self.custom_open = false;
                }
            });
            self.custom_open &= open;
        }
        if self.package_open {
            self.poll(!de);
            let mut open = true;
            egui::Window::new(if de {
                "Offline-Paket erstellen"
            } else {
                "Create offline package"
            })
            .open(&mut open)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.radio_value(
                        &mut self.whole_city,
                        true,
                        if de { "ganze Stadt" } else { "whole city" },
                    );
                    ui.radio_value(
                        &mut self.whole_city,
                        false,
                        if de {
                            "aktuelle Ansicht"
                        } else {
                            "current view"
                        },
                    );
                });
                ui.horizontal(|ui| {
                    let l = ui.label(if de { "Zoomstufen" } else { "Zoom levels" });
                    ui.add(DragValue::new(&mut self.min_zoom).range(0..=20))
                        .labelled_by(l.id);
                    ui.add(DragValue::new(&mut self.pkg_max_zoom).range(0..=20))
                        .labelled_by(l.id);
                });
                let none = if de {
                    "Keine Kartenquelle."
                } else {
                    "No map source."
                };
                let planned = source.map_or(Err(none.to_owned()), |s| self.plan(s, bbox));
                match &planned {
                    Ok(p) => {
                        let w = lang.words();
                        ui.label(format!(
                            "{}, {} ≈ {} MB",
                            w.count_of(
                                usize::try_from(p.tiles).unwrap_or(usize::MAX),
                                crate::i18n::Noun::TILE
                            ),
                            if de { "geschätzt" } else { "estimated" },
                            w.fixed(p.estimated_bytes as f64 / 1e6, 0)
                        ));
                    }
                    Err(e) => {
                        ui.colored_label(egui::Color32::from_rgb(0xB0, 0x3A, 0x2E), e);
                    }
                }
                match &self.download {
                    Some(d) => {
                        let done = d.progress.done.load(std::sync::atomic::Ordering::Relaxed);
                        ui.add(
                            egui::ProgressBar::new(done as f32 / d.total.max(1) as f32)
                                .text(format!("{done} / {}", d.total)),
                        );
                        if ui.button(if de { "Abbrechen" } else { "Cancel" }).clicked() {
                            d.progress.cancel();
                        }
                        ctx.request_repaint_after(std::time::Duration::from_millis(200));
                    }
                    None => {
                        if ui
                            .add_enabled(
                                planned.is_ok(),
                                egui::Button::new(if de {
                                    "Herunterladen…"
                                } else {
                                    "Download…"
                                }),
                            )
                            .clicked()
                        {
                            action = WindowAction::SavePackage;
                        }
                    }
                }
                if let Some(s) = &self.status {
                    ui.label(s);
                }
            });
            self.package_open &= open;
        }
        action
    }

    /// Start downloading the planned package into `path` on a worker thread.
    pub fn start(&mut self, source: &Source, bbox: Option<[f64; 4]>, path: std::path::PathBuf) {
        let p = match self.plan(source, bbox) {
            Ok(p) => p,
            Err(e) => {
                self.status = Some(e);
                return;
            }
        };
        let progress = Arc::new(Progress::default());
        let (tx, rx) = channel();
        let (source, shared) = (source.clone(), progress.clone());
        let spawned = std::thread::Builder::new()
            .name("offline-paket".to_owned())
            .spawn(move || {
                let fetcher = Fetcher::new(source.clone(), None, FetchOptions::default());
                let fetch = |key| {
                    fetcher
                        .fetch_blocking(
                            key,
                            std::time::Instant::now() + std::time::Duration::from_secs(15),
                        )
                        .ok_or_else(|| "nicht geladen".to_owned())
                };
                let _ = tx.send(download(&source, &p, &path, &shared, &fetch));
            });
        if spawned.is_ok() {
            self.status = None;
            self.download = Some(Download {
                progress,
                total: p.tiles,
                done: rx,
            });
        }
    }

    fn poll(&mut self, english: bool) {
        let Some(d) = &self.download else { return };
        match d.done.try_recv() {
            Ok(Ok(s)) => {
                self.status = Some(s.to_text(english));
                self.download = None;
            }
            Ok(Err(e)) => {
                self.status = Some(e);
                self.download = None;
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
            Err(std::sync::mpsc::TryRecvError::Disconnected) => self.download = None,
        }
    }
}

/// Whether a path is an MBTiles basemap (opened as the map's background, not as a layer).
pub fn is_mbtiles(p: &std::path::Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("mbtiles"))
}

/// The source of an MBTiles file.
pub fn mbtiles_source(path: &std::path::Path) -> Source {
    let meta = crate::tiles::mbtiles::MbTiles::open(path)
        .ok()
        .map(|m| m.meta());
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Source {
        id: format!("mbtiles-{name}"),
        name: format!("MBTiles: {name}"),
        kind: SourceKind::MbTiles {
            path: path.to_path_buf(),
        },
        attribution: meta
            .as_ref()
            .map(|m| m.attribution.clone())
            .unwrap_or_default(),
        attribution_url: String::new(),
        min_zoom: meta.as_ref().and_then(|m| m.min_zoom).unwrap_or(0),
        max_zoom: meta.as_ref().and_then(|m| m.max_zoom).unwrap_or(18),
        bulk_download: false,
    }
}
