//! Unit tests of the SVG back end.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::export::scene::BLACK;
use std::sync::Arc;

#[test]
fn numbers_have_at_most_two_decimals_without_trailing_zeros() {
    assert_eq!(num(12.0), "12");
    assert_eq!(num(12.5), "12.5");
    assert_eq!(num(0.126), "0.13");
    assert_eq!(num(1.23456), "1.23");
    assert_eq!(num(-0.001), "0");
    assert_eq!(num(-2.25), "-2.25");
    assert_eq!(num(f64::NAN), "0");
    assert_eq!(num(100.0), "100");
}

#[test]
fn base64_matches_the_rfc_4648_test_vectors() {
    for (input, expected) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64(input.as_bytes()), expected);
    }
    assert_eq!(base64(&[0xff, 0xfe, 0xfd]), "//79");
}

#[test]
fn text_is_escaped_and_control_characters_dropped() {
    assert_eq!(
        escape("A & B <c> \"d\" 'e'\u{1}"),
        "A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos;"
    );
    assert_eq!(escape("Größe – fiktiv"), "Größe – fiktiv");
}

#[test]
fn an_empty_page_is_a_white_rectangle_in_millimetres() {
    let svg = to_svg(&Page::new(210.0, 297.0));
    assert!(svg.contains("width=\"210mm\" height=\"297mm\" viewBox=\"0 0 210 297\""));
    assert!(svg.contains("<rect width=\"210\" height=\"297\" fill=\"#ffffff\"/>"));
    assert!(svg.trim_end().ends_with("</svg>"));
}

#[test]
fn opacity_is_written_only_for_translucent_colours() {
    let mut page = Page::new(10.0, 10.0);
    page.items.push(Item::Polygon {
        rings: vec![vec![[0.0, 0.0], [5.0, 0.0], [5.0, 5.0]]],
        fill: Some([255, 0, 0, 255]),
        stroke: Some((0.25, [0, 0, 0, 128])),
    });
    let svg = to_svg(&page);
    assert!(svg.contains(
        "<path d=\"M0 0L5 0L5 5Z\" fill=\"#ff0000\" stroke=\"#000000\" \
         stroke-width=\"0.25\" stroke-opacity=\"0.5\" fill-rule=\"evenodd\"/>"
    ));
    assert!(!svg.contains("fill-opacity"));
}

#[test]
fn text_size_is_in_millimetres_with_anchor_and_weight() {
    let mut page = Page::new(10.0, 10.0);
    page.items.push(Item::Text {
        at: [5.0, 8.0],
        text: "Müller & Söhne".into(),
        size: 72.0 / 25.4 * 4.0,
        colour: BLACK,
        align: Align::Right,
        bold: true,
        halo: None,
    });
    let svg = to_svg(&page);
    assert!(svg.contains(
        "<text x=\"5\" y=\"8\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"4\" \
         text-anchor=\"end\" font-weight=\"bold\" fill=\"#000000\">Müller &amp; Söhne</text>"
    ));
}

#[test]
fn a_haloed_text_strokes_its_halo_under_the_glyphs() {
    let mut page = Page::new(10.0, 10.0);
    page.items.push(Item::Text {
        at: [5.0, 8.0],
        text: "Nied".into(),
        size: 6.0,
        colour: BLACK,
        align: Align::Centre,
        bold: false,
        halo: Some((0.35, [255, 255, 255, 255])),
    });
    let svg = to_svg(&page);
    assert!(svg.contains(
        "stroke=\"#ffffff\" stroke-width=\"0.7\" stroke-linejoin=\"round\" \
         paint-order=\"stroke\">Nied</text>"
    ));
}

#[test]
fn degenerate_items_are_left_out() {
    let mut page = Page::new(10.0, 10.0);
    page.items = vec![
        Item::Polygon {
            rings: vec![vec![[1.0, 1.0]]],
            fill: Some(BLACK),
            stroke: None,
        },
        Item::Line {
            points: vec![[1.0, 1.0]],
            width: 1.0,
            colour: BLACK,
            dash: None,
        },
        Item::Circle {
            centre: [1.0, 1.0],
            radius: 0.0,
            fill: Some(BLACK),
            stroke: None,
        },
        Item::Image {
            rect: [0.0, 0.0, 1.0, 1.0],
            width: 2,
            height: 2,
            rgba: Arc::new(vec![0; 3]),
        },
    ];
    assert_eq!(to_svg(&page), to_svg(&Page::new(10.0, 10.0)));
}

#[test]
fn an_unusable_dash_draws_a_solid_line() {
    let mut page = Page::new(10.0, 10.0);
    page.items.push(Item::Line {
        points: vec![[0.0, 0.0], [10.0, 10.0]],
        width: 0.5,
        colour: BLACK,
        dash: Some((0.0, 0.0)),
    });
    let svg = to_svg(&page);
    assert!(svg.contains(
        "<polyline points=\"0,0 10,10\" fill=\"none\" stroke=\"#000000\" stroke-width=\"0.5\"/>"
    ));
}
