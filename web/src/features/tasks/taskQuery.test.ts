import { describe, expect, it } from "vitest";
import {
  localToRfc3339,
  parseTags,
  parseTaskFilters,
  rfc3339ToLocal,
  taskSearch,
} from "./taskQuery";

describe("task filters in the URL", () => {
  it("round-trip and leave defaults out", () => {
    const f = parseTaskFilters(
      new URLSearchParams("status=pending&priority=high,urgent&tag=work&sort=title"),
    );
    expect(f).toMatchObject({
      status: "pending",
      priority: ["high", "urgent"],
      tag: "work",
      sort: "title",
    });
    expect(taskSearch(f).toString()).toBe(
      "status=pending&priority=high%2Curgent&tag=work&sort=title",
    );
    expect(taskSearch(parseTaskFilters(new URLSearchParams())).toString()).toBe("");
  });

  it("ignore unknown values", () => {
    const f = parseTaskFilters(new URLSearchParams("status=done&sort=colour&page=x"));
    expect(f).toMatchObject({ status: "", sort: "deadline,-priority", page: 1 });
  });
});

describe("deadlines", () => {
  it("carry the browser's offset and come back to the same local time", () => {
    const rfc = localToRfc3339("2026-12-01T17:30")!;
    expect(rfc).toMatch(/^2026-12-01T17:30:00[+-]\d\d:\d\d$/);
    expect(rfc3339ToLocal(new Date(rfc).toISOString())).toBe("2026-12-01T17:30");
    expect(localToRfc3339("")).toBeNull();
  });
});

it("splits typed tags", () => {
  expect(parseTags(" work, home ,, errands")).toEqual(["work", "home", "errands"]);
});
