//! The page layout of an exported map: title and subtitle on top, the map frame (Web Mercator,
//! like the screen) with scale bar, north arrow and optional overview, the legend beside the
//! map (landscape) or below it (portrait) so that nothing on the map can overlap it, and the
//! sources, date, author and method note at the foot.

use geo::MultiPolygon;

use super::content::{AreaShape, LayoutSettings, MapContent, Mark, Swatch};
use super::font::{text_width_mm, wrap};
use super::geom::{clip_polyline, clip_ring, hatch_lines};
use super::scene::{Align, BLACK, Item, PT_PER_MM, Page, Pt, Rgba, WHITE};
use crate::crs::unit_merc_from_lonlat;

const TEXT: Rgba = [30, 30, 30, 255];
const GREY: Rgba = [90, 90, 90, 255];
const FRAME: Rgba = [60, 60, 60, 255];
const AREA_OUTLINE: Rgba = [255, 255, 255, 255];
const BOUNDARY: Rgba = [35, 35, 35, 255];
const HATCH: Rgba = [90, 90, 90, 255];
pub(crate) const FICTITIOUS: Rgba = [176, 58, 46, 255];
const HIGHLIGHT: Rgba = [140, 45, 4, 255];
const LABEL_HALO: Rgba = [255, 255, 255, 190];
/// Distance of the areas column from the legend's right edge (mm).
const COUNT_COLUMN: f64 = 22.0;
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
    fn right(&self) -> f64 {
        self.x + self.w
    }
    fn bottom(&self) -> f64 {
        self.y + self.h
    }
    fn contains(&self, p: Pt) -> bool {
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

pub(crate) fn draw_map(
    page: &mut Page,
    content: &MapContent,
    settings: &LayoutSettings,
    frame: Rect,
) {
    let proj = MapProjection::fit(content.bbox, frame);
    page.items.push(rect_item(frame, Some(WHITE), None));
    for t in &content.tiles {
        tile(page, &proj, t);
    }
    for a in &content.areas {
        area(page, &proj, a);
    }
    // The highlighted area's outline on top of its neighbours'.
    for a in content.areas.iter().filter(|a| a.highlight) {
        outline(page, &proj, &a.geometry, 1.1, HIGHLIGHT);
    }
    for b in &content.boundaries {
        let mp = &b.geometry;
        outline(page, &proj, mp, 0.45, BOUNDARY);
    }
    labels(page, &proj, content);
    for set in &content.facilities {
        for &(lon, lat) in &set.points {
            let p = proj.apply(lon, lat);
            if frame.contains(p) {
                symbol(
                    page,
                    set.mark,
                    p,
                    set.radius_mm,
                    set.fill,
                    set.stroke,
                    set.hollow,
                );
            }
        }
    }
    north_arrow(page, frame);
    scale_bar(page, &proj, frame);
    if settings.overview {
        overview(page, content, frame);
    }
    page.items.push(rect_item(frame, None, Some((0.3, FRAME))));
}

/// A tile image, cropped to the frame (images are not clipped by the back ends).
fn tile(page: &mut Page, proj: &MapProjection, t: &super::content::TileImage) {
    let a = proj.apply(t.bbox[0], t.bbox[3]);
    let b = proj.apply(t.bbox[2], t.bbox[1]);
    let f = &proj.frame;
    let (x0, y0) = (a[0].max(f.x), a[1].max(f.y));
    let (x1, y1) = (b[0].min(f.right()), b[1].min(f.bottom()));
    if x1 <= x0 || y1 <= y0 || b[0] <= a[0] || b[1] <= a[1] {
        return;
    }
    let (w, h) = (f64::from(t.width), f64::from(t.height));
    let px = |x: f64| ((x - a[0]) / (b[0] - a[0]) * w).round().clamp(0.0, w) as u32;
    let py = |y: f64| ((y - a[1]) / (b[1] - a[1]) * h).round().clamp(0.0, h) as u32;
    let (c0, c1, r0, r1) = (px(x0), px(x1), py(y0), py(y1));
    if c1 <= c0 || r1 <= r0 {
        return;
    }
    let (cw, ch) = (c1 - c0, r1 - r0);
    let rgba = if (cw, ch) == (t.width, t.height) {
        t.rgba.clone()
    } else {
        let mut out = Vec::with_capacity((cw * ch * 4) as usize);
        for r in r0..r1 {
            let start = ((r * t.width + c0) * 4) as usize;
            let end = start + (cw * 4) as usize;
            match t.rgba.get(start..end) {
                Some(row) => out.extend_from_slice(row),
                None => return,
            }
        }
        std::sync::Arc::new(out)
    };
    // The cropped pixels' exact page rectangle.
    let (x0, x1) = (
        a[0] + f64::from(c0) / w * (b[0] - a[0]),
        a[0] + f64::from(c1) / w * (b[0] - a[0]),
    );
    let (y0, y1) = (
        a[1] + f64::from(r0) / h * (b[1] - a[1]),
        a[1] + f64::from(r1) / h * (b[1] - a[1]),
    );
    page.items.push(Item::Image {
        rect: [x0, y0, x1 - x0, y1 - y0],
        width: cw,
        height: ch,
        rgba,
    });
}

fn project_rings(proj: &MapProjection, mp: &MultiPolygon<f64>) -> Vec<Vec<Pt>> {
    let mut rings = Vec::new();
    for poly in &mp.0 {
        for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
            let pts: Vec<Pt> = ring.0.iter().map(|c| proj.apply(c.x, c.y)).collect();
            let clipped = clip_ring(&pts, &proj.frame);
            if clipped.len() >= 3 {
                rings.push(clipped);
            }
        }
    }
    rings
}

