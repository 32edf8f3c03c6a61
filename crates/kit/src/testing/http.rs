//! Assertions and waits for API tests.

/// Asserts a problem+json answer with `status` and returns its body.
pub async fn problem(response: reqwest::Response, status: u16) -> serde_json::Value {
    assert_eq!(response.status(), status, "unexpected status");
    assert_eq!(
        response.headers()["content-type"],
        crate::problem::CONTENT_TYPE
    );
    let body: serde_json::Value = response.json().await.expect("a JSON problem body");
    assert_eq!(body["status"], status);
    assert!(
        body["type"]
            .as_str()
            .unwrap_or_default()
            .starts_with("urn:feira:problem:")
    );
    body
}

/// The `field`s named in a problem's `errors`.
pub fn fields(problem: &serde_json::Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| e["field"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Sends `request` and parses the JSON answer, whatever its status.
pub async fn send_json(request: reqwest::RequestBuilder) -> serde_json::Value {
    request
        .send()
        .await
        .expect("send the request")
        .json()
        .await
        .expect("a JSON body")
}

/// Waits until `check` yields `Some`, polling every 20 ms; panics naming `what`
/// once `deadline` has passed. For state that changes in the background (a
/// relay, a worker), in place of a fixed sleep.
pub async fn eventually<T, F, Fut>(what: &str, deadline: std::time::Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let give_up = tokio::time::Instant::now() + deadline;
    let mut tick = tokio::time::interval(std::time::Duration::from_millis(20));
    loop {
        tick.tick().await;
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            tokio::time::Instant::now() < give_up,
            "gave up after {deadline:?} waiting for {what}"
        );
    }
}
