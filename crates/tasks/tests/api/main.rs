//! The HTTP API on SQLite, one test binary: every route needs a token, no
//! user reaches another's tasks or tags, and bad input is a problem naming
//! the field.

mod access;
mod files;
mod helpers;
mod limits;
mod text;
mod validation;
