//! A small, forgiving reader for WKT 1 and 2 text (`KEYWORD[ "text", 1.5, WORD, NESTED[…] ]`): it
//! turns a `.prj` string into a tree of `WktNode`s and answers lookups on that tree (name, EPSG
//! authority, nested element, `PARAMETER` value), plus the keyword comparison and name
//! normalisation those lookups share with `prj`. It must not decide which coordinate system a tree
//! means (that is `prj`'s job), read files, transform coordinates or touch the user interface, and
//! it never panics: text it cannot parse is `None`.

use super::{Crs, parse_code};

/// One value inside a WKT bracket.
#[derive(Debug)]
pub(super) enum WktValue {
    /// A quoted string.
    Text(String),
    /// A number or bare word (`EAST`, `0.9996`).
    Word(String),
    /// A nested `KEYWORD[…]`.
    Node(WktNode),
}

impl WktValue {
    pub(super) fn as_node(&self) -> Option<&WktNode> {
        match self {
            WktValue::Node(n) => Some(n),
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            WktValue::Text(s) | WktValue::Word(s) => Some(s),
            WktValue::Node(_) => None,
        }
    }
}

/// A `KEYWORD[arg, arg, …]` element of a WKT text.
#[derive(Debug)]
pub(super) struct WktNode {
    pub(super) keyword: String,
    pub(super) args: Vec<WktValue>,
}

impl WktNode {
    /// The first quoted argument, which is the name for CRS, datum and parameter elements.
    pub(super) fn name(&self) -> Option<&str> {
        match self.args.first() {
            Some(WktValue::Text(s)) => Some(s),
            _ => None,
        }
    }

    pub(super) fn number_arg(&self, index: usize) -> Option<f64> {
        self.args.get(index)?.as_str()?.trim().parse().ok()
    }

    /// `AUTHORITY["EPSG","25832"]` or `ID["EPSG",25832]` directly inside this element.
    pub(super) fn epsg_authority(&self) -> Option<Crs> {
        self.args
            .iter()
            .filter_map(WktValue::as_node)
            .filter(|n| is_keyword(&n.keyword, &["AUTHORITY", "ID"]))
            .find_map(|n| {
                let authority = n.args.first()?.as_str()?;
                if !authority.trim().eq_ignore_ascii_case("EPSG") {
                    return None;
                }
                parse_code(n.args.get(1)?.as_str()?.trim())
            })
    }

    /// Depth-first search for the first element with one of the keywords.
    pub(super) fn find(&self, keywords: &[&str]) -> Option<&WktNode> {
        self.args
            .iter()
            .filter_map(WktValue::as_node)
            .find_map(|n| {
                if is_keyword(&n.keyword, keywords) {
                    Some(n)
                } else {
                    n.find(keywords)
                }
            })
    }

    /// The value of the first `PARAMETER["name", value]` (anywhere below) whose normalised name is
    /// one of `names`.
    pub(super) fn parameter(&self, names: &[&str]) -> Option<f64> {
        self.args
            .iter()
            .filter_map(WktValue::as_node)
            .find_map(|n| {
                let own = if n.keyword.eq_ignore_ascii_case("PARAMETER") {
                    let name = normalize(n.name()?);
                    if names.contains(&name.as_str()) {
                        n.number_arg(1)
                    } else {
                        None
                    }
                } else {
                    None
                };
                own.or_else(|| n.parameter(names))
            })
    }
}

/// A small, forgiving WKT (1 and 2) reader: `KEYWORD[ "text", 1.5, WORD, NESTED[…] ]`, with
/// `[]` or `()` as brackets and `""` as an escaped quote.
pub(super) struct WktParser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl<'a> WktParser<'a> {
    /// Deeper nesting than this is not WKT from any real tool; it would only risk the stack.
    const MAX_DEPTH: usize = 64;

    pub(super) fn parse(text: &'a str) -> Option<WktNode> {
        let mut parser = WktParser {
            bytes: text.as_bytes(),
            text,
            pos: 0,
        };
        let node = parser.node(0)?;
        parser.skip_ws();
        (parser.pos == parser.bytes.len()).then_some(node)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    fn word(&mut self) -> &'a str {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'+'))
        {
            self.pos += 1;
        }
        &self.text[start..self.pos]
    }

    fn node(&mut self, depth: usize) -> Option<WktNode> {
        if depth > Self::MAX_DEPTH {
            return None;
        }
        self.skip_ws();
        let keyword = self.word();
        if keyword.is_empty() || !keyword.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        self.skip_ws();
        let close = match self.peek()? {
            b'[' => b']',
            b'(' => b')',
            _ => return None,
        };
        self.pos += 1;
        let mut args = Vec::new();
        self.skip_ws();
        if self.peek() == Some(close) {
            self.pos += 1;
            return Some(WktNode {
                keyword: keyword.to_owned(),
                args,
            });
        }
        loop {
            args.push(self.value(depth)?);
            self.skip_ws();
            match self.peek()? {
                b',' => self.pos += 1,
                b if b == close => {
                    self.pos += 1;
                    break;
                }
                _ => return None,
            }
        }
        Some(WktNode {
            keyword: keyword.to_owned(),
            args,
        })
    }

    fn value(&mut self, depth: usize) -> Option<WktValue> {
        self.skip_ws();
        if self.peek()? == b'"' {
            self.pos += 1;
            let mut out = String::new();
            loop {
                let start = self.pos;
                let rel = self.text.get(start..)?.find('"')?;
                out.push_str(&self.text[start..start + rel]);
                self.pos = start + rel + 1;
                if self.peek() == Some(b'"') {
                    out.push('"');
                    self.pos += 1;
                } else {
                    return Some(WktValue::Text(out));
                }
            }
        }
        let start = self.pos;
        let word = self.word();
        if word.is_empty() {
            return None;
        }
        self.skip_ws();
        if matches!(self.peek(), Some(b'[' | b'(')) {
            self.pos = start;
            return self.node(depth + 1).map(WktValue::Node);
        }
        Some(WktValue::Word(word.to_owned()))
    }
}

pub(super) fn is_keyword(keyword: &str, set: &[&str]) -> bool {
    set.iter().any(|k| keyword.eq_ignore_ascii_case(k))
}

/// Lower-case, German umlauts transliterated, every run of other characters turned into one `_`:
/// `"DHDN / 3-degree Gauss-Kruger zone 3"` → `"dhdn_3_degree_gauss_kruger_zone_3"`.
pub(super) fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        let replacement = match c {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            _ => "",
        };
        if !replacement.is_empty() {
            out.push_str(replacement);
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}
