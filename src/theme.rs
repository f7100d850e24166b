//! Colours, sizes and fonts of the map and the panels — the one place to change the look.
//!
//! Pure values: colours are [`Colour`]s (premultiplied sRGBA bytes), not egui types, so the
//! application state and the exporters can use them without a window. The window's painting
//! vocabulary ([`crate::paint`]) turns them into egui colours.

use crate::model::FacilityKind;

/// A colour as premultiplied sRGBA bytes (each channel already times alpha / 255), the way
/// the window paints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Colour(pub [u8; 4]);

impl Colour {
    pub const WHITE: Colour = Colour([255, 255, 255, 255]);

    pub const fn from_rgb(r: u8, g: u8, b: u8) -> Self {
        Colour([r, g, b, 255])
    }

    pub const fn from_rgba_premultiplied(r: u8, g: u8, b: u8, a: u8) -> Self {
        Colour([r, g, b, a])
    }

    pub const fn from_gray(v: u8) -> Self {
        Colour([v, v, v, 255])
    }

    /// Straight (not premultiplied) sRGBA, as pages and files store colours.
    pub fn to_srgba_unmultiplied(self) -> [u8; 4] {
        let [r, g, b, a] = self.0;
        match a {
            0 | 255 => self.0,
            a => {
                let factor = 255.0 / f32::from(a);
                let round = |c: u8| (factor * f32::from(c) + 0.5) as u8;
                [round(r), round(g), round(b), a]
            }
        }
    }
}

/// Neutral background drawn under the tiles, so the map looks like a map with no network.
pub const MAP_BACKGROUND: Colour = Colour::from_rgb(0xEE, 0xEC, 0xE6);
// Translucent colours are given premultiplied (each channel already times alpha / 255).

/// Fill of areas without a thematic colouring (a muted blue that keeps tiles readable).
pub const AREA_FILL: Colour = Colour::from_rgba_premultiplied(20, 37, 52, 85);
pub const AREA_FILL_HOVER: Colour = Colour::from_rgba_premultiplied(126, 78, 17, 144);
pub const AREA_FILL_SELECTED: Colour = Colour::from_rgba_premultiplied(163, 72, 2, 192);
pub const AREA_OUTLINE: Colour = Colour::from_rgb(0x2B, 0x4C, 0x6F);
pub const AREA_OUTLINE_WIDTH: f32 = 0.8;
pub const BOUNDARY_OUTLINE: Colour = Colour::from_rgb(0x1F, 0x1F, 0x1F);
pub const BOUNDARY_OUTLINE_WIDTH: f32 = 2.2;
pub const SELECTED_OUTLINE: Colour = Colour::from_rgb(0x8C, 0x2D, 0x04);
pub const SELECTED_OUTLINE_WIDTH: f32 = 3.0;
pub const LABEL_COLOUR: Colour = Colour::from_rgb(0x20, 0x20, 0x20);
pub const LABEL_HALO: Colour = Colour::from_rgba_premultiplied(208, 208, 208, 208);
pub const LABEL_SIZE: f32 = 13.0;
/// Stadtteil names are drawn from this zoom level on.
pub const LABEL_MIN_ZOOM: f64 = 11.0;
/// At most this many area names on the map at once (a dense layer would drown in names).
pub const MAX_LABELS: usize = 300;
/// Class-map fills: nearly opaque so the class colours read true over the basemap.
pub const CHORO_ALPHA: u8 = 235;
/// Areas outside the brushed set while brushing.
pub const CHORO_FADED_ALPHA: u8 = 70;
pub const CHORO_OUTLINE: Colour = Colour::from_rgb(0x70, 0x70, 0x70);
pub const CHORO_OUTLINE_WIDTH: f32 = 0.6;
pub const HOVER_OUTLINE: Colour = Colour::from_rgb(0x30, 0x30, 0x30);
/// Outline of brushed areas on the map and marks in the plots.
pub const BRUSH_OUTLINE: Colour = Colour::from_rgb(0x00, 0x00, 0x00);
/// Brushed marks in histogram and scatter plot.
pub const BRUSH_MARK: Colour = Colour::from_rgb(0xD9, 0x1E, 0x63);
/// Room the legend takes on the map's left (the map fits data beside it).
pub const LEGEND_WIDTH: f32 = 190.0;
pub const LEGEND_WIDTH_CLASSES: f32 = 360.0;
pub const BADGE_FICTITIOUS: Colour = Colour::from_rgb(0xB0, 0x3A, 0x2E);

/// Symbol of a facility layer.
#[derive(Debug, Clone, Copy)]
pub struct Symbol {
    pub shape: SymbolShape,
    pub fill: Colour,
    pub stroke: Colour,
    pub radius: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolShape {
    Circle,
    Square,
    Diamond,
}

pub fn symbol(kind: FacilityKind) -> Symbol {
    match kind {
        FacilityKind::Nachbarschaftsbuero => Symbol {
            shape: SymbolShape::Circle,
            fill: Colour::from_rgb(0xE6, 0x55, 0x0D),
            stroke: Colour::WHITE,
            radius: 7.0,
        },
        FacilityKind::Sozialrathaus => Symbol {
            shape: SymbolShape::Square,
            fill: Colour::from_rgb(0x54, 0x27, 0x88),
            stroke: Colour::WHITE,
            radius: 7.5,
        },
        FacilityKind::Haltestelle => Symbol {
            shape: SymbolShape::Circle,
            fill: Colour::from_rgb(0x4D, 0x4D, 0x4D),
            stroke: Colour::from_rgba_premultiplied(176, 176, 176, 176),
            radius: 2.5,
        },
        FacilityKind::Kita => Symbol {
            shape: SymbolShape::Diamond,
            fill: Colour::from_rgb(0xE6, 0xAB, 0x02),
            stroke: Colour::from_gray(60),
            radius: 6.5,
        },
        FacilityKind::Familienzentrum => Symbol {
            shape: SymbolShape::Square,
            fill: Colour::from_rgb(0x66, 0xA6, 0x1E),
            stroke: Colour::WHITE,
            radius: 6.0,
        },
        FacilityKind::Jugendhaus => Symbol {
            shape: SymbolShape::Diamond,
            fill: Colour::from_rgb(0xE7, 0x29, 0x8A),
            stroke: Colour::WHITE,
            radius: 6.5,
        },
        FacilityKind::Seniorentreff => Symbol {
            shape: SymbolShape::Circle,
            fill: Colour::from_rgb(0xA6, 0x76, 0x1D),
            stroke: Colour::WHITE,
            radius: 6.0,
        },
        FacilityKind::Other => Symbol {
            shape: SymbolShape::Diamond,
            fill: Colour::from_rgb(0x1B, 0x9E, 0x77),
            stroke: Colour::WHITE,
            radius: 6.0,
        },
    }
}
