//! XLS files (BIFF records in an OLE compound file) checked before calamine reads them.
//! calamine reads every sheet when it opens the file and trusts what the file claims: it
//! follows sector chains without noticing a loop (and grows a buffer until memory runs out),
//! reserves room for the rows × columns a DIMENSIONS record declares, and lays every sheet out
//! over the bounding box of its cells (two cells at A1 and IV65536 make 16 million). Here the
//! chains calamine will follow are walked with every sector checked and a step limit, the
//! workbook stream is extracted the same way, and its records are scanned for those claims.
//! Nothing is allocated beyond the file's own size.

use crate::i18n::Bilingual;

use super::sheet_guard::{MAX_DENSE_CELLS, too_many_cells};

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const DIFSECT: u32 = 0xFFFF_FFFC;
const RESERVED: u32 = 0xFFFF_FFFA;
const SIGNATURE: &[u8; 8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// Streams shorter than this live in the mini stream, in 64-byte sectors.
const MINI_CUTOFF: u64 = 4096;
const MINI_SECTOR: usize = 64;

fn damaged(what: &str, what_en: &str) -> Bilingual {
    Bilingual::new(
        format!("die XLS-Datei ist beschädigt ({what})"),
        format!("the XLS file is damaged ({what_en})"),
    )
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// Check an XLS file held in memory. A file that is no compound file passes (calamine says
/// what is wrong with it).
pub(super) fn check_xls(bytes: &[u8]) -> Result<(), Bilingual> {
    let Some(compound) = Compound::open(bytes)? else {
        return Ok(());
    };
    match compound.workbook()? {
        Some(stream) => check_biff(&stream),
        None => Ok(()),
    }
}

/// A compound file's sectors and allocation table.
struct Compound<'a> {
    bytes: &'a [u8],
    sector: usize,
    fat: Vec<u32>,
    dir_start: u32,
    mini_fat_start: u32,
    mini_fat_sectors: u64,
}

/// One directory entry: name, first sector, length.
struct Entry {
    name: String,
    start: u32,
    len: u64,
}

impl<'a> Compound<'a> {
    /// The header, the DIFAT and the FAT; `None` for what calamine refuses by itself.
    fn open(bytes: &'a [u8]) -> Result<Option<Self>, Bilingual> {
        if bytes.len() < 512 || !bytes.starts_with(SIGNATURE) {
            return Ok(None);
        }
        let sector = match u16_at(bytes, 30) {
            Some(9) => 512,
            Some(12) => 4096,
            _ => return Ok(None),
        };
        if u16_at(bytes, 32) != Some(6) || bytes.len() < sector {
            return Ok(None);
        }
        let field = |at| u32_at(bytes, at).unwrap_or(0);
        let mut compound = Compound {
            bytes,
            sector,
            fat: Vec::new(),
            dir_start: field(48),
            mini_fat_start: field(60),
            mini_fat_sectors: u64::from(field(64)),
        };
        let sectors = compound.sector_count();
        // The DIFAT: 109 entries in the header, then a chain of sectors whose last entry
        // points to the next one.
        let mut difat: Vec<u32> = bytes[76..512]
            .chunks_exact(4)
            .filter_map(|c| u32_at(c, 0))
            .collect();
        let mut next = field(68);
        let mut steps = 0u64;
        while next < RESERVED {
            steps += 1;
            if steps > sectors + 1 {
                return Err(damaged("DIFAT-Kette im Kreis", "DIFAT chain loops"));
            }
            let ids = compound.sector_ids(next)?;
            difat.extend(ids);
            next = difat.pop().unwrap_or(ENDOFCHAIN);
        }
        let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
        if fat_sectors.len() as u64 > sectors + 1 {
            return Err(damaged(
                "mehr FAT-Sektoren als die Datei enthält",
                "more FAT sectors than the file holds",
            ));
        }
        let mut fat = Vec::new();
        for id in fat_sectors {
            fat.extend(compound.sector_ids(id)?);
        }
        compound.fat = fat;
        Ok(Some(compound))
    }

    /// Sectors after the header.
    fn sector_count(&self) -> u64 {
        (self.bytes.len() / self.sector).saturating_sub(1) as u64
    }

    fn sector_bytes(&self, id: u32) -> Result<&'a [u8], Bilingual> {
        let start = (id as usize)
            .checked_add(1)
            .and_then(|k| k.checked_mul(self.sector))
            .filter(|s| *s < self.bytes.len())
            .ok_or_else(|| {
                damaged(
                    "ein Sektor liegt hinter dem Dateiende",
                    "a sector lies beyond the end of the file",
                )
            })?;
        let end = (start + self.sector).min(self.bytes.len());
        Ok(&self.bytes[start..end])
    }

    fn sector_ids(&self, id: u32) -> Result<impl Iterator<Item = u32> + 'a, Bilingual> {
        Ok(self
            .sector_bytes(id)?
            .chunks_exact(4)
            .filter_map(|c| u32_at(c, 0)))
    }

    /// The bytes of a chain of regular sectors, at most `len`.
    fn chain(&self, start: u32, len: u64) -> Result<Vec<u8>, Bilingual> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0usize;
        while id != ENDOFCHAIN && (out.len() as u64) < len {
            steps += 1;
            if steps > self.fat.len() + 1 {
                return Err(damaged("Sektorkette im Kreis", "sector chain loops"));
            }
            let sector = self.sector_bytes(id)?;
            let room = usize::try_from(len - out.len() as u64).unwrap_or(usize::MAX);
            out.extend_from_slice(&sector[..sector.len().min(room)]);
            if out.len() as u64 >= len {
                break;
            }
            id = *self.fat.get(id as usize).ok_or_else(|| {
                damaged(
                    "Sektorkette zeigt aus der Tabelle",
                    "sector chain points outside the table",
                )
            })?;
        }
        Ok(out)
    }

    fn entries(&self) -> Result<Vec<Entry>, Bilingual> {
        let wide = self.sector == 4096;
        let dir = self.chain(self.dir_start, u64::MAX)?;
        Ok(dir
            .chunks_exact(128)
            .map(|e| {
                let units: Vec<u16> = e[..64]
                    .chunks_exact(2)
                    .filter_map(|c| u16_at(c, 0))
                    .take_while(|u| *u != 0)
                    .collect();
                Entry {
                    name: String::from_utf16_lossy(&units),
                    start: u32_at(e, 116).unwrap_or(ENDOFCHAIN),
                    len: if wide {
                        u64_at(e, 120).unwrap_or(0)
                    } else {
                        u64::from(u32_at(e, 120).unwrap_or(0))
                    },
                }
            })
            .collect())
    }

    /// The workbook stream ("Workbook", else "Book"), read as calamine reads it.
    fn workbook(&self) -> Result<Option<Vec<u8>>, Bilingual> {
        let entries = self.entries()?;
        let Some(root) = entries.first() else {
            return Ok(None);
        };
        let (mini_fat, mini_stream) = if self.mini_fat_sectors > 0 {
            let mini_stream = self.chain(root.start, root.len)?;
            let table = self.chain(
                self.mini_fat_start,
                self.mini_fat_sectors.saturating_mul(self.sector as u64),
            )?;
            let mini_fat: Vec<u32> = table.chunks_exact(4).filter_map(|c| u32_at(c, 0)).collect();
            (mini_fat, mini_stream)
        } else {
            (Vec::new(), Vec::new())
        };
        let found = ["Workbook", "Book"]
            .iter()
            .find_map(|name| entries.iter().find(|e| e.name.eq_ignore_ascii_case(name)));
        let Some(entry) = found else {
            return Ok(None);
        };
        if entry.len >= MINI_CUTOFF {
            return self.chain(entry.start, entry.len).map(Some);
        }
        let mut out = Vec::new();
        let mut id = entry.start;
        let mut steps = 0usize;
        while id != ENDOFCHAIN && (out.len() as u64) < entry.len {
            steps += 1;
            let start = (id as usize).saturating_mul(MINI_SECTOR);
            let sector = mini_stream
                .get(start..(start + MINI_SECTOR).min(mini_stream.len()))
                .filter(|_| steps <= mini_fat.len() + 1)
                .ok_or_else(|| {
                    damaged("Mini-Sektorkette ungültig", "mini sector chain is invalid")
                })?;
            let room = (entry.len - out.len() as u64) as usize;
            out.extend_from_slice(&sector[..sector.len().min(room)]);
            id = *mini_fat.get(id as usize).ok_or_else(|| {
                damaged("Mini-Sektorkette ungültig", "mini sector chain is invalid")
            })?;
        }
        Ok(Some(out))
    }
}