fn area(page: &mut Page, proj: &MapProjection, a: &AreaShape) {
    let rings = project_rings(proj, &a.geometry);
    if rings.is_empty() {
        return;
    }
    page.items.push(Item::Polygon {
        rings: rings.clone(),
        fill: Some(a.fill),
        stroke: Some((0.15, AREA_OUTLINE)),
    });
    if a.hatch {
        for seg in hatch_lines(&rings, 1.6) {
            page.items.push(Item::Line {
                points: seg.to_vec(),
                width: 0.2,
                colour: HATCH,
                dash: None,
            });
        }
    }
}

fn outline(
    page: &mut Page,
    proj: &MapProjection,
    mp: &MultiPolygon<f64>,
    width: f64,
    colour: Rgba,
) {
    for poly in &mp.0 {
        let pts: Vec<Pt> = poly
            .exterior()
            .0
            .iter()
            .map(|c| proj.apply(c.x, c.y))
            .collect();
        for part in clip_polyline(&pts, &proj.frame) {
            page.items.push(Item::Line {
                points: part,
                width,
                colour,
                dash: None,
            });
        }
    }
}

/// Boundary names (Stadtteile) that fit: inside the frame, not overlapping each other.
fn labels(page: &mut Page, proj: &MapProjection, content: &MapContent) {
    let size = 6.0;
    let mut taken: Vec<Rect> = Vec::new();
    for b in &content.boundaries {
        let Some(name) = &b.name else { continue };
        let (lon, lat) = (&b.label_at.0, &b.label_at.1);
        let p = proj.apply(*lon, *lat);
        let w = text_width_mm(name, size, false);
        let h = size / PT_PER_MM;
        let r = Rect {
            x: p[0] - w / 2.0 - 0.5,
            y: p[1] - h,
            w: w + 1.0,
            h: h * 1.3,
        };
        let inside =
            proj.frame.contains([r.x, r.y]) && proj.frame.contains([r.right(), r.bottom()]);
        let free = taken
            .iter()
            .all(|t| r.right() < t.x || t.right() < r.x || r.bottom() < t.y || t.bottom() < r.y);
        if inside && free {
            page.items.push(rect_item(r, Some(LABEL_HALO), None));
            text(
                page,
                [p[0], p[1]],
                name,
                size,
                Align::Centre,
                false,
                [40, 40, 40, 255],
            );
            taken.push(r);
        }
    }
}

fn symbol(page: &mut Page, mark: Mark, p: Pt, r: f64, fill: Rgba, stroke: Rgba, hollow: bool) {
    let (fill, stroke) = if hollow {
        (Some(WHITE), Some((0.6, fill)))
    } else {
        (Some(fill), Some((0.25, stroke)))
    };
    match mark {
        Mark::Circle => page.items.push(Item::Circle {
            centre: p,
            radius: r,
            fill,
            stroke,
        }),
        Mark::Square => page.items.push(Item::Polygon {
            rings: vec![vec![
                [p[0] - r, p[1] - r],
                [p[0] + r, p[1] - r],
                [p[0] + r, p[1] + r],
                [p[0] - r, p[1] + r],
            ]],
            fill,
            stroke,
        }),
        Mark::Diamond => page.items.push(Item::Polygon {
            rings: vec![vec![
                [p[0], p[1] - r * 1.3],
                [p[0] + r * 1.3, p[1]],
                [p[0], p[1] + r * 1.3],
                [p[0] - r * 1.3, p[1]],
            ]],
            fill,
            stroke,
        }),
    }
}

