//! Refusing what is not a regular file before a reader opens it.
//!
//! Opening a named pipe (FIFO) for reading blocks until someone writes into it, a character
//! device such as `/dev/zero` or `/dev/urandom` never ends, a socket cannot be opened at all,
//! and a folder gives an English OS message. Every reader of this program (layers, tables,
//! metadata, projects, MBTiles) calls [`regular_file`] first, so such a path gets a German
//! message that says what it is — at once, without opening it. A symbolic link to a regular
//! file is fine (the check follows links).
//!
//! The error is a `std::io::Error` (kind `InvalidInput`) that carries a [`NotRegular`], so each
//! reader reports it through its existing "cannot be read" variant; [`english`] gives the
//! English text of such an error for the bilingual messages.

use std::path::Path;

/// What a path is instead of a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Directory,
    Fifo,
    Socket,
    CharDevice,
    BlockDevice,
    Other,
}

impl Kind {
    fn de(self) -> &'static str {
        match self {
            Kind::Directory => "ein Ordner",
            Kind::Fifo => "eine benannte Pipe (FIFO), aus der das Lesen endlos warten würde",
            Kind::Socket => "ein Socket",
            Kind::CharDevice => {
                "ein Gerät (wie /dev/zero oder ein Terminal), dessen Daten kein Ende haben"
            }
            Kind::BlockDevice => "ein Blockgerät (ein ganzer Datenträger)",
            Kind::Other => "keine gewöhnliche Datei",
        }
    }

    fn en(self) -> &'static str {
        match self {
            Kind::Directory => "a folder",
            Kind::Fifo => "a named pipe (FIFO) that reading would wait on forever",
            Kind::Socket => "a socket",
            Kind::CharDevice => "a device (like /dev/zero or a terminal) whose data never ends",
            Kind::BlockDevice => "a block device (a whole disk)",
            Kind::Other => "not an ordinary file",
        }
    }
}

/// A path that is not a regular file. Its `Display` is German.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("keine gewöhnliche Datei, sondern {}", .kind.de())]
pub struct NotRegular {
    pub kind: Kind,
}

impl NotRegular {
    /// The message in English.
    pub fn english(&self) -> String {
        format!("not an ordinary file but {}", self.kind.en())
    }
}

/// What a path that exists is, when it is not a regular file (links followed).
fn kind_of(meta: &std::fs::Metadata) -> Option<Kind> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some(Kind::Directory);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if t.is_fifo() {
            return Some(Kind::Fifo);
        }
        if t.is_socket() {
            return Some(Kind::Socket);
        }
        if t.is_char_device() {
            return Some(Kind::CharDevice);
        }
        if t.is_block_device() {
            return Some(Kind::BlockDevice);
        }
    }
    Some(Kind::Other)
}

/// `Ok` when `path` is a regular file or a link to one. A path that does not exist gives the
/// OS's `NotFound` error (callers keep their own "not found" message); anything else that is
/// not a regular file gives an `InvalidInput` error carrying a [`NotRegular`]. Never opens
/// the path.
pub fn regular_file(path: &Path) -> std::io::Result<()> {
    let meta = std::fs::metadata(path)?;
    match kind_of(&meta) {
        None => Ok(()),
        Some(kind) => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            NotRegular { kind },
        )),
    }
}

/// The parts of a shapefile beside the `.shp` (`.dbf`, `.shx`, `.prj`, `.cpg`, `.dbt`) that
/// exist must be regular files too; missing ones are the shapefile reader's business.
pub fn shapefile_parts(shp: &Path) -> Result<(), super::LoadError> {
    for ext in ["dbf", "shx", "prj", "cpg", "dbt"] {
        let part = shp.with_extension(ext);
        match regular_file(&part) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(super::LoadError::Io {
                    source: e,
                    path: part.display().to_string(),
                });
            }
            _ => {}
        }
    }
    Ok(())
}

/// The largest project file that is opened. A project names its data files and holds
/// settings, saved views, pins and notes: even a large workshop stays far below 1 MB. Beyond
/// this, reading and parsing would hold the window for seconds and take gigabytes.
pub const MAX_PROJECT_BYTES: u64 = 20_000_000;

/// A file larger than a reader accepts. Its `Display` is German.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "die Datei ist mit {} MB zu groß für eine Projektdatei (höchstens {} MB)",
    .bytes / 1_000_000,
    .max / 1_000_000
)]
pub struct TooLarge {
    pub bytes: u64,
    pub max: u64,
}

/// The [`NotRegular`] inside an error from [`regular_file`], if it is one.
pub fn not_regular(e: &std::io::Error) -> Option<NotRegular> {
    e.get_ref()?.downcast_ref::<NotRegular>().copied()
}

/// An I/O error's text in English: the English of a [`NotRegular`], else the OS text (which
/// is English already).
pub fn english(e: &std::io::Error) -> String {
    if let Some(n) = not_regular(e) {
        return n.english();
    }
    match e.get_ref().and_then(|i| i.downcast_ref::<TooLarge>()) {
        Some(t) => format!(
            "the file is too large for a project file at {} MB (at most {} MB)",
            t.bytes / 1_000_000,
            t.max / 1_000_000
        ),
        None => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_and_a_link_to_one_pass_and_a_folder_is_named() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("a.geojson");
        std::fs::write(&file, "{}").unwrap_or_else(|e| panic!("{e}"));
        assert!(regular_file(&file).is_ok());
        #[cfg(unix)]
        {
            let link = dir.path().join("b.geojson");
            std::os::unix::fs::symlink(&file, &link).unwrap_or_else(|e| panic!("{e}"));
            assert!(regular_file(&link).is_ok());
        }
        let e = regular_file(dir.path()).err();
        let e = e.unwrap_or_else(|| panic!("a folder passed"));
        assert_eq!(not_regular(&e).map(|n| n.kind), Some(Kind::Directory));
        assert_eq!(e.to_string(), "keine gewöhnliche Datei, sondern ein Ordner");
        assert_eq!(english(&e), "not an ordinary file but a folder");
        let missing = regular_file(&dir.path().join("fehlt.csv")).err();
        assert_eq!(
            missing.map(|e| e.kind()),
            Some(std::io::ErrorKind::NotFound)
        );
    }

    #[cfg(unix)]
    #[test]
    fn dev_zero_is_a_device() {
        let e = regular_file(Path::new("/dev/zero")).err();
        let kind = e.as_ref().and_then(not_regular).map(|n| n.kind);
        assert_eq!(kind, Some(Kind::CharDevice));
    }
}
