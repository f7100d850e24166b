//! The disk cache of downloaded tiles: one plain file per tile,
//! `dir/<source id>/<z>/<x>/<y>.tile`, holding the bytes exactly as downloaded (PNG or JPEG).
//! Files are written atomically (temporary file + rename), so a reader never sees half a tile.
//! The size limit is kept by deleting the least recently written tiles first.
//!
//! Only files this cache writes (`*.tile` and its own temporary files) are ever counted or
//! deleted, so a cache folder pointed at the wrong place cannot wipe anything else.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use super::TileKey;

/// The extension of a cached tile.
const TILE_EXT: &str = "tile";
/// What the temporary files of an unfinished write contain in their name.
const TEMP_MARK: &str = ".tile.tmp-";

/// Tiles on disk, one folder per source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskCache {
    dir: PathBuf,
}

impl DiskCache {
    /// A cache rooted at `dir` (created on the first write).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The operating system's cache folder for Sozialatlas tiles
    /// (`~/.cache/sozialatlas/tiles` on Linux, `%LOCALAPPDATA%\Sozialatlas\sozialatlas\cache\tiles`
    /// on Windows), or `None` when the system has no home folder.
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("de", "Sozialatlas", "sozialatlas")
            .map(|d| d.cache_dir().join("tiles"))
    }

    /// The root folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file a tile is (or would be) stored in.
    pub fn path_of(&self, source_id: &str, key: TileKey) -> PathBuf {
        self.dir
            .join(folder_name(source_id))
            .join(key.z.to_string())
            .join(key.x.to_string())
            .join(format!("{}.{TILE_EXT}", key.y))
    }

    /// The cached bytes of a tile, or `None` when it is not cached (or unreadable, or empty).
    /// One file read, nothing else.
    pub fn get(&self, source_id: &str, key: TileKey) -> Option<Vec<u8>> {
        fs::read(self.path_of(source_id, key))
            .ok()
            .filter(|b| !b.is_empty())
    }

    /// Whether a tile is cached, without reading it.
    pub fn contains(&self, source_id: &str, key: TileKey) -> bool {
        fs::metadata(self.path_of(source_id, key)).is_ok_and(|m| m.is_file() && m.len() > 0)
    }

    /// Stores a tile atomically: the bytes go to a temporary file in the same folder, which is
    /// then renamed over the tile's file.
    pub fn put(&self, source_id: &str, key: TileKey, bytes: &[u8]) -> io::Result<()> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let path = self.path_of(source_id, key);
        let Some(folder) = path.parent() else {
            return Err(io::Error::other("Kachelpfad ohne Ordner"));
        };
        fs::create_dir_all(folder)?;
        let temp = folder.join(format!(
            "{}{TEMP_MARK}{}-{}",
            key.y,
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let written = fs::File::create(&temp).and_then(|mut f| {
            f.write_all(bytes)?;
            f.flush()
        });
        let renamed = written.and_then(|()| fs::rename(&temp, &path));
        if renamed.is_err() {
            let _ = fs::remove_file(&temp);
        }
        renamed
    }

    /// The bytes all cached tiles take up.
    pub fn size_bytes(&self) -> u64 {
        let mut total = 0;
        walk(&self.dir, &mut |_, meta| total += meta.len());
        total
    }

    /// Deletes every cached tile of every source and returns the bytes freed.
    pub fn clear(&self) -> io::Result<u64> {
        let mut files = Vec::new();
        walk(&self.dir, &mut |path, meta| {
            files.push((path.to_path_buf(), meta.len()))
        });
        let mut freed = 0;
        let mut first_error = None;
        for (path, len) in files {
            match fs::remove_file(&path) {
                Ok(()) => freed += len,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        prune_empty_dirs(&self.dir);
        match first_error {
            Some(e) => Err(e),
            None => Ok(freed),
        }
    }

    /// Deletes the least recently written tiles until the cache holds at most `limit_bytes`,
    /// and returns the bytes freed (0 when it already fits).
    pub fn enforce_limit(&self, limit_bytes: u64) -> io::Result<u64> {
        let mut files = Vec::new();
        let mut total = 0u64;
        walk(&self.dir, &mut |path, meta| {
            total += meta.len();
            let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            files.push((modified, path.to_path_buf(), meta.len()));
        });
        if total <= limit_bytes {
            return Ok(0);
        }
        files.sort();
        let mut freed = 0;
        let mut first_error = None;
        for (_, path, len) in files {
            if total <= limit_bytes {
                break;
            }
            match fs::remove_file(&path) {
                Ok(()) => {
                    freed += len;
                    total -= len;
                }
                // Someone else removed it: it no longer counts either.
                Err(e) if e.kind() == io::ErrorKind::NotFound => total -= len,
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        prune_empty_dirs(&self.dir);
        match first_error {
            Some(e) if total > limit_bytes => Err(e),
            _ => Ok(freed),
        }
    }
}

/// A source id as a single, harmless folder name.
fn folder_name(source_id: &str) -> String {
    let name: String = source_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() {
        "_".to_owned()
    } else {
        name
    }
}

/// Whether a file is one this cache wrote: a tile or an unfinished temporary file.
fn is_cache_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == TILE_EXT)
        || path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.contains(TEMP_MARK))
}

/// Calls `visit` for every cache file below `dir` (symbolic links are not followed).
fn walk(dir: &Path, visit: &mut dyn FnMut(&Path, &fs::Metadata)) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        let path = entry.path();
        if meta.is_dir() {
            walk(&path, visit);
        } else if meta.is_file() && is_cache_file(&path) {
            visit(&path, &meta);
        }
    }
}

