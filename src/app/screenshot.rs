//! "Bildschirmfoto": the map area of the window as a PNG (with its DPI recorded), saved in the
//! user's pictures folder under a name with the date and time.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use crate::i18n::Bilingual;

/// Ask the renderer for the window's pixels; the saved file's path (or the error, in both
/// languages) arrives on the receiver.
pub fn take(ctx: &egui::Context, map: egui::Rect) -> Receiver<Result<PathBuf, Bilingual>> {
    let (tx, rx) = channel();
    let ppp = ctx.pixels_per_point();
    let repaint = ctx.clone();
    ctx.request_screenshot(move |image| {
        let result = save(&image, map, ppp);
        let _ = tx.send(result);
        repaint.request_repaint();
    });
    rx
}

fn save(image: &egui::ColorImage, map: egui::Rect, ppp: f32) -> Result<PathBuf, Bilingual> {
    let [w, h] = image.size;
    let x0 = ((map.min.x * ppp).max(0.0) as usize).min(w);
    let y0 = ((map.min.y * ppp).max(0.0) as usize).min(h);
    let x1 = ((map.max.x * ppp) as usize).clamp(x0, w);
    let y1 = ((map.max.y * ppp) as usize).clamp(y0, h);
    if x1 <= x0 || y1 <= y0 {
        return Err(Bilingual::new(
            "Bildschirmfoto: die Karte ist nicht sichtbar.",
            "Screenshot: the map is not visible.",
        ));
    }
    let mut rgba = Vec::with_capacity((x1 - x0) * (y1 - y0) * 4);
    for y in y0..y1 {
        for p in &image.pixels[y * w + x0..y * w + x1] {
            rgba.extend_from_slice(&p.to_srgba_unmultiplied());
        }
    }
    let mut bytes = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut bytes, (x1 - x0) as u32, (y1 - y0) as u32);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        // Screen pixels: 96 dpi times the display scale.
        let ppm = (96.0 * f64::from(ppp) / 0.0254).round() as u32;
        enc.set_pixel_dims(Some(png::PixelDimensions {
            xppu: ppm,
            yppu: ppm,
            unit: png::Unit::Meter,
        }));
        let mut writer = enc
            .write_header()
            .map_err(|e| Bilingual::same(e.to_string()))?;
        writer
            .write_image_data(&rgba)
            .map_err(|e| Bilingual::same(e.to_string()))?;
    }
    let dir = directories::UserDirs::new()
        .and_then(|u| u.picture_dir().map(PathBuf::from))
        .or_else(|| directories::UserDirs::new().map(|u| u.home_dir().to_path_buf()))
        .unwrap_or_else(std::env::temp_dir);
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let path = dir.join(format!(
        "sozialatlas_{}_{}.png",
        crate::export::render::today_de().replace('.', "-"),
        stamp % 86_400
    ));
    crate::io::atomic::write_atomic(&path, &bytes).map_err(|e| {
        let shown = path.display();
        crate::bilingual!(
            "Bildschirmfoto kann nicht gespeichert werden ({e}): {shown}",
            "The screenshot cannot be saved ({e}): {shown}"
        )
    })?;
    Ok(path)
}
