import { Price } from "../../../ui/Price";
import type { Cart } from "../api";

export function CartSummary({ cart }: { cart: Cart }) {
  const t = cart.totals;
  if (!t) return null;
  return (
    <dl className="card grid grid-cols-2 gap-2 p-4 text-sm" aria-label="Totals">
      <dt>Subtotal</dt>
      <dd className="text-right">
        <Price amount={t.subtotal} currency={t.currency} />
      </dd>
      <dt>Shipping</dt>
      <dd className="text-right">
        {t.shipping === null ? "At checkout" : <Price amount={t.shipping} currency={t.currency} />}
      </dd>
      {t.total !== null && (
        <>
          <dt className="font-semibold">Total</dt>
          <dd className="text-right font-semibold" data-testid="cart-total">
            <Price amount={t.total} currency={t.currency} />
          </dd>
        </>
      )}
    </dl>
  );
}
