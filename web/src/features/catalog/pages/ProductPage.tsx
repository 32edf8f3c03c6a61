import { useState } from "react";
import { useParams } from "react-router";
import { Price } from "../../../ui/Price";
import { ErrorState, Loading } from "../../../ui/states";
import { useCart } from "../../cart/api";
import { useProductBySlug } from "../api";

export function ProductPage() {
  const { slug = "" } = useParams();
  const product = useProductBySlug(slug);
  const cart = useCart();
  const [quantity, setQuantity] = useState(1);
  const [image, setImage] = useState(0);

  if (product.isPending) return <Loading label="Loading product" />;
  if (product.error)
    return <ErrorState error={product.error} retry={() => void product.refetch()} />;
  const p = product.data;
  const attributes = Object.entries(p.attributes ?? {});
  return (
    <article className="grid gap-8 md:grid-cols-2">
      <div>
        <img
          src={p.images[image] ?? ""}
          alt={p.name}
          className="aspect-square w-full rounded-lg bg-slate-100 object-cover dark:bg-slate-800"
        />
        {p.images.length > 1 && (
          <div className="mt-2 flex gap-2">
            {p.images.map((src, i) => (
              <button
                key={src}
                type="button"
                onClick={() => setImage(i)}
                aria-label={`Image ${i + 1}`}
              >
                <img src={src} alt="" className="h-16 w-16 rounded object-cover" />
              </button>
            ))}
          </div>
        )}
      </div>
      <div className="space-y-4">
        <h1 className="text-3xl font-semibold">{p.name}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {p.brand} · {p.category.replace(/-/g, " ")}
        </p>
        <p className="text-2xl">
          <Price amount={p.price.amount} currency={p.price.currency} />
        </p>
        <p>{p.description}</p>
        {attributes.length > 0 && (
          <dl className="grid grid-cols-2 gap-2 text-sm">
            {attributes.map(([key, value]) => (
              <div key={key} className="contents">
                <dt className="font-medium">{key.replace(/_/g, " ")}</dt>
                <dd>{String(value)}</dd>
              </div>
            ))}
          </dl>
        )}
        <p>{p.stock > 0 ? `${p.stock} in stock` : "Out of stock"}</p>
        <div className="flex items-end gap-3">
          <div className="w-24">
            <label htmlFor="quantity" className="label">
              Quantity
            </label>
            <input
              id="quantity"
              type="number"
              min={1}
              max={Math.max(1, p.stock)}
              className="input"
              value={quantity}
              onChange={(e) =>
                setQuantity(Math.max(1, Math.min(Number(e.target.value) || 1, p.stock)))
              }
            />
          </div>
          <button
            type="button"
            className="btn-primary"
            disabled={p.stock <= 0 || cart.add.isPending}
            onClick={() => cart.add.mutate({ productId: p.id, quantity, stock: p.stock })}
          >
            Add to cart
          </button>
        </div>
      </div>
    </article>
  );
}
