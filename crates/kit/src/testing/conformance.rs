//! Every answer of a test server checked against the server's own OpenAPI
//! document: the status must be documented for the operation, the content
//! type must be one the document names, and a JSON body must validate
//! against the documented schema. [`spawn`](super::spawn) wraps every test
//! server with it, so each API test is also a contract test of the document.
//!
//! An answer that disagrees is replaced by a 500 problem
//! (`urn:feira:problem:openapi-conformance`) saying what disagreed, and the
//! same is written to stderr, so the test that provoked it fails with the
//! reason in its output. Routes the document does not describe (`/health`,
//! `/metrics`, unknown paths) pass unchecked.

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tower::ServiceExt;

/// Wraps `router` so that every answer is checked against the document it
/// serves at `/openapi.json`; a router without one is returned as it is.
pub async fn checked(router: Router) -> Router {
    let Some(document) = fetch_document(&router).await else {
        return router;
    };
    let conformance = Arc::new(Conformance::new(&document));
    router.layer(axum::middleware::from_fn_with_state(conformance, check))
}

async fn fetch_document(router: &Router) -> Option<Value> {
    let request = Request::get("/openapi.json").body(Body::empty()).ok()?;
    let response = router.clone().oneshot(request).await.ok()?;
    if response.status() != StatusCode::OK {
        return None;
    }
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .ok()?;
    let document: Value = serde_json::from_slice(&bytes).ok()?;
    document.get("paths")?;
    Some(document)
}

/// The operations of one document, with validators compiled on first use.
pub struct Conformance {
    operations: Vec<Operation>,
    components: Value,
    validators: Mutex<HashMap<(usize, String, String), Arc<jsonschema::Validator>>>,
}

struct Operation {
    method: Method,
    template: String,
    segments: Vec<Option<String>>,
    responses: Value,
}

impl Operation {
    /// How well `path` matches: `None` when it does not, else the number of
    /// literal segments, so `/products/search` wins over `/products/{id}`.
    fn matches(&self, path: &str) -> Option<usize> {
        let parts: Vec<&str> = path.split('/').collect();
        if parts.len() != self.segments.len() {
            return None;
        }
        let mut literal = 0;
        for (part, segment) in parts.iter().zip(&self.segments) {
            match segment {
                Some(expected) if expected == part => literal += 1,
                Some(_) => return None,
                None if part.is_empty() => return None,
                None => {}
            }
        }
        Some(literal)
    }
}

impl Conformance {
    /// Reads the operations of an OpenAPI 3.1 document.
    pub fn new(document: &Value) -> Self {
        let mut operations = Vec::new();
        if let Some(paths) = document["paths"].as_object() {
            for (template, item) in paths {
                let Some(item) = item.as_object() else {
                    continue;
                };
                for (method, operation) in item {
                    let Ok(method) = Method::from_bytes(method.to_ascii_uppercase().as_bytes())
                    else {
                        continue;
                    };
                    let segments = template
                        .split('/')
                        .map(|s| (!(s.starts_with('{') && s.ends_with('}'))).then(|| s.to_owned()))
                        .collect();
                    operations.push(Operation {
                        method,
                        template: template.clone(),
                        segments,
                        responses: operation["responses"].clone(),
                    });
                }
            }
        }
        Self {
            operations,
            components: document.get("components").cloned().unwrap_or(Value::Null),
            validators: Mutex::new(HashMap::new()),
        }
    }

    fn find(&self, method: &Method, path: &str) -> Option<usize> {
        self.operations
            .iter()
            .enumerate()
            .filter(|(_, op)| op.method == method)
            .filter_map(|(i, op)| op.matches(path).map(|score| (score, i)))
            .max()
            .map(|(_, i)| i)
    }

    /// Whether an answer of operation `index` agrees with the document.
    fn conforms(
        &self,
        index: usize,
        status: StatusCode,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<(), String> {
        let operation = &self.operations[index];
        let code = status.as_str();
        let range = format!("{}XX", &code[..1]);
        let (key, documented) = [code, range.as_str(), "default"]
            .into_iter()
            .find_map(|key| operation.responses.get(key).map(|r| (key, r)))
            .ok_or_else(|| format!("status {code} is not documented"))?;
        let documented = self.resolve(documented);
        let content = documented.get("content").and_then(Value::as_object);
        if body.is_empty() {
            return match content {
                Some(content) if !content.is_empty() && !matches!(code, "204" | "304") => Err(
                    format!("the document promises a {code} body ({key}) but it was empty"),
                ),
                _ => Ok(()),
            };
        }
        let Some(content) = content.filter(|c| !c.is_empty()) else {
            return Err(format!(
                "a {code} body was sent but the document describes none"
            ));
        };
        let media = content_type
            .map(|t| t.split(';').next().unwrap_or(t).trim().to_ascii_lowercase())
            .ok_or_else(|| "a body without a content type".to_owned())?;
        let (documented_media, entry) = content
            .iter()
            .find(|(name, _)| media_matches(name, &media))
            .ok_or_else(|| {
                let names: Vec<&String> = content.keys().collect();
                format!("content type {media} is not documented for {code} (documented: {names:?})")
            })?;
        let Some(schema) = entry.get("schema") else {
            return Ok(());
        };
        if !media.ends_with("json") {
            return Ok(());
        }
        let instance: Value = serde_json::from_slice(body)
            .map_err(|e| format!("the {media} body is not JSON: {e}"))?;
        let validator = self.validator(index, key, documented_media, schema)?;
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .take(5)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "the {code} body does not match its schema: {}",
                errors.join("; ")
            ))
        }
    }

    /// A response given as `$ref` to `#/components/responses/...`.
    fn resolve<'a>(&'a self, response: &'a Value) -> &'a Value {
        response
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/responses/"))
            .and_then(|name| self.components.get("responses")?.get(name))
            .unwrap_or(response)
    }

    fn validator(
        &self,
        index: usize,
        key: &str,
        media: &str,
        schema: &Value,
    ) -> Result<Arc<jsonschema::Validator>, String> {
        let cache_key = (index, key.to_owned(), media.to_owned());
        let mut validators = self.validators.lock().expect("validator cache");
        if let Some(validator) = validators.get(&cache_key) {
            return Ok(validator.clone());
        }
        // The schema's `$ref`s point into `#/components`: carry them along so
        // they resolve inside the one document the validator sees.
        let mut root = serde_json::json!({ "allOf": [schema] });
        root["components"] = self.components.clone();
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(&root)
            .map_err(|e| {
                format!(
                    "the schema of {} {key} does not compile: {e}",
                    self.operations[index].template
                )
            })?;
        let validator = Arc::new(validator);
        validators.insert(cache_key, validator.clone());
        Ok(validator)
    }
}

