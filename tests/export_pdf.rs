//! The PDF back end, checked in the written file with lopdf: page size, embedded font subsets,
//! extractable German text, images, page count and file size.
//!
//! Set `SOZIALATLAS_PDF_SAMPLE=<file.pdf>` to also write the sample page there (to look at it).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use lopdf::{Dictionary, Document, Object};
use sozialatlas::export::pdf::{ExportError, PdfMeta, to_pdf};
use sozialatlas::export::scene::{Align, BLACK, Item, PT_PER_MM, Page, WHITE};

const A4_W: f64 = 297.0;
const A4_H: f64 = 210.0;

fn meta() -> PdfMeta {
    PdfMeta {
        title: "SGB-II-Quote 2024".into(),
        author: Some("Jugend- und Sozialamt".into()),
        subject: Some("Sozialatlas Frankfurt am Main".into()),
    }
}

fn text(at: [f64; 2], s: &str, size: f64, align: Align, bold: bool) -> Item {
    Item::Text {
        at,
        text: s.into(),
        size,
        colour: BLACK,
        align,
        bold,
        halo: None,
    }
}

/// A small map page: a polygon with a hole, a dashed line, circles, German texts and a 2×2
/// image.
fn sample_page() -> Page {
    let mut page = Page::new(A4_W, A4_H);
    // The 2×2 image (a "basemap") behind everything; its bottom-right pixel is half transparent.
    page.items.push(Item::Image {
        rect: [20.0, 30.0, 120.0, 120.0],
        width: 2,
        height: 2,
        rgba: Arc::new(vec![
            230, 230, 230, 255, 200, 220, 240, 255, //
            220, 240, 200, 255, 240, 200, 200, 128,
        ]),
    });
    page.items.push(Item::Polygon {
        rings: vec![
            vec![[40.0, 50.0], [120.0, 50.0], [120.0, 130.0], [40.0, 130.0]],
            vec![[60.0, 70.0], [100.0, 70.0], [100.0, 110.0], [60.0, 110.0]],
        ],
        fill: Some([49, 130, 189, 200]),
        stroke: Some((0.5, [8, 48, 107, 255])),
    });
    page.items.push(Item::Line {
        points: vec![[30.0, 140.0], [90.0, 145.0], [140.0, 135.0]],
        width: 0.6,
        colour: [180, 30, 30, 255],
        dash: Some((3.0, 1.5)),
    });
    for (i, r) in [2.0, 3.0, 4.5].into_iter().enumerate() {
        page.items.push(Item::Circle {
            centre: [170.0 + 15.0 * i as f64, 60.0],
            radius: r,
            fill: Some([230, 85, 13, 255]),
            stroke: Some((0.3, WHITE)),
        });
    }
    page.items.push(text(
        [A4_W / 2.0, 18.0],
        "Sozialatlas Frankfurt – SGB-II-Quote 2024",
        16.0,
        Align::Centre,
        true,
    ));
    page.items.push(text(
        [170.0, 90.0],
        "Größe der Sozialräume",
        10.0,
        Align::Left,
        false,
    ));
    page.items.push(text(
        [170.0, 100.0],
        "Veränderung −2,5 % ± 0,3 — Kosten 12 €",
        9.0,
        Align::Left,
        false,
    ));
    page.items.push(text(
        [A4_W - 10.0, A4_H - 10.0],
        "Datenquelle: fiktive Beispieldaten",
        8.0,
        Align::Right,
        false,
    ));
    page
}

fn load(bytes: &[u8]) -> Document {
    Document::load_mem(bytes).unwrap()
}

fn sample_pdf() -> Vec<u8> {
    let bytes = to_pdf(&[sample_page()], &meta()).unwrap();
    if let Some(path) = std::env::var_os("SOZIALATLAS_PDF_SAMPLE") {
        std::fs::write(path, &bytes).unwrap();
    }
    bytes
}

