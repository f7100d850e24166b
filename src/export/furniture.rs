//! What accompanies the map outside its frame, so that nothing covers the areas: the scale
//! bar (a round length, correct at the map's latitude) with "1 : n" and the north arrow in a
//! strip under the frame, and the overview map with the shown extent (and the selected area)
//! marked. Each records its block in the layout report.

use super::content::MapContent;
use super::draw::{FRAME, GREY, HIGHLIGHT, TEXT, ascent, line_box, rect_item, text};
use super::geom::clip_ring;
use super::mapframe::{outline, project_rings};
use super::projection::MapProjection;
use super::report::BlockKind;
use super::scene::{Align, BLACK, Item, Page, Rect, WHITE};
use crate::i18n::Words;

/// Height of the strip under the map frame holding scale bar and north arrow (mm).
pub(crate) const STRIP_H: f64 = 10.0;
/// Gap between the map frame and the strip (mm).
pub(crate) const STRIP_GAP: f64 = 1.5;
const LABEL_PT: f64 = 7.0;

/// A round length (1, 2 or 5 × 10ⁿ metres) no longer than `metres`.
pub fn nice_length(metres: f64) -> f64 {
    let p = 10f64.powf(metres.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|f| f * p)
        .find(|l| *l <= metres)
        .unwrap_or(p)
}

/// The strip under `frame`: scale bar on the left, north arrow on the right.
pub(crate) fn strip(page: &mut Page, proj: &MapProjection, frame: Rect, words: Words) {
    let top = frame.bottom() + STRIP_GAP;
    scale_bar(page, proj, frame.x, top, frame.w - 12.0, words);
    north_arrow(page, frame.right() - 3.0, top);
}

/// Scale bar at (x, top), at most a quarter of `width` long, its labels above, the 1 : n
/// beside it; no knock-out box (it stands on white paper).
fn scale_bar(page: &mut Page, proj: &MapProjection, x: f64, top: f64, width: f64, words: Words) {
    let mpm = proj.metres_per_mm();
    if !mpm.is_finite() || mpm <= 0.0 || width <= 0.0 {
        return;
    }
    let length = nice_length(width * 0.35 * mpm);
    let w = length / mpm;
    let zero = "0";
    // The bar starts where the centred "0" begins at the frame's edge.
    let x0 = x + line_box(0.0, 0.0, zero, LABEL_PT, Align::Centre, false).w / 2.0;
    let bar_y = top + ascent(LABEL_PT, false) + 2.4;
    let label = |at: f64, s: &str| line_box(at, top, s, LABEL_PT, Align::Centre, false);
    let (half, end) = (words.distance(length / 2.0), words.distance(length));
    let mut marks = vec![(x0, zero.to_owned())];
    // The middle mark only when its label keeps clear of its neighbours.
    let mid = label(x0 + w / 2.0, &half);
    if mid.x > label(x0, zero).right() + 1.5 && mid.right() < label(x0 + w, &end).x - 1.5 {
        marks.push((x0 + w / 2.0, half));
    }
    marks.push((x0 + w, end));
    let mut block = label(x0, zero);
    for (at, s) in marks {
        text(
            page,
            [at, top + ascent(LABEL_PT, false)],
            &s,
            LABEL_PT,
            Align::Centre,
            false,
            TEXT,
        );
        block = block.union(&label(at, &s));
    }
    for (i, fill) in [BLACK, WHITE].into_iter().enumerate() {
        let half = Rect {
            x: x0 + i as f64 * w / 2.0,
            y: bar_y,
            w: w / 2.0,
            h: 1.6,
        };
        page.items
            .push(rect_item(half, Some(fill), Some((0.2, BLACK))));
        block = block.union(&half.grow(0.1));
    }
    let scale = words.scale(proj.scale_denominator());
    let sx = block.right() + 3.0;
    let stop = bar_y + 1.6 - ascent(6.5, false);
    text(
        page,
        [sx, bar_y + 1.6],
        &scale,
        6.5,
        Align::Left,
        false,
        GREY,
    );
    block = block.union(&line_box(sx, stop, &scale, 6.5, Align::Left, false));
    page.report.block(BlockKind::ScaleBar, block);
}

