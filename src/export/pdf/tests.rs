//! Unit tests of the PDF back end.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::export::scene::{Align, BLACK};

fn a4_landscape() -> Page {
    Page::new(297.0, 210.0)
}

fn pdf(pages: &[Page]) -> lopdf::Document {
    let bytes = to_pdf(pages, &PdfMeta::default()).unwrap();
    lopdf::Document::load_mem(&bytes).unwrap()
}

/// Every indirect dictionary (or stream dictionary) of the file.
fn dicts(doc: &lopdf::Document) -> Vec<&lopdf::Dictionary> {
    doc.objects
        .values()
        .filter_map(|o| match o {
            lopdf::Object::Dictionary(d) => Some(d),
            lopdf::Object::Stream(s) => Some(&s.dict),
            _ => None,
        })
        .collect()
}

fn ext_g_states_with_alpha(doc: &lopdf::Document) -> usize {
    dicts(doc)
        .iter()
        .filter(|d| d.has(b"ca") || d.has(b"CA"))
        .count()
}

fn square(x: f64, fill: Rgba) -> Item {
    Item::Polygon {
        rings: vec![vec![
            [x, 10.0],
            [x + 10.0, 10.0],
            [x + 10.0, 20.0],
            [x, 20.0],
        ]],
        fill: Some(fill),
        stroke: Some((0.2, BLACK)),
    }
}

#[test]
fn a_haloed_text_is_extracted_once() {
    let mut page = a4_landscape();
    page.items.push(Item::Text {
        at: [20.0, 20.0],
        text: "Bockenheim".to_owned(),
        size: 8.0,
        colour: BLACK,
        align: Align::Left,
        bold: false,
        halo: Some((0.4, [255, 255, 255, 255])),
    });
    let doc = pdf(&[page]);
    let text = doc.extract_text(&[1]).unwrap();
    assert_eq!(text.matches("Bockenheim").count(), 1, "{text}");
}

#[test]
fn millimetres_become_points() {
    assert!((f64::from(mm(25.4)) - 72.0).abs() < 1e-4);
    assert_eq!(point([0.0, 0.0]), (0.0, 0.0));
    let (w, h) = page_size_pt(&a4_landscape()).unwrap();
    assert!(
        (w - 841.89).abs() < 0.01 && (h - 595.28).abs() < 0.01,
        "{w} × {h}"
    );
}

#[test]
fn no_pages_is_an_error_not_an_empty_file() {
    let err = to_pdf(&[], &PdfMeta::default()).unwrap_err();
    assert!(matches!(err, ExportError::NoPages));
    assert_eq!(err.to_string(), "Keine Seite zum Exportieren");
}

#[test]
fn a_zero_or_non_finite_page_size_is_an_error_naming_the_page() {
    for (w, h) in [
        (0.0, 210.0),
        (297.0, -1.0),
        (f64::NAN, 210.0),
        (297.0, f64::INFINITY),
    ] {
        let pages = [a4_landscape(), Page::new(w, h)];
        let err = to_pdf(&pages, &PdfMeta::default()).unwrap_err();
        assert!(
            matches!(err, ExportError::PageSize { page: 2, .. }),
            "{err}"
        );
    }
}

