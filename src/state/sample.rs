//! The bundled Frankfurt sample: where it lies and which of its files open at start.

use std::path::PathBuf;

/// The bundled Frankfurt sample: where it is and which files open at start.
pub fn sample_dir() -> PathBuf {
    let local = PathBuf::from("sample-data");
    if local.join("sozialraeume.geojson").exists() {
        local
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data")
    }
}

pub fn sample_paths() -> Vec<PathBuf> {
    let dir = sample_dir();
    [
        "sozialraeume.geojson",
        "stadtteile.geojson",
        "sozialrathaeuser.geojson",
        "nachbarschaftsbueros.geojson",
        "oepnv_haltestellen.geojson",
        "indikatoren_2022.csv",
        "indikatoren_2024.csv",
    ]
    .iter()
    .map(|f| dir.join(f))
    .collect()
}
