//! dBASE attribute tables (`.dbf`, the attributes of a shapefile), read value by value.
//!
//! The format is a 32-byte header (record count, header length, record length, language
//! driver id), 32-byte field descriptors up to a 0x0D byte, then fixed-width records. Every
//! size is checked against the file's real length before anything is allocated, and what
//! cannot be read is dropped at the smallest unit: a value that is no number or no date
//! becomes "keine Angabe" and is counted in a note; a field of an unknown type is read as
//! text, or skipped with a note when it holds binary data; a memo field (its text lives in a
//! `.dbt` file) stays empty with a note. Only a file whose header cannot be read is an error.
//!
//! Text is decoded by the `.cpg` file, else the language driver byte, else by looking at the
//! bytes: valid UTF-8 with non-ASCII characters is UTF-8, anything else Windows-1252.

mod charset;
mod values;

use std::io::{Read, Seek, SeekFrom};

use charset::{Charset, Named};
use values::{FieldStats, Kind};

use crate::i18n::{Bilingual, Words};
use crate::model::value::RawValue;

/// The attributes read from a `.dbf` file.
#[derive(Debug, Clone, Default)]
pub struct DbfTable {
    /// The names of the fields read, in file order (skipped fields are left out).
    pub names: Vec<String>,
    /// One row per record read, one value per name.
    pub rows: Vec<Vec<RawValue>>,
    /// The complete records the file holds (more than `rows` when fewer were asked for).
    pub records: usize,
    /// How the file was read: character set, values that could not be read, skipped fields.
    pub notes: Vec<Bilingual>,
}

/// One field descriptor.
struct Field {
    /// The name's bytes as written, then (once the character set is known) decoded.
    raw_name: Vec<u8>,
    name: String,
    kind: Kind,
    /// The type letter as written.
    letter: char,
    /// Byte offset within the record (after the deletion flag) and width.
    offset: usize,
    width: usize,
}

fn damaged(de: &str, en: &str) -> Bilingual {
    Bilingual::new(
        format!("keine lesbare dBASE-Datei ({de})"),
        format!("not a readable dBASE file ({en})"),
    )
}

/// Read a `.dbf` from memory (for archives and fuzzing); see [`read_dbf`].
pub fn read_dbf_bytes(bytes: &[u8], cpg: Option<&[u8]>) -> Result<DbfTable, Bilingual> {
    read_dbf(std::io::Cursor::new(bytes), cpg, false, usize::MAX)
}

