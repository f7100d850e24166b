//! The one bundled font (DejaVu Sans, regular and bold; licence in `assets/fonts/`): the same
//! glyphs in the PDF (embedded as a subset), the PNG (rasterised with ab_glyph) and the SVG
//! (named, with generic fallback), and its metrics for laying out legends and labels.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};

pub static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The family name written into SVG files.
pub const FAMILY: &str = "DejaVu Sans";

/// The parsed font (regular or bold).
pub fn font(bold: bool) -> Option<FontRef<'static>> {
    FontRef::try_from_slice(if bold { BOLD } else { REGULAR }).ok()
}

/// The advance width of a text in millimetres at a size in points (kerning included).
pub fn text_width_mm(text: &str, size_pt: f64, bold: bool) -> f64 {
    let Some(f) = font(bold) else {
        // Without metrics, a generous average width.
        return text.chars().count() as f64 * size_pt * 0.6 / super::scene::PT_PER_MM;
    };
    // Scale so that one unit is one point of em size.
    let scaled = f.as_scaled(PxScale::from(size_pt as f32 * em_to_px(&f)));
    let mut width = 0.0f32;
    let mut prev = None;
    for c in text.chars() {
        let g = scaled.glyph_id(c);
        if let Some(p) = prev {
            width += scaled.kern(p, g);
        }
        width += scaled.h_advance(g);
        prev = Some(g);
    }
    f64::from(width) / super::scene::PT_PER_MM
}

/// ab_glyph scales by height (ascent − descent); PDF and SVG sizes are em sizes. This factor
/// turns an em size into ab_glyph's scale.
pub fn em_to_px(f: &FontRef<'static>) -> f32 {
    let units = f.units_per_em().unwrap_or(2048.0);
    let height = f.height_unscaled();
    if height > 0.0 { height / units } else { 1.0 }
}

/// Split a text into lines no wider than `max_mm`, at spaces.
pub fn wrap(text: &str, size_pt: f64, bold: bool, max_mm: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width_mm(&candidate, size_pt, bold) > max_mm {
            lines.push(std::mem::take(&mut line));
            line = word.to_owned();
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_font_measures_text_and_bold_is_wider() {
        let w = text_width_mm("Sozialatlas", 10.0, false);
        // DejaVu Sans at 10 pt: roughly 0.55 em per character.
        assert!(w > 15.0 && w < 25.0, "{w}");
        assert!(text_width_mm("Sozialatlas", 10.0, true) > w);
        assert!(text_width_mm("", 10.0, false) == 0.0);
    }

    #[test]
    fn long_text_wraps_at_spaces_within_the_width() {
        let lines = wrap(
            "Datenquellen: Stadt Frankfurt am Main, fiktive Beispieldaten",
            8.0,
            false,
            40.0,
        );
        assert!(lines.len() >= 2);
        for l in &lines {
            assert!(text_width_mm(l, 8.0, false) <= 40.0 || !l.contains(' '));
        }
    }
}
