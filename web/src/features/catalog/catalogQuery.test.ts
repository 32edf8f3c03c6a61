import { describe, expect, it } from "vitest";
import {
  catalogSearch,
  parseCatalogQuery,
  searchSuggestion,
  validatePrice,
  withFilter,
} from "./catalogQuery";

describe("catalog URL state", () => {
  it("round-trips through the URL and leaves defaults out", () => {
    const query = parseCatalogQuery(new URLSearchParams("q=wool&sort=price&order=asc&page=3"));
    expect(query).toMatchObject({ q: "wool", sort: "price", order: "asc", page: 3 });
    expect(catalogSearch(query).toString()).toBe("q=wool&sort=price&order=asc&page=3");
    expect(catalogSearch(parseCatalogQuery(new URLSearchParams())).toString()).toBe("");
  });

  it("ignores values it does not know instead of sending them to the API", () => {
    const query = parseCatalogQuery(new URLSearchParams("sort=random&order=up&page=-2"));
    expect(query).toMatchObject({ sort: "newest", order: "", page: 1 });
  });

  it("goes back to page 1 when a filter changes", () => {
    const query = parseCatalogQuery(new URLSearchParams("q=wool&page=4"));
    expect(withFilter(query, { category: "fashion" }).page).toBe(1);
    expect(withFilter(query, { page: 5 }).page).toBe(5);
  });
});

describe("price filter", () => {
  it("accepts empty bounds and amounts written either way", () => {
    expect(validatePrice("", "")).toEqual({});
    expect(validatePrice("10", "12,50")).toEqual({});
    expect(validatePrice("5", "5")).toEqual({});
  });

  it("says which bound is not an amount", () => {
    expect(validatePrice("ten", "")).toEqual({ min: "Enter an amount like 10 or 12.50." });
    expect(validatePrice("", "12,5x")).toEqual({ max: "Enter an amount like 50 or 59.90." });
  });

  it("refuses a minimum above the maximum on the maximum's field", () => {
    expect(validatePrice("50", "20")).toEqual({ max: "Enter at least the minimum." });
  });
});

describe("search suggestions", () => {
  it("reads the server's spelling and whether the list is already for it", () => {
    expect(searchSuggestion({ did_you_mean: "keyboard", corrected: true })).toEqual({
      words: "keyboard",
      corrected: true,
    });
    expect(searchSuggestion({ did_you_mean: "keyboard" })).toEqual({
      words: "keyboard",
      corrected: false,
    });
    expect(searchSuggestion({ did_you_mean: null, items: [] })).toBeNull();
    expect(searchSuggestion(undefined)).toBeNull();
  });
});
