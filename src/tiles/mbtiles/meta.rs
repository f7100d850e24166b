//! The `metadata` table of an MBTiles file as [`MbMeta`]: the rows written for it, lenient
//! reading of what other writers stored (bounds, zooms as "12.0"), and sniffing a tile's
//! format from its magic bytes. Pure: no SQLite here.

use super::{JPEG_MAGIC, MAX_ZOOM, PNG_MAGIC};

/// The metadata of a tile set (MBTiles 1.3 `metadata` table). Missing fields are empty
/// strings or `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct MbMeta {
    /// `name`; when the file has none, [`MbTiles::meta`](super::MbTiles::meta) uses the file name without extension.
    pub name: String,
    /// `format`: "png" or "jpg" (also "webp", "pbf" … in other files). When the file has none,
    /// [`MbTiles::meta`](super::MbTiles::meta) sniffs the first tile; empty when that tells nothing either.
    pub format: String,
    /// `bounds`: west, south, east, north in degrees (WGS 84).
    pub bounds: Option<[f64; 4]>,
    /// `minzoom`.
    pub min_zoom: Option<u8>,
    /// `maxzoom`.
    pub max_zoom: Option<u8>,
    /// `attribution`: must be shown with the map.
    pub attribution: String,
    /// `description`.
    pub description: String,
    /// `type`: "baselayer" or "overlay".
    pub kind: String,
}

impl Default for MbMeta {
    /// An unnamed PNG base layer.
    fn default() -> Self {
        Self {
            name: String::new(),
            format: "png".to_owned(),
            bounds: None,
            min_zoom: None,
            max_zoom: None,
            attribution: String::new(),
            description: String::new(),
            kind: "baselayer".to_owned(),
        }
    }
}

impl MbMeta {
    /// The rows written to the `metadata` table; empty strings and `None` are left out.
    pub(super) fn rows(&self) -> Vec<(&'static str, String)> {
        let mut rows = Vec::new();
        let mut text = |name: &'static str, value: &str| {
            if !value.trim().is_empty() {
                rows.push((name, value.trim().to_owned()));
            }
        };
        text("name", &self.name);
        text("format", &self.format);
        text("attribution", &self.attribution);
        text("description", &self.description);
        text("type", &self.kind);
        if let Some(b) = self.bounds {
            rows.push(("bounds", format!("{},{},{},{}", b[0], b[1], b[2], b[3])));
        }
        if let Some(z) = self.min_zoom {
            rows.push(("minzoom", z.to_string()));
        }
        if let Some(z) = self.max_zoom {
            rows.push(("maxzoom", z.to_string()));
        }
        rows
    }

    /// Reads the `metadata` rows; unknown names are ignored, malformed values count as missing.
    pub(super) fn from_rows(rows: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut meta = Self {
            format: String::new(),
            kind: String::new(),
            ..Self::default()
        };
        for (name, value) in rows {
            let value = value.trim().to_owned();
            match name.trim().to_ascii_lowercase().as_str() {
                "name" => meta.name = value,
                "format" => meta.format = value.to_ascii_lowercase(),
                "attribution" => meta.attribution = value,
                "description" => meta.description = value,
                "type" => meta.kind = value,
                "bounds" => meta.bounds = parse_bounds(&value),
                "minzoom" => meta.min_zoom = parse_zoom(&value),
                "maxzoom" => meta.max_zoom = parse_zoom(&value),
                _ => {}
            }
        }
        meta
    }
}

/// "west,south,east,north" → four finite numbers in range, else `None`.
fn parse_bounds(text: &str) -> Option<[f64; 4]> {
    let parts: Vec<f64> = text
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .ok()?;
    let b: [f64; 4] = parts.try_into().ok()?;
    let ok = b.iter().all(|v| v.is_finite())
        && (-180.0..=180.0).contains(&b[0])
        && (-180.0..=180.0).contains(&b[2])
        && (-90.0..=90.0).contains(&b[1])
        && (-90.0..=90.0).contains(&b[3])
        && b[1] <= b[3];
    ok.then_some(b)
}

/// "12" (also "12.0", as some writers store it) → 12; anything else → `None`.
fn parse_zoom(text: &str) -> Option<u8> {
    let z = text.trim().parse::<f64>().ok()?;
    (z.fract() == 0.0 && (0.0..=f64::from(MAX_ZOOM)).contains(&z)).then_some(z as u8)
}

/// What the bytes of a tile are: "png", "jpg", "webp", or `None`.
pub fn sniff_format(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(PNG_MAGIC) {
        Some("png")
    } else if bytes.starts_with(JPEG_MAGIC) {
        Some("jpg")
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("webp")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_and_zooms_parse_leniently_and_reject_nonsense() {
        assert_eq!(
            parse_bounds(" 8.47, 50.01 ,8.80,50.23"),
            Some([8.47, 50.01, 8.80, 50.23])
        );
        assert_eq!(parse_bounds("8.47,50.01,8.80"), None);
        assert_eq!(parse_bounds("a,b,c,d"), None);
        assert_eq!(parse_bounds("0,95,1,96"), None);
        assert_eq!(parse_zoom("12"), Some(12));
        assert_eq!(parse_zoom("12.0"), Some(12));
        assert_eq!(parse_zoom("12.5"), None);
        assert_eq!(parse_zoom("-1"), None);
        assert_eq!(parse_zoom(""), None);
    }

    #[test]
    fn formats_are_sniffed_from_magic_bytes() {
        assert_eq!(sniff_format(b"\x89PNG\r\n\x1a\n...."), Some("png"));
        assert_eq!(sniff_format(b"\xff\xd8\xff\xe0...."), Some("jpg"));
        assert_eq!(sniff_format(b"RIFF\0\0\0\0WEBPVP8 "), Some("webp"));
        assert_eq!(sniff_format(b""), None);
        assert_eq!(sniff_format(b"GIF89a"), None);
    }
}
