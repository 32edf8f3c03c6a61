//! The Cognito provider against a Cognito-compatible server (moto in CI, from
//! `FEIRA_TEST_MOTO_URL`): register, confirm, login and refresh through
//! identity's API, and Cognito's tokens verified by the kit verifier with groups
//! as roles. Each test makes its own user pool; the tests are ignored unless
//! asked for (`--run-ignored`, as `make test` does when it has moto).
#![cfg(feature = "cognito")]

use aws_sdk_cognitoidentityprovider as cognito;
use cognito::types::ExplicitAuthFlowsType;
use identity::clients::cognito::CognitoAccounts;
use identity::{AbuseLimits, IdentityState};
use kit::auth::JwtVerifier;
use kit::ratelimit::{ClientIpSource, RatePolicy};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

const PASSWORD: &str = "Cognito-Passphrase-1";

struct Pool {
    admin: cognito::Client,
    id: String,
    moto: String,
    client_id: String,
    base: String,
    verifier: Arc<JwtVerifier>,
    http: reqwest::Client,
}

async fn pool() -> Pool {
    let moto = kit::testing::Backend::Moto.url();
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(&moto)
        .credentials_provider(cognito::config::Credentials::new(
            "testing", "testing", None, None, "tests",
        ))
        .load()
        .await;
    let admin = cognito::Client::new(&config);
    let created = admin
        .create_user_pool()
        .pool_name(format!("feira-{}", uuid::Uuid::now_v7()))
        .send()
        .await
        .expect("create a user pool");
    let id = created.user_pool.and_then(|p| p.id).unwrap();
    let app_client = admin
        .create_user_pool_client()
        .user_pool_id(&id)
        .client_name("feira-web")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
        .send()
        .await
        .expect("create an app client");
    let client_id = app_client
        .user_pool_client
        .and_then(|c| c.client_id)
        .unwrap();
    admin
        .create_group()
        .user_pool_id(&id)
        .group_name("admin")
        .send()
        .await
        .expect("create the admin group");

    let verifier = Arc::new(JwtVerifier::remote(
        &format!("https://cognito-idp.us-east-1.amazonaws.com/{id}"),
        &client_id,
        &format!("{moto}/{id}/.well-known/jwks.json"),
        Duration::from_secs(30),
    ));
    let generous = RatePolicy {
        requests: 1000,
        per_secs: 60,
    };
    let state = IdentityState {
        sign_in: Arc::new(CognitoAccounts::with_config(&config, &client_id)),
        local: None,
        verifier: verifier.clone(),
        limits: AbuseLimits::new(&identity::settings::RateLimitSettings {
            client_ip: ClientIpSource::Peer,
            trusted_proxy_hops: 1,
            per_ip: generous,
            per_email: generous,
            two_factor: generous,
            redis_url: None,
            redis_prefix: String::new(),
        }),
    };
    let router = kit::http::service_app(
        identity::router(state),
        kit::health::Readiness::new(),
        kit::http::Limits::default(),
        axum::Router::new(),
    );
    let addr = kit::testing::spawn(router).await;
    Pool {
        admin,
        id,
        moto,
        client_id,
        base: format!("http://{addr}/api/identity"),
        verifier,
        http: reqwest::Client::new(),
    }
}

impl Pool {
    async fn post(&self, path: &str, body: Value) -> reqwest::Response {
        self.http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post("/login", json!({"email": email, "password": password}))
            .await
    }

    async fn signed_up(&self, email: &str) {
        let registered = self
            .post(
                "/register",
                json!({"email": email, "password": PASSWORD, "name": "Pat"}),
            )
            .await;
        assert_eq!(registered.status(), 202);
        let confirmed = self
            .post("/confirm", json!({"email": email, "code": "123456"}))
            .await;
        assert_eq!(confirmed.status(), 204);
    }

