//! What sits on the map frame besides the data: north arrow, scale bar (round lengths, correct
//! at the map's latitude, with 1 : n) and the overview inset.

use super::content::MapContent;
use super::font::text_width_mm;
use super::geom::clip_ring;
use super::layout::{FRAME, GREY, MapProjection, Rect, rect_item, text};
use super::mapframe::outline;
use super::scene::{Align, BLACK, Item, Page, WHITE};

pub(crate) fn north_arrow(page: &mut Page, frame: Rect) {
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

pub(crate) fn scale_bar(page: &mut Page, proj: &MapProjection, frame: Rect) {
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

pub(crate) fn overview(page: &mut Page, content: &MapContent, frame: Rect) {
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
