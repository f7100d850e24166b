//! `sozialatlas tiles prefetch` (an offline package as MBTiles, with the same policy rule as the
//! window and progress on stderr) and `sozialatlas tiles info` (what an MBTiles file holds).

use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use super::EXIT_BAD_INPUT;
use crate::tiles::Source;
use crate::tiles::fetch::{FetchOptions, Fetcher};
use crate::tiles::mbtiles::MbTiles;
use crate::tiles::package::{Progress, download, plan};

/// How long one tile may take before the package moves on.
const TILE_DEADLINE: Duration = Duration::from_secs(15);

/// The catalogue source a template belongs to (so its policy applies), else a custom one;
/// see [`crate::tiles::policy`] for how hosts are compared.
pub fn source_for_template(template: &str, attribution: Option<&str>) -> Source {
    crate::tiles::policy::source_for_template(template, attribution, 19)
}

pub fn prefetch(
    url: &str,
    bbox: [f64; 4],
    zooms: (u8, u8),
    out: &std::path::Path,
    attribution: Option<&str>,
) -> ExitCode {
    if let Err(e) = crate::tiles::policy::check_template(url) {
        eprintln!("Fehler: {e}");
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    let source = source_for_template(url, attribution);
    let p = match plan(&source, bbox, zooms.0..=zooms.1) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("Fehler: {e}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    eprintln!(
        "{} Kacheln (Zoom {}–{}), geschätzt {} MB",
        p.tiles,
        p.min_zoom,
        p.max_zoom,
        p.estimated_bytes / 1_000_000
    );
    let fetcher = Fetcher::new(
        source.clone(),
        None,
        FetchOptions {
            timeout: Duration::from_secs(10),
            ..FetchOptions::default()
        },
    );
    let progress = Progress::default();
    let fetch = |key| {
        let r = fetcher
            .fetch_blocking(key, Instant::now() + TILE_DEADLINE)
            .ok_or_else(|| "nicht geladen".to_owned());
        let done = progress.done.load(std::sync::atomic::Ordering::Relaxed) + 1;
        if done % 50 == 0 || done == p.tiles {
            eprintln!("{done} / {} Kacheln", p.tiles);
        }
        r
    };
    match download(&source, &p, out, &progress, &fetch) {
        Ok(s) => {
            let _ = writeln!(
                std::io::stdout().lock(),
                "{}: {}",
                out.display(),
                s.to_text_de()
            );
            if s.failed > 0 && s.written + s.skipped == 0 {
                ExitCode::from(EXIT_BAD_INPUT)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("Fehler: {e}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

pub fn info(path: &std::path::Path) -> ExitCode {
    match MbTiles::open(path).and_then(|m| m.info()) {
        Ok(i) => {
            let _ = writeln!(std::io::stdout().lock(), "{}", i.to_text_de().trim_end());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("Fehler: {e}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}
