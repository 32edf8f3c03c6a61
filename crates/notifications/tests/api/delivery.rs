use crate::helpers::*;
use reqwest::Method;
use serde_json::json;
use wiremock::matchers::{basic_auth, body_string_contains, method, path};
use wiremock::{Mock, ResponseTemplate};

fn with_sms(mut event: bus::Event) -> bus::Event {
    event.data["contact"]["phone"] = json!("+351912345678");
    event.data["contact"]["preferences"]["sms"] = json!(true);
    event
}

async fn sms_accepts(app: &TestApp) {
    Mock::given(method("POST"))
        .and(path("/2010-04-01/Accounts/AC123/Messages.json"))
        .and(basic_auth("AC123", "secret"))
        .and(body_string_contains("To=%2B351912345678"))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"sid": "SM1", "status": "queued"})),
        )
        .mount(&app.sms)
        .await;
}

#[tokio::test]
async fn an_order_event_sends_one_email_one_sms_and_one_in_app_even_when_redelivered() {
    let app = spawn_app().await;
    sms_accepts(&app).await;
    let event = with_sms(order_event("order.paid", "u-1"));
    app.publish(&event).await;
    let inbox = app.inbox_with("u-1", 1).await;
    assert_eq!(inbox["items"][0]["title"], "Your order is confirmed");
    eventually("the email and the SMS", PATIENCE, || async {
        (app.smtp.messages().len() == 1 && app.sms_count().await == 1).then_some(())
    })
    .await;

    // The bus redelivers (at least once): nothing goes out twice.
    app.publish(&event).await;
    let admin = app.token("ops", &["admin"]);
    eventually("every delivery of the event sent", PATIENCE, || async {
        let all = send_json(
            app.request(Method::GET, "/admin/deliveries", &admin)
                .query(&[("event_id", event.id.as_str())]),
        )
        .await;
        let all = all.as_array().unwrap().clone();
        (all.len() == 3 && all.iter().all(|d| d["status"] == "sent")).then_some(())
    })
    .await;
    assert_eq!(app.smtp.messages().len(), 1);
    assert_eq!(app.sms_count().await, 1);
    assert_eq!(app.inbox_with("u-1", 1).await["total"], 1);

    let mail = &app.smtp.messages()[0];
    assert!(
        mail.contains("Subject: Your order is confirmed (FE-WENA5N6C)"),
        "{mail}"
    );
    assert!(
        mail.contains("To: \"Ana Silva\" <ana@example.com>"),
        "{mail}"
    );
    assert!(mail.contains("multipart/alternative"));
    assert!(mail.contains("text/html"));
    let sms = &app.sms.received_requests().await.unwrap()[0];
    let form = String::from_utf8_lossy(&sms.body);
    assert!(
        form.contains("Body=Feira%3A+Your+order+is+confirmed"),
        "{form}"
    );
    assert!(form.contains("From=%2B15005550006"), "{form}");
}

#[tokio::test]
async fn placed_events_and_switched_off_channels_send_nothing() {
    let app = spawn_app().await;
    app.publish(&order_event("order.placed", "u-1")).await;
    let mut shipped = order_event("order.shipped", "u-1");
    shipped.data["contact"]["preferences"]["email"] = json!(false);
    app.publish(&shipped).await;
    let inbox = app.inbox_with("u-1", 1).await;
    assert_eq!(inbox["items"][0]["title"], "Your order is on its way");
    let admin = app.token("ops", &["admin"]);
    let all = send_json(app.request(Method::GET, "/admin/deliveries", &admin)).await;
    assert_eq!(
        all.as_array().unwrap().len(),
        1,
        "only the in-app one: {all}"
    );
    assert!(app.smtp.messages().is_empty());
}

