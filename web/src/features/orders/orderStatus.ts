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
