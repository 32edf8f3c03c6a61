import { formatMoney, formatMoneyOrFree } from "../lib/format";

/** An amount in minor units; `free` says "Free" for 0 (shipping). */
export function Price({
  amount,
  currency,
  free,
  className = "",
}: {
  amount: number;
  currency: string;
  free?: boolean;
  className?: string;
}) {
  return (
    <span className={`tabular-nums ${className}`}>
      {free ? formatMoneyOrFree(amount, currency) : formatMoney(amount, currency)}
    </span>
  );
}
