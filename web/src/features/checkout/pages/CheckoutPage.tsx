import { useState } from "react";
import { useNavigate } from "react-router";
import { ApiError, checkoutMessage } from "../../../lib/problem";
import { Empty, Field, Loading } from "../../../ui/states";
import { useMe } from "../../account/api";
import { useCart } from "../../cart/api";
import { CartSummary } from "../../cart/components/CartSummary";
import { usePlaceOrder } from "../api";

const TEST_CARDS = [
  ["4242 4242 4242 4242", "pays"],
  ["4000 0000 0000 0002", "is declined"],
  ["4000 0000 0000 9995", "has insufficient funds"],
] as const;

type Address = {
  recipient: string;
  line1: string;
  line2: string;
  city: string;
  postal_code: string;
  country: string;
};
const EMPTY: Address = {
  recipient: "",
  line1: "",
  line2: "",
  city: "",
  postal_code: "",
  country: "PT",
};

/** Checkout for a signed-in shopper (the route guard sends guests to sign in first). */
export function CheckoutPage() {
  const cart = useCart();
  const navigate = useNavigate();
  const me = useMe();
  const [chosen, setChosen] = useState<string>("");
  const [address, setAddress] = useState<Address>(EMPTY);
  const [card, setCard] = useState("4242 4242 4242 4242");
  // One key per attempt: a double click or a network retry of the same
  // attempt replays the same order; a new attempt after a decline gets a new key.
  const [attemptKey, setAttemptKey] = useState(() => crypto.randomUUID());

  const saved = me.data?.addresses ?? [];
  const selected = saved.find((a) => a.id === (chosen || saved.find((s) => s.is_default)?.id));

  const place = usePlaceOrder({
    onPlaced: (order) => navigate(`/orders/${order.id}`),
    onFailed: () => setAttemptKey(crypto.randomUUID()),
  });
  const shipping = () =>
    selected
      ? {
          recipient: selected.recipient,
          line1: selected.line1,
          line2: selected.line2 ?? undefined,
          city: selected.city,
          postal_code: selected.postal_code,
          country: selected.country,
        }
      : { ...address, line2: address.line2 || undefined };
  const errors = place.error instanceof ApiError ? place.error.fieldErrors() : {};
  const field = (name: keyof Address) => ({
    name,
    value: address[name],
    error: errors[`shipping_address.${name}`],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) =>
      setAddress({ ...address, [name]: e.target.value }),
  });

  if (cart.loading || me.isPending) return <Loading label="Loading checkout" />;
  if (cart.lines.length === 0 && !place.isPending) return <Empty title="Your cart is empty" />;

  return (
    <form
      className="mx-auto grid max-w-4xl gap-6 md:grid-cols-[1fr_18rem]"
      onSubmit={(e) => {
        e.preventDefault();
        if (!place.isPending) {
          place.mutate({
            idempotencyKey: attemptKey,
            shipping: shipping(),
            cardNumber: card.replace(/\s/g, ""),
          });
        }
      }}
    >
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold">Checkout</h1>
        <fieldset className="space-y-3">
          <legend className="text-lg font-medium">Shipping address</legend>
          {saved.length > 0 && (
            <div>
              <label htmlFor="saved-address" className="label">
                Saved addresses
              </label>
              <select
                id="saved-address"
                className="input"
                value={selected?.id ?? "new"}
                onChange={(e) => setChosen(e.target.value === "new" ? "new" : e.target.value)}
              >
                {saved.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.label ?? a.recipient}: {a.line1}, {a.city}
                  </option>
                ))}
                <option value="new">A new address</option>
              </select>
            </div>
          )}
          {!selected && (
            <div className="grid gap-3 sm:grid-cols-2">
              <Field label="Recipient" autoComplete="name" required {...field("recipient")} />
              <Field label="Address" autoComplete="address-line1" required {...field("line1")} />
              <Field label="Address line 2" autoComplete="address-line2" {...field("line2")} />
              <Field label="City" autoComplete="address-level2" required {...field("city")} />
              <Field
                label="Postal code"
                autoComplete="postal-code"
                required
                {...field("postal_code")}
              />
              <Field
                label="Country (2 letters)"
                autoComplete="country"
                required
                maxLength={2}
                {...field("country")}
              />
            </div>
          )}
        </fieldset>
        <fieldset className="space-y-3">
          <legend className="text-lg font-medium">Payment</legend>
          <Field
            label="Card number"
            name="card_number"
            inputMode="numeric"
            autoComplete="cc-number"
            value={card}
            error={errors["payment.card_number"]}
            onChange={(e) => setCard(e.target.value)}
          />
          <div className="text-sm text-slate-600 dark:text-slate-400">
            <p>This shop takes test cards only:</p>
            <ul className="list-disc pl-5">
              {TEST_CARDS.map(([number, outcome]) => (
                <li key={number}>
                  <code>{number}</code> {outcome}
                </li>
              ))}
            </ul>
          </div>
        </fieldset>
        {place.error && (
          <p
            role="alert"
            className="rounded-md bg-red-50 p-3 text-red-800 dark:bg-red-950 dark:text-red-200"
          >
            {checkoutMessage(place.error)}
          </p>
        )}
      </div>
      <div className="space-y-3">
        <CartSummary cart={cart} />
        <button
          type="submit"
          className="btn-primary w-full"
          disabled={place.isPending || !cart.checkoutReady}
        >
          {place.isPending ? "Placing order…" : "Place order"}
        </button>
      </div>
    </form>
  );
}
