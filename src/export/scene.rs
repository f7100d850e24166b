//! The scene of an exported page: everything a back end draws, in millimetres on the page
//! (origin top left, y down), already clipped to the map frame. Every back end (PDF, SVG,
//! PNG, the preview in the window) draws this one model, so they show the same thing.

use std::sync::Arc;

/// An RGBA colour (straight alpha).
pub type Rgba = [u8; 4];

pub const BLACK: Rgba = [0, 0, 0, 255];
pub const WHITE: Rgba = [255, 255, 255, 255];

/// A point on the page in millimetres.
pub type Pt = [f64; 2];

/// Points per millimetre (1 pt = 1/72 inch).
pub const PT_PER_MM: f64 = 72.0 / 25.4;

/// How a text is placed relative to its anchor point (the baseline).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Centre,
    Right,
}

/// One thing to draw.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Closed rings filled with the even-odd rule (holes as further rings), optionally
    /// outlined. Stroke width in millimetres.
    Polygon {
        rings: Vec<Vec<Pt>>,
        fill: Option<Rgba>,
        stroke: Option<(f64, Rgba)>,
    },
    /// An open polyline; `dash` = (on, off) in millimetres.
    Line {
        points: Vec<Pt>,
        width: f64,
        colour: Rgba,
        dash: Option<(f64, f64)>,
    },
    /// A circle (symbols).
    Circle {
        centre: Pt,
        radius: f64,
        fill: Option<Rgba>,
        stroke: Option<(f64, Rgba)>,
    },
    /// One line of text; `at` is the anchor on the baseline; size in points.
    Text {
        at: Pt,
        text: String,
        size: f64,
        colour: Rgba,
        align: Align,
        bold: bool,
    },
    /// A raster image (basemap tiles) stretched over `rect` = [x, y, width, height] in mm;
    /// `rgba` has `width × height` pixels.
    Image {
        rect: [f64; 4],
        width: u32,
        height: u32,
        rgba: Arc<Vec<u8>>,
    },
}

/// One page of an export.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width_mm: f64,
    pub height_mm: f64,
    pub items: Vec<Item>,
}

impl Page {
    pub fn new(width_mm: f64, height_mm: f64) -> Self {
        Self {
            width_mm,
            height_mm,
            items: Vec::new(),
        }
    }

    /// Every text of the page, in drawing order (for tests and the PDF's text check).
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|i| match i {
            Item::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
    }
}
