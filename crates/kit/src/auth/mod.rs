//! JWT verification against an issuer's JWKS, and the `AuthUser` / `RequireAdmin`
//! extractors.
//!
//! Services never sign tokens; they only verify them. The verifier accepts tokens
//! from Feira's identity service and from AWS Cognito user pools (RS256, groups in
//! `cognito:groups`, the client id in `client_id` on access tokens). Service
//! tokens are identity's (`typ` [`SERVICE_TOKEN_TYP`]) or, when the issuer is a
//! Cognito pool, the pool's client-credentials access tokens.

use crate::problem::Problem;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::{header, request::Parts};
use jsonwebtoken::jwk::{AlgorithmParameters, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{Mutex, RwLock};

mod client;
mod service;
mod user_id;
pub use client::{ClientCredentials, ClientSecret, TokenProvider, form_decoded};
pub use service::{Grant, RequireService};
pub use user_id::UserId;

/// The role that owns catalog writes and order fulfilment.
pub const ADMIN_ROLE: &str = "admin";

/// The caller, as proven by a verified access token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthUser {
    /// The token's `sub`.
    pub id: UserId,
    /// The token's `email`, when it has one.
    pub email: Option<String>,
    /// The token's `email_verified` (OpenID Connect): whether the issuer has
    /// seen the owner follow a link or code sent to `email`. False when absent.
    pub email_verified: bool,
    /// OpenID Connect's `sid`: the login the token belongs to, when the
    /// issuer says (identity does: the refresh-token family).
    pub session_id: Option<String>,
    /// `roles`, or Cognito's `cognito:groups`.
    pub roles: Vec<String>,
    /// The token's `exp`: what the caller proved holds until then, so a
    /// long-lived answer (a stream) ends there.
    pub expires_at: crate::Timestamp,
}

impl AuthUser {
    /// Whether the user holds the admin role.
    pub fn is_admin(&self) -> bool {
        self.roles.iter().any(|r| r == ADMIN_ROLE)
    }
}

/// Why a token was refused.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("missing bearer token")]
    Missing,
    #[error("token is malformed: {0}")]
    Malformed(String),
    #[error("token is signed with a key this service does not know")]
    UnknownKey,
    #[error("token is invalid: {0}")]
    Invalid(String),
    #[error("no issuer is configured, so no token can be verified")]
    NotConfigured,
    /// A valid token that does not grant this call (a user's token on a
    /// service route, another audience, a missing scope): 403, not 401.
    #[error("{0}")]
    Forbidden(String),
}

impl From<AuthError> for Problem {
    fn from(err: AuthError) -> Self {
        if let AuthError::Forbidden(detail) = &err {
            return Problem::forbidden(detail.clone());
        }
        Problem::unauthorized(err.to_string())
    }
}

/// A boolean claim: JSON `true`, or the string `"true"` some issuers write
/// (Cognito did, for `email_verified`). Anything else is false, not a
/// refused token.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Flag {
    Bool(bool),
    Text(String),
    Other(serde::de::IgnoredAny),
}

impl Default for Flag {
    fn default() -> Self {
        Flag::Bool(false)
    }
}

impl Flag {
    fn is_true(&self) -> bool {
        match self {
            Flag::Bool(b) => *b,
            Flag::Text(t) => t == "true",
            Flag::Other(_) => false,
        }
    }
}

#[derive(Debug, Deserialize)]
struct Claims {
    sub: String,
    exp: i64,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    email_verified: Flag,
    #[serde(default)]
    sid: Option<String>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default, rename = "cognito:groups")]
    cognito_groups: Vec<String>,
    #[serde(default)]
    aud: Option<Audience>,
    #[serde(default)]
    client_id: Option<String>,
    /// Cognito: `access` or `id`.
    #[serde(default)]
    token_use: Option<String>,
    /// Cognito access tokens of a user carry it; client-credentials ones do not.
    #[serde(default)]
    username: Option<String>,
}

