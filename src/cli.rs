//! Headless commands. They call the same core as the window (`io`, `model`, `crs`) and print
//! German messages; a file that cannot be read ends with exit code 2.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::io::{Cancel, load_path};

/// Exit code for input that cannot be read.
pub const EXIT_BAD_INPUT: u8 = 2;

/// `sozialatlas info PATH [--json]`: print the load report.
pub fn info(path: &Path, json: bool) -> ExitCode {
    match load_path(path, &Cancel::default()) {
        Ok(loaded) => {
            let text = if json {
                serde_json::to_string_pretty(&loaded.report.to_json()).unwrap_or_default()
            } else {
                loaded.report.to_text_de()
            };
            let mut stdout = std::io::stdout().lock();
            let _ = writeln!(stdout, "{}", text.trim_end());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("Fehler: {e}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}
