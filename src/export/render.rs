//! One entry point for every format: pages in, file bytes out. The format comes from the file
//! extension when not given.

use std::path::Path;

use super::pdf::{PdfMeta, to_pdf};
use super::png::to_png;
use super::scene::Page;
use super::svg::to_svg;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Svg,
    Png,
}

impl Format {
    pub fn from_name(s: &str) -> Option<Self> {
        match s.trim().trim_start_matches('.').to_lowercase().as_str() {
            "pdf" => Some(Format::Pdf),
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            _ => None,
        }
    }

    pub fn from_path(p: &Path) -> Option<Self> {
        p.extension()
            .and_then(|e| e.to_str())
            .and_then(Self::from_name)
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Svg => "svg",
            Format::Png => "png",
        }
    }
}

/// The bytes of a file with these pages. SVG and PNG hold one page: only the first is written
/// (an atlas needs PDF).
pub fn render(pages: &[Page], format: Format, dpi: f64, meta: &PdfMeta) -> Result<Vec<u8>, String> {
    match format {
        Format::Pdf => to_pdf(pages, meta).map_err(|e| e.to_string()),
        Format::Svg => pages
            .first()
            .map(|p| to_svg(p).into_bytes())
            .ok_or_else(|| "Keine Seite zum Exportieren.".to_owned()),
        Format::Png => match pages.first() {
            Some(p) => to_png(p, dpi).map_err(|e| e.to_string()),
            None => Err("Keine Seite zum Exportieren.".to_owned()),
        },
    }
}

/// Today's date as "21.11.2026" (UTC), for the "Stand" line.
pub fn today_de() -> String {
    let (y, m, d) = civil_from_days(days_today());
    format!("{d:02}.{m:02}.{y}")
}

/// Today's "Stand" line in the page's language: "Stand: 21.11.2026" or "As of 21 November
/// 2026".
pub fn date_line(english: bool) -> String {
    let (y, m, d) = civil_from_days(days_today());
    let w = crate::i18n::Words::new(english);
    format!("{} {}", w.pick("Stand:", "As of"), w.date(y, m, d))
}

fn days_today() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (Howard Hinnant's
/// algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_dates_from_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_413), (2025, 11, 21));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn the_format_comes_from_the_extension() {
        assert_eq!(Format::from_path(Path::new("karte.PDF")), Some(Format::Pdf));
        assert_eq!(Format::from_path(Path::new("karte.svg")), Some(Format::Svg));
        assert_eq!(Format::from_path(Path::new("karte")), None);
    }
}
