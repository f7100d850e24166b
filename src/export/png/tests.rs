//! Unit tests of the PNG back end.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::export::font;
use crate::export::scene::{Align, BLACK, WHITE};
use std::sync::Arc;

fn all_white(p: &Pixmap) -> bool {
    p.pixels().iter().all(|c| {
        let c = c.demultiply();
        [c.red(), c.green(), c.blue(), c.alpha()] == WHITE
    })
}

fn rgb_at(p: &Pixmap, x: u32, y: u32) -> [u8; 3] {
    let c = p.pixel(x, y).unwrap().demultiply();
    [c.red(), c.green(), c.blue()]
}

/// Dark pixels (red channel below 128) in a pixel rectangle, and their column range.
fn dark_columns(p: &Pixmap, x0: u32, x1: u32, y0: u32, y1: u32) -> Option<(u32, u32)> {
    let mut range: Option<(u32, u32)> = None;
    for y in y0..y1 {
        for x in x0..x1 {
            if rgb_at(p, x, y)[0] < 128 {
                range = Some(match range {
                    None => (x, x),
                    Some((a, b)) => (a.min(x), b.max(x)),
                });
            }
        }
    }
    range
}

fn text(at: Pt, align: Align) -> Item {
    Item::Text {
        at,
        text: "Sozialatlas".into(),
        size: 20.0,
        colour: BLACK,
        align,
        bold: false,
        halo: None,
    }
}

#[test]
fn the_pixel_size_is_the_rounded_page_size_at_the_resolution() {
    assert_eq!(pixel_size(210.0, 297.0, 300.0).unwrap(), (2480, 3508));
    assert_eq!(pixel_size(60.0, 40.0, 96.0).unwrap(), (227, 151));
    assert!(matches!(
        pixel_size(210.0, 297.0, 0.0),
        Err(PngError::Aufloesung(_))
    ));
    assert!(matches!(
        pixel_size(210.0, 297.0, f64::NAN),
        Err(PngError::Aufloesung(_))
    ));
    assert!(matches!(
        pixel_size(0.0, 297.0, 300.0),
        Err(PngError::Groesse { .. })
    ));
    assert!(matches!(
        pixel_size(1e6, 1e6, 300.0),
        Err(PngError::Groesse { .. })
    ));
}

#[test]
fn pixels_per_metre_is_the_rounded_resolution_in_metres() {
    assert_eq!(pixels_per_metre(96.0), 3780);
    assert_eq!(pixels_per_metre(150.0), 5906);
    assert_eq!(pixels_per_metre(300.0), 11811);
}

#[test]
fn an_empty_page_is_white() {
    let p = render(&Page::new(20.0, 10.0), 72.0).unwrap();
    assert!(all_white(&p));
}

#[test]
fn degenerate_items_are_skipped_without_a_panic() {
    let mut page = Page::new(20.0, 20.0);
    page.items = vec![
        Item::Polygon {
            rings: vec![vec![], vec![[1.0, 1.0]]],
            fill: Some(BLACK),
            stroke: Some((0.5, BLACK)),
        },
        Item::Line {
            points: vec![[1.0, 1.0]],
            width: 1.0,
            colour: BLACK,
            dash: Some((0.0, 0.0)),
        },
        Item::Line {
            points: vec![[f64::NAN, 1.0], [2.0, 2.0]],
            width: 1.0,
            colour: BLACK,
            dash: None,
        },
        Item::Circle {
            centre: [5.0, 5.0],
            radius: 0.0,
            fill: Some(BLACK),
            stroke: None,
        },
        Item::Image {
            rect: [0.0, 0.0, 5.0, 5.0],
            width: 3,
            height: 3,
            rgba: Arc::new(vec![0; 7]),
        },
        Item::Text {
            at: [1.0, 1.0],
            text: String::new(),
            size: 0.0,
            colour: BLACK,
            align: Align::Left,
            bold: true,
            halo: None,
        },
    ];
    let p = render(&page, 96.0).unwrap();
    assert!(all_white(&p));
}

#[test]
fn a_halo_lightens_the_ground_around_the_glyphs_only() {
    let mut page = Page::new(40.0, 20.0);
    page.items.push(Item::Polygon {
        rings: vec![vec![[0.0, 0.0], [40.0, 0.0], [40.0, 20.0], [0.0, 20.0]]],
        fill: Some(BLACK),
        stroke: None,
    });
    let plain = render(&page, 254.0).unwrap();
    page.items.push(Item::Text {
        at: [20.0, 12.0],
        text: "I".to_owned(),
        size: 20.0,
        colour: BLACK,
        align: Align::Centre,
        bold: false,
        halo: Some((0.5, WHITE)),
    });
    let p = render(&page, 254.0).unwrap(); // 10 px per mm
    assert!(all_black_but(&plain, 0));
    // Beside the stem of the "I" (about 0.8 mm wide, centred): white halo.
    let [r, _, _] = rgb_at(&p, 200 + 7, 100);
    assert!(r > 200, "{r}");
    // The stem itself stays black, and 2 mm away the ground is untouched.
    assert_eq!(rgb_at(&p, 200, 100), [0, 0, 0]);
    assert_eq!(rgb_at(&p, 200 + 20, 100), [0, 0, 0]);
}

fn all_black_but(p: &Pixmap, tolerance: u8) -> bool {
    p.pixels().iter().all(|c| c.red() <= tolerance)
}

