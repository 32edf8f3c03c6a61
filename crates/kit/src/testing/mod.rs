//! Helpers for tests, one concern a module: the real backends a run has and a
//! fresh store per test ([`backends`]), a token issuer with test keys
//! ([`issuer`]), servers on loopback ([`net`]), an SMTP sink ([`smtp`]), an OTLP
//! collector ([`otlp`]),
//! assertions and waits for API tests ([`http`]), every test answer checked
//! against the OpenAPI document ([`conformance`]), and the one way every crate
//! declares a contract suite over its backends ([`contract`]).

pub mod backends;
pub mod conformance;
pub mod contract;
pub mod events;
pub mod http;
pub mod issuer;
pub mod net;
pub mod otlp;
pub mod smtp;

pub use backends::{Backend, TempDir, TempSqlite, TestDatabase, TestVhost};
pub use contract::ContractBackend;
pub use events::{documented_events, same_shape};
pub use http::{eventually, fields, problem, send_json};
pub use issuer::TestIssuer;
pub use net::{TcpProxy, closed_port, spawn};
pub use otlp::{OtlpReceiver, ReceivedSpan};
pub use smtp::{SmtpSink, link_token};
