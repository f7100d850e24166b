//! What goes on an exported map, independent of where it comes from (the window's state or the
//! CLI): the areas with their fill colours, boundaries, facility symbols, the legend, the
//! sources and the notes. Geometry in WGS84 lon/lat.

use geo::MultiPolygon;

use super::scene::Rgba;

/// The Stadtteil boundary line on the map and in the legend: colour and width (mm).
pub const BOUNDARY_LINE: (Rgba, f64) = ([35, 35, 35, 255], 0.45);
/// The outline of the selected area (Steckbrief) on the map and in the legend.
pub const SELECTED_LINE: (Rgba, f64) = ([140, 45, 4, 255], 1.1);

/// Paper sizes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Paper {
    A4,
    A3,
    /// Width and height in millimetres.
    Custom(f64, f64),
}

impl Paper {
    /// Portrait width and height in millimetres.
    pub fn portrait_mm(self) -> (f64, f64) {
        match self {
            Paper::A4 => (210.0, 297.0),
            Paper::A3 => (297.0, 420.0),
            Paper::Custom(w, h) => (w.min(h), w.max(h)),
        }
    }

    /// "a4-landscape", "a3-portrait", "420x297" (mm).
    pub fn from_cli_name(s: &str) -> Option<(Paper, bool)> {
        let s = s.trim().to_lowercase();
        let (name, landscape) = match s.rsplit_once('-') {
            Some((n, "landscape" | "quer")) => (n.to_owned(), true),
            Some((n, "portrait" | "hoch")) => (n.to_owned(), false),
            _ => (s.clone(), true),
        };
        match name.as_str() {
            "a4" => Some((Paper::A4, landscape)),
            "a3" => Some((Paper::A3, landscape)),
            custom => {
                let (w, h) = custom.split_once('x')?;
                let (w, h): (f64, f64) = (w.trim().parse().ok()?, h.trim().parse().ok()?);
                (w >= 50.0 && h >= 50.0 && w <= 2000.0 && h <= 2000.0)
                    .then_some((Paper::Custom(w, h), w > h))
            }
        }
    }
}

/// The layout settings a planner chooses.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutSettings {
    pub paper: Paper,
    pub landscape: bool,
    pub margin_mm: f64,
    pub title: String,
    pub subtitle: String,
    /// "Stand: …" line.
    pub date: String,
    /// Author or office ("Jugend- und Sozialamt, 51.A3").
    pub author: String,
    /// Draw a small overview map of the whole extent with the frame marked.
    pub overview: bool,
}

impl Default for LayoutSettings {
    fn default() -> Self {
        Self {
            paper: Paper::A4,
            landscape: true,
            margin_mm: 10.0,
            title: String::new(),
            subtitle: String::new(),
            date: String::new(),
            author: String::new(),
            overview: false,
        }
    }
}

impl LayoutSettings {
    pub fn page_mm(&self) -> (f64, f64) {
        let (w, h) = self.paper.portrait_mm();
        if self.landscape { (h, w) } else { (w, h) }
    }
}

/// One area to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaShape {
    pub geometry: MultiPolygon<f64>,
    pub fill: Rgba,
    /// Hatched ("unterdrückt").
    pub hatch: bool,
    /// Drawn with a strong outline (selection, gap list).
    pub highlight: bool,
}

/// The shape of a facility symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Circle,
    Square,
    Diamond,
}

/// An outlined area with its name and the point to write it at (lon, lat).
#[derive(Debug, Clone, PartialEq)]
pub struct Boundary {
    pub geometry: MultiPolygon<f64>,
    pub name: Option<String>,
    pub label_at: (f64, f64),
}

/// How a facility symbol looks — on the map and, identically, in the legend.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SymbolStyle {
    pub mark: Mark,
    pub fill: Rgba,
    pub stroke: Rgba,
    /// Symbol radius in millimetres (half the width of a circle or square).
    pub radius_mm: f64,
    /// Hollow (hypothetical, "angenommen"): white inside, outlined in the fill colour.
    pub hollow: bool,
}