/// The BIFF records of a stream from `at`: (type, data). Stops where a record does not fit.
fn records(stream: &[u8], at: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut pos = at;
    std::iter::from_fn(move || {
        let typ = u16_at(stream, pos)?;
        let len = usize::from(u16_at(stream, pos + 2)?);
        let data = stream.get(pos + 4..pos + 4 + len)?;
        pos += 4 + len;
        Some((typ, data))
    })
}

/// Cell records whose data starts with row and column (u16 each).
const CELL_RECORDS: [u16; 7] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006];

/// The room calamine reserves for a DIMENSIONS record (rows × columns), as it computes it.
fn dimension_cells(data: &[u8]) -> Result<u64, Bilingual> {
    let (first_row, last_row, mut first_col, last_col) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0).unwrap_or(0)),
            u32::from(u16_at(data, 2).unwrap_or(0)),
            u32::from(u16_at(data, 4).unwrap_or(0)),
            u32::from(u16_at(data, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(data, 0).unwrap_or(0),
            u32_at(data, 4).unwrap_or(0),
            u32::from(u16_at(data, 8).unwrap_or(0)),
            u32::from(u16_at(data, 10).unwrap_or(0)),
        ),
        _ => return Ok(0),
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    if last_row == 0 || last_col == 0 {
        return Ok(1);
    }
    let (end_row, end_col) = (last_row - 1, last_col - 1);
    if end_row < first_row || end_col < first_col {
        return Err(damaged(
            "Tabellenbereich endet vor seinem Anfang",
            "the sheet's range ends before it starts",
        ));
    }
    Ok(u64::from(end_row - first_row + 1) * u64::from(end_col - first_col + 1))
}

