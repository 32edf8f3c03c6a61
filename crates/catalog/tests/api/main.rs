//! API tests: the catalog's router served on port 0 over a fresh SQLite file,
//! driven over HTTP.

mod files;
mod helpers;
mod limits;
mod platform;
mod products;
mod reservations;
mod text;
