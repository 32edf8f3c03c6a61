//! Logs and traces. Logs: pretty lines for people in development, JSON lines
//! for machines in production, each inside a request carrying its request id
//! and, when tracing is on, the `trace_id` and `span_id` of its span. Traces:
//! OpenTelemetry spans from `tracing` spans (one per request, store call,
//! publish, consume, send), exported over OTLP/HTTP when
//! `telemetry.otlp.endpoint` is set and kept in memory for `feira up`'s admin
//! traces page ([`recent()`]). W3C trace context crosses every hop
//! ([`propagation`]).

pub mod propagation;
pub mod recent;

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::trace::{Sampler, SdkTracerProvider};
use serde::Deserialize;
use std::sync::OnceLock;
use tracing_subscriber::{EnvFilter, Layer, fmt, prelude::*};

pub use propagation::{
    current_traceparent, send, set_parent_from_headers, set_parent_from_traceparent,
};
pub use recent::RecentSpans;

/// How log lines are written.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable, coloured when the output is a terminal.
    Pretty,
    /// One JSON object per line.
    Json,
}

/// `telemetry` settings.
#[derive(Debug, Clone, Deserialize)]
pub struct TelemetrySettings {
    /// `pretty` or `json`.
    pub format: LogFormat,
    /// An `EnvFilter` directive such as `info,sqlx=warn`; `RUST_LOG` overrides it.
    pub filter: String,
    /// Where spans go over OTLP/HTTP.
    #[serde(default)]
    pub otlp: OtlpSettings,
    /// The share of new traces recorded, 0.0 to 1.0, decided on the trace id
    /// (so every service decides alike); a request arriving with a sampled
    /// `traceparent` is always recorded (parent-based), one whose caller left
    /// the flag unset (the gateway) gets the ratio.
    #[serde(default = "all")]
    pub sampling_ratio: f64,
    /// How many finished spans `feira up` keeps in memory for its admin
    /// traces page; 0 keeps none. `feira serve` never keeps any.
    #[serde(default)]
    pub recent_spans: usize,
}

fn all() -> f64 {
    1.0
}

/// `telemetry.otlp` settings.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OtlpSettings {
    /// The collector's OTLP/HTTP base URL, such as `http://jaeger:4318`
    /// (`/v1/traces` is added); empty exports nothing.
    #[serde(default)]
    pub endpoint: String,
}

/// The running telemetry: flushes the spans still buffered when dropped.
#[derive(Debug, Default)]
pub struct Telemetry {
    provider: Option<SdkTracerProvider>,
}

impl Drop for Telemetry {
    fn drop(&mut self) {
        if let Some(provider) = self.provider.take() {
            // Best effort: the collector may be gone at shutdown.
            let _ = provider.shutdown();
        }
    }
}

/// The name of a span that is logged but never exported (a health probe's
/// request, say): the span layer's filter drops spans of this name.
pub const UNTRACED_SPAN: &str = "untraced request";

static RECENT: OnceLock<RecentSpans> = OnceLock::new();

/// The spans this process keeps in memory, when it keeps any (`feira up`).
pub fn recent() -> Option<&'static RecentSpans> {
    RECENT.get()
}

/// Installs the global subscriber: logs, and spans when an OTLP endpoint is
/// set or `keep_recent` (with `recent_spans` above 0) asks for the in-memory
/// store. `service` names the process in exported spans (`service.name`). A
/// second call (tests) installs nothing and returns an inert guard.
pub fn init(settings: &TelemetrySettings, service: &str, keep_recent: bool) -> Telemetry {
    opentelemetry::global::set_text_map_propagator(
        opentelemetry_sdk::propagation::TraceContextPropagator::new(),
    );
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(&settings.filter))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let keep = if keep_recent {
        settings.recent_spans
    } else {
        0
    };
    let provider = tracer_provider(settings, service, keep);
    // Spans have their own filter: a quiet log filter (`warn`) must not turn
    // tracing off.
    let otel = provider.as_ref().map(|provider| {
        tracing_opentelemetry::layer()
            .with_tracer(provider.tracer("feira"))
            .with_threads(false)
            .with_tracked_inactivity(false)
            // A dynamic filter makes every callsite it passes "sometimes":
            // the subscriber then asks the filters before each span instead
            // of trusting per-thread state a `log::log_enabled!` (sqlx asks
            // after every query) may have left stale, which dropped spans
            // from both layers (tokio-rs/tracing#2519).
            .with_filter(
                tracing_subscriber::filter::DynFilterFn::new(|meta, _| exported(meta))
                    .with_max_level_hint(tracing_subscriber::filter::LevelFilter::INFO),
            )
    });
    let installed = match otel {
        // Two layers, two filters.
        Some(otel) => tracing_subscriber::registry()
            .with(otel)
            .with(log_layer(settings.format).with_filter(filter))
            .try_init(),
        // Logs alone: one global filter, which keeps no per-thread state to
        // go stale.
        None => tracing_subscriber::registry()
            .with(filter)
            .with(log_layer(settings.format))
            .try_init(),
    };
    match installed {
        Ok(()) => Telemetry { provider },
        Err(_) => {
            tracing::debug!("a tracing subscriber was already installed");
            Telemetry::default()
        }
    }
}

