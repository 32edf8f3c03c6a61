/** What the order page says about how an order was paid. */
export interface PaidWith {
  /** "Visa", "Mastercard", … when the provider said; otherwise "Card". */
  brand: string;
  last4: string;
  /** Money sent back to the card, in minor units. */
  refunded: number;
}

interface Transaction {
  kind: string;
  card_last4: string;
  amount: number;
  brand?: string | null;
}

const BRANDS: Record<string, string> = {
  visa: "Visa",
  mastercard: "Mastercard",
  amex: "American Express",
  discover: "Discover",
  test: "Test card",
};

/** A brand code as people read it ("visa" → "Visa"); unknown ones keep their own spelling. */
export function brandName(code: string | null | undefined): string {
  if (!code) return "Card";
  return BRANDS[code.toLowerCase()] ?? code;
}

/**
 * The card that paid: the order's payment method when the API gives one,
 * else the last successful transaction's card. Declined attempts are not the
 * payment method. Null while nothing was paid.
 */
export function paidWith(
  payments: readonly Transaction[],
  method?: { brand?: string | null; last4: string } | null,
): PaidWith | null {
  const refunded = payments
    .filter((p) => p.kind === "refunded")
    .reduce((sum, p) => sum + p.amount, 0);
  if (method) return { brand: brandName(method.brand), last4: method.last4, refunded };
  const paid = [...payments]
    .reverse()
    .find((p) => p.kind === "captured" || p.kind === "authorized");
  if (!paid) return null;
  return { brand: brandName(paid.brand), last4: paid.card_last4, refunded };
}
