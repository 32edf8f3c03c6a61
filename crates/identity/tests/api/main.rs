//! Identity's HTTP API, served on a real socket over a fresh SQLite store.

mod abuse;
mod accounts;
mod admin;
mod change_password;
mod devices;
mod helpers;
mod links;
mod passwords;
mod profile;
mod sessions;
mod text;
mod two_factor;
