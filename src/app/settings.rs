//! Settings remembered between sessions: for now the author / Dienststelle line of exports.
//! A small JSON file in the OS configuration folder, written atomically; a missing or broken
//! file gives the defaults (nothing a user typed is worth a failed start).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// "Verfasser:in / Dienststelle" on every export.
    #[serde(default)]
    pub author: String,
}

/// Where the settings live.
pub fn settings_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("de", "Sozialatlas", "sozialatlas")
        .map(|d| d.config_dir().join("einstellungen.json"))
}

impl Settings {
    pub fn load(path: &Path) -> Self {
        // Only an ordinary file (a FIFO in its place must not block the window's start).
        crate::io::regular::regular_file(path)
            .and_then(|()| std::fs::read_to_string(path))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        crate::io::atomic::write_atomic(path, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_author_is_remembered_and_a_broken_file_gives_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a").join("einstellungen.json");
        assert_eq!(Settings::load(&p), Settings::default());
        let s = Settings {
            author: "Jugend- und Sozialamt, 51.A3".to_owned(),
        };
        s.save(&p).unwrap();
        assert_eq!(Settings::load(&p), s);
        std::fs::write(&p, "{kaputt").unwrap();
        assert_eq!(Settings::load(&p), Settings::default());
    }
}