/// Read a `.dbf`: `cpg` is the content of the `.cpg` file beside it, `memo_file` whether a
/// `.dbt`/`.fpt` memo file is there, `max_rows` how many records are wanted (a shapefile needs
/// no more records than it has shapes). An error only when the header cannot be read.
pub fn read_dbf<R: Read + Seek>(
    mut reader: R,
    cpg: Option<&[u8]>,
    memo_file: bool,
    max_rows: usize,
) -> Result<DbfTable, Bilingual> {
    let io = |e: std::io::Error| crate::bilingual!("Lesefehler: {e}", "read error: {e}");
    let len = reader.seek(SeekFrom::End(0)).map_err(io)?;
    reader.rewind().map_err(io)?;
    let mut head = [0u8; 32];
    if len < 32 {
        return Err(damaged(
            "kürzer als ein dBASE-Kopf",
            "shorter than a dBASE header",
        ));
    }
    reader.read_exact(&mut head).map_err(io)?;
    let version = head[0];
    let declared = u32::from_le_bytes([head[4], head[5], head[6], head[7]]) as usize;
    let header_len = usize::from(u16::from_le_bytes([head[8], head[9]]));
    let record_len = usize::from(u16::from_le_bytes([head[10], head[11]]));
    let ldid = head[29];
    if header_len as u64 > len || header_len < 33 {
        return Err(damaged(
            "die Kopflänge passt nicht zur Datei",
            "the header length does not fit the file",
        ));
    }
    if record_len == 0 {
        return Err(damaged("Datensatzlänge 0", "record length 0"));
    }
    let mut header = vec![0u8; header_len];
    header[..32].copy_from_slice(&head);
    reader.read_exact(&mut header[32..]).map_err(io)?;

    let mut notes = Vec::new();
    let mut fields = descriptors(&header, version, record_len, &mut notes);

    let available = ((len - header_len as u64) / record_len as u64) as usize;
    let records = if declared > available {
        let (de, en) = (Words::new(false), Words::new(true));
        notes.push(Bilingual::new(
            format!(
                "Die .dbf-Datei gibt {} an, enthält aber nur {} – abgeschnitten oder \
                 unvollständig kopiert.",
                de.count(declared, "Datensatz", "Datensätze"),
                de.count(available, "vollständigen", "vollständige"),
            ),
            format!(
                "The .dbf file states {} but holds only {} – cut off or incompletely copied.",
                en.count(declared, "record", "records"),
                en.count(available, "complete one", "complete ones"),
            ),
        ));
        available
    } else {
        declared
    };
    let wanted = records.min(max_rows);
    // At most the file's own size: `wanted` complete records are there.
    let mut data = vec![0u8; wanted * record_len];
    reader.read_exact(&mut data).map_err(io)?;

    for f in fields.iter_mut().filter(|f| f.kind == Kind::Unknown) {
        if !data
            .chunks_exact(record_len)
            .all(|r| values::looks_like_text(f.bytes(r)))
        {
            f.kind = Kind::Binary;
        }
    }
    let (charset, charset_note) = choose_charset(cpg, ldid, &fields, &data, record_len);
    notes.extend(charset_note);
    let mut names = Vec::new();
    let mut kept = Vec::new();
    for (i, f) in fields.iter_mut().enumerate() {
        f.name = unique_name(&charset.0, &f.raw_name, i, &names);
        if f.kind.is_read() {
            names.push(f.name.clone());
            kept.push(i);
        }
    }
    let mut stats: Vec<FieldStats> = fields.iter().map(|_| FieldStats::default()).collect();
    let mut deleted = 0usize;
    let mut rows = Vec::with_capacity(wanted);
    for record in data.chunks_exact(record_len) {
        if record[0] == b'*' {
            deleted += 1;
        }
        rows.push(
            kept.iter()
                .map(|&i| {
                    let f = &fields[i];
                    values::value(f.kind, f.bytes(record), &charset.0, &mut stats[i])
                })
                .collect(),
        );
    }
    for (f, s) in fields.iter().zip(&stats) {
        notes.extend(values::field_notes(&f.name, f.letter, f.kind, s, memo_file));
    }
    if deleted > 0 {
        let (de, en) = (Words::new(false), Words::new(true));
        notes.push(Bilingual::new(
            format!(
                "{} in der .dbf-Datei als gelöscht markiert; {} Werte werden trotzdem gelesen, \
                 damit jede Geometrie ihre Attribute behält.",
                de.count(deleted, "Datensatz ist", "Datensätze sind"),
                if deleted == 1 { "seine" } else { "ihre" },
            ),
            format!(
                "{} marked as deleted in the .dbf file; {} values are read anyway so that every \
                 geometry keeps its attributes.",
                en.count(deleted, "record is", "records are"),
                if deleted == 1 { "its" } else { "their" },
            ),
        ));
    }
    Ok(DbfTable {
        names,
        rows,
        records,
        notes,
    })
}

impl Field {
    /// This field's bytes in a record (deletion flag included).
    fn bytes<'r>(&self, record: &'r [u8]) -> &'r [u8] {
        record
            .get(1 + self.offset..1 + self.offset + self.width)
            .unwrap_or_default()
    }
}

/// The field descriptors: 32 bytes each (48 in dBASE 7) up to the 0x0D terminator. A field
/// that does not fit in the record is skipped with a note.
fn descriptors(
    header: &[u8],
    version: u8,
    record_len: usize,
    notes: &mut Vec<Bilingual>,
) -> Vec<Field> {
    let dbase7 = version & 0x07 == 4;
    let (first, size, name_len, type_at) = if dbase7 {
        (68, 48, 32, 32)
    } else {
        (32, 32, 11, 11)
    };
    let visual_foxpro = matches!(version, 0x30..=0x32);
    let mut fields = Vec::new();
    let mut offset = 0usize;
    let mut at = first;
    while let Some(d) = header.get(at..at + size) {
        if d[0] == 0x0D {
            break;
        }
        at += size;
        let raw_name = &d[..name_len];
        let end = raw_name.iter().position(|&b| b == 0).unwrap_or(name_len);
        let raw_name = raw_name[..end].to_vec();
        let name = String::from_utf8_lossy(&raw_name).trim().to_owned();
        let letter = char::from(d[type_at]).to_ascii_uppercase();
        let mut width = usize::from(d[type_at + 5]);
        let decimals = d[type_at + 6];
        // Clipper and FoxPro store text fields wider than 255 with the high byte in the
        // decimals byte.
        if letter == 'C' && decimals > 0 && !dbase7 {
            width += 256 * usize::from(decimals);
        }
        let kind = Kind::of(letter, width, visual_foxpro);
        let field = Field {
            raw_name,
            name,
            kind,
            letter,
            offset,
            width,
        };
        offset += width;
        if offset + 1 > record_len {
            let shown = &field.name;
            notes.push(crate::bilingual!(
                "Feld „{shown}“ reicht über das Ende des Datensatzes hinaus und wird übersprungen.",
                "Field “{shown}” reaches beyond the end of the record and is skipped."
            ));
            continue;
        }
        fields.push(field);
    }
    fields
}

