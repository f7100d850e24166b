//! The `sozialatlas` binary: without a subcommand it opens the window (on the bundled
//! Frankfurt sample, or on the files given); `info` prints a file's load report;
//! `classify` prints class breaks and counts.

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
    /// Werte einer Flächenebene klassifizieren und Klassengrenzen ausgeben
    Classify {
        /// Flächenebene (GeoJSON, Shapefile)
        path: PathBuf,
        /// Das zu klassifizierende Zahlenfeld
        #[arg(long)]
        field: String,
        /// quantile, equal, jenks, sd, box, percentile oder manual
        #[arg(long, default_value = "quantile", value_parser = parse_method)]
        method: sozialatlas::analysis::classify::Method,
        /// Anzahl der Klassen (3–9; für quantile, equal, jenks)
        #[arg(long, default_value_t = 5)]
        classes: usize,
        /// Obergrenzen für --method manual, z. B. "5;10;20"
        #[arg(long, value_delimiter = ';')]
        breaks: Vec<f64>,
        /// Indikatortabelle (CSV, XLSX), die per Schlüssel verknüpft wird
        #[arg(long)]
        join: Option<PathBuf>,
        /// Schlüsselfeld der Ebene
        #[arg(long)]
        left_key: Option<String>,
        /// Schlüsselspalte der Tabelle
        #[arg(long)]
        right_key: Option<String>,
        /// Gebiete mit weniger Einwohner:innen erhalten keine Werte (0 = aus)
        #[arg(long, default_value_t = 300.0)]
        min_population: f64,
        /// Fallzahlen darunter werden unterdrückt (0 = aus)
        #[arg(long, default_value_t = 3.0)]
        min_count: f64,
        /// Als JSON ausgeben (breaks = Obergrenzen aufsteigend, counts = Gebiete je Klasse)
        #[arg(long)]
        json: bool,
    },
}

fn parse_method(s: &str) -> Result<sozialatlas::analysis::classify::Method, String> {
    sozialatlas::analysis::classify::Method::from_cli_name(s).ok_or_else(|| {
        "unbekannte Methode – erlaubt: quantile, equal, jenks, sd, box, percentile, manual"
            .to_owned()
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Commands::Info { path, json }) => sozialatlas::cli::info(&path, json),
        Some(Commands::Classify {
            path,
            field,
            method,
            classes,
            breaks,
            join,
            left_key,
            right_key,
            min_population,
            min_count,
            json,
        }) => sozialatlas::cli::classify(&sozialatlas::cli::ClassifyArgs {
            path,
            field,
            method,
            classes,
            breaks,
            join,
            left_key,
            right_key,
            min_population,
            min_count,
            json,
        }),
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
