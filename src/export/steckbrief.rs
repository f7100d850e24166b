//! The Steckbrief (area profile) page: the area on a map with its neighbours and beside it the
//! overview ("Lage im Stadtgebiet") and the map's legend, then a table of its indicators
//! against the city, its index class and breakdown, its distance to the nearest
//! Nachbarschaftsbüro, its notes, and the foot with sources, date and author — one portrait
//! page per area. Nothing covers the map: the overview sits beside it, scale bar and north
//! arrow under it.

use super::content::{LayoutSettings, MapContent};
use super::draw::{
    GREY, Heading, TEXT, ascent, draw_foot, foot_lines, heading, leading, lines, rect_item, text,
};
use super::font::wrap;
use super::furniture::{STRIP_GAP, STRIP_H, overview, strip};
use super::layout::full_subtitle;
use super::legend::{draw_classes, draw_elements, draw_notes, height};
use super::mapframe::draw_map;
use super::report::BlockKind;
use super::scene::{Align, Page, Rect, Rgba};
use crate::i18n::Words;

const RULE: Rgba = [200, 200, 200, 255];
/// Width of the column beside the map (overview and legend), mm.
const ASIDE_W: f64 = 50.0;
const BODY_PT: f64 = 7.5;

/// Everything on one profile page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Profile {
    pub title: String,
    pub subtitle: String,
    pub map: MapContent,
    /// Column titles: indicator, area, city.
    pub columns: (String, String, String),
    pub rows: Vec<(String, String, String)>,
    /// Headed blocks of text lines: ("Sozialindex", lines), ("Erreichbarkeit", lines) …
    pub sections: Vec<(String, Vec<String>)>,
}

/// The aside's legend: classes without counts, the map's elements, the notes.
fn aside_legend(page: &mut Page, map: &MapContent, x: f64, top: f64) -> f64 {
    let l = &map.legend;
    let mut y = draw_classes(page, l, x, top, ASIDE_W, false);
    if !l.elements.is_empty() {
        y = draw_elements(page, l, x, y + 1.5, ASIDE_W);
    }
    draw_notes(page, l, x, y + 0.5, ASIDE_W)
}

/// A profile page (portrait, whatever the map layout's orientation).
pub fn profile_page(p: &Profile, settings: &LayoutSettings) -> Page {
    let mut s = settings.clone();
    s.landscape = false;
    let (pw, ph) = s.page_mm();
    let mut page = Page::new(pw, ph);
    let m = s.margin_mm;
    let inner = Rect {
        x: m,
        y: m,
        w: pw - 2.0 * m,
        h: ph - 2.0 * m,
    };
    page.report.content = Some(inner);
    let words = Words::new(p.map.english);
    let subtitle = full_subtitle(&p.subtitle, &p.map.subtitle_notes);
    let head = Heading {
        title: &p.title,
        subtitle: &subtitle,
        title_size: 15.0,
        subtitle_size: 9.0,
        fictitious: p.map.fictitious,
        words,
    };
    let top = heading(&mut page, inner, &head) + 3.0;
    let foot = foot_lines(&p.map, &s, inner.w);
    let foot_top = draw_foot(&mut page, inner, &foot) - 3.0;

    // The map, and beside it the overview and the legend.
    let ov_h = ASIDE_W * 0.78 + leading(7.0) + 0.5;
    let legend_h = height(|pg, t| aside_legend(pg, &p.map, 0.0, t));
    let map_h = (ph * 0.34)
        .min(110.0)
        .max(ov_h + 4.0 + legend_h - STRIP_GAP - STRIP_H);
    let frame = Rect {
        x: inner.x,
        y: top,
        w: inner.w - ASIDE_W - 5.0,
        h: map_h,
    };
    let proj = draw_map(&mut page, &p.map, frame);
    strip(&mut page, &proj, frame, words);
    let ax = inner.right() - ASIDE_W;
    let ov = Rect {
        x: ax,
        y: top,
        w: ASIDE_W,
        h: ov_h,
    };
    overview(&mut page, &p.map, ov, Some(words.location()));
    let legend_top = ov.bottom() + 4.0;
    let legend_bottom = aside_legend(&mut page, &p.map, ax, legend_top);
    page.report.block(
        BlockKind::Legend,
        Rect {
            x: ax,
            y: legend_top,
            w: ASIDE_W,
            h: legend_bottom - legend_top,
        },
    );
    let y = (frame.bottom() + STRIP_GAP + STRIP_H).max(legend_bottom) + 5.0;
    let y = table(&mut page, p, inner, y, foot_top);
    sections(&mut page, p, inner, y + 4.0, foot_top, words);
    page
}

/// Indicators against the city; returns the bottom.
fn table(page: &mut Page, p: &Profile, inner: Rect, top: f64, limit: f64) -> f64 {
    if p.rows.is_empty() {
        return top;
    }
    let (c0, c1, c2) = (&p.columns.0, &p.columns.1, &p.columns.2);
    let (x1, x2) = (inner.x + inner.w * 0.72, inner.right());
    let base = top + ascent(BODY_PT, true);
    text(page, [inner.x, base], c0, BODY_PT, Align::Left, true, TEXT);
    text(page, [x1, base], c1, BODY_PT, Align::Right, true, TEXT);
    text(page, [x2, base], c2, BODY_PT, Align::Right, true, TEXT);
    let mut y = top + leading(BODY_PT);
    page.items.push(rect_item(
        Rect {
            x: inner.x,
            y: y - 0.6,
            w: inner.w,
            h: 0.2,
        },
        Some(RULE),
        None,
    ));
    for (name, area, city) in &p.rows {
        if y + leading(BODY_PT) > limit {
            break;
        }
        let base = y + ascent(BODY_PT, false);
        text(
            page,
            [inner.x, base],
            name,
            BODY_PT,
            Align::Left,
            false,
            TEXT,
        );
        text(page, [x1, base], area, BODY_PT, Align::Right, false, TEXT);
        text(page, [x2, base], city, BODY_PT, Align::Right, false, GREY);
        y += leading(BODY_PT);
    }
    let r = Rect {
        x: inner.x,
        y: top,
        w: inner.w,
        h: y - top,
    };
    page.report.block(BlockKind::Table, r);
    y
}

/// The headed text sections, cut with "… (gekürzt)" where the foot begins.
fn sections(page: &mut Page, p: &Profile, inner: Rect, top: f64, limit: f64, words: Words) {
    let w = inner.w;
    let mut y = top;
    let mut cut = false;
    'outer: for (heading, body) in p.sections.iter().filter(|(_, b)| !b.is_empty()) {
        if y + leading(8.5) + leading(BODY_PT) > limit {
            cut = true;
            break;
        }
        y = lines(
            page,
            inner.x,
            y,
            std::slice::from_ref(heading),
            8.5,
            true,
            TEXT,
        );
        for line in body {
            for l in wrap(line, BODY_PT, false, w) {
                if y + 2.0 * leading(BODY_PT) > limit {
                    cut = true;
                    break 'outer;
                }
                y = lines(page, inner.x, y, &[l], BODY_PT, false, TEXT);
            }
        }
        y += 3.0;
    }
    if cut {
        y = lines(
            page,
            inner.x,
            y,
            &[words.shortened().to_owned()],
            BODY_PT,
            false,
            GREY,
        );
    }
    if y > top {
        let r = Rect {
            x: inner.x,
            y: top,
            w: inner.w,
            h: (y - top).min(limit - top),
        };
        page.report.block(BlockKind::Sections, r);
    }
}