#[test]
fn an_even_odd_polygon_leaves_its_hole_white() {
    let mut page = Page::new(30.0, 30.0);
    page.items.push(Item::Polygon {
        rings: vec![
            vec![[0.0, 0.0], [30.0, 0.0], [30.0, 30.0], [0.0, 30.0]],
            vec![[10.0, 10.0], [20.0, 10.0], [20.0, 20.0], [10.0, 20.0]],
        ],
        fill: Some([0, 100, 200, 255]),
        stroke: None,
    });
    let p = render(&page, 25.4).unwrap(); // 1 px per mm
    assert_eq!(rgb_at(&p, 5, 5), [0, 100, 200]);
    assert_eq!(rgb_at(&p, 15, 15), [255, 255, 255]);
}

#[test]
fn a_dashed_line_has_gaps() {
    let mut page = Page::new(40.0, 10.0);
    page.items.push(Item::Line {
        points: vec![[0.0, 5.0], [40.0, 5.0]],
        width: 2.0,
        colour: BLACK,
        dash: Some((4.0, 4.0)),
    });
    let p = render(&page, 25.4).unwrap();
    assert_eq!(rgb_at(&p, 2, 5), [0, 0, 0]);
    assert_eq!(rgb_at(&p, 6, 5), [255, 255, 255]);
    assert_eq!(rgb_at(&p, 10, 5), [0, 0, 0]);
}

#[test]
fn a_half_transparent_circle_blends_with_the_page() {
    let mut page = Page::new(20.0, 20.0);
    page.items.push(Item::Circle {
        centre: [10.0, 10.0],
        radius: 5.0,
        fill: Some([0, 0, 0, 128]),
        stroke: None,
    });
    let p = render(&page, 25.4).unwrap();
    let c = rgb_at(&p, 10, 10);
    assert!((126..=128).contains(&c[0]), "{c:?}");
    assert_eq!(rgb_at(&p, 1, 1), [255, 255, 255]);
}

#[test]
fn an_image_fills_its_rectangle() {
    let mut page = Page::new(20.0, 20.0);
    page.items.push(Item::Image {
        rect: [0.0, 0.0, 10.0, 10.0],
        width: 1,
        height: 1,
        rgba: Arc::new(vec![200, 20, 40, 255]),
    });
    let p = render(&page, 25.4).unwrap();
    assert_eq!(rgb_at(&p, 5, 5), [200, 20, 40]);
    assert_eq!(rgb_at(&p, 15, 15), [255, 255, 255]);
}

#[test]
fn text_is_aligned_left_centred_and_right_at_its_anchor() {
    // 254 dpi = 10 px per mm; the anchor at 50 mm is pixel column 500.
    let width_px = font::text_width_mm("Sozialatlas", 20.0, false) * 10.0;
    assert!(width_px > 300.0 && width_px < 450.0, "{width_px}");
    for (align, expected_left) in [
        (Align::Left, 500.0),
        (Align::Centre, 500.0 - width_px / 2.0),
        (Align::Right, 500.0 - width_px),
    ] {
        let mut page = Page::new(100.0, 10.0);
        page.items.push(text([50.0, 7.0], align));
        let p = render(&page, 254.0).unwrap();
        let (a, b) = dark_columns(&p, 0, 1000, 0, 100).unwrap();
        // Side bearings make the ink a little narrower than the advance.
        assert!(
            (f64::from(a) - expected_left).abs() < 8.0,
            "{align:?} left: {a}"
        );
        assert!(
            (f64::from(b) - (expected_left + width_px)).abs() < 8.0,
            "{align:?} right: {b}"
        );
        // Nothing below the baseline (no descenders in "Sozialatlas").
        assert!(dark_columns(&p, 0, 1000, 71, 100).is_none(), "{align:?}");
        // Capitals reach about 0.73 em above the baseline: 20 pt ≈ 70 px per em, so the
        // top of the "S" is about 51 px above the baseline, and nothing is above it.
        assert!(dark_columns(&p, 0, 1000, 70 - 52, 70 - 45).is_some());
        assert!(dark_columns(&p, 0, 1000, 0, 70 - 56).is_none());
    }
}

#[test]
fn the_png_records_its_resolution_and_is_8_bit() {
    let bytes = to_png(&Page::new(25.4, 12.7), 100.0).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder.read_info().unwrap();
    let info = reader.info();
    assert_eq!((info.width, info.height), (100, 50));
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    assert_eq!(info.color_type, png::ColorType::Rgb);
    let dims = info.pixel_dims.unwrap();
    assert_eq!((dims.xppu, dims.yppu), (3937, 3937));
    assert_eq!(dims.unit, png::Unit::Meter);
}

#[test]
fn a_transparent_pixmap_is_written_unpremultiplied() {
    let mut pixmap = Pixmap::new(2, 1).unwrap();
    pixmap.fill(Color::from_rgba8(200, 100, 50, 128));
    let bytes = encode_png(&pixmap, 72.0).unwrap();
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buf).unwrap();
    assert_eq!(frame.color_type, png::ColorType::Rgba);
    let px = &buf[..4];
    assert!(px[0].abs_diff(200) <= 2 && px[1].abs_diff(100) <= 2 && px[2].abs_diff(50) <= 2);
    assert_eq!(px[3], 128);
}
