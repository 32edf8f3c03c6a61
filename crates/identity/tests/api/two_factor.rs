//! Two-factor sign-in (ADR 0042): enrolment, the code step of a login with a
//! controllable clock, recovery codes, turning it off, and the code limit.

use crate::helpers::*;
use identity::domain::two_factor::{STEP_SECS, TotpKey};
use identity::service::kinds;
use identity::settings::RateLimitSettings;
use kit::ratelimit::RatePolicy;
use reqwest::{Method, Response};
use serde_json::{Value, json};

/// The app's code at the test clock moved by `offset` seconds.
fn code(app: &TestApp, secret: &str, offset: i64) -> String {
    let at = app.now().checked_add_signed(offset).unwrap();
    TotpKey::from_base32(secret).unwrap().code_at(at)
}

async fn send(app: &TestApp, tokens: &Value, method: Method, path: &str, body: Value) -> Response {
    app.authed(method, path, tokens)
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// Turns two-factor on for a new account; returns its tokens, the key and
/// the recovery codes.
async fn enrolled(app: &TestApp, email: &str) -> (Value, String, Vec<String>) {
    let tokens = app.signed_up(email).await;
    let started = send(app, &tokens, Method::POST, "/me/two-factor", json!({})).await;
    assert_eq!(started.status(), 200);
    assert_eq!(started.headers()["cache-control"], "no-store");
    let started: Value = started.json().await.unwrap();
    let secret = started["secret"].as_str().unwrap().to_owned();
    let confirmed = send(
        app,
        &tokens,
        Method::POST,
        "/me/two-factor/confirm",
        json!({"code": code(app, &secret, 0)}),
    )
    .await;
    assert_eq!(confirmed.status(), 200);
    let codes: Value = confirmed.json().await.unwrap();
    let codes = codes["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    (tokens, secret, codes)
}

/// A login's challenge: the password is right, a code is owed.
async fn challenge(app: &TestApp, email: &str) -> String {
    let r = app.login_response(email, PASSWORD).await;
    assert_eq!(r.status(), 202);
    let body: Value = r.json().await.unwrap();
    assert!(body.get("access_token").is_none(), "{body}");
    assert_eq!(body["expires_in"], 300);
    assert_eq!(body["methods"], json!(["totp", "recovery_code"]));
    let challenge = body["challenge"].as_str().unwrap().to_owned();
    assert!(challenge.starts_with("feira_mfa_"));
    challenge
}

async fn finish(app: &TestApp, challenge: &str, code: &str) -> Response {
    app.post(
        "/login/two-factor",
        json!({"challenge": challenge, "code": code}),
    )
    .send()
    .await
    .unwrap()
}

#[tokio::test]
async fn enrolling_shows_a_qr_code_and_a_code_turns_it_on() {
    let app = spawn_app().await;
    let tokens = app.signed_up("ana@example.com").await;
    let status: Value = send(&app, &tokens, Method::GET, "/me/two-factor", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(status["enabled"], false);

    // Confirming before enrolling has nothing to confirm.
    let early = send(
        &app,
        &tokens,
        Method::POST,
        "/me/two-factor/confirm",
        json!({"code": "123456"}),
    )
    .await;
    problem(early, 409, "two-factor-not-set-up").await;

    let started: Value = send(&app, &tokens, Method::POST, "/me/two-factor", json!({}))
        .await
        .json()
        .await
        .unwrap();
    let secret = started["secret"].as_str().unwrap();
    let uri = started["otpauth_uri"].as_str().unwrap();
    assert!(
        uri.starts_with("otpauth://totp/Feira:ana%40example.com?"),
        "{uri}"
    );
    assert!(uri.contains(&format!("secret={secret}")) && uri.contains("issuer=Feira"));
    assert!(started["qr_svg"].as_str().unwrap().contains("<svg"));

    // Not on yet: login still gives tokens at once.
    app.login("ana@example.com").await;

    let wrong = send(
        &app,
        &tokens,
        Method::POST,
        "/me/two-factor/confirm",
        json!({"code": code(&app, secret, 5 * STEP_SECS as i64)}),
    )
    .await;
    assert_eq!(fields(&problem(wrong, 422, "validation").await), ["code"]);

    let confirmed: Value = send(
        &app,
        &tokens,
        Method::POST,
        "/me/two-factor/confirm",
        json!({"code": code(&app, secret, 0)}),
    )
    .await
    .json()
    .await
    .unwrap();
    let codes = confirmed["recovery_codes"].as_array().unwrap();
    assert_eq!(codes.len(), 10);
    let status: Value = send(&app, &tokens, Method::GET, "/me/two-factor", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(status["enabled"], true);
    assert_eq!(status["recovery_codes_left"], 10);
    assert_eq!(app.events(kinds::TWO_FACTOR_ENABLED).await.len(), 1);

    // On: enrolling again is refused, and the key stays.
    let again = send(&app, &tokens, Method::POST, "/me/two-factor", json!({})).await;
    problem(again, 409, "two-factor-enabled").await;
    let challenge = challenge(&app, "ana@example.com").await;
    app.advance(STEP_SECS as i64);
    let r = finish(&app, &challenge, &code(&app, secret, 0)).await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn a_login_owes_a_code_within_one_step_and_each_code_works_once() {
    let app = spawn_app().await;
    let (_, secret, _) = enrolled(&app, "bo@example.com").await;
    let step = STEP_SECS as i64;

    // The code that confirmed enrolment was used: it does not sign in.
    let first = challenge(&app, "bo@example.com").await;
    let replay = finish(&app, &first, &code(&app, &secret, 0)).await;
    assert_eq!(fields(&problem(replay, 422, "validation").await), ["code"]);

    // A challenge is no session: it opens nothing.
    let opened = app
        .client
        .get(app.url("/me"))
        .bearer_auth(&first)
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), 401);

    // Two steps away, either side: refused.
    app.advance(10 * step);
    for offset in [-2 * step, 2 * step] {
        let r = finish(&app, &first, &code(&app, &secret, offset)).await;
        assert_eq!(r.status(), 422, "offset {offset}");
    }
    // One step behind (a slow clock): accepted, and the challenge is spent.
    let r = finish(&app, &first, &code(&app, &secret, -step)).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let tokens: Value = r.json().await.unwrap();
    assert_eq!(app.me(&tokens).await.status(), 200);
    let spent = finish(&app, &first, &code(&app, &secret, step)).await;
    let body = problem(spent, 401, "challenge-used").await;
    assert_eq!(fields(&body), ["challenge"]);

    // One step ahead (a fast clock): accepted.
    let second = challenge(&app, "bo@example.com").await;
    let r = finish(&app, &second, &code(&app, &secret, step)).await;
    assert_eq!(r.status(), 200);
    // The current step is older than the last one used: refused, so a code
    // seen over a shoulder cannot follow the owner's.
    let third = challenge(&app, "bo@example.com").await;
    let r = finish(&app, &third, &code(&app, &secret, 0)).await;
    assert_eq!(r.status(), 422);

    // Unknown and expired challenges start the login over.
    let unknown = finish(&app, "feira_mfa_made-up", &code(&app, &secret, 2 * step)).await;
    problem(unknown, 401, "challenge-invalid").await;
    app.sql("UPDATE account_tokens SET expires_at = '2000-01-01T00:00:00.000Z' WHERE purpose = 'sign_in'")
        .await;
    let expired = finish(&app, &third, &code(&app, &secret, 2 * step)).await;
    problem(expired, 401, "challenge-expired").await;
}

#[tokio::test]
async fn a_recovery_code_signs_in_once() {
    let app = spawn_app().await;
    let (tokens, _, codes) = enrolled(&app, "cy@example.com").await;
    let typed = codes[3].to_uppercase().replace('-', " ");
    let first = challenge(&app, "cy@example.com").await;
    assert_eq!(finish(&app, &first, &typed).await.status(), 200);
    let second = challenge(&app, "cy@example.com").await;
    let reused = finish(&app, &second, &codes[3]).await;
    assert_eq!(fields(&problem(reused, 422, "validation").await), ["code"]);
    assert_eq!(finish(&app, &second, &codes[4]).await.status(), 200);
    let status: Value = send(&app, &tokens, Method::GET, "/me/two-factor", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(status["recovery_codes_left"], 8);
}

#[tokio::test]
async fn turning_it_off_needs_the_password_and_a_code() {
    let app = spawn_app().await;
    let (tokens, secret, _) = enrolled(&app, "di@example.com").await;
    let disable = |password: &'static str, code: String| {
        send(
            &app,
            &tokens,
            Method::POST,
            "/me/two-factor/disable",
            json!({"password": password, "code": code}),
        )
    };
    app.advance(STEP_SECS as i64);
    let wrong_password = disable("not my password", code(&app, &secret, 0)).await;
    assert_eq!(
        fields(&problem(wrong_password, 422, "validation").await),
        ["password"]
    );
    let wrong_code = disable(PASSWORD, "000000".into()).await;
    assert_eq!(
        fields(&problem(wrong_code, 422, "validation").await),
        ["code"]
    );
    // Still on after both refusals.
    challenge(&app, "di@example.com").await;

    assert_eq!(
        disable(PASSWORD, code(&app, &secret, 0)).await.status(),
        204
    );
    assert_eq!(app.events(kinds::TWO_FACTOR_DISABLED).await.len(), 1);
    app.login("di@example.com").await;
    let again = disable(PASSWORD, code(&app, &secret, STEP_SECS as i64)).await;
    problem(again, 409, "two-factor-not-set-up").await;
}

#[tokio::test]
async fn guessing_codes_hits_the_limit_and_the_limited_attempt_changes_nothing() {
    let limits = RateLimitSettings {
        two_factor: RatePolicy {
            requests: 3,
            per_secs: 3600,
        },
        ..generous()
    };
    let app = spawn_app_with(limits, identity::service::TokenLifetimes::default()).await;
    let (_, secret, codes) = enrolled(&app, "eve@example.com").await;
    let challenge = challenge(&app, "eve@example.com").await;
    // Enrolment's confirmation counted once; two wrong guesses use the rest.
    for guess in ["000000", "111111"] {
        assert_eq!(finish(&app, &challenge, guess).await.status(), 422);
    }
    app.advance(STEP_SECS as i64);
    let limited = finish(&app, &challenge, &code(&app, &secret, 0)).await;
    assert!(limited.headers().contains_key("retry-after"));
    problem(limited, 429, "rate-limited").await;
    // The limited attempt neither spent the challenge nor the code.
    let limited = finish(&app, &challenge, &codes[0]).await;
    assert_eq!(limited.status(), 429);
    // Another account is not affected.
    let (_, other, _) = enrolled(&app, "bystander@example.com").await;
    let theirs = self::challenge(&app, "bystander@example.com").await;
    app.advance(STEP_SECS as i64);
    assert_eq!(
        finish(&app, &theirs, &code(&app, &other, 0)).await.status(),
        200
    );
}
