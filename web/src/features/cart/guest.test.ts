import { beforeEach, describe, expect, it } from "vitest";
import { addLine, guestSnapshot, itemCount, saveGuestCart, setLine, subtotal } from "./guest";

describe("guest cart", () => {
  beforeEach(() => saveGuestCart([]));

  it("adds up to the stock and never below one", () => {
    let lines = addLine([], "a", 2, 5);
    lines = addLine(lines, "a", 10, 5);
    expect(lines).toEqual([{ product_id: "a", quantity: 5 }]);
    expect(addLine([], "b", 1, 0)).toEqual([{ product_id: "b", quantity: 1 }]);
  });

  it("sets, removes at zero and keeps the order of lines", () => {
    const lines = setLine(setLine([], "a", 1), "b", 2);
    expect(setLine(lines, "a", 3).map((l) => l.product_id)).toEqual(["a", "b"]);
    expect(setLine(lines, "a", 0)).toEqual([{ product_id: "b", quantity: 2 }]);
  });

  it("totals the lines whose price is known", () => {
    const lines = [
      { product_id: "a", quantity: 2 },
      { product_id: "b", quantity: 1 },
    ];
    expect(subtotal(lines, { a: 1000, b: 250 })).toBe(2250);
    expect(subtotal(lines, { a: 1000 })).toBe(2000);
    expect(itemCount(lines)).toBe(3);
  });

  it("survives a reload through local storage and ignores garbage", () => {
    saveGuestCart([{ product_id: "a", quantity: 2 }]);
    expect(JSON.parse(localStorage.getItem("feira.guest-cart")!)).toEqual([
      { product_id: "a", quantity: 2 },
    ]);
    expect(guestSnapshot()).toEqual([{ product_id: "a", quantity: 2 }]);
    saveGuestCart([]);
    expect(localStorage.getItem("feira.guest-cart")).toBeNull();
  });
});
