import { ApiError } from "../../lib/problem";

/**
 * The order a declined card left awaiting payment, kept for this browser tab
 * so a reload of checkout pays that order instead of placing a second one.
 */
const KEY = "feira.checkout.pending-order";

export function loadPendingOrder(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function savePendingOrder(id: string | null): void {
  try {
    if (id) sessionStorage.setItem(KEY, id);
    else sessionStorage.removeItem(KEY);
  } catch {
    // Private mode without storage: the page still holds it while open.
  }
}

/** The order a `payment-declined` problem names, or null for any other error. */
export function declinedOrderId(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.slug !== "payment-declined") return null;
  const id = error.problem.order_id;
  return typeof id === "string" ? id : null;
}
