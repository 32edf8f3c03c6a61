//! Tasks trusting an AWS Cognito user pool, as on AWS: moto (from
//! `FEIRA_TEST_MOTO_URL`) stands in for Cognito, issues the access tokens, and
//! serves the pool's JWKS that the kit's verifier reads. Ignored unless asked
//! for (`--run-ignored`, as `make test` does when it has moto).

use aws_sdk_cognitoidentityprovider as cognito;
use cognito::types::{AuthFlowType, ExplicitAuthFlowsType};
use kit::auth::JwtVerifier;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use tasks::store::sql::SqlTaskStore;

const PASSWORD: &str = "Cognito-Passphrase-1";

async fn access_token(admin: &cognito::Client, pool: &str, client: &str, email: &str) -> String {
    admin
        .sign_up()
        .client_id(client)
        .username(email)
        .password(PASSWORD)
        .send()
        .await
        .expect("sign up");
    admin
        .admin_confirm_sign_up()
        .user_pool_id(pool)
        .username(email)
        .send()
        .await
        .expect("confirm");
    admin
        .initiate_auth()
        .client_id(client)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", email)
        .auth_parameters("PASSWORD", PASSWORD)
        .send()
        .await
        .expect("sign in")
        .authentication_result
        .and_then(|r| r.access_token)
        .expect("an access token")
}

#[tokio::test]
#[ignore = "needs moto (FEIRA_TEST_MOTO_URL)"]
async fn tasks_accept_access_tokens_from_a_cognito_user_pool() {
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
    let pool = admin
        .create_user_pool()
        .pool_name(format!("feira-tasks-{}", uuid::Uuid::now_v7()))
        .send()
        .await
        .expect("create a user pool")
        .user_pool
        .and_then(|p| p.id)
        .unwrap();
    let client = admin
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("feira-tasks-web")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
        .send()
        .await
        .expect("create an app client")
        .user_pool_client
        .and_then(|c| c.client_id)
        .unwrap();

    let file = kit::testing::TempSqlite::new("feira-tasks-cognito");
    let store = Arc::new(SqlTaskStore::open_sqlite(&file.path).await.unwrap());
    let verifier = JwtVerifier::remote(
        &format!("https://cognito-idp.us-east-1.amazonaws.com/{pool}"),
        &client,
        &format!("{moto}/{pool}/.well-known/jwks.json"),
        Duration::from_secs(30),
    );
    let router = kit::http::service_app(
        tasks::router(tasks::TasksState::new(store, Arc::new(verifier))),
        kit::health::Readiness::new(),
        kit::http::Limits::default(),
        axum::Router::new(),
    );
    let base = format!("http://{}/api/tasks", kit::testing::spawn(router).await);
    let http = reqwest::Client::new();

    let ana = access_token(&admin, &pool, &client, "ana@example.com").await;
    let created = http
        .post(&base)
        .bearer_auth(&ana)
        .json(&json!({"title": "Renew passport", "priority": "high", "tags": ["admin"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let mine: Value = http
        .get(&base)
        .bearer_auth(&ana)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mine["total"], 1);
    assert_eq!(mine["items"][0]["title"], "Renew passport");

    let ben = access_token(&admin, &pool, &client, "ben@example.com").await;
    let theirs: Value = http
        .get(&base)
        .bearer_auth(&ben)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        theirs["total"], 0,
        "another pool user sees none of Ana's tasks"
    );
    let forged = http
        .get(&base)
        .bearer_auth(format!("{ana}x"))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
}