fn media_matches(documented: &str, actual: &str) -> bool {
    let documented = documented.to_ascii_lowercase();
    documented == actual
        || documented == "*/*"
        || documented
            .strip_suffix("/*")
            .is_some_and(|kind| actual.starts_with(&format!("{kind}/")))
}

async fn check(State(conformance): State<Arc<Conformance>>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let response = next.run(req).await;
    let Some(index) = conformance.find(&method, &path) else {
        return response;
    };
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    // A stream never ends: check what is known before the body.
    if content_type
        .as_deref()
        .is_some_and(|t| t.starts_with("text/event-stream"))
    {
        return match conformance.conforms(index, status, content_type.as_deref(), b"-") {
            Ok(()) => response,
            Err(why) => disagree(&method, &path, status, &why),
        };
    }
    let (parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(e) => return disagree(&method, &path, status, &format!("unreadable body: {e}")),
    };
    let body = if method == Method::HEAD {
        &[][..]
    } else {
        &bytes[..]
    };
    match conformance.conforms(index, status, content_type.as_deref(), body) {
        Ok(()) => Response::from_parts(parts, Body::from(bytes)),
        Err(why) => disagree(&method, &path, status, &why),
    }
}

fn disagree(method: &Method, path: &str, status: StatusCode, why: &str) -> Response {
    let message =
        format!("{method} {path} answered {status}, which disagrees with /openapi.json: {why}");
    eprintln!("OpenAPI conformance: {message}");
    crate::problem::Problem::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "openapi-conformance",
        "The answer disagrees with the OpenAPI document",
    )
    .with_detail(message)
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document() -> Value {
        json!({
            "paths": {
                "/things/{id}": { "get": { "responses": {
                    "200": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } },
                    "404": { "content": { "application/problem+json": { "schema": { "type": "object" } } } }
                } } },
                "/things/search": { "get": { "responses": { "204": {} } } }
            },
            "components": { "schemas": { "Thing": {
                "type": "object", "required": ["name"],
                "properties": { "name": { "type": "string", "maxLength": 3 } }
            } } }
        })
    }

    #[test]
    fn literal_segments_win_over_templates() {
        let c = Conformance::new(&document());
        let index = c.find(&Method::GET, "/things/search").unwrap();
        assert_eq!(c.operations[index].template, "/things/search");
        let index = c.find(&Method::GET, "/things/abc").unwrap();
        assert_eq!(c.operations[index].template, "/things/{id}");
        assert!(c.find(&Method::POST, "/things/abc").is_none());
        assert!(c.find(&Method::GET, "/things/").is_none());
    }

    #[test]
    fn status_content_type_and_schema_are_checked() {
        let c = Conformance::new(&document());
        let i = c.find(&Method::GET, "/things/a").unwrap();
        let json = Some("application/json");
        assert!(
            c.conforms(i, StatusCode::OK, json, br#"{"name":"abc"}"#)
                .is_ok()
        );
        let long = c.conforms(i, StatusCode::OK, json, br#"{"name":"abcd"}"#);
        assert!(long.unwrap_err().contains("does not match"));
        let missing = c.conforms(i, StatusCode::OK, json, br#"{}"#);
        assert!(missing.is_err());
        let undocumented = c.conforms(i, StatusCode::CONFLICT, json, b"{}");
        assert!(undocumented.unwrap_err().contains("not documented"));
        let wrong_type = c.conforms(i, StatusCode::NOT_FOUND, json, b"{}");
        assert!(wrong_type.unwrap_err().contains("content type"));
        let problem = Some("application/problem+json");
        assert!(c.conforms(i, StatusCode::NOT_FOUND, problem, b"{}").is_ok());
        let empty = c.conforms(i, StatusCode::OK, json, b"");
        assert!(empty.unwrap_err().contains("empty"));
        let s = c.find(&Method::GET, "/things/search").unwrap();
        assert!(c.conforms(s, StatusCode::NO_CONTENT, None, b"").is_ok());
        assert!(c.conforms(s, StatusCode::NO_CONTENT, json, b"{}").is_err());
    }
}
