//! How a [`Fetcher`](super::Fetcher) works ([`FetchOptions`]: timeouts, workers, when to go
//! offline, the repaint callback) and the User-Agent tile providers ask for. Must not fetch.

use std::time::Duration;

/// How the fetcher works. `Default` gives 10 s per request (5 s to connect), two workers,
/// offline after 4 consecutive failures and a probe every 30 s while offline.
pub struct FetchOptions {
    /// Sent with every request; tile providers require one that names the application.
    pub user_agent: String,
    /// The longest one request may take, from connecting to the last byte.
    pub timeout: Duration,
    /// The longest connecting may take.
    pub connect_timeout: Duration,
    /// Worker threads (at least one is started, and only on the first queued request).
    pub workers: usize,
    /// Consecutive network failures after which the fetcher goes offline by itself.
    pub offline_after: u32,
    /// While offline by itself, one probe request is let through after this long.
    pub retry_after: Duration,
    /// Called by a worker after each result it delivers (the app passes
    /// `ctx.request_repaint`), and by `request` when it answers from the cache.
    pub on_result: Option<Box<dyn Fn() + Send + Sync>>,
}

impl Default for FetchOptions {
    fn default() -> Self {
        Self {
            user_agent: default_user_agent(),
            timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            workers: 2,
            offline_after: 4,
            retry_after: Duration::from_secs(30),
            on_result: None,
        }
    }
}

impl std::fmt::Debug for FetchOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FetchOptions")
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("workers", &self.workers)
            .field("offline_after", &self.offline_after)
            .field("retry_after", &self.retry_after)
            .field("on_result", &self.on_result.as_ref().map(|_| "Fn"))
            .finish()
    }
}

/// `Sozialatlas/<version>`, as tile usage policies ask for.
pub fn default_user_agent() -> String {
    format!(
        "Sozialatlas/{} (Desktop-GIS für Sozialraumanalyse)",
        env!("CARGO_PKG_VERSION")
    )
}
