import { Link } from "react-router";
import { Price } from "../../../ui/Price";
import { Empty, ErrorState, Loading } from "../../../ui/states";
import type { Cart } from "../api";

const AVAILABILITY: Record<string, string> = {
  insufficient_stock: "Not enough stock for this quantity",
  out_of_stock: "Sold out",
  unavailable: "No longer sold",
};

export function CartLines({ cart, compact = false }: { cart: Cart; compact?: boolean }) {
  if (cart.loading && cart.lines.length === 0) return <Loading label="Loading cart" rows={2} />;
  if (cart.error) return <ErrorState error={cart.error} retry={() => void cart.refetch()} />;
  if (cart.lines.length === 0) {
    return (
      <Empty title="Your cart is empty">
        <Link to="/" className="underline">
          Browse the catalog
        </Link>
      </Empty>
    );
  }
  return (
    <ul className="space-y-3" aria-label="Cart items">
      {cart.lines.map((line) => (
        <li key={line.productId} className="card flex items-center gap-3 p-3">
          {line.image && !compact && (
            <img src={line.image} alt="" className="h-16 w-16 rounded object-cover" />
          )}
          <div className="min-w-0 flex-1">
            <p className="truncate font-medium">
              {line.slug ? <Link to={`/products/${line.slug}`}>{line.name}</Link> : line.name}
            </p>
            {AVAILABILITY[line.availability] && (
              <p className="text-sm text-red-700 dark:text-red-400">
                {AVAILABILITY[line.availability]}
              </p>
            )}
            {line.lineTotal !== null && (
              <p className="text-sm">
                <Price amount={line.lineTotal} currency={line.currency} />
              </p>
            )}
          </div>
          <label className="sr-only" htmlFor={`qty-${line.productId}`}>
            Quantity of {line.name}
          </label>
          <input
            id={`qty-${line.productId}`}
            type="number"
            min={0}
            max={Math.max(line.stock, line.quantity)}
            className="input w-20"
            value={line.quantity}
            onChange={(e) =>
              cart.setQuantity.mutate({
                productId: line.productId,
                quantity: Number(e.target.value),
              })
            }
          />
          <button
            type="button"
            className="btn-secondary"
            aria-label={`Remove ${line.name}`}
            onClick={() => cart.remove(line.productId)}
          >
            Remove
          </button>
        </li>
      ))}
    </ul>
  );
}
