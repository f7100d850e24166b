//! Generates large synthetic area layers for scale tests: a square grid in UTM zone 32N
//! (EPSG:25832), written as GeoJSON in WGS84 with invented indicators ("fiktive Beispieldaten").
//! The grid itself is [`sozialatlas::io::synthetic`].
//!
//! ```text
//! cargo run --release --example make_grid -- --cell 100 --out /tmp/raster_100m.geojson
//! cargo run --release --example make_grid -- --cell 100 --count 100000 --out /tmp/grid_100k.geojson
//! ```
//!
//! - `--cell METRES` edge length of a cell (default 100).
//! - `--out FILE` the GeoJSON to write (required).
//! - `--count N` instead of clipping to Frankfurt: a square block of N cells centred on
//!   Frankfurt (N exactly; the last row is partial).
//! - `--clip FILE` the polygons a cell's centre must lie in (default: the sample's
//!   `sample-data/stadtteile.geojson`, so the grid covers the city of Frankfurt: about 24,800
//!   cells of 100 m).
//!
//! Every cell has `zelle_id` (like `100mN5550000E476000`), `einwohner`, `sgb2_quote`,
//! `kinderarmut`, `altersarmut` and `quelle`.

use std::io::Write as _;
use std::path::PathBuf;

use geo::MultiPolygon;
use sozialatlas::io::synthetic::{Grid, write_grid};
use sozialatlas::io::{Cancel, load_path};
use sozialatlas::model::Layer;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn main() -> Res<()> {
    let mut cell: f64 = 100.0;
    let mut out = None;
    let mut count = None;
    let mut clip_path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data/stadtteile.geojson");
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{arg} braucht einen Wert"));
        match arg.as_str() {
            "--cell" => cell = value()?.parse()?,
            "--out" => out = Some(PathBuf::from(value()?)),
            "--count" => count = Some(value()?.parse()?),
            "--clip" => clip_path = PathBuf::from(value()?),
            other => return Err(format!("unbekanntes Argument „{other}“").into()),
        }
    }
    let out: PathBuf = out.ok_or("--out DATEI fehlt")?;
    let clip = match count {
        Some(_) => None,
        None => {
            let Layer::Areas(layer) = load_path(&clip_path, &Cancel::default())?.layer else {
                return Err("--clip muss Flächen enthalten".into());
            };
            // The metric geometry of a Frankfurt layer is in UTM 32N.
            if layer.metric_crs != sozialatlas::crs::Crs::UTM32N {
                return Err("--clip muss in der UTM-Zone 32 liegen".into());
            }
            Some(MultiPolygon::new(
                layer
                    .areas
                    .iter()
                    .flat_map(|a| a.metric.0.iter().cloned())
                    .collect(),
            ))
        }
    };
    let mut file = std::io::BufWriter::new(std::fs::File::create(&out)?);
    let written = write_grid(&Grid { cell, count, clip }, &mut file)?;
    file.flush()?;
    eprintln!("{written} Zellen à {cell} m geschrieben: {}", out.display());
    Ok(())
}
