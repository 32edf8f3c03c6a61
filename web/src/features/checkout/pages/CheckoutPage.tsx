import { useEffect, useRef, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { fieldErrors, problemMessage } from "../../../lib/problem";
import { formatMoney, formatTime } from "../../../lib/format";
import { Button, LinkButton } from "../../../ui/Button";
import { Field, FormError, TextInput } from "../../../ui/Field";
import { PageHeader } from "../../../ui/Page";
import { Empty, ErrorState, Loading } from "../../../ui/states";
import { EMPTY_ADDRESS, addressLine, type AddressDraft } from "../../account/address";
import {
  addressFieldId,
  firstInvalid,
  serverAddressErrors,
  useAddressForm,
} from "../../account/addressForm";
import { useMe, useSendLink } from "../../account/api";
import { apiFetch } from "../../../api/client";
import { claimsOf } from "../../../auth/tokens";
import { useSession } from "../../../auth/useSession";
import { AddressFields } from "../../account/components/AddressFields";
import { useCart } from "../../cart/api";
import { useCountries, useOrder } from "../../orders/api";
import { AddressBlock } from "../../orders/components/AddressBlock";
import { OrderSummary } from "../../orders/components/OrderSummary";
import { usePayOrder, usePlaceOrder } from "../api";
import { declinedOrderId, loadPendingOrder, savePendingOrder } from "../pending";
import { TEST_CARDS, cardDigits, cardProblem, groupCardNumber } from "../card";

const NEW = "new";
const CARD_ID = "checkout-card-number";

/**
 * Checkout for a signed-in shopper (the route guard sends guests to sign in
 * first and back here): where it goes, how it is paid, what it costs. One
 * column on a phone with the total and "Place order" kept at the bottom of
 * the screen; the whole form works with Tab, Space and Enter.
 *
 * A declined card keeps its order awaiting payment (the server holds the
 * items and the cart stays): the page then pays that same order with the
 * next card, also after a reload or when opened from the order with `?pay=`.
 *
 * Placing an order needs a confirmed email (ADR 0041): until then the page
 * says so, offers the link again and keeps the button off.
 */
/** Focuses a field by id and brings it into view. */
function focus(id: string) {
  const element = document.getElementById(id);
  element?.focus();
  element?.scrollIntoView({ block: "center" });
}

export function CheckoutPage() {
  const cart = useCart();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [pendingId, setPendingIdState] = useState<string | null>(
    () => params.get("pay") ?? loadPendingOrder(),
  );
  const setPendingId = (id: string | null) => {
    savePendingOrder(id);
    setPendingIdState(id);
  };
  const pendingQuery = useOrder(pendingId ?? "", { enabled: Boolean(pendingId) });
  const pending = pendingQuery.data?.status === "pending_payment" ? pendingQuery.data : undefined;
  // An order that was paid, cancelled or expired meanwhile is no longer this page's.
  const stale = Boolean(pendingId && (pendingQuery.error || (pendingQuery.data && !pending)));
  useEffect(() => {
    if (stale) savePendingOrder(null);
  }, [stale]);
  const me = useMe();
  const session = useSession();
  const resend = useSendLink("verification");
  const countries = useCountries();
  const [chosen, setChosen] = useState<string | null>(null);
  const address = useAddressForm({ ...EMPTY_ADDRESS, country: "PT" }, countries.data);
  const [card, setCard] = useState<string>(TEST_CARDS[0].number);
  const [cardError, setCardError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const formErrorRef = useRef<HTMLDivElement>(null);
  // One key per attempt: a double click or a network retry of the same
  // attempt replays it; a new attempt after a decline gets a new key and pays
  // the same pending order.
  const [attemptKey, setAttemptKey] = useState(() => crypto.randomUUID());

  const saved = me.data?.addresses ?? [];
  const defaultId = saved.find((a) => a.is_default)?.id ?? saved[0]?.id;
  const selectedId = chosen ?? defaultId ?? NEW;
  const selected = saved.find((a) => a.id === selectedId);

  // After a decline the form is drawn again around the waiting order once it
  // has loaded: the card field takes focus then.
  const [focusCard, setFocusCard] = useState(0);
  const pendingShown = pending?.id;
  useEffect(() => {
    if (focusCard > 0) focus(CARD_ID);
  }, [focusCard, pendingShown]);

  const onDone = (order: { id: string }) => {
    setPendingId(null);
    navigate(`/orders/${order.id}`, { replace: true, state: { placed: true } });
  };
  const onFailed = (error: unknown) => {
    setAttemptKey(crypto.randomUUID());
    const declined = declinedOrderId(error);
    if (declined) {
      setPendingId(declined);
      setCardError(problemMessage(error));
      setFocusCard((n) => n + 1);
      return;
    }
    const fields = fieldErrors(error);
    const onAddress = serverAddressErrors(error, "shipping_address");
    const onCard = fields["payment.card_number"];
    if (onCard) setCardError(onCard);
    if (Object.keys(onAddress).length > 0 && !selected && !pending) {
      address.setErrors(onAddress);
      const first = firstInvalid(onAddress);
      if (first) focus(addressFieldId("checkout", first));
      return;
    }
    if (onCard) {
      focus(CARD_ID);
      return;
    }
    setFormError(
      Object.keys(onAddress).length > 0
        ? "The saved address cannot be used as it is. Choose “A new address” and enter it again."
        : problemMessage(error),
    );
    requestAnimationFrame(() => formErrorRef.current?.focus());
  };
  const place = usePlaceOrder({ onPlaced: onDone, onFailed });
  const pay = usePayOrder({ onPaid: onDone, onFailed });
  const busy = place.isPending || pay.isPending;

  if (cart.loading || me.isPending || (pendingId && pendingQuery.isPending && !stale))
    return <Loading label="Loading checkout" />;
  if (me.error) return <ErrorState error={me.error} retry={() => void me.refetch()} />;
  if (cart.lines.length === 0 && !pending && !busy && !place.isSuccess && !pay.isSuccess) {
    return (
      <>
        <PageHeader title="Checkout" />
        <Empty
          title="Your cart is empty"
          action={
            <LinkButton to="/" variant="primary">
              Browse products
            </LinkButton>
          }
        >
          Add something to your cart, then come back here to pay.
        </Empty>
      </>
    );
  }

  const shipping = (): AddressDraft & { line2?: string; region?: string } => {
    const a = selected ?? address.draft;
    return {
      recipient: a.recipient,
      line1: a.line1,
      line2: a.line2 || "",
      city: a.city,
      region: a.region || "",
      postal_code: a.postal_code,
      country: a.country,
    };
  };

  const unverified = !pending && me.data?.email_verified === false;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (busy || unverified) return;
    setFormError(null);
    const addressErrors = selected || pending ? {} : address.validate();
    const cardIssue = cardProblem(card);
    setCardError(cardIssue);
    const first = firstInvalid(addressErrors);
    if (first) return focus(addressFieldId("checkout", first));
    if (cardIssue) return focus(CARD_ID);
    if (pending) {
      pay.mutate({ orderId: pending.id, idempotencyKey: attemptKey, cardNumber: cardDigits(card) });
      return;
    }
    // Confirmed in another tab or device: this tab's token predates it.
    if (session.tokens && claimsOf(session.tokens.access_token)?.email_verified !== true) {
      await apiFetch.renew();
    }
    const s = shipping();
    place.mutate({
      idempotencyKey: attemptKey,
      shipping: { ...s, line2: s.line2 || undefined, region: s.region || undefined },
      cardNumber: cardDigits(card),
    });
  };

  // Awaiting payment, the order's own lines and totals are what the card pays.
  const totals = pending ? pending.totals : cart.totals;
  const lines = pending
    ? pending.items.map((i) => ({
        key: i.product_id,
        name: i.name,
        quantity: i.quantity,
        unitPrice: i.unit_price,
        lineTotal: i.line_total,
        image: cart.lines.find((l) => l.productId === i.product_id)?.image ?? null,
      }))
    : cart.lines.map((l) => ({
        key: l.productId,
        name: l.name,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        lineTotal: l.lineTotal,
        image: l.image,
      }));
  const payBy = pending?.pay_by;

  return (
    <>
      <PageHeader
        title="Checkout"
        description="Where it goes and how you pay. Nothing is charged until you place the order."
      />
      <form
        noValidate
        onSubmit={(e) => void submit(e)}
        aria-label="Checkout"
        className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem] lg:grid-rows-[auto_1fr] lg:items-start"
      >
        <div className="space-y-6 lg:row-span-2">
          {pending && (
            <p
              className="rounded-lg bg-amber-50 p-4 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
              data-testid="pending-order"
            >
              Order {pending.number} is waiting for payment. Nothing has been charged
              {payBy ? <>, and its items are held for you until {formatTime(payBy)}</> : null}. Pay
              it with another card below.
            </p>
          )}
          <fieldset className="space-y-4 rounded-xl border border-zinc-200 bg-white p-4 sm:p-6 dark:border-zinc-800 dark:bg-zinc-900">
            <legend className="float-left mb-2 w-full text-lg font-semibold">
              Shipping address
            </legend>
            {pending && (
              <div className="clear-left">
                <AddressBlock address={pending.shipping_address} />
              </div>
            )}
            {!pending && saved.length > 0 && (
              <div className="clear-left space-y-2" role="radiogroup" aria-label="Ship to">
                {[
                  ...saved.map((a) => ({
                    id: a.id,
                    title: a.label || a.recipient,
                    line: `${a.recipient} · ${addressLine(a)}`,
                  })),
                  { id: NEW, title: "A new address", line: "Enter it below" },
                ].map((option) => (
                  <label
                    key={option.id}
                    className="flex cursor-pointer items-start gap-3 rounded-lg border border-zinc-300 p-3 has-checked:border-indigo-600 has-checked:bg-indigo-50 dark:border-zinc-700 dark:has-checked:border-indigo-400 dark:has-checked:bg-indigo-950"
                  >
                    <input
                      type="radio"
                      name="ship-to"
                      value={option.id}
                      checked={selectedId === option.id}
                      onChange={() => setChosen(option.id)}
                      className="mt-1 size-4 accent-indigo-700 dark:accent-indigo-400"
                    />
                    <span className="min-w-0 text-sm">
                      <span className="block font-medium">{option.title}</span>
                      <span className="block text-zinc-600 dark:text-zinc-400">{option.line}</span>
                    </span>
                  </label>
                ))}
              </div>
            )}
            {!pending && !selected && (
              <div className="clear-left">
                {countries.error && (
                  <FormError className="mb-3">{problemMessage(countries.error)}</FormError>
                )}
                <AddressFields form={address} countries={countries.data} idPrefix="checkout" />
              </div>
            )}
          </fieldset>

          <fieldset className="space-y-4 rounded-xl border border-zinc-200 bg-white p-4 sm:p-6 dark:border-zinc-800 dark:bg-zinc-900">
            <legend className="float-left mb-2 w-full text-lg font-semibold">Payment</legend>
            <Field
              label="Card number"
              error={cardError}
              hint="This shop takes test cards only; nothing real is charged."
              className="clear-left"
            >
              <TextInput
                id={CARD_ID}
                name="card_number"
                inputMode="numeric"
                autoComplete="cc-number"
                placeholder="1234 1234 1234 1234"
                value={card}
                onChange={(e) => {
                  setCard(groupCardNumber(e.target.value));
                  setCardError(null);
                }}
              />
            </Field>
            <div>
              <p className="text-sm font-medium">Test cards</p>
              <ul className="mt-2 space-y-2" aria-label="Test cards">
                {TEST_CARDS.map((c) => (
                  <li
                    key={c.number}
                    className="flex flex-wrap items-center justify-between gap-2 text-sm"
                  >
                    <span>
                      <span className="font-mono tabular-nums">{c.number}</span>{" "}
                      <span className="text-zinc-600 dark:text-zinc-400">{c.outcome}</span>
                    </span>
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Use ${c.number}, which ${c.outcome}`}
                      onClick={() => {
                        setCard(c.number);
                        setCardError(null);
                      }}
                    >
                      Use
                    </Button>
                  </li>
                ))}
              </ul>
            </div>
          </fieldset>
        </div>

        {totals ? (
          <div className="lg:sticky lg:top-4 lg:col-start-2 lg:row-start-1">
            <OrderSummary lines={lines} totals={totals} headingId="checkout-summary" />
          </div>
        ) : null}

        <div className="sticky bottom-0 z-10 -mx-4 border-t border-zinc-200 bg-white/95 px-4 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] backdrop-blur lg:static lg:col-start-2 lg:row-start-2 lg:mx-0 lg:border-0 lg:bg-transparent lg:p-0 dark:border-zinc-800 dark:bg-zinc-950/95 lg:dark:bg-transparent">
          {formError && (
            <div
              ref={formErrorRef}
              tabIndex={-1}
              role="alert"
              className="mb-3 rounded-lg bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
            >
              {formError}
            </div>
          )}
          {unverified && (
            <div
              id="checkout-verify"
              className="mb-3 space-y-2 rounded-lg bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100"
            >
              <p>
                <strong className="font-semibold">Confirm your email to place the order.</strong>{" "}
                Follow the link we sent to <span className="break-all">{me.data?.email}</span>, then
                come back: your cart is kept.
              </p>
              {resend.isSuccess ? (
                <p role="status">A new link is on its way.</p>
              ) : (
                <Button
                  size="sm"
                  loading={resend.isPending}
                  onClick={() => me.data && resend.mutate(me.data.email)}
                >
                  Send the link again
                </Button>
              )}
              {resend.isError && <p role="alert">{problemMessage(resend.error)}</p>}
            </div>
          )}
          <Button
            type="submit"
            variant="primary"
            className="w-full"
            loading={busy}
            loadingLabel={pending ? "Paying…" : "Placing your order…"}
            disabled={(!pending && !cart.checkoutReady) || unverified}
            aria-describedby={unverified ? "checkout-verify" : undefined}
          >
            {busy ? (pending ? "Paying…" : "Placing order…") : pending ? "Pay now" : "Place order"}
            {totals?.total != null && !busy && (
              <span className="tabular-nums"> · {formatMoney(totals.total, totals.currency)}</span>
            )}
          </Button>
          {!pending && !cart.checkoutReady && (
            <p className="mt-2 text-sm text-amber-800 dark:text-amber-300">
              Some items in your cart cannot be bought as they are. Check your cart first.
            </p>
          )}
        </div>
      </form>
    </>
  );
}
