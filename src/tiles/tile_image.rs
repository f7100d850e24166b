//! Checking and decoding tile images, trusting nothing a tile server or an MBTiles file sends.
//!
//! A PNG of a few hundred kilobytes can say in its header that it is 11,000 × 11,000 pixels:
//! decoded, that is half a gigabyte of RGBA, and as a texture it is beyond what the graphics
//! card accepts (the window used to abort). So the size is read from the header (PNG `IHDR`,
//! JPEG start-of-frame) before anything is decoded, and decoding runs with the image crate's
//! limits set to the same size, so even a header that lies cannot make the decoder allocate
//! more.
//!
//! The decision: a tile is at most [`MAX_TILE_SIDE`] = 512 pixels on each side. Map tiles are
//! 256 pixels (OpenStreetMap, basemap.de, OpenTopoMap) or 512 for "@2x"/retina tiles; nothing
//! larger is a map tile, and the window's texture cache (256 tiles) then stays under 256 MB
//! however the tiles are made. Tiles beyond it count as failed: not drawn, not cached, not
//! written into an offline package.
//!
//! Pure: no egui, no network, no threads. The window decodes on a worker thread and only
//! uploads the RGBA result.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits, RgbaImage};

/// The largest width and height of a tile image, in pixels.
pub const MAX_TILE_SIDE: u32 = 512;

/// The most the decoder may allocate for one tile (the RGBA image of 512 × 512 is 1 MiB; a
/// 16-bit PNG needs its row buffers on top).
const MAX_DECODE_ALLOC: u64 = 16 * 1024 * 1024;

/// Why tile bytes are not a usable tile. German, shown in the status line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TileImageError {
    #[error("kein PNG- oder JPEG-Bild")]
    NotAnImage,
    #[error("der Bildkopf ist nicht lesbar")]
    BadHeader,
    #[error(
        "das Bild ist {width} × {height} Pixel groß, eine Kachel höchstens \
         {MAX_TILE_SIDE} × {MAX_TILE_SIDE}"
    )]
    TooLarge { width: u32, height: u32 },
    #[error("das Bild lässt sich nicht entschlüsseln ({0})")]
    Decode(String),
}

impl TileImageError {
    /// The message in English.
    pub fn english(&self) -> String {
        match self {
            TileImageError::NotAnImage => "not a PNG or JPEG image".to_owned(),
            TileImageError::BadHeader => "the image header cannot be read".to_owned(),
            TileImageError::TooLarge { width, height } => format!(
                "the image is {width} × {height} pixels, a tile at most \
                 {MAX_TILE_SIDE} × {MAX_TILE_SIDE}"
            ),
            TileImageError::Decode(e) => format!("the image cannot be decoded ({e})"),
        }
    }
}

/// The format of tile bytes by their signature: PNG or JPEG, else `None`.
pub fn tile_format(bytes: &[u8]) -> Option<ImageFormat> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageFormat::Png)
    } else if bytes.len() > 4 && bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageFormat::Jpeg)
    } else {
        None
    }
}

fn limits() -> Limits {
    let mut l = Limits::default();
    l.max_image_width = Some(MAX_TILE_SIDE);
    l.max_image_height = Some(MAX_TILE_SIDE);
    l.max_alloc = Some(MAX_DECODE_ALLOC);
    l
}

/// Width and height from the image's header, without decoding any pixel.
pub fn tile_dimensions(bytes: &[u8]) -> Result<(u32, u32), TileImageError> {
    let format = tile_format(bytes).ok_or(TileImageError::NotAnImage)?;
    // No limits here: a header that states too much is told apart from one that is unreadable.
    ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|_| TileImageError::BadHeader)
}

/// Whether tile bytes are a PNG or JPEG whose header is readable and states a tile's size.
/// Returns the size. Reads only the header.
pub fn check_tile(bytes: &[u8]) -> Result<(u32, u32), TileImageError> {
    let (width, height) = tile_dimensions(bytes)?;
    if width == 0 || height == 0 {
        return Err(TileImageError::BadHeader);
    }
    if width > MAX_TILE_SIDE || height > MAX_TILE_SIDE {
        return Err(TileImageError::TooLarge { width, height });
    }
    Ok((width, height))
}

/// Checks the header, then decodes to RGBA with the decoder's limits set to a tile's size.
pub fn decode_tile(bytes: &[u8]) -> Result<RgbaImage, TileImageError> {
    check_tile(bytes)?;
    let format = tile_format(bytes).ok_or(TileImageError::NotAnImage)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits());
    let image = reader
        .decode()
        .map_err(|e| TileImageError::Decode(e.to_string()))?;
    Ok(image.to_rgba8())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG whose header states `width` × `height` (grey, 8 bit), with real pixel data.
    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let Ok(mut writer) = encoder.write_header() else {
            return out;
        };
        let _ = writer.write_image_data(&vec![128; (width * height) as usize]);
        let _ = writer.finish();
        out
    }

    /// A PNG whose IHDR claims a huge size but that carries almost no data.
    fn lying_png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = png(1, 1);
        // IHDR data starts after the signature (8), the length (4) and the type (4).
        bytes[16..20].copy_from_slice(&width.to_be_bytes());
        bytes[20..24].copy_from_slice(&height.to_be_bytes());
        // Fix the chunk's CRC over type and data (bytes 12..29).
        let crc = crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        bytes
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFF_u32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn a_normal_and_a_retina_tile_decode() {
        let img = decode_tile(&png(256, 256)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((img.width(), img.height()), (256, 256));
        assert_eq!(check_tile(&png(512, 512)), Ok((512, 512)));
    }

    #[test]
    fn a_tile_whose_header_claims_eleven_thousand_pixels_is_refused_before_decoding() {
        let bytes = lying_png(11_000, 11_000);
        assert_eq!(tile_dimensions(&bytes), Ok((11_000, 11_000)));
        let e = decode_tile(&bytes).err();
        assert_eq!(
            e,
            Some(TileImageError::TooLarge {
                width: 11_000,
                height: 11_000
            })
        );
        let text = e.map(|e| e.to_string()).unwrap_or_default();
        assert!(text.contains("11000 × 11000 Pixel"), "{text}");
        assert_eq!(
            check_tile(&png(513, 256)),
            Err(TileImageError::TooLarge {
                width: 513,
                height: 256
            })
        );
    }

    #[test]
    fn web_pages_and_broken_headers_are_no_tiles() {
        assert_eq!(
            check_tile(b"<!DOCTYPE html><title>WLAN</title>"),
            Err(TileImageError::NotAnImage)
        );
        assert_eq!(check_tile(b""), Err(TileImageError::NotAnImage));
        let mut broken = b"\x89PNG\r\n\x1a\n".to_vec();
        broken.extend_from_slice(&[7; 40]);
        assert_eq!(check_tile(&broken), Err(TileImageError::BadHeader));
        // A JPEG start without a frame header says no size.
        assert_eq!(
            check_tile(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J']),
            Err(TileImageError::BadHeader)
        );
    }

    #[test]
    fn a_header_that_understates_the_data_still_decodes_only_its_size() {
        // Pixels beyond the stated size are never produced: the image is the header's size.
        let img = decode_tile(&png(2, 2)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(img.len(), 2 * 2 * 4);
    }
}
