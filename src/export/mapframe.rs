//! The map frame of an exported page: basemap tiles cropped to it, the areas (clipped, with
//! hatching and the highlighted area on top), boundaries with names that never overlap,
//! facility symbols, and the frame's decorations.

use geo::MultiPolygon;

use super::content::{AreaShape, LayoutSettings, MapContent, Mark};
use super::decorations::{north_arrow, overview, scale_bar};
use super::font::text_width_mm;
use super::geom::{clip_polyline, clip_ring, hatch_lines};
use super::layout::{
    AREA_OUTLINE, BOUNDARY, FRAME, HATCH, HIGHLIGHT, LABEL_HALO, MapProjection, Rect, rect_item,
    text,
};
use super::scene::{Align, Item, PT_PER_MM, Page, Pt, Rgba, WHITE};

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

pub(crate) fn outline(
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

pub(crate) fn symbol(
    page: &mut Page,
    mark: Mark,
    p: Pt,
    r: f64,
    fill: Rgba,
    stroke: Rgba,
    hollow: bool,
) {
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
