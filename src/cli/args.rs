//! Option groups that several commands share (`#[command(flatten)]`): the table join
//! (`--join`, `--left-key`, `--right-key`) and the CSV dialect (`--csv-dialect`). One definition,
//! so the options are spelled, explained and parsed alike in every command. What a command does
//! with them stays in that command's file.

use std::path::{Path, PathBuf};

use crate::analysis::join::suggest_keys;
use crate::io::csv_out::CsvDialect;
use crate::io::table::Table;
use crate::model::AreaLayer;

/// `--join TABLE [--left-key FIELD] [--right-key COLUMN]`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct JoinArgs {
    /// Indikatortabelle (CSV, XLSX), die per Schlüssel verknüpft wird
    #[arg(long)]
    pub join: Option<PathBuf>,
    /// Schlüsselfeld der Ebene
    #[arg(long)]
    pub left_key: Option<String>,
    /// Schlüsselspalte der Tabelle
    #[arg(long)]
    pub right_key: Option<String>,
}

impl JoinArgs {
    /// Both keys when both were given.
    pub fn given_keys(&self) -> Option<(String, String)> {
        match (&self.left_key, &self.right_key) {
            (Some(l), Some(r)) => Some((l.clone(), r.clone())),
            _ => None,
        }
    }
}

/// The best key pair the table offers for the layer (layer field, table column), or the
/// German request to name the keys.
pub fn best_keys(
    layer: &AreaLayer,
    table: &Table,
    table_path: &Path,
) -> Result<(String, String), String> {
    suggest_keys(layer, table)
        .into_iter()
        .next()
        .map(|k| (k.left, k.right))
        .ok_or_else(|| {
            format!(
                "Kein Schlüssel der Tabelle passt zur Ebene – bitte --left-key und --right-key \
                 angeben: {}",
                table_path.display()
            )
        })
}

/// `--csv-dialect standard|de`.
#[derive(clap::Args, Debug, Clone, Copy, Default)]
pub struct CsvDialectArg {
    /// CSV-Format: standard (Komma, Dezimalpunkt) oder de (Semikolon, Dezimalkomma)
    #[arg(long, default_value = "standard")]
    pub csv_dialect: CsvDialect,
}
