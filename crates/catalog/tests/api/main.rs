//! API tests: the catalog's router served on port 0 over a fresh store,
//! driven over HTTP; the tests of categories, search, images and the
//! showcase routes run on every store (SQLite, cached SQLite, MongoDB).

mod categories;
mod files;
mod helpers;
mod images;
mod limits;
mod platform;
mod products;
mod reservations;
mod search;
mod showcase;
mod text;
