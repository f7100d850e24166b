//! The legend of an exported map, set from the top of its column: title, classes with counts,
//! the 4 × 3 matrix of an index map with its axis names, then the map's other elements
//! (boundaries, facility symbols drawn by the map's own symbol routine at the map's size) and
//! the small print (privacy rule). Every function returns the bottom of what it drew, and
//! [`height`] measures by drawing on a scratch page, so measured and drawn never disagree.

use super::content::{Legend, LegendRow, MatrixLegend, Swatch};
use super::draw::{GREY, HATCH, TEXT, ascent, leading, lines, rect_item, text};
use super::font::{text_width_mm, vertical_metrics_em, wrap};
use super::geom::hatch_lines;
use super::mapframe::{symbol, symbol_box};
use super::scene::{Align, BLACK, Item, PT_PER_MM, Page, Rect, WHITE};

/// Distance of the areas column from the legend's right edge (mm).
const COUNT_COLUMN: f64 = 22.0;
/// Room kept left of the areas column for its numbers (mm).
const COUNT_ROOM: f64 = 8.0;
const ROW: f64 = 5.2;
const SWATCH_W: f64 = 7.0;
const SWATCH_H: f64 = 4.0;
const LABEL_PT: f64 = 7.0;
/// Hatching of withheld areas: the same spacing and line as on the map.
pub(crate) const HATCH_SPACING: f64 = 1.6;
pub(crate) const HATCH_WIDTH: f64 = 0.2;

/// The height `draw` takes from `top` when drawn (on a scratch page).
pub(crate) fn height(draw: impl FnOnce(&mut Page, f64) -> f64) -> f64 {
    let mut scratch = Page::new(1000.0, 1000.0);
    draw(&mut scratch, 0.0)
}

/// Title, subtitle, matrix and class rows (with the count columns when `counts`).
pub(crate) fn draw_classes(
    page: &mut Page,
    l: &Legend,
    x: f64,
    top: f64,
    w: f64,
    counts: bool,
) -> f64 {
    let mut y = lines(page, x, top, &wrap(&l.title, 9.0, true, w), 9.0, true, TEXT);
    if !l.subtitle.is_empty() {
        y = lines(
            page,
            x,
            y,
            &wrap(&l.subtitle, 6.5, false, w),
            6.5,
            false,
            GREY,
        ) + 0.8;
    }
    if let Some(m) = &l.matrix {
        y = matrix(page, m, x, y + 0.5, w);
    }
    let counts = counts
        && l.rows
            .iter()
            .any(|r| r.areas.is_some() || r.residents.is_some());
    if counts && let Some((a, r)) = &l.count_titles {
        let base = y + ascent(6.0, false);
        text(
            page,
            [x + w - COUNT_COLUMN, base],
            a,
            6.0,
            Align::Right,
            false,
            GREY,
        );
        text(page, [x + w, base], r, 6.0, Align::Right, false, GREY);
        y += leading(6.0);
    }
    let label_w = if counts {
        w - SWATCH_W - 2.0 - COUNT_COLUMN - COUNT_ROOM
    } else {
        w - SWATCH_W - 2.0
    };
    for row in &l.rows {
        y = legend_row(page, row, x, y, label_w, counts.then_some(x + w));
    }
    y
}

/// The map's other elements: boundaries, symbols, the selected area.
pub(crate) fn draw_elements(page: &mut Page, l: &Legend, x: f64, top: f64, w: f64) -> f64 {
    let mut y = top;
    for row in &l.elements {
        y = legend_row(page, row, x, y, w - SWATCH_W - 2.0, None);
    }
    y
}

/// The small print, wrapped to `w`.
pub(crate) fn draw_notes(page: &mut Page, l: &Legend, x: f64, top: f64, w: f64) -> f64 {
    let mut y = top;
    for n in &l.notes {
        y = lines(page, x, y + 0.6, &wrap(n, 6.0, false, w), 6.0, false, GREY);
    }
    y
}

