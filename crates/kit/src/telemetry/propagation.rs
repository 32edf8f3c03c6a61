//! W3C trace context (`traceparent`) across every hop: read from incoming
//! requests and events, written on outgoing calls ([`send`]) and into events
//! ([`current_traceparent`]). Without a tracer (tracing off) every function
//! here is a no-op.

use http::HeaderMap;
use opentelemetry::propagation::{Extractor, Injector, TextMapPropagator};
use opentelemetry::trace::TraceContextExt;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use tracing::Instrument;
use tracing_opentelemetry::OpenTelemetrySpanExt;

struct Headers<'a>(&'a HeaderMap);

impl Extractor for Headers<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|v| v.to_str().ok())
    }
    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(|k| k.as_str()).collect()
    }
}

struct HeadersMut<'a>(&'a mut HeaderMap);

impl Injector for HeadersMut<'_> {
    fn set(&mut self, key: &str, value: String) {
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(key.as_bytes()),
            http::HeaderValue::from_str(&value),
        ) {
            self.0.insert(name, value);
        }
    }
}

struct Traceparent<'a>(&'a str);

impl Extractor for Traceparent<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        (key == "traceparent").then_some(self.0)
    }
    fn keys(&self) -> Vec<&str> {
        vec!["traceparent"]
    }
}

/// Makes the trace context in `headers` (`traceparent`, `tracestate`) the
/// parent of `span`, which must not have been entered yet.
pub fn set_parent_from_headers(span: &tracing::Span, headers: &HeaderMap) {
    if headers.contains_key("traceparent") {
        let parent = TraceContextPropagator::new().extract(&Headers(headers));
        let _ = span.set_parent(parent);
    }
}

/// Makes the span a `traceparent` names the parent of `span` (an event's
/// producer, say), which must not have been entered yet. A malformed value
/// leaves `span` a root.
pub fn set_parent_from_traceparent(span: &tracing::Span, traceparent: Option<&str>) {
    if let Some(traceparent) = traceparent {
        let parent = TraceContextPropagator::new().extract(&Traceparent(traceparent));
        if parent.span().span_context().is_valid() {
            let _ = span.set_parent(parent);
        }
    }
}

/// The current span's W3C `traceparent`, when it is being traced; events
/// carry it so their consumers continue the trace.
pub fn current_traceparent() -> Option<String> {
    let context = tracing::Span::current().context();
    let span = context.span();
    let span = span.span_context();
    span.is_valid().then(|| {
        format!(
            "00-{}-{}-{:02x}",
            span.trace_id(),
            span.span_id(),
            span.trace_flags().to_u8()
        )
    })
}

/// Sends `request` in a client span (`HTTP <method>`, with the URL, the peer
/// and the answer's status) and with that span's trace context in its
/// headers: the one way services call each other over HTTP.
pub async fn send(request: reqwest::RequestBuilder) -> reqwest::Result<reqwest::Response> {
    let (client, request) = request.build_split();
    let mut request = request?;
    let span = tracing::info_span!(
        "http client",
        otel.name = %format_args!("{} {}", request.method(), request.url().path()),
        otel.kind = "client",
        otel.status_code = tracing::field::Empty,
        http.request.method = %request.method(),
        url.full = %request.url(),
        server.address = request.url().host_str().unwrap_or_default(),
        http.response.status_code = tracing::field::Empty,
    );
    let context = span.context();
    TraceContextPropagator::new().inject_context(&context, &mut HeadersMut(request.headers_mut()));
    async move {
        let answer = client.execute(request).await;
        let current = tracing::Span::current();
        match &answer {
            Ok(response) => {
                current.record("http.response.status_code", response.status().as_u16());
                if response.status().is_server_error() {
                    current.record("otel.status_code", "ERROR");
                }
            }
            Err(_) => {
                current.record("otel.status_code", "ERROR");
            }
        }
        answer
    }
    .instrument(span)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_tracer_there_is_no_traceparent_and_nothing_fails() {
        let span = tracing::info_span!("untraced");
        set_parent_from_traceparent(
            &span,
            Some("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        );
        set_parent_from_traceparent(&span, Some("garbage"));
        let _entered = span.enter();
        assert_eq!(current_traceparent(), None);
    }
}
