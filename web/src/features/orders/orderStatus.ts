/** Order statuses as shoppers and admins read them. */
export const STATUS: Record<string, string> = {
  pending_payment: "Awaiting payment",
  paid: "Paid",
  payment_failed: "Payment failed",
  shipped: "Shipped",
  delivered: "Delivered",
  cancelling: "Cancelling",
  cancelled: "Cancelled",
};

/** How a status badge is coloured: what is done, what is under way, what stopped. */
export type StatusTone = "success" | "info" | "warning" | "danger" | "neutral";

export const STATUS_TONE: Record<string, StatusTone> = {
  pending_payment: "warning",
  paid: "info",
  payment_failed: "danger",
  shipped: "info",
  delivered: "success",
  cancelling: "warning",
  cancelled: "neutral",
};

/** A step of the order's life as the timeline draws it. */
export interface TimelineStep {
  status: string;
  label: string;
  /** When it happened; absent for a step still to come. */
  at?: string;
  note?: string;
  state: "done" | "current" | "upcoming";
}

const DECLINES: Record<string, string> = {
  card_declined: "The card was declined.",
  insufficient_funds: "The card has insufficient funds.",
};

/** A history note in words a shopper reads, or nothing when it says nothing to them. */
export function stepNote(status: string, note: string | null | undefined): string | undefined {
  if (!note) return undefined;
  if (status === "cancelling" || status === "cancelled") {
    if (/customer/i.test(note)) return "You cancelled the order.";
    if (/admin/i.test(note)) return "The shop cancelled the order.";
  }
  if (status === "payment_failed") return DECLINES[note] ?? "The payment did not go through.";
  if (status === "shipped") return `Sent with ${note}.`;
  // Any other note is for the shop's people; codes never reach the shopper.
  return /^[a-z_]+$/.test(note) ? undefined : note;
}

/**
 * The timeline of an order: what happened (from its history, newest last) and,
 * while it is on its way, the steps still to come, so the shopper sees what
 * happens next. "Awaiting payment" is shown as the moment it was placed.
 */
export function timeline(
  status: string,
  history: readonly { status: string; at: string; note?: string | null }[],
): TimelineStep[] {
  const done: TimelineStep[] = history.map((h) => ({
    status: h.status,
    label: h.status === "pending_payment" ? "Placed" : (STATUS[h.status] ?? h.status),
    at: h.at,
    note: stepNote(h.status, h.note),
    state: "done",
  }));
  const ahead: Record<string, string[]> = {
    pending_payment: ["paid", "shipped", "delivered"],
    paid: ["shipped", "delivered"],
    shipped: ["delivered"],
    cancelling: ["cancelled"],
  };
  const last = done[done.length - 1];
  if (last) last.state = status === "delivered" || status === "cancelled" ? "done" : "current";
  const upcoming: TimelineStep[] = (ahead[status] ?? []).map((s) => ({
    status: s,
    label: STATUS[s] ?? s,
    state: "upcoming",
  }));
  return [...done, ...upcoming];
}