/// A set of facilities drawn with one symbol.
#[derive(Debug, Clone, PartialEq)]
pub struct FacilitySet {
    pub name: String,
    pub style: SymbolStyle,
    pub points: Vec<(f64, f64)>,
}

/// A legend swatch.
#[derive(Debug, Clone, PartialEq)]
pub enum Swatch {
    Fill(Rgba),
    Hatched(Rgba),
    /// A facility symbol, drawn exactly as on the map.
    Symbol(SymbolStyle),
    /// A line of this colour and width (mm), as on the map.
    Line(Rgba, f64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct LegendRow {
    pub swatch: Swatch,
    pub label: String,
    /// Number of areas and residents in the class (class maps).
    pub areas: Option<usize>,
    pub residents: Option<String>,
}

/// A 4 × 3 matrix legend (Gesamtindex).
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixLegend {
    /// The name of the row axis ("Status").
    pub row_title: String,
    /// The name of the column axis ("Dynamik").
    pub column_title: String,
    pub row_labels: Vec<String>,
    pub column_labels: Vec<String>,
    pub colours: Vec<Vec<Rgba>>,
    pub counts: Vec<Vec<usize>>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Legend {
    pub title: String,
    pub subtitle: String,
    /// Column titles for the counts ("Gebiete", "Einwohner:innen").
    pub count_titles: Option<(String, String)>,
    pub matrix: Option<MatrixLegend>,
    /// The classes of the map (with counts).
    pub rows: Vec<LegendRow>,
    /// Everything else drawn on the map: boundaries, facility symbols, the selected area.
    pub elements: Vec<LegendRow>,
    /// Small print under the legend (the privacy rule).
    pub notes: Vec<String>,
}

/// A basemap that gives its tiles to a page: the window's basemap implements it; the CLI has
/// none. Pages and the export dialog know only this, not the map widget.
pub trait PageTiles {
    /// The tiles covering `bbox` for a page frame `frame_w_mm` wide, waiting at most `wait`
    /// for tiles not cached yet (empty when the basemap is switched off).
    fn export_tiles(
        &self,
        bbox: [f64; 4],
        frame_w_mm: f64,
        wait: std::time::Duration,
    ) -> Vec<TileImage>;

    /// Whether there is a basemap at all (off: no tiles, no attribution line).
    fn is_off(&self) -> bool;

    /// The basemap's attribution line ("© OpenStreetMap-Mitwirkende").
    fn attribution(&self) -> &str;
}

/// A basemap tile as an image over its lon/lat box [west, south, east, north].
#[derive(Debug, Clone, PartialEq)]
pub struct TileImage {
    pub bbox: [f64; 4],
    pub width: u32,
    pub height: u32,
    pub rgba: std::sync::Arc<Vec<u8>>,
}

/// Everything on the map and around it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapContent {
    /// The lon/lat box to show: [min_lon, min_lat, max_lon, max_lat].
    pub bbox: [f64; 4],
    pub areas: Vec<AreaShape>,
    /// Thick outlines with names (Stadtteile).
    pub boundaries: Vec<Boundary>,
    pub facilities: Vec<FacilitySet>,
    pub legend: Legend,
    /// Data sources, edition, "fiktive Beispieldaten", tile attribution.
    pub sources: Vec<String>,
    /// The method note of an index, when one is mapped.
    pub method_note: Option<String>,
    /// Everything drawn, for the overview map (defaults to `bbox`).
    pub full_bbox: Option<[f64; 4]>,
    /// Invented data is shown: the page says "fiktive Beispieldaten" in its header too.
    pub fictitious: bool,
    /// Basemap tiles under the areas (at their native resolution).
    pub tiles: Vec<TileImage>,
    /// The page is written in English (else German): words, numbers, quotes.
    pub english: bool,
    /// Appended to the subtitle: what the map shows beyond the data ("mit 1 angenommenem
    /// Büro").
    pub subtitle_notes: Vec<String>,
}
