import { describe, expect, it } from "vitest";
import { formatMoney, parseMoney } from "./money";

describe("money", () => {
  it("formats minor units for the currency", () => {
    expect(formatMoney(1999, "EUR", "en-IE")).toBe("€19.99");
    expect(formatMoney(500, "JPY", "en-US")).toBe("¥500");
  });

  it("parses what people type into minor units", () => {
    expect(parseMoney("12.5")).toBe(1250);
    expect(parseMoney("12,50")).toBe(1250);
    expect(parseMoney("7")).toBe(700);
    expect(parseMoney("1.234")).toBeNull();
    expect(parseMoney("abc")).toBeNull();
  });
});
