//! Paths in a project file: relative to the project's folder when the data lies below or
//! beside it (so a project folder can be copied to another laptop), absolute otherwise.

use std::path::{Component, Path, PathBuf};

/// The text to store for `file` in a project in `dir`: relative with "/" separators when it
/// can be reached from `dir` without leaving it more than two levels up, else absolute. Both
/// are made absolute against the current folder and their folders are taken as the system sees
/// them (symbolic links followed), so that [`resolve`] finds the same file again however the
/// project was opened (`../p/x.sozialatlas`, an absolute path, through a link).
pub fn relative(dir: &Path, file: &Path) -> String {
    let (d, f) = (physical_dir(dir), physical_file(file));
    let dc: Vec<Component> = d.components().collect();
    let fc: Vec<Component> = f.components().collect();
    let common = dc.iter().zip(&fc).take_while(|(a, b)| a == b).count();
    let ups = dc.len() - common;
    if common == 0 || ups > 2 {
        return f.to_string_lossy().into_owned();
    }
    let mut parts: Vec<String> = std::iter::repeat_n("..".to_owned(), ups).collect();
    parts.extend(
        fc[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// The file a stored path names, for a project in `dir` (which may be relative to the current
/// folder or pass through a symbolic link: `..` then means what it means to the system, the
/// parent of the real folder).
pub fn resolve(dir: &Path, stored: &str) -> PathBuf {
    let p = Path::new(stored);
    if p.is_absolute() {
        normalise(p)
    } else {
        normalise(&physical_dir(dir).join(p))
    }
}

/// `p` made absolute against the current folder.
fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    }
}

/// A folder as absolute path with links followed; lexically normalised if it does not exist.
fn physical_dir(dir: &Path) -> PathBuf {
    let abs = absolute(dir);
    std::fs::canonicalize(&abs).unwrap_or_else(|_| normalise(&abs))
}

/// A file as absolute path whose folder has its links followed (the file's own name is kept,
/// so a linked data file is stored by the name the planner chose).
fn physical_file(file: &Path) -> PathBuf {
    let abs = normalise(&absolute(file));
    match (abs.parent(), abs.file_name()) {
        (Some(parent), Some(name)) => physical_dir(parent).join(name),
        _ => abs,
    }
}

/// Remove "." and resolve ".." lexically (the file may not exist).
fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The checks before a project file is read: a regular file, at most [`crate::io::regular::MAX_PROJECT_BYTES`].
pub fn check_project_file(path: &Path) -> Result<(), super::ProjectError> {
    use super::ProjectError;
    use crate::io::regular::{MAX_PROJECT_BYTES, TooLarge, regular_file};
    let shown = || path.display().to_string();
    let io = |source| ProjectError::Io {
        source,
        path: shown(),
    };
    match regular_file(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(ProjectError::NotFound(shown()));
        }
        Err(e) => return Err(io(e)),
        Ok(()) => {}
    }
    let bytes = std::fs::metadata(path).map_err(io)?.len();
    if bytes > MAX_PROJECT_BYTES {
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            TooLarge {
                bytes,
                max: MAX_PROJECT_BYTES,
            },
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_beside_and_below_the_project_are_stored_relative() {
        let dir = Path::new("/home/planung/projekte");
        assert_eq!(
            relative(dir, Path::new("/home/planung/projekte/daten/a.geojson")),
            "daten/a.geojson"
        );
        assert_eq!(
            relative(dir, Path::new("/home/planung/daten/b.csv")),
            "../daten/b.csv"
        );
        // Far away: absolute.
        assert_eq!(relative(dir, Path::new("/srv/x.csv")), "/srv/x.csv");
        assert_eq!(
            resolve(dir, "../daten/b.csv"),
            PathBuf::from("/home/planung/daten/b.csv")
        );
        assert_eq!(resolve(dir, "/srv/x.csv"), PathBuf::from("/srv/x.csv"));
        assert_eq!(
            resolve(dir, "./daten/../a.csv"),
            PathBuf::from("/home/planung/projekte/a.csv")
        );
    }
}
