//! Notifications end to end in one process: events in through the in-process
//! bus, email out over real SMTP to a sink, SMS over HTTP to a stub, the inbox
//! and its live stream over the API.

mod delivery;
mod helpers;
mod inbox;
mod streams;
