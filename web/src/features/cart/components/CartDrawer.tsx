import * as Dialog from "@radix-ui/react-dialog";
import { Link } from "react-router";
import { useCart } from "../api";
import { CartLines } from "./CartLines";
import { CartSummary } from "./CartSummary";

/** The cart as a side panel, opened from the header on every page. */
export function CartDrawer() {
  const cart = useCart();
  return (
    <Dialog.Root>
      <Dialog.Trigger className="btn-secondary relative" aria-label={`Cart, ${cart.count} items`}>
        Cart
        <span className="rounded-full bg-indigo-700 px-2 text-xs text-white" aria-hidden="true">
          {cart.count}
        </span>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-black/40" />
        <Dialog.Content className="fixed inset-y-0 right-0 flex w-full max-w-md flex-col gap-4 overflow-y-auto bg-white p-6 shadow-xl dark:bg-slate-950">
          <div className="flex items-center justify-between">
            <Dialog.Title className="text-lg font-semibold">Your cart</Dialog.Title>
            <Dialog.Close className="btn-secondary" aria-label="Close cart">
              ✕
            </Dialog.Close>
          </div>
          <Dialog.Description className="sr-only">Items in your cart and totals</Dialog.Description>
          <CartLines cart={cart} compact />
          {cart.lines.length > 0 && (
            <>
              <CartSummary cart={cart} />
              <Dialog.Close asChild>
                <Link to="/cart" className="btn-secondary">
                  View cart
                </Link>
              </Dialog.Close>
              <Dialog.Close asChild>
                <Link to="/checkout" className="btn-primary">
                  Checkout
                </Link>
              </Dialog.Close>
            </>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
