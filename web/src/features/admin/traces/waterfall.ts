import type { components } from "../../../api/schema";

type SpanView = components["schemas"]["SpanView"];

/** A span placed in the waterfall: its depth in the tree and its bar. */
export interface Row {
  span: SpanView;
  depth: number;
  /** Where the bar starts and how wide it is, in percent of the trace. */
  offset: number;
  width: number;
}

/**
 * Orders spans as a tree, each parent before its children (children by
 * start), and places their bars on the trace's time line. A span whose parent
 * is not in the list (the gateway's, say) is a root.
 */
export function waterfall(spans: readonly SpanView[]): Row[] {
  if (spans.length === 0) return [];
  const start = Math.min(...spans.map((s) => s.start_us));
  const end = Math.max(...spans.map((s) => s.start_us + s.duration_us));
  const total = Math.max(end - start, 1);
  const ids = new Set(spans.map((s) => s.span_id));
  const children = new Map<string, SpanView[]>();
  const roots: SpanView[] = [];
  for (const span of [...spans].sort((a, b) => a.start_us - b.start_us)) {
    const parent = span.parent_span_id;
    if (parent && ids.has(parent) && parent !== span.span_id) {
      children.set(parent, [...(children.get(parent) ?? []), span]);
    } else {
      roots.push(span);
    }
  }
  const rows: Row[] = [];
  const seen = new Set<string>();
  const visit = (span: SpanView, depth: number) => {
    if (seen.has(span.span_id)) return;
    seen.add(span.span_id);
    const offset = ((span.start_us - start) / total) * 100;
    const width = Math.max((span.duration_us / total) * 100, 0.5);
    rows.push({ span, depth, offset, width: Math.min(width, 100 - offset) });
    for (const child of children.get(span.span_id) ?? []) visit(child, depth + 1);
  };
  for (const root of roots) visit(root, 0);
  // Spans only a cycle reaches (a malformed trace) still show, as roots.
  for (const span of spans) visit(span, 0);
  return rows;
}

/** A duration in microseconds as people read it: µs, ms or s. */
export function formatDuration(us: number): string {
  if (us < 1000) return `${us} µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(us < 10_000 ? 1 : 0)} ms`;
  return `${(us / 1_000_000).toFixed(2)} s`;
}
