//! The map frame of an exported page: basemap tiles cropped to it, the areas (clipped, with
//! hatching and the highlighted area on top), boundaries, facility symbols, and the boundary
//! names placed by [`super::place`] clear of the symbols and of each other (haloed, with a
//! leader line where a name had to move away). Nothing else is drawn over the map: scale bar,
//! north arrow and overview live outside the frame ([`super::furniture`]).

use geo::MultiPolygon;

use super::content::{AreaShape, BOUNDARY_LINE, MapContent, Mark, SELECTED_LINE, SymbolStyle};
use super::draw::{AREA_OUTLINE, FRAME, HALO, HATCH, LABEL, LABEL_HALO_MM, haloed, rect_item};
use super::font::text_box;
use super::geom::{clip_polyline, clip_ring, hatch_lines};
use super::legend::{HATCH_SPACING, HATCH_WIDTH};
use super::place::{LabelRequest, Placer, interior_point};
use super::projection::MapProjection;
use super::report::{BlockKind, PlacedLabel, SymbolBox};
use super::scene::{Align, Item, Page, Pt, Rect, Rgba, WHITE};

/// Size of map labels (pt).
const LABEL_PT: f64 = 6.0;
/// Free space kept around symbols when placing labels (mm).
const SYMBOL_CLEARANCE: f64 = 0.4;

/// The map in `frame`: tiles, areas, outlines, facility symbols and the names placed clear of
/// them; returns the projection used. Symbols that would stick out of the frame are left out.
pub(crate) fn draw_map(page: &mut Page, content: &MapContent, frame: Rect) -> MapProjection {
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
        outline(page, &proj, &a.geometry, SELECTED_LINE.1, SELECTED_LINE.0);
    }
    for b in &content.boundaries {
        outline(page, &proj, &b.geometry, BOUNDARY_LINE.1, BOUNDARY_LINE.0);
    }
    let mut symbols: Vec<(SymbolStyle, Pt, SymbolBox)> = Vec::new();
    for set in &content.facilities {
        for &(lon, lat) in &set.points {
            let p = proj.apply(lon, lat);
            let rect = symbol_box(&set.style, p);
            if frame.encloses(&rect, 0.0) {
                let name = set.name.clone();
                symbols.push((set.style, p, SymbolBox { name, rect }));
            }
        }
    }
    let obstacles: Vec<Rect> = symbols
        .iter()
        .map(|(_, _, b)| b.rect.grow(SYMBOL_CLEARANCE))
        .collect();
    let labels = place_labels(page, &proj, content, obstacles);
    for (style, p, b) in symbols {
        symbol(page, &style, p);
        page.report.symbols.push(b);
    }
    draw_labels(page, labels);
    page.items.push(rect_item(frame, None, Some((0.3, FRAME))));
    page.report.block(BlockKind::Map, frame);
    proj
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

