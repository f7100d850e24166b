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
mod tests;