/// The log lines' layer, in `format`.
fn log_layer<S>(format: LogFormat) -> Box<dyn Layer<S> + Send + Sync>
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    match format {
        LogFormat::Pretty => fmt::layer().compact().boxed(),
        LogFormat::Json => json_subscriber::fmt::layer()
            .with_current_span(true)
            .with_span_list(false)
            .with_opentelemetry_ids(true)
            .boxed(),
    }
}

/// Libraries whose own spans are no operator's question: lapin opens one
/// per turn of its I/O loop, enough to fill the export queue and crowd out
/// the spans that matter.
const QUIET_LIBRARIES: [&str; 3] = ["lapin", "amq_protocol", "pinky_swear"];

/// Target of the line each request ends with ([`crate::http`]): a log line,
/// never a span event (the span has the status already).
pub const ACCESS_LOG: &str = "feira::access";

/// Whether a span (or log line inside one) goes to the span layer: INFO and
/// above, neither an [`UNTRACED_SPAN`] nor a [`QUIET_LIBRARIES`] one, nor
/// the access log line. Nor a handler's span (a service's `http` module):
/// the request's server span stands for the handler, with its route, status
/// and user, and one span fewer per request is most of what tracing costs
/// an unsampled request (ADR 43). Handler spans stay in the log lines.
fn exported(meta: &tracing::Metadata<'_>) -> bool {
    *meta.level() <= tracing::Level::INFO
        && meta.name() != UNTRACED_SPAN
        && meta.target() != ACCESS_LOG
        && !(meta.is_span() && is_handler(meta.target()))
        && !QUIET_LIBRARIES.iter().any(|library| {
            meta.target()
                .strip_prefix(library)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with("::"))
        })
}

/// Whether `target` (a module path) is a service's HTTP handlers:
/// `<crate>::http` or below it, for any crate but the kit (whose `http`
/// module makes the server span itself).
fn is_handler(target: &str) -> bool {
    let mut path = target.split("::");
    path.next().is_some_and(|krate| krate != "kit") && path.next() == Some("http")
}

fn tracer_provider(
    settings: &TelemetrySettings,
    service: &str,
    keep: usize,
) -> Option<SdkTracerProvider> {
    let endpoint = settings.otlp.endpoint.trim();
    if endpoint.is_empty() && keep == 0 {
        return None;
    }
    let ratio = settings.sampling_ratio.clamp(0.0, 1.0);
    let mut builder = SdkTracerProvider::builder()
        // A sampled caller is followed whatever the ratio, so a trace is never
        // cut in half. A caller that did not decide (the gateway starts traces
        // with the flag unset) gets the ratio on the trace id: the same
        // decision in every service for the same trace (ADR 43).
        .with_sampler(
            Sampler::parent_based(Sampler::TraceIdRatioBased(ratio))
                .with_remote_parent_not_sampled(Sampler::TraceIdRatioBased(ratio)),
        )
        .with_max_attributes_per_span(64)
        .with_max_events_per_span(32)
        .with_resource(
            opentelemetry_sdk::Resource::builder()
                .with_service_name(service.to_owned())
                .build(),
        );
    if !endpoint.is_empty() {
        use opentelemetry_otlp::WithExportConfig;
        let url = if endpoint.ends_with("/v1/traces") {
            endpoint.to_owned()
        } else {
            format!("{}/v1/traces", endpoint.trim_end_matches('/'))
        };
        match opentelemetry_otlp::SpanExporter::builder()
            .with_http()
            .with_endpoint(url)
            .build()
        {
            Ok(exporter) => builder = builder.with_batch_exporter(exporter),
            // The process still serves; it says why it exports nothing.
            Err(error) => eprintln!("telemetry.otlp.endpoint {endpoint:?}: {error}"),
        }
    }
    if keep > 0 {
        let store = RECENT.get_or_init(|| RecentSpans::new(keep));
        builder = builder.with_span_processor(store.processor());
    }
    Some(builder.build())
}

#[cfg(test)]
mod tests {
    use super::is_handler;

    #[test]
    fn handler_spans_are_the_services_http_modules_but_not_the_kits() {
        assert!(is_handler("orders::http::orders"));
        assert!(is_handler("catalog::http"));
        assert!(!is_handler("kit::http"), "the server span itself");
        assert!(!is_handler("orders::service::checkout"));
        assert!(!is_handler("catalog::store::http_cache"));
        assert!(!is_handler("http"));
    }
}
