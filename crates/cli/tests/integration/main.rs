//! Integration tests of the `parallax` binary: one target, one small harness (command
//! runner, repository paths; temp dirs from `tempfile`), one module per area.

mod briefing;
mod embedding;
mod fetch;
mod harness;
mod listen;
mod store;
