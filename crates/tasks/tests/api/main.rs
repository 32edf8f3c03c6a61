//! The HTTP API on SQLite (and MongoDB where a test says so), one test binary: every route needs a token, no
//! user reaches another's tasks or tags, and bad input is a problem naming
//! the field.

mod access;
mod deleted;
mod files;
mod helpers;
mod limits;
mod text;
mod validation;
