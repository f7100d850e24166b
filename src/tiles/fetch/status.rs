//! The fetcher's view of the network: the online/offline state machine on the shared
//! `Inner` (admitting requests and probes, recording each attempt's outcome) and the
//! [`FetchState`]/[`FetchStatus`] the UI shows. Must not touch the network or the cache.

use std::time::Instant;

use super::{FetchOptions, Inner, Net, TileFailure};

/// Whether the network is usable, as far as the fetcher knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchState {
    /// The last answer came from the server.
    Online,
    /// Offline without the user asking for it; `auto` is `true` when the fetcher detected it
    /// (after `offline_after` consecutive failures) and will probe again by itself.
    Offline { auto: bool },
    /// The user switched to offline: no network at all, cache only.
    ManualOffline,
    /// Nothing was downloaded yet (or the last retry has no answer yet).
    Unknown,
}

/// What the UI shows about the fetcher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchStatus {
    pub state: FetchState,
    /// Downloads that failed since the start, not counting tiles the server does not have.
    pub failures_total: u64,
    /// Network failures in a row (reset by any answer from the server).
    pub consecutive_failures: u32,
    /// The message of the most recent failure (German).
    pub last_error: Option<String>,
    /// Downloads running now.
    pub in_flight: usize,
    /// Tiles waiting for a worker.
    pub queued: usize,
}

/// Whether a request may use the network now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Admit {
    Go,
    Probe,
    Offline,
}

impl Inner {
    /// Lets a request through, as a probe, or not at all. A probe is admitted only once until
    /// its answer is recorded.
    pub(super) fn admit(&mut self, now: Instant) -> Admit {
        if self.manual_offline {
            return Admit::Offline;
        }
        match &mut self.net {
            Net::AutoOffline {
                next_probe,
                probing,
            } => {
                if !*probing && now >= *next_probe {
                    *probing = true;
                    Admit::Probe
                } else {
                    Admit::Offline
                }
            }
            Net::Unknown | Net::Online => Admit::Go,
        }
    }

    /// Whether a request would be refused without network now (without admitting a probe).
    pub(super) fn refuses(&self, now: Instant) -> bool {
        self.manual_offline
            || matches!(self.net, Net::AutoOffline { next_probe, probing } if probing || now < next_probe)
    }

    /// Takes the outcome of one network attempt into the status.
    pub(super) fn record(
        &mut self,
        outcome: &Result<Vec<u8>, TileFailure>,
        probe: bool,
        options: &FetchOptions,
    ) {
        let now = Instant::now();
        match outcome {
            Err(failure) if failure.is_network_failure() => {
                self.failures_total += 1;
                self.consecutive_failures = self.consecutive_failures.saturating_add(1);
                self.last_error = Some(failure.to_string());
                match &mut self.net {
                    Net::AutoOffline {
                        next_probe,
                        probing,
                    } => {
                        if probe {
                            *probing = false;
                            *next_probe = now + options.retry_after;
                        }
                    }
                    net => {
                        if self.consecutive_failures >= options.offline_after.max(1) {
                            *net = Net::AutoOffline {
                                next_probe: now + options.retry_after,
                                probing: false,
                            };
                        }
                    }
                }
            }
            // The server answered: it is reachable.
            other => {
                if let Err(failure) = other
                    && *failure != TileFailure::NotFound
                {
                    self.failures_total += 1;
                    self.last_error = Some(failure.to_string());
                }
                self.consecutive_failures = 0;
                self.net = Net::Online;
            }
        }
    }

    pub(super) fn state(&self) -> FetchState {
        if self.manual_offline {
            return FetchState::ManualOffline;
        }
        match self.net {
            Net::Unknown => FetchState::Unknown,
            Net::Online => FetchState::Online,
            Net::AutoOffline { .. } => FetchState::Offline { auto: true },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_in_a_row_go_offline_and_an_answer_comes_back_online() {
        let options = FetchOptions {
            offline_after: 2,
            ..FetchOptions::default()
        };
        let mut inner = Inner::default();
        let fail = Err(TileFailure::Timeout);
        inner.record(&fail, false, &options);
        assert_eq!(inner.state(), FetchState::Unknown);
        inner.record(&Err(TileFailure::NotFound), false, &options);
        assert_eq!(inner.state(), FetchState::Online);
        assert_eq!(inner.consecutive_failures, 0);
        inner.record(&fail, false, &options);
        inner.record(&fail, false, &options);
        assert_eq!(inner.state(), FetchState::Offline { auto: true });
        assert_eq!(inner.failures_total, 3);
        assert!(inner.refuses(Instant::now()));
        // No probe before `retry_after`, exactly one after it.
        assert_eq!(inner.admit(Instant::now()), Admit::Offline);
        let later = Instant::now() + options.retry_after;
        assert_eq!(inner.admit(later), Admit::Probe);
        assert_eq!(inner.admit(later), Admit::Offline);
        inner.record(&Ok(vec![1]), true, &options);
        assert_eq!(inner.state(), FetchState::Online);
        inner.manual_offline = true;
        assert_eq!(inner.state(), FetchState::ManualOffline);
        assert_eq!(inner.admit(Instant::now()), Admit::Offline);
    }
}
