import { Badge } from "../../../ui/Badge";
import { stockState } from "../specs";

/** "In stock", "Only 3 left" or "Out of stock". */
export function StockBadge({ stock }: { stock: number }) {
  const state = stockState(stock);
  return (
    <Badge tone={state.tone} dot>
      {state.label}
    </Badge>
  );
}
