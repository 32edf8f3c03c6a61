import { LinkButton } from "../../../ui/Button";
import { Breadcrumb } from "../../../ui/Breadcrumb";
import { PageHeader } from "../../../ui/Page";
import { plural } from "../../../lib/format";
import { useCart } from "../api";
import { CartLines } from "../components/CartLines";
import { CartSummary } from "../components/CartSummary";

export function CartPage() {
  const cart = useCart();
  return (
    <div className="mx-auto max-w-5xl">
      <PageHeader
        title="Your cart"
        breadcrumb={<Breadcrumb items={[{ label: "Home", to: "/" }, { label: "Cart" }]} />}
        description={
          cart.lines.length > 0 ? plural(cart.count, { one: "item", other: "items" }) : undefined
        }
      />
      <div className="grid gap-8 lg:grid-cols-[1fr_22rem]">
        <CartLines cart={cart} />
        {cart.lines.length > 0 && (
          <div className="space-y-3 lg:sticky lg:top-24 lg:self-start">
            <CartSummary cart={cart} />
            <LinkButton
              to={cart.signedIn ? "/checkout" : "/login?next=%2Fcheckout"}
              variant="primary"
              className="w-full"
            >
              {cart.signedIn ? "Checkout" : "Sign in to check out"}
            </LinkButton>
            <LinkButton to="/products" variant="ghost" className="w-full">
              Continue shopping
            </LinkButton>
          </div>
        )}
      </div>
    </div>
  );
}
