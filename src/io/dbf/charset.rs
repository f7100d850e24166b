//! Character sets of dBASE text: the `.cpg` label, the language driver byte (LDID, header byte
//! 29) and a guess from the bytes themselves. The DOS code pages 437 and 850, which
//! `encoding_rs` does not know, are decoded from their tables here.

use std::borrow::Cow;

use encoding_rs::Encoding;

/// A character set text fields can be decoded with.
#[derive(Clone, Copy)]
pub(super) enum Charset {
    Web(&'static Encoding),
    /// A DOS code page: ASCII below 0x80, this table above.
    Dos(&'static [char; 128]),
}

impl Charset {
    pub(super) fn decode<'b>(&self, bytes: &'b [u8]) -> Cow<'b, str> {
        match self {
            Charset::Web(e) => e.decode_without_bom_handling(bytes).0,
            Charset::Dos(table) => {
                if bytes.is_ascii() {
                    Cow::Borrowed(std::str::from_utf8(bytes).unwrap_or_default())
                } else {
                    Cow::Owned(
                        bytes
                            .iter()
                            .map(|&b| {
                                if b < 0x80 {
                                    char::from(b)
                                } else {
                                    table[usize::from(b - 0x80)]
                                }
                            })
                            .collect(),
                    )
                }
            }
        }
    }

    pub(super) fn is_utf8(&self) -> bool {
        matches!(self, Charset::Web(e) if *e == encoding_rs::UTF_8)
    }
}

/// A character set and the name shown to the user.
pub(super) type Named = (Charset, String);

/// The character set a code page number stands for, if it can be decoded.
pub(super) fn from_code_page(page: u32) -> Option<Named> {
    use encoding_rs as e;
    let web = |enc: &'static Encoding, name: &str| Some((Charset::Web(enc), name.to_owned()));
    match page {
        437 => Some((Charset::Dos(&CP437), "CP437 (DOS)".to_owned())),
        850 => Some((Charset::Dos(&CP850), "CP850 (DOS)".to_owned())),
        866 => web(e::IBM866, "CP866 (DOS)"),
        874 => web(e::WINDOWS_874, "Windows-874"),
        932 => web(e::SHIFT_JIS, "Shift_JIS"),
        936 => web(e::GBK, "GBK"),
        949 => web(e::EUC_KR, "EUC-KR"),
        950 => web(e::BIG5, "Big5"),
        1250 => web(e::WINDOWS_1250, "Windows-1250"),
        1251 => web(e::WINDOWS_1251, "Windows-1251"),
        1252 => web(e::WINDOWS_1252, "Windows-1252"),
        1253 => web(e::WINDOWS_1253, "Windows-1253"),
        1254 => web(e::WINDOWS_1254, "Windows-1254"),
        1255 => web(e::WINDOWS_1255, "Windows-1255"),
        1256 => web(e::WINDOWS_1256, "Windows-1256"),
        1257 => web(e::WINDOWS_1257, "Windows-1257"),
        1258 => web(e::WINDOWS_1258, "Windows-1258"),
        10000 => web(e::MACINTOSH, "Mac Roman"),
        20127 => web(e::WINDOWS_1252, "ASCII"),
        28591 | 88591 => web(e::WINDOWS_1252, "ISO-8859-1"),
        28592 | 88592 => web(e::ISO_8859_2, "ISO-8859-2"),
        28595 | 88595 => web(e::ISO_8859_5, "ISO-8859-5"),
        28597 | 88597 => web(e::ISO_8859_7, "ISO-8859-7"),
        28605 | 885915 => web(e::ISO_8859_15, "ISO-8859-15"),
        65001 => web(e::UTF_8, "UTF-8"),
        _ => None,
    }
}

