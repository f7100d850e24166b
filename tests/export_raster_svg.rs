//! The SVG and PNG back ends on one small hand-built page: a polygon with a hole, a dashed
//! line, a translucent circle, German text (centred regular, right-aligned bold) and a 2×2
//! image. The SVG is compared exactly with `tests/data/export/sample.svg`, the PNG within a
//! small tolerance with `tests/data/export/sample.png`. After an intended change, rewrite
//! both with `SOZIALATLAS_BLESS=1 cargo test --test export_raster_svg` and look at them.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::PathBuf;
use std::sync::Arc;

use sozialatlas::export::png::{encode_png, render, to_png};
use sozialatlas::export::scene::{Align, BLACK, Item, Page};
use sozialatlas::export::svg::to_svg;

mod export_support;

const FILL: [u8; 4] = [49, 130, 189, 255];
const TEXT: &str = "Größe – fiktive Beispieldaten";

fn golden(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/export")
        .join(name)
}

fn bless() -> bool {
    std::env::var("SOZIALATLAS_BLESS").is_ok_and(|v| v == "1")
}

/// A 60 × 40 mm page with one item of every kind.
fn sample_page() -> Page {
    let mut page = Page::new(60.0, 40.0);
    page.items = vec![
        Item::Polygon {
            rings: vec![
                vec![[5.0, 5.0], [30.0, 5.0], [30.0, 25.0], [5.0, 25.0]],
                vec![[12.0, 10.0], [22.0, 10.0], [22.0, 20.0], [12.0, 20.0]],
            ],
            fill: Some(FILL),
            stroke: Some((0.3, [20, 20, 20, 255])),
        },
        Item::Line {
            points: vec![[5.0, 29.0], [30.0, 29.0], [55.0, 31.5]],
            width: 0.5,
            colour: [203, 24, 29, 255],
            dash: Some((2.0, 1.0)),
        },
        Item::Circle {
            centre: [42.0, 15.0],
            radius: 6.0,
            fill: Some([230, 85, 13, 180]),
            stroke: Some((0.4, BLACK)),
        },
        Item::Text {
            at: [30.0, 37.0],
            text: TEXT.to_owned(),
            size: 9.0,
            colour: BLACK,
            align: Align::Centre,
            bold: false,
            halo: None,
        },
        Item::Text {
            at: [55.0, 4.0],
            text: "Legende & <Quelle>".to_owned(),
            size: 6.0,
            colour: [60, 60, 60, 255],
            align: Align::Right,
            bold: true,
            halo: None,
        },
        Item::Image {
            rect: [47.0, 22.0, 8.0, 6.0],
            width: 2,
            height: 2,
            rgba: Arc::new(vec![
                255, 0, 0, 255, /**/ 0, 160, 0, 255, //
                0, 0, 255, 255, /**/ 255, 220, 0, 128,
            ]),
        },
    ];
    page
}

struct Decoded {
    width: u32,
    height: u32,
    /// RGB, 8 bit.
    rgb: Vec<u8>,
    pixels_per_metre: Option<(u32, u32, png::Unit)>,
}

fn decode(bytes: &[u8]) -> Decoded {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let pixels_per_metre = reader.info().pixel_dims.map(|d| (d.xppu, d.yppu, d.unit));
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buf).unwrap();
    assert_eq!(frame.bit_depth, png::BitDepth::Eight);
    let rgb = match frame.color_type {
        png::ColorType::Rgb => buf[..frame.buffer_size()].to_vec(),
        png::ColorType::Rgba => buf[..frame.buffer_size()]
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect(),
        other => panic!("unexpected colour type {other:?}"),
    };
    Decoded {
        width: frame.width,
        height: frame.height,
        rgb,
        pixels_per_metre,
    }
}

impl Decoded {
    fn at_mm(&self, x_mm: f64, y_mm: f64, dpi: f64) -> [u8; 3] {
        let x = (x_mm / 25.4 * dpi) as usize;
        let y = (y_mm / 25.4 * dpi) as usize;
        let i = (y * self.width as usize + x) * 3;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }
}

#[test]
fn the_svg_matches_the_golden_file() {
    let svg = to_svg(&sample_page());
    let path = golden("sample.svg");
    if bless() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &svg).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (write it with SOZIALATLAS_BLESS=1)",
            path.display()
        )
    });
    assert_eq!(svg, expected, "SVG differs from {}", path.display());
}

