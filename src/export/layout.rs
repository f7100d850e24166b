//! The page layout of an exported map: title and subtitle on top (the badge "fiktive
//! Beispieldaten" beside them), the map frame (Web Mercator, like the screen) with nothing on
//! it but the map, scale bar and north arrow in a strip under the frame, the legend beside the
//! map (landscape) or in two columns under it (portrait), the optional overview in the
//! legend's column, and the sources, date, author and method note at the foot. Every part
//! records its block in the page's [`super::report::LayoutReport`].

use super::content::{LayoutSettings, Legend, MapContent};
use super::draw::{Heading, draw_foot, foot_lines, heading};
use super::furniture::{STRIP_GAP, STRIP_H, overview, strip};
use super::legend::{draw_classes, draw_elements, draw_notes, height};
use super::mapframe::draw_map;
use super::report::BlockKind;
use super::scene::Page;
use crate::i18n::Words;

pub use super::projection::MapProjection;
pub use super::scene::Rect;

/// Space between the map and the legend, and between blocks (mm).
const GAP: f64 = 6.0;

/// The subtitle with the notes the content adds ("mit 1 angenommenem Büro"), each once.
pub fn full_subtitle(subtitle: &str, notes: &[String]) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if !subtitle.trim().is_empty() {
        parts.push(subtitle.trim());
    }
    for n in notes {
        if !n.is_empty() && !subtitle.contains(n.as_str()) {
            parts.push(n);
        }
    }
    parts.join(" · ")
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
    page.report.content = Some(inner);
    let words = Words::new(content.english);
    let subtitle = full_subtitle(&settings.subtitle, &content.subtitle_notes);
    let head = Heading {
        title: &settings.title,
        subtitle: &subtitle,
        title_size: 16.0,
        subtitle_size: 10.0,
        fictitious: content.fictitious,
        words,
    };
    let top = heading(&mut page, inner, &head) + 3.0;
    let foot = foot_lines(content, settings, inner.w);
    let bottom = if foot.is_empty() {
        inner.bottom()
    } else {
        draw_foot(&mut page, inner, &foot) - 3.0
    };
    let area = Rect {
        x: inner.x,
        y: top,
        w: inner.w,
        h: bottom - top,
    };
    if settings.landscape {
        landscape(&mut page, content, settings.overview, area);
    } else {
        portrait(&mut page, content, settings.overview, area);
    }
    page
}

fn has_classes(l: &Legend) -> bool {
    !l.title.is_empty() || !l.rows.is_empty() || l.matrix.is_some()
}

/// Map on the left, legend (and overview) in a column on the right.
fn landscape(page: &mut Page, content: &MapContent, with_overview: bool, area: Rect) {
    let words = Words::new(content.english);
    let l = &content.legend;
    let legend_w = 78.0_f64.min(area.w * 0.35);
    let frame = Rect {
        x: area.x,
        y: area.y,
        w: area.w - legend_w - GAP,
        h: area.h - STRIP_GAP - STRIP_H,
    };
    let proj = draw_map(page, content, frame);
    strip(page, &proj, frame, words);
    let x = area.right() - legend_w;
    let mut y = draw_classes(page, l, x, area.y, legend_w, true);
    if !l.elements.is_empty() {
        let top = if has_classes(l) { y + 2.0 } else { y };
        y = draw_elements(page, l, x, top, legend_w);
    }
    y = draw_notes(page, l, x, y + 1.0, legend_w);
    page.report.block(
        BlockKind::Legend,
        Rect {
            x,
            y: area.y,
            w: legend_w,
            h: y - area.y,
        },
    );
    let oh = legend_w * 0.75;
    if with_overview && area.bottom() - oh >= y + GAP {
        let r = Rect {
            x,
            y: area.bottom() - oh,
            w: legend_w,
            h: oh,
        };
        overview(page, content, r, None);
    }
}

/// Map on top; under it the classes on the left, the other elements, notes and overview on
/// the right.
fn portrait(page: &mut Page, content: &MapContent, with_overview: bool, area: Rect) {
    let words = Words::new(content.english);
    let l = &content.legend;
    let left_w = if has_classes(l) {
        ((area.w - GAP) * 0.55).min(100.0)
    } else {
        0.0
    };
    let right_w = if left_w > 0.0 {
        area.w - GAP - left_w
    } else {
        area.w
    };
    let ov_w = right_w.min(50.0);
    let ov_h = if with_overview {
        ov_w * 0.75 + 3.0
    } else {
        0.0
    };
    let right = |p: &mut Page, x: f64, top: f64| {
        let y = draw_elements(p, l, x, top, right_w);
        draw_notes(p, l, x, y + 1.0, right_w)
    };
    let left_h = if left_w > 0.0 {
        height(|p, t| draw_classes(p, l, 0.0, t, left_w, true))
    } else {
        0.0
    };
    let right_h = height(|p, t| right(p, 0.0, t));
    let legend_h = left_h.max(right_h + ov_h);
    let legend_y = area.bottom() - legend_h;
    let frame = Rect {
        x: area.x,
        y: area.y,
        w: area.w,
        h: legend_y - 4.0 - STRIP_GAP - STRIP_H - area.y,
    };
    let proj = draw_map(page, content, frame);
    strip(page, &proj, frame, words);
    if left_w > 0.0 {
        let y = draw_classes(page, l, area.x, legend_y, left_w, true);
        let r = Rect {
            x: area.x,
            y: legend_y,
            w: left_w,
            h: y - legend_y,
        };
        page.report.block(BlockKind::Legend, r);
    }
    let rx = area.right() - right_w;
    let y = right(page, rx, legend_y);
    let r = Rect {
        x: rx,
        y: legend_y,
        w: right_w,
        h: y - legend_y,
    };
    page.report.block(BlockKind::Legend, r);
    if with_overview {
        let r = Rect {
            x: rx,
            y: area.bottom() - (ov_h - 3.0),
            w: ov_w,
            h: ov_h - 3.0,
        };
        overview(page, content, r, None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_appended_to_the_subtitle_once() {
        let notes = vec!["mit 1 angenommenem Büro".to_owned()];
        assert_eq!(full_subtitle("", &notes), "mit 1 angenommenem Büro");
        assert_eq!(
            full_subtitle("Entwurf", &notes),
            "Entwurf · mit 1 angenommenem Büro"
        );
        assert_eq!(
            full_subtitle("Entwurf · mit 1 angenommenem Büro", &notes),
            "Entwurf · mit 1 angenommenem Büro"
        );
        assert_eq!(full_subtitle(" ", &[]), "");
    }

    #[test]
    fn an_empty_map_still_lays_out_within_its_margins() {
        let content = MapContent {
            bbox: [8.5, 50.0, 8.8, 50.2],
            ..MapContent::default()
        };
        for landscape in [true, false] {
            let settings = LayoutSettings {
                landscape,
                title: "Leere Karte".to_owned(),
                overview: true,
                ..LayoutSettings::default()
            };
            let page = map_page(&content, &settings);
            let problems = super::super::report::layout_problems(&page);
            assert!(problems.is_empty(), "{problems:?}");
            assert!(page.report.blocks_of(BlockKind::Map).count() == 1);
        }
    }
}
