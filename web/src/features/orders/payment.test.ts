import { describe, expect, it } from "vitest";
import { brandName, paidWith } from "./payment";

describe("paidWith", () => {
  it("names the card that paid, not a declined one", () => {
    const paid = paidWith([
      { kind: "failed", card_last4: "0002", amount: 4998 },
      { kind: "authorized", card_last4: "4242", amount: 4998 },
      { kind: "captured", card_last4: "4242", amount: 4998, brand: "visa" },
    ]);
    expect(paid).toEqual({ brand: "Visa", last4: "4242", refunded: 0 });
  });

  it("prefers the order's payment method and adds up refunds", () => {
    const paid = paidWith(
      [
        { kind: "captured", card_last4: "4242", amount: 4998 },
        { kind: "refunded", card_last4: "4242", amount: 4998 },
      ],
      { brand: "mastercard", last4: "4444" },
    );
    expect(paid).toEqual({ brand: "Mastercard", last4: "4444", refunded: 4998 });
  });

  it("is nothing while nothing was paid", () => {
    expect(paidWith([{ kind: "failed", card_last4: "0002", amount: 1 }])).toBeNull();
    expect(brandName(null)).toBe("Card");
  });
});
