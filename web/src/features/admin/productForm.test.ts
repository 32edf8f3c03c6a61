import { describe, expect, it } from "vitest";
import {
  BLANK_DRAFT,
  imagesError,
  readPrice,
  readStock,
  serverErrors,
  validateDraft,
} from "./productForm";

const valid = {
  ...BLANK_DRAFT,
  name: "Basket",
  sku: "BASKET-1",
  category: "home-kitchen",
  price: "12.50",
  stock: "3",
};

describe("product form", () => {
  it("says what is wrong with a price, case by case", () => {
    expect(readPrice("")).toEqual({ error: "Enter a price." });
    expect(readPrice("   ")).toEqual({ error: "Enter a price." });
    expect(readPrice("12,5x")).toEqual({ error: "Enter a price like 12.50." });
    expect(readPrice("12.505")).toEqual({ error: "Enter a price like 12.50." });
    expect(readPrice("-3")).toEqual({ error: "The price can't be negative." });
    expect(readPrice("-3,50")).toEqual({ error: "The price can't be negative." });
    expect(readPrice("12,5")).toEqual({ cents: 1250 });
    expect(readPrice("7")).toEqual({ cents: 700 });
    expect(readPrice("0.99")).toEqual({ cents: 99 });
  });

  it("reads the stock as a whole number", () => {
    expect(readStock("")).toHaveProperty("error");
    expect(readStock("-1")).toEqual({ error: "The stock can't be negative." });
    expect(readStock("1.5")).toEqual({ error: "Enter the stock as a whole number, like 12." });
    expect(readStock(" 12 ")).toEqual({ stock: 12 });
  });

  it("checks image addresses line by line", () => {
    expect(imagesError("")).toBeUndefined();
    expect(imagesError("https://example.com/a.jpg\n\n/api/catalog/images/b.svg")).toBeUndefined();
    expect(imagesError("not a url")).toBe(
      "Enter the image as a web address starting with https:// or a path on this site starting with /.",
    );
    expect(imagesError("https://example.com/a.jpg\nftp://x/y.png")).toBe(
      "Image 2 is not an image address: start it with https:// or with / for this site.",
    );
    expect(imagesError("javascript:alert(1)")).toBeDefined();
    expect(imagesError("http://example.com/a.jpg")).toBeDefined();
  });

  it("accepts a complete draft and names each missing field", () => {
    expect(validateDraft(valid)).toEqual({});
    expect(validateDraft(BLANK_DRAFT)).toEqual({
      name: "Enter a name.",
      sku: "Enter a SKU.",
      category: "Choose a category.",
      price: "Enter a price.",
    });
    expect(validateDraft({ ...valid, sku: "a b" }).sku).toMatch(/letters, digits/);
  });

  it("puts the server's slug error on the name and never names a hidden field", () => {
    const duplicate = serverErrors({
      type: "urn:feira:problem:duplicate",
      title: "Already exists",
      status: 409,
      errors: [{ field: "slug", message: "is already used by another product" }],
    });
    expect(duplicate.form).toBeUndefined();
    expect(duplicate.fields.name).toMatch(/^Another product already has this name/);

    const hidden = serverErrors({
      type: "urn:feira:problem:validation",
      title: "Invalid",
      status: 422,
      errors: [{ field: "attributes.x", message: "must not be blank" }],
    });
    expect(hidden.fields).toEqual({});
    expect(hidden.form).not.toMatch(/attributes/);

    const price = serverErrors({
      type: "urn:feira:problem:validation",
      title: "Invalid",
      status: 422,
      errors: [{ field: "price.amount", message: "must not be negative" }],
    });
    expect(price).toEqual({ fields: { price: "The price can't be negative." } });
  });
});