/// Every dictionary of the file, including stream dictionaries.
fn dicts(doc: &Document) -> Vec<&Dictionary> {
    doc.objects
        .values()
        .filter_map(|o| match o {
            Object::Dictionary(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        })
        .collect()
}

fn name<'a>(d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    d.get(key).ok().and_then(|o| o.as_name().ok())
}

fn number(o: &Object) -> f64 {
    match o {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        other => panic!("not a number: {other:?}"),
    }
}

/// The font names of all embedded font programs (FontFile2 for TrueType, FontFile3 for CFF).
fn embedded_font_names(doc: &Document) -> Vec<String> {
    dicts(doc)
        .into_iter()
        .filter(|d| name(d, b"Type") == Some(b"FontDescriptor"))
        .filter(|d| d.has(b"FontFile2") || d.has(b"FontFile3"))
        .map(|d| String::from_utf8_lossy(name(d, b"FontName").unwrap()).into_owned())
        .collect()
}

fn has_subset_tag(font_name: &str) -> bool {
    let b = font_name.as_bytes();
    b.len() > 7 && b[..6].iter().all(u8::is_ascii_uppercase) && b[6] == b'+'
}

#[test]
fn an_a4_landscape_page_has_an_a4_landscape_media_box() {
    let doc = load(&sample_pdf());
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 1);
    let page = doc.get_dictionary(pages[&1]).unwrap();
    let media_box: Vec<f64> = page
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(number)
        .collect();
    assert_eq!(media_box.len(), 4);
    assert!(media_box[0].abs() < 0.01 && media_box[1].abs() < 0.01);
    assert!((media_box[2] - 841.89).abs() < 0.01, "{media_box:?}");
    assert!((media_box[3] - 595.28).abs() < 0.01, "{media_box:?}");
}

#[test]
fn regular_and_bold_are_embedded_once_each_as_subsets() {
    let doc = load(&sample_pdf());
    let mut names = embedded_font_names(&doc);
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    for n in &names {
        assert!(has_subset_tag(n), "no subset tag: {n}");
    }
    assert!(
        names.iter().any(|n| n.ends_with("+DejaVuSans")),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.ends_with("+DejaVuSans-Bold")),
        "{names:?}"
    );
}

#[test]
fn german_text_and_symbols_are_extractable() {
    let doc = load(&sample_pdf());
    let text = doc.extract_text(&[1]).unwrap();
    for expected in [
        "fiktive Beispieldaten",
        "Größe der Sozialräume",
        "Sozialatlas Frankfurt – SGB-II-Quote 2024",
        "−2,5 % ± 0,3",
        "12 €",
    ] {
        assert!(text.contains(expected), "{expected:?} missing in {text:?}");
    }
}

#[test]
fn the_image_is_an_xobject_of_its_native_pixel_size_with_a_soft_mask() {
    let doc = load(&sample_pdf());
    let images: Vec<&Dictionary> = dicts(&doc)
        .into_iter()
        .filter(|d| name(d, b"Subtype") == Some(b"Image") && d.has(b"SMask"))
        .collect();
    assert_eq!(images.len(), 1);
    let image = images[0];
    assert_eq!(image.get(b"Width").unwrap().as_i64().unwrap(), 2);
    assert_eq!(image.get(b"Height").unwrap().as_i64().unwrap(), 2);
    assert_eq!(name(image, b"ColorSpace"), Some(&b"DeviceRGB"[..]));
    // It is used by page 1.
    let page = doc.get_pages()[&1];
    let page = doc.get_dictionary(page).unwrap();
    let (_, resources) = doc.dereference(page.get(b"Resources").unwrap()).unwrap();
    let xobjects = resources.as_dict().unwrap().get(b"XObject").unwrap();
    let (_, xobjects) = doc.dereference(xobjects).unwrap();
    assert_eq!(xobjects.as_dict().unwrap().len(), 1);
}

