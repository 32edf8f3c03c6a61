//! Calls to other services, each a trait with an HTTP implementation
//! (distributed mode) and an in-process one (`feira up`).

pub mod catalog;
pub mod identity;

/// Why a call to another service failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The service did not answer in time or answered 5xx, after retries.
    #[error("{service} is unavailable: {detail}")]
    Unavailable {
        service: &'static str,
        detail: String,
    },
    /// The service refused the request (a 4xx it should not give); a bug here.
    #[error("{service} refused the request: {detail}")]
    Refused {
        service: &'static str,
        detail: String,
    },
}

impl ClientError {
    /// The service that failed, such as `catalog`.
    pub fn service(&self) -> &'static str {
        match self {
            ClientError::Unavailable { service, .. } | ClientError::Refused { service, .. } => {
                service
            }
        }
    }
}
