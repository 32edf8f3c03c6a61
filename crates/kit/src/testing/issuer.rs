//! A token issuer with test keys, signing the way the identity service does.
//!
//! The keys here are for tests only; nothing outside tests trusts them.

use super::net::spawn;
use crate::auth::JwtVerifier;
use axum::Router;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Ed25519, as identity signs (EdDSA).
const TEST_ED25519_PEM: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEICQd1ZAhbWmBMPVLO/KS1LyX+iFUZug3qCz+o/2Qpl3b
-----END PRIVATE KEY-----
";
const TEST_ED25519_X: &str = "bRQdwBPgA1Kd1BkLJKJYpZlkKoZfWNkm64cwTd6ncEU";
/// RSA, as AWS Cognito user pools sign (RS256).
const TEST_RSA_PEM: &str = include_str!("test_rsa.pem");
const TEST_KEY_N: &str = "1JayFLD2usN-WIbXBxLhAJSmNhV8tNwWUfRE3mIzjy_kUU4TVUSR3lbb2w5ZI89Q7vmvxI5jbd1kFCBLW0BQPwQA7Tz0Ew36-gWt-0eKYW5wZGJnExRG0r0uNpVVztqdjceutbd9r1N_mgaBCl41Sey4syRZpOUI_PiFmDV5caNlqCBBkjUR0E49WXvCaBrP8zvSzJA6jEoGRStulUPWExepI_P0YNCJiZFSsbNRASPCgdKwYyA75QaiVwWhIcTAGNV00A9ZWHQ9vmpMJO5Sa_uSfCuy_jEpmmIDwx_2Qyro65jPSsIKW-ifEDEmaX_AbhPfNZ2Kd8ZLtAOrAyfFVw";
const TEST_KID: &str = "feira-test-key";

/// Mints access tokens the way an issuer does, with a test key: EdDSA like
/// Feira's identity service by default, RS256 like Cognito with
/// [`TestIssuer::rs256`], and a Cognito pool's issuer and token shapes with
/// [`TestIssuer::cognito`].
pub struct TestIssuer {
    key: EncodingKey,
    algorithm: Algorithm,
    issuer: String,
    audience: String,
}

impl Default for TestIssuer {
    fn default() -> Self {
        Self::new()
    }
}

impl TestIssuer {
    /// An EdDSA (Ed25519) issuer `https://issuer.test` for the audience
    /// `feira`: the algorithm identity signs with in production.
    pub fn new() -> Self {
        Self {
            key: EncodingKey::from_ed_pem(TEST_ED25519_PEM.as_bytes())
                .expect("parse the test Ed25519 key"),
            algorithm: Algorithm::EdDSA,
            issuer: "https://issuer.test".to_owned(),
            audience: "feira".to_owned(),
        }
    }

    /// The same issuer signing RS256, as an AWS Cognito user pool does.
    pub fn rs256() -> Self {
        Self {
            key: EncodingKey::from_rsa_pem(TEST_RSA_PEM.as_bytes())
                .expect("parse the test RSA key"),
            algorithm: Algorithm::RS256,
            ..Self::new()
        }
    }

    /// A Cognito user pool: RS256, its issuer URL
    /// (`https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_FeiraTest`,
    /// which makes the verifier take its client-credentials tokens as service
    /// tokens) and the web app client `feira-web` as audience.
    pub fn cognito() -> Self {
        Self {
            issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_FeiraTest".to_owned(),
            audience: "feira-web".to_owned(),
            ..Self::rs256()
        }
    }

    /// A user's access token as a Cognito pool issues it to the app client
    /// (the audience): `token_use` `access`, `client_id`, `username`, groups
    /// in `cognito:groups`, no `aud`, and `scope` (space-separated).
    pub fn cognito_user_token(&self, username: &str, groups: &[&str], scope: &str) -> String {
        self.token_with(serde_json::json!({
            "sub": format!("{username}-sub"), "username": username,
            "token_use": "access", "client_id": self.audience, "scope": scope,
            "cognito:groups": groups, "aud": null, "email": null, "email_verified": null,
            "roles": null,
        }))
    }

