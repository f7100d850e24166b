//! Text files in UTF-16 or UTF-32 (what "Unicode" means in some Windows save dialogs). Found by
//! their byte order mark, or — without one — by where the zero bytes of the first ASCII
//! characters fall (a JSON or CSV file starts with ASCII), and decoded to UTF-8 so that the
//! readers see ordinary text; the load report names the encoding.

/// A wide encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wide {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

impl Wide {
    /// The name as planners see it in editors ("UTF-16 BE").
    pub fn name(self) -> &'static str {
        match self {
            Wide::Utf16Le => "UTF-16 LE",
            Wide::Utf16Be => "UTF-16 BE",
            Wide::Utf32Le => "UTF-32 LE",
            Wide::Utf32Be => "UTF-32 BE",
        }
    }
}

/// The wide encoding of `bytes` and the length of its byte order mark, if it is one.
pub fn sniff(bytes: &[u8]) -> Option<(Wide, usize)> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] => Some((Wide::Utf32Le, 4)),
        [0, 0, 0xFE, 0xFF, ..] => Some((Wide::Utf32Be, 4)),
        [0xFF, 0xFE, ..] => Some((Wide::Utf16Le, 2)),
        [0xFE, 0xFF, ..] => Some((Wide::Utf16Be, 2)),
        [0, 0, 0, a, ..] if *a != 0 => Some((Wide::Utf32Be, 0)),
        [a, 0, 0, 0, ..] if *a != 0 => Some((Wide::Utf32Le, 0)),
        [0, a, 0, b, ..] if *a != 0 && *b != 0 => Some((Wide::Utf16Be, 0)),
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => Some((Wide::Utf16Le, 0)),
        _ => None,
    }
}

/// Decode `bytes` (without its byte order mark) from `wide`; characters that cannot be
/// decoded become U+FFFD.
pub fn decode(bytes: &[u8], wide: Wide) -> String {
    match wide {
        Wide::Utf16Le => encoding_rs::UTF_16LE
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
        Wide::Utf16Be => encoding_rs::UTF_16BE
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
        Wide::Utf32Le | Wide::Utf32Be => bytes
            .chunks(4)
            .map(|c| {
                let word = match (c, wide) {
                    ([a, b, c, d], Wide::Utf32Le) => u32::from_le_bytes([*a, *b, *c, *d]),
                    ([a, b, c, d], _) => u32::from_be_bytes([*a, *b, *c, *d]),
                    _ => 0xFFFD,
                };
                char::from_u32(word).unwrap_or('\u{FFFD}')
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, be: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let units = (if bom { "\u{feff}" } else { "" })
            .encode_utf16()
            .chain(text.encode_utf16());
        for u in units {
            out.extend(if be { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        out
    }

    fn utf32(text: &str, be: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        for c in (if bom { "\u{feff}" } else { "" })
            .chars()
            .chain(text.chars())
        {
            let w = c as u32;
            out.extend(if be { w.to_be_bytes() } else { w.to_le_bytes() });
        }
        out
    }

    #[test]
    fn every_wide_form_is_found_and_decoded() {
        let text = "{\"name\":\"Höchst 😀\"}";
        for bom in [true, false] {
            for (bytes, wide) in [
                (utf16(text, false, bom), Wide::Utf16Le),
                (utf16(text, true, bom), Wide::Utf16Be),
                (utf32(text, false, bom), Wide::Utf32Le),
                (utf32(text, true, bom), Wide::Utf32Be),
            ] {
                let (found, skip) = sniff(&bytes).expect("found");
                assert_eq!(found, wide, "bom {bom}");
                assert_eq!(decode(&bytes[skip..], found), text, "{wide:?} bom {bom}");
            }
        }
        assert_eq!(sniff(text.as_bytes()), None);
        assert_eq!(sniff(b"\xEF\xBB\xBF{}"), None);
    }
}