/// The character set a `.cpg` file names ("UTF-8", "1252", "ANSI 1252", "ISO 88591",
/// "CP850", "OEM" …); `None` for a label nobody knows.
pub(super) fn from_label(label: &str) -> Option<Named> {
    let upper = label.trim().trim_matches('\0').trim().to_ascii_uppercase();
    let compact: String = upper
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .collect();
    match compact.as_str() {
        "UTF8" => return from_code_page(65001),
        // ESRI writes "OEM" for the DOS code page of the machine: 850 in Western Europe.
        "OEM" => return from_code_page(850),
        "ANSI" | "LATIN1" => return from_code_page(1252),
        _ => {}
    }
    let digits = ["ANSI", "WINDOWS", "CP", "IBM", "ISO", "MS", "DOS"]
        .iter()
        .find_map(|p| compact.strip_prefix(p))
        .unwrap_or(&compact);
    if let Ok(page) = digits.parse::<u32>() {
        return from_code_page(page);
    }
    Encoding::for_label(upper.as_bytes()).map(|e| (Charset::Web(e), e.name().to_owned()))
}

/// The code page a dBASE language driver id (header byte 29) stands for.
pub(super) fn ldid_code_page(ldid: u8) -> Option<u32> {
    Some(match ldid {
        0x01 | 0x09 | 0x0B | 0x0D | 0x0F | 0x11 | 0x15 | 0x18 | 0x19 | 0x1B => 437,
        0x02 | 0x0A | 0x0E | 0x10 | 0x12 | 0x14 | 0x16 | 0x1A | 0x1D | 0x25 | 0x37 => 850,
        0x03 | 0x57 | 0x58 | 0x59 => 1252,
        0x04 => 10000,
        0x08 | 0x17 | 0x66 => 865,
        0x13 | 0x7B => 932,
        0x1C => 863,
        0x1F | 0x22 | 0x23 | 0x40 | 0x64 => 852,
        0x24 => 860,
        0x26 | 0x65 => 866,
        0x4D | 0x7A => 936,
        0x4E | 0x79 => 949,
        0x4F | 0x78 => 950,
        0x50 | 0x7C => 874,
        0x67 => 861,
        0x6A => 737,
        0x6B => 857,
        0x7D => 1255,
        0x7E => 1256,
        0xC8 => 1250,
        0xC9 => 1251,
        0xCA => 1254,
        0xCB => 1253,
        0xCC => 1257,
        _ => return None,
    })
}

/// Code page 437 (the original IBM PC), bytes 0x80–0xFF.
static CP437: [char; 128] = [
    '\u{00C7}', '\u{00FC}', '\u{00E9}', '\u{00E2}', '\u{00E4}', '\u{00E0}', '\u{00E5}', '\u{00E7}',
    '\u{00EA}', '\u{00EB}', '\u{00E8}', '\u{00EF}', '\u{00EE}', '\u{00EC}', '\u{00C4}', '\u{00C5}',
    '\u{00C9}', '\u{00E6}', '\u{00C6}', '\u{00F4}', '\u{00F6}', '\u{00F2}', '\u{00FB}', '\u{00F9}',
    '\u{00FF}', '\u{00D6}', '\u{00DC}', '\u{00A2}', '\u{00A3}', '\u{00A5}', '\u{20A7}', '\u{0192}',
    '\u{00E1}', '\u{00ED}', '\u{00F3}', '\u{00FA}', '\u{00F1}', '\u{00D1}', '\u{00AA}', '\u{00BA}',
    '\u{00BF}', '\u{2310}', '\u{00AC}', '\u{00BD}', '\u{00BC}', '\u{00A1}', '\u{00AB}', '\u{00BB}',
    '\u{2591}', '\u{2592}', '\u{2593}', '\u{2502}', '\u{2524}', '\u{2561}', '\u{2562}', '\u{2556}',
    '\u{2555}', '\u{2563}', '\u{2551}', '\u{2557}', '\u{255D}', '\u{255C}', '\u{255B}', '\u{2510}',
    '\u{2514}', '\u{2534}', '\u{252C}', '\u{251C}', '\u{2500}', '\u{253C}', '\u{255E}', '\u{255F}',
    '\u{255A}', '\u{2554}', '\u{2569}', '\u{2566}', '\u{2560}', '\u{2550}', '\u{256C}', '\u{2567}',
    '\u{2568}', '\u{2564}', '\u{2565}', '\u{2559}', '\u{2558}', '\u{2552}', '\u{2553}', '\u{256B}',
    '\u{256A}', '\u{2518}', '\u{250C}', '\u{2588}', '\u{2584}', '\u{258C}', '\u{2590}', '\u{2580}',
    '\u{03B1}', '\u{00DF}', '\u{0393}', '\u{03C0}', '\u{03A3}', '\u{03C3}', '\u{00B5}', '\u{03C4}',
    '\u{03A6}', '\u{0398}', '\u{03A9}', '\u{03B4}', '\u{221E}', '\u{03C6}', '\u{03B5}', '\u{2229}',
    '\u{2261}', '\u{00B1}', '\u{2265}', '\u{2264}', '\u{2320}', '\u{2321}', '\u{00F7}', '\u{2248}',
    '\u{00B0}', '\u{2219}', '\u{00B7}', '\u{221A}', '\u{207F}', '\u{00B2}', '\u{25A0}', '\u{00A0}',
];

