//! Readers for the real input data in `<data dir>/frankfurt/`.

use std::collections::BTreeMap;
use std::error::Error;
use std::fs;
use std::path::Path;

use geo::{Coord, LineString, Point, Polygon};
use geojson::{GeoJson, GeometryValue, JsonValue};
use serde::Deserialize;

/// Result type of this example: any error aborts the generator with its message.
pub type Res<T> = Result<T, Box<dyn Error>>;

/// Real per-Stadtteil figures from the city's Stadtteil profiles (2012).
#[derive(Clone, Debug)]
pub struct Profile {
    /// Residents with main residence, 31.12.2012.
    pub einwohner: u32,
    /// Living space per resident in m² (2012).
    pub wohnflaeche_je_ew: f64,
    /// Share of residents under 18, in percent.
    pub anteil_unter18: f64,
    /// Share of residents aged 65 and older, in percent.
    pub anteil_65plus: f64,
    /// Share of foreign nationals, in percent.
    pub anteil_auslaender: f64,
}

/// One of the 44 real Stadtteil polygons with its real figures.
#[derive(Clone, Debug)]
pub struct Stadtteil {
    pub nr: u32,
    pub name: String,
    pub polygon: Polygon<f64>,
    pub label: Point<f64>,
    pub profile: Profile,
}

/// One real public-transport stop.
#[derive(Clone, Debug, Deserialize)]
pub struct Stop {
    #[serde(rename = "Id")]
    pub id: String,
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Longitude")]
    pub lon: f64,
    #[serde(rename = "Latitude")]
    pub lat: f64,
}

/// Reads a file into a string, naming the file in the error.
fn read_text(path: &Path) -> Res<String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()).into())
}

/// Parses a number in the city's German format ("1.234,5"; empty cell = `None`).
fn parse_de(cell: &str) -> Res<Option<f64>> {
    let s = cell.trim();
    if s.is_empty() || s == "-" || s == "." {
        return Ok(None);
    }
    let normalised = s.replace('.', "").replace(',', ".");
    normalised
        .parse::<f64>()
        .map(Some)
        .map_err(|e| format!("not a number: {cell:?} ({e})").into())
}

/// Header cells and the rows of a profile CSV keyed by their `Codes` cell.
type ProfileTable = (Vec<String>, BTreeMap<String, Vec<String>>);

/// Reads a Frankfurt-dialect CSV (UTF-8 with BOM, `;`) into rows keyed by the `Codes` column.
/// Returns the header and a map from code to the row's cells.
fn read_profile_csv(path: &Path) -> Res<ProfileTable> {
    let text = read_text(path)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers()?.iter().map(str::to_owned).collect();
    let mut rows = BTreeMap::new();
    for record in reader.records() {
        let record = record?;
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        if let Some(code) = cells.first() {
            rows.insert(code.trim().to_owned(), cells);
        }
    }
    Ok((header, rows))
}

/// Index of the column whose header is exactly `name`.
fn column(header: &[String], name: &str, path: &Path) -> Res<usize> {
    header
        .iter()
        .position(|h| h == name)
        .ok_or_else(|| format!("column {name:?} not found in {}", path.display()).into())
}

/// Numeric cell `col` of `row`, or an error naming the row.
fn cell(row: &[String], col: usize, code: &str) -> Res<Option<f64>> {
    match row.get(col) {
        Some(c) => parse_de(c),
        None => Err(format!("row {code} has no column {col}").into()),
    }
}

/// Raw counts of one profile row, summed where two rows are merged.
#[derive(Clone, Copy, Default)]
struct Counts {
    pop: f64,
    unter18: f64,
    ab65: f64,
    auslaender: f64,
    /// Σ living space (m²) = Σ residents × m² per resident, for a weighted mean.
    wohnflaeche: f64,
    /// Residents of rows that have a living-space value.
    pop_with_wfl: f64,
}

