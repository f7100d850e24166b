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
use krilla::geom::{Path, PathBuilder, Point, Size, Transform};
use krilla::image::{BitsPerComponent, CustomImage, Image, ImageColorspace};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, LineCap, LineJoin, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use super::font;
use super::scene::{Align, Item, PT_PER_MM, Page, Pt, Rgba};

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

/// The two fonts, each parsed once per document and only when first used.
#[derive(Default)]
struct Fonts {
    regular: Option<Font>,
    bold: Option<Font>,
}

impl Fonts {
    fn get(&mut self, bold: bool) -> Result<Font, ExportError> {
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

/// How a text is drawn (the fields of [`Item::Text`] besides its place and string).
struct TextStyle {
    size: f64,
    colour: Rgba,
    align: Align,
    bold: bool,
    halo: Option<(f64, Rgba)>,
}

fn draw_text(
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
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::export::scene::BLACK;

    fn a4_landscape() -> Page {
        Page::new(297.0, 210.0)
    }

    fn pdf(pages: &[Page]) -> lopdf::Document {
        let bytes = to_pdf(pages, &PdfMeta::default()).unwrap();
        lopdf::Document::load_mem(&bytes).unwrap()
    }

    /// Every indirect dictionary (or stream dictionary) of the file.
    fn dicts(doc: &lopdf::Document) -> Vec<&lopdf::Dictionary> {
        doc.objects
            .values()
            .filter_map(|o| match o {
                lopdf::Object::Dictionary(d) => Some(d),
                lopdf::Object::Stream(s) => Some(&s.dict),
                _ => None,
            })
            .collect()
    }

    fn ext_g_states_with_alpha(doc: &lopdf::Document) -> usize {
        dicts(doc)
            .iter()
            .filter(|d| d.has(b"ca") || d.has(b"CA"))
            .count()
    }

    fn square(x: f64, fill: Rgba) -> Item {
        Item::Polygon {
            rings: vec![vec![
                [x, 10.0],
                [x + 10.0, 10.0],
                [x + 10.0, 20.0],
                [x, 20.0],
            ]],
            fill: Some(fill),
            stroke: Some((0.2, BLACK)),
        }
    }

    #[test]
    fn a_haloed_text_is_extracted_once() {
        let mut page = a4_landscape();
        page.items.push(Item::Text {
            at: [20.0, 20.0],
            text: "Bockenheim".to_owned(),
            size: 8.0,
            colour: BLACK,
            align: Align::Left,
            bold: false,
            halo: Some((0.4, [255, 255, 255, 255])),
        });
        let doc = pdf(&[page]);
        let text = doc.extract_text(&[1]).unwrap();
        assert_eq!(text.matches("Bockenheim").count(), 1, "{text}");
    }

    #[test]
    fn millimetres_become_points() {
        assert!((f64::from(mm(25.4)) - 72.0).abs() < 1e-4);
        assert_eq!(point([0.0, 0.0]), (0.0, 0.0));
        let (w, h) = page_size_pt(&a4_landscape()).unwrap();
        assert!(
            (w - 841.89).abs() < 0.01 && (h - 595.28).abs() < 0.01,
            "{w} × {h}"
        );
    }

    #[test]
    fn no_pages_is_an_error_not_an_empty_file() {
        let err = to_pdf(&[], &PdfMeta::default()).unwrap_err();
        assert!(matches!(err, ExportError::NoPages));
        assert_eq!(err.to_string(), "Keine Seite zum Exportieren");
    }

    #[test]
    fn a_zero_or_non_finite_page_size_is_an_error_naming_the_page() {
        for (w, h) in [
            (0.0, 210.0),
            (297.0, -1.0),
            (f64::NAN, 210.0),
            (297.0, f64::INFINITY),
        ] {
            let pages = [a4_landscape(), Page::new(w, h)];
            let err = to_pdf(&pages, &PdfMeta::default()).unwrap_err();
            assert!(
                matches!(err, ExportError::PageSize { page: 2, .. }),
                "{err}"
            );
        }
    }

    #[test]
    fn an_image_whose_pixels_do_not_match_its_size_is_an_error() {
        let mut page = a4_landscape();
        page.items.push(Item::Image {
            rect: [0.0, 0.0, 10.0, 10.0],
            width: 2,
            height: 2,
            rgba: Arc::new(vec![0; 15]),
        });
        let err = to_pdf(&[page], &PdfMeta::default()).unwrap_err();
        assert!(
            matches!(
                err,
                ExportError::ImageData {
                    page: 1,
                    actual: 15,
                    expected: 16,
                    ..
                }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("2 × 2 Pixeln"));
    }

    #[test]
    fn an_empty_page_is_still_a_page() {
        let doc = pdf(&[a4_landscape()]);
        assert_eq!(doc.get_pages().len(), 1);
    }

    #[test]
    fn degenerate_and_invisible_items_are_skipped_without_error() {
        let mut page = a4_landscape();
        page.items.extend([
            Item::Polygon {
                rings: vec![],
                fill: Some(BLACK),
                stroke: None,
            },
            Item::Polygon {
                rings: vec![vec![[1.0, 1.0]], vec![[f64::NAN, 2.0], [3.0, 3.0]]],
                fill: Some(BLACK),
                stroke: Some((0.2, BLACK)),
            },
            Item::Line {
                points: vec![[1.0, 1.0]],
                width: 0.3,
                colour: BLACK,
                dash: None,
            },
            Item::Line {
                points: vec![[1.0, 1.0], [5.0, 5.0]],
                width: 0.0,
                colour: BLACK,
                dash: Some((0.0, 0.0)),
            },
            Item::Circle {
                centre: [5.0, 5.0],
                radius: 0.0,
                fill: Some(BLACK),
                stroke: None,
            },
            Item::Text {
                at: [10.0, 10.0],
                text: "   ".into(),
                size: 10.0,
                colour: BLACK,
                align: Align::Centre,
                bold: false,
                halo: None,
            },
            Item::Text {
                at: [10.0, 10.0],
                text: "unsichtbar".into(),
                size: 10.0,
                colour: [0, 0, 0, 0],
                align: Align::Left,
                bold: false,
                halo: None,
            },
            Item::Image {
                rect: [0.0, 0.0, 0.0, 10.0],
                width: 1,
                height: 1,
                rgba: Arc::new(vec![0; 4]),
            },
        ]);
        let doc = pdf(&[page]);
        assert_eq!(doc.get_pages().len(), 1);
        // Nothing drew text, so no font is embedded.
        assert!(!dicts(&doc).iter().any(|d| d.has(b"FontFile2")));
    }

    #[test]
    fn opaque_colours_create_no_transparency_state() {
        let mut page = a4_landscape();
        for i in 0..20 {
            page.items
                .push(square(f64::from(i) * 12.0, [200, 100, 50, 255]));
        }
        assert_eq!(ext_g_states_with_alpha(&pdf(&[page])), 0);
    }

    #[test]
    fn translucent_colours_share_one_alpha_state_and_no_group() {
        let mut page = a4_landscape();
        for i in 0..20 {
            page.items
                .push(square(f64::from(i) * 12.0, [200, 100, 50, 128]));
        }
        let doc = pdf(&[page]);
        assert_eq!(ext_g_states_with_alpha(&doc), 1);
        let groups = dicts(&doc).iter().filter(|d| d.has(b"Group")).count();
        assert_eq!(groups, 0, "no transparency groups");
    }

    #[test]
    fn an_opaque_image_has_no_soft_mask_and_a_translucent_one_has() {
        let opaque = RgbaImage::new(2, 1, &[1, 2, 3, 255, 4, 5, 6, 255]);
        assert_eq!(opaque.color_channel(), &[1, 2, 3, 4, 5, 6]);
        assert!(opaque.alpha_channel().is_none());
        let translucent = RgbaImage::new(2, 1, &[1, 2, 3, 255, 4, 5, 6, 0]);
        assert_eq!(translucent.alpha_channel(), Some(&[255u8, 0][..]));
    }

    #[test]
    fn a_circle_needs_a_positive_finite_radius() {
        assert!(circle_path(50.0, 40.0, 10.0).is_some());
        assert!(circle_path(50.0, 40.0, f32::NAN).is_none());
    }

    #[test]
    fn metadata_has_title_author_subject_and_creator() {
        let meta = PdfMeta {
            title: "Sozialatlas Frankfurt".into(),
            author: Some("Jugend- und Sozialamt".into()),
            subject: Some("SGB-II-Quote 2024".into()),
        };
        let bytes = to_pdf(&[a4_landscape()], &meta).unwrap();
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
        let info = doc.get_dictionary(info).unwrap();
        let text = |key: &[u8]| lopdf::decode_text_string(info.get(key).unwrap()).unwrap();
        assert_eq!(text(b"Title"), "Sozialatlas Frankfurt");
        assert_eq!(text(b"Author"), "Jugend- und Sozialamt");
        assert_eq!(text(b"Subject"), "SGB-II-Quote 2024");
        assert_eq!(text(b"Creator"), "Sozialatlas");
    }
}
