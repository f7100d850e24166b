//! Without a subcommand the binary opens the window: on the files given, or on the bundled
//! Frankfurt sample. This module only turns the command line into the window's configuration;
//! everything the window does lives in `crate::app`.

use std::path::PathBuf;

use super::CliError;
use crate::app::{AppConfig, default_recovery_dir, default_settings_path};

/// Open the window and return when it is closed.
pub(super) fn open(files: Vec<PathBuf>, no_tiles: bool) -> Result<(), CliError> {
    let config = AppConfig {
        tiles: !no_tiles,
        paths: files,
        background_loading: true,
        source: None,
        recovery_dir: default_recovery_dir(),
        settings: default_settings_path(),
    };
    crate::app::run(config).map_err(CliError::Window)
}
