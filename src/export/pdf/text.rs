//! Text in the PDF: the bundled fonts (parsed once per document, embedded as subsets by
//! krilla) and one line of text, its halo first as stroked glyph outlines (paths, so the text
//! is extracted once), then the glyphs as real, searchable text.

use krilla::geom::Point;
use krilla::paint::{FillRule, LineCap, LineJoin, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use super::{ExportError, fill, mm, stroke};
use crate::export::font;
use crate::export::scene::{Align, Pt, Rgba};

/// The two fonts, each parsed once per document and only when first used.
#[derive(Default)]
pub(super) struct Fonts {
    regular: Option<Font>,
    bold: Option<Font>,
}

impl Fonts {
    pub(super) fn get(&mut self, bold: bool) -> Result<Font, ExportError> {
        let slot = if bold {
            &mut self.bold
        } else {
            &mut self.regular
        };
        if let Some(f) = slot {
            return Ok(f.clone());
        }
        let (bytes, name) = if bold {
            (font::BOLD, "DejaVu Sans Bold")
        } else {
            (font::REGULAR, "DejaVu Sans")
        };
        let f = Font::new(bytes.into(), 0).ok_or(ExportError::Font { name })?;
        *slot = Some(f.clone());
        Ok(f)
    }
}

/// How a text is drawn (the fields of [`Item::Text`] besides its place and string).
pub(super) struct TextStyle {
    pub size: f64,
    pub colour: Rgba,
    pub align: Align,
    pub bold: bool,
    pub halo: Option<(f64, Rgba)>,
}

pub(super) fn draw_text(
    surface: &mut Surface,
    fonts: &mut Fonts,
    at: Pt,
    text: &str,
    style: &TextStyle,
) -> Result<(), ExportError> {
    let size = style.size;
    let usable = at[0].is_finite() && at[1].is_finite() && size.is_finite() && size > 0.0;
    if !usable || text.trim().is_empty() {
        return Ok(());
    }
    let Some(fill) = fill(Some(style.colour), FillRule::NonZero) else {
        return Ok(());
    };
    let shift_mm = match style.align {
        Align::Left => 0.0,
        Align::Centre => font::text_width_mm(text, size, style.bold) / 2.0,
        Align::Right => font::text_width_mm(text, size, style.bold),
    };
    let font = fonts.get(style.bold)?;
    let start = Point::from_xy(mm(at[0] - shift_mm), mm(at[1]));
    // The halo as stroked outlines (paths, so the text is not extracted twice), then the text.
    if let Some(halo) = style
        .halo
        .and_then(|(w, c)| stroke(2.0 * w, c, None))
        .map(|s| Stroke {
            line_join: LineJoin::Round,
            line_cap: LineCap::Round,
            ..s
        })
    {
        surface.set_fill(None);
        surface.set_stroke(Some(halo));
        surface.draw_text(
            start,
            font.clone(),
            size as f32,
            text,
            true,
            TextDirection::Auto,
        );
    }
    surface.set_fill(Some(fill));
    surface.set_stroke(None);
    surface.draw_text(start, font, size as f32, text, false, TextDirection::Auto);
    Ok(())
}