#[test]
fn the_svg_is_in_millimetres_and_keeps_text_and_holes() {
    let svg = to_svg(&sample_page());
    assert!(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
    assert!(svg.contains("version=\"1.1\" width=\"60mm\" height=\"40mm\" viewBox=\"0 0 60 40\""));
    assert!(
        svg.contains("<path d=\"M5 5L30 5L30 25L5 25ZM12 10L22 10L22 20L12 20Z\" fill=\"#3182bd\"")
    );
    assert!(svg.contains("fill-rule=\"evenodd\""));
    assert!(svg.contains("stroke-dasharray=\"2 1\""));
    assert!(svg.contains("fill-opacity=\"0.71\""));
    // 9 pt = 3.175 mm, at most two decimals.
    assert!(svg.contains("font-size=\"3.17\"") || svg.contains("font-size=\"3.18\""));
    assert!(svg.contains("text-anchor=\"middle\""));
    assert!(svg.contains(&format!(">{TEXT}</text>")));
    assert!(svg.contains(">Legende &amp; &lt;Quelle&gt;</text>"));
    assert!(svg.contains("font-family=\"DejaVu Sans, sans-serif\""));
    assert!(svg.contains("xlink:href=\"data:image/png;base64,iVBORw0KGgo"));
    assert!(svg.trim_end().ends_with("</svg>"));
}

#[test]
fn the_png_records_its_resolution_and_has_the_page_size() {
    let page = sample_page();
    for (dpi, ppm, size) in [
        (96.0, 3780, (227, 151)),
        (150.0, 5906, (354, 236)),
        (300.0, 11811, (709, 472)),
    ] {
        let png = decode(&to_png(&page, dpi).unwrap());
        assert_eq!(
            png.pixels_per_metre,
            Some((ppm, ppm, png::Unit::Meter)),
            "{dpi} dpi"
        );
        assert_eq!((png.width, png.height), size, "{dpi} dpi");
        assert_eq!(
            (png.width, png.height),
            (
                (60.0f64 / 25.4 * dpi).round() as u32,
                (40.0f64 / 25.4 * dpi).round() as u32
            )
        );
    }
}

#[test]
fn the_png_fills_the_polygon_but_not_its_hole_and_draws_the_text() {
    let dpi = 150.0;
    let png = decode(&to_png(&sample_page(), dpi).unwrap());
    assert_eq!(png.at_mm(8.0, 8.0, dpi), [FILL[0], FILL[1], FILL[2]]);
    assert_eq!(png.at_mm(17.0, 15.0, dpi), [255, 255, 255]);
    // Outside everything.
    assert_eq!(png.at_mm(2.0, 38.0, dpi), [255, 255, 255]);
    // The text's box: about 5..55 mm wide, 3.2 mm above the baseline at 37 mm.
    let mut dark = 0;
    let to_px = |mm: f64| (mm / 25.4 * dpi) as usize;
    for y in to_px(34.0)..to_px(37.5) {
        for x in to_px(5.0)..to_px(55.0) {
            let i = (y * png.width as usize + x) * 3;
            if png.rgb[i] < 100 && png.rgb[i + 1] < 100 && png.rgb[i + 2] < 100 {
                dark += 1;
            }
        }
    }
    assert!(dark > 200, "only {dark} dark pixels in the text box");
    // The image's top-left pixel is red.
    let red = png.at_mm(48.0, 23.0, dpi);
    assert!(red[0] > 200 && red[1] < 60 && red[2] < 60, "{red:?}");
}

#[test]
fn the_png_matches_the_golden_image_within_a_tolerance() {
    let bytes = to_png(&sample_page(), 96.0).unwrap();
    export_support::assert_png_matches(&bytes, &golden("sample.png"), 2.0, "sample");
}

#[test]
fn render_and_encode_are_the_same_as_to_png() {
    let page = sample_page();
    let pixmap = render(&page, 96.0).unwrap();
    assert_eq!(
        encode_png(&pixmap, 96.0).unwrap(),
        to_png(&page, 96.0).unwrap()
    );
}

/// The speed figure for the issue note (never asserted):
/// `cargo test --release --test export_raster_svg -- --ignored --nocapture`.
#[test]
#[ignore = "timing print; run in release"]
fn an_a4_page_at_300_dpi_with_500_polygons() {
    let mut page = Page::new(210.0, 297.0);
    for i in 0..500 {
        let (col, row) = (f64::from(i % 20), f64::from(i / 20));
        let (x, y) = (10.0 + col * 9.5, 20.0 + row * 10.0);
        // A ragged ring of 40 vertices, like a real district boundary.
        let ring: Vec<[f64; 2]> = (0..40)
            .map(|k| {
                let a = f64::from(k) / 40.0 * std::f64::consts::TAU;
                let r = 4.5 + 0.4 * (a * 7.0).sin();
                [x + 4.75 + r * a.cos(), y + 5.0 + r * a.sin()]
            })
            .collect();
        page.items.push(Item::Polygon {
            rings: vec![ring],
            fill: Some([(i * 7 % 255) as u8, 120, 200, 255]),
            stroke: Some((0.2, [255, 255, 255, 255])),
        });
    }
    for i in 0..40 {
        page.items.push(Item::Text {
            at: [20.0, 272.0 + f64::from(i % 4) * 5.0],
            text: format!("Sozialraum {i}: Größe – fiktive Beispieldaten"),
            size: 8.0,
            colour: BLACK,
            align: Align::Left,
            bold: i % 2 == 0,
            halo: None,
        });
    }
    let t = std::time::Instant::now();
    let pixmap = render(&page, 300.0).unwrap();
    let rendered = t.elapsed();
    let bytes = encode_png(&pixmap, 300.0).unwrap();
    let total = t.elapsed();
    assert_eq!((pixmap.width(), pixmap.height()), (2480, 3508));
    // The centre of the first polygon (14.75 mm, 25 mm) has its fill.
    let c = pixmap.pixel(174, 295).unwrap();
    assert_eq!((c.red(), c.green(), c.blue()), (0, 120, 200));
    eprintln!(
        "A4 at 300 dpi, 500 polygons, 40 texts: render {rendered:?}, render + PNG {total:?}, {} bytes",
        bytes.len()
    );
}
