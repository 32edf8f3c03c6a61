import { describe, expect, it } from "vitest";
import { categoryName, formatSpecs, stockState } from "./specs";

describe("specifications", () => {
  it("reads units from keys and says Yes or No for flags", () => {
    expect(formatSpecs({ volume_ml: 500, vegan: false }, "en-IE")).toEqual([
      { key: "volume_ml", label: "Volume", value: "500 ml" },
      { key: "vegan", label: "Vegan", value: "No" },
    ]);
    expect(formatSpecs({ weight_grams: 1240, outdoor: true }, "en-IE")).toEqual([
      { key: "weight_grams", label: "Weight", value: "1,240 g" },
      { key: "outdoor", label: "Outdoor", value: "Yes" },
    ]);
  });

  it("writes years, languages, words and typed attributes for people", () => {
    const specs = formatSpecs(
      {
        warranty_years: 2,
        language: "en",
        format: "hardcover",
        size: "XL",
        dishwasher_safe: true,
        capacity: { value: 1.5, unit: "l", label: "Capacity" },
        guarantee: { value: 1, unit: "years" },
      },
      "en-IE",
    );
    expect(specs.map((s) => [s.label, s.value])).toEqual([
      ["Warranty", "2 years"],
      ["Language", "English"],
      ["Format", "Hardcover"],
      ["Size", "XL"],
      ["Dishwasher safe", "Yes"],
      ["Capacity", "1.5 l"],
      ["Guarantee", "1 year"],
    ]);
  });
});

describe("stock and categories", () => {
  it("says in stock, only a few left, or out of stock", () => {
    expect(stockState(12).label).toBe("In stock");
    expect(stockState(3)).toMatchObject({ label: "Only 3 left", tone: "warning" });
    expect(stockState(0)).toMatchObject({ label: "Out of stock", available: false });
  });

  it("names categories from their slugs", () => {
    expect(categoryName("home-kitchen")).toBe("Home & kitchen");
    expect(categoryName("books")).toBe("Books");
  });
});