/// A field's name, decoded, made unique among the names so far (blank → `feld_N`).
fn unique_name(charset: &Charset, raw: &[u8], index: usize, taken: &[String]) -> String {
    let decoded = charset.decode(raw).trim().to_owned();
    let base = if decoded.is_empty() {
        format!("feld_{}", index + 1)
    } else {
        decoded
    };
    if !taken.contains(&base) {
        return base;
    }
    (2..)
        .map(|k| format!("{base}_{k}"))
        .find(|n| !taken.contains(n))
        .unwrap_or(base)
}

/// The character set of the text fields, and a note on how it was chosen.
fn choose_charset(
    cpg: Option<&[u8]>,
    ldid: u8,
    fields: &[Field],
    data: &[u8],
    record_len: usize,
) -> (Named, Option<Bilingual>) {
    let mut unknown_cpg = None;
    if let Some(cpg) = cpg {
        let label = String::from_utf8_lossy(cpg).trim().to_owned();
        match charset::from_label(&label) {
            Some(named) => return (named, None),
            None => unknown_cpg = Some(label),
        }
    }
    let mut ldid_unsupported = None;
    if let Some(page) = charset::ldid_code_page(ldid) {
        match charset::from_code_page(page) {
            Some(named) => {
                let shown = named.1.clone();
                let note = match unknown_cpg {
                    Some(label) => unknown_cpg_note(&label, &shown, "LDID"),
                    None => crate::bilingual!(
                        "Keine .cpg-Datei: Attribute nach dem Dateikopf (Sprachtreiber-Byte) als \
                         {shown} gelesen.",
                        "No .cpg file: attributes read as {shown}, as the file header (language \
                         driver byte) says."
                    ),
                };
                return (named, Some(note));
            }
            None => ldid_unsupported = Some(page),
        }
    }
    let guessed = guess(fields, data, record_len);
    let name = guessed.1.clone();
    let note = match (unknown_cpg, ldid_unsupported) {
        (Some(label), _) => Some(unknown_cpg_note(&label, &name, "guess")),
        (None, Some(page)) => Some(crate::bilingual!(
            "Der Dateikopf nennt die Codepage {page}, die nicht unterstützt wird; Attribute als \
             {name} gelesen.",
            "The file header names code page {page}, which is not supported; attributes read \
             as {name}."
        )),
        (None, None) if guessed.0.is_utf8() => Some(Bilingual::new(
            "Keine .cpg-Datei: Attribute als UTF-8 erkannt und gelesen.",
            "No .cpg file: attributes recognised and read as UTF-8.",
        )),
        (None, None) => Some(Bilingual::new(
            "Keine .cpg-Datei: Attribute als Windows-1252 gelesen.",
            "No .cpg file: attributes read as Windows-1252.",
        )),
    };
    (guessed, note)
}

fn unknown_cpg_note(label: &str, used: &str, how: &str) -> Bilingual {
    let (de, en) = if how == "LDID" {
        ("nach dem Dateikopf", "as the file header says")
    } else {
        ("nach ihrem Inhalt", "judging by their content")
    };
    crate::bilingual!(
        "Die .cpg-Datei nennt den unbekannten Zeichensatz „{label}“; Attribute {de} als {used} \
         gelesen.",
        "The .cpg file names the unknown character set “{label}”; attributes read as {used} \
         {en}."
    )
}

/// UTF-8 when the text fields hold non-ASCII bytes that are all valid UTF-8 (a sequence cut
/// off at the end of a field counts as valid), else Windows-1252.
fn guess(fields: &[Field], data: &[u8], record_len: usize) -> Named {
    let mut non_ascii = false;
    for record in data.chunks_exact(record_len) {
        for f in fields.iter().filter(|f| f.kind.is_text()) {
            let bytes = f.bytes(record);
            if bytes.is_ascii() {
                continue;
            }
            non_ascii = true;
            if let Err(e) = std::str::from_utf8(bytes)
                && e.error_len().is_some()
            {
                return (
                    Charset::Web(encoding_rs::WINDOWS_1252),
                    "Windows-1252".to_owned(),
                );
            }
        }
    }
    if non_ascii {
        (Charset::Web(encoding_rs::UTF_8), "UTF-8".to_owned())
    } else {
        (
            Charset::Web(encoding_rs::WINDOWS_1252),
            "Windows-1252".to_owned(),
        )
    }
}

#[cfg(test)]
mod tests;
