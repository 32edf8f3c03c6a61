//! The `feira` binary's library: settings, application assembly and the
//! command line. `main.rs` only calls [`cli::run`].

/// In-process adapters between services for `feira up`: the binary is the one
/// crate that depends on both sides.
mod adapters {
    pub mod catalog;
    pub mod identity;
}
pub mod app;
pub mod cli;
pub mod settings;
pub mod traces;
pub mod web;
