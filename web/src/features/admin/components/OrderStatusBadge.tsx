import type { components } from "../../../api/schema";
import { Badge, type BadgeTone } from "../../../ui/Badge";
import { STATUS } from "../../orders/orderStatus";

type OrderStatus = components["schemas"]["OrderStatus"];

const TONE: Record<OrderStatus, BadgeTone> = {
  pending_payment: "warning",
  paid: "info",
  payment_failed: "danger",
  shipped: "info",
  delivered: "success",
  cancelling: "neutral",
  cancelled: "neutral",
};

/** An order's status as a coloured label; the words carry the meaning. */
export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  return (
    <Badge tone={TONE[status] ?? "neutral"} dot>
      <span data-testid="order-status-badge">{STATUS[status] ?? status}</span>
    </Badge>
  );
}