fn north_arrow(page: &mut Page, frame: Rect) {
    let c = [frame.right() - 9.0, frame.y + 13.0];
    page.items.push(Item::Polygon {
        rings: vec![vec![
            [c[0], c[1] - 7.0],
            [c[0] + 3.2, c[1] + 3.0],
            [c[0], c[1] + 1.2],
        ]],
        fill: Some(BLACK),
        stroke: Some((0.2, BLACK)),
    });
    page.items.push(Item::Polygon {
        rings: vec![vec![
            [c[0], c[1] - 7.0],
            [c[0] - 3.2, c[1] + 3.0],
            [c[0], c[1] + 1.2],
        ]],
        fill: Some(WHITE),
        stroke: Some((0.2, BLACK)),
    });
    text(
        page,
        [c[0], c[1] - 8.0],
        "N",
        9.0,
        Align::Centre,
        true,
        BLACK,
    );
}

/// A round length (1, 2 or 5 × 10ⁿ metres) near a quarter of the frame width.
pub fn nice_length(metres: f64) -> f64 {
    let p = 10f64.powf(metres.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|f| f * p)
        .find(|l| *l <= metres)
        .unwrap_or(p)
}

fn distance_label(m: f64) -> String {
    if m >= 1000.0 {
        format!("{} km", crate::model::value::format_number_de(m / 1000.0))
    } else {
        format!("{m:.0} m")
    }
}

fn scale_bar(page: &mut Page, proj: &MapProjection, frame: Rect) {
    let mpm = proj.metres_per_mm();
    if !mpm.is_finite() || mpm <= 0.0 {
        return;
    }
    let length = nice_length(frame.w * 0.25 * mpm);
    let w = length / mpm;
    let (x, y) = (frame.x + 6.0, frame.bottom() - 7.0);
    page.items.push(rect_item(
        Rect {
            x: x - 2.0,
            y: y - 7.5,
            w: w + 4.0 + text_width_mm(&distance_label(length), 7.0, false),
            h: 10.0,
        },
        Some([255, 255, 255, 220]),
        None,
    ));
    // Two halves, black and white.
    page.items.push(rect_item(
        Rect {
            x,
            y,
            w: w / 2.0,
            h: 1.6,
        },
        Some(BLACK),
        Some((0.2, BLACK)),
    ));
    page.items.push(rect_item(
        Rect {
            x: x + w / 2.0,
            y,
            w: w / 2.0,
            h: 1.6,
        },
        Some(WHITE),
        Some((0.2, BLACK)),
    ));
    text(page, [x, y - 1.2], "0", 7.0, Align::Centre, false, BLACK);
    text(
        page,
        [x + w / 2.0, y - 1.2],
        &distance_label(length / 2.0),
        7.0,
        Align::Centre,
        false,
        BLACK,
    );
    text(
        page,
        [x + w, y - 1.2],
        &distance_label(length),
        7.0,
        Align::Centre,
        false,
        BLACK,
    );
    let denominator = proj.scale_denominator();
    text(
        page,
        [x + w + 4.0, y + 1.6],
        &format!(
            "1 : {}",
            crate::model::value::format_number_de((denominator / 1000.0).round() * 1000.0)
        ),
        6.0,
        Align::Left,
        false,
        GREY,
    );
}

fn overview(page: &mut Page, content: &MapContent, frame: Rect) {
    let full = content.full_bbox.unwrap_or(content.bbox);
    let size = 32.0;
    let r = Rect {
        x: frame.right() - size - 3.0,
        y: frame.bottom() - size - 3.0,
        w: size,
        h: size,
    };
    page.items
        .push(rect_item(r, Some(WHITE), Some((0.3, FRAME))));
    let p = MapProjection::fit(full, r);
    for b in &content.boundaries {
        let mp = &b.geometry;
        outline(page, &p, mp, 0.15, GREY);
    }
    if content.boundaries.is_empty() {
        for a in &content.areas {
            outline(page, &p, &a.geometry, 0.1, GREY);
        }
    }
    let a = p.apply(content.bbox[0], content.bbox[3]);
    let b = p.apply(content.bbox[2], content.bbox[1]);
    page.items.push(Item::Polygon {
        rings: vec![clip_ring(&[a, [b[0], a[1]], b, [a[0], b[1]]], &r)],
        fill: None,
        stroke: Some((0.5, [200, 30, 30, 255])),
    });
}

const ROW: f64 = 5.2;

fn legend_height(content: &MapContent, width: f64) -> f64 {
    let l = &content.legend;
    let title = wrap(&l.title, 9.0, true, width).len() as f64 * leading(9.0);
    let matrix = l
        .matrix
        .as_ref()
        .map_or(0.0, |m| (m.row_labels.len() + 1) as f64 * 7.5 + 2.0);
    let notes: f64 = l
        .notes
        .iter()
        .map(|n| wrap(n, 6.0, false, width).len() as f64 * leading(6.0))
        .sum();
    title + leading(7.0) + matrix + l.rows.len() as f64 * ROW + notes + 6.0
}

