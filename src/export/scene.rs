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
    /// One line of text; `at` is the anchor on the baseline; size in points. `halo` is a
    /// band of (width in mm, colour) drawn around the glyph outlines first, so that text on a
    /// map stays legible without a knock-out box.
    Text {
        at: Pt,
        text: String,
        size: f64,
        colour: Rgba,
        align: Align,
        bold: bool,
        halo: Option<(f64, Rgba)>,
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

/// A rectangle on the page: x, y, width, height (mm).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub fn contains(&self, p: Pt) -> bool {
        p[0] >= self.x && p[0] <= self.right() && p[1] >= self.y && p[1] <= self.bottom()
    }
    /// The rectangle grown by `d` on every side (shrunk for a negative `d`).
    pub fn grow(&self, d: f64) -> Rect {
        Rect {
            x: self.x - d,
            y: self.y - d,
            w: self.w + 2.0 * d,
            h: self.h + 2.0 * d,
        }
    }
    /// The two rectangles share an area (touching edges do not count).
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
    /// `o` lies within this rectangle, up to `tolerance` mm.
    pub fn encloses(&self, o: &Rect, tolerance: f64) -> bool {
        o.x >= self.x - tolerance
            && o.y >= self.y - tolerance
            && o.right() <= self.right() + tolerance
            && o.bottom() <= self.bottom() + tolerance
    }
    /// The smallest rectangle holding both.
    pub fn union(&self, o: &Rect) -> Rect {
        let (x, y) = (self.x.min(o.x), self.y.min(o.y));
        Rect {
            x,
            y,
            w: self.right().max(o.right()) - x,
            h: self.bottom().max(o.bottom()) - y,
        }
    }
    pub fn centre(&self) -> Pt {
        [self.x + self.w / 2.0, self.y + self.h / 2.0]
    }
}

/// One page of an export.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width_mm: f64,
    pub height_mm: f64,
    pub items: Vec<Item>,
    /// Where the layout put its blocks, labels and symbols (not drawn; for checks and tests).
    pub report: super::report::LayoutReport,
}

impl Page {
    pub fn new(width_mm: f64, height_mm: f64) -> Self {
        Self {
            width_mm,
            height_mm,
            items: Vec::new(),
            report: super::report::LayoutReport::default(),
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