/// Scan the workbook stream: sheet positions, then each sheet's declared range and the
/// bounding box of its cells.
fn check_biff(stream: &[u8]) -> Result<(), Bilingual> {
    let mut sheets = Vec::new();
    for (typ, data) in records(stream, 0) {
        match typ {
            0x0085 => {
                if let Some(pos) = u32_at(data, 0) {
                    sheets.push(pos as usize);
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    let mut reserved = 0u64;
    let mut dense = 0u64;
    for pos in sheets {
        if pos > stream.len() {
            return Err(damaged(
                "ein Tabellenblatt beginnt hinter dem Dateiende",
                "a sheet starts beyond the end of the file",
            ));
        }
        let mut bounds: Option<(u32, u32, u32, u32)> = None;
        let mut add = |row: u32, first: u32, last: u32| {
            let b = bounds.get_or_insert((row, row, first, last));
            *b = (b.0.min(row), b.1.max(row), b.2.min(first), b.3.max(last));
        };
        let mut seen_bof = false;
        let mut depth = 0usize;
        for (typ, data) in records(stream, pos) {
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            match typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x0200 => reserved += dimension_cells(data)?,
                0x000A => break,
                0x00BD => {
                    if let (Some(row), Some(first), Some(last)) = (
                        u16_at(data, 0),
                        u16_at(data, 2),
                        data.len().checked_sub(2).and_then(|at| u16_at(data, at)),
                    ) {
                        if last < first {
                            return Err(damaged(
                                "Zellgruppe endet vor ihrem Anfang",
                                "a group of cells ends before it starts",
                            ));
                        }
                        add(row.into(), first.into(), last.into());
                    }
                }
                t if CELL_RECORDS.contains(&t) => {
                    if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                        add(row.into(), col.into(), col.into());
                    }
                }
                _ => {}
            }
        }
        if let Some((r0, r1, c0, c1)) = bounds {
            dense += u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
        }
        let what = Bilingual::new("die Arbeitsmappe", "the workbook");
        if reserved > MAX_DENSE_CELLS {
            return Err(too_many_cells(&what, reserved, MAX_DENSE_CELLS));
        }
        if dense > MAX_DENSE_CELLS {
            return Err(too_many_cells(&what, dense, MAX_DENSE_CELLS));
        }
    }
    Ok(())
}
