import { useRef } from "react";
import { Link } from "react-router";
import { LinkButton } from "../../../ui/Button";
import { BagIcon } from "../../../ui/icons";
import { Price } from "../../../ui/Price";
import { Empty, ErrorState, Loading } from "../../../ui/states";
import { ProductImage } from "../../catalog/components/ProductImage";
import type { Cart } from "../api";

const AVAILABILITY: Record<string, string> = {
  insufficient_stock: "Not enough stock for this quantity",
  out_of_stock: "Sold out",
  unavailable: "No longer sold",
};

const stepper =
  "inline-flex size-9 items-center justify-center text-lg text-zinc-700 hover:bg-zinc-100 aria-disabled:cursor-not-allowed aria-disabled:opacity-40 dark:text-zinc-300 dark:hover:bg-zinc-800";

/**
 * The cart's lines: a thumbnail, the name, the unit price and the line total,
 * a quantity stepper that stops at the stock, and a remove button naming the product.
 */
export function CartLines(props: {
  cart: Cart;
  compact?: boolean;
  /** Called when a link inside is followed (the drawer closes). */
  onNavigate?: () => void;
}) {
  // A removed line takes its button with it: focus stays in the cart, not on the body.
  const box = useRef<HTMLDivElement>(null);
  return (
    <div ref={box} tabIndex={-1} className="outline-none">
      <Lines {...props} onRemoved={() => box.current?.focus()} />
    </div>
  );
}

function Lines({
  cart,
  compact = false,
  onNavigate,
  onRemoved,
}: {
  cart: Cart;
  compact?: boolean;
  onNavigate?: () => void;
  onRemoved: () => void;
}) {
  if (cart.loading && cart.lines.length === 0) return <Loading label="Loading cart" rows={2} />;
  if (cart.error) return <ErrorState error={cart.error} retry={() => void cart.refetch()} />;
  if (cart.lines.length === 0) {
    return (
      <Empty
        title="Your cart is empty"
        icon={<BagIcon />}
        action={
          <LinkButton to="/products" variant="primary" onClick={onNavigate}>
            Browse products
          </LinkButton>
        }
      >
        Find something you like and it will wait for you here.
      </Empty>
    );
  }
  const busy = cart.setQuantity.isPending;
  return (
    <ul
      className="divide-y divide-zinc-200 dark:divide-zinc-800"
      aria-label="Cart items"
      data-compact={compact || undefined}
    >
      {cart.lines.map((line) => {
        const problem = AVAILABILITY[line.availability];
        return (
          <li key={line.productId} className="flex gap-4 py-4 first:pt-0">
            <div className={compact ? "w-16 shrink-0" : "w-20 shrink-0 sm:w-24"}>
              {line.slug ? (
                <Link
                  to={`/products/${line.slug}`}
                  tabIndex={-1}
                  aria-hidden="true"
                  onClick={onNavigate}
                >
                  <ProductImage url={line.image} alt="" sizes="96px" className="rounded-lg" />
                </Link>
              ) : (
                <ProductImage url={line.image} alt="" sizes="96px" className="rounded-lg" />
              )}
            </div>
            <div className="flex min-w-0 flex-1 flex-col gap-2">
              <div className="flex items-start justify-between gap-3">
                <div className="min-w-0">
                  <p className="text-sm font-medium">
                    {line.slug ? (
                      <Link
                        to={`/products/${line.slug}`}
                        className="hover:underline"
                        onClick={onNavigate}
                      >
                        {line.name}
                      </Link>
                    ) : (
                      line.name
                    )}
                  </p>
                  {line.unitPrice !== null && (
                    <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
                      <Price amount={line.unitPrice} currency={line.currency} /> each
                    </p>
                  )}
                  {problem && (
                    <p className="mt-1 text-xs font-medium text-red-700 dark:text-red-400">
                      {problem}
                      {line.availability === "insufficient_stock" && line.stock > 0
                        ? ` — only ${line.stock} left.`
                        : "."}
                    </p>
                  )}
                </div>
                {line.lineTotal !== null && (
                  <Price
                    amount={line.lineTotal}
                    currency={line.currency}
                    className="text-sm font-semibold"
                  />
                )}
              </div>
              <div className="flex items-center justify-between gap-3">
                <div
                  role="group"
                  aria-label={`Quantity of ${line.name}`}
                  className="inline-flex items-center overflow-hidden rounded-lg border border-zinc-300 dark:border-zinc-700"
                >
                  <button
                    type="button"
                    className={stepper}
                    aria-label={`One fewer ${line.name}`}
                    // aria-disabled keeps focus on the button at the limit; disabled would drop it to the body.
                    aria-disabled={busy || line.quantity <= 1}
                    onClick={() =>
                      !busy &&
                      line.quantity > 1 &&
                      cart.setQuantity.mutate({
                        productId: line.productId,
                        quantity: line.quantity - 1,
                      })
                    }
                  >
                    −
                  </button>
                  <span
                    className="min-w-8 text-center text-sm tabular-nums"
                    aria-live="polite"
                    data-testid="line-quantity"
                  >
                    {line.quantity}
                  </span>
                  <button
                    type="button"
                    className={stepper}
                    aria-label={`One more ${line.name}`}
                    aria-disabled={busy || line.quantity >= line.stock}
                    onClick={() =>
                      !busy &&
                      line.quantity < line.stock &&
                      cart.setQuantity.mutate({
                        productId: line.productId,
                        quantity: line.quantity + 1,
                      })
                    }
                  >
                    +
                  </button>
                </div>
                <button
                  type="button"
                  className="rounded text-sm text-zinc-600 underline-offset-4 hover:text-zinc-900 hover:underline dark:text-zinc-400 dark:hover:text-white"
                  aria-label={`Remove ${line.name}`}
                  onClick={() => {
                    onRemoved();
                    cart.remove(line.productId);
                  }}
                >
                  Remove
                </button>
              </div>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
