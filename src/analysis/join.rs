//! Joining indicator tables to area layers by key (filled in by the table work).
