//! Other services as orders sees them: the catalog, identity and the payment
//! provider, each a trait orders owns with an implementation that calls out
//! (HTTP with wire types of its own, or the offline test provider). The
//! in-process implementations of `feira up` live in the binary.

pub mod catalog;
pub mod identity;
pub mod payments;

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
    /// `service` did not answer usefully; `detail` says how.
    pub fn unavailable(service: &'static str, detail: impl std::fmt::Display) -> Self {
        ClientError::Unavailable {
            service,
            detail: detail.to_string(),
        }
    }

    /// `service` refused what orders asked; `detail` says what it answered.
    pub fn refused(service: &'static str, detail: impl std::fmt::Display) -> Self {
        ClientError::Refused {
            service,
            detail: detail.to_string(),
        }
    }

    /// The service that failed, such as `catalog`.
    pub fn service(&self) -> &'static str {
        match self {
            ClientError::Unavailable { service, .. } | ClientError::Refused { service, .. } => {
                service
            }
        }
    }
}
