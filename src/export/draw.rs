//! The small drawing vocabulary every page layout shares: its colours, text lines set from
//! their top edge (so a block's height is known before it is drawn), the heading with the
//! "fiktive Beispieldaten" badge, and the foot with sources, date, author and method note.
//! Each of these records its block in the page's layout report.

use super::content::{LayoutSettings, MapContent};
use super::font::{text_box, text_width_mm, vertical_metrics_em, wrap, wrap_parts};
use super::report::BlockKind;
use super::scene::{Align, Item, PT_PER_MM, Page, Pt, Rect, Rgba};
use crate::i18n::Words;

pub(crate) const TEXT: Rgba = [30, 30, 30, 255];
pub(crate) const GREY: Rgba = [90, 90, 90, 255];
pub(crate) const FRAME: Rgba = [60, 60, 60, 255];
pub(crate) const AREA_OUTLINE: Rgba = [255, 255, 255, 255];
pub(crate) const HATCH: Rgba = [90, 90, 90, 255];
pub(crate) const FICTITIOUS: Rgba = [176, 58, 46, 255];
pub(crate) const HIGHLIGHT: Rgba = super::content::SELECTED_LINE.0;
pub(crate) const LABEL: Rgba = [40, 40, 40, 255];
pub(crate) const HALO: Rgba = [255, 255, 255, 255];
/// Width of the white band around map labels (mm).
pub(crate) const LABEL_HALO_MM: f64 = 0.35;

/// One line of text at its baseline anchor.
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

/// One line of dark text with a white halo (map labels).
pub(crate) fn haloed(page: &mut Page, at: Pt, s: &str, size: f64, bold: bool) {
    page.items.push(Item::Text {
        at,
        text: s.to_owned(),
        size,
        colour: LABEL,
        align: Align::Centre,
        bold,
        halo: Some((LABEL_HALO_MM, HALO)),
    });
}

/// Line height in millimetres for a font size in points.
pub(crate) fn leading(size: f64) -> f64 {
    size * 1.25 / PT_PER_MM
}

/// Distance from a line's top edge to its baseline (mm).
pub(crate) fn ascent(size: f64, bold: bool) -> f64 {
    vertical_metrics_em(bold).0 * size / PT_PER_MM
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

/// The box of one text line whose top edge is at `top`.
pub(crate) fn line_box(at_x: f64, top: f64, s: &str, size: f64, align: Align, bold: bool) -> Rect {
    text_box([at_x, top + ascent(size, bold)], s, size, align, bold, 0.0)
}

/// Text lines set from `top`, one `leading` apart; returns the top of the next line.
pub(crate) fn lines(
    page: &mut Page,
    x: f64,
    top: f64,
    lines: &[String],
    size: f64,
    bold: bool,
    colour: Rgba,
) -> f64 {
    let mut y = top;
    for l in lines {
        text(
            page,
            [x, y + ascent(size, bold)],
            l,
            size,
            Align::Left,
            bold,
            colour,
        );
        y += leading(size);
    }
    y
}

/// What goes on top of a page.
pub(crate) struct Heading<'a> {
    pub title: &'a str,
    pub subtitle: &'a str,
    pub title_size: f64,
    pub subtitle_size: f64,
    pub fictitious: bool,
    pub words: Words,
}

/// Title and subtitle (wrapped beside the badge) and the "fiktive Beispieldaten" badge at the
/// top right of `inner`; returns the bottom of the heading.
pub(crate) fn heading(page: &mut Page, inner: Rect, h: &Heading) -> f64 {
    let badge_size = h.subtitle_size;
    let badge_w = if h.fictitious {
        let s = h.words.fictitious();
        let w = text_width_mm(s, badge_size, true);
        let top = inner.y + ascent(h.title_size, true) - ascent(badge_size, true);
        text(
            page,
            [inner.right(), top + ascent(badge_size, true)],
            s,
            badge_size,
            Align::Right,
            true,
            FICTITIOUS,
        );
        page.report.block(
            BlockKind::Badge,
            line_box(inner.right(), top, s, badge_size, Align::Right, true),
        );
        w + 5.0
    } else {
        0.0
    };
    // The heading's column ends 5 mm before the badge.
    let width = inner.w - badge_w;
    let title = wrap(h.title, h.title_size, true, width);
    let subtitle = wrap_parts(h.subtitle, " · ", h.subtitle_size, false, width);
    let mut y = lines(page, inner.x, inner.y, &title, h.title_size, true, TEXT);
    if !subtitle.is_empty() {
        y = lines(page, inner.x, y, &subtitle, h.subtitle_size, false, GREY);
    }
    if y > inner.y {
        page.report.block(
            BlockKind::Title,
            Rect {
                x: inner.x,
                y: inner.y,
                w: width,
                h: y - inner.y,
            },
        );
    }
    y
}

/// The foot's lines (text, size): sources, date and author, method note, wrapped to `width`.
pub(crate) fn foot_lines(
    content: &MapContent,
    s: &LayoutSettings,
    width: f64,
) -> Vec<(String, f64)> {
    let words = Words::new(content.english);
    let mut out = Vec::new();
    if !content.sources.is_empty() {
        let sources = format!("{}: {}", words.sources(), content.sources.join(" · "));
        out.extend(
            wrap_parts(&sources, " · ", 7.0, false, width)
                .into_iter()
                .map(|l| (l, 7.0)),
        );
    }
    let who: Vec<&str> = [s.date.as_str(), s.author.as_str()]
        .into_iter()
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .collect();
    if !who.is_empty() {
        out.extend(
            wrap(&who.join(" · "), 7.0, false, width)
                .into_iter()
                .map(|l| (l, 7.0)),
        );
    }
    if let Some(note) = &content.method_note {
        let note = format!("{}: {note}", words.method());
        out.extend(wrap(&note, 6.5, false, width).into_iter().map(|l| (l, 6.5)));
    }
    out
}

pub(crate) fn foot_height(foot: &[(String, f64)]) -> f64 {
    foot.iter().map(|(_, size)| leading(*size)).sum()
}

/// The foot at the bottom of `inner`; returns its top.
pub(crate) fn draw_foot(page: &mut Page, inner: Rect, foot: &[(String, f64)]) -> f64 {
    let top = inner.bottom() - foot_height(foot);
    let mut y = top;
    for (line, size) in foot {
        text(
            page,
            [inner.x, y + ascent(*size, false)],
            line,
            *size,
            Align::Left,
            false,
            GREY,
        );
        y += leading(*size);
    }
    page.report.block(
        BlockKind::Foot,
        Rect {
            x: inner.x,
            y: top,
            w: inner.w,
            h: inner.bottom() - top,
        },
    );
    top
}
