//! `sozialatlas tiles prefetch` (an offline package as MBTiles, with the same policy rule as the
//! window and progress on stderr) and `sozialatlas tiles info` (what an MBTiles file holds).
//! The download, the policy and the MBTiles file are `crate::tiles`'; this module only reads the
//! options, reports progress and prints the summary.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::guard::parse_finite;
use super::{CliError, print_stdout};
use crate::tiles::Source;
use crate::tiles::fetch::{FetchOptions, Fetcher};
use crate::tiles::mbtiles::MbTiles;
use crate::tiles::package::{Progress, download, plan};

/// Options of `sozialatlas tiles`.
#[derive(clap::Args, Debug, Clone)]
pub struct TilesArgs {
    #[command(subcommand)]
    pub command: TilesCommand,
}

/// The subcommands of `sozialatlas tiles`.
#[derive(clap::Subcommand, Debug, Clone)]
pub enum TilesCommand {
    /// Kacheln eines Ausschnitts als MBTiles-Datei herunterladen (Offline-Paket)
    Prefetch {
        /// URL-Vorlage mit {z}, {x}, {y}
        #[arg(long)]
        url: String,
        /// Ausschnitt: MIN_LON,MIN_LAT,MAX_LON,MAX_LAT
        #[arg(long, value_delimiter = ',', allow_hyphen_values = true, value_parser = parse_finite)]
        bbox: Vec<f64>,
        /// Zoomstufen, z. B. 10-14
        #[arg(long, value_parser = parse_zooms)]
        zoom: (u8, u8),
        /// Ausgabedatei (.mbtiles); vorhandene Kacheln werden übersprungen (Fortsetzen)
        #[arg(long)]
        out: PathBuf,
        /// Namensnennung der Quelle
        #[arg(long)]
        attribution: Option<String>,
    },
    /// Zoomstufen, Kachelzahl, Ausdehnung und Namensnennung einer MBTiles-Datei
    Info { path: PathBuf },
}

/// `--zoom 10-14` (or one level): ascending, at most 22.
fn parse_zooms(s: &str) -> Result<(u8, u8), String> {
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    match (a.trim().parse::<u8>(), b.trim().parse::<u8>()) {
        (Ok(a), Ok(b)) if a <= b && b <= 22 => Ok((a, b)),
        _ => Err("erwartet z. B. 10-14 (aufsteigend, höchstens 22)".to_owned()),
    }
}

/// Run a `tiles` subcommand.
pub(super) fn run(command: TilesCommand) -> Result<(), CliError> {
    match command {
        TilesCommand::Prefetch {
            url,
            bbox,
            zoom,
            out,
            attribution,
        } => match bbox.as_slice() {
            [a, b, c, d] => prefetch(&url, [*a, *b, *c, *d], zoom, &out, attribution.as_deref()),
            _ => Err(CliError::Input(
                "--bbox braucht vier Zahlen MIN_LON,MIN_LAT,MAX_LON,MAX_LAT.".to_owned(),
            )),
        },
        TilesCommand::Info { path } => info(&path),
    }
}

/// How long one tile may take before the package moves on.
const TILE_DEADLINE: Duration = Duration::from_secs(15);

/// The catalogue source a template belongs to (so its policy applies), else a custom one;
/// see [`crate::tiles::policy`] for how hosts are compared.
pub fn source_for_template(template: &str, attribution: Option<&str>) -> Source {
    crate::tiles::policy::source_for_template(template, attribution, 19)
}

fn prefetch(
    url: &str,
    bbox: [f64; 4],
    zooms: (u8, u8),
    out: &std::path::Path,
    attribution: Option<&str>,
) -> Result<(), CliError> {
    crate::tiles::policy::check_template(url)?;
    let source = source_for_template(url, attribution);
    let p = plan(&source, bbox, zooms.0..=zooms.1)?;
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
    let s = download(&source, &p, out, &progress, &fetch)?;
    print_stdout(&format!("{}: {}", out.display(), s.to_text_de()));
    if s.failed > 0 && s.written + s.skipped == 0 {
        return Err(CliError::NoTileLoaded);
    }
    Ok(())
}

fn info(path: &std::path::Path) -> Result<(), CliError> {
    let i = MbTiles::open(path)
        .and_then(|m| m.info())
        .map_err(|e| CliError::Input(e.to_string()))?;
    print_stdout(i.to_text_de().trim_end());
    Ok(())
}
