//! Identity's use cases, the only thing handlers call. Signing in is one trait,
//! [`SignIn`], with a local and a Cognito implementation; profiles,
//! administration and signing keys exist only with [`LocalAccounts`], whose
//! methods are grouped here by use case. Every use case answers with
//! [`ServiceError`].

mod accounts;
mod admin;
mod error;
mod links;
mod password;
mod profile;
mod service_tokens;
mod sessions;
mod two_factor;

pub use accounts::LocalAccounts;
pub use admin::UserListing;
pub use error::{Result, ServiceError};
pub use links::{SOURCE, kinds};
pub use profile::{MePatch, PreferencesPatch};
pub use service_tokens::{Issued, ServiceTokens};
pub use sessions::{
    LoginOutcome, Registered, Registration, Session, SignIn, TokenLifetimes, TokenPair,
};
pub use two_factor::{
    Enrolment, ISSUER_NAME, RecoveryCodes, TotpClock, TwoFactorChallenge, TwoFactorStatus,
    system_clock,
};

use crate::domain::UserId;
use kit::auth::AuthUser;

/// The caller's account id, from their token's `sub`; `ForeignSubject` when
/// the subject is not an account id of this service.
pub fn caller_id(caller: &AuthUser) -> Result<UserId> {
    UserId::parse(&caller.id).map_err(|_| ServiceError::ForeignSubject)
}