    /// ForgotPassword called directly, for the code: moto hands it back in a
    /// response header instead of emailing it, and only checks codes with its
    /// `moto-confirmation-code:` prefix.
    async fn reset_code(&self, email: &str) -> String {
        let response = self
            .http
            .post(&self.moto)
            .header("content-type", "application/x-amz-json-1.1")
            .header(
                "x-amz-target",
                "AWSCognitoIdentityProviderService.ForgotPassword",
            )
            .body(json!({"ClientId": self.client_id, "Username": email}).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let code = response.headers()["x-moto-forgot-password-confirmation-code"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(code.starts_with("moto-confirmation-code:"), "{code}");
        code
    }
}

async fn problem_type(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    (
        status,
        body["type"]
            .as_str()
            .unwrap_or_default()
            .replace("urn:feira:problem:", ""),
    )
}

#[tokio::test]
#[ignore = "needs moto (FEIRA_TEST_MOTO_URL)"]
async fn register_confirm_login_and_refresh_through_cognito() {
    let pool = pool().await;
    let registered = pool
        .post(
            "/register",
            json!({"email": "Ana@Example.com", "password": PASSWORD, "name": "Ana"}),
        )
        .await;
    assert_eq!(registered.status(), 202);
    let registered: Value = registered.json().await.unwrap();
    assert_eq!(registered["confirmation_required"], true);
    assert_eq!(registered["email"], "ana@example.com");

    assert_eq!(
        problem_type(pool.login("ana@example.com", PASSWORD).await).await,
        (403, "account-not-confirmed".to_owned())
    );
    let confirmed = pool
        .post(
            "/confirm",
            json!({"email": "ana@example.com", "code": "123456"}),
        )
        .await;
    assert_eq!(confirmed.status(), 204);

    let response = pool.login("ana@example.com", PASSWORD).await;
    assert_eq!(response.status(), 200);
    let tokens: Value = response.json().await.unwrap();
    let user = pool
        .verifier
        .verify(tokens["access_token"].as_str().unwrap())
        .await
        .unwrap();
    assert!(!user.id.as_str().is_empty());
    assert!(!user.is_admin());
    // The ID token carries the audience in `aud`; the verifier accepts it too.
    assert!(
        pool.verifier
            .verify(tokens["id_token"].as_str().unwrap())
            .await
            .is_ok()
    );

    let refreshed = pool
        .post(
            "/refresh",
            json!({"refresh_token": tokens["refresh_token"]}),
        )
        .await;
    assert_eq!(refreshed.status(), 200);
    let refreshed: Value = refreshed.json().await.unwrap();
    assert!(
        pool.verifier
            .verify(refreshed["access_token"].as_str().unwrap())
            .await
            .is_ok()
    );
    assert_eq!(
        problem_type(
            pool.post("/refresh", json!({"refresh_token": "garbage"}))
                .await
        )
        .await,
        (401, "refresh-token-invalid".to_owned())
    );
    // Logout calls RevokeToken, which moto does not implement; it is not
    // exercised here.
}

#[tokio::test]
#[ignore = "needs moto (FEIRA_TEST_MOTO_URL)"]
async fn cognito_groups_become_roles() {
    let pool = pool().await;
    pool.post(
        "/register",
        json!({"email": "boss@example.com", "password": PASSWORD, "name": "Boss"}),
    )
    .await;
    pool.post(
        "/confirm",
        json!({"email": "boss@example.com", "code": "000000"}),
    )
    .await;
    pool.admin
        .admin_add_user_to_group()
        .user_pool_id(&pool.id)
        .username("boss@example.com")
        .group_name("admin")
        .send()
        .await
        .unwrap();
    let tokens: Value = pool
        .login("boss@example.com", PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    let user = pool
        .verifier
        .verify(tokens["access_token"].as_str().unwrap())
        .await
        .unwrap();
    assert!(user.is_admin(), "{:?}", user.roles);
}

#[tokio::test]
#[ignore = "needs moto (FEIRA_TEST_MOTO_URL)"]
async fn cognito_bad_input_gets_the_same_precise_answers() {
    let pool = pool().await;
    let weak = pool
        .post(
            "/register",
            json!({"email": "weak@example.com", "password": "short", "name": "W"}),
        )
        .await;
    assert_eq!(problem_type(weak).await, (422, "validation".to_owned()));
    pool.post(
        "/register",
        json!({"email": "dup@example.com", "password": PASSWORD, "name": "D"}),
    )
    .await;
    let dup = pool
        .post(
            "/register",
            json!({"email": "DUP@example.com", "password": PASSWORD, "name": "D"}),
        )
        .await;
    assert_eq!(dup.status(), 202, "a taken address answers as a new one");
    assert_eq!(
        dup.json::<Value>().await.unwrap(),
        json!({"email": "dup@example.com", "confirmation_required": true})
    );
    pool.post("/confirm", json!({"email": "dup@example.com", "code": "1"}))
        .await;
    let wrong = problem_type(pool.login("dup@example.com", "Wrong-Passphrase-1").await).await;
    let unknown = problem_type(pool.login("nobody@example.com", PASSWORD).await).await;
    assert_eq!(wrong, (401, "invalid-credentials".to_owned()));
    assert_eq!(wrong, unknown);
    // Profile and admin routes belong to the user pool, not to this service.
    let me = pool
        .http
        .get(format!("{}/me", pool.base))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 404);
}

#[tokio::test]
#[ignore = "needs moto (FEIRA_TEST_MOTO_URL)"]
async fn forgot_and_resend_answer_alike_for_any_address() {
    let pool = pool().await;
    pool.signed_up("kim@example.com").await;
    for path in ["/password/forgot", "/verify-email/resend"] {
        let mut answers = Vec::new();
        for email in ["kim@example.com", "nobody@example.com"] {
            let response = pool.post(path, json!({ "email": email })).await;
            answers.push((response.status().as_u16(), response.text().await.unwrap()));
        }
        assert_eq!(answers[0], (202, String::new()), "{path}");
        assert_eq!(
            answers[0], answers[1],
            "{path}: the same for an unknown address"
        );
        let bad = pool.post(path, json!({"email": "not an address"})).await;
        assert_eq!(bad.status(), 422, "{path}");
        let body: Value = bad.json().await.unwrap();
        assert_eq!(body["errors"][0]["field"], "email", "{path}");
    }
    // Local accounts follow links; the pool sends codes, so no link route.
    let link = pool.post("/verify-email", json!({"token": "x"})).await;
    assert_eq!(link.status(), 404);
}

#[tokio::test]
#[ignore = "needs moto (FEIRA_TEST_MOTO_URL)"]
async fn reset_with_the_emailed_code_ends_every_session() {
    let pool = pool().await;
    pool.signed_up("lee@example.com").await;
    let before: Value = pool
        .login("lee@example.com", PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    let code = pool.reset_code("lee@example.com").await;
    let new_password = "Another-Long-Passphrase-2";
    let reset = |email: &str, code: &str, password: &str| {
        pool.post(
            "/password/reset",
            json!({"email": email, "code": code, "new_password": password}),
        )
    };
    let wrong = if code.ends_with("000000") {
        "moto-confirmation-code:111111"
    } else {
        "moto-confirmation-code:000000"
    };
    for (email, code_text, password, field) in [
        ("lee@example.com", wrong, new_password, "code"),
        ("nobody@example.com", wrong, new_password, "code"),
        ("lee@example.com", code.as_str(), "short", "new_password"),
        ("lee@example.com", "", new_password, "code"),
    ] {
        let refused = reset(email, code_text, password).await;
        assert_eq!(refused.status(), 422, "{email} {code_text} {password}");
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["errors"][0]["field"], field, "{email} {code_text}");
    }
    assert_eq!(
        problem_type(pool.login("lee@example.com", new_password).await).await,
        (401, "invalid-credentials".to_owned()),
        "nothing changed yet"
    );

    assert_eq!(
        reset("lee@example.com", &code, new_password).await.status(),
        204
    );
    assert_eq!(
        problem_type(
            pool.post(
                "/refresh",
                json!({"refresh_token": before["refresh_token"]})
            )
            .await
        )
        .await,
        (401, "refresh-token-invalid".to_owned()),
        "the session from before the reset is over"
    );
    assert_eq!(
        problem_type(pool.login("lee@example.com", PASSWORD).await).await,
        (401, "invalid-credentials".to_owned())
    );
    assert_eq!(
        pool.login("lee@example.com", new_password).await.status(),
        200
    );
}
