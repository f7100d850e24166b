//! Recovery files, one per running window. Each window claims its own file
//! (`sitzung-<pid>-<time>.sozialatlas`) and holds an exclusive lock on a lock file of the same
//! name for as long as it runs. At start, a window looks at the other recovery files: one whose
//! lock it can take belongs to a window that ended without cleaning up (a crash), and is offered
//! for restoring; one whose lock is held belongs to a live window and is left alone — never
//! offered, never deleted. The operating system releases a crashed process's lock, so nothing
//! has to guess from process ids or times. No egui here.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::project::EXTENSION;

const PREFIX: &str = "sitzung-";

/// The recovery file of a window from before recovery files were per window.
pub const LEGACY_NAME: &str = "wiederherstellung";

/// This window's recovery file, with its lock held.
#[derive(Debug)]
pub struct Instance {
    pub recovery: PathBuf,
    lock_path: PathBuf,
    _lock: File,
}

/// The recovery file of a window that did not end normally, locked by us while we decide.
#[derive(Debug)]
pub struct Orphan {
    pub recovery: PathBuf,
    pub modified: Option<SystemTime>,
    lock_path: Option<PathBuf>,
    _lock: Option<File>,
}

fn open_lock(path: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
}

/// Take the lock of `path` if no live window holds it.
fn try_take(path: &Path) -> Option<File> {
    let f = open_lock(path).ok()?;
    match f.try_lock() {
        Ok(()) => Some(f),
        Err(TryLockError::WouldBlock | TryLockError::Error(_)) => None,
    }
}

impl Instance {
    /// Claim a new recovery file in `dir` (created if missing).
    pub fn claim(dir: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        for attempt in 0..100u32 {
            let id = format!("{PREFIX}{}-{nanos}-{attempt}", std::process::id());
            let lock_path = dir.join(format!("{id}.lock"));
            if lock_path.exists() {
                continue;
            }
            let lock = open_lock(&lock_path)?;
            if lock.try_lock().is_err() {
                continue;
            }
            return Ok(Self {
                recovery: dir.join(format!("{id}.{EXTENSION}")),
                lock_path,
                _lock: lock,
            });
        }
        Err(std::io::Error::other("keine freie Wiederherstellungsdatei"))
    }

    /// A clean end: this window's recovery file and lock file go (the lock with the file).
    pub fn release(self) {
        let _ = std::fs::remove_file(&self.recovery);
        let _ = std::fs::remove_file(&self.lock_path);
    }
}

impl Orphan {
    /// The user decided (restored it elsewhere, or discarded it): the file and its lock go.
    pub fn discard(self) {
        let _ = std::fs::remove_file(&self.recovery);
        if let Some(l) = &self.lock_path {
            let _ = std::fs::remove_file(l);
        }
    }
}

/// The recovery files in `dir` left by windows that ended without cleaning up, newest first,
/// each locked by the caller until it is discarded or dropped. `legacy` is the single recovery
/// file of earlier versions (offered when it exists). Lock files of crashed windows that never
/// wrote a recovery file are removed.
pub fn orphans(dir: &Path, legacy: Option<&Path>) -> Vec<Orphan> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return legacy_orphan(legacy).into_iter().collect();
    };
    let mut stale_locks = Vec::new();
    for e in entries.flatten() {
        let path = e.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !name.starts_with(PREFIX) {
            continue;
        }
        if let Some(stem) = name.strip_suffix(&format!(".{EXTENSION}")) {
            let lock_path = dir.join(format!("{stem}.lock"));
            if let Some(lock) = try_take(&lock_path) {
                found.push(Orphan {
                    modified: e.metadata().and_then(|m| m.modified()).ok(),
                    recovery: path,
                    lock_path: Some(lock_path),
                    _lock: Some(lock),
                });
            }
        } else if let Some(stem) = name.strip_suffix(".lock")
            && !dir.join(format!("{stem}.{EXTENSION}")).exists()
        {
            stale_locks.push(path);
        }
    }
    for l in stale_locks {
        if let Some(lock) = try_take(&l) {
            let _ = std::fs::remove_file(&l);
            drop(lock);
        }
    }
    found.extend(legacy_orphan(legacy));
    found.sort_by_key(|o| std::cmp::Reverse(o.modified));
    found
}

fn legacy_orphan(legacy: Option<&Path>) -> Option<Orphan> {
    let p = legacy?;
    p.is_file().then(|| Orphan {
        recovery: p.to_path_buf(),
        modified: std::fs::metadata(p).and_then(|m| m.modified()).ok(),
        lock_path: None,
        _lock: None,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn two_live_windows_have_separate_files_and_never_see_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let a = Instance::claim(dir.path()).unwrap();
        let b = Instance::claim(dir.path()).unwrap();
        assert_ne!(a.recovery, b.recovery);
        std::fs::write(&a.recovery, "a").unwrap();
        std::fs::write(&b.recovery, "b").unwrap();
        // A third window finds nothing to offer: both owners are alive.
        assert!(orphans(dir.path(), None).is_empty());
        assert!(a.recovery.exists() && b.recovery.exists());
    }

    #[test]
    fn a_crashed_window_is_offered_exactly_once_and_its_files_go_on_discard() {
        let dir = tempfile::tempdir().unwrap();
        let live = Instance::claim(dir.path()).unwrap();
        std::fs::write(&live.recovery, "live").unwrap();
        let crashed = Instance::claim(dir.path()).unwrap();
        std::fs::write(&crashed.recovery, "crashed").unwrap();
        let crashed_file = crashed.recovery.clone();
        // A crash: the process ends, the lock is released, the files stay.
        drop(crashed);
        let found = orphans(dir.path(), None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].recovery, crashed_file);
        // While one window considers it, another does not offer it too.
        assert!(orphans(dir.path(), None).is_empty());
        found.into_iter().for_each(Orphan::discard);
        assert!(!crashed_file.exists());
        assert!(live.recovery.exists());
    }

    #[test]
    fn a_clean_end_leaves_no_file_behind() {
        let dir = tempfile::tempdir().unwrap();
        let a = Instance::claim(dir.path()).unwrap();
        std::fs::write(&a.recovery, "a").unwrap();
        a.release();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn the_recovery_file_of_earlier_versions_is_offered() {
        let dir = tempfile::tempdir().unwrap();
        let legacy = dir.path().join("wiederherstellung.sozialatlas");
        std::fs::write(&legacy, "{}").unwrap();
        let found = orphans(&dir.path().join("fehlt"), Some(&legacy));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].recovery, legacy);
    }
}
