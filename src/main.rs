//! The `sozialatlas` binary: it parses the command line and hands it to
//! [`sozialatlas::cli::run`], which opens the window (on the bundled Frankfurt sample, or on
//! the files given) or runs one headless command (`info`, `classify`, `tiles`, `export`,
//! `index`, `reach`). Nothing else lives here: the options, the commands and their errors are
//! in the library's `cli` module.

use std::process::ExitCode;

use clap::Parser;
use sozialatlas::cli::Cli;

/// mimalloc instead of the system allocator: loading a large layer makes millions of small
/// allocations (properties, rings), and glibc's allocator spent about a third of the load
/// time on them (measured with perf on 100,000 polygons).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    sozialatlas::cli::run(Cli::parse())
}