impl Claims {
    /// A Cognito client-credentials token: an access token without a user.
    fn is_cognito_client_token(&self) -> bool {
        self.token_use.as_deref() == Some("access") && self.username.is_none()
    }
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

impl Audience {
    fn contains(&self, wanted: &str) -> bool {
        match self {
            Audience::One(a) => a == wanted,
            Audience::Many(all) => all.iter().any(|a| a == wanted),
        }
    }
}

/// The `typ` of a service token, so that neither kind of token passes as the
/// other (user tokens are `at+jwt`, RFC 9068).
pub const SERVICE_TOKEN_TYP: &str = "svc+jwt";

#[derive(Debug, Deserialize)]
struct ServiceClaims {
    sub: String,
    #[serde(default)]
    aud: Option<Audience>,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    client_id: Option<String>,
    #[serde(default)]
    token_use: Option<String>,
    #[serde(default)]
    username: Option<String>,
}

/// Another service, as proven by a verified service token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceCaller {
    /// The calling service's client id (the token's `sub`).
    pub client_id: String,
}

enum KeySource {
    /// Keys fixed at construction.
    Fixed,
    /// Keys fetched from a JWKS URL and refetched when an unknown `kid` appears.
    Remote {
        url: String,
        http: reqwest::Client,
        last_fetch: Mutex<Option<Instant>>,
    },
}

/// Verifies access tokens: signature by a key from the issuer's JWKS (asymmetric
/// algorithms only), `iss`, `aud` and `exp`.
pub struct JwtVerifier {
    issuer: String,
    audience: String,
    /// The issuer is a Cognito user pool, whose client-credentials access
    /// tokens are service tokens.
    cognito: bool,
    keys: RwLock<HashMap<String, (Algorithm, DecodingKey)>>,
    source: Option<KeySource>,
    min_refetch: Duration,
}

impl std::fmt::Debug for JwtVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtVerifier")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .finish_non_exhaustive()
    }
}

impl JwtVerifier {
    /// A verifier that refuses every token: for a service running with no issuer
    /// configured, where only public endpoints work.
    pub fn disabled() -> Self {
        Self {
            issuer: String::new(),
            audience: String::new(),
            cognito: false,
            keys: RwLock::new(HashMap::new()),
            source: None,
            min_refetch: Duration::ZERO,
        }
    }

