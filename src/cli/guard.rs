//! Checks every command makes before it works: numbers on the command line are finite, an
//! output never overwrites one of the command's own inputs, and outputs of several files are
//! written together or not at all.

use std::path::{Path, PathBuf};

/// A number option: a finite decimal number ("NaN", "inf" and "1e999" are refused, with the
/// reason in German). The decimal point is a point, as in every option.
pub fn parse_finite(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("„{s}“ ist keine Zahl (Dezimalpunkt, z. B. 1.5)"))?;
    if v.is_finite() {
        Ok(v)
    } else {
        Err(format!("„{s}“ ist keine endliche Zahl"))
    }
}

/// Where a path really points: absolute, links followed; for a file that does not exist yet
/// its folder's real path and its name.
fn real_path(p: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(p) {
        return real;
    }
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    match (abs.parent(), abs.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(dir)
            .unwrap_or_else(|_| dir.to_path_buf())
            .join(name),
        _ => abs,
    }
}

/// Whether `a` and `b` name the same file (the same path after links, or hard links to one
/// file).
pub fn same_file(a: &Path, b: &Path) -> bool {
    if real_path(a) == real_path(b) {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return ma.dev() == mb.dev() && ma.ino() == mb.ino();
        }
    }
    false
}

/// Refuse when any output would overwrite one of the inputs (`--out` equal to `--table` would
/// replace the planner's data with the result).
pub fn refuse_overwriting_inputs(
    outputs: &[&Path],
    inputs: &[(&str, &Path)],
) -> Result<(), String> {
    for out in outputs {
        for (option, input) in inputs {
            if same_file(out, input) {
                return Err(format!(
                    "Die Ausgabedatei ist zugleich die Eingabe {option} – sie würde überschrieben. \
                     Bitte eine andere Ausgabedatei wählen: {}",
                    out.display()
                ));
            }
        }
    }
    Ok(())
}

/// Write several files together: each first to a temporary file beside it; only when all of
/// them are written completely are they moved into place, each old file kept aside until all
/// are in place. A full disk, a folder without write permission or a folder in the way of one
/// name leaves every one of the files as it was.
pub fn write_all_or_nothing(files: &[(&Path, &[u8])]) -> Result<(), String> {
    use std::io::Write as _;
    let unchanged = "keine der Ausgabedateien wurde geändert";
    for (path, _) in files {
        if path.is_dir() {
            return Err(format!(
                "Unter diesem Namen liegt ein Ordner ({unchanged}): {}",
                path.display()
            ));
        }
    }
    let beside = |path: &Path, suffix: &str| {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "ausgabe".to_owned());
        dir.join(format!(".{name}.{}.{suffix}", std::process::id()))
    };
    let mut staged: Vec<(PathBuf, &Path)> = Vec::new();
    let remove_all = |paths: &mut dyn Iterator<Item = &PathBuf>| {
        for p in paths {
            let _ = std::fs::remove_file(p);
        }
    };
    for (path, bytes) in files {
        let tmp = beside(path, "tmp");
        let written = std::fs::File::create(&tmp).and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        });
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            remove_all(&mut staged.iter().map(|(t, _)| t));
            return Err(format!(
                "Datei kann nicht geschrieben werden ({e}; {unchanged}): {}",
                path.display()
            ));
        }
        staged.push((tmp, path));
    }
    // Move into place; on a failure put everything back as it was.
    let mut placed: Vec<(&Path, Option<PathBuf>)> = Vec::new();
    for (i, (tmp, path)) in staged.iter().enumerate() {
        let mut kept = None;
        let mut moved = Ok(());
        if path.exists() {
            let backup = beside(path, "alt");
            moved = std::fs::rename(path, &backup);
            if moved.is_ok() {
                kept = Some(backup);
            }
        }
        if moved.is_ok() {
            moved = std::fs::rename(tmp, path);
        }
        if let Err(e) = moved {
            if let Some(b) = &kept {
                let _ = std::fs::rename(b, path);
            }
            for (done, old) in placed.iter().rev() {
                let _ = std::fs::remove_file(done);
                if let Some(b) = old {
                    let _ = std::fs::rename(b, done);
                }
            }
            remove_all(&mut staged[i..].iter().map(|(t, _)| t));
            return Err(format!(
                "Datei kann nicht geschrieben werden ({e}; {unchanged}): {}",
                path.display()
            ));
        }
        placed.push((path, kept));
    }
    for (_, old) in placed {
        if let Some(b) = old {
            let _ = std::fs::remove_file(b);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_finite_numbers_pass() {
        assert_eq!(parse_finite("1.5"), Ok(1.5));
        assert_eq!(parse_finite("-1"), Ok(-1.0));
        for bad in ["NaN", "nan", "inf", "-inf", "infinity", "1e999", "abc", ""] {
            assert!(parse_finite(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_same_file_is_recognised_through_dots_and_links() {
        let dir = tempfile::tempdir().expect("dir");
        let a = dir.path().join("a.csv");
        std::fs::write(&a, "x").expect("write");
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).expect("dir");
        assert!(same_file(&a, &sub.join("../a.csv")));
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&a, &link).expect("link");
        assert!(same_file(&a, &link));
        let hard = dir.path().join("hard.csv");
        std::fs::hard_link(&a, &hard).expect("hard link");
        assert!(same_file(&a, &hard));
        assert!(!same_file(&a, &dir.path().join("b.csv")));
    }

    #[test]
    fn nothing_is_written_when_one_file_cannot_be() {
        let dir = tempfile::tempdir().expect("dir");
        let ok = dir.path().join("a.csv");
        std::fs::write(&ok, "alt").expect("write");
        let impossible = dir.path().join("fehlt/b.txt");
        let result = write_all_or_nothing(&[(&ok, b"neu"), (&impossible, b"neu")]);
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&ok).expect("read"), "alt");
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
        assert_eq!(left.len(), 1, "no temporary file left behind");
        // A folder in the way of the second name: the first file stays as it was.
        let folder = dir.path().join("b.txt");
        std::fs::create_dir(&folder).expect("dir");
        assert!(write_all_or_nothing(&[(&ok, b"neu"), (&folder, b"neu")]).is_err());
        assert_eq!(std::fs::read_to_string(&ok).expect("read"), "alt");
        // Both writable: both replaced, no backup left.
        let second = dir.path().join("c.txt");
        std::fs::write(&second, "alt").expect("write");
        write_all_or_nothing(&[(&ok, b"neu"), (&second, b"neu")]).expect("written");
        assert_eq!(std::fs::read_to_string(&ok).expect("read"), "neu");
        assert_eq!(std::fs::read_to_string(&second).expect("read"), "neu");
        assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 3);
    }
}
