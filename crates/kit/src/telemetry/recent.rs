//! The last few thousand finished spans, in memory: what `feira up`'s admin
//! traces page shows, so a newcomer sees a request cross the services without
//! installing a collector. Bounded twice: at most `capacity` spans (the oldest
//! go first) and, per span, a fixed number of attributes and events of
//! bounded length.

use opentelemetry::trace::{SpanId, SpanKind, Status};
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{Span, SpanData, SpanProcessor};
use serde::Serialize;
use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use utoipa::ToSchema;

/// Longest attribute value kept, in characters.
const VALUE_CHARS: usize = 256;
/// Most attributes kept per span.
const ATTRIBUTES: usize = 32;
/// Most events (log lines inside the span) kept per span.
const EVENTS: usize = 16;

/// One finished span as the admin page shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SpanView {
    /// 32 hex digits.
    pub trace_id: String,
    /// 16 hex digits.
    pub span_id: String,
    /// The parent span in the same trace; absent for the root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_span_id: Option<String>,
    /// Such as `POST /api/orders` or `publish order.placed`.
    pub name: String,
    /// `server`, `client`, `producer`, `consumer` or `internal`.
    pub kind: &'static str,
    /// The part of the system that recorded it: `orders`, `catalog`, `bus`, …
    pub component: String,
    /// Start, in microseconds since the Unix epoch.
    pub start_us: u64,
    /// How long it ran, in microseconds.
    pub duration_us: u64,
    /// Whether it ended in error.
    pub error: bool,
    /// Its attributes (semantic-convention names), values as text.
    pub attributes: BTreeMap<String, String>,
    /// Log lines recorded inside it.
    pub events: Vec<SpanEvent>,
}

/// A log line inside a span.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SpanEvent {
    /// Microseconds since the Unix epoch.
    pub time_us: u64,
    pub name: String,
    pub attributes: BTreeMap<String, String>,
}

/// One trace in the list: its root (or earliest) span and its extent.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TraceSummary {
    pub trace_id: String,
    /// The root span's name.
    pub name: String,
    /// Microseconds since the Unix epoch.
    pub start_us: u64,
    /// From the first span's start to the last one's end, in microseconds.
    pub duration_us: u64,
    pub spans: usize,
    /// The components its spans came from, sorted.
    pub components: Vec<String>,
    /// Whether any span ended in error.
    pub error: bool,
}

/// The bounded in-memory span store.
#[derive(Debug, Clone)]
pub struct RecentSpans {
    inner: Arc<Mutex<VecDeque<SpanView>>>,
    capacity: usize,
}

impl RecentSpans {
    /// A store of at most `capacity` spans.
    pub fn new(capacity: usize) -> Self {
        Self {
            inner: Arc::new(Mutex::new(VecDeque::with_capacity(capacity.min(4096)))),
            capacity: capacity.max(1),
        }
    }

    /// The span processor that fills this store.
    pub fn processor(&self) -> Recorder {
        Recorder(self.clone())
    }

    /// How many spans it holds now (never more than its capacity).
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Keeps `span`, dropping the oldest when full.
    pub fn push(&self, span: SpanView) {
        let mut spans = self.lock();
        while spans.len() >= self.capacity {
            spans.pop_front();
        }
        spans.push_back(span);
    }

    /// The most recent traces first, at most `limit`.
    pub fn traces(&self, limit: usize) -> Vec<TraceSummary> {
        let spans = self.lock();
        let mut by_trace: BTreeMap<&str, Vec<&SpanView>> = BTreeMap::new();
        for span in spans.iter() {
            by_trace.entry(&span.trace_id).or_default().push(span);
        }
        let mut traces: Vec<TraceSummary> = by_trace.into_values().map(summary).collect();
        traces.sort_by_key(|t| std::cmp::Reverse(t.start_us));
        traces.truncate(limit);
        traces
    }

    /// The spans of one trace, earliest first; empty when none is kept.
    pub fn trace(&self, trace_id: &str) -> Vec<SpanView> {
        let mut spans: Vec<SpanView> = self
            .lock()
            .iter()
            .filter(|s| s.trace_id == trace_id)
            .cloned()
            .collect();
        spans.sort_by_key(|s| s.start_us);
        spans
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<SpanView>> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn summary(spans: Vec<&SpanView>) -> TraceSummary {
    let ids: std::collections::HashSet<&str> = spans.iter().map(|s| s.span_id.as_str()).collect();
    let start = spans.iter().map(|s| s.start_us).min().unwrap_or(0);
    let end = spans
        .iter()
        .map(|s| s.start_us + s.duration_us)
        .max()
        .unwrap_or(start);
    // The root: no parent, or a parent this store never saw (a remote one),
    // earliest first.
    let root = spans
        .iter()
        .filter(|s| s.parent_span_id.as_deref().is_none_or(|p| !ids.contains(p)))
        .min_by_key(|s| s.start_us)
        .or_else(|| spans.iter().min_by_key(|s| s.start_us));
    let mut components: Vec<String> = spans.iter().map(|s| s.component.clone()).collect();
    components.sort();
    components.dedup();
    TraceSummary {
        trace_id: spans
            .first()
            .map(|s| s.trace_id.clone())
            .unwrap_or_default(),
        name: root.map(|s| s.name.clone()).unwrap_or_default(),
        start_us: start,
        duration_us: end.saturating_sub(start),
        spans: spans.len(),
        components,
        error: spans.iter().any(|s| s.error),
    }
}

/// The span processor of [`RecentSpans`]: converts each finished span, under
/// the store's bounds.
#[derive(Debug)]
pub struct Recorder(RecentSpans);

impl SpanProcessor for Recorder {
    fn on_start(&self, _span: &mut Span, _cx: &opentelemetry::Context) {}

    fn on_end(&self, span: SpanData) {
        if span.span_context.is_sampled() {
            self.0.push(view(span));
        }
    }

    fn force_flush(&self) -> OTelSdkResult {
        Ok(())
    }

    fn shutdown_with_timeout(&self, _timeout: Duration) -> OTelSdkResult {
        Ok(())
    }
}

fn micros(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as u64)
        .unwrap_or(0)
}

fn bounded(value: String) -> String {
    if value.chars().count() <= VALUE_CHARS {
        value
    } else {
        let mut cut: String = value.chars().take(VALUE_CHARS).collect();
        cut.push('…');
        cut
    }
}

fn kept_attributes<'a>(
    pairs: impl Iterator<Item = &'a opentelemetry::KeyValue>,
) -> BTreeMap<String, String> {
    pairs
        .filter(|kv| {
            !kv.key.as_str().starts_with("code.") && !kv.key.as_str().starts_with("thread.")
        })
        .take(ATTRIBUTES)
        .map(|kv| (kv.key.as_str().to_owned(), bounded(kv.value.to_string())))
        .collect()
}