/// One row: swatch, label (wrapped to `label_w`), counts right-aligned at `counts_right`.
fn legend_row(
    page: &mut Page,
    row: &LegendRow,
    x: f64,
    top: f64,
    label_w: f64,
    counts_right: Option<f64>,
) -> f64 {
    let label = wrap(&row.label, LABEL_PT, false, label_w);
    let symbol_h = match &row.swatch {
        Swatch::Symbol(s) => symbol_box(s, [0.0, 0.0]).h,
        _ => SWATCH_H,
    };
    let text_h = (label.len().max(1) - 1) as f64 * leading(LABEL_PT) + line_height(LABEL_PT);
    let h = ROW.max(symbol_h + 1.2).max(text_h + 1.2);
    let sw = Rect {
        x,
        y: top + (h - SWATCH_H) / 2.0,
        w: SWATCH_W,
        h: SWATCH_H,
    };
    swatch(page, &row.swatch, sw);
    let text_top = top + (h - text_h) / 2.0;
    lines(
        page,
        x + SWATCH_W + 2.0,
        text_top,
        &label,
        LABEL_PT,
        false,
        TEXT,
    );
    if let Some(right) = counts_right {
        let base = text_top + ascent(LABEL_PT, false);
        if let Some(n) = row.areas {
            let at = [right - COUNT_COLUMN, base];
            text(
                page,
                at,
                &n.to_string(),
                LABEL_PT,
                Align::Right,
                false,
                TEXT,
            );
        }
        if let Some(r) = &row.residents {
            text(page, [right, base], r, LABEL_PT, Align::Right, false, TEXT);
        }
    }
    top + h
}

/// Height of one line of text (ascent + descent), mm.
fn line_height(size: f64) -> f64 {
    let (a, d) = vertical_metrics_em(false);
    (a + d) * size / PT_PER_MM
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
            for seg in hatch_lines(&[ring], HATCH_SPACING) {
                page.items.push(Item::Line {
                    points: seg.to_vec(),
                    width: HATCH_WIDTH,
                    colour: HATCH,
                    dash: None,
                });
            }
        }
        Swatch::Symbol(style) => symbol(page, style, r.centre()),
        Swatch::Line(c, w) => page.items.push(Item::Line {
            points: vec![[r.x, r.y + r.h / 2.0], [r.right(), r.y + r.h / 2.0]],
            width: *w,
            colour: *c,
            dash: None,
        }),
    }
}

/// The largest size from `size` down to 4.5 pt at which `s` fits `w` mm.
fn fitted(s: &str, size: f64, w: f64) -> Option<f64> {
    let mut pt = size;
    while pt >= 4.5 {
        if text_width_mm(s, pt, false) <= w {
            return Some(pt);
        }
        pt -= 0.25;
    }
    None
}

/// The matrix with its axis names: the column axis ("Dynamik") over the columns, the row axis
/// ("Status") over the row labels.
fn matrix(page: &mut Page, m: &MatrixLegend, x: f64, top: f64, w: f64) -> f64 {
    let row_pt = 6.5;
    let label_w = m
        .row_labels
        .iter()
        .map(|l| text_width_mm(l, row_pt, false))
        .fold(text_width_mm(&m.row_title, 6.0, true), f64::max)
        + 2.0;
    let n = m.column_labels.len().max(1) as f64;
    let cw = ((w - label_w) / n - 1.0).clamp(6.0, 12.0);
    let ch = 6.5;
    let cells_w = n * (cw + 1.0) - 1.0;
    let mut y = top;
    let base = y + ascent(6.0, true);
    let centre = x + label_w + cells_w / 2.0;
    text(
        page,
        [centre, base],
        &m.column_title,
        6.0,
        Align::Centre,
        true,
        GREY,
    );
    y += leading(6.0);
    let base = y + ascent(6.0, true);
    text(page, [x, base], &m.row_title, 6.0, Align::Left, true, GREY);
    for (j, c) in m.column_labels.iter().enumerate() {
        let cx = x + label_w + j as f64 * (cw + 1.0) + cw / 2.0;
        // Fitted to the cell; if even 4.5 pt is too wide, only its sign ("+", "○", "−").
        let (label, size) = match fitted(c, 5.5, cw + 0.8) {
            Some(s) => (c.clone(), s),
            None => (c.split_whitespace().next().unwrap_or("").to_owned(), 5.5),
        };
        text(page, [cx, base], &label, size, Align::Centre, false, GREY);
    }
    y += leading(6.0) + 0.3;
    for (i, row) in m.row_labels.iter().enumerate() {
        let base = y + (ch - line_height(row_pt)) / 2.0 + ascent(row_pt, false);
        text(page, [x, base], row, row_pt, Align::Left, false, TEXT);
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
            let base = y + (ch - line_height(7.0)) / 2.0 + ascent(7.0, false);
            let ink = if light { BLACK } else { WHITE };
            let at = [cell.x + cw / 2.0, base];
            text(page, at, &n.to_string(), 7.0, Align::Centre, false, ink);
        }
        y += ch + 1.0;
    }
    y + 1.5
}
