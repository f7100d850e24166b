//! The command line: the clap model ([`Cli`], [`Commands`]; each command's options live beside
//! its code) and [`run`], which opens the window or runs one headless command. The commands
//! call the same core as the window (`io`, `analysis`, `export`, `state`) and print German
//! messages; every failure comes back as a [`CliError`], printed once here as "Fehler: …" and
//! ended with the command's exit code (2 for bad input). Nothing in this module computes an
//! analysis or writes CSV itself — CSV goes through `crate::io::csv_out`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod args;
mod classify;
mod error;
mod export;
pub mod guard;
mod index;
mod index_input;
mod info;
mod reach;
mod reach_out;
mod tiles;
mod window;

pub use args::{CsvDialectArg, JoinArgs};
pub use classify::{ClassifyArgs, PrivacyArgs, classify, classify_view};
pub use error::{CliError, EXIT_BAD_INPUT};
pub use export::{ExportArgs, export, export_state, layout_of, pages};
pub use index::{IndexArgs, index, settings_of};
pub use index_input::{IndexRun, compute_run};
pub use info::{InfoArgs, info};
pub use reach::{MAX_K, ReachArgs, ReachRun, compute_reach, reach};
pub use tiles::{TilesArgs, TilesCommand, source_for_template};

/// The command line of the `sozialatlas` binary.
#[derive(Parser, Debug)]
#[command(
    name = "sozialatlas",
    version,
    about = "Sozialatlas – Desktop-GIS für die Sozialraumanalyse",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Commands>,
    /// Dateien, die im Fenster geöffnet werden (ohne Angabe: das Frankfurter Beispiel)
    pub files: Vec<PathBuf>,
    /// Ohne Hintergrundkarte starten (keine Netzwerkzugriffe)
    #[arg(long)]
    pub no_tiles: bool,
}

/// The headless commands.
#[derive(Subcommand, Debug)]
pub enum Commands {
    /// Ladebericht einer Datei ausgeben (GeoJSON, Shapefile, CSV, Indikatortabelle XLSX/ODS/XLS)
    Info(InfoArgs),
    /// Werte einer Flächenebene klassifizieren und Klassengrenzen ausgeben
    Classify(ClassifyArgs),
    /// Hintergrundkarten: Offline-Pakete (MBTiles) anlegen und ansehen
    Tiles(TilesArgs),
    /// Karte als PDF, SVG oder PNG exportieren (oder den Steckbrief-Atlas als PDF)
    Export(ExportArgs),
    /// Sozialindex nach dem MSS-Verfahren (Status × Dynamik) berechnen und als CSV schreiben
    Index(IndexArgs),
    /// Erreichbarkeit: Entfernung jedes Gebiets zur nächsten Einrichtung als CSV schreiben
    Reach(ReachArgs),
}

/// Open the window (no subcommand) or run the command; a failure is printed once, on stderr,
/// and becomes the exit code.
pub fn run(cli: Cli) -> ExitCode {
    let done = match cli.command {
        None => window::open(cli.files, cli.no_tiles),
        Some(Commands::Info(args)) => info(&args),
        Some(Commands::Classify(args)) => classify(&args),
        Some(Commands::Tiles(args)) => tiles::run(args.command),
        Some(Commands::Export(args)) => export(&args),
        Some(Commands::Index(args)) => index(&args),
        Some(Commands::Reach(args)) => reach(&args),
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if e.needs_message() {
                eprintln!("Fehler: {e}");
            }
            e.exit_code()
        }
    }
}

/// A command's result on stdout, one line break after it.
fn print_stdout(text: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_model_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn shared_options_parse_alike_in_every_command() {
        let index = Cli::try_parse_from([
            "sozialatlas",
            "index",
            "--table",
            "t.csv",
            "--key",
            "k",
            "--indicators",
            "a",
            "--csv-dialect",
            "de",
            "--out",
            "o.csv",
        ])
        .expect("index parses");
        let reach = Cli::try_parse_from([
            "sozialatlas",
            "reach",
            "--areas",
            "a.geojson",
            "--facilities",
            "f.geojson",
            "--csv-dialect",
            "de",
            "--out",
            "o.csv",
        ])
        .expect("reach parses");
        let dialect = |cli: Cli| match cli.command {
            Some(Commands::Index(a)) => a.csv.csv_dialect,
            Some(Commands::Reach(a)) => a.csv.csv_dialect,
            _ => unreachable!("an index or reach command"),
        };
        assert_eq!(dialect(index), crate::io::csv_out::CsvDialect::German);
        assert_eq!(dialect(reach), crate::io::csv_out::CsvDialect::German);
    }

    #[test]
    fn an_error_ends_with_the_exit_code_of_its_kind() {
        assert_eq!(
            CliError::Input("x".to_owned()).exit_code(),
            ExitCode::from(EXIT_BAD_INPUT)
        );
        assert_eq!(CliError::NoTileLoaded.exit_code(), ExitCode::from(2));
        assert!(!CliError::NoTileLoaded.needs_message());
        assert!(CliError::Input("x".to_owned()).needs_message());
    }
}
