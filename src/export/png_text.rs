//! Text on the raster back end: glyphs from the bundled font rasterised with ab_glyph's
//! coverage (the same advances as [`font::text_width_mm`]), and the halo around them as the
//! glyph outlines stroked with tiny-skia (round joins), so labels on a map stay legible
//! without a knock-out box.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, OutlineCurve, PxScale, ScaleFont, point};
use tiny_skia::{LineCap, LineJoin, Paint, PathBuilder, Pixmap, Stroke, Transform};

use super::font;
use super::scene::{Align, Rgba};

/// The two parsed fonts, parsed once per process.
fn cached_font(bold: bool) -> Option<&'static FontRef<'static>> {
    static REGULAR: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    static BOLD: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    let cell = if bold { &BOLD } else { &REGULAR };
    cell.get_or_init(|| font::font(bold)).as_ref()
}

/// A finite number greater than zero (false for NaN).
fn positive(v: f64) -> bool {
    v > 0.0 && v.is_finite()
}

/// The glyphs of a line with their x offsets (pixels) and the line's advance width.
fn layout(f: &FontRef<'static>, text: &str, px_em: f64) -> (Vec<(ab_glyph::GlyphId, f32)>, f32) {
    let scale = PxScale::from(px_em as f32 * font::em_to_px(f));
    let scaled = f.as_scaled(scale);
    let mut glyphs = Vec::with_capacity(text.len());
    let mut x = 0.0f32;
    let mut prev = None;
    for ch in text.chars() {
        let id = scaled.glyph_id(ch);
        if let Some(p) = prev {
            x += scaled.kern(p, id);
        }
        glyphs.push((id, x));
        x += scaled.h_advance(id);
        prev = Some(id);
    }
    (glyphs, x)
}

fn left_edge(at: [f64; 2], width: f32, align: Align) -> f32 {
    (match align {
        Align::Left => at[0],
        Align::Centre => at[0] - f64::from(width) / 2.0,
        Align::Right => at[0] - f64::from(width),
    }) as f32
}

/// The halo of a line of text: every glyph outline stroked `2 × halo.0` pixels wide.
pub(super) fn draw_halo(
    pixmap: &mut Pixmap,
    at: [f64; 2],
    text: &str,
    px_em: f64,
    halo: (f64, Rgba),
    align: Align,
    bold: bool,
) {
    let (width, c) = halo;
    let usable = positive(px_em) && positive(width) && at[0].is_finite() && at[1].is_finite();
    if text.is_empty() || c[3] == 0 || !usable {
        return;
    }
    let Some(f) = cached_font(bold) else {
        return;
    };
    let (glyphs, advance) = layout(f, text, px_em);
    let left = left_edge(at, advance, align);
    let baseline = at[1] as f32;
    let units = f.units_per_em().unwrap_or(2048.0);
    let s = px_em as f32 / units;
    let mut pb = PathBuilder::new();
    for (id, gx) in glyphs {
        let Some(outline) = f.outline(id) else {
            continue;
        };
        let p = |q: ab_glyph::Point| (left + gx + q.x * s, baseline - q.y * s);
        let mut last: Option<(f32, f32)> = None;
        for curve in &outline.curves {
            let (start, end) = match curve {
                OutlineCurve::Line(a, b) | OutlineCurve::Quad(a, _, b) => (p(*a), p(*b)),
                OutlineCurve::Cubic(a, _, _, b) => (p(*a), p(*b)),
            };
            if last != Some(start) {
                pb.move_to(start.0, start.1);
            }
            match curve {
                OutlineCurve::Line(..) => pb.line_to(end.0, end.1),
                OutlineCurve::Quad(_, c1, _) => {
                    let c1 = p(*c1);
                    pb.quad_to(c1.0, c1.1, end.0, end.1);
                }
                OutlineCurve::Cubic(_, c1, c2, _) => {
                    let (c1, c2) = (p(*c1), p(*c2));
                    pb.cubic_to(c1.0, c1.1, c2.0, c2.1, end.0, end.1);
                }
            }
            last = Some(end);
        }
    }
    let Some(path) = pb.finish() else {
        return;
    };
    let stroke = Stroke {
        width: (2.0 * width) as f32,
        line_cap: LineCap::Round,
        line_join: LineJoin::Round,
        ..Stroke::default()
    };
    let mut paint = Paint::default();
    paint.set_color_rgba8(c[0], c[1], c[2], c[3]);
    paint.anti_alias = true;
    pixmap.stroke_path(&path, &paint, &stroke, Transform::identity(), None);
}

/// Rasterise one line of text glyph by glyph; `at` is the anchor on the baseline in pixels,
/// `px_em` the em size in pixels.
pub(super) fn draw_text(
    pixmap: &mut Pixmap,
    at: [f64; 2],
    text: &str,
    px_em: f64,
    c: Rgba,
    align: Align,
    bold: bool,
) {
    if text.is_empty() || c[3] == 0 || !positive(px_em) || !at[0].is_finite() || !at[1].is_finite()
    {
        return;
    }
    let Some(f) = cached_font(bold) else {
        return;
    };
    let scale = PxScale::from(px_em as f32 * font::em_to_px(f));
    let (glyphs, advance) = layout(f, text, px_em);
    let left = left_edge(at, advance, align);
    let baseline = at[1] as f32;

    let (pw, ph) = (pixmap.width() as i64, pixmap.height() as i64);
    let stride = pw as usize * 4;
    let data = pixmap.data_mut();
    let alpha = f32::from(c[3]) / 255.0;
    let rgb = [f32::from(c[0]), f32::from(c[1]), f32::from(c[2])];
    for (id, gx) in glyphs {
        let glyph = id.with_scale_and_position(scale, point(left + gx, baseline));
        let Some(outlined) = f.outline_glyph(glyph) else {
            continue; // spaces have no outline
        };
        let bounds = outlined.px_bounds();
        let (x0, y0) = (bounds.min.x as i64, bounds.min.y as i64);
        if x0 >= pw || y0 >= ph || bounds.max.x < 0.0 || bounds.max.y < 0.0 {
            continue;
        }
        outlined.draw(|dx, dy, coverage| {
            let (x, y) = (x0 + i64::from(dx), y0 + i64::from(dy));
            if x < 0 || y < 0 || x >= pw || y >= ph {
                return;
            }
            let a = coverage.clamp(0.0, 1.0) * alpha;
            if a <= 0.0 {
                return;
            }
            let i = y as usize * stride + x as usize * 4;
            let inv = 1.0 - a;
            // Source over, premultiplied.
            for ch in 0..3 {
                let d = f32::from(data[i + ch]);
                data[i + ch] = (rgb[ch] * a + d * inv).round().min(255.0) as u8;
            }
            let d = f32::from(data[i + 3]);
            data[i + 3] = (255.0 * a + d * inv).round().min(255.0) as u8;
        });
    }
}
