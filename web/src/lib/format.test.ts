import { afterEach, describe, expect, it, vi } from "vitest";
import {
  formatBoolean,
  formatDate,
  formatDateTime,
  formatDay,
  formatMeasure,
  formatMoney,
  formatMoneyOrFree,
  formatNumber,
  formatRelative,
  parseMoney,
  plural,
  userLocale,
} from "./format";

describe("userLocale", () => {
  afterEach(() => vi.unstubAllGlobals());
  const browser = (languages: string[]) =>
    vi.stubGlobal("navigator", { languages, language: languages[0] });

  it("keeps the shopper's language and region", () => {
    browser(["de-DE", "en"]);
    expect(userLocale()).toBe("de-DE");
    browser(["en-GB"]);
    expect(userLocale()).toBe("en-GB");
  });

  it("writes US or plain English as the euro shop's English", () => {
    browser(["en-US"]);
    expect(userLocale()).toBe("en-IE");
    expect(formatDateTime("2026-12-02T15:41:00Z")).not.toMatch(/PM|12\/2/);
    browser(["en"]);
    expect(userLocale()).toBe("en-IE");
    browser(["not a locale!"]);
    expect(userLocale()).toBe("en-IE");
  });
});

describe("money", () => {
  it("formats minor units for the currency", () => {
    expect(formatMoney(1999, "EUR", "en-IE")).toBe("€19.99");
    expect(formatMoney(500, "JPY", "en-US")).toBe("¥500");
    expect(formatMoney(123456, "EUR", "de-DE")).toBe("1.234,56\u00a0€");
  });

  it("says Free for a zero charge and the amount otherwise", () => {
    expect(formatMoneyOrFree(0, "EUR", "en-IE")).toBe("Free");
    expect(formatMoneyOrFree(499, "EUR", "en-IE")).toBe("€4.99");
  });

  it("parses what people type into minor units", () => {
    expect(parseMoney("12.5")).toBe(1250);
    expect(parseMoney("12,50")).toBe(1250);
    expect(parseMoney(" 7 ")).toBe(700);
    expect(parseMoney("1.234")).toBeNull();
    expect(parseMoney("abc")).toBeNull();
    expect(parseMoney("12,5x")).toBeNull();
    expect(parseMoney("-3")).toBeNull();
    expect(parseMoney("")).toBeNull();
  });
});

describe("dates", () => {
  const moment = new Date(Date.UTC(2026, 11, 1, 14, 5, 37));

  it("writes the month in words, day first in a euro locale", () => {
    expect(formatDate(moment, "en-IE")).toBe("1 Dec 2026");
  });

  it("shows a moment to the minute, never the seconds", () => {
    const text = formatDateTime(moment, "en-IE");
    expect(text).toMatch(/^1 Dec 2026, \d{2}:\d{2}$/);
    expect(text).not.toContain(":37");
  });

  it("keeps a calendar day the same day in every time zone", () => {
    expect(formatDay("2026-03-09", "en-IE")).toBe("9 Mar 2026");
    expect(formatDay("not a day", "en-IE")).toBe("not a day");
  });

  it("says how long ago in words, and the date past a week", () => {
    const now = moment.getTime();
    expect(formatRelative(now - 5 * 60_000, now, "en-IE")).toBe("5 minutes ago");
    expect(formatRelative(now - 86_400_000, now, "en-IE")).toBe("yesterday");
    expect(formatRelative(now - 30 * 86_400_000, now, "en-IE")).toBe("1 Nov 2026");
  });
});

describe("numbers and plurals", () => {
  it("groups digits the locale's way", () => {
    expect(formatNumber(1234567, "en-IE")).toBe("1,234,567");
    expect(formatNumber(1234.5, "de-DE")).toBe("1.234,5");
  });

  it("picks the singular only for one", () => {
    const forms = { one: "product", other: "products" };
    expect(plural(0, forms, "en-IE")).toBe("0 products");
    expect(plural(1, forms, "en-IE")).toBe("1 product");
    expect(plural(2, forms, "en-IE")).toBe("2 products");
    expect(plural(1200, forms, "en-IE")).toBe("1,200 products");
  });

  it("formats measures with their units and facts as Yes or No", () => {
    expect(formatMeasure(500, "ml", "en-IE")).toBe("500 ml");
    expect(formatMeasure(1.5, "kg", "en-IE")).toBe("1.5 kg");
    expect(formatMeasure(60, "W", "en-IE")).toBe("60 W");
    expect(formatMeasure(1, "years", "en-IE")).toBe("1 year");
    expect(formatMeasure(2, "years", "en-IE")).toBe("2 years");
    expect(formatMeasure(1, "pages", "en-IE")).toBe("1 page");
    expect(formatMeasure(320, "pages", "en-IE")).toBe("320 pages");
    expect(formatBoolean(true)).toBe("Yes");
    expect(formatBoolean(false)).toBe("No");
  });
});
