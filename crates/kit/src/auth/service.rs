//! Proof that a caller is another service: the `RequireService` extractor for
//! routes on a service's internal listener.

use super::{JwtVerifier, ServiceCaller, bearer_token};
use crate::problem::Problem;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use std::marker::PhantomData;
use std::sync::Arc;

/// What a route needs of a service token: the audience (the called service)
/// and one scope.
pub trait Grant: Send + Sync + 'static {
    /// The called service, the token's `aud`.
    const AUDIENCE: &'static str;
    /// The scope the route needs, such as `catalog:reservations`.
    const SCOPE: &'static str;
}

/// A caller holding a service token for `G`'s audience and scope. No token
/// or a broken one: 401; a user's token (even an admin's), another audience
/// or another scope: 403.
#[derive(Debug, Clone)]
pub struct RequireService<G: Grant> {
    /// The calling service.
    pub caller: ServiceCaller,
    grant: PhantomData<G>,
}

impl<S, G> FromRequestParts<S> for RequireService<G>
where
    Arc<JwtVerifier>: FromRef<S>,
    S: Send + Sync,
    G: Grant,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let verifier = Arc::<JwtVerifier>::from_ref(state);
        let token = bearer_token(&parts.headers)?;
        // The signature, issuer and expiry are checked before the audience
        // and scope, so a 403 always means a genuine token that does not grant
        // this call.
        let caller = verifier
            .verify_service(token, G::AUDIENCE, G::SCOPE)
            .await?;
        Ok(Self {
            caller,
            grant: PhantomData,
        })
    }
}
