//! The raster back end: draws a [`Page`] with tiny-skia (anti-aliased, even-odd fills,
//! dashes, images) and ab_glyph (text from the bundled DejaVu Sans), and writes the PNG with
//! its resolution in the pHYs chunk, so that a 300-dpi export prints at its true size.

use tiny_skia::{
    Color, FillRule, FilterQuality, IntSize, LineCap, LineJoin, Paint, Path, PathBuilder, Pattern,
    Pixmap, Rect, SpreadMode, Stroke, StrokeDash, Transform,
};

use super::png_text;
use super::scene::{Item, Page, Pt, Rgba};

/// Millimetres per inch.
const MM_PER_INCH: f64 = 25.4;

/// The largest raster we draw (pixels); 4 bytes each, so about 1.6 GB.
const MAX_PIXELS: u64 = 400_000_000;

/// What can go wrong when rendering or writing a PNG.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error("Ungültige Auflösung für das PNG: {0} dpi (erwartet: eine Zahl größer als 0)")]
    Aufloesung(f64),
    #[error(
        "Die Seite ({width_mm} × {height_mm} mm) ergibt bei {dpi} dpi kein darstellbares Bild \
         ({width_px} × {height_px} Pixel)"
    )]
    Groesse {
        width_mm: f64,
        height_mm: f64,
        dpi: f64,
        width_px: f64,
        height_px: f64,
    },
    #[error("Das PNG konnte nicht geschrieben werden: {0}")]
    Kodierung(#[from] png::EncodingError),
}

/// The pixel size of a page at a resolution: round(mm / 25.4 × dpi) on each side.
pub fn pixel_size(width_mm: f64, height_mm: f64, dpi: f64) -> Result<(u32, u32), PngError> {
    if !dpi.is_finite() || dpi <= 0.0 {
        return Err(PngError::Aufloesung(dpi));
    }
    let w = (width_mm / MM_PER_INCH * dpi).round();
    let h = (height_mm / MM_PER_INCH * dpi).round();
    let fits = w.is_finite() && h.is_finite() && w >= 1.0 && h >= 1.0 && w * h <= MAX_PIXELS as f64;
    if !fits {
        return Err(PngError::Groesse {
            width_mm,
            height_mm,
            dpi,
            width_px: w,
            height_px: h,
        });
    }
    Ok((w as u32, h as u32))
}

/// Draw a page on a white background at `dpi`.
pub fn render(page: &Page, dpi: f64) -> Result<Pixmap, PngError> {
    let (w, h) = pixel_size(page.width_mm, page.height_mm, dpi)?;
    let mut pixmap = Pixmap::new(w, h).ok_or(PngError::Groesse {
        width_mm: page.width_mm,
        height_mm: page.height_mm,
        dpi,
        width_px: f64::from(w),
        height_px: f64::from(h),
    })?;
    pixmap.fill(Color::WHITE);
    let k = dpi / MM_PER_INCH;
    for item in &page.items {
        draw_item(&mut pixmap, item, k, dpi);
    }
    Ok(pixmap)
}

/// Write a rendered pixmap as an 8-bit PNG (RGB when fully opaque, RGBA otherwise, straight
/// alpha) with the resolution in the pHYs chunk (pixels per metre).
pub fn encode_png(pixmap: &Pixmap, dpi: f64) -> Result<Vec<u8>, PngError> {
    if !dpi.is_finite() || dpi <= 0.0 {
        return Err(PngError::Aufloesung(dpi));
    }
    let pixels = pixmap.pixels();
    let opaque = pixels.iter().all(|p| p.alpha() == 255);
    let (colour, data) = if opaque {
        let mut rgb = Vec::with_capacity(pixels.len() * 3);
        for p in pixels {
            rgb.extend_from_slice(&[p.red(), p.green(), p.blue()]);
        }
        (png::ColorType::Rgb, rgb)
    } else {
        let mut rgba = Vec::with_capacity(pixels.len() * 4);
        for p in pixels {
            let c = p.demultiply();
            rgba.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
        }
        (png::ColorType::Rgba, rgba)
    };

    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(colour);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let ppm = pixels_per_metre(dpi);
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: ppm,
        yppu: ppm,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&data)?;
    writer.finish()?;
    Ok(out)
}

/// Render a page and write it as PNG.
pub fn to_png(page: &Page, dpi: f64) -> Result<Vec<u8>, PngError> {
    encode_png(&render(page, dpi)?, dpi)
}

/// Pixels per metre for the pHYs chunk: round(dpi / 0.0254).
pub fn pixels_per_metre(dpi: f64) -> u32 {
    (dpi / 0.0254).round().clamp(0.0, f64::from(u32::MAX)) as u32
}

fn colour(c: Rgba) -> Color {
    Color::from_rgba8(c[0], c[1], c[2], c[3])
}

fn paint(c: Rgba) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color(colour(c));
    p.anti_alias = true;
    p
}

