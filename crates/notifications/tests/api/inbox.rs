use crate::helpers::*;
use reqwest::Method;

#[tokio::test]
async fn the_inbox_lists_counts_and_marks_read_for_its_owner_only() {
    let app = spawn_app().await;
    app.publish(&order_event("order.paid", "ana")).await;
    app.publish(&order_event("order.shipped", "ana")).await;
    app.publish(&order_event("order.paid", "bo")).await;
    let inbox = app.inbox_with("ana", 2).await;
    assert_eq!(inbox["unread"], 2);
    assert_eq!(
        inbox["items"][0]["title"], "Your order is on its way",
        "newest first"
    );
    assert_eq!(
        inbox["items"][0]["link"],
        "/orders/01a21550-535a-7616-958c-85b2c10e3ede"
    );
    let first = inbox["items"][1]["id"].as_str().unwrap().to_owned();

    let ana = app.token("ana", &["customer"]);
    let bo = app.token("bo", &["customer"]);
    let theirs = app
        .request(Method::POST, &format!("/me/{first}/read"), &bo)
        .send()
        .await
        .unwrap();
    problem(theirs, 404, "not-found").await;
    let read = app
        .request(Method::POST, &format!("/me/{first}/read"), &ana)
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 204);
    assert_eq!(app.inbox_with("ana", 2).await["unread"], 1);
    let all = send_json(app.request(Method::POST, "/me/read-all", &ana)).await;
    assert_eq!(all["updated"], 1);
    assert_eq!(app.inbox_with("ana", 2).await["unread"], 0);
    assert_eq!(app.inbox_with("bo", 1).await["unread"], 1);

    let paged = send_json(
        app.request(Method::GET, "/me", &ana)
            .query(&[("per_page", "1"), ("page", "2")]),
    )
    .await;
    assert_eq!(paged["items"].as_array().unwrap().len(), 1);
    let bad = app
        .request(Method::GET, "/me", &ana)
        .query(&[("per_page", "0")])
        .send()
        .await
        .unwrap();
    problem(bad, 400, "invalid-parameters").await;
    let bad_id = app
        .request(Method::POST, "/me/nope/read", &ana)
        .send()
        .await
        .unwrap();
    assert_eq!(
        fields(&problem(bad_id, 400, "invalid-parameters").await),
        ["id"]
    );
    let anonymous = app.client.get(app.url("/me")).send().await.unwrap();
    problem(anonymous, 401, "unauthorized").await;
}

#[tokio::test]
async fn admin_routes_need_the_admin_role() {
    let app = spawn_app().await;
    let ana = app.token("ana", &["customer"]);
    for path in ["/admin/deliveries", "/admin/emails"] {
        let response = app.request(Method::GET, path, &ana).send().await.unwrap();
        problem(response, 403, "forbidden").await;
    }
    let admin = app.token("ops", &["admin"]);
    let bad = app
        .request(Method::GET, "/admin/deliveries", &admin)
        .query(&[("status", "lost")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        fields(&problem(bad, 400, "invalid-parameters").await),
        ["status"]
    );
    // Email goes over SMTP here, so there are no files to list.
    let files = app
        .request(Method::GET, "/admin/emails", &admin)
        .send()
        .await
        .unwrap();
    problem(files, 404, "not-found").await;
}
