import { describe, expect, it } from "vitest";
import { safeNext, withNext } from "./next";

describe("safeNext", () => {
  it("keeps a local path with its query and fragment", () => {
    expect(safeNext("/checkout")).toBe("/checkout");
    expect(safeNext("/orders/1?x=2#top")).toBe("/orders/1?x=2#top");
  });

  it("sends anything that is not a local path home", () => {
    for (const raw of [
      null,
      undefined,
      "",
      "checkout",
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
    ]) {
      expect(safeNext(raw)).toBe("/");
    }
  });
});

describe("withNext", () => {
  it("carries next along, encoded", () => {
    expect(withNext("/register", "/checkout?step=2")).toBe("/register?next=%2Fcheckout%3Fstep%3D2");
  });

  it("leaves the link plain when next is home", () => {
    expect(withNext("/login", "/")).toBe("/login");
  });
});
