//! Input sizes: every free-text and list input has a documented maximum, past
//! which the answer is a 4xx naming the field, and no input of any size is
//! a 5xx.

use crate::helpers::{TestApp, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// The fields a problem names.
fn fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Lists `ana`'s tasks with the query string `query`.
async fn list(api: &TestApp, query: &str) -> (StatusCode, Value) {
    api.call(
        Method::GET,
        &format!("/api/tasks?{query}"),
        Some("ana"),
        None,
    )
    .await
}

#[tokio::test]
async fn a_search_of_a_thousand_words_is_a_400_naming_q() {
    let api = spawn_app().await;
    let (status, _) = api
        .call(
            Method::POST,
            "/api/tasks",
            Some("ana"),
            Some(json!({"title": "a b c"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    // Short words (each its own clause) and indexed ones (one match
    // expression) both have a limit.
    for word in ["a", "abc"] {
        let q = vec![word; 1000].join("+");
        let (status, problem) = list(&api, &format!("q={q}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{word}: {problem}");
        assert_eq!(fields(&problem), ["q"], "{problem}");
        assert_eq!(problem["type"], "urn:feira:problem:invalid-parameters");
    }
    let (status, problem) = list(&api, &format!("q={}", "x".repeat(201))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(fields(&problem), ["q"]);
    // At the limits the search runs.
    let q = ["a"; 10].join("+");
    let (status, page) = list(&api, &format!("q={q}")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["total"], 1);
    let (status, _) = list(&api, &format!("q={}", "x".repeat(200))).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_search_with_control_characters_is_a_400_naming_q() {
    let api = spawn_app().await;
    for q in ["%00", "a%00b", "escape%1B", "%7F"] {
        let (status, problem) = list(&api, &format!("q={q}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{q}: {problem}");
        assert_eq!(fields(&problem), ["q"], "{q}");
    }
    // Tabs and line breaks still separate words.
    for q in ["a%09b", "a%0Ab"] {
        let (status, _) = list(&api, &format!("q={q}")).await;
        assert_eq!(status, StatusCode::OK, "{q}");
    }
}

#[tokio::test]
async fn a_tag_filter_past_the_limit_is_a_400_naming_tag() {
    let api = spawn_app().await;
    // More tags than one join may hold, all on the user's tasks.
    let names: Vec<String> = (0..70).map(|i| format!("t{i}")).collect();
    for chunk in names.chunks(20) {
        let (status, problem) = api
            .call(
                Method::POST,
                "/api/tasks",
                Some("ana"),
                Some(json!({"title": "tagged", "tags": chunk})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{problem}");
    }
    for tag_match in ["all", "any"] {
        let (status, problem) = list(
            &api,
            &format!("tag={}&tag_match={tag_match}", names.join(",")),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{tag_match}: {problem}");
        assert_eq!(fields(&problem), ["tag"], "{problem}");
    }
    let (status, problem) = list(&api, &format!("tag={}", "x".repeat(41))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(fields(&problem), ["tag"]);
    // Twenty names are allowed; repeats count against the limit too.
    let (status, page) = list(
        &api,
        &format!("tag={}&tag_match=all", names[..20].join(",")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["total"], 1);
    let (status, page) = list(
        &api,
        &format!("tag={}&tag_match=all", vec!["t0"; 20].join(",")),
    )
    .await;
    assert_eq!((status, page["total"].clone()), (StatusCode::OK, json!(1)));
    let (status, problem) = list(&api, &format!("tag={}", vec!["t0"; 21].join(","))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
}

#[tokio::test]
async fn list_parameters_of_any_size_answer_below_500() {
    let api = spawn_app().await;
    let (status, _) = api
        .call(
            Method::POST,
            "/api/tasks",
            Some("ana"),
            Some(json!({"title": "one", "tags": ["home"]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    for n in [1, 10, 11, 100, 1000, 5000] {
        for query in [
            format!("q={}", vec!["ab"; n].join("+")),
            format!("q={}", vec!["\"abc\""; n].join("+")),
            format!("priority={}", vec!["low"; n].join(",")),
            format!("sort={}", vec!["-title"; n].join(",")),
            format!("sort={}", vec!["colour"; n].join(",")),
            format!("tag={}&tag_match=all", vec!["home"; n].join(",")),
            format!(
                "tag={}",
                (0..n)
                    .map(|i| format!("t{i}"))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            format!("deadline_before={}", "9".repeat(n)),
            format!("deadline_on={}", "1".repeat(n)),
        ] {
            let (status, problem) = list(&api, &query).await;
            assert!(
                status.is_success() || status == StatusCode::BAD_REQUEST,
                "{status} for {n}: {problem}"
            );
            if status == StatusCode::BAD_REQUEST {
                assert!(
                    problem["errors"].as_array().is_some_and(|e| e.len() <= 3),
                    "a bounded list of errors: {problem}"
                );
            }
        }
    }
    let (status, page) = list(&api, &format!("priority={}", vec!["low"; 5000].join(","))).await;
    assert_eq!((status, page["total"].clone()), (StatusCode::OK, json!(0)));
    let (status, problem) = list(&api, "sort=title,priority,created,updated,deadline,-title").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(fields(&problem), ["sort"]);
}

#[tokio::test]
async fn bodies_past_their_limits_are_a_422_naming_the_field() {
    let api = spawn_app().await;
    let tags: Vec<String> = (0..21).map(|i| format!("t{i}")).collect();
    let long_tag = "x".repeat(41);
    let cases = [
        (json!({"title": "x".repeat(201)}), "title"),
        (
            json!({"title": "t", "description": "x".repeat(10_001)}),
            "description",
        ),
        (json!({"title": "t", "tags": tags}), "tags"),
        // Repeated names still count against the limit: the schema says 20 items.
        (json!({"title": "t", "tags": vec!["home"; 21]}), "tags"),
        (json!({"title": "t", "tags": [long_tag]}), "tags[0]"),
    ];
    for (body, field) in cases {
        let (status, problem) = api
            .call(Method::POST, "/api/tasks", Some("ana"), Some(body))
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {problem}"
        );
        assert_eq!(fields(&problem), [field], "{problem}");
    }
    let (status, problem) = api
        .call(
            Method::POST,
            "/api/tasks",
            Some("ana"),
            Some(json!({"title": "t", "tags": vec![""; 5000]})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&problem), ["tags"], "one error, not one per item");
    let (status, problem) = api
        .call(
            Method::POST,
            "/api/tasks/tags",
            Some("ana"),
            Some(json!({"name": "x".repeat(41)})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&problem), ["name"]);
    let ids: Vec<String> = (0..501).map(|_| uuid::Uuid::now_v7().to_string()).collect();
    for action in ["complete", "delete"] {
        for body in [json!({"ids": ids}), json!({"ids": []})] {
            let (status, problem) = api
                .call(
                    Method::POST,
                    &format!("/api/tasks/bulk/{action}"),
                    Some("ana"),
                    Some(body),
                )
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{action}");
            assert_eq!(fields(&problem), ["ids"]);
        }
    }
    // A body over the size limit is refused before it is read.
    let (status, _) = api
        .call(
            Method::POST,
            "/api/tasks",
            Some("ana"),
            Some(json!({"title": "t", "description": "x".repeat(100_000)})),
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn the_openapi_document_states_the_limits() {
    let api = spawn_app().await;
    let (status, doc) = api.call(Method::GET, "/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    let list = &doc["paths"]["/api/tasks"]["get"]["parameters"];
    let q = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "q")
        .unwrap();
    assert_eq!(q["schema"]["maxLength"], 200, "{q}");
    let schemas = &doc["components"]["schemas"];
    assert_eq!(schemas["NewTask"]["properties"]["title"]["maxLength"], 200);
    assert_eq!(
        schemas["NewTask"]["properties"]["description"]["maxLength"],
        10_000
    );
    assert_eq!(schemas["NewTask"]["properties"]["tags"]["maxItems"], 20);
    assert_eq!(
        schemas["TaskPatch"]["properties"]["title"]["maxLength"],
        200
    );
    assert_eq!(schemas["TaskPatch"]["properties"]["tags"]["maxItems"], 20);
    assert_eq!(schemas["TagInput"]["properties"]["name"]["maxLength"], 40);
    assert_eq!(schemas["Ids"]["properties"]["ids"]["maxItems"], 500);
    assert_eq!(schemas["Ids"]["properties"]["ids"]["minItems"], 1);
}
