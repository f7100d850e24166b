//! Text in UTF-16 or UTF-32 ("Unicode-Text" from Excel, exports of some databases): told by
//! its byte order mark, or without one by the zero bytes every ASCII character carries in a
//! fixed place. Such a file would otherwise look like binary data (it is full of NUL bytes) or
//! be read as garbage.

/// A text encoding of two or four bytes per character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Wide {
    /// 2 or 4.
    pub(crate) width: usize,
    pub(crate) big_endian: bool,
    /// Bytes of the byte order mark at the start (0 when there is none).
    pub(crate) bom: usize,
}

impl Wide {
    /// "UTF-16 LE", "UTF-32 BE" …, for the load report.
    pub(crate) fn label(self) -> &'static str {
        match (self.width, self.big_endian) {
            (2, false) => "UTF-16 LE",
            (2, true) => "UTF-16 BE",
            (_, false) => "UTF-32 LE",
            (_, true) => "UTF-32 BE",
        }
    }

    /// The name in a German sentence: "UTF-16 (Little Endian, ohne Byte-Order-Mark)".
    pub(crate) fn described(self, english: bool) -> String {
        let order = if self.big_endian {
            "Big Endian"
        } else {
            "Little Endian"
        };
        let bom = match (self.bom > 0, english) {
            (true, false) => "mit Byte-Order-Mark",
            (false, false) => "ohne Byte-Order-Mark",
            (true, true) => "with byte order mark",
            (false, true) => "without byte order mark",
        };
        format!("UTF-{} ({order}, {bom})", self.width * 8)
    }

    /// Decode the whole file (its byte order mark dropped); characters that cannot be decoded
    /// become U+FFFD.
    pub(crate) fn decode(self, bytes: &[u8]) -> String {
        let body = bytes.get(self.bom..).unwrap_or_default();
        if self.width == 2 {
            let encoding = if self.big_endian {
                encoding_rs::UTF_16BE
            } else {
                encoding_rs::UTF_16LE
            };
            return encoding.decode_without_bom_handling(body).0.into_owned();
        }
        body.chunks(4)
            .map(|c| {
                let mut b = [0u8; 4];
                b[..c.len()].copy_from_slice(c);
                let unit = if self.big_endian {
                    u32::from_be_bytes(b)
                } else {
                    u32::from_le_bytes(b)
                };
                char::from_u32(unit).unwrap_or('\u{FFFD}')
            })
            .collect()
    }
}

/// The wide encoding the start of a file shows, if any.
pub(crate) fn detect(head: &[u8]) -> Option<Wide> {
    let wide = |width, big_endian, bom| {
        Some(Wide {
            width,
            big_endian,
            bom,
        })
    };
    if head.starts_with(&[0xFF, 0xFE, 0, 0]) {
        return wide(4, false, 4);
    }
    if head.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return wide(4, true, 4);
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return wide(2, false, 2);
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return wide(2, true, 2);
    }
    // Without a mark: most characters of a table are ASCII, and an ASCII character leaves
    // three (UTF-32) or one (UTF-16) zero bytes in fixed places.
    let sample = &head[..head.len().min(4096)];
    let share = |width: usize, matches: &dyn Fn(&[u8]) -> bool| {
        let units: Vec<&[u8]> = sample.chunks_exact(width).collect();
        let hits = units.iter().filter(|u| matches(u)).count();
        units.len() >= 2 && hits * 10 >= units.len() * 9
    };
    if share(4, &|u| u[1..] == [0, 0, 0] && u[0] != 0) {
        return wide(4, false, 0);
    }
    if share(4, &|u| u[..3] == [0, 0, 0] && u[3] != 0) {
        return wide(4, true, 0);
    }
    if share(2, &|u| u[1] == 0 && u[0] != 0) {
        return wide(2, false, 0);
    }
    if share(2, &|u| u[0] == 0 && u[1] != 0) {
        return wide(2, true, 0);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    fn utf32(text: &str, big_endian: bool) -> Vec<u8> {
        text.chars()
            .flat_map(|c| {
                let u = u32::from(c);
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn utf16_and_utf32_are_told_with_and_without_a_byte_order_mark() {
        let text = "sr_id;wert\nA;1,5\nHöchst;2\n";
        for big_endian in [false, true] {
            for bom in [false, true] {
                let mut b16 = utf16(
                    &format!("{}{text}", if bom { "\u{FEFF}" } else { "" }),
                    big_endian,
                );
                let w = detect(&b16).unwrap();
                assert_eq!((w.width, w.big_endian, w.bom > 0), (2, big_endian, bom));
                assert_eq!(w.decode(&b16), text);
                let b32 = utf32(
                    &format!("{}{text}", if bom { "\u{FEFF}" } else { "" }),
                    big_endian,
                );
                let w = detect(&b32).unwrap();
                assert_eq!((w.width, w.big_endian, w.bom > 0), (4, big_endian, bom));
                assert_eq!(w.decode(&b32), text);
                b16.truncate(3);
                let _ = detect(&b16);
            }
        }
        assert_eq!(detect(b"sr_id;wert\n"), None);
        assert_eq!(detect("Höchst".as_bytes()), None);
        assert_eq!(detect(&[]), None);
    }
}
