//! The project file (`.sozialatlas`): JSON with a format name and a schema version holding
//! what a planner prepared — layers (paths relative to the project file), joined tables,
//! the class map's settings, the index settings, the reach analysis with its hypothetical
//! offices, the basemap, and the workshop material (saved views, pins, area notes). Written atomically; read with German messages for anything
//! broken; files that moved are reported so they can be looked for, never a silent failure.
//! Pure: no UI crate is used here.

pub mod paths;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::analysis::index::IndexSettings;
pub use crate::analysis::thematic::record::ProjectThematic;

/// The value of `format` in every project file.
pub const FORMAT: &str = "sozialatlas-projekt";
/// The schema version written; files up to this version are read.
pub const VERSION: u32 = 1;
/// The file extension.
pub const EXTENSION: &str = "sozialatlas";

/// One loaded layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectLayer {
    /// Relative to the project file when it lies below or beside it, else absolute.
    pub path: String,
    pub visible: bool,
    /// "flaechen" (filled) or "grenzen" (outlines).
    pub style: String,
    /// The facility type of a point layer ("nachbarschaftsbuero", "kita" …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facility_kind: Option<String>,
}

/// A table joined to a layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectTable {
    /// Index into `layers`.
    pub layer: usize,
    pub path: String,
    pub left_key: String,
    pub right_key: String,
}

/// The needs index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectIndex {
    pub layer: usize,
    pub edition: Option<String>,
    pub comparison: Option<String>,
    pub settings: IndexSettings,
    /// "gesamt", "status", "dynamik" or none (the indicator map).
    pub map: Option<String>,
}

/// The reach analysis and the hypothetical offices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectReach {
    pub areas: usize,
    pub facilities: usize,
    pub radii: Vec<f64>,
    pub k: usize,
    /// Hypothetical offices as [lon, lat].
    pub hypothetical: Vec<[f64; 2]>,
}

/// A whole project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub format: String,
    pub version: u32,
    pub layers: Vec<ProjectLayer>,
    #[serde(default)]
    pub tables: Vec<ProjectTable>,
    #[serde(default)]
    pub thematic: Option<ProjectThematic>,
    #[serde(default)]
    pub index: Option<ProjectIndex>,
    #[serde(default)]
    pub reach: Option<ProjectReach>,
    /// The basemap source's id, or the path of an MBTiles file.
    #[serde(default)]
    pub basemap: Option<String>,
    /// Saved views, pins and area notes.
    #[serde(default)]
    pub workshop: crate::workshop::Workshop,
}

impl Default for Project {
    fn default() -> Self {
        Self {
            format: FORMAT.to_owned(),
            version: VERSION,
            layers: Vec::new(),
            tables: Vec::new(),
            thematic: None,
            index: None,
            reach: None,
            basemap: None,
            workshop: crate::workshop::Workshop::default(),
        }
    }
}

/// Why a project file could not be read or written. German, the path last.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("Projektdatei nicht gefunden: {0}")]
    NotFound(String),
    #[error("Projektdatei kann nicht gelesen werden ({source}): {path}")]
    Io {
        source: std::io::Error,
        path: String,
    },
    #[error(
        "Keine gültige Projektdatei ({}{detail}). Die geöffnete Arbeit bleibt unverändert: \
         {path}",
        position_de(*.line, *.column)
    )]
    Corrupt {
        /// 1-based; 0 when the problem has no position (a field missing or of the wrong type).
        line: usize,
        column: usize,
        detail: String,
        path: String,
    },
    #[error("Keine Sozialatlas-Projektdatei (format = „{found}“): {path}")]
    WrongFormat { found: String, path: String },
    #[error(
        "Die Projektdatei hat Version {found}; diese Sozialatlas-Version liest bis Version \
         {VERSION}. Bitte Sozialatlas aktualisieren: {path}"
    )]
    TooNew { found: String, path: String },
    #[error("Projektdatei kann nicht geschrieben werden ({source}): {path}")]
    Write {
        source: std::io::Error,
        path: String,
    },
}

impl Project {
    /// The JSON text (pretty, stable field order).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Read a project from its text; `path` names the file in messages.
    pub fn from_json(text: &str, path: &Path) -> Result<Project, ProjectError> {
        let p = path.display().to_string();
        let text = text.trim_start_matches('\u{feff}');
        // The format and version first, so that a newer file says so instead of failing on
        // a field this version does not know.
        let head: serde_json::Value = serde_json::from_str(text).map_err(|e| corrupt(&e, &p))?;
        let format = head
            .get("format")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned();
        if format != FORMAT {
            return Err(ProjectError::WrongFormat {
                found: format,
                path: p,
            });
        }
        // Compared as written: a version beyond u32 (4294967297) must not wrap around to 1,
        // nor a float (1e20) be taken for none.
        if let Some(v) = head.get("version").and_then(|v| v.as_number())
            && v.as_f64().is_some_and(|f| f > f64::from(VERSION))
        {
            return Err(ProjectError::TooNew {
                found: v.to_string(),
                path: p,
            });
        }
        serde_json::from_value(head).map_err(|e| corrupt(&e, &p))
    }

