//! The Steckbrief (area profile) page: the area on a map with its neighbours, a table of its
//! indicators against the city, its index class and breakdown, its distance to the nearest
//! Nachbarschaftsbüro, its notes, and the sources — one A4 portrait page per area.

use super::content::{LayoutSettings, MapContent};
use super::font::wrap;
use super::layout::{FICTITIOUS, Rect, foot_lines, leading, rect_item, text};
use super::mapframe::draw_map;
use super::scene::{Align, Page, Rgba};

const TEXT: Rgba = [30, 30, 30, 255];
const GREY: Rgba = [90, 90, 90, 255];
const RULE: Rgba = [200, 200, 200, 255];

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

/// A profile page (A4 portrait, whatever the map layout's orientation).
pub fn profile_page(p: &Profile, settings: &LayoutSettings) -> Page {
    let mut s = settings.clone();
    s.landscape = false;
    // The overview shows where in the city the area lies.
    s.overview = true;
    let (pw, ph) = s.page_mm();
    let mut page = Page::new(pw, ph);
    let m = s.margin_mm;
    let w = pw - 2.0 * m;
    let mut y = m + leading(15.0) * 0.8;
    text(&mut page, [m, y], &p.title, 15.0, Align::Left, true, TEXT);
    if p.map.fictitious {
        text(
            &mut page,
            [pw - m, y],
            "fiktive Beispieldaten",
            9.0,
            Align::Right,
            true,
            FICTITIOUS,
        );
    }
    y += leading(9.0) + 0.5;
    text(
        &mut page,
        [m, y],
        &p.subtitle,
        9.0,
        Align::Left,
        false,
        GREY,
    );
    y += 3.0;
    let map_h = (ph * 0.36).min(110.0);
    let frame = Rect {
        x: m,
        y,
        w,
        h: map_h,
    };
    draw_map(&mut page, &p.map, &s, frame);
    y += map_h + 4.0;
    y = map_key(&mut page, &p.map, m, y, w) + 4.0;

    // Indicators against the city.
    let (c0, c1, c2) = (&p.columns.0, &p.columns.1, &p.columns.2);
    let (x1, x2) = (m + w * 0.72, m + w);
    text(&mut page, [m, y], c0, 7.5, Align::Left, true, TEXT);
    text(&mut page, [x1, y], c1, 7.5, Align::Right, true, TEXT);
    text(&mut page, [x2, y], c2, 7.5, Align::Right, true, TEXT);
    y += 1.2;
    page.items
        .push(rect_item(Rect { x: m, y, w, h: 0.2 }, Some(RULE), None));
    for (name, area, city) in &p.rows {
        y += leading(7.5);
        text(&mut page, [m, y], name, 7.5, Align::Left, false, TEXT);
        text(&mut page, [x1, y], area, 7.5, Align::Right, false, TEXT);
        text(&mut page, [x2, y], city, 7.5, Align::Right, false, GREY);
    }
    y += 5.0;
    for (heading, lines) in &p.sections {
        if lines.is_empty() {
            continue;
        }
        text(&mut page, [m, y], heading, 8.5, Align::Left, true, TEXT);
        for line in lines {
            for l in wrap(line, 7.5, false, w) {
                y += leading(7.5);
                text(&mut page, [m, y], &l, 7.5, Align::Left, false, TEXT);
            }
        }
        y += 5.0;
    }
    // Foot: sources and method note, as on every export.
    let foot = foot_lines(&p.map, &s, w);
    let mut fy = ph - m - foot.iter().map(|(_, size, _)| leading(*size)).sum::<f64>();
    for (line, size, bold) in foot {
        fy += leading(size);
        text(
            &mut page,
            [m, fy - leading(size) * 0.25],
            &line,
            size,
            Align::Left,
            bold,
            GREY,
        );
    }
    page
}

/// A one-line key under the profile's map: the legend title and its colour classes.
fn map_key(page: &mut Page, map: &MapContent, x: f64, y: f64, width: f64) -> f64 {
    use super::content::Swatch;
    let mut cx = x;
    let mut y = y + leading(7.0) * 0.8;
    text(
        page,
        [cx, y],
        &map.legend.title,
        7.0,
        Align::Left,
        true,
        TEXT,
    );
    y += 1.5;
    for row in &map.legend.rows {
        let colour = match &row.swatch {
            Swatch::Fill(c) | Swatch::Hatched(c) => *c,
            _ => continue,
        };
        let label_w = super::font::text_width_mm(&row.label, 6.5, false);
        if cx + 6.0 + label_w > x + width {
            cx = x;
            y += 5.0;
        }
        page.items.push(rect_item(
            Rect {
                x: cx,
                y,
                w: 5.0,
                h: 3.2,
            },
            Some(colour),
            Some((0.15, GREY)),
        ));
        text(
            page,
            [cx + 6.0, y + 2.7],
            &row.label,
            6.5,
            Align::Left,
            false,
            TEXT,
        );
        cx += 6.0 + label_w + 4.0;
    }
    y + 4.0
}
