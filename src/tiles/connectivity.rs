//! The connection state of the basemap as the window shows it, derived from the fetcher's
//! own bookkeeping (bounded timeouts, offline after repeated failures, manual offline).

use super::fetch::FetchState;

/// Whether the tile server can be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connectivity {
    Checking,
    Online,
    Offline,
}

impl Connectivity {
    pub fn of(state: FetchState) -> Self {
        match state {
            FetchState::Online => Connectivity::Online,
            FetchState::Offline { .. } | FetchState::ManualOffline => Connectivity::Offline,
            FetchState::Unknown => Connectivity::Checking,
        }
    }
}
