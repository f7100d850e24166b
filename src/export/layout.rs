//! The page layout of an exported map: title and subtitle on top, the map frame (Web Mercator,
//! like the screen) with scale bar, north arrow and optional overview, the legend beside the
//! map (landscape) or below it (portrait) so that nothing on the map can overlap it, and the
//! sources, date, author and method note at the foot.

use super::content::{LayoutSettings, MapContent};
use super::font::wrap;
use super::legend::{draw_legend, legend_height};
use super::mapframe::draw_map;
use super::scene::{Align, Item, PT_PER_MM, Page, Pt, Rgba};
use crate::crs::unit_merc_from_lonlat;

pub(crate) const TEXT: Rgba = [30, 30, 30, 255];
pub(crate) const GREY: Rgba = [90, 90, 90, 255];
pub(crate) const FRAME: Rgba = [60, 60, 60, 255];
pub(crate) const AREA_OUTLINE: Rgba = [255, 255, 255, 255];
pub(crate) const BOUNDARY: Rgba = [35, 35, 35, 255];
pub(crate) const HATCH: Rgba = [90, 90, 90, 255];
pub(crate) const FICTITIOUS: Rgba = [176, 58, 46, 255];
pub(crate) const HIGHLIGHT: Rgba = [140, 45, 4, 255];
pub(crate) const LABEL_HALO: Rgba = [255, 255, 255, 190];
/// Distance of the areas column from the legend's right edge (mm).
pub(crate) const COUNT_COLUMN: f64 = 22.0;
const EARTH_CIRCUMFERENCE: f64 = 2.0 * std::f64::consts::PI * 6_378_137.0;

/// A rectangle on the page: x, y, width, height (mm).
#[derive(Debug, Clone, Copy, PartialEq)]
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
}

/// Lon/lat → page millimetres inside a frame (Web Mercator, aspect kept, box centred).
#[derive(Debug, Clone, Copy)]
pub struct MapProjection {
    pub frame: Rect,
    centre: [f64; 2],
    /// Millimetres per unit-Mercator.
    scale: f64,
}

impl MapProjection {
    pub fn fit(bbox: [f64; 4], frame: Rect) -> Self {
        let (x0, y1) = unit_merc_from_lonlat(bbox[0], bbox[1]);
        let (x1, y0) = unit_merc_from_lonlat(bbox[2], bbox[3]);
        let (w, h) = ((x1 - x0).abs().max(1e-12), (y1 - y0).abs().max(1e-12));
        let scale = (frame.w * 0.96 / w).min(frame.h * 0.96 / h);
        Self {
            frame,
            centre: [(x0 + x1) / 2.0, (y0 + y1) / 2.0],
            scale,
        }
    }

    pub fn apply(&self, lon: f64, lat: f64) -> Pt {
        let (x, y) = unit_merc_from_lonlat(lon, lat);
        [
            self.frame.x + self.frame.w / 2.0 + (x - self.centre[0]) * self.scale,
            self.frame.y + self.frame.h / 2.0 + (y - self.centre[1]) * self.scale,
        ]
    }

    /// Ground metres per page millimetre at the frame's centre latitude.
    pub fn metres_per_mm(&self) -> f64 {
        let lat = (std::f64::consts::PI * (1.0 - 2.0 * self.centre[1]))
            .sinh()
            .atan();
        // The parallel's radius on the GRS80 ellipsoid (a sphere would be 0.2 % short here).
        let e2 = 0.006_694_380_022_9;
        let s = lat.sin();
        EARTH_CIRCUMFERENCE * lat.cos() / (1.0 - e2 * s * s).sqrt() / self.scale
    }

    /// The map scale denominator (1 : n) on paper.
    pub fn scale_denominator(&self) -> f64 {
        self.metres_per_mm() * 1000.0
    }
}

pub(crate) fn text(
    page: &mut Page,
    at: Pt,
    s: &str,
    size: f64,
    align: Align,
    bold: bool,
    colour: Rgba,
) {
    if s.is_empty() {
        return;
    }
    page.items.push(Item::Text {
        at,
        text: s.to_owned(),
        size,
        colour,
        align,
        bold,
        halo: None,
    });
}

/// Line height in millimetres for a font size in points.
pub(crate) fn leading(size: f64) -> f64 {
    size * 1.25 / PT_PER_MM
}

pub(crate) fn rect_item(r: Rect, fill: Option<Rgba>, stroke: Option<(f64, Rgba)>) -> Item {
    Item::Polygon {
        rings: vec![vec![
            [r.x, r.y],
            [r.right(), r.y],
            [r.right(), r.bottom()],
            [r.x, r.bottom()],
        ]],
        fill,
        stroke,
    }
}