pub(crate) fn project_rings(proj: &MapProjection, mp: &MultiPolygon<f64>) -> Vec<Vec<Pt>> {
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
        for seg in hatch_lines(&rings, HATCH_SPACING) {
            page.items.push(Item::Line {
                points: seg.to_vec(),
                width: HATCH_WIDTH,
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

/// The boundary names (Stadtteile) placed clear of the symbols and of each other; leader
/// lines drawn at once (under the symbols), the names returned to be drawn on top.
fn place_labels(
    page: &mut Page,
    proj: &MapProjection,
    content: &MapContent,
    obstacles: Vec<Rect>,
) -> Vec<PlacedLabel> {
    let named: Vec<(&str, &super::content::Boundary)> = content
        .boundaries
        .iter()
        .filter_map(|b| Some((b.name.as_deref()?, b)))
        .filter(|(n, _)| !n.trim().is_empty())
        .collect();
    let inner = proj.frame.grow(-2.0);
    let (named, requests): (Vec<_>, Vec<_>) = named
        .into_iter()
        .filter_map(|(name, b)| {
            let r = text_box(
                [0.0, 0.0],
                name,
                LABEL_PT,
                Align::Centre,
                false,
                LABEL_HALO_MM,
            );
            let area = project_rings(proj, &b.geometry);
            let mut anchor = proj.apply(b.label_at.0, b.label_at.1);
            let on_map = inner.contains(anchor);
            // A name whose point lies off the map goes into the area's visible part, when
            // that part is wide enough to hold a name (and only there: no leader lines to
            // slivers at the frame's edge).
            if !on_map {
                let (p, room) = interior_point(&area)?;
                if room < r.h {
                    return None;
                }
                anchor = p;
            }
            let req = LabelRequest {
                w: r.w,
                h: r.h,
                anchor,
                area,
                leader: on_map,
            };
            Some(((name, b), req))
        })
        .unzip();
    let mut placer = Placer::new(proj.frame.grow(-0.8), obstacles);
    let mut out = Vec::new();
    for ((name, _), (req, placed)) in named
        .iter()
        .zip(requests.iter().zip(placer.place_all(&requests)))
    {
        let Some(p) = placed else {
            page.report.dropped_labels.push((*name).to_owned());
            continue;
        };
        if let Some([a, b]) = p.leader {
            leader(page, a, b);
        }
        out.push(PlacedLabel {
            text: (*name).to_owned(),
            rect: p.rect,
            anchor: req.anchor,
            leader: p.leader,
        });
    }
    out
}

/// A haloed leader line with a dot at the named point.
fn leader(page: &mut Page, a: Pt, b: Pt) {
    for (width, colour) in [(0.7, HALO), (0.22, LABEL)] {
        page.items.push(Item::Line {
            points: vec![a, b],
            width,
            colour,
            dash: None,
        });
    }
    page.items.push(Item::Circle {
        centre: a,
        radius: 0.45,
        fill: Some(LABEL),
        stroke: Some((0.2, HALO)),
    });
}

/// The names, with their halo, centred in their boxes.
fn draw_labels(page: &mut Page, labels: Vec<PlacedLabel>) {
    for l in labels {
        let plain = text_box([0.0, 0.0], &l.text, LABEL_PT, Align::Centre, false, 0.0);
        // Baseline so that the text's own box sits in the middle of the placed box.
        let baseline = l.rect.y + LABEL_HALO_MM - plain.y;
        haloed(
            page,
            [l.rect.centre()[0], baseline],
            &l.text,
            LABEL_PT,
            false,
        );
        page.report.labels.push(l);
    }
}

/// The page box of a symbol at `p`, its stroke included.
pub(crate) fn symbol_box(style: &SymbolStyle, p: Pt) -> Rect {
    let (_, stroke) = symbol_paint(style);
    let half_stroke = stroke.map_or(0.0, |(w, _)| w / 2.0);
    let half = match style.mark {
        Mark::Circle | Mark::Square => style.radius_mm + half_stroke,
        // Miter joins at the diamond's right-angled corners reach √2 × half the stroke out.
        Mark::Diamond => style.radius_mm * 1.3 + half_stroke * std::f64::consts::SQRT_2,
    };
    Rect {
        x: p[0] - half,
        y: p[1] - half,
        w: 2.0 * half,
        h: 2.0 * half,
    }
}

type Paint = (Option<Rgba>, Option<(f64, Rgba)>);

fn symbol_paint(style: &SymbolStyle) -> Paint {
    if style.hollow {
        (Some(WHITE), Some((0.6, style.fill)))
    } else {
        (Some(style.fill), Some((0.25, style.stroke)))
    }
}

/// A facility symbol at `p` — the one drawing used by the map and by the legend.
pub(crate) fn symbol(page: &mut Page, style: &SymbolStyle, p: Pt) {
    let (fill, stroke) = symbol_paint(style);
    let r = style.radius_mm;
    match style.mark {
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