/// Removes the empty folders below `dir` (not `dir` itself); errors are ignored (a folder a
/// concurrent write just filled again stays).
fn prune_empty_dirs(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            let path = entry.path();
            prune_empty_dirs(&path);
            let _ = fs::remove_dir(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn key(z: u8, x: u32, y: u32) -> TileKey {
        TileKey { z, x, y }
    }

    fn age(cache: &DiskCache, source: &str, k: TileKey, secs_ago: u64) {
        let f = fs::File::options()
            .write(true)
            .open(cache.path_of(source, k))
            .unwrap();
        f.set_modified(SystemTime::now() - Duration::from_secs(secs_ago))
            .unwrap();
    }

    #[test]
    fn a_stored_tile_comes_back_byte_for_byte_in_its_own_file() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = DiskCache::new(tmp.path());
        let k = key(12, 2146, 1387);
        assert_eq!(cache.get("osm", k), None);
        assert!(!cache.contains("osm", k));
        cache.put("osm", k, b"\x89PNG tile").unwrap();
        assert_eq!(cache.get("osm", k).as_deref(), Some(&b"\x89PNG tile"[..]));
        assert!(cache.contains("osm", k));
        assert!(tmp.path().join("osm/12/2146/1387.tile").is_file());
        // Other sources and keys are separate.
        assert_eq!(cache.get("opentopomap", k), None);
        assert_eq!(cache.get("osm", key(12, 2146, 1388)), None);
        // Overwriting replaces, and leaves no temporary file behind.
        cache.put("osm", k, b"new").unwrap();
        assert_eq!(cache.get("osm", k).as_deref(), Some(&b"new"[..]));
        let names: Vec<_> = fs::read_dir(tmp.path().join("osm/12/2146"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("1387.tile")]);
    }

    #[test]
    fn an_empty_cache_folder_that_does_not_exist_is_just_empty() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = DiskCache::new(tmp.path().join("nicht-da"));
        assert_eq!(cache.size_bytes(), 0);
        assert_eq!(cache.clear().unwrap(), 0);
        assert_eq!(cache.enforce_limit(0).unwrap(), 0);
        assert_eq!(cache.get("osm", key(0, 0, 0)), None);
    }

    #[test]
    fn source_ids_cannot_escape_the_cache_folder() {
        let cache = DiskCache::new("/c");
        let p = cache.path_of("../../etc", key(1, 0, 1));
        assert_eq!(p, Path::new("/c/______etc/1/0/1.tile"));
        assert_eq!(
            cache.path_of("", key(0, 0, 0)),
            Path::new("/c/_/0/0/0.tile")
        );
    }

    #[test]
    fn size_counts_every_tile_and_clear_frees_exactly_that() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = DiskCache::new(tmp.path());
        cache.put("a", key(1, 0, 0), &[1; 100]).unwrap();
        cache.put("a", key(1, 1, 0), &[1; 50]).unwrap();
        cache.put("b", key(3, 4, 5), &[1; 7]).unwrap();
        assert_eq!(cache.size_bytes(), 157);
        assert_eq!(cache.clear().unwrap(), 157);
        assert_eq!(cache.size_bytes(), 0);
        assert_eq!(cache.get("a", key(1, 0, 0)), None);
        // The tile folders are gone, the root stays.
        assert!(tmp.path().is_dir());
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
    }

    #[test]
    fn clear_leaves_files_that_are_not_tiles_alone() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("notizen.txt"), "wichtig").unwrap();
        let cache = DiskCache::new(tmp.path());
        cache.put("a", key(0, 0, 0), &[1; 10]).unwrap();
        assert_eq!(cache.size_bytes(), 10);
        assert_eq!(cache.clear().unwrap(), 10);
        assert_eq!(
            fs::read_to_string(tmp.path().join("notizen.txt")).unwrap(),
            "wichtig"
        );
    }

    #[test]
    fn the_limit_deletes_the_oldest_tiles_first() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = DiskCache::new(tmp.path());
        let (old, middle, new) = (key(5, 1, 1), key(5, 1, 2), key(6, 9, 9));
        cache.put("s", old, &[0; 100]).unwrap();
        cache.put("s", middle, &[0; 100]).unwrap();
        cache.put("s", new, &[0; 100]).unwrap();
        age(&cache, "s", old, 3000);
        age(&cache, "s", middle, 2000);
        age(&cache, "s", new, 1000);

        assert_eq!(cache.enforce_limit(300).unwrap(), 0, "fits already");
        assert_eq!(cache.enforce_limit(250).unwrap(), 100);
        assert!(!cache.contains("s", old));
        assert!(cache.contains("s", middle) && cache.contains("s", new));
        assert_eq!(cache.enforce_limit(100).unwrap(), 100);
        assert!(!cache.contains("s", middle) && cache.contains("s", new));
        assert_eq!(cache.size_bytes(), 100);
        assert_eq!(cache.enforce_limit(0).unwrap(), 100);
        assert_eq!(cache.size_bytes(), 0);
    }

    #[test]
    fn the_default_folder_ends_in_tiles() {
        if let Some(dir) = DiskCache::default_dir() {
            assert!(dir.ends_with("tiles"));
        }
    }
}
