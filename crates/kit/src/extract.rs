//! Extractors whose rejections are problem+json, so malformed input gets the same
//! kind of answer as every other error.

use crate::problem::{FieldError, Problem};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, request::Parts};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A JSON body. Wrong content type or bad syntax → 400; valid JSON of the wrong
/// shape → 422 naming the field by its path (`price.amount`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<S, T> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<mime_lite::Mime>().ok())
            .is_some_and(|m| m.is_json());
        if !is_json {
            return Err(Problem::new(
                axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
            )
            .with_detail("Send the body as JSON with `Content-Type: application/json`."));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|rejection| {
                let status = rejection.status();
                if status == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    Problem::new(status, "payload-too-large", "Payload too large")
                        .with_detail("The request body is larger than this endpoint accepts.")
                } else {
                    Problem::bad_request(rejection.body_text())
                }
            })?;
        parse_json(&bytes).map(Json)
    }
}

/// Deserialises a JSON document the way [`Json`] does, for callers that hold bytes.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(value) => {
            de.end()
                .map_err(|e| Problem::bad_request(format!("The body is not valid JSON: {e}")))?;
            Ok(value)
        }
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            match inner.classify() {
                serde_json::error::Category::Data => {
                    let (field, message) = describe(&path, &inner.to_string());
                    Err(Problem::validation(vec![FieldError::new(field, message)]))
                }
                _ => Err(Problem::bad_request(format!(
                    "The body is not valid JSON: {inner}"
                ))),
            }
        }
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// A query string. Unknown parameters and values of the wrong type → 400 naming
/// the parameter. Structs should use `#[serde(deny_unknown_fields)]`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<S, T> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parse_query(parts.uri.query().unwrap_or_default()).map(Query)
    }
}

/// Deserialises a query string the way [`Query`] does.
pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, Problem> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded_parse(query));
    serde_path_to_error::deserialize::<_, T>(de).map_err(|err| {
        let path = err.path().to_string();
        let (field, message) = describe(&path, &err.into_inner().to_string());
        Problem::invalid_parameters(vec![FieldError::new(field, message)])
    })
}

fn form_urlencoded_parse(query: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(query.as_bytes())
}

/// A path parameter. A value that does not parse (a malformed id) → 400 naming it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Path<T>(pub T);

impl<S, T> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        // The parameter names, so a failure of a single-value path can be named.
        let names: Vec<String> = axum::extract::RawPathParams::from_request_parts(parts, state)
            .await
            .map(|raw| raw.iter().map(|(k, _)| k.to_owned()).collect())
            .unwrap_or_default();
        let only_name = match names.as_slice() {
            [one] => one.clone(),
            _ => "path".to_owned(),
        };
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => {
                use axum::extract::path::ErrorKind;
                let field_error = match rejection {
                    axum::extract::rejection::PathRejection::FailedToDeserializePathParams(e) => {
                        match e.kind() {
                            ErrorKind::ParseErrorAtKey { key, value, .. } => FieldError::new(
                                key.clone(),
                                format!("`{value}` is not a valid value"),
                            ),
                            ErrorKind::ParseError { value, .. } => FieldError::new(
                                only_name,
                                format!("`{value}` is not a valid value"),
                            ),
                            other => FieldError::new(only_name, other.to_string()),
                        }
                    }
                    other => FieldError::new(only_name, other.body_text()),
                };
                Err(Problem::invalid_parameters(vec![field_error]))
            }
        }
    }
}

/// Turns serde's message into (field, message). Unknown-field messages carry the
/// field name in backticks and have no path of their own.
fn describe(path: &str, message: &str) -> (String, String) {
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(message)
        .to_owned();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or_default();
        return (join(path, name), format!("unknown field `{name}`"));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default();
        return (join(path, name), "is required".to_owned());
    }
    let field = if path == "." || path.is_empty() {
        "body".to_owned()
    } else {
        path.to_owned()
    };
    (field, message)
}

/// `path.name`, unless the path already ends at `name` (serde_path_to_error
/// records the unknown field itself for some formats but not others).
fn join(path: &str, name: &str) -> String {
    if path == "." || path.is_empty() {
        name.to_owned()
    } else if path == name || path.ends_with(&format!(".{name}")) {
        path.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

mod mime_lite {
    //! Just enough media-type parsing to accept `application/json` and `+json`
    //! types with parameters.
    pub struct Mime(String);

    impl std::str::FromStr for Mime {
        type Err = ();
        fn from_str(s: &str) -> Result<Self, Self::Err> {
            let essence = s
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            if essence.contains('/') {
                Ok(Self(essence))
            } else {
                Err(())
            }
        }
    }

    impl Mime {
        pub fn is_json(&self) -> bool {
            self.0 == "application/json"
                || (self.0.starts_with("application/") && self.0.ends_with("+json"))
        }
    }
}

/// Serde helper for PATCH fields that can be cleared: with
/// `#[serde(default, deserialize_with = "kit::extract::nullable")]` on an
/// `Option<Option<T>>`, an absent field is `None` (leave as is), `null` is
/// `Some(None)` (clear) and a value is `Some(Some(v))`.
pub fn nullable<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Params {
        #[allow(dead_code)]
        page: Option<u32>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Body {
        price: Price,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Price {
        amount: i64,
    }

    #[test]
    fn unknown_query_parameter_is_named() {
        let err = parse_query::<Params>("page=1&colour=red").unwrap_err();
        assert_eq!(err.status, 400);
        assert_eq!(err.errors[0].field, "colour");
    }

    #[test]
    fn wrong_query_type_is_named() {
        let err = parse_query::<Params>("page=abc").unwrap_err();
        assert_eq!(err.errors[0].field, "page");
    }

    #[test]
    fn nested_json_type_error_names_the_path() {
        let err = parse_json::<Body>(br#"{"price":{"amount":"ten"}}"#).unwrap_err();
        assert_eq!(err.status, 422);
        assert_eq!(err.errors[0].field, "price.amount");
    }

    #[test]
    fn missing_json_field_is_named() {
        let err = parse_json::<Body>(br#"{"price":{}}"#).unwrap_err();
        assert_eq!(err.errors[0].field, "price.amount");
        assert_eq!(err.errors[0].message, "is required");
    }

    #[test]
    fn malformed_json_is_a_bad_request() {
        let err = parse_json::<Body>(br#"{"price": "#).unwrap_err();
        assert_eq!(err.status, 400);
        let err = parse_json::<Body>(br#"{"price":{"amount":1}} trailing"#).unwrap_err();
        assert_eq!(err.status, 400);
    }
}