#[test]
fn an_image_whose_pixels_do_not_match_its_size_is_an_error() {
    let mut page = a4_landscape();
    page.items.push(Item::Image {
        rect: [0.0, 0.0, 10.0, 10.0],
        width: 2,
        height: 2,
        rgba: Arc::new(vec![0; 15]),
    });
    let err = to_pdf(&[page], &PdfMeta::default()).unwrap_err();
    assert!(
        matches!(
            err,
            ExportError::ImageData {
                page: 1,
                actual: 15,
                expected: 16,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("2 × 2 Pixeln"));
}

#[test]
fn an_empty_page_is_still_a_page() {
    let doc = pdf(&[a4_landscape()]);
    assert_eq!(doc.get_pages().len(), 1);
}

#[test]
fn degenerate_and_invisible_items_are_skipped_without_error() {
    let mut page = a4_landscape();
    page.items.extend([
        Item::Polygon {
            rings: vec![],
            fill: Some(BLACK),
            stroke: None,
        },
        Item::Polygon {
            rings: vec![vec![[1.0, 1.0]], vec![[f64::NAN, 2.0], [3.0, 3.0]]],
            fill: Some(BLACK),
            stroke: Some((0.2, BLACK)),
        },
        Item::Line {
            points: vec![[1.0, 1.0]],
            width: 0.3,
            colour: BLACK,
            dash: None,
        },
        Item::Line {
            points: vec![[1.0, 1.0], [5.0, 5.0]],
            width: 0.0,
            colour: BLACK,
            dash: Some((0.0, 0.0)),
        },
        Item::Circle {
            centre: [5.0, 5.0],
            radius: 0.0,
            fill: Some(BLACK),
            stroke: None,
        },
        Item::Text {
            at: [10.0, 10.0],
            text: "   ".into(),
            size: 10.0,
            colour: BLACK,
            align: Align::Centre,
            bold: false,
            halo: None,
        },
        Item::Text {
            at: [10.0, 10.0],
            text: "unsichtbar".into(),
            size: 10.0,
            colour: [0, 0, 0, 0],
            align: Align::Left,
            bold: false,
            halo: None,
        },
        Item::Image {
            rect: [0.0, 0.0, 0.0, 10.0],
            width: 1,
            height: 1,
            rgba: Arc::new(vec![0; 4]),
        },
    ]);
    let doc = pdf(&[page]);
    assert_eq!(doc.get_pages().len(), 1);
    // Nothing drew text, so no font is embedded.
    assert!(!dicts(&doc).iter().any(|d| d.has(b"FontFile2")));
}

#[test]
fn opaque_colours_create_no_transparency_state() {
    let mut page = a4_landscape();
    for i in 0..20 {
        page.items
            .push(square(f64::from(i) * 12.0, [200, 100, 50, 255]));
    }
    assert_eq!(ext_g_states_with_alpha(&pdf(&[page])), 0);
}

#[test]
fn translucent_colours_share_one_alpha_state_and_no_group() {
    let mut page = a4_landscape();
    for i in 0..20 {
        page.items
            .push(square(f64::from(i) * 12.0, [200, 100, 50, 128]));
    }
    let doc = pdf(&[page]);
    assert_eq!(ext_g_states_with_alpha(&doc), 1);
    let groups = dicts(&doc).iter().filter(|d| d.has(b"Group")).count();
    assert_eq!(groups, 0, "no transparency groups");
}

#[test]
fn an_opaque_image_has_no_soft_mask_and_a_translucent_one_has() {
    let opaque = RgbaImage::new(2, 1, &[1, 2, 3, 255, 4, 5, 6, 255]);
    assert_eq!(opaque.color_channel(), &[1, 2, 3, 4, 5, 6]);
    assert!(opaque.alpha_channel().is_none());
    let translucent = RgbaImage::new(2, 1, &[1, 2, 3, 255, 4, 5, 6, 0]);
    assert_eq!(translucent.alpha_channel(), Some(&[255u8, 0][..]));
}

#[test]
fn a_circle_needs_a_positive_finite_radius() {
    assert!(circle_path(50.0, 40.0, 10.0).is_some());
    assert!(circle_path(50.0, 40.0, f32::NAN).is_none());
}

#[test]
fn metadata_has_title_author_subject_and_creator() {
    let meta = PdfMeta {
        title: "Sozialatlas Frankfurt".into(),
        author: Some("Jugend- und Sozialamt".into()),
        subject: Some("SGB-II-Quote 2024".into()),
    };
    let bytes = to_pdf(&[a4_landscape()], &meta).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info).unwrap();
    let text = |key: &[u8]| lopdf::decode_text_string(info.get(key).unwrap()).unwrap();
    assert_eq!(text(b"Title"), "Sozialatlas Frankfurt");
    assert_eq!(text(b"Author"), "Jugend- und Sozialamt");
    assert_eq!(text(b"Subject"), "SGB-II-Quote 2024");
    assert_eq!(text(b"Creator"), "Sozialatlas");
}
