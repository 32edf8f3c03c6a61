import { describe, expect, it } from "vitest";
import { nameOfSlug, slugOf } from "./categories";

describe("category names", () => {
  it("makes a web name the catalog accepts from any name", () => {
    expect(slugOf("Home & Kitchen")).toBe("home-kitchen");
    expect(slugOf("  Café  Crème ")).toBe("cafe-creme");
    expect(slugOf("!!!")).toBe("");
    expect(slugOf("a".repeat(70))).toHaveLength(60);
    expect(slugOf(`${"a".repeat(59)} b`)).toBe("a".repeat(59));
  });

  it("reads a slug as a name when the list has none", () => {
    expect(nameOfSlug("home-kitchen")).toBe("Home kitchen");
  });
});
