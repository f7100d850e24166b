//! The `sozialatlas` binary: without a subcommand it opens the window (on the bundled
//! Frankfurt sample, or on the files given); `info` prints a file's load report;
//! `classify` prints class breaks and counts; `index` computes the needs index (MSS method);
//! `reach` writes the distances from areas to facilities.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sozialatlas::cli::guard::parse_finite;

/// mimalloc instead of the system allocator: loading a large layer makes millions of small
/// allocations (properties, rings), and glibc's allocator spent about a third of the load
/// time on them (measured with perf on 100,000 polygons).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Ladebericht einer Datei ausgeben (GeoJSON, Shapefile, CSV, Indikatortabelle XLSX/ODS/XLS)
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
        #[arg(long, value_delimiter = ';', value_parser = parse_finite)]
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
        #[arg(long, default_value_t = 300.0, value_parser = parse_finite)]
        min_population: f64,
        /// Fallzahlen darunter werden unterdrückt (0 = aus)
        #[arg(long, default_value_t = 3.0, value_parser = parse_finite)]
        min_count: f64,
        /// Als JSON ausgeben (breaks = Obergrenzen aufsteigend, counts = Gebiete je Klasse)
        #[arg(long)]
        json: bool,
    },
    /// Hintergrundkarten: Offline-Pakete (MBTiles) anlegen und ansehen
    Tiles {
        #[command(subcommand)]
        command: TilesCommand,
    },
    /// Karte als PDF, SVG oder PNG exportieren (oder den Steckbrief-Atlas als PDF)
    Export {
        /// Flächenebene (GeoJSON, Shapefile)
        #[arg(long)]
        areas: PathBuf,
        /// Indikatortabelle (CSV, XLSX), die per Schlüssel verknüpft wird
        #[arg(long)]
        join: Option<PathBuf>,
        /// Schlüsselfeld der Ebene
        #[arg(long)]
        left_key: Option<String>,
        /// Schlüsselspalte der Tabelle
        #[arg(long)]
        right_key: Option<String>,
        /// Das dargestellte Zahlenfeld
        #[arg(long)]
        field: String,
        /// quantile, equal, jenks, sd, box, percentile
        #[arg(long, default_value = "quantile", value_parser = parse_method)]
        method: sozialatlas::analysis::classify::Method,
        /// Anzahl der Klassen (3–9)
        #[arg(long, default_value_t = 5)]
        classes: usize,
        /// Punktebenen (Einrichtungen), mehrfach möglich
        #[arg(long)]
        facilities: Vec<PathBuf>,
        /// Grenzen mit Namen (z. B. Stadtteile), als Umrisse gezeichnet
        #[arg(long)]
        boundaries: Option<PathBuf>,
        /// pdf, svg oder png (ohne Angabe: aus der Dateiendung)
        #[arg(long, value_parser = parse_format)]
        format: Option<sozialatlas::export::render::Format>,
        /// Auflösung für PNG (96, 150, 300)
        #[arg(long, default_value_t = 300.0, value_parser = parse_finite)]
        dpi: f64,
        /// a4-landscape, a4-portrait, a3-landscape, a3-portrait oder BREITExHÖHE in mm
        #[arg(long, default_value = "a4-landscape", value_parser = parse_paper)]
        paper: (sozialatlas::export::content::Paper, bool),
        /// Titel (ohne Angabe: Indikator und Ausgabe)
        #[arg(long)]
        title: Option<String>,
        /// Untertitel
        #[arg(long)]
        subtitle: Option<String>,
        /// Verfasser:in oder Dienststelle
        #[arg(long)]
        author: Option<String>,
        /// Zeile „Stand“ (ohne Angabe: „Stand: “ und das heutige Datum)
        #[arg(long)]
        date: Option<String>,
        /// Steckbrief-Atlas: eine Seite je Gebiet (PDF)
        #[arg(long)]
        atlas: bool,
        /// Sprache der Seiten: de oder en
        #[arg(long, default_value = "de", value_parser = parse_lang)]
        lang: sozialatlas::i18n::Lang,
        /// Ausgabedatei
        #[arg(long)]
        out: PathBuf,
    },
    /// Sozialindex nach dem MSS-Verfahren (Status × Dynamik) berechnen und als CSV schreiben
    Index {
        /// Indikatortabelle (CSV, XLSX) der aktuellen Ausgabe
        #[arg(long)]
        table: PathBuf,
        /// Schlüsselspalte der Tabelle(n)
        #[arg(long)]
        key: String,
        /// Statusindikatoren, kommagetrennt, z. B. arbeitslosenquote,sgb2_quote,kinderarmut
        #[arg(long, value_delimiter = ',', required_unless_present = "settings")]
        indicators: Vec<String>,
        /// Richtung je Indikator: + (höher = benachteiligter) oder - (umgekehrt), z. B. +,+,-
        #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
        directions: Vec<String>,
        /// Gewicht je Indikator (Dezimalpunkt), z. B. 1,1,0.5
        #[arg(long, value_delimiter = ',', value_parser = parse_finite)]
        weights: Vec<f64>,
        /// Einwohnerspalte für die Mindestgröße (ohne Angabe: keine Einwohnerregel)
        #[arg(long)]
        population: Option<String>,
        /// Gebiete mit weniger Einwohner:innen bleiben ohne Zuordnung
        #[arg(long, default_value_t = 300.0, value_parser = parse_finite)]
        min_population: f64,
        /// Flächenebene (GeoJSON, Shapefile); dann eine Zeile je Gebiet
        #[arg(long)]
        areas: Option<PathBuf>,
        /// Schlüsselfeld der Flächenebene (ohne Angabe: wie --key)
        #[arg(long)]
        area_key: Option<String>,
        /// Vergleichsausgabe für die Dynamik (Veränderung = --table minus diese Tabelle)
        #[arg(long)]
        dynamics_table: Option<PathBuf>,
        /// Die Indikatorspalten sind bereits z-standardisiert (auch die der Vergleichstabelle)
        #[arg(long)]
        standardized_input: bool,
        /// Gebiet von Hand ausschließen: SCHLÜSSEL oder "SCHLÜSSEL:Grund" (mehrfach möglich)
        #[arg(long)]
        exclude: Vec<String>,
        /// Standardabweichung: sample (n − 1, Standard) oder population (n)
        #[arg(long, default_value = "sample", value_parser = parse_sd)]
        sd: sozialatlas::analysis::index::SdKind,
        /// Grenzen der Statusklassen, z. B. --status-thresholds=-1,1,1.5
        #[arg(long, value_delimiter = ',', allow_hyphen_values = true, value_parser = parse_finite)]
        status_thresholds: Option<Vec<f64>>,
        /// Grenzen der Dynamikklassen, z. B. --dynamics-thresholds=-1,1
        #[arg(long, value_delimiter = ',', allow_hyphen_values = true, value_parser = parse_finite)]
        dynamics_thresholds: Option<Vec<f64>>,
        /// CSV-Format: standard (Komma, Dezimalpunkt) oder de (Semikolon, Dezimalkomma)
        #[arg(long, default_value = "standard", value_parser = parse_dialect)]
        csv_dialect: sozialatlas::analysis::index::output::CsvDialect,
        /// Gespeicherte Einstellungen (*.einstellungen.json aus dem Fenster oder einem früheren
        /// Lauf); ersetzen alle Methodenoptionen (Indikatoren, Richtungen, Gewichte, Einwohner,
        /// Ausschlüsse, Standardabweichung, Grenzen)
        #[arg(long)]
        settings: Option<PathBuf>,
        /// Ausgabedatei (CSV); daneben kommen die Methodenbeschreibung (*.methode.txt) und die
        /// Einstellungen (*.einstellungen.json)
        #[arg(long)]
        out: PathBuf,
    },
    /// Erreichbarkeit: Entfernung jedes Gebiets zur nächsten Einrichtung als CSV schreiben
    Reach {
        /// Flächenebene mit den Gebieten (GeoJSON, Shapefile)
        #[arg(long)]
        areas: PathBuf,
        /// Punktebene mit den Einrichtungen (GeoJSON, Shapefile, CSV mit Koordinaten)
        #[arg(long)]
        facilities: PathBuf,
        /// Schlüsselfeld der Gebiete für area_id (ohne Angabe: das erste Feld)
        #[arg(long)]
        area_key: Option<String>,
        /// Namensfeld der Einrichtungen (ohne Angabe: „name“, sonst die Bezeichnung)
        #[arg(long)]
        facility_name: Option<String>,
        /// Umkreis in Metern für count_within_radius (gemessen ab Gebietsrand)
        #[arg(long, default_value_t = 1000.0, value_parser = parse_finite)]
        radius: f64,
        /// Anzahl der nächsten Einrichtungen je Gebiet (1–50)
        #[arg(long, default_value_t = 1)]
        k: usize,
        /// CSV-Format: standard (Komma, Dezimalpunkt) oder de (Semikolon, Dezimalkomma)
        #[arg(long, default_value = "standard", value_parser = parse_dialect)]
        csv_dialect: sozialatlas::analysis::index::output::CsvDialect,
        /// Ausgabedatei (CSV)
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum TilesCommand {
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

fn parse_zooms(s: &str) -> Result<(u8, u8), String> {
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    match (a.trim().parse::<u8>(), b.trim().parse::<u8>()) {
        (Ok(a), Ok(b)) if a <= b && b <= 22 => Ok((a, b)),
        _ => Err("erwartet z. B. 10-14 (aufsteigend, höchstens 22)".to_owned()),
    }
}

fn parse_paper(s: &str) -> Result<(sozialatlas::export::content::Paper, bool), String> {
    sozialatlas::export::content::Paper::from_cli_name(s).ok_or_else(|| {
        "erlaubt: a4-landscape, a4-portrait, a3-landscape, a3-portrait oder BREITExHÖHE in mm"
            .to_owned()
    })
}

fn parse_lang(s: &str) -> Result<sozialatlas::i18n::Lang, String> {
    match s.trim().to_lowercase().as_str() {
        "de" | "deutsch" => Ok(sozialatlas::i18n::Lang::De),
        "en" | "english" | "englisch" => Ok(sozialatlas::i18n::Lang::En),
        other => Err(format!("Sprache „{other}“ unbekannt – de oder en angeben")),
    }
}

fn parse_format(s: &str) -> Result<sozialatlas::export::render::Format, String> {
    sozialatlas::export::render::Format::from_name(s)
        .ok_or_else(|| "erlaubt: pdf, svg oder png".to_owned())
}

fn parse_sd(s: &str) -> Result<sozialatlas::analysis::index::SdKind, String> {
    match s.trim().to_lowercase().as_str() {
        "sample" | "stichprobe" | "n-1" => Ok(sozialatlas::analysis::index::SdKind::Sample),
        "population" | "grundgesamtheit" | "n" => {
            Ok(sozialatlas::analysis::index::SdKind::Population)
        }
        _ => Err("erlaubt: sample oder population".to_owned()),
    }
}

fn parse_dialect(s: &str) -> Result<sozialatlas::analysis::index::output::CsvDialect, String> {
    sozialatlas::analysis::index::output::CsvDialect::from_cli_name(s)
        .ok_or_else(|| "erlaubt: standard oder de".to_owned())
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
        Some(Commands::Tiles { command }) => match command {
            TilesCommand::Prefetch {
                url,
                bbox,
                zoom,
                out,
                attribution,
            } => match bbox.as_slice() {
                [a, b, c, d] => sozialatlas::cli::tiles_prefetch(
                    &url,
                    [*a, *b, *c, *d],
                    zoom,
                    &out,
                    attribution.as_deref(),
                ),
                _ => {
                    eprintln!(
                        "Fehler: --bbox braucht vier Zahlen MIN_LON,MIN_LAT,MAX_LON,MAX_LAT."
                    );
                    ExitCode::from(2)
                }
            },
            TilesCommand::Info { path } => sozialatlas::cli::tiles_info(&path),
        },
        Some(Commands::Export {
            areas,
            join,
            left_key,
            right_key,
            field,
            method,
            classes,
            facilities,
            boundaries,
            format,
            dpi,
            paper,
            title,
            subtitle,
            author,
            date,
            atlas,
            lang,
            out,
        }) => sozialatlas::cli::export(&sozialatlas::cli::ExportArgs {
            areas,
            join,
            left_key,
            right_key,
            field,
            method,
            classes,
            facilities,
            boundaries,
            format,
            dpi,
            paper,
            title,
            subtitle,
            author,
            date,
            atlas,
            lang,
            out,
        }),
        Some(Commands::Index {
            table,
            key,
            indicators,
            directions,
            weights,
            population,
            min_population,
            areas,
            area_key,
            dynamics_table,
            standardized_input,
            exclude,
            sd,
            status_thresholds,
            dynamics_thresholds,
            csv_dialect,
            settings,
            out,
        }) => sozialatlas::cli::index(&sozialatlas::cli::IndexArgs {
            table,
            key,
            indicators,
            directions,
            weights,
            population,
            min_population,
            areas,
            area_key,
            dynamics_table,
            standardized_input,
            exclude,
            sd,
            status_thresholds,
            dynamics_thresholds,
            dialect: csv_dialect,
            settings,
            out,
        }),
        Some(Commands::Reach {
            areas,
            facilities,
            area_key,
            facility_name,
            radius,
            k,
            csv_dialect,
            out,
        }) => sozialatlas::cli::reach(&sozialatlas::cli::ReachArgs {
            areas,
            facilities,
            area_key,
            facility_name,
            radius,
            k,
            dialect: csv_dialect,
            out,
        }),
        None => {
            let config = sozialatlas::app::AppConfig {
                tiles: !cli.no_tiles,
                paths: cli.files,
                background_loading: true,
                source: None,
                recovery_dir: sozialatlas::app::default_recovery_dir(),
                settings: sozialatlas::app::default_settings_path(),
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
