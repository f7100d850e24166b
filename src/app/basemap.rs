//! The basemap's menu actions: switching sources, MBTiles files among opened paths, the
//! offline switch, reconnecting, the cache (size, limit, clearing) and offline packages.

use std::path::PathBuf;

use super::SozialatlasApp;
use crate::state::Command;
use crate::ui::basemap::{BasemapAction, BasemapInfo};

impl SozialatlasApp {
    /// What the basemap menu shows (the cache size measured at most every five seconds).
    pub(super) fn basemap_info(&mut self) -> BasemapInfo {
        let stale = self
            .cache_size
            .is_none_or(|(t, _)| t.elapsed() > std::time::Duration::from_secs(5));
        if stale && let Some(dir) = crate::tiles::cache::DiskCache::default_dir() {
            let cache = crate::tiles::cache::DiskCache::new(dir);
            let mut bytes = cache.size_bytes();
            let limit = self.cache_limit_mb * 1_000_000;
            if bytes > limit {
                bytes = bytes.saturating_sub(cache.enforce_limit(limit).unwrap_or(0));
            }
            self.cache_size = Some((std::time::Instant::now(), bytes));
        }
        let b = self.map.basemap();
        let status = b.and_then(|b| b.status());
        BasemapInfo {
            source: b.map(|b| b.source().clone()),
            manual_offline: b
                .and_then(|b| b.fetcher())
                .is_some_and(|f| f.manual_offline()),
            state: status.as_ref().map(|s| s.state),
            failures: status.as_ref().map_or(0, |s| s.failures_total),
            last_error: b
                .and_then(|b| b.bad_images().1.map(str::to_owned))
                .or(status.and_then(|s| s.last_error)),
            cache_bytes: self.cache_size.map(|(_, b)| b),
            cache_limit_mb: self.cache_limit_mb,
        }
    }

    pub(super) fn basemap_action(
        &mut self,
        ctx: &egui::Context,
        a: BasemapAction,
        out: &mut Vec<Command>,
    ) {
        match a {
            BasemapAction::None => {}
            BasemapAction::Source(s) => self.map.set_source(ctx, s),
            BasemapAction::OpenMbTiles => self.ask_file(super::Purpose::Open),
            BasemapAction::Custom => self.basemap_ui.open_custom(),
            BasemapAction::Offline(on) => {
                if let Some(f) = self.map.basemap().and_then(|b| b.fetcher()) {
                    f.set_manual_offline(on);
                }
            }
            BasemapAction::Retry => {
                if let Some(f) = self.map.basemap().and_then(|b| b.fetcher()) {
                    f.retry_now();
                }
            }
            BasemapAction::ClearCache => {
                let text = match crate::tiles::cache::DiskCache::default_dir()
                    .map(|d| crate::tiles::cache::DiskCache::new(d).clear())
                {
                    Some(Ok(freed)) => {
                        let mb = freed / 1_000_000;
                        (
                            false,
                            crate::bilingual!(
                                "Zwischenspeicher geleert ({mb} MB frei).",
                                "Cache cleared ({mb} MB freed)."
                            ),
                        )
                    }
                    Some(Err(e)) => (
                        true,
                        crate::bilingual!(
                            "Zwischenspeicher kann nicht geleert werden ({e}).",
                            "The cache cannot be cleared ({e})."
                        ),
                    ),
                    None => (
                        true,
                        crate::i18n::Bilingual::new(
                            "Kein Zwischenspeicher-Ordner.",
                            "No cache folder.",
                        ),
                    ),
                };
                self.cache_size = None;
                out.push(Command::Notify(text.0, text.1));
            }
            BasemapAction::Package => self.basemap_ui.open_package(),
            BasemapAction::CacheLimit(mb) => {
                self.cache_limit_mb = mb;
                self.cache_size = None;
            }
        }
    }

    /// MBTiles files among opened paths become the basemap; the rest are layers.
    pub(super) fn take_mbtiles(
        &mut self,
        ctx: &egui::Context,
        paths: Vec<PathBuf>,
    ) -> Vec<PathBuf> {
        let (tiles, rest): (Vec<PathBuf>, Vec<PathBuf>) = paths
            .into_iter()
            .partition(|p| crate::ui::basemap::is_mbtiles(p));
        if let Some(p) = tiles.last() {
            self.map
                .set_source(ctx, crate::ui::basemap::mbtiles_source(p));
        }
        rest
    }
}
