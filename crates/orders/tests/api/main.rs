//! Orders' HTTP API on a real socket, over a fresh store per test, with a
//! catalog in memory and the test payment provider.

mod cart;
mod checkout;
mod concurrency;
mod events;
mod helpers;
mod lifecycle;
mod limits;
mod memory_catalog;
