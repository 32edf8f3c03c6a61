//! Orders' HTTP API on a real socket, over a fresh store per test, with a
//! catalog in memory and a payment provider the tests control.

mod cart;
mod checkout;
mod concurrency;
mod control_characters;
mod declines;
mod events;
mod helpers;
mod lifecycle;
mod limits;
mod memory_catalog;
mod payments;
mod refunds;