    /// A verifier that fetches keys from `jwks_url` on first use and again when a
    /// token names an unknown `kid`, at most once per `min_refetch`, so a flood of
    /// forged `kid`s cannot turn into a flood of fetches.
    pub fn remote(issuer: &str, audience: &str, jwks_url: &str, min_refetch: Duration) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap_or_default();
        Self {
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            cognito: is_cognito_issuer(issuer),
            keys: RwLock::new(HashMap::new()),
            source: Some(KeySource::Remote {
                url: jwks_url.to_owned(),
                http,
                last_fetch: Mutex::new(None),
            }),
            min_refetch,
        }
    }

    /// A verifier with a fixed key set (an issuer in the same process).
    pub fn fixed(issuer: &str, audience: &str, jwks: &JwkSet) -> Self {
        Self {
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            cognito: is_cognito_issuer(issuer),
            keys: RwLock::new(decode_keys(jwks)),
            source: Some(KeySource::Fixed),
            min_refetch: Duration::ZERO,
        }
    }

    /// Replaces the keys of a [`fixed`](Self::fixed) verifier, as an issuer in the
    /// same process does after rotating its keys.
    pub async fn replace_keys(&self, jwks: &JwkSet) {
        *self.keys.write().await = decode_keys(jwks);
    }

    /// From `auth` settings: remote when a JWKS URL is set, disabled otherwise.
    pub fn from_settings(settings: &crate::settings::AuthSettings) -> Self {
        match &settings.jwks_url {
            Some(url) if !url.is_empty() => Self::remote(
                &settings.issuer,
                &settings.audience,
                url,
                Duration::from_secs(settings.jwks_min_refetch_secs),
            ),
            _ => Self::disabled(),
        }
    }

    /// Verifies a user's access token (identity's or a Cognito pool's) and
    /// returns its user. A service token never passes here.
    pub async fn verify(&self, token: &str) -> Result<AuthUser, AuthError> {
        let (header, claims) = self.decode::<Claims>(token).await?;
        if header.typ.as_deref() == Some(SERVICE_TOKEN_TYP) {
            return Err(AuthError::Invalid(
                "a service token is not a user's token".to_owned(),
            ));
        }
        // An access token without a user: a service's, never a user's.
        if claims.is_cognito_client_token() {
            return Err(AuthError::Invalid(
                "a client-credentials token has no user".to_owned(),
            ));
        }
        let audience_ok = match (&claims.aud, &claims.client_id) {
            (Some(aud), _) => aud.contains(&self.audience),
            (None, Some(client_id)) => client_id == &self.audience,
            (None, None) => false,
        };
        if !audience_ok {
            return Err(AuthError::Invalid("wrong audience".to_owned()));
        }
        let mut roles = claims.roles;
        roles.extend(claims.cognito_groups);
        Ok(AuthUser {
            id: UserId::from(claims.sub),
            email: claims.email,
            email_verified: claims.email_verified.is_true(),
            session_id: claims.sid,
            roles,
            expires_at: time::OffsetDateTime::from_unix_timestamp(claims.exp)
                .map_err(|e| AuthError::Invalid(format!("`exp`: {e}")))?
                .into(),
        })
    }

    /// Verifies a service token (OAuth 2.0 client credentials) for a call to
    /// `audience` that needs `scope` (`audience:name`). Identity's tokens
    /// carry `typ` [`SERVICE_TOKEN_TYP`], `aud` and `scope`. When the issuer
    /// is a Cognito pool, its client-credentials access tokens (no `typ`,
    /// `token_use` `access`, no `username`) pass too, granting `scope` when
    /// they hold the resource server's `audience/name`. No or a broken
    /// token: 401. A valid user's token, another audience or a missing
    /// scope: [`AuthError::Forbidden`] (403).
    pub async fn verify_service(
        &self,
        token: &str,
        audience: &str,
        scope: &str,
    ) -> Result<ServiceCaller, AuthError> {
        let (header, claims) = self.decode::<ServiceClaims>(token).await?;
        if header.typ.as_deref() != Some(SERVICE_TOKEN_TYP) {
            let client_token =
                claims.token_use.as_deref() == Some("access") && claims.username.is_none();
            if self.cognito && client_token {
                return cognito_service_caller(claims, audience, scope);
            }
            return Err(AuthError::Forbidden(
                "This route is for other services: a user's token does not pass.".to_owned(),
            ));
        }
        if !claims
            .aud
            .as_ref()
            .is_some_and(|aud| aud.contains(audience))
        {
            return Err(AuthError::Forbidden(format!(
                "The service token is not for `{audience}`."
            )));
        }
        if !claims.scope.split_whitespace().any(|s| s == scope) {
            return Err(AuthError::Forbidden(format!(
                "The service token lacks the scope `{scope}`."
            )));
        }
        Ok(ServiceCaller {
            client_id: claims.sub,
        })
    }

    /// Checks the signature (a key of the issuer's, its own algorithm), `iss`,
    /// `exp` and `nbf`, and decodes the claims.
    async fn decode<C: serde::de::DeserializeOwned>(
        &self,
        token: &str,
    ) -> Result<(jsonwebtoken::Header, C), AuthError> {
        let Some(source) = &self.source else {
            return Err(AuthError::NotConfigured);
        };
        let header =
            jsonwebtoken::decode_header(token).map_err(|e| AuthError::Malformed(e.to_string()))?;
        let kid = header
            .kid
            .clone()
            .ok_or_else(|| AuthError::Malformed("no `kid` in the header".to_owned()))?;
        let mut key = self.keys.read().await.get(&kid).cloned();
        if key.is_none()
            && let KeySource::Remote {
                url,
                http,
                last_fetch,
            } = source
        {
            self.refetch(url, http, last_fetch).await;
            key = self.keys.read().await.get(&kid).cloned();
        }
        let (algorithm, key) = key.ok_or(AuthError::UnknownKey)?;
        if header.alg != algorithm {
            return Err(AuthError::Invalid(format!(
                "algorithm {:?} does not match the key's {algorithm:?}",
                header.alg
            )));
        }
        let mut validation = Validation::new(algorithm);
        validation.set_issuer(&[&self.issuer]);
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        // Checked by the callers: Cognito access tokens carry the audience in
        // `client_id`, and service tokens name the called service.
        validation.validate_aud = false;
        // A token not valid yet is refused like an expired one.
        validation.validate_nbf = true;
        validation.leeway = 30;
        let data = jsonwebtoken::decode::<C>(token, &key, &validation)
            .map_err(|e| AuthError::Invalid(e.to_string()))?;
        Ok((header, data.claims))
    }

    async fn refetch(
        &self,
        url: &str,
        http: &reqwest::Client,
        last_fetch: &Mutex<Option<Instant>>,
    ) {
        let mut last = last_fetch.lock().await;
        if last.is_some_and(|at| at.elapsed() < self.min_refetch) {
            return;
        }
        *last = Some(Instant::now());
        let fetched = async {
            crate::telemetry::send(http.get(url))
                .await?
                .error_for_status()?
                .json::<JwkSet>()
                .await
        }
        .await;
        match fetched {
            Ok(set) => {
                let keys = decode_keys(&set);
                tracing::info!(keys = keys.len(), "fetched JWKS");
                *self.keys.write().await = keys;
            }
            Err(error) => tracing::warn!(%error, "cannot fetch JWKS"),
        }
    }
}

