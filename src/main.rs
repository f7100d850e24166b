//! The `sozialatlas` binary: without a subcommand it opens the window (on the bundled
//! Frankfurt sample, or on the files given); `info` prints a file's load report.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "sozialatlas",
    version,
    about = "Sozialatlas – Desktop-GIS für die Sozialraumanalyse",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Commands>,
    /// Dateien, die im Fenster geöffnet werden (ohne Angabe: das Frankfurter Beispiel)
    files: Vec<PathBuf>,
    /// Ohne Hintergrundkarte starten (keine Netzwerkzugriffe)
    #[arg(long)]
    no_tiles: bool,
}

#[derive(Subcommand)]
enum Commands {
    /// Ladebericht einer Datei ausgeben (GeoJSON, Shapefile, CSV)
    Info {
        /// Die zu prüfende Datei
        path: PathBuf,
        /// Als JSON ausgeben
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Commands::Info { path, json }) => sozialatlas::cli::info(&path, json),
        None => {
            let config = sozialatlas::app::AppConfig {
                tiles: !cli.no_tiles,
                paths: cli.files,
                background_loading: true,
            };
            match sozialatlas::app::run(config) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("Fehler: Das Fenster konnte nicht geöffnet werden ({e}).");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
