//! The one bundled font (DejaVu Sans, regular and bold; licence in `assets/fonts/`): the same
//! glyphs in the PDF (embedded as a subset), the PNG (rasterised with ab_glyph) and the SVG
//! (named, with generic fallback), and its metrics for laying out legends and labels.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};

use super::scene::{Align, Pt, Rect};

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

/// Ascent and descent of the font as fractions of the em size (DejaVu Sans: 0.93 and 0.24),
/// the vertical extent of any line of text set in it.
pub fn vertical_metrics_em(bold: bool) -> (f64, f64) {
    let Some(f) = font(bold) else {
        return (0.93, 0.24);
    };
    let units = f64::from(f.units_per_em().unwrap_or(2048.0));
    (
        f64::from(f.ascent_unscaled()) / units,
        -f64::from(f.descent_unscaled()) / units,
    )
}

/// The box a line of text occupies on the page (mm): its advance width placed by the
/// alignment around the anchor, from the font's ascent above the baseline to its descent
/// below; `halo` mm added on every side.
pub fn text_box(at: Pt, text: &str, size_pt: f64, align: Align, bold: bool, halo: f64) -> Rect {
    let w = text_width_mm(text, size_pt, bold);
    let em = size_pt / super::scene::PT_PER_MM;
    let (ascent, descent) = vertical_metrics_em(bold);
    let x = match align {
        Align::Left => at[0],
        Align::Centre => at[0] - w / 2.0,
        Align::Right => at[0] - w,
    };
    Rect {
        x: x - halo,
        y: at[1] - ascent * em - halo,
        w: w + 2.0 * halo,
        h: (ascent + descent) * em + 2.0 * halo,
    }
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

/// Split a list ("A · B · C") into lines no wider than `max_mm`, breaking between its parts
/// where possible (the separator gives way to the line break) and inside a part only when
/// the part alone is too wide.
pub fn wrap_parts(text: &str, sep: &str, size_pt: f64, bold: bool, max_mm: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for part in text.split(sep).map(str::trim).filter(|p| !p.is_empty()) {
        let candidate = if line.is_empty() {
            part.to_owned()
        } else {
            format!("{line}{sep}{part}")
        };
        if text_width_mm(&candidate, size_pt, bold) <= max_mm {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut pieces = wrap(part, size_pt, bold, max_mm);
        line = pieces.pop().unwrap_or_default();
        lines.extend(pieces);
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
    fn lists_break_between_their_parts() {
        let text = "Sozialraum · Stadtteil Sachsenhausen-Süd · Sozialrathaus Sachsenhausen";
        let w = text_width_mm("Sozialraum · Stadtteil Sachsenhausen-Süd", 9.0, false);
        let lines = wrap_parts(text, " · ", 9.0, false, w + 1.0);
        assert_eq!(
            lines,
            vec![
                "Sozialraum · Stadtteil Sachsenhausen-Süd".to_owned(),
                "Sozialrathaus Sachsenhausen".to_owned()
            ]
        );
        // A part wider than the line is wrapped at its spaces.
        let narrow = wrap_parts(text, " · ", 9.0, false, 40.0);
        assert!(narrow.len() >= 4, "{narrow:?}");
        assert!(narrow.iter().all(|l| text_width_mm(l, 9.0, false) <= 40.0));
        assert!(wrap_parts("", " · ", 9.0, false, 25.0).is_empty());
    }

    #[test]
    fn a_text_box_spans_ascent_to_descent_around_its_anchor() {
        let (a, d) = vertical_metrics_em(false);
        assert!(
            (a - 0.928).abs() < 0.01 && (d - 0.236).abs() < 0.01,
            "{a} {d}"
        );
        let w = text_width_mm("Bockenheim", 6.0, false);
        let r = text_box([50.0, 20.0], "Bockenheim", 6.0, Align::Centre, false, 0.0);
        assert!((r.x - (50.0 - w / 2.0)).abs() < 1e-9 && (r.w - w).abs() < 1e-9);
        assert!(r.y < 20.0 && r.bottom() > 20.0);
        let right = text_box([50.0, 20.0], "Bockenheim", 6.0, Align::Right, false, 0.5);
        assert!((right.right() - 50.5).abs() < 1e-9 && (right.w - w - 1.0).abs() < 1e-9);
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
