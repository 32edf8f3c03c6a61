import { Badge } from "../../../ui/Badge";
import { STATUS, STATUS_TONE } from "../orderStatus";

/** An order's status as a coloured label; the words carry the meaning. */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <Badge tone={STATUS_TONE[status] ?? "neutral"} dot>
      <span data-testid={testId}>{STATUS[status] ?? status}</span>
    </Badge>
  );
}
