//! The SVG back end: a [`Page`] as an SVG 1.1 document in millimetres (width, height and
//! viewBox), for editing the map in Inkscape or Illustrator. Texts stay texts (DejaVu Sans
//! named, generic fallback), images are embedded as PNG data URIs. Numbers carry at most two
//! decimals (1/100 mm) so files stay small and diffs stable.

use std::fmt::Write as _;

use super::font::FAMILY;
use super::scene::{Align, Item, Page, Pt, Rgba};

/// The page as an SVG document.
pub fn to_svg(page: &Page) -> String {
    let mut s = String::with_capacity(1024 + page.items.len() * 128);
    let (w, h) = (num(page.width_mm), num(page.height_mm));
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" \
         version=\"1.1\" width=\"{w}mm\" height=\"{h}mm\" viewBox=\"0 0 {w} {h}\">"
    );
    let _ = writeln!(s, "<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>");
    for item in &page.items {
        write_item(&mut s, item);
    }
    s.push_str("</svg>\n");
    s
}

fn write_item(s: &mut String, item: &Item) {
    match item {
        Item::Polygon {
            rings,
            fill,
            stroke,
        } => {
            let mut d = String::new();
            for ring in rings.iter().filter(|r| r.len() >= 2) {
                for (i, p) in ring.iter().enumerate() {
                    d.push(if i == 0 { 'M' } else { 'L' });
                    push_point(&mut d, p, ' ');
                }
                d.push('Z');
            }
            if d.is_empty() {
                return;
            }
            let _ = write!(s, "<path d=\"{d}\"");
            paint_attrs(s, *fill, *stroke);
            s.push_str(" fill-rule=\"evenodd\"/>\n");
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
            let mut pts = String::new();
            for (i, p) in points.iter().enumerate() {
                if i > 0 {
                    pts.push(' ');
                }
                push_point(&mut pts, p, ',');
            }
            let _ = write!(s, "<polyline points=\"{pts}\"");
            paint_attrs(s, None, Some((*width, *colour)));
            if let Some((on, off)) = dash.filter(|&(on, off)| usable_dash(on, off)) {
                let _ = write!(s, " stroke-dasharray=\"{} {}\"", num(on), num(off));
            }
            s.push_str("/>\n");
        }
        Item::Circle {
            centre,
            radius,
            fill,
            stroke,
        } => {
            if !positive(*radius) {
                return;
            }
            let _ = write!(
                s,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"",
                num(centre[0]),
                num(centre[1]),
                num(*radius)
            );
            paint_attrs(s, *fill, *stroke);
            s.push_str("/>\n");
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
            if text.is_empty() || !positive(*size) {
                return;
            }
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" font-family=\"{FAMILY}, sans-serif\" font-size=\"{}\"",
                num(at[0]),
                num(at[1]),
                num(*size / super::scene::PT_PER_MM)
            );
            match align {
                Align::Left => {}
                Align::Centre => s.push_str(" text-anchor=\"middle\""),
                Align::Right => s.push_str(" text-anchor=\"end\""),
            }
            if *bold {
                s.push_str(" font-weight=\"bold\"");
            }
            let _ = write!(s, " fill=\"{}\"", hex(*colour));
            if colour[3] < 255 {
                let _ = write!(s, " fill-opacity=\"{}\"", opacity(*colour));
            }
            if let Some((width, c)) = halo.filter(|(w, c)| positive(*w) && c[3] > 0) {
                let _ = write!(
                    s,
                    " stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\" \
                     paint-order=\"stroke\"",
                    hex(c),
                    num(2.0 * width)
                );
                if c[3] < 255 {
                    let _ = write!(s, " stroke-opacity=\"{}\"", opacity(c));
                }
            }
            if text.starts_with(' ') || text.ends_with(' ') || text.contains("  ") {
                s.push_str(" xml:space=\"preserve\"");
            }
            let _ = writeln!(s, ">{}</text>", escape(text));
        }
        Item::Image {
            rect,
            width,
            height,
            rgba,
        } => {
            let Some(png) = image_png(*width, *height, rgba) else {
                return;
            };
            let _ = writeln!(
                s,
                "<image x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"none\" \
                 xlink:href=\"data:image/png;base64,{}\"/>",
                num(rect[0]),
                num(rect[1]),
                num(rect[2]),
                num(rect[3]),
                base64(&png)
            );
        }
    }
}

/// The same rule as tiny-skia's dash: no negative part and a positive period.
fn usable_dash(on: f64, off: f64) -> bool {
    on >= 0.0 && off >= 0.0 && on + off > 0.0 && (on + off).is_finite()
}

fn push_point(s: &mut String, p: &Pt, sep: char) {
    s.push_str(&num(p[0]));
    s.push(sep);
    s.push_str(&num(p[1]));
}

/// `fill`, `stroke` and their opacities; `fill="none"` without a fill.
fn paint_attrs(s: &mut String, fill: Option<Rgba>, stroke: Option<(f64, Rgba)>) {
    match fill {
        Some(c) => {
            let _ = write!(s, " fill=\"{}\"", hex(c));
            if c[3] < 255 {
                let _ = write!(s, " fill-opacity=\"{}\"", opacity(c));
            }
        }
        None => s.push_str(" fill=\"none\""),
    }
    if let Some((width, c)) = stroke.filter(|(w, _)| *w > 0.0) {
        let _ = write!(s, " stroke=\"{}\" stroke-width=\"{}\"", hex(c), num(width));
        if c[3] < 255 {
            let _ = write!(s, " stroke-opacity=\"{}\"", opacity(c));
        }
    }
}

fn hex(c: Rgba) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

fn opacity(c: Rgba) -> String {
    num(f64::from(c[3]) / 255.0)
}

/// A number with at most two decimals, trailing zeros trimmed ("12.5", "3", "-0.25").
fn num(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_owned();
    }
    let mut s = format!("{:.2}", v);
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" { "0".to_owned() } else { s }
}

/// Text content with the XML specials escaped; control characters XML 1.0 forbids dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A straight-alpha RGBA raster as PNG bytes; `None` when the size does not match the data.
fn image_png(width: u32, height: u32, rgba: &[u8]) -> Option<Vec<u8>> {
    let expected = u64::from(width) * u64::from(height) * 4;
    if width == 0 || height == 0 || rgba.len() as u64 != expected {
        return None;
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().ok()?;
    writer.write_image_data(rgba).ok()?;
    writer.finish().ok()?;
    Some(out)
}

/// Standard base64 (RFC 4648, with padding).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A finite number greater than zero (false for NaN).
fn positive(v: f64) -> bool {
    v > 0.0 && v.is_finite()
}

#[cfg(test)]
mod tests;
