//! The binary's modes, started the way `feira up` and `feira serve` start them.
//! Tests that need a backend live in a module named after it (`postgres`,
//! `mongodb`, `rabbitmq`, `moto`) and are ignored unless `make test` runs them
//! with the backend there.

mod cli;
#[path = "../common/credentials.rs"]
mod credentials;
mod embedded;
mod headers;
mod helpers;
mod mongodb;
mod moto;
mod postgres;
mod postgres_rabbitmq;
mod traces;
