//! The records of a `.shp` file, read one at a time with every size checked before anything is
//! allocated. The `shapefile` crate trusts the counts in a record ("1,000,000,000 parts") and
//! reserves memory for them before it notices that the file is far too short; here each record
//! is read into a buffer no larger than what the file really holds, its part and point counts
//! and part offsets are checked against that buffer, and only then is it parsed by the crate.
//!
//! Records are found through the `.shx` index when it can be read (a `.shp` may hold unused
//! bytes between records), otherwise one after the other. The first record that cannot be read
//! ends reading, with a German reason. No conversion to geometry here.

use std::io::{Cursor, Read, Seek, SeekFrom};

use shapefile::{ReadableShape, Shape};

use crate::i18n::Bilingual;

/// Bytes of the main file header.
const HEADER: u64 = 100;
/// Bytes of a record header (number and content length, big-endian).
const RECORD_HEADER: u64 = 8;

/// Where the records start, from a `.shx` index. `shp_len` bounds how much of the index is
/// read (a record takes at least 12 bytes of the `.shp`).
pub(super) fn index_offsets<X: Read>(shx: X, shp_len: u64) -> Result<Vec<u64>, Bilingual> {
    let most_records = shp_len.saturating_sub(HEADER) / 12;
    let mut bytes = Vec::new();
    shx.take(HEADER + 8 * most_records)
        .read_to_end(&mut bytes)
        .map_err(|e| io_reason(&e))?;
    if bytes.len() < HEADER as usize || i32_be(&bytes, 0) != Some(9994) {
        return Err(Bilingual::new(
            "keine gültige Indexdatei",
            "not a valid index file",
        ));
    }
    Ok(bytes[HEADER as usize..]
        .chunks_exact(8)
        .filter_map(|entry| i32_be(entry, 0))
        .map(|words| u64::try_from(words).unwrap_or(u64::MAX).saturating_mul(2))
        .collect())
}

/// Reads the records of a `.shp` positioned anywhere; `end` is where the records end (the
/// header's file length, but never beyond the real end of the file).
pub(super) struct Records<S> {
    shp: S,
    end: u64,
    /// The position of `shp`, to avoid seeking (which empties a `BufReader`).
    at: u64,
}

impl<S: Read + Seek> Records<S> {
    /// Read the main header (file code, length, type) and find the end of the records.
    pub(super) fn new(mut shp: S) -> Result<Self, shapefile::Error> {
        let real_len = shp.seek(SeekFrom::End(0))?;
        shp.rewind()?;
        let header = shapefile::header::Header::read_from(&mut shp)?;
        let declared = u64::try_from(header.file_length).unwrap_or(0) * 2;
        Ok(Self {
            shp,
            end: declared.min(real_len),
            at: HEADER,
        })
    }

    /// Where the records end.
    pub(super) fn end(&self) -> u64 {
        self.end
    }

    /// Read every record: at the `offsets` of an index, or one after the other. Returns the
    /// shapes before the first record that cannot be read, and that record's number and the
    /// reason.
    pub(super) fn read_all(
        &mut self,
        offsets: Option<Vec<u64>>,
    ) -> (Vec<Shape>, Option<(usize, Bilingual)>) {
        let mut shapes = Vec::new();
        match offsets {
            Some(offsets) => {
                for pos in offsets {
                    match self.read_at(pos) {
                        Ok((shape, _)) => shapes.push(shape),
                        Err(reason) => {
                            let n = shapes.len();
                            return (shapes, Some((n, reason)));
                        }
                    }
                }
            }
            None => {
                let mut pos = HEADER;
                while pos < self.end {
                    match self.read_at(pos) {
                        Ok((shape, next)) => {
                            shapes.push(shape);
                            pos = next;
                        }
                        Err(reason) => {
                            let n = shapes.len();
                            return (shapes, Some((n, reason)));
                        }
                    }
                }
            }
        }
        (shapes, None)
    }

    /// The record at `pos` and where the next one starts, or the reason why not.
    pub(super) fn read_at(&mut self, pos: u64) -> Result<(Shape, u64), Bilingual> {
        let truncated = truncated_reason;
        let content_start = pos.checked_add(RECORD_HEADER).ok_or_else(truncated)?;
        if content_start > self.end {
            return Err(truncated());
        }
        let mut head = [0u8; RECORD_HEADER as usize];
        if pos != self.at {
            self.shp
                .seek(SeekFrom::Start(pos))
                .map_err(|e| io_reason(&e))?;
        }
        // Unknown until the record is read whole.
        self.at = u64::MAX;
        self.shp.read_exact(&mut head).map_err(|e| io_reason(&e))?;
        let words = i32_be(&head, 4).unwrap_or(-1);
        let len = u64::try_from(words)
            .ok()
            .filter(|&w| w >= 2)
            .ok_or_else(|| {
                crate::bilingual!(
                    "ungültige Datensatzlänge {words}",
                    "invalid record length {words}"
                )
            })?
            * 2;
        if content_start + len > self.end {
            return Err(truncated());
        }
        let size = usize::try_from(len).map_err(|_| truncated())?;
        let mut content = vec![0u8; size];
        self.shp
            .read_exact(&mut content)
            .map_err(|e| io_reason(&e))?;
        self.at = content_start + len;
        check_counts(&content)?;
        let record_size = i32::try_from(len).map_err(|_| truncated())?;
        let shape = Shape::read_from(&mut Cursor::new(content.as_slice()), record_size)
            .map_err(|e| super::shapefile::shp_error(&e))?;
        Ok((shape, content_start + len))
    }
}