#[tokio::test]
async fn a_refusing_mail_server_is_retried_then_dead_lettered_and_a_replay_sends_once() {
    let app = spawn_app().await;
    app.smtp.refuse(Some("451 4.3.0 mailbox busy, try later"));
    let event = order_event("order.paid", "u-1");
    app.publish(&event).await;
    let admin = app.token("ops", &["admin"]);
    let dead = eventually(
        "the email to be dead after 3 attempts",
        PATIENCE,
        || async {
            let dead = send_json(
                app.request(Method::GET, "/admin/deliveries", &admin)
                    .query(&[("status", "dead")]),
            )
            .await;
            (dead.as_array().unwrap().len() == 1).then_some(dead)
        },
    )
    .await;
    let letter = &dead[0];
    assert_eq!(
        (letter["channel"].as_str(), letter["attempts"].as_i64()),
        (Some("email"), Some(3))
    );
    assert!(
        letter["last_error"].as_str().unwrap().contains("451"),
        "{letter}"
    );
    let outcomes: Vec<_> = letter["attempt_log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["outcome"].clone())
        .collect();
    assert_eq!(outcomes, ["failed", "failed", "dead"]);
    assert!(app.smtp.messages().is_empty());

    app.smtp.refuse(None);
    let replay = |id: &str| {
        app.request(
            Method::POST,
            &format!("/admin/deliveries/{id}/email/replay"),
            &admin,
        )
        .send()
    };
    assert_eq!(replay(&event.id).await.unwrap().status(), 200);
    eventually("the replayed email", PATIENCE, || async {
        (app.smtp.messages().len() == 1).then_some(())
    })
    .await;
    problem(replay(&event.id).await.unwrap(), 404, "not-found").await;
    let bad = app
        .request(
            Method::POST,
            &format!("/admin/deliveries/{}/fax/replay", event.id),
            &admin,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        fields(&problem(bad, 400, "invalid-parameters").await),
        ["channel"]
    );
}

#[tokio::test]
async fn the_sms_provider_refusing_a_number_is_final_and_its_outage_is_retried() {
    let app = spawn_app().await;
    Mock::given(method("POST"))
        .and(body_string_contains("To=%2B351900000000"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({"code": 21211, "message": "Invalid 'To' Phone Number"})),
        )
        .with_priority(1)
        .mount(&app.sms)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&app.sms)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201))
        .with_priority(3)
        .mount(&app.sms)
        .await;
    let mut bad_number = with_sms(order_event("order.shipped", "u-1"));
    bad_number.data["contact"]["phone"] = json!("+351900000000");
    app.publish(&bad_number).await;
    let flaky = with_sms(order_event("order.delivered", "u-2"));
    app.publish(&flaky).await;

    let admin = app.token("ops", &["admin"]);
    eventually("one SMS dead, one sent after a retry", PATIENCE, || async {
        let sms: Vec<_> = send_json(app.request(Method::GET, "/admin/deliveries", &admin))
            .await
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["channel"] == "sms")
            .cloned()
            .collect();
        let dead = sms
            .iter()
            .find(|d| d["event_id"] == bad_number.id.as_str() && d["status"] == "dead");
        let sent = sms
            .iter()
            .find(|d| d["event_id"] == flaky.id.as_str() && d["status"] == "sent");
        match (dead, sent) {
            (Some(dead), Some(sent)) => Some((dead.clone(), sent.clone())),
            _ => None,
        }
    })
    .await
    .pipe(|(dead, sent)| {
        assert_eq!(dead["attempts"], 1, "a 400 is not retried: {dead}");
        assert!(dead["last_error"].as_str().unwrap().contains("21211"));
        assert_eq!(sent["attempts"], 2, "the 503 was retried: {sent}");
    });
}

trait Pipe: Sized {
    fn pipe<R>(self, f: impl FnOnce(Self) -> R) -> R {
        f(self)
    }
}
impl<T> Pipe for T {}

#[tokio::test]
async fn an_account_event_sends_its_email_whatever_the_preferences_and_a_security_change_reaches_the_inbox()
 {
    let app = spawn_app().await;
    let link = bus::Event::new(
        "identity.password_reset_requested",
        "/feira/identity",
        "u-7",
        serde_json::json!({
            "user_id": "u-7", "email": "ana@example.com", "name": "Ana Silva",
            "token": "feira_lt_secret", "expires_at": "2099-01-01T00:00:00.000Z",
        }),
    );
    app.publish(&link).await;
    app.publish(&link).await;
    let changed = bus::Event::new(
        "identity.password_changed",
        "/feira/identity",
        "u-7",
        serde_json::json!({"user_id": "u-7", "email": "ana@example.com", "name": "Ana Silva"}),
    );
    app.publish(&changed).await;
    eventually("both emails", PATIENCE, || async {
        (app.smtp.messages().len() == 2).then_some(())
    })
    .await;
    let inbox = app.inbox_with("u-7", 1).await;
    assert_eq!(inbox["items"][0]["title"], "Your password was changed");
    let mails = app.smtp.messages();
    let reset = mails
        .iter()
        .find(|m| m.contains("Subject: Reset your password"))
        .expect("the reset email, once");
    assert!(
        reset.contains("To: \"Ana Silva\" <ana@example.com>"),
        "{reset}"
    );
    // The text part is quoted-printable: undo its soft breaks and `=3D`.
    let text = reset
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=");
    assert!(
        text.contains("/reset-password#token=feira_lt_secret"),
        "{reset}"
    );
    assert!(
        mails
            .iter()
            .any(|m| m.contains("Subject: Your password was changed"))
    );
}