/// Code page 850 (DOS Western Europe), bytes 0x80–0xFF.
static CP850: [char; 128] = [
    '\u{00C7}', '\u{00FC}', '\u{00E9}', '\u{00E2}', '\u{00E4}', '\u{00E0}', '\u{00E5}', '\u{00E7}',
    '\u{00EA}', '\u{00EB}', '\u{00E8}', '\u{00EF}', '\u{00EE}', '\u{00EC}', '\u{00C4}', '\u{00C5}',
    '\u{00C9}', '\u{00E6}', '\u{00C6}', '\u{00F4}', '\u{00F6}', '\u{00F2}', '\u{00FB}', '\u{00F9}',
    '\u{00FF}', '\u{00D6}', '\u{00DC}', '\u{00F8}', '\u{00A3}', '\u{00D8}', '\u{00D7}', '\u{0192}',
    '\u{00E1}', '\u{00ED}', '\u{00F3}', '\u{00FA}', '\u{00F1}', '\u{00D1}', '\u{00AA}', '\u{00BA}',
    '\u{00BF}', '\u{00AE}', '\u{00AC}', '\u{00BD}', '\u{00BC}', '\u{00A1}', '\u{00AB}', '\u{00BB}',
    '\u{2591}', '\u{2592}', '\u{2593}', '\u{2502}', '\u{2524}', '\u{00C1}', '\u{00C2}', '\u{00C0}',
    '\u{00A9}', '\u{2563}', '\u{2551}', '\u{2557}', '\u{255D}', '\u{00A2}', '\u{00A5}', '\u{2510}',
    '\u{2514}', '\u{2534}', '\u{252C}', '\u{251C}', '\u{2500}', '\u{253C}', '\u{00E3}', '\u{00C3}',
    '\u{255A}', '\u{2554}', '\u{2569}', '\u{2566}', '\u{2560}', '\u{2550}', '\u{256C}', '\u{00A4}',
    '\u{00F0}', '\u{00D0}', '\u{00CA}', '\u{00CB}', '\u{00C8}', '\u{0131}', '\u{00CD}', '\u{00CE}',
    '\u{00CF}', '\u{2518}', '\u{250C}', '\u{2588}', '\u{2584}', '\u{00A6}', '\u{00CC}', '\u{2580}',
    '\u{00D3}', '\u{00DF}', '\u{00D4}', '\u{00D2}', '\u{00F5}', '\u{00D5}', '\u{00B5}', '\u{00FE}',
    '\u{00DE}', '\u{00DA}', '\u{00DB}', '\u{00D9}', '\u{00FD}', '\u{00DD}', '\u{00AF}', '\u{00B4}',
    '\u{00AD}', '\u{00B1}', '\u{2017}', '\u{00BE}', '\u{00B6}', '\u{00A7}', '\u{00F7}', '\u{00B8}',
    '\u{00B0}', '\u{00A8}', '\u{00B7}', '\u{00B9}', '\u{00B3}', '\u{00B2}', '\u{25A0}', '\u{00A0}',
];