/// A Cognito client-credentials token grants `audience:name` when its
/// scopes hold `audience/name` (the resource server `audience`'s scope).
fn cognito_service_caller(
    claims: ServiceClaims,
    audience: &str,
    scope: &str,
) -> Result<ServiceCaller, AuthError> {
    let wanted = scope
        .strip_prefix(audience)
        .and_then(|rest| rest.strip_prefix(':'))
        .map(|name| format!("{audience}/{name}"));
    let granted = wanted
        .as_deref()
        .is_some_and(|wanted| claims.scope.split_whitespace().any(|s| s == wanted));
    if !granted {
        return Err(AuthError::Forbidden(format!(
            "The service token lacks the scope `{}`.",
            wanted.as_deref().unwrap_or(scope)
        )));
    }
    Ok(ServiceCaller {
        client_id: claims.client_id.unwrap_or(claims.sub),
    })
}

/// Whether `issuer` is a Cognito user pool's:
/// `https://cognito-idp.<region>.amazonaws.com[.cn]/<pool id>`.
fn is_cognito_issuer(issuer: &str) -> bool {
    let Ok(url) = reqwest::Url::parse(issuer) else {
        return false;
    };
    let host = url.host_str().unwrap_or_default();
    url.scheme() == "https"
        && host.starts_with("cognito-idp.")
        && (host.ends_with(".amazonaws.com") || host.ends_with(".amazonaws.com.cn"))
        && url.path().len() > 1
}

fn decode_keys(set: &JwkSet) -> HashMap<String, (Algorithm, DecodingKey)> {
    set.keys
        .iter()
        .filter_map(|jwk| {
            let kid = jwk.common.key_id.clone()?;
            let algorithm = match &jwk.algorithm {
                AlgorithmParameters::RSA(_) => Algorithm::RS256,
                AlgorithmParameters::EllipticCurve(_) => Algorithm::ES256,
                AlgorithmParameters::OctetKeyPair(_) => Algorithm::EdDSA,
                // Symmetric keys would let anyone holding the JWKS mint tokens.
                AlgorithmParameters::OctetKey(_) => return None,
            };
            let algorithm = jwk
                .common
                .key_algorithm
                .and_then(|a| a.to_string().parse::<Algorithm>().ok())
                .unwrap_or(algorithm);
            let key = DecodingKey::from_jwk(jwk).ok()?;
            Some((kid, (algorithm, key)))
        })
        .collect()
}

