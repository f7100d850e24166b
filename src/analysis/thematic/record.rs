//! The class map as a project file and a saved view store it: names instead of enums
//! ("quantile", "stadtteil"), so the file stays readable and stable across versions. Only the
//! record; turning it into settings is the application state's job.

use serde::{Deserialize, Serialize};

/// The class map (layer by position in the project).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectThematic {
    pub layer: usize,
    pub field: String,
    /// The edition's label ("2024"); `None`: the layer's own fields.
    pub edition: Option<String>,
    /// "sozialraum", "stadtteil" or "sozialrathaus".
    pub level: String,
    /// The classification method's CLI name ("quantile", "jenks" …).
    pub method: String,
    pub classes: usize,
    pub breaks: Vec<f64>,
    pub palette: String,
    pub reversed: bool,
    pub privacy_enabled: bool,
    pub min_population: f64,
    pub min_count: f64,
}
