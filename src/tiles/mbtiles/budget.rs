//! The work budget of every query on an MBTiles file: a SQLite progress handler that
//! interrupts a query after a number of instruction steps (independent of the machine's
//! speed), the limit on a value's size, and [`MbTiles::run`](super::MbTiles) that maps an
//! interrupted query to [`MbTilesError::TooMuchWork`]. Must not know any table.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use rusqlite::{Connection, ErrorCode};

use super::error::read_error;
use super::{MAX_VALUE_BYTES, MbTiles, MbTilesError, STEPS_PER_CHECK};

/// Budget units for `steps` SQLite instruction steps.
pub(super) fn checks(steps: u64) -> u64 {
    steps / STEPS_PER_CHECK as u64
}

/// Installs the work budget (a progress handler that interrupts the query when the budget is
/// used up) and the limit on the size of a value.
pub(super) fn guard(
    conn: &mut Connection,
    budget: &Arc<AtomicU64>,
    path: &Path,
) -> Result<(), MbTilesError> {
    let left = Arc::clone(budget);
    conn.progress_handler(
        STEPS_PER_CHECK,
        Some(move || {
            let now = left.load(Ordering::Relaxed);
            left.store(now.saturating_sub(1), Ordering::Relaxed);
            now == 0
        }),
    )
    .map_err(|e| read_error(path, e))?;
    conn.set_limit(
        rusqlite::limits::Limit::SQLITE_LIMIT_LENGTH,
        MAX_VALUE_BYTES,
    )
    .map_err(|e| read_error(path, e))?;
    Ok(())
}

impl MbTiles {
    /// Runs one query with a work budget of `steps` SQLite instruction steps; a query that
    /// needs more is interrupted and reported as [`MbTilesError::TooMuchWork`].
    pub(super) fn run<T>(
        &self,
        steps: u64,
        query: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T, MbTilesError> {
        self.budget.store(checks(steps), Ordering::Relaxed);
        query(&self.conn).map_err(|e| {
            if e.sqlite_error_code() == Some(ErrorCode::OperationInterrupted) {
                MbTilesError::TooMuchWork {
                    steps,
                    path: self.path.clone(),
                }
            } else {
                read_error(&self.path, e)
            }
        })
    }
}
