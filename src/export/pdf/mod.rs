//! The PDF back end: draws [`Page`]s as vector PDF with krilla — polygons, lines and circles as
//! paths, texts with the bundled DejaVu Sans embedded as a subset (with a ToUnicode map, so the
//! text can be searched and copied), raster images at their native pixel size.
//!
//! Coordinates: the scene is in millimetres with the origin top left and y down; krilla's
//! surface is in points with the origin top left and y down as well (it flips to PDF's y-up
//! itself), so every coordinate is only scaled by [`PT_PER_MM`].
//!
//! File size: transparency is written as a plain fill/stroke alpha (`/ca`, `/CA`) and only for
//! colours whose alpha is below 255; no transparency groups or soft masks are created for
//! vector items. Images get a soft mask only when one of their pixels is not opaque.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{Path, PathBuilder, Size, Transform};
use krilla::image::{BitsPerComponent, CustomImage, Image, ImageColorspace};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, LineCap, LineJoin, Stroke, StrokeDash};
use krilla::surface::Surface;

use super::scene::{Item, PT_PER_MM, Page, Pt, Rgba};

mod text;
use text::{Fonts, TextStyle, draw_text};

/// The name written as the creating application.
pub const CREATOR: &str = "Sozialatlas";

/// Document information written into the PDF.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PdfMeta {
    pub title: String,
    pub author: Option<String>,
    pub subject: Option<String>,
}

/// Why a PDF could not be produced. Messages are German.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("Keine Seite zum Exportieren")]
    NoPages,
    #[error("Seite {page}: ungültige Seitengröße {width_mm} × {height_mm} mm")]
    PageSize {
        page: usize,
        width_mm: f64,
        height_mm: f64,
    },
    #[error("Die mitgelieferte Schrift {name} kann nicht gelesen werden")]
    Font { name: &'static str },
    #[error("Seite {page}: Bild mit {width} × {height} Pixeln hat {actual} Bytes statt {expected}")]
    ImageData {
        page: usize,
        width: u32,
        height: u32,
        actual: usize,
        expected: usize,
    },
    #[error("PDF kann nicht erzeugt werden ({source})")]
    Pdf {
        #[source]
        source: krilla::error::KrillaError,
    },
}

/// Draw `pages` into one PDF document (one PDF page per scene page, in order).
pub fn to_pdf(pages: &[Page], meta: &PdfMeta) -> Result<Vec<u8>, ExportError> {
    if pages.is_empty() {
        return Err(ExportError::NoPages);
    }
    let mut fonts = Fonts::default();
    let mut document = Document::new();
    document.set_metadata(metadata(meta));
    for (index, page) in pages.iter().enumerate() {
        let number = index + 1;
        let settings = page_size_pt(page)
            .and_then(|(w, h)| PageSettings::from_wh(w, h))
            .ok_or(ExportError::PageSize {
                page: number,
                width_mm: page.width_mm,
                height_mm: page.height_mm,
            })?;
        let mut pdf_page = document.start_page_with(settings);
        let mut surface = pdf_page.surface();
        let drawn = page
            .items
            .iter()
            .try_for_each(|item| draw_item(&mut surface, item, &mut fonts, number));
        // The surface must be finished (it balances its own state) before an error returns.
        surface.finish();
        pdf_page.finish();
        drawn?;
    }
    document
        .finish()
        .map_err(|source| ExportError::Pdf { source })
}

/// The page size in points, if it is a usable size.
fn page_size_pt(page: &Page) -> Option<(f32, f32)> {
    let ok = |v: f64| v.is_finite() && v > 0.0;
    (ok(page.width_mm) && ok(page.height_mm)).then_some((mm(page.width_mm), mm(page.height_mm)))
}

fn metadata(meta: &PdfMeta) -> Metadata {
    let mut m = Metadata::new()
        .title(meta.title.clone())
        .creator(CREATOR.to_owned());
    if let Some(author) = meta.author.as_ref().filter(|a| !a.is_empty()) {
        m = m.authors(vec![author.clone()]);
    }
    if let Some(subject) = meta.subject.as_ref().filter(|s| !s.is_empty()) {
        m = m.description(subject.clone());
    }
    m
}