fn bearer(parts: &Parts) -> Result<&str, AuthError> {
    bearer_token(&parts.headers)
}

/// The token of an `Authorization: Bearer <token>` header, the scheme in any
/// case (RFC 7235). The one parser every service uses, for its own checks
/// and for forwarding a caller's token.
pub fn bearer_token(headers: &axum::http::HeaderMap) -> Result<&str, AuthError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or(AuthError::Missing)?
        .to_str()
        .map_err(|_| AuthError::Malformed("authorization header is not text".to_owned()))?;
    let (scheme, token) = value
        .split_once(' ')
        .ok_or_else(|| AuthError::Malformed("expected `Bearer <token>`".to_owned()))?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(AuthError::Malformed("expected `Bearer <token>`".to_owned()));
    }
    Ok(token.trim())
}

impl<S> FromRequestParts<S> for AuthUser
where
    Arc<JwtVerifier>: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let verifier = Arc::<JwtVerifier>::from_ref(state);
        let token = bearer(parts)?;
        let user = verifier.verify(token).await?;
        // The request span says whose request it was (`enduser.id`).
        tracing::Span::current().record("enduser.id", tracing::field::display(&user.id));
        Ok(user)
    }
}

/// An authenticated user with the admin role; others get 401 or 403.
#[derive(Debug, Clone)]
pub struct RequireAdmin(pub AuthUser);

impl<S> FromRequestParts<S> for RequireAdmin
where
    Arc<JwtVerifier>: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let user = AuthUser::from_request_parts(parts, state).await?;
        if user.is_admin() {
            Ok(RequireAdmin(user))
        } else {
            Err(Problem::forbidden("This action needs the admin role."))
        }
    }
}

/// The caller when a valid token is present, `None` when there is no token; a
/// token that is present but invalid is still refused.
#[derive(Debug, Clone)]
pub struct MaybeAuthUser(pub Option<AuthUser>);