    /// A client-credentials access token as a Cognito pool issues it to the
    /// app client `client_id`: no `typ`, `token_use` `access`, `sub` and
    /// `client_id` the client, no `username` and no `aud`, `scope` such as
    /// `catalog/reservations`.
    pub fn cognito_client_token(&self, client_id: &str, scope: &str) -> String {
        self.token_with(serde_json::json!({
            "sub": client_id, "client_id": client_id, "token_use": "access",
            "scope": scope, "aud": null, "email": null, "email_verified": null,
            "roles": null,
        }))
    }

    /// The algorithm its tokens carry in their header.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The `iss` its tokens carry.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The `aud` its tokens carry.
    pub fn audience(&self) -> &str {
        &self.audience
    }

    /// The public key set.
    pub fn jwks(&self) -> JwkSet {
        let key = match self.algorithm {
            Algorithm::EdDSA => serde_json::json!({
                "kty": "OKP", "crv": "Ed25519", "kid": TEST_KID, "alg": "EdDSA", "use": "sig", "x": TEST_ED25519_X,
            }),
            _ => serde_json::json!({
                "kty": "RSA", "kid": TEST_KID, "alg": "RS256", "use": "sig", "n": TEST_KEY_N, "e": "AQAB",
            }),
        };
        serde_json::from_value(serde_json::json!({ "keys": [key] }))
            .expect("the test JWKS is valid")
    }

    /// A verifier that trusts this issuer, keys fixed.
    pub fn verifier(&self) -> JwtVerifier {
        JwtVerifier::fixed(&self.issuer, &self.audience, &self.jwks())
    }

    /// A token for user `sub` with `roles`, valid for ten minutes.
    pub fn token(&self, sub: &str, roles: &[&str]) -> String {
        self.token_with(serde_json::json!({"sub": sub, "roles": roles}))
    }

    /// A token whose default claims are overridden by `overrides` (a JSON object;
    /// `null` removes a claim).
    pub fn token_with(&self, overrides: serde_json::Value) -> String {
        self.sign(TEST_KID, overrides)
    }

    /// A token naming a key id the issuer does not publish.
    pub fn token_with_kid(&self, kid: &str) -> String {
        self.sign(kid, serde_json::json!({}))
    }

    /// A service token (`typ` `svc+jwt`) for `client` to call `audience`
    /// with `scope`, the way identity's `/oauth/token` issues one.
    pub fn service_token(&self, client: &str, audience: &str, scope: &str) -> String {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let claims = serde_json::json!({
            "sub": client, "iss": self.issuer, "aud": audience, "scope": scope,
            "iat": now, "exp": now + 300,
        });
        let mut header = Header::new(self.algorithm);
        header.kid = Some(TEST_KID.to_owned());
        header.typ = Some(crate::auth::SERVICE_TOKEN_TYP.to_owned());
        jsonwebtoken::encode(&header, &claims, &self.key).expect("sign a test service token")
    }

    fn sign(&self, kid: &str, overrides: serde_json::Value) -> String {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let mut claims = serde_json::json!({
            "sub": "user-1",
            "email": "user@example.com",
            "email_verified": true,
            "roles": [],
            "iss": self.issuer,
            "aud": self.audience,
            "iat": now,
            "exp": now + 600,
        });
        if let (Some(base), Some(extra)) = (claims.as_object_mut(), overrides.as_object()) {
            for (k, v) in extra {
                if v.is_null() {
                    base.remove(k);
                } else {
                    base.insert(k.clone(), v.clone());
                }
            }
        }
        let mut header = Header::new(self.algorithm);
        header.kid = Some(kid.to_owned());
        jsonwebtoken::encode(&header, &claims, &self.key).expect("sign a test token")
    }

    /// Serves the JWKS over HTTP on port 0; returns its URL and a hit counter.
    pub async fn serve_jwks(&self) -> (String, Arc<AtomicUsize>) {
        let hits = Arc::new(AtomicUsize::new(0));
        let body = serde_json::to_value(self.jwks()).expect("serialise the JWKS");
        let counter = hits.clone();
        let router = Router::new().route(
            "/.well-known/jwks.json",
            axum::routing::get(move || {
                counter.fetch_add(1, Ordering::SeqCst);
                let body = body.clone();
                async move { axum::Json(body) }
            }),
        );
        let addr = spawn(router).await;
        (format!("http://{addr}/.well-known/jwks.json"), hits)
    }
}