/// Which part of the system a span belongs to: the service a request's
/// route names (`/api/orders/…` → `orders`), else the first segment of the
/// Rust module that opened it (`catalog::service` → `catalog`).
fn component(span: &SpanData) -> String {
    let value = |key: &str| {
        span.attributes
            .iter()
            .find(|kv| kv.key.as_str() == key)
            .map(|kv| kv.value.to_string())
    };
    if let Some(service) = value("feira.component") {
        return service;
    }
    if let Some(route) = value("http.route").or_else(|| value("url.path")) {
        let mut parts = route.trim_start_matches('/').split('/');
        if let (Some("api"), Some(service)) = (parts.next(), parts.next())
            && !service.is_empty()
        {
            return service.to_owned();
        }
    }
    value("code.module.name")
        .and_then(|m| m.split("::").next().map(str::to_owned))
        .unwrap_or_else(|| "feira".to_owned())
}

fn view(span: SpanData) -> SpanView {
    let parent = (span.parent_span_id != SpanId::INVALID).then(|| span.parent_span_id.to_string());
    let start_us = micros(span.start_time);
    let duration_us = span
        .end_time
        .duration_since(span.start_time)
        .map(|d| d.as_micros() as u64)
        .unwrap_or(0);
    let component = component(&span);
    let error = matches!(span.status, Status::Error { .. });
    let mut attributes = kept_attributes(span.attributes.iter());
    if let Status::Error { description } = &span.status
        && !description.is_empty()
    {
        attributes.insert(
            "otel.status_description".into(),
            bounded(description.to_string()),
        );
    }
    SpanView {
        trace_id: span.span_context.trace_id().to_string(),
        span_id: span.span_context.span_id().to_string(),
        parent_span_id: parent,
        name: bounded(span.name.into_owned()),
        kind: match span.span_kind {
            SpanKind::Server => "server",
            SpanKind::Client => "client",
            SpanKind::Producer => "producer",
            SpanKind::Consumer => "consumer",
            SpanKind::Internal => "internal",
        },
        component,
        start_us,
        duration_us,
        error,
        attributes,
        events: span
            .events
            .iter()
            .take(EVENTS)
            .map(|event| SpanEvent {
                time_us: micros(event.timestamp),
                name: bounded(event.name.to_string()),
                attributes: kept_attributes(event.attributes.iter()),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(trace: &str, id: &str, parent: Option<&str>, start: u64) -> SpanView {
        SpanView {
            trace_id: trace.into(),
            span_id: id.into(),
            parent_span_id: parent.map(str::to_owned),
            name: format!("span {id}"),
            kind: "internal",
            component: format!("c{}", id.len()),
            start_us: start,
            duration_us: 10,
            error: false,
            attributes: BTreeMap::new(),
            events: Vec::new(),
        }
    }

    #[test]
    fn keeps_at_most_its_capacity_dropping_the_oldest() {
        let store = RecentSpans::new(3);
        for i in 0..5 {
            store.push(span(&format!("t{i}"), "a", None, i));
        }
        assert_eq!(store.len(), 3);
        let traces: Vec<String> = store.traces(10).into_iter().map(|t| t.trace_id).collect();
        assert_eq!(traces, ["t4", "t3", "t2"]);
    }

    #[test]
    fn a_trace_is_summarised_from_its_root_and_extent() {
        let store = RecentSpans::new(10);
        store.push(span("t", "child", Some("root"), 5));
        store.push(span("t", "root", Some("remote"), 1));
        store.push(span("u", "x", None, 100));
        let traces = store.traces(1);
        assert_eq!(traces.len(), 1);
        assert_eq!(traces[0].trace_id, "u");
        let t = &store.traces(10)[1];
        assert_eq!(
            (t.name.as_str(), t.spans, t.start_us, t.duration_us),
            ("span root", 2, 1, 14)
        );
        assert_eq!(t.components, ["c4", "c5"]);
        let spans: Vec<String> = store.trace("t").into_iter().map(|s| s.span_id).collect();
        assert_eq!(spans, ["root", "child"]);
        assert!(store.trace("none").is_empty());
    }

    #[test]
    fn long_values_are_cut() {
        let long = "x".repeat(1000);
        let cut = bounded(long);
        assert_eq!(cut.chars().count(), VALUE_CHARS + 1);
    }
}