impl<S> FromRequestParts<S> for MaybeAuthUser
where
    Arc<JwtVerifier>: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if !parts.headers.contains_key(header::AUTHORIZATION) {
            return Ok(MaybeAuthUser(None));
        }
        AuthUser::from_request_parts(parts, state)
            .await
            .map(|u| MaybeAuthUser(Some(u)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::TestIssuer;

    #[tokio::test]
    async fn accepts_a_token_from_the_issuer() {
        let issuer = TestIssuer::new();
        let user = issuer
            .verifier()
            .verify(&issuer.token("u1", &["admin"]))
            .await
            .unwrap();
        assert_eq!(user.id, "u1");
        assert!(user.is_admin());
    }

    #[tokio::test]
    async fn reads_email_verified_as_a_bool_or_the_string_true() {
        let issuer = TestIssuer::new();
        let v = issuer.verifier();
        for (claim, expected) in [
            (serde_json::json!(true), true),
            (serde_json::json!("true"), true),
            (serde_json::json!(false), false),
            (serde_json::json!("false"), false),
            (serde_json::json!(null), false),
            (serde_json::json!(1), false),
        ] {
            let token = issuer.token_with(serde_json::json!({ "email_verified": claim }));
            let user = v.verify(&token).await.unwrap();
            assert_eq!(user.email_verified, expected, "{claim}");
        }
    }

    #[tokio::test]
    async fn refuses_expired_wrong_audience_and_wrong_issuer() {
        let issuer = TestIssuer::new();
        let v = issuer.verifier();
        let expired = issuer.token_with(serde_json::json!({"exp": 1_000_000}));
        assert!(matches!(
            v.verify(&expired).await,
            Err(AuthError::Invalid(_))
        ));
        let wrong_aud = issuer.token_with(serde_json::json!({"aud": "someone-else"}));
        assert!(matches!(
            v.verify(&wrong_aud).await,
            Err(AuthError::Invalid(_))
        ));
        let wrong_iss = issuer.token_with(serde_json::json!({"iss": "https://evil.example"}));
        assert!(matches!(
            v.verify(&wrong_iss).await,
            Err(AuthError::Invalid(_))
        ));
    }

    #[tokio::test]
    async fn refuses_a_tampered_signature() {
        let issuer = TestIssuer::new();
        let token = issuer.token("u1", &[]);
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        parts[1] = issuer
            .token("admin-wannabe", &["admin"])
            .split('.')
            .nth(1)
            .unwrap()
            .to_owned();
        let forged_sig = format!(
            "{}.{}.{}",
            parts[0],
            parts[1],
            &parts[2][..parts[2].len() - 4]
        );
        assert!(issuer.verifier().verify(&forged_sig).await.is_err());
    }

    #[tokio::test]
    async fn accepts_a_cognito_style_access_token() {
        // Cognito user pools sign RS256; identity signs EdDSA (the default).
        let issuer = TestIssuer::rs256();
        let token = issuer.token_with(serde_json::json!({
            "aud": null,
            "client_id": issuer.audience(),
            "roles": [],
            "cognito:groups": ["admin"],
        }));
        let user = issuer.verifier().verify(&token).await.unwrap();
        assert!(user.is_admin());
    }

    #[tokio::test]
    async fn fetches_jwks_once_and_bounds_refetches_for_unknown_kids() {
        let issuer = TestIssuer::new();
        let (url, hits) = issuer.serve_jwks().await;
        let v = JwtVerifier::remote(
            issuer.issuer(),
            issuer.audience(),
            &url,
            Duration::from_secs(60),
        );
        for _ in 0..3 {
            v.verify(&issuer.token("u1", &[])).await.unwrap();
        }
        assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 1);
        for _ in 0..5 {
            let unknown = issuer.token_with_kid("not-a-key");
            assert!(matches!(
                v.verify(&unknown).await,
                Err(AuthError::UnknownKey)
            ));
        }
        assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_token_not_valid_yet_is_refused() {
        let issuer = TestIssuer::new();
        let later = time::OffsetDateTime::now_utc().unix_timestamp() + 3600;
        let token = issuer.token_with(serde_json::json!({"nbf": later}));
        assert!(matches!(
            issuer.verifier().verify(&token).await,
            Err(AuthError::Invalid(_))
        ));
    }

    #[tokio::test]
    async fn user_and_service_tokens_never_pass_as_each_other() {
        let issuer = TestIssuer::new();
        let v = issuer.verifier();
        let service = issuer.service_token("orders", "catalog", "catalog:reservations");
        assert!(
            v.verify(&service).await.is_err(),
            "a service token is no user token"
        );
        let admin = issuer.token("u1", &["admin"]);
        assert!(matches!(
            v.verify_service(&admin, "catalog", "catalog:reservations")
                .await,
            Err(AuthError::Forbidden(_))
        ));
        let caller = v
            .verify_service(&service, "catalog", "catalog:reservations")
            .await
            .unwrap();
        assert_eq!(caller.client_id, "orders");
        assert!(matches!(
            v.verify_service(&service, "identity", "catalog:reservations")
                .await,
            Err(AuthError::Forbidden(_))
        ));
        assert!(matches!(
            v.verify_service(&service, "catalog", "catalog:products")
                .await,
            Err(AuthError::Forbidden(_))
        ));
        assert!(matches!(
            v.verify_service("not-a-token", "catalog", "catalog:products")
                .await,
            Err(AuthError::Malformed(_))
        ));
    }

    /// The status a rejection answers with.
    fn status<T: std::fmt::Debug>(result: Result<T, AuthError>) -> u16 {
        Problem::from(result.unwrap_err()).status
    }

    #[tokio::test]
    async fn a_cognito_client_credentials_token_is_a_service_token_for_its_scopes() {
        let pool = TestIssuer::cognito();
        let v = pool.verifier();
        let orders = pool.cognito_client_token("orders-app-client", "catalog/reservations");
        let caller = v
            .verify_service(&orders, "catalog", "catalog:reservations")
            .await
            .unwrap();
        assert_eq!(caller.client_id, "orders-app-client");
        // Another scope of the same resource server, or another server's.
        assert_eq!(
            status(
                v.verify_service(&orders, "catalog", "catalog:products")
                    .await
            ),
            403
        );
        let elsewhere = pool.cognito_client_token("orders-app-client", "orders/reservations");
        assert_eq!(
            status(
                v.verify_service(&elsewhere, "catalog", "catalog:reservations")
                    .await
            ),
            403
        );
        // `catalog:reservations` in Cognito's scope is no resource server's.
        let colon = pool.cognito_client_token("orders-app-client", "catalog:reservations");
        assert_eq!(
            status(
                v.verify_service(&colon, "catalog", "catalog:reservations")
                    .await
            ),
            403
        );
    }

    #[tokio::test]
    async fn a_cognito_users_tokens_never_pass_as_service_tokens() {
        let pool = TestIssuer::cognito();
        let v = pool.verifier();
        // Even one holding the scope (a client allowed it in a user flow).
        let user = pool.cognito_user_token("ana", &["admin"], "catalog/reservations");
        assert!(v.verify(&user).await.unwrap().is_admin());
        assert_eq!(
            status(
                v.verify_service(&user, "catalog", "catalog:reservations")
                    .await
            ),
            403
        );
        let id_token = pool.token_with(serde_json::json!({
            "token_use": "id", "aud": pool.audience(), "scope": "catalog/reservations",
        }));
        assert_eq!(
            status(
                v.verify_service(&id_token, "catalog", "catalog:reservations")
                    .await
            ),
            403
        );
    }

    #[tokio::test]
    async fn a_cognito_client_credentials_token_is_no_users_token() {
        let pool = TestIssuer::cognito();
        // Issued to the web app client itself, so the audience would match.
        let token = pool.cognito_client_token(pool.audience(), "catalog/reservations");
        assert_eq!(status(pool.verifier().verify(&token).await), 401);
    }

    #[tokio::test]
    async fn only_a_cognito_pool_speaks_for_services_without_a_service_typ() {
        // The same token shape from an issuer that is not a Cognito pool.
        let issuer = TestIssuer::rs256();
        let token = issuer.cognito_client_token("orders", "catalog/reservations");
        assert_eq!(
            status(
                issuer
                    .verifier()
                    .verify_service(&token, "catalog", "catalog:reservations")
                    .await
            ),
            403
        );
        assert!(is_cognito_issuer(
            "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc"
        ));
        assert!(is_cognito_issuer(
            "https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_abc"
        ));
        for other in [
            "https://issuer.test",
            "http://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc",
            "https://cognito-idp.eu-west-1.amazonaws.com.evil.example/eu-west-1_abc",
            "https://cognito-idp.eu-west-1.amazonaws.com/",
        ] {
            assert!(!is_cognito_issuer(other), "{other}");
        }
    }

    #[test]
    fn the_bearer_scheme_is_read_in_any_case() {
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(header::AUTHORIZATION, "bearer abc".parse().unwrap());
        assert_eq!(bearer_token(&headers).unwrap(), "abc");
        headers.insert(header::AUTHORIZATION, "BEARER  abc ".parse().unwrap());
        assert_eq!(bearer_token(&headers).unwrap(), "abc");
        headers.insert(header::AUTHORIZATION, "Basic abc".parse().unwrap());
        assert!(bearer_token(&headers).is_err());
    }
}
