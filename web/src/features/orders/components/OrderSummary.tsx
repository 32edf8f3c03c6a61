import { formatMoney, formatMoneyOrFree, plural } from "../../../lib/format";

/** One line of a summary: a cart line at checkout or an order's item. */
export interface SummaryLine {
  key: string;
  name: string;
  quantity: number;
  /** Per unit, when known. */
  unitPrice: number | null;
  lineTotal: number | null;
  image?: string | null;
}

export interface SummaryTotals {
  currency: string;
  subtotal: number;
  /** Null while it is not known yet (before an address). */
  shipping: number | null;
  total: number | null;
}

/**
 * Items, shipping and total, laid out so they visibly add up: the subtotal of
 * the lines plus shipping ("Free" when it is nothing) is the total.
 */
export function OrderSummary({
  lines,
  totals,
  title = "Order summary",
  headingId,
}: {
  lines: readonly SummaryLine[];
  totals: SummaryTotals;
  title?: string;
  headingId: string;
}) {
  const { currency } = totals;
  const count = lines.reduce((n, l) => n + l.quantity, 0);
  return (
    <section
      aria-labelledby={headingId}
      className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2
        id={headingId}
        className="flex items-baseline justify-between gap-2 text-base font-semibold"
      >
        {title}
        <span className="text-sm font-normal text-zinc-600 dark:text-zinc-400">
          {plural(count, { one: "item", other: "items" })}
        </span>
      </h2>
      <ul className="mt-3 divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Items">
        {lines.map((line) => (
          <li key={line.key} className="flex items-center gap-3 py-3">
            {line.image ? (
              <img
                src={line.image}
                alt=""
                width={48}
                height={48}
                loading="lazy"
                className="size-12 shrink-0 rounded-md bg-zinc-100 object-cover dark:bg-zinc-800"
              />
            ) : null}
            <div className="min-w-0 flex-1">
              <p className="truncate text-sm font-medium">{line.name}</p>
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                {line.quantity} ×{" "}
                {line.unitPrice === null ? "—" : formatMoney(line.unitPrice, currency)}
              </p>
            </div>
            <p className="text-sm font-medium tabular-nums">
              {line.lineTotal === null ? "—" : formatMoney(line.lineTotal, currency)}
            </p>
          </li>
        ))}
      </ul>
      <dl className="mt-2 space-y-1.5 border-t border-zinc-200 pt-3 text-sm dark:border-zinc-800">
        <div className="flex justify-between">
          <dt>Items</dt>
          <dd className="tabular-nums" data-testid="summary-subtotal">
            {formatMoney(totals.subtotal, currency)}
          </dd>
        </div>
        <div className="flex justify-between">
          <dt>Shipping</dt>
          <dd className="tabular-nums" data-testid="summary-shipping">
            {totals.shipping === null
              ? "Calculated next"
              : formatMoneyOrFree(totals.shipping, currency)}
          </dd>
        </div>
        {totals.total !== null && (
          <div className="flex justify-between border-t border-zinc-200 pt-2 text-base font-semibold dark:border-zinc-800">
            <dt>Total</dt>
            <dd className="tabular-nums" data-testid="summary-total">
              {formatMoney(totals.total, currency)}
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}