fn mm(v: f64) -> f32 {
    (v * PT_PER_MM) as f32
}

fn point(p: Pt) -> (f32, f32) {
    (mm(p[0]), mm(p[1]))
}

/// The colour's opacity, `None` when it is fully transparent (nothing to draw).
fn opacity(c: Rgba) -> Option<NormalizedF32> {
    match c[3] {
        0 => None,
        255 => Some(NormalizedF32::ONE),
        a => NormalizedF32::new(f32::from(a) / 255.0),
    }
}

fn fill(c: Option<Rgba>, rule: FillRule) -> Option<Fill> {
    let c = c?;
    Some(Fill {
        paint: rgb::Color::new(c[0], c[1], c[2]).into(),
        opacity: opacity(c)?,
        rule,
    })
}

/// A stroke of `width_mm`; joins and caps as SVG's defaults (miter, limit 4; butt), so the
/// back ends agree.
fn stroke(width_mm: f64, c: Rgba, dash: Option<(f64, f64)>) -> Option<Stroke> {
    if !(width_mm.is_finite() && width_mm > 0.0) {
        return None;
    }
    let dash = dash
        .filter(|&(on, off)| on.is_finite() && off.is_finite() && on > 0.0 && off >= 0.0)
        .map(|(on, off)| StrokeDash {
            array: vec![mm(on), mm(off)],
            offset: 0.0,
        });
    Some(Stroke {
        paint: rgb::Color::new(c[0], c[1], c[2]).into(),
        width: mm(width_mm),
        miter_limit: 4.0,
        line_cap: LineCap::Butt,
        line_join: LineJoin::Miter,
        opacity: opacity(c)?,
        dash,
    })
}

/// One path of all rings (each closed), skipping rings with fewer than two finite points.
fn rings_path(rings: &[Vec<Pt>]) -> Option<Path> {
    let mut pb = PathBuilder::new();
    for ring in rings {
        let pts: Vec<(f32, f32)> = ring
            .iter()
            .filter(|p| p[0].is_finite() && p[1].is_finite())
            .map(|&p| point(p))
            .collect();
        if let [(x0, y0), rest @ ..] = pts.as_slice()
            && !rest.is_empty()
        {
            pb.move_to(*x0, *y0);
            for &(x, y) in rest {
                pb.line_to(x, y);
            }
            pb.close();
        }
    }
    pb.finish()
}

/// An open polyline through the finite points.
fn line_path(points: &[Pt]) -> Option<Path> {
    let mut pb = PathBuilder::new();
    let mut started = false;
    for &p in points
        .iter()
        .filter(|p| p[0].is_finite() && p[1].is_finite())
    {
        let (x, y) = point(p);
        if started {
            pb.line_to(x, y);
        } else {
            pb.move_to(x, y);
            started = true;
        }
    }
    pb.finish()
}

/// A circle as four cubic Bézier arcs (the usual 0.5523 approximation), in points.
fn circle_path(cx: f32, cy: f32, r: f32) -> Option<Path> {
    const K: f32 = 0.552_284_8;
    let k = K * r;
    let mut pb = PathBuilder::new();
    pb.move_to(cx + r, cy);
    pb.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    pb.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    pb.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    pb.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    pb.close();
    pb.finish()
}

fn draw_path(
    surface: &mut Surface,
    path: Option<Path>,
    fill: Option<Fill>,
    stroke: Option<Stroke>,
) {
    // krilla fills with black when neither is set; the scene means "nothing".
    if fill.is_none() && stroke.is_none() {
        return;
    }
    let Some(path) = path else { return };
    surface.set_fill(fill);
    surface.set_stroke(stroke);
    surface.draw_path(&path);
}

