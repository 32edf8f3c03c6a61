import { useState } from "react";
import { LinkButton } from "../../../ui/Button";
import { Drawer } from "../../../ui/Dialog";
import { BagIcon } from "../../../ui/icons";
import { plural } from "../../../lib/format";
import { useCart } from "../api";
import { CartLines } from "./CartLines";
import { CartSummary } from "./CartSummary";

/** The cart as a side panel, opened from the header on every page. */
export function CartDrawer() {
  const cart = useCart();
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);
  return (
    <Drawer
      open={open}
      onOpenChange={setOpen}
      title="Your cart"
      description="Items in your cart and totals"
      closeLabel="Close cart"
      trigger={
        <button
          type="button"
          aria-label={`Cart, ${plural(cart.count, { one: "item", other: "items" })}`}
          className="relative inline-flex h-10 items-center justify-center gap-1.5 rounded-lg px-2.5 text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-white"
        >
          <BagIcon />
          <span className="hidden text-sm font-medium lg:inline">Cart</span>
          {cart.count > 0 && (
            <span
              aria-hidden="true"
              className="absolute top-0.5 right-0 min-w-5 rounded-full bg-indigo-600 px-1 text-center text-[11px] leading-5 font-semibold text-white lg:static lg:bg-zinc-900 dark:lg:bg-white dark:lg:text-zinc-900"
            >
              {cart.count}
            </span>
          )}
        </button>
      }
      footer={
        cart.lines.length > 0 && (
          <div className="space-y-3">
            <CartSummary cart={cart} />
            <div className="grid grid-cols-2 gap-2">
              <LinkButton to="/cart" onClick={close}>
                View cart
              </LinkButton>
              <LinkButton to="/checkout" variant="primary" onClick={close}>
                Checkout
              </LinkButton>
            </div>
          </div>
        )
      }
    >
      {cart.lines.length > 0 && (
        <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400">
          {plural(cart.count, { one: "item", other: "items" })}
        </p>
      )}
      <CartLines cart={cart} compact onNavigate={close} />
    </Drawer>
  );
}