fn draw_item(pixmap: &mut Pixmap, item: &Item, k: f64, dpi: f64) {
    let px = |p: &Pt| ((p[0] * k) as f32, (p[1] * k) as f32);
    match item {
        Item::Polygon {
            rings,
            fill,
            stroke,
        } => {
            let mut pb = PathBuilder::new();
            for ring in rings.iter().filter(|r| r.len() >= 2) {
                let mut pts = ring.iter().map(px);
                if let Some((x, y)) = pts.next() {
                    pb.move_to(x, y);
                }
                for (x, y) in pts {
                    pb.line_to(x, y);
                }
                pb.close();
            }
            let Some(path) = pb.finish() else {
                return;
            };
            if let Some(c) = fill.filter(|c| c[3] > 0) {
                pixmap.fill_path(
                    &path,
                    &paint(c),
                    FillRule::EvenOdd,
                    Transform::identity(),
                    None,
                );
            }
            if let Some((width, c)) = stroke {
                stroke_path(pixmap, &path, *width * k, *c, None);
            }
        }
        Item::Line {
            points,
            width,
            colour,
            dash,
        } => {
            if points.len() < 2 {
                return;
            }
            let mut pb = PathBuilder::new();
            let mut pts = points.iter().map(px);
            if let Some((x, y)) = pts.next() {
                pb.move_to(x, y);
            }
            for (x, y) in pts {
                pb.line_to(x, y);
            }
            let Some(path) = pb.finish() else {
                return;
            };
            let dash = dash.map(|(on, off)| (on * k, off * k));
            stroke_path(pixmap, &path, *width * k, *colour, dash);
        }
        Item::Circle {
            centre,
            radius,
            fill,
            stroke,
        } => {
            let (x, y) = px(centre);
            let Some(path) = PathBuilder::from_circle(x, y, (*radius * k) as f32) else {
                return;
            };
            if let Some(c) = fill.filter(|c| c[3] > 0) {
                pixmap.fill_path(
                    &path,
                    &paint(c),
                    FillRule::Winding,
                    Transform::identity(),
                    None,
                );
            }
            if let Some((width, c)) = stroke {
                stroke_path(pixmap, &path, *width * k, *c, None);
            }
        }
        Item::Text {
            at,
            text,
            size,
            colour,
            align,
            bold,
            halo,
        } => {
            let px_em = *size * dpi / 72.0;
            let at = [at[0] * k, at[1] * k];
            if let Some((width, c)) = halo {
                png_text::draw_halo(pixmap, at, text, px_em, (*width * k, *c), *align, *bold);
            }
            png_text::draw_text(pixmap, at, text, px_em, *colour, *align, *bold);
        }
        Item::Image {
            rect,
            width,
            height,
            rgba,
        } => draw_image(pixmap, *rect, *width, *height, rgba, k),
    }
}

/// Stroke a path; widths and dashes in pixels. Nothing for a width of zero or less.
fn stroke_path(pixmap: &mut Pixmap, path: &Path, width: f64, c: Rgba, dash: Option<(f64, f64)>) {
    if !positive(width) || c[3] == 0 {
        return;
    }
    let stroke = Stroke {
        width: width as f32,
        miter_limit: 4.0,
        line_cap: LineCap::Butt,
        line_join: LineJoin::Miter,
        // An unusable dash (negative, all zero) draws a solid line, like the SVG.
        dash: dash.and_then(|(on, off)| StrokeDash::new(vec![on as f32, off as f32], 0.0)),
    };
    pixmap.stroke_path(path, &paint(c), &stroke, Transform::identity(), None);
}

/// Stretch a straight-alpha RGBA raster over `rect` (mm), bilinear.
fn draw_image(pixmap: &mut Pixmap, rect: [f64; 4], w: u32, h: u32, rgba: &[u8], k: f64) {
    let expected = u64::from(w) * u64::from(h) * 4;
    if w == 0 || h == 0 || rgba.len() as u64 != expected {
        return;
    }
    let premultiplied: Vec<u8> = rgba
        .chunks_exact(4)
        .flat_map(|p| {
            let a = u16::from(p[3]);
            let m = |c: u8| ((u16::from(c) * a + 127) / 255) as u8;
            [m(p[0]), m(p[1]), m(p[2]), p[3]]
        })
        .collect();
    let Some(image) = IntSize::from_wh(w, h).and_then(|s| Pixmap::from_vec(premultiplied, s))
    else {
        return;
    };
    let [x, y, rw, rh] = rect.map(|v| v * k);
    let Some(dest) = Rect::from_xywh(x as f32, y as f32, rw as f32, rh as f32) else {
        return;
    };
    let transform = Transform::from_row(
        (rw / f64::from(w)) as f32,
        0.0,
        0.0,
        (rh / f64::from(h)) as f32,
        x as f32,
        y as f32,
    );
    let paint = Paint {
        shader: Pattern::new(
            image.as_ref(),
            SpreadMode::Pad,
            FilterQuality::Bilinear,
            1.0,
            transform,
        ),
        anti_alias: true,
        ..Paint::default()
    };
    pixmap.fill_rect(dest, &paint, Transform::identity(), None);
}

/// A finite number greater than zero (false for NaN).
fn positive(v: f64) -> bool {
    v > 0.0 && v.is_finite()
}

#[cfg(test)]
mod tests {
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
}