/// A north arrow centred at `cx`, its "N" at `top`.
fn north_arrow(page: &mut Page, cx: f64, top: f64) {
    let n_box = line_box(cx, top, "N", 7.0, Align::Centre, true);
    text(
        page,
        [cx, top + ascent(7.0, true)],
        "N",
        7.0,
        Align::Centre,
        true,
        BLACK,
    );
    let (tip, base) = (n_box.bottom() + 0.3, top + STRIP_H - 0.5);
    let notch = base - 1.3;
    for (side, fill) in [(1.0, BLACK), (-1.0, WHITE)] {
        page.items.push(Item::Polygon {
            rings: vec![vec![[cx, tip], [cx + side * 2.2, base], [cx, notch]]],
            fill: Some(fill),
            stroke: Some((0.2, BLACK)),
        });
    }
    let arrow = Rect {
        x: cx - 2.4,
        y: tip - 0.2,
        w: 4.8,
        h: base - tip + 0.4,
    };
    page.report
        .block(BlockKind::NorthArrow, n_box.union(&arrow));
}

/// The overview map in `r`: the whole extent's outlines, the selected area filled and the
/// shown extent outlined in red; with a caption above when given.
pub(crate) fn overview(page: &mut Page, content: &MapContent, r: Rect, caption: Option<&str>) {
    let mut frame = r;
    if let Some(c) = caption {
        text(
            page,
            [r.x, r.y + ascent(7.0, true)],
            c,
            7.0,
            Align::Left,
            true,
            TEXT,
        );
        let h = super::draw::leading(7.0) + 0.5;
        frame = Rect {
            y: r.y + h,
            h: r.h - h,
            ..r
        };
    }
    let full = content.full_bbox.unwrap_or(content.bbox);
    page.items
        .push(rect_item(frame, Some(WHITE), Some((0.3, FRAME))));
    let p = MapProjection::fit(full, frame);
    for a in content.areas.iter().filter(|a| a.highlight) {
        let rings = project_rings(&p, &a.geometry);
        if !rings.is_empty() {
            page.items.push(Item::Polygon {
                rings,
                fill: Some(HIGHLIGHT),
                stroke: Some((0.2, HIGHLIGHT)),
            });
        }
    }
    for b in &content.boundaries {
        outline(page, &p, &b.geometry, 0.15, GREY);
    }
    if content.boundaries.is_empty() {
        for a in &content.areas {
            outline(page, &p, &a.geometry, 0.1, GREY);
        }
    }
    let a = p.apply(content.bbox[0], content.bbox[3]);
    let b = p.apply(content.bbox[2], content.bbox[1]);
    let ring = clip_ring(&[a, [b[0], a[1]], b, [a[0], b[1]]], &frame);
    if ring.len() >= 3 {
        page.items.push(Item::Polygon {
            rings: vec![ring],
            fill: None,
            stroke: Some((0.5, [200, 30, 30, 255])),
        });
    }
    page.report.block(BlockKind::Overview, r);
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
    fn the_strip_lies_under_the_frame_and_covers_none_of_it() {
        let frame = Rect {
            x: 10.0,
            y: 10.0,
            w: 180.0,
            h: 120.0,
        };
        let proj = MapProjection::fit([8.47, 50.01, 8.8, 50.23], frame);
        let mut page = Page::new(210.0, 297.0);
        strip(&mut page, &proj, frame, Words::default());
        let blocks = &page.report.blocks;
        assert_eq!(blocks.len(), 2);
        for b in blocks {
            assert!(b.rect.y >= frame.bottom(), "{b:?}");
            assert!(b.rect.bottom() <= frame.bottom() + STRIP_GAP + STRIP_H + 0.01);
            assert!(b.rect.x >= frame.x - 0.01 && b.rect.right() <= frame.right() + 0.01);
        }
        assert!(!blocks[0].rect.overlaps(&blocks[1].rect));
        assert!(page.texts().any(|t| t.starts_with("1 : ")));
    }
}
