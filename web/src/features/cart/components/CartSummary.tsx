import { Price } from "../../../ui/Price";
import type { Cart } from "../api";

/** Subtotal, shipping ("Free" at 0) and total of the cart. */
export function CartSummary({ cart }: { cart: Cart }) {
  const t = cart.totals;
  if (!t) return null;
  return (
    <dl
      className="space-y-2 rounded-2xl bg-zinc-50 p-4 text-sm dark:bg-zinc-900"
      aria-label="Totals"
    >
      <div className="flex justify-between gap-4">
        <dt className="text-zinc-600 dark:text-zinc-400">Subtotal</dt>
        <dd>
          <Price amount={t.subtotal} currency={t.currency} />
        </dd>
      </div>
      <div className="flex justify-between gap-4">
        <dt className="text-zinc-600 dark:text-zinc-400">Shipping</dt>
        <dd>
          {t.shipping === null ? (
            <span className="block text-right text-zinc-600 dark:text-zinc-400">
              Calculated at checkout
            </span>
          ) : (
            <Price amount={t.shipping} currency={t.currency} free />
          )}
        </dd>
      </div>
      {t.total !== null && (
        <div className="flex justify-between border-t border-zinc-200 pt-2 text-base font-semibold dark:border-zinc-800">
          <dt>Total</dt>
          <dd data-testid="cart-total">
            <Price amount={t.total} currency={t.currency} />
          </dd>
        </div>
      )}
    </dl>
  );
}
