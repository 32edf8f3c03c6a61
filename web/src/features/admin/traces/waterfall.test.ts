import { describe, expect, it } from "vitest";
import { formatDuration, waterfall } from "./waterfall";

const span = (id: string, parent: string | null, start: number, duration: number) => ({
  trace_id: "t",
  span_id: id,
  parent_span_id: parent,
  name: id,
  kind: "internal",
  component: "orders",
  start_us: start,
  duration_us: duration,
  error: false,
  attributes: {},
  events: [],
});

describe("waterfall", () => {
  it("puts each parent before its children and places the bars on the trace's time line", () => {
    const rows = waterfall([
      span("child-2", "root", 60, 40),
      span("root", "gateway", 0, 100),
      span("child-1", "root", 10, 20),
      span("grandchild", "child-1", 15, 5),
    ]);
    expect(rows.map((r) => [r.span.span_id, r.depth])).toEqual([
      ["root", 0],
      ["child-1", 1],
      ["grandchild", 2],
      ["child-2", 1],
    ]);
    expect(rows[3]).toMatchObject({ offset: 60, width: 40 });
  });

  it("keeps a span whose parent is missing, and survives a cycle", () => {
    const rows = waterfall([span("a", "b", 0, 10), span("b", "a", 5, 10), span("lost", "x", 1, 1)]);
    expect(rows.map((r) => r.span.span_id).sort()).toEqual(["a", "b", "lost"]);
    expect(waterfall([])).toEqual([]);
  });

  it("says durations in the unit that reads best", () => {
    expect(formatDuration(850)).toBe("850 µs");
    expect(formatDuration(2500)).toBe("2.5 ms");
    expect(formatDuration(125_000)).toBe("125 ms");
    expect(formatDuration(3_200_000)).toBe("3.20 s");
  });
});