fn draw_item(
    surface: &mut Surface,
    item: &Item,
    fonts: &mut Fonts,
    page: usize,
) -> Result<(), ExportError> {
    match item {
        Item::Polygon {
            rings,
            fill: f,
            stroke: s,
        } => {
            let fill = fill(*f, FillRule::EvenOdd);
            let stroke = s.and_then(|(w, c)| stroke(w, c, None));
            if fill.is_some() || stroke.is_some() {
                draw_path(surface, rings_path(rings), fill, stroke);
            }
        }
        Item::Line {
            points,
            width,
            colour,
            dash,
        } => {
            if let Some(stroke) = stroke(*width, *colour, *dash) {
                draw_path(surface, line_path(points), None, Some(stroke));
            }
        }
        Item::Circle {
            centre,
            radius,
            fill: f,
            stroke: s,
        } => {
            let finite = centre[0].is_finite() && centre[1].is_finite() && radius.is_finite();
            if finite && *radius > 0.0 {
                let (cx, cy) = point(*centre);
                let fill = fill(*f, FillRule::NonZero);
                let stroke = s.and_then(|(w, c)| stroke(w, c, None));
                draw_path(surface, circle_path(cx, cy, mm(*radius)), fill, stroke);
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
            let style = TextStyle {
                size: *size,
                colour: *colour,
                align: *align,
                bold: *bold,
                halo: *halo,
            };
            draw_text(surface, fonts, *at, text, &style)?;
        }
        Item::Image {
            rect,
            width,
            height,
            rgba,
        } => draw_image(surface, page, *rect, *width, *height, rgba)?,
    }
    Ok(())
}

fn draw_image(
    surface: &mut Surface,
    page: usize,
    rect: [f64; 4],
    width: u32,
    height: u32,
    rgba: &Arc<Vec<u8>>,
) -> Result<(), ExportError> {
    let expected = (width as usize)
        .saturating_mul(height as usize)
        .saturating_mul(4);
    if rgba.len() != expected {
        return Err(ExportError::ImageData {
            page,
            width,
            height,
            actual: rgba.len(),
            expected,
        });
    }
    let [x, y, w, h] = rect;
    let Some(size) = Size::from_wh(mm(w), mm(h)) else {
        return Ok(());
    };
    if width == 0 || height == 0 || !(x.is_finite() && y.is_finite()) {
        return Ok(());
    }
    let Ok(image) = Image::from_custom(RgbaImage::new(width, height, rgba), false) else {
        return Ok(());
    };
    surface.push_transform(&Transform::from_translate(mm(x), mm(y)));
    surface.draw_image(image, size);
    surface.pop();
    Ok(())
}

/// Straight-alpha RGBA pixels split into an RGB channel and, only when some pixel is not
/// opaque, an alpha channel (which becomes the image's soft mask).
#[derive(Clone)]
struct RgbaImage {
    size: (u32, u32),
    rgb: Arc<Vec<u8>>,
    alpha: Option<Arc<Vec<u8>>>,
}

impl RgbaImage {
    fn new(width: u32, height: u32, rgba: &[u8]) -> Self {
        let rgb = rgba
            .chunks_exact(4)
            .flat_map(|px| [px[0], px[1], px[2]])
            .collect();
        let alpha = rgba
            .chunks_exact(4)
            .any(|px| px[3] != 255)
            .then(|| rgba.chunks_exact(4).map(|px| px[3]).collect());
        Self {
            size: (width, height),
            rgb: Arc::new(rgb),
            alpha: alpha.map(Arc::new),
        }
    }
}

impl Hash for RgbaImage {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.size.hash(state);
        self.rgb.hash(state);
        self.alpha.hash(state);
    }
}

impl CustomImage for RgbaImage {
    fn color_channel(&self) -> &[u8] {
        &self.rgb
    }

    fn alpha_channel(&self) -> Option<&[u8]> {
        self.alpha.as_deref().map(Vec::as_slice)
    }

    fn bits_per_component(&self) -> BitsPerComponent {
        BitsPerComponent::Eight
    }

    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn icc_profile(&self) -> Option<&[u8]> {
        None
    }

    fn color_space(&self) -> ImageColorspace {
        ImageColorspace::Rgb
    }
}

#[cfg(test)]
mod tests;
