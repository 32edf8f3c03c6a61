import { useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { formatDateTime, formatMoney } from "../../../lib/format";
import { isNotFound } from "../../../lib/problem";
import { Button, LinkButton } from "../../../ui/Button";
import { ConfirmDialog } from "../../../ui/Dialog";
import { PageHeader } from "../../../ui/Page";
import { ErrorState, Loading } from "../../../ui/states";
import { useCancelOrder, useOrder } from "../api";
import { AddressBlock } from "../components/AddressBlock";
import { OrderSummary } from "../components/OrderSummary";
import { StatusBadge } from "../components/StatusBadge";
import { StatusTimeline } from "../components/StatusTimeline";
import { paidWith } from "../payment";

const card =
  "rounded-xl border border-zinc-200 bg-white p-4 sm:p-5 dark:border-zinc-800 dark:bg-zinc-900";

/**
 * One order: what was bought and what it cost (items + shipping = total),
 * where it goes, how it was paid, where it is now (live: the notifications
 * stream refreshes it) and, while it can be, a cancel that says what happens.
 * Right after checkout it opens as the confirmation, with what happens next.
 */
export function OrderPage() {
  const { id = "" } = useParams();
  const location = useLocation();
  const placed = (location.state as { placed?: boolean } | null)?.placed === true;
  const order = useOrder(id);
  const cancel = useCancelOrder(id);
  const [asking, setAsking] = useState(false);

  if (order.isPending) return <Loading label="Loading order" />;
  if (order.error) {
    return (
      <>
        <PageHeader title={isNotFound(order.error) ? "Order not found" : "Order"} />
        <ErrorState
          error={order.error}
          title={isNotFound(order.error) ? "There is no such order" : undefined}
          retry={() => void order.refetch()}
        >
          <LinkButton to="/orders">Your orders</LinkButton>
        </ErrorState>
      </>
    );
  }
  const o = order.data;
  const currency = o.totals.currency;
  const paid = paidWith(o.payments, o.payment_method);
  const lines = o.items.map((item) => ({
    key: item.product_id,
    name: item.name,
    quantity: item.quantity,
    unitPrice: item.unit_price,
    lineTotal: item.line_total,
  }));
  const confirmed = placed && (o.status === "paid" || o.status === "pending_payment");

  return (
    <article className="mx-auto max-w-5xl">
      <PageHeader
        title={confirmed ? `Order ${o.number} confirmed` : `Order ${o.number}`}
        heading={`Order ${o.number}`}
        breadcrumb={
          <nav aria-label="Breadcrumb" className="mb-2 text-sm">
            <Link
              to="/orders"
              className="text-zinc-600 underline-offset-4 hover:underline dark:text-zinc-400"
            >
              Your orders
            </Link>
          </nav>
        }
        description={
          <>
            Placed <time dateTime={o.created_at}>{formatDateTime(o.created_at)}</time>
          </>
        }
        actions={<StatusBadge status={o.status} testId="order-status" />}
      />

      {confirmed && (
        <section
          aria-labelledby="confirmation"
          className="mb-6 rounded-xl border border-emerald-200 bg-emerald-50 p-4 sm:p-5 dark:border-emerald-900 dark:bg-emerald-950"
        >
          <h2
            id="confirmation"
            className="flex items-center gap-2 text-lg font-semibold text-emerald-900 dark:text-emerald-100"
          >
            <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="currentColor">
              <path
                fillRule="evenodd"
                d="M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm3.86-9.81a.75.75 0 0 0-1.22-.88l-3.24 4.49-1.6-1.6a.75.75 0 1 0-1.06 1.06l2.22 2.22a.75.75 0 0 0 1.14-.09l3.76-5.2Z"
              />
            </svg>
            Thank you, your order is confirmed
          </h2>
          <p className="mt-1 text-sm text-emerald-900 dark:text-emerald-100">
            We have sent the confirmation to {o.contact.email}.
          </p>
          <h3 className="mt-4 text-sm font-semibold text-emerald-900 dark:text-emerald-100">
            What happens next
          </h3>
          <ol className="mt-1 list-decimal space-y-1 pl-5 text-sm text-emerald-900 dark:text-emerald-100">
            <li>We pack your order and hand it to the carrier, usually within two working days.</li>
            <li>
              When it ships you get an email and a notification here with the tracking number.
            </li>
            <li>
              Until it ships you can cancel it on this page; the payment goes back to your card in
              full.
            </li>
          </ol>
        </section>
      )}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem] lg:items-start">
        <div className="space-y-6">
          <OrderSummary lines={lines} totals={o.totals} title="Items" headingId="order-items" />
          <section aria-labelledby="order-progress" className={card}>
            <h2 id="order-progress" className="mb-4 text-base font-semibold">
              Progress
            </h2>
            <StatusTimeline status={o.status} history={o.history} />
            {o.shipment && (
              <p className="mt-4 text-sm" data-testid="shipment">
                Sent with {o.shipment.carrier}, tracking {o.shipment.tracking_number}
              </p>
            )}
          </section>
        </div>
        <div className="space-y-6">
          <section aria-labelledby="order-address" className={card}>
            <h2 id="order-address" className="mb-2 text-base font-semibold">
              Shipping to
            </h2>
            <AddressBlock address={o.shipping_address} />
          </section>
          <section aria-labelledby="order-payment" className={card}>
            <h2 id="order-payment" className="mb-2 text-base font-semibold">
              Payment
            </h2>
            {paid ? (
              <div className="space-y-1 text-sm" data-testid="payment-method">
                <p>
                  {paid.brand} <span aria-label="ending in">••••</span> {paid.last4}
                </p>
                <p className="text-zinc-600 dark:text-zinc-400">
                  {formatMoney(o.totals.total, currency)} charged
                </p>
                {paid.refunded > 0 && (
                  <p className="text-zinc-600 dark:text-zinc-400">
                    {formatMoney(paid.refunded, currency)} refunded to this card
                  </p>
                )}
              </div>
            ) : (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">Not paid yet.</p>
            )}
          </section>
          {o.status === "pending_payment" && (
            <section aria-labelledby="order-pay" className={card}>
              <h2 id="order-pay" className="mb-1 text-base font-semibold">
                Waiting for payment
              </h2>
              <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
                The last card was declined and nothing was charged. Pay with another card to have it
                sent.
              </p>
              <LinkButton to={`/checkout?pay=${o.id}`} variant="primary" className="w-full">
                Pay now
              </LinkButton>
            </section>
          )}
          {o.status === "paid" && (
            <section aria-labelledby="order-cancel" className={card}>
              <h2 id="order-cancel" className="mb-1 text-base font-semibold">
                Changed your mind?
              </h2>
              <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
                You can cancel until the order ships. We refund the full amount to your card.
              </p>
              <Button className="w-full" loading={cancel.isPending} onClick={() => setAsking(true)}>
                Cancel order
              </Button>
            </section>
          )}
          {o.status === "cancelling" && (
            <p className="text-sm text-zinc-600 dark:text-zinc-400" role="status">
              The order is cancelled; the refund to your card is being completed.
            </p>
          )}
        </div>
      </div>
      <ConfirmDialog
        open={asking}
        title={`Cancel order ${o.number}?`}
        description={
          <>
            The order will not be sent, and the {formatMoney(o.totals.total, currency)} you paid
            goes back to {paid ? `your card ending in ${paid.last4}` : "your card"}. Refunds usually
            show within 5 to 10 working days. This cannot be undone.
          </>
        }
        confirmLabel="Cancel order"
        cancelLabel="Keep order"
        destructive
        busy={cancel.isPending}
        onCancel={() => setAsking(false)}
        onConfirm={() => cancel.mutate(undefined, { onSettled: () => setAsking(false) })}
      />
    </article>
  );
}