/// The counts of a multi-part or multi-point record must fit in its bytes, and part offsets
/// must ascend within the points, before the crate reserves memory for them.
fn check_counts(content: &[u8]) -> Result<(), Bilingual> {
    let too_short = || {
        Bilingual::new(
            "Datensatz kürzer als sein Geometrietyp verlangt",
            "record shorter than its geometry type requires",
        )
    };
    let shape_type = i32_le(content, 0).ok_or_else(too_short)?;
    // (offset of the part count or None, offset of the point count, bytes before the part
    // offsets, bytes per part, bytes per point)
    let (parts_at, points_at, fixed, per_part, per_point) = match shape_type {
        3 | 5 | 13 | 15 | 23 | 25 => (Some(36), 40, 44, 4, 16),
        31 => (Some(36), 40, 44, 8, 16),
        8 | 18 | 28 => (None, 36, 40, 0, 16),
        _ => return Ok(()),
    };
    let parts = match parts_at {
        Some(at) => i32_le(content, at).ok_or_else(too_short)?,
        None => 0,
    };
    let points = i32_le(content, points_at).ok_or_else(too_short)?;
    let (Ok(parts), Ok(points)) = (u64::try_from(parts), u64::try_from(points)) else {
        return Err(crate::bilingual!(
            "negative Anzahl ({parts} Teile, {points} Punkte)",
            "negative count ({parts} parts, {points} points)"
        ));
    };
    let needed = fixed + per_part * parts + per_point * points;
    if needed > content.len() as u64 {
        let bytes = content.len();
        return Err(crate::bilingual!(
            "der Datensatz gibt {points} Punkte in {parts} Teilen an, enthält aber nur {bytes} Bytes",
            "the record states {points} points in {parts} parts but holds only {bytes} bytes"
        ));
    }
    let mut previous = 0;
    for i in 0..parts as usize {
        let offset = i32_le(content, fixed as usize + 4 * i).ok_or_else(too_short)?;
        let offset = u64::try_from(offset).unwrap_or(u64::MAX);
        if offset < previous || offset > points || (i == 0 && offset != 0) {
            let part = i + 1;
            return Err(crate::bilingual!(
                "Teil {part} beginnt bei Punkt {offset} (erlaubt: {previous} bis {points})",
                "part {part} starts at point {offset} (allowed: {previous} to {points})"
            ));
        }
        previous = offset;
    }
    Ok(())
}

/// A read error of the operating system, said for a planner.
pub(super) fn io_reason(e: &std::io::Error) -> Bilingual {
    match e.kind() {
        std::io::ErrorKind::UnexpectedEof => truncated_reason(),
        _ => crate::bilingual!("Lesefehler: {e}", "read error: {e}"),
    }
}

fn truncated_reason() -> Bilingual {
    Bilingual::new(
        "die Datei endet vorzeitig – abgeschnitten oder unvollständig kopiert",
        "the file ends early – cut off or incompletely copied",
    )
}

fn i32_be(bytes: &[u8], at: usize) -> Option<i32> {
    Some(i32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn i32_le(bytes: &[u8], at: usize) -> Option<i32> {
    Some(i32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Polygon record's content declaring `parts` parts and `points` points, with the given
    /// part offsets and `coords` point pairs actually present.
    fn polygon(parts: i32, points: i32, offsets: &[i32], coords: usize) -> Vec<u8> {
        let mut c = Vec::new();
        c.extend(5i32.to_le_bytes());
        c.extend([0u8; 32]);
        c.extend(parts.to_le_bytes());
        c.extend(points.to_le_bytes());
        for o in offsets {
            c.extend(o.to_le_bytes());
        }
        for i in 0..coords * 2 {
            c.extend((i as f64).to_le_bytes());
        }
        c
    }

    #[test]
    fn counts_that_fit_the_record_pass() {
        assert_eq!(check_counts(&polygon(1, 4, &[0], 4)), Ok(()));
        assert_eq!(check_counts(&polygon(2, 8, &[0, 4], 8)), Ok(()));
        assert_eq!(
            check_counts(&1i32.to_le_bytes()),
            Ok(()),
            "points have no counts"
        );
    }

    #[test]
    fn a_billion_parts_in_a_short_record_is_refused_before_any_allocation() {
        let err = check_counts(&polygon(1_096_101_094, 4, &[0], 4)).unwrap_err();
        assert!(err.de.contains("enthält aber nur"), "{err}");
        let err = check_counts(&polygon(1, i32::MAX, &[0], 4)).unwrap_err();
        assert!(err.de.contains("enthält aber nur"), "{err}");
        let err = check_counts(&polygon(-1, 4, &[], 4)).unwrap_err();
        assert!(err.de.starts_with("negative Anzahl"), "{err}");
    }

    #[test]
    fn part_offsets_beyond_the_points_or_descending_are_refused() {
        // A part starting at point 1,000,000,000 would make the crate reserve 16 GB.
        let err = check_counts(&polygon(2, 4, &[0, 1_000_000_000], 4)).unwrap_err();
        assert!(
            err.de.starts_with("Teil 2 beginnt bei Punkt 1000000000"),
            "{err}"
        );
        assert!(check_counts(&polygon(2, 8, &[0, 6], 8)).is_ok());
        assert!(check_counts(&polygon(2, 8, &[4, 0], 8)).is_err());
        assert!(check_counts(&polygon(1, 4, &[1], 4)).is_err());
    }

    #[test]
    fn a_record_too_short_for_its_type_is_refused() {
        let short = &polygon(1, 4, &[0], 4)[..30];
        assert!(check_counts(short).is_err());
        assert!(check_counts(&[]).is_err());
    }
}
