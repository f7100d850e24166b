//! A running export: pages built a few per frame (progress, cancel), then the file written on
//! a worker thread; the basemap's tiles added to each page.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use super::texts::texts;
use crate::export::content::PageTiles;
use crate::export::pdf::PdfMeta;
use crate::export::render::{Format, render};
use crate::export::scene::Page;
use crate::export::steckbrief::profile_page;
use crate::state::AppState;

/// A running export: pages still to build, then the file being written.
pub(super) struct Job {
    path: PathBuf,
    format: Format,
    dpi: f64,
    meta: PdfMeta,
    atlas: bool,
    pub(super) next: usize,
    pub(super) total: usize,
    pages: Vec<Page>,
    pub(super) writing: Option<Receiver<Result<usize, String>>>,
}

impl super::ExportDialog {
    /// Start exporting to `path` (after the save dialog).
    pub fn start(&mut self, state: &AppState, path: PathBuf) {
        let total = if self.atlas {
            state.steckbrief_count()
        } else {
            1
        };
        self.job = Some(Job {
            format: Format::from_path(&path).unwrap_or(self.format),
            path,
            dpi: self.dpi,
            meta: PdfMeta {
                title: self.layout.title.clone(),
                author: Some(self.layout.author.clone()).filter(|a| !a.is_empty()),
                subject: Some("Sozialatlas".to_owned()),
            },
            atlas: self.atlas,
            next: 0,
            total,
            pages: Vec::with_capacity(total),
            writing: None,
        });
    }

    /// One step of a running export: a few pages per frame, then the file on a worker.
    pub(super) fn step_job(
        &mut self,
        ctx: &egui::Context,
        state: &AppState,
        basemap: Option<&dyn PageTiles>,
    ) {
        let Some(mut job) = self.job.take() else {
            return;
        };
        ctx.request_repaint();
        if let Some(rx) = &job.writing {
            match rx.try_recv() {
                Ok(Ok(bytes)) => {
                    self.status = Some(format!(
                        "{}: {} ({} KB)",
                        texts(state.lang)[22],
                        job.path.display(),
                        state.lang.words().number((bytes / 1024) as f64)
                    ));
                }
                Ok(Err(e)) => self.status = Some(e),
                Err(std::sync::mpsc::TryRecvError::Empty) => self.job = Some(job),
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {}
            }
            return;
        }
        let started = std::time::Instant::now();
        while job.next < job.total && started.elapsed().as_millis() < 30 {
            let page = if job.atlas {
                state
                    .steckbrief(job.next, &self.layout)
                    .map(|p| profile_page(&p, &self.layout))
            } else {
                self.page(state, self.last_view, basemap, TILE_WAIT)
            };
            job.pages.extend(page);
            job.next += 1;
        }
        if job.next >= job.total {
            let w = state.lang.words();
            let cannot_write = w.pick(
                "Datei kann nicht geschrieben werden",
                "File cannot be written",
            );
            let (tx, rx) = channel();
            let pages = std::mem::take(&mut job.pages);
            let (format, dpi, meta, path) =
                (job.format, job.dpi, job.meta.clone(), job.path.clone());
            let spawned = std::thread::Builder::new()
                .name("export".to_owned())
                .spawn(move || {
                    let result = render(&pages, format, dpi, &meta).and_then(|bytes| {
                        crate::io::atomic::write_atomic(&path, &bytes)
                            .map(|()| bytes.len())
                            .map_err(|e| format!("{cannot_write} ({e}): {}", path.display()))
                    });
                    let _ = tx.send(result);
                });
            match spawned {
                Ok(_) => job.writing = Some(rx),
                Err(e) => {
                    self.status = Some(format!(
                        "{} ({e}).",
                        w.pick("Export nicht möglich", "Export not possible")
                    ));
                    return;
                }
            }
        }
        self.job = Some(job);
    }
}

/// How long an export waits for basemap tiles that are not cached yet.
const TILE_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// The basemap's tiles and attribution in an export.
pub(super) fn add_basemap(
    content: &mut crate::export::content::MapContent,
    basemap: Option<&dyn PageTiles>,
    layout: &crate::export::content::LayoutSettings,
    wait: std::time::Duration,
) {
    let Some(b) = basemap else { return };
    if b.is_off() {
        return;
    }
    let frame_w = layout.page_mm().0 * if layout.landscape { 0.68 } else { 0.92 };
    content.tiles = b.export_tiles(content.bbox, frame_w, wait);
    if !content.tiles.is_empty() {
        let basemap = crate::i18n::Words::new(content.english).pick("Hintergrundkarte", "Basemap");
        content
            .sources
            .push(format!("{basemap}: {}", b.attribution()));
    }
}
