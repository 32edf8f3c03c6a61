import { useState } from "react";
import type { components } from "../../../api/schema";
import { ApiError } from "../../../lib/problem";
import { useUpdateStock } from "../api";
import { readStock } from "../productForm";

type Product = components["schemas"]["Product"];

/** Why a stock change was refused, in words for the person who made it. */
function stockFailure(error: unknown): string {
  if (error instanceof ApiError && error.slug === "version-conflict") {
    return "Someone changed this product meanwhile; the new stock is shown. Enter yours again.";
  }
  if (error instanceof ApiError && error.status < 500) return "This stock could not be saved.";
  return "Not saved: the shop could not be reached. Try again.";
}

/**
 * The stock of one product, editable in place: Enter or leaving the field
 * saves it, Escape puts the saved value back. What happened is said beside it.
 */
export function StockCell({ product }: { product: Product }) {
  const [text, setText] = useState(String(product.stock));
  const [shown, setShown] = useState(product.stock);
  const [state, setState] = useState<
    { kind: "idle" | "saved" } | { kind: "error"; message: string }
  >({ kind: "idle" });
  const update = useUpdateStock();
  // A refetch brought a new stock (another tab, an order): show it unless mid-edit.
  if (product.stock !== shown) {
    setShown(product.stock);
    if (!update.isPending) setText(String(product.stock));
  }
  const id = `stock-${product.id}`;
  const save = () => {
    if (text.trim() === String(product.stock)) {
      if (state.kind === "error") setState({ kind: "idle" });
      return;
    }
    const read = readStock(text);
    if ("error" in read) {
      setState({ kind: "error", message: read.error });
      return;
    }
    update.mutate(
      { product, stock: read.stock },
      {
        onSuccess: (saved) => {
          setText(String(saved.stock));
          setState({ kind: "saved" });
        },
        onError: (error) => setState({ kind: "error", message: stockFailure(error) }),
      },
    );
  };
  return (
    <div className="min-w-24">
      <div className="flex items-center gap-2">
        <input
          id={id}
          type="text"
          inputMode="numeric"
          aria-label={`Stock of ${product.name}`}
          aria-invalid={state.kind === "error" ? true : undefined}
          aria-describedby={`${id}-status`}
          className={`input w-20 py-1 text-right tabular-nums ${
            state.kind === "error" ? "border-red-600 dark:border-red-400" : ""
          }`}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (state.kind === "saved") setState({ kind: "idle" });
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              save();
            } else if (e.key === "Escape") {
              setText(String(product.stock));
              setState({ kind: "idle" });
            }
          }}
          onBlur={save}
        />
      </div>
      <p id={`${id}-status`} aria-live="polite" className="mt-1 text-xs">
        {update.isPending ? (
          <span className="text-zinc-600 dark:text-zinc-400">Saving…</span>
        ) : state.kind === "saved" ? (
          <span className="text-emerald-700 dark:text-emerald-400">Saved</span>
        ) : state.kind === "error" ? (
          <span className="text-red-700 dark:text-red-400">{state.message}</span>
        ) : null}
      </p>
    </div>
  );
}