fn draw_legend(page: &mut Page, content: &MapContent, at: Rect) {
    let l = &content.legend;
    let mut y = at.y + leading(9.0) * 0.8;
    for line in wrap(&l.title, 9.0, true, at.w) {
        text(page, [at.x, y], &line, 9.0, Align::Left, true, TEXT);
        y += leading(9.0);
    }
    if !l.subtitle.is_empty() {
        text(
            page,
            [at.x, y - 0.5],
            &l.subtitle,
            6.5,
            Align::Left,
            false,
            GREY,
        );
        y += leading(7.0);
    }
    if let Some(m) = &l.matrix {
        y = matrix(page, m, at.x, y);
    }
    if let Some((a, r)) = &l.count_titles {
        text(
            page,
            [at.right() - COUNT_COLUMN, y],
            a,
            6.0,
            Align::Right,
            false,
            GREY,
        );
        text(page, [at.right(), y], r, 6.0, Align::Right, false, GREY);
        y += 1.5;
    }
    for row in &l.rows {
        let sw = Rect {
            x: at.x,
            y,
            w: 7.0,
            h: 4.0,
        };
        swatch(page, &row.swatch, sw);
        text(
            page,
            [at.x + 9.0, y + 3.2],
            &row.label,
            7.0,
            Align::Left,
            false,
            TEXT,
        );
        if let Some(n) = row.areas {
            text(
                page,
                [at.right() - COUNT_COLUMN, y + 3.2],
                &n.to_string(),
                7.0,
                Align::Right,
                false,
                TEXT,
            );
        }
        if let Some(r) = &row.residents {
            text(
                page,
                [at.right(), y + 3.2],
                r,
                7.0,
                Align::Right,
                false,
                TEXT,
            );
        }
        y += ROW;
    }
    y += 1.0;
    for n in &l.notes {
        for line in wrap(n, 6.0, false, at.w) {
            y += leading(6.0);
            text(page, [at.x, y], &line, 6.0, Align::Left, false, GREY);
        }
    }
}

fn swatch(page: &mut Page, s: &Swatch, r: Rect) {
    match s {
        Swatch::Fill(c) => page.items.push(rect_item(r, Some(*c), Some((0.15, GREY)))),
        Swatch::Hatched(c) => {
            page.items.push(rect_item(r, Some(*c), Some((0.15, GREY))));
            let ring = vec![
                [r.x, r.y],
                [r.right(), r.y],
                [r.right(), r.bottom()],
                [r.x, r.bottom()],
            ];
            for seg in hatch_lines(&[ring], 1.2) {
                page.items.push(Item::Line {
                    points: seg.to_vec(),
                    width: 0.2,
                    colour: HATCH,
                    dash: None,
                });
            }
        }
        Swatch::Symbol(mark, fill, stroke) => symbol(
            page,
            *mark,
            [r.x + r.w / 2.0, r.y + r.h / 2.0],
            1.6,
            *fill,
            *stroke,
            false,
        ),
        Swatch::Line(c, w) => page.items.push(Item::Line {
            points: vec![[r.x, r.y + r.h / 2.0], [r.right(), r.y + r.h / 2.0]],
            width: *w,
            colour: *c,
            dash: None,
        }),
    }
}

fn matrix(page: &mut Page, m: &super::content::MatrixLegend, x: f64, mut y: f64) -> f64 {
    let label_w = 22.0;
    let (cw, ch) = (11.0, 6.5);
    for (j, c) in m.column_labels.iter().enumerate() {
        text(
            page,
            [x + label_w + j as f64 * (cw + 1.0) + cw / 2.0, y + 1.0],
            c,
            5.5,
            Align::Centre,
            false,
            GREY,
        );
    }
    y += 2.5;
    for (i, row) in m.row_labels.iter().enumerate() {
        text(page, [x, y + ch * 0.7], row, 6.5, Align::Left, false, TEXT);
        for j in 0..m.column_labels.len() {
            let colour = m
                .colours
                .get(i)
                .and_then(|r| r.get(j))
                .copied()
                .unwrap_or(WHITE);
            let cell = Rect {
                x: x + label_w + j as f64 * (cw + 1.0),
                y,
                w: cw,
                h: ch,
            };
            page.items
                .push(rect_item(cell, Some(colour), Some((0.15, GREY))));
            let light = 0.299 * f64::from(colour[0])
                + 0.587 * f64::from(colour[1])
                + 0.114 * f64::from(colour[2])
                > 150.0;
            let n = m.counts.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0);
            text(
                page,
                [cell.x + cw / 2.0, y + ch * 0.7],
                &n.to_string(),
                7.0,
                Align::Centre,
                false,
                if light { BLACK } else { WHITE },
            );
        }
        y += ch + 1.0;
    }
    y + 2.0
}

#[cfg(test)]
mod tests {
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