/// The page of one map.
pub fn map_page(content: &MapContent, settings: &LayoutSettings) -> Page {
    let (pw, ph) = settings.page_mm();
    let mut page = Page::new(pw, ph);
    let m = settings.margin_mm;
    let inner = Rect {
        x: m,
        y: m,
        w: pw - 2.0 * m,
        h: ph - 2.0 * m,
    };
    // Title block.
    let mut y = inner.y + leading(16.0) * 0.8;
    text(
        &mut page,
        [inner.x, y],
        &settings.title,
        16.0,
        Align::Left,
        true,
        TEXT,
    );
    if !settings.subtitle.is_empty() {
        y += leading(10.0) + 0.5;
        text(
            &mut page,
            [inner.x, y],
            &settings.subtitle,
            10.0,
            Align::Left,
            false,
            GREY,
        );
    }
    if content.fictitious {
        text(
            &mut page,
            [inner.right(), inner.y + leading(16.0) * 0.8],
            "fiktive Beispieldaten",
            10.0,
            Align::Right,
            true,
            FICTITIOUS,
        );
    }
    let top = y + 4.0;
    // Foot: sources, date/author, method note, wrapped to the page width.
    let foot = foot_lines(content, settings, inner.w);
    let foot_h: f64 = foot.iter().map(|(_, size, _)| leading(*size)).sum::<f64>() + 2.0;
    let bottom = inner.bottom() - foot_h;
    // Map and legend.
    let legend_w = if settings.landscape {
        78.0_f64.min(inner.w * 0.35)
    } else {
        inner.w
    };
    let legend_h_portrait = legend_height(content, legend_w);
    let (frame, legend_at) = if settings.landscape {
        (
            Rect {
                x: inner.x,
                y: top,
                w: inner.w - legend_w - 5.0,
                h: bottom - top,
            },
            Rect {
                x: inner.right() - legend_w,
                y: top,
                w: legend_w,
                h: bottom - top,
            },
        )
    } else {
        let lh = legend_h_portrait.min((bottom - top) * 0.45);
        (
            Rect {
                x: inner.x,
                y: top,
                w: inner.w,
                h: bottom - top - lh - 4.0,
            },
            Rect {
                x: inner.x,
                y: bottom - lh,
                w: inner.w,
                h: lh,
            },
        )
    };
    draw_map(&mut page, content, settings, frame);
    draw_legend(&mut page, content, legend_at);
    // Foot.
    let mut fy = bottom + 2.0;
    for (line, size, bold) in foot {
        fy += leading(size);
        text(
            &mut page,
            [inner.x, fy - leading(size) * 0.25],
            &line,
            size,
            Align::Left,
            bold,
            GREY,
        );
    }
    page
}

pub(crate) fn foot_lines(
    content: &MapContent,
    s: &LayoutSettings,
    width: f64,
) -> Vec<(String, f64, bool)> {
    let mut out = Vec::new();
    let sources = format!("Quellen: {}", content.sources.join(" · "));
    for l in wrap(&sources, 7.0, false, width) {
        out.push((l, 7.0, false));
    }
    let mut who = Vec::new();
    if !s.date.is_empty() {
        who.push(s.date.clone());
    }
    if !s.author.is_empty() {
        who.push(s.author.clone());
    }
    if !who.is_empty() {
        out.push((who.join(" · "), 7.0, false));
    }
    if let Some(note) = &content.method_note {
        for l in wrap(&format!("Methode: {note}"), 6.5, false, width) {
            out.push((l, 6.5, false));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::decorations::nice_length;
    use super::*;

    #[test]
    fn scale_bar_lengths_are_round() {
        assert_eq!(nice_length(1234.0), 1000.0);
        assert_eq!(nice_length(2600.0), 2000.0);
        assert_eq!(nice_length(7400.0), 5000.0);
        assert_eq!(nice_length(430.0), 200.0);
    }

    #[test]
    fn the_scale_is_right_at_the_map_latitude() {
        // A box 0.1° wide at Frankfurt's latitude: 7.16 km on the ground.
        let frame = Rect {
            x: 0.0,
            y: 0.0,
            w: 200.0,
            h: 200.0,
        };
        let p = MapProjection::fit([8.6, 50.08, 8.7, 50.12], frame);
        let a = p.apply(8.6, 50.1);
        let b = p.apply(8.7, 50.1);
        let ground = (b[0] - a[0]) * p.metres_per_mm();
        // The length of 0.1° of the parallel at 50.1° on the GRS80 ellipsoid.
        let (phi, e2) = (50.1_f64.to_radians(), 0.006_694_380_022_9);
        let n = 6_378_137.0 / (1.0 - e2 * phi.sin().powi(2)).sqrt();
        let expected = 0.1_f64.to_radians() * n * phi.cos();
        assert!(
            (ground - expected).abs() / expected < 0.001,
            "{ground} vs {expected}"
        );
    }
}
