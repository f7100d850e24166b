//! Values that no JSON reader can hold, replaced before parsing so that one such value costs
//! that value and not the whole file: a number beyond the range of `f64` (`1e309`) becomes
//! `null`, a lone UTF-16 surrogate escape (`"\ud800"`, half of an emoji cut by an export) becomes
//! U+FFFD. Strings are followed exactly (escapes included), so digits inside texts are never
//! touched. Runs only after a first parse failed for one of these reasons, so ordinary files
//! pay nothing.

use std::io::Read;

/// How many values were replaced.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Repaired {
    pub numbers: usize,
    pub surrogates: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Outside,
    Number,
    InString,
    /// After a backslash in a string.
    Escape,
    /// After `\u`, collecting four hex digits.
    Hex,
    /// After a high surrogate escape: waiting for `\` of a low one.
    AfterHigh,
    /// After a high surrogate and `\`.
    AfterHighEscape,
    /// After a high surrogate and `\u`, collecting four hex digits.
    AfterHighHex,
}

/// The state machine; feed it bytes in any chunks.
#[derive(Debug)]
pub(crate) struct Repair {
    state: State,
    /// The bytes of the token being decided (a number, an escape sequence).
    pending: Vec<u8>,
    pub(crate) repaired: Repaired,
}

impl Default for Repair {
    fn default() -> Self {
        Self {
            state: State::Outside,
            pending: Vec::new(),
            repaired: Repaired::default(),
        }
    }
}

fn is_number_byte(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E')
}

fn hex_value(digits: &[u8]) -> Option<u32> {
    let text = std::str::from_utf8(digits).ok()?;
    u32::from_str_radix(text, 16).ok()
}

