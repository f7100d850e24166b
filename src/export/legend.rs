//! The legend of an exported map: title, classes with counts, the 4 × 3 matrix of an index
//! map, symbols and boundaries, and the small print (privacy rule).

use super::content::{MapContent, Swatch};
use super::font::wrap;
use super::geom::hatch_lines;
use super::layout::{COUNT_COLUMN, GREY, HATCH, Rect, TEXT, leading, rect_item, text};
use super::mapframe::symbol;
use super::scene::{Align, BLACK, Item, Page, WHITE};

const ROW: f64 = 5.2;

pub(crate) fn legend_height(content: &MapContent, width: f64) -> f64 {
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

pub(crate) fn draw_legend(page: &mut Page, content: &MapContent, at: Rect) {
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