#[test]
fn the_image_lands_where_the_scene_puts_it_with_y_pointing_down() {
    let doc = load(&sample_pdf());
    let content = doc
        .get_and_decode_page_content(doc.get_pages()[&1])
        .unwrap();
    let ops = &content.operations;
    let draw = ops.iter().position(|op| op.operator == "Do").unwrap();
    let cm = ops[..draw]
        .iter()
        .rev()
        .find(|op| op.operator == "cm")
        .unwrap();
    let m: Vec<f64> = cm.operands.iter().map(number).collect();
    // rect [20, 30, 120, 120] mm on a 210 mm high page: PDF's origin is bottom left, so the
    // image's lower edge is 210 − 30 − 120 = 60 mm above the page bottom.
    let expected = [120.0, 0.0, 0.0, 120.0, 20.0, 60.0].map(|v| v * PT_PER_MM);
    for (got, want) in m.iter().zip(expected) {
        assert!((got - want).abs() < 0.01, "{m:?} vs {expected:?}");
    }
}

#[test]
fn the_document_information_names_title_author_subject_and_sozialatlas() {
    let doc = load(&sample_pdf());
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info).unwrap();
    let get = |key: &[u8]| lopdf::decode_text_string(info.get(key).unwrap()).unwrap();
    assert_eq!(get(b"Title"), "SGB-II-Quote 2024");
    assert_eq!(get(b"Author"), "Jugend- und Sozialamt");
    assert_eq!(get(b"Subject"), "Sozialatlas Frankfurt am Main");
    assert_eq!(get(b"Creator"), "Sozialatlas");
}

#[test]
fn an_atlas_of_three_pages_has_three_pages_in_order_sharing_one_font() {
    let pages: Vec<Page> = (1..=3)
        .map(|n| {
            let mut p = sample_page();
            p.items.push(text(
                [10.0, 200.0],
                &format!("Atlasseite {n}"),
                8.0,
                Align::Left,
                false,
            ));
            p
        })
        .collect();
    let doc = load(&to_pdf(&pages, &meta()).unwrap());
    let ids = doc.get_pages();
    assert_eq!(ids.len(), 3);
    for n in 1..=3u32 {
        let text = doc.extract_text(&[n]).unwrap();
        assert!(text.contains(&format!("Atlasseite {n}")), "{text:?}");
    }
    assert_eq!(embedded_font_names(&doc).len(), 2);
}

#[test]
fn a_page_of_500_polygons_with_50_vertices_stays_well_under_2_mb() {
    let mut page = Page::new(A4_W, A4_H);
    for i in 0..500 {
        let (cx, cy) = (15.0 + (i % 25) as f64 * 11.0, 15.0 + (i / 25) as f64 * 9.0);
        let ring: Vec<[f64; 2]> = (0..50)
            .map(|k| {
                let a = k as f64 / 50.0 * std::f64::consts::TAU;
                let r = 4.0 + 0.7 * (5.0 * a + i as f64).sin();
                [cx + r * a.cos(), cy + r * a.sin()]
            })
            .collect();
        let alpha = if i % 2 == 0 { 255 } else { 180 };
        page.items.push(Item::Polygon {
            rings: vec![ring],
            fill: Some([(i % 256) as u8, 120, 200, alpha]),
            stroke: Some((0.2, WHITE)),
        });
    }
    page.items.push(text(
        [10.0, 205.0],
        "fiktive Beispieldaten",
        8.0,
        Align::Left,
        false,
    ));
    let bytes = to_pdf(&[page], &meta()).unwrap();
    println!(
        "500 polygons × 50 vertices on A4: {} bytes ({:.1} KiB)",
        bytes.len(),
        bytes.len() as f64 / 1024.0
    );
    assert!(bytes.len() < 2_000_000, "{} bytes", bytes.len());
    assert!(bytes.len() < 1_000_000, "{} bytes", bytes.len());
    assert_eq!(load(&bytes).get_pages().len(), 1);
}

#[test]
fn a_broken_page_is_reported_in_german() {
    let err = to_pdf(&[sample_page(), Page::new(0.0, 210.0)], &meta()).unwrap_err();
    assert!(matches!(err, ExportError::PageSize { page: 2, .. }));
    assert_eq!(err.to_string(), "Seite 2: ungültige Seitengröße 0 × 210 mm");
}
