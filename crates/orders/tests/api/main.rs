//! Orders' HTTP API on a real socket, over a fresh store per test, with an
//! in-process catalog and the test payment provider.

mod cart;
mod checkout;
mod concurrency;
mod events;
mod helpers;
mod lifecycle;
