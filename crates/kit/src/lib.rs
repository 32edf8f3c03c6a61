//! The service kit: the pieces every Feira service is built from.
//!
//! A service crate exposes an axum router and leans on this crate for settings,
//! telemetry, problem+json errors, postal addresses, extractors, health and metrics endpoints, OpenAPI
//! docs, JWT verification, rate limiting, the rule for stored free text, pagination, start-up with unreachable dependencies and graceful shutdown, so that every service
//! behaves the same at its edges.

pub mod address;
pub mod auth;
pub mod extract;
pub mod files;
pub mod headers;
pub mod health;
pub mod http;
pub mod metrics;
#[cfg(feature = "mongo")]
pub mod mongo;
pub mod openapi;
pub mod pagination;
pub mod problem;
pub mod ratelimit;
pub mod service;
pub mod settings;
pub mod shutdown;
#[cfg(feature = "sql")]
pub mod sql;
pub mod startup;
pub mod tasks;
pub mod telemetry;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod text;
pub mod timestamp;

pub use problem::{FieldError, Problem};
pub use service::{Deps, Mode, Service};
pub use timestamp::Timestamp;
