import type { components } from "../../../api/schema";

type PaymentKind = components["schemas"]["PaymentKind"];

const EVENTS: Record<string, string> = {
  "order.placed": "Order placed",
  "order.paid": "Payment received",
  "order.payment_failed": "Payment failed",
  "order.shipped": "Shipped",
  "order.delivered": "Delivered",
  "order.cancelling": "Cancellation started",
  "order.cancelled": "Cancelled and refunded",
};

/** An outbox event's type in words: `order.paid` → "Payment received". */
export function eventLabel(type: string): string {
  const known = EVENTS[type];
  if (known) return known;
  const words = (type.split(".").pop() ?? type).replace(/[_-]+/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const KINDS: Record<PaymentKind, string> = {
  authorized: "Authorized",
  captured: "Charged",
  failed: "Declined",
  refunded: "Refunded",
};

/** What one payment transaction did, in words. */
export function paymentLabel(kind: PaymentKind): string {
  return KINDS[kind] ?? kind;
}

const REASONS: Record<string, string> = {
  card_declined: "the card was declined",
  insufficient_funds: "insufficient funds",
  card_not_supported: "this kind of card is not accepted",
  incorrect_cvc: "wrong security code",
  processing_error: "the card company had a problem",
};

/** A payment provider's failure code in words. */
export function paymentReason(code: string): string {
  return REASONS[code] ?? code.replace(/_/g, " ");
}
