import { Link } from "react-router";
import { useCart } from "../api";
import { CartLines } from "../components/CartLines";
import { CartSummary } from "../components/CartSummary";

export function CartPage() {
  const cart = useCart();
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <h1 className="text-2xl font-semibold">Cart</h1>
      <CartLines cart={cart} />
      <CartSummary cart={cart} />
      {cart.lines.length > 0 && (
        <Link to="/checkout" className="btn-primary w-full">
          {cart.signedIn ? "Checkout" : "Sign in to check out"}
        </Link>
      )}
    </div>
  );
}