impl Repair {
    pub(crate) fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) {
        for &b in input {
            self.step(b, out);
        }
    }

    /// The end of the input: decide a number still pending.
    pub(crate) fn finish(&mut self, out: &mut Vec<u8>) {
        match self.state {
            State::Number => self.end_number(out),
            State::AfterHigh | State::AfterHighEscape | State::AfterHighHex => {
                // A high surrogate and whatever came after it: the text is cut anyway.
                out.append(&mut self.pending);
            }
            _ => out.append(&mut self.pending),
        }
        self.state = State::Outside;
    }

    fn end_number(&mut self, out: &mut Vec<u8>) {
        let finite = std::str::from_utf8(&self.pending)
            .ok()
            .and_then(|t| t.parse::<f64>().ok())
            .is_none_or(f64::is_finite);
        if finite {
            out.append(&mut self.pending);
        } else {
            self.pending.clear();
            out.extend_from_slice(b"null");
            self.repaired.numbers += 1;
        }
    }

    fn replacement(&mut self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"\\uFFFD");
        self.repaired.surrogates += 1;
    }

    fn step(&mut self, b: u8, out: &mut Vec<u8>) {
        match self.state {
            State::Outside => {
                if b == b'"' {
                    self.state = State::InString;
                    out.push(b);
                } else if b == b'-' || b.is_ascii_digit() {
                    self.state = State::Number;
                    self.pending.push(b);
                } else {
                    out.push(b);
                }
            }
            State::Number => {
                if is_number_byte(b) {
                    self.pending.push(b);
                } else {
                    self.end_number(out);
                    self.state = State::Outside;
                    self.step(b, out);
                }
            }
            State::InString => match b {
                b'\\' => {
                    self.state = State::Escape;
                    self.pending.push(b);
                }
                b'"' => {
                    self.state = State::Outside;
                    out.push(b);
                }
                _ => out.push(b),
            },
            State::Escape => {
                self.pending.push(b);
                if b == b'u' {
                    self.state = State::Hex;
                } else {
                    out.append(&mut self.pending);
                    self.state = State::InString;
                }
            }
            State::Hex => {
                self.pending.push(b);
                if self.pending.len() == 6 {
                    match hex_value(&self.pending[2..]) {
                        Some(0xD800..=0xDBFF) => self.state = State::AfterHigh,
                        Some(0xDC00..=0xDFFF) => {
                            self.pending.clear();
                            self.replacement(out);
                            self.state = State::InString;
                        }
                        // Ordinary or malformed (left for the parser to report).
                        _ => {
                            out.append(&mut self.pending);
                            self.state = State::InString;
                        }
                    }
                }
            }
            State::AfterHigh => {
                if b == b'\\' {
                    self.pending.push(b);
                    self.state = State::AfterHighEscape;
                } else {
                    self.pending.clear();
                    self.replacement(out);
                    self.state = State::InString;
                    self.step(b, out);
                }
            }
            State::AfterHighEscape => {
                if b == b'u' {
                    self.pending.push(b);
                    self.state = State::AfterHighHex;
                } else {
                    // A lone high surrogate followed by another escape (`\n` …).
                    self.pending.clear();
                    self.replacement(out);
                    self.state = State::Escape;
                    self.pending.push(b'\\');
                    self.step(b, out);
                }
            }
            State::AfterHighHex => {
                self.pending.push(b);
                if self.pending.len() == 12 {
                    match hex_value(&self.pending[8..]) {
                        Some(0xDC00..=0xDFFF) => {
                            out.append(&mut self.pending);
                            self.state = State::InString;
                        }
                        _ => {
                            // The high one is lone; the second escape is decided afresh.
                            let second: Vec<u8> = self.pending.split_off(6);
                            self.pending.clear();
                            self.replacement(out);
                            self.state = State::InString;
                            for c in second {
                                self.step(c, out);
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Repair a whole document in memory.
pub(crate) fn repair_bytes(bytes: &[u8]) -> (Vec<u8>, Repaired) {
    let mut repair = Repair::default();
    let mut out = Vec::with_capacity(bytes.len() + 64);
    repair.feed(bytes, &mut out);
    repair.finish(&mut out);
    (out, repair.repaired)
}

/// A reader that repairs what it passes on (for files too large to hold in memory).
pub(crate) struct RepairReader<R> {
    inner: R,
    repair: Repair,
    buffer: Vec<u8>,
    at: usize,
    done: bool,
    chunk: Vec<u8>,
}

impl<R: Read> RepairReader<R> {
    pub(crate) fn new(inner: R) -> Self {
        Self {
            inner,
            repair: Repair::default(),
            buffer: Vec::new(),
            at: 0,
            done: false,
            chunk: vec![0; 64 * 1024],
        }
    }

    pub(crate) fn repaired(&self) -> Repaired {
        self.repair.repaired
    }
}

impl<R: Read> Read for RepairReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.buffer.len() && !self.done {
            self.buffer.clear();
            self.at = 0;
            let n = self.inner.read(&mut self.chunk)?;
            if n == 0 {
                self.repair.finish(&mut self.buffer);
                self.done = true;
            } else {
                self.repair.feed(&self.chunk[..n], &mut self.buffer);
            }
        }
        let n = buf.len().min(self.buffer.len() - self.at);
        buf[..n].copy_from_slice(&self.buffer[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Whether a parse error is one the repair can fix.
pub(crate) fn repairable(e: &serde_json::Error) -> bool {
    let text = e.to_string();
    // A high surrogate not followed by an escape is "unexpected end of hex escape"; a truly
    // cut escape passes the repair unchanged and is reported by the second parse.
    text.starts_with("number out of range")
        || text.contains("surrogate")
        || text.starts_with("unexpected end of hex escape")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str) -> (String, Repaired) {
        let (bytes, r) = repair_bytes(text.as_bytes());
        (String::from_utf8_lossy(&bytes).into_owned(), r)
    }

    #[test]
    fn numbers_beyond_f64_become_null_and_others_stay() {
        let (t, r) = fixed(r#"{"a":1e309,"b":-1e400,"c":1.5e3,"d":"1e309","e":[2,3e999]}"#);
        assert_eq!(
            t,
            r#"{"a":null,"b":null,"c":1.5e3,"d":"1e309","e":[2,null]}"#
        );
        assert_eq!(r.numbers, 3);
        let v: serde_json::Value = serde_json::from_str(&t).expect("parses");
        assert_eq!(v["c"], 1500.0);
    }

    #[test]
    fn lone_surrogates_become_the_replacement_character_and_pairs_stay() {
        let (t, r) =
            fixed(r#"["\ud800","x\udc00y","\ud83d\ude00","\ud800\n","\ud800\ud800\udc00",1]"#);
        assert_eq!(
            t,
            r#"["\uFFFD","x\uFFFDy","\ud83d\ude00","\uFFFD\n","\uFFFD\ud800\udc00",1]"#
        );
        assert_eq!(r.surrogates, 4);
        let v: Vec<serde_json::Value> = serde_json::from_str(&t).expect("parses");
        assert_eq!(v[2], "😀");
        assert_eq!(v[1], "x\u{FFFD}y");
    }

    #[test]
    fn escaped_quotes_do_not_end_a_string() {
        let (t, r) = fixed(r#"{"a":"say \"1e999\" \\","b":1e999}"#);
        assert_eq!(t, r#"{"a":"say \"1e999\" \\","b":null}"#);
        assert_eq!(r.numbers, 1);
    }

    #[test]
    fn the_reader_repairs_across_chunk_borders() {
        let text = format!("[{}1e309,\"\\ud800\"]", "1,".repeat(50_000));
        let mut reader = RepairReader::new(std::io::Cursor::new(text.into_bytes()));
        let mut out = String::new();
        reader.read_to_string(&mut out).expect("reads");
        assert!(
            out.ends_with("null,\"\\uFFFD\"]"),
            "{}",
            &out[out.len() - 30..]
        );
        assert_eq!(
            reader.repaired(),
            Repaired {
                numbers: 1,
                surrogates: 1
            }
        );
    }
}