    pub fn load(path: &Path) -> Result<Project, ProjectError> {
        refuse_binary(path)?;
        paths::check_project_file(path)?;
        let text = std::fs::read_to_string(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ProjectError::NotFound(path.display().to_string()),
            _ => ProjectError::Io {
                source: e,
                path: path.display().to_string(),
            },
        })?;
        Self::from_json(&text, path)
    }

    /// Write the project atomically (temp file + rename): a crash never leaves half a file.
    pub fn save(&self, path: &Path) -> Result<(), ProjectError> {
        crate::io::atomic::write_atomic(path, self.to_json().as_bytes()).map_err(|e| {
            ProjectError::Write {
                source: e,
                path: path.display().to_string(),
            }
        })
    }

    /// Every data file the project refers to, resolved against the project's folder.
    pub fn files(&self, project: &Path) -> Vec<PathBuf> {
        let dir = project.parent().unwrap_or(Path::new("."));
        self.layers
            .iter()
            .map(|l| paths::resolve(dir, &l.path))
            .chain(self.tables.iter().map(|t| paths::resolve(dir, &t.path)))
            .collect()
    }

    /// The data files that are not where the project expects them.
    pub fn missing_files(&self, project: &Path) -> Vec<PathBuf> {
        self.files(project)
            .into_iter()
            .filter(|p| !p.exists())
            .collect()
    }

    /// Point every reference to `old` at `new` (a moved file the user found again).
    pub fn relocate(&mut self, project: &Path, old: &Path, new: &Path) {
        let dir = project.parent().unwrap_or(Path::new("."));
        let new_text = paths::relative(dir, new);
        for l in &mut self.layers {
            if paths::resolve(dir, &l.path) == old {
                l.path = new_text.clone();
            }
        }
        for t in &mut self.tables {
            if paths::resolve(dir, &t.path) == old {
                t.path = new_text.clone();
            }
        }
    }
}

/// A file whose start holds NUL bytes is no project (JSON text never does); refused before
/// the whole file is read, however large it is.
fn refuse_binary(path: &Path) -> Result<(), ProjectError> {
    let Ok(head) = crate::io::file_head(path, crate::io::HEAD_BYTES) else {
        return Ok(()); // reading the whole file reports the problem
    };
    let Some(at) = head.iter().position(|&b| b == 0) else {
        return Ok(());
    };
    let before = &head[..at];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let column = 1 + before.iter().rev().take_while(|&&b| b != b'\n').count();
    Err(ProjectError::Corrupt {
        line,
        column,
        detail: "die Datei enthält Binärdaten (Nullbytes) statt JSON-Text".to_owned(),
        path: path.display().to_string(),
    })
}

fn corrupt(e: &serde_json::Error, path: &str) -> ProjectError {
    ProjectError::Corrupt {
        line: e.line(),
        column: e.column(),
        detail: detail_de(e),
        path: path.to_owned(),
    }
}

/// "Zeile 3, Spalte 7: " — or nothing when the problem has no position.
impl ProjectError {
    /// The message in English (its `Display` is German, for the CLI).
    pub fn english(&self) -> String {
        match self {
            ProjectError::NotFound(p) => format!("Project file not found: {p}"),
            ProjectError::Io { source, path } => {
                format!(
                    "Project file cannot be read ({}): {path}",
                    crate::io::regular::english(source)
                )
            }
            ProjectError::Corrupt {
                line,
                column,
                detail,
                path,
            } => {
                let at = if *line == 0 {
                    String::new()
                } else {
                    format!("line {line}, column {column}: ")
                };
                format!(
                    "Not a valid project file ({at}{detail}). The open work stays as it is: {path}"
                )
            }
            ProjectError::WrongFormat { found, path } => {
                format!("Not a Sozialatlas project file (format = “{found}”): {path}")
            }
            ProjectError::TooNew { found, path } => format!(
                "The project file has version {found}; this Sozialatlas reads up to version \
                 {VERSION}. Please update Sozialatlas: {path}"
            ),
            ProjectError::Write { source, path } => {
                format!("Project file cannot be written ({source}): {path}")
            }
        }
    }

    /// The message in both languages.
    pub fn bilingual(&self) -> crate::i18n::Bilingual {
        crate::i18n::Bilingual::new(self.to_string(), self.english())
    }
}

fn position_de(line: usize, column: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!("Zeile {line}, Spalte {column}: ")
    }
}

/// serde_json's problem in German; names of fields and types stay as written in the file.
fn detail_de(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let raw = e.to_string();
    // serde_json appends " at line L column C"; the position is shown separately.
    let raw = raw.split(" at line ").next().unwrap_or_default();
    let quoted = |prefix: &str| {
        raw.strip_prefix(prefix)
            .map(|rest| rest.trim_matches('`').to_owned())
    };
    match e.classify() {
        Category::Eof => {
            "die Datei endet mitten im Inhalt – unvollständig gespeichert oder abgeschnitten"
                .to_owned()
        }
        Category::Syntax => "kein gültiger JSON-Text".to_owned(),
        Category::Io => format!("Lesefehler ({raw})"),
        Category::Data => {
            if let Some(field) = quoted("missing field ") {
                format!("das Feld „{field}“ fehlt")
            } else if let Some(field) = quoted("duplicate field ") {
                format!("das Feld „{field}“ kommt doppelt vor")
            } else {
                format!("ein Eintrag passt nicht zum Projektformat ({raw})")
            }
        }
    }
}

#[cfg(test)]
mod tests;