/// Reads the two profile CSVs and returns the real figures per polygon number.
/// Bahnhofsviertel (3) is merged into Gutleut-/Bahnhofsviertel (10); rows without a polygon and
/// the city total are ignored by the caller, which only looks up polygon numbers.
pub fn read_profiles(dir: &Path) -> Res<(BTreeMap<u32, Profile>, f64)> {
    let pop_path = dir.join("stadtteilprofile_bevoelkerung_2011_2012.csv");
    let (header, rows) = read_profile_csv(&pop_path)?;
    let col = |name: &str| column(&header, name, &pop_path);
    let c_pop = col("Bevölkerungsstruktur Einwohnerinnen und Einwohner 2012")?;
    let c_u6 = col("Bevölkerungsstruktur Kinder bis 5 Jahre 2012")?;
    let c_6_13 = col("Bevölkerungsstruktur Kinder von 6 bis 13 Jahren 2012")?;
    let c_14_17 = col("Bevölkerungsstruktur Jugendliche von 14 bis 17 Jahren 2012")?;
    let c_65 = col("Bevölkerungsstruktur Seniorinnen und Senioren ab 65 Jahren 2012")?;
    let c_ausl = col("Bevölkerungsstruktur Ausländerinnen und Ausländer 2012")?;

    let bw_path = dir.join("stadtteilprofile_bauen_wohnen_2012.csv");
    let (bw_header, bw_rows) = read_profile_csv(&bw_path)?;
    let c_wfl = column(
        &bw_header,
        "Bauen und Wohnen Wohnfläche in m² je Einwohner/in 2012",
        &bw_path,
    )?;

    // City-wide living space per resident, used where a Stadtteil has no value.
    let city_wfl = bw_rows
        .get("#Frankfurt")
        .map(|r| cell(r, c_wfl, "#Frankfurt"))
        .transpose()?
        .flatten()
        .ok_or("city row #Frankfurt has no living-space value")?;

    let mut counts: BTreeMap<u32, Counts> = BTreeMap::new();
    for (code, row) in &rows {
        let Ok(nr) = code.parse::<u32>() else {
            continue; // "#Frankfurt" (city total)
        };
        let get = |c: usize| -> Res<f64> {
            cell(row, c, code)?.ok_or_else(|| format!("row {code}: empty cell {c}").into())
        };
        let pop = get(c_pop)?;
        let wfl = match bw_rows.get(code) {
            Some(r) => cell(r, c_wfl, code)?,
            None => None,
        };
        // Bahnhofsviertel has no polygon of its own: it is part of polygon 10.
        let target = if nr == 3 { 10 } else { nr };
        let entry = counts.entry(target).or_default();
        entry.pop += pop;
        entry.unter18 += get(c_u6)? + get(c_6_13)? + get(c_14_17)?;
        entry.ab65 += get(c_65)?;
        entry.auslaender += get(c_ausl)?;
        if let Some(w) = wfl {
            entry.wohnflaeche += w * pop;
            entry.pop_with_wfl += pop;
        }
    }

    let profiles = counts
        .into_iter()
        .map(|(nr, c)| {
            let wfl = if c.pop_with_wfl > 0.0 {
                c.wohnflaeche / c.pop_with_wfl
            } else {
                city_wfl
            };
            let profile = Profile {
                einwohner: c.pop.round() as u32,
                wohnflaeche_je_ew: wfl,
                anteil_unter18: 100.0 * c.unter18 / c.pop,
                anteil_65plus: 100.0 * c.ab65 / c.pop,
                anteil_auslaender: 100.0 * c.auslaender / c.pop,
            };
            (nr, profile)
        })
        .collect();
    Ok((profiles, city_wfl))
}

/// Reads the label points (`nr,name,lon,lat`).
fn read_label_points(dir: &Path) -> Res<BTreeMap<u32, Point<f64>>> {
    #[derive(Deserialize)]
    struct Row {
        nr: u32,
        lon: f64,
        lat: f64,
    }
    let path = dir.join("stadtteile_labelpunkte.csv");
    let text = read_text(&path)?;
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut out = BTreeMap::new();
    for row in reader.deserialize::<Row>() {
        let row = row.map_err(|e| format!("{}: {e}", path.display()))?;
        out.insert(row.nr, Point::new(row.lon, row.lat));
    }
    Ok(out)
}

/// Converts a GeoJSON position list to a closed geo ring.
fn ring(positions: &[geojson::Position]) -> Res<LineString<f64>> {
    let coords = positions
        .iter()
        .map(|p| match p.as_slice() {
            [x, y, ..] => Ok(Coord { x: *x, y: *y }),
            _ => Err("position with fewer than two numbers"),
        })
        .collect::<Result<Vec<_>, _>>()?;
    // geo closes rings itself; an explicitly closed ring stays as it is.
    Ok(LineString::new(coords))
}

/// Reads the 44 Stadtteil polygons and joins them with profiles and label points.
/// The result is sorted by Stadtteil number.
pub fn read_stadtteile(dir: &Path) -> Res<(Vec<Stadtteil>, f64)> {
    let path = dir.join("stadtteile_44.geojson");
    let geojson: GeoJson = read_text(&path)?
        .parse()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let GeoJson::FeatureCollection(collection) = geojson else {
        return Err(format!("{}: not a FeatureCollection", path.display()).into());
    };
    let (profiles, city_wfl) = read_profiles(dir)?;
    let labels = read_label_points(dir)?;

    let mut out = Vec::new();
    for feature in &collection.features {
        let nr = match feature.property("STTLNR") {
            Some(JsonValue::Number(n)) => n.as_u64().map(|v| v as u32),
            Some(JsonValue::String(s)) => s.trim().parse().ok(),
            _ => None,
        }
        .ok_or("feature without a numeric STTLNR")?;
        let name = match feature.property("STTLNAME") {
            Some(JsonValue::String(s)) => s.clone(),
            _ => return Err(format!("Stadtteil {nr} without STTLNAME").into()),
        };
        let geometry = feature
            .geometry
            .as_ref()
            .ok_or_else(|| format!("Stadtteil {nr} without geometry"))?;
        let GeometryValue::Polygon { coordinates } = &geometry.value else {
            return Err(format!("Stadtteil {nr} is not a Polygon").into());
        };
        let mut rings = coordinates.iter().map(|r| ring(r));
        let exterior = rings.next().ok_or("polygon without rings")??;
        let interiors = rings.collect::<Res<Vec<_>>>()?;
        let profile = profiles
            .get(&nr)
            .cloned()
            .ok_or_else(|| format!("no profile row for Stadtteil {nr}"))?;
        let label = *labels
            .get(&nr)
            .ok_or_else(|| format!("no label point for Stadtteil {nr}"))?;
        out.push(Stadtteil {
            nr,
            name,
            polygon: Polygon::new(exterior, interiors),
            label,
            profile,
        });
    }
    out.sort_by_key(|s| s.nr);
    Ok((out, city_wfl))
}

/// Reads the public-transport stops.
pub fn read_stops(dir: &Path) -> Res<Vec<Stop>> {
    let path = dir.join("oepnv_haltestellen.json");
    let stops: Vec<Stop> =
        serde_json::from_str(&read_text(&path)?).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(stops)
}
