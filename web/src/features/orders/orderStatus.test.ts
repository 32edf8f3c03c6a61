import { describe, expect, it } from "vitest";
import { stepNote, timeline } from "./orderStatus";

describe("timeline", () => {
  it("shows a paid order's past and what comes next", () => {
    const steps = timeline("paid", [
      { status: "pending_payment", at: "2026-12-01T10:00:00Z" },
      { status: "paid", at: "2026-12-01T10:00:01Z" },
    ]);
    expect(steps.map((s) => [s.label, s.state])).toEqual([
      ["Placed", "done"],
      ["Paid", "current"],
      ["Shipped", "upcoming"],
      ["Delivered", "upcoming"],
    ]);
  });

  it("ends at delivered or cancelled with nothing ahead", () => {
    const delivered = timeline("delivered", [
      { status: "pending_payment", at: "a" },
      { status: "paid", at: "b" },
      { status: "shipped", at: "c", note: "CTT RR1PT" },
      { status: "delivered", at: "d" },
    ]);
    expect(delivered.every((s) => s.state === "done")).toBe(true);
    expect(delivered[2]?.note).toBe("Sent with CTT RR1PT.");
    const cancelling = timeline("cancelling", [
      { status: "paid", at: "b" },
      { status: "cancelling", at: "c", note: "cancelled by the customer" },
    ]);
    expect(cancelling.map((s) => s.label)).toEqual(["Paid", "Cancelling", "Cancelled"]);
    expect(cancelling[1]?.note).toBe("You cancelled the order.");
  });
});

describe("stepNote", () => {
  it("never shows a code", () => {
    expect(stepNote("payment_failed", "card_declined")).toBe("The card was declined.");
    expect(stepNote("payment_failed", "processor_timeout")).toBe("The payment did not go through.");
    expect(stepNote("paid", "some_internal_code")).toBeUndefined();
    expect(stepNote("paid", null)).toBeUndefined();
  });
});
