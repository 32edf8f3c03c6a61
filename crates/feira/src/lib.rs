//! The `feira` binary's library: settings, application assembly and the
//! command line. `main.rs` only calls [`cli::run`].

pub mod app;
pub mod cli;
pub mod settings;
pub mod web;
