//! Paths in a project file: relative to the project's folder when the data lies below or
//! beside it (so a project folder can be copied to another laptop), absolute otherwise.

use std::path::{Component, Path, PathBuf};

/// The text to store for `file` in a project in `dir`: relative with "/" separators when it
/// can be reached from `dir` without leaving it more than two levels up, else absolute.
pub fn relative(dir: &Path, file: &Path) -> String {
    let abs = |p: &Path| {
        if p.is_absolute() {
            normalise(p)
        } else {
            normalise(&std::env::current_dir().unwrap_or_default().join(p))
        }
    };
    let (d, f) = (abs(dir), abs(file));
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

/// The file a stored path names, for a project in `dir`.
pub fn resolve(dir: &Path, stored: &str) -> PathBuf {
    let p = Path::new(stored);
    if p.is_absolute() {
        normalise(p)
    } else {
        normalise(&dir.join(p))
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
