import { useState, type ReactNode } from "react";
import { useParams } from "react-router";
import type { components } from "../../../api/schema";
import { formatDateTime, formatMoney, formatMoneyOrFree, plural } from "../../../lib/format";
import { ApiError, problemMessage } from "../../../lib/problem";
import { Breadcrumb } from "../../../ui/Breadcrumb";
import { Button, LinkButton } from "../../../ui/Button";
import { useConfirm } from "../../../ui/confirm";
import { Field, FormError, TextInput } from "../../../ui/Field";
import { PageHeader } from "../../../ui/Page";
import { Price } from "../../../ui/Price";
import { ErrorState, Loading } from "../../../ui/states";
import { useAdminOrder, useDeliverOrder, useOrderEvents, useShipOrder } from "../api";
import { AdminNav } from "../components/AdminNav";
import { TableFrame } from "../components/TableFrame";
import { eventLabel, paymentLabel, paymentReason } from "../components/orderWords";
import { OrderStatusBadge } from "../components/OrderStatusBadge";
import { PANEL, THEAD } from "../components/table";

type OrderDetail = components["schemas"]["OrderDetail"];
type Entry = components["schemas"]["Entry"];

export function AdminOrderPage() {
  const { id = "" } = useParams();
  const order = useAdminOrder(id);
  const events = useOrderEvents(id);
  if (order.isPending) return <Loading label="Loading order" />;
  if (order.error) {
    const missing = order.error instanceof ApiError && order.error.status === 404;
    return (
      <div>
        <AdminNav />
        <PageHeader
          title={`${missing ? "Order not found" : "Order"} · Admin`}
          heading={missing ? "Order not found" : "Order"}
        />
        <ErrorState
          error={order.error}
          title={missing ? "There is no order at this address" : "This order could not be loaded"}
          retry={() => void order.refetch()}
        >
          <LinkButton to="/admin/orders">Back to orders</LinkButton>
        </ErrorState>
      </div>
    );
  }
  const o = order.data;
  return (
    <div className="space-y-4">
      <AdminNav />
      <PageHeader
        className="!mb-4"
        title={`Order ${o.number} · Admin`}
        heading={
          <span className="flex flex-wrap items-center gap-3">
            Order {o.number} <OrderStatusBadge status={o.status} />
          </span>
        }
        breadcrumb={
          <Breadcrumb items={[{ label: "Orders", to: "/admin/orders" }, { label: o.number }]} />
        }
        description={
          <>
            Placed <time dateTime={o.created_at}>{formatDateTime(o.created_at)}</time> ·{" "}
            {plural(
              o.items.reduce((n, i) => n + i.quantity, 0),
              { one: "item", other: "items" },
            )}{" "}
            · <Price amount={o.totals.total} currency={o.totals.currency} />
          </>
        }
      />
      <Fulfilment order={o} />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <div className="min-w-0 space-y-4 lg:col-span-2">
          <Items order={o} />
          <Payments order={o} />
        </div>
        <div className="min-w-0 space-y-4">
          <Section title="Customer">
            <p className="font-medium">{o.contact.name}</p>
            <p className="break-all">
              <a href={`mailto:${o.contact.email}`} className="underline">
                {o.contact.email}
              </a>
            </p>
            {o.contact.phone && <p>{o.contact.phone}</p>}
          </Section>
          <Section title="Shipping address">
            <address className="not-italic" data-testid="shipping-address">
              {o.shipping_address.recipient}
              <br />
              {o.shipping_address.line1}
              {o.shipping_address.line2 && (
                <>
                  <br />
                  {o.shipping_address.line2}
                </>
              )}
              <br />
              {o.shipping_address.postal_code} {o.shipping_address.city}
              {o.shipping_address.region && <>, {o.shipping_address.region}</>}
              <br />
              {countryName(o.shipping_address.country)}
            </address>
            {o.shipment && (
              <p className="mt-3 text-sm">
                Sent with {o.shipment.carrier}, tracking {o.shipment.tracking_number}
              </p>
            )}
          </Section>
          <Timeline
            entries={events.data}
            pending={events.isPending}
            error={events.error}
            retry={() => void events.refetch()}
          />
        </div>
      </div>
    </div>
  );
}

function countryName(code: string): string {
  try {
    return new Intl.DisplayNames(undefined, { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `section-${title.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <section aria-labelledby={id} className={`${PANEL} p-4 sm:p-5`}>
      <h2 id={id} className="mb-3 font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Items({ order: o }: { order: OrderDetail }) {
  const c = o.totals.currency;
  return (
    <Section title="Items">
      <TableFrame label="Items table">
        <table className="w-full text-left text-sm">
          <thead className={THEAD}>
            <tr>
              <th scope="col" className="py-2 pr-2">
                Product
              </th>
              <th scope="col" className="p-2 text-right">
                Unit price
              </th>
              <th scope="col" className="p-2 text-right">
                Qty
              </th>
              <th scope="col" className="py-2 pl-2 text-right">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {o.items.map((item) => (
              <tr key={item.product_id} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-2 pr-2">
                  <span className="block">{item.name}</span>
                  <span className="block text-xs text-zinc-600 dark:text-zinc-400">{item.sku}</span>
                </td>
                <td className="p-2 text-right tabular-nums">
                  <Price amount={item.unit_price} currency={c} />
                </td>
                <td className="p-2 text-right tabular-nums">{item.quantity}</td>
                <td className="py-2 pl-2 text-right tabular-nums">
                  <Price amount={item.line_total} currency={c} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableFrame>
      <dl className="mt-3 space-y-1 border-t border-zinc-200 pt-3 text-sm dark:border-zinc-800">
        <div className="flex justify-between">
          <dt>Subtotal</dt>
          <dd className="tabular-nums">{formatMoney(o.totals.subtotal, c)}</dd>
        </div>
        <div className="flex justify-between">
          <dt>Shipping</dt>
          <dd className="tabular-nums">{formatMoneyOrFree(o.totals.shipping, c)}</dd>
        </div>
        <div className="flex justify-between font-semibold">
          <dt>Total</dt>
          <dd className="tabular-nums">{formatMoney(o.totals.total, c)}</dd>
        </div>
      </dl>
    </Section>
  );
}

function Payments({ order: o }: { order: OrderDetail }) {
  return (
    <Section title="Payments">
      {o.payments.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No payment was attempted.</p>
      ) : (
        <ol aria-label="Payment attempts" className="space-y-2">
          {o.payments.map((p) => {
            const failed = p.kind === "failed";
            return (
              <li
                key={p.id}
                className={`flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1 rounded-md border p-3 text-sm ${
                  failed
                    ? "border-red-200 bg-red-50 dark:border-red-900 dark:bg-red-950/40"
                    : "border-zinc-200 dark:border-zinc-800"
                }`}
              >
                <span className="font-medium">
                  {paymentLabel(p.kind)}
                  {failed && p.failure_code && <>: {paymentReason(p.failure_code)}</>}
                </span>
                <span className="tabular-nums">{formatMoney(p.amount, p.currency)}</span>
                <span className="w-full text-xs text-zinc-600 dark:text-zinc-400">
                  <time dateTime={p.created_at}>{formatDateTime(p.created_at)}</time> · card ending{" "}
                  {p.card_last4}
                  {p.reference && <> · ref. {p.reference}</>}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </Section>
  );
}

function Timeline({
  entries,
  pending,
  error,
  retry,
}: {
  entries?: Entry[];
  pending: boolean;
  error: unknown;
  retry: () => void;
}) {
  return (
    <Section title="Timeline">
      {pending ? (
        <Loading label="Loading events" rows={2} />
      ) : error ? (
        <ErrorState error={error} retry={retry} />
      ) : !entries || entries.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No events yet.</p>
      ) : (
        <ol
          aria-label="Events"
          className="space-y-3 border-l-2 border-indigo-200 pl-4 dark:border-indigo-900"
        >
          {entries.map((e) => (
            <li key={e.event.id} className="relative">
              <span
                aria-hidden="true"
                className="absolute top-1.5 -left-[1.3rem] h-2 w-2 rounded-full bg-indigo-500"
              />
              <p className="text-sm font-medium">{eventLabel(e.event.type)}</p>
              <p className="text-xs text-zinc-600 dark:text-zinc-400">
                <time dateTime={e.event.time}>{formatDateTime(e.event.time)}</time> ·{" "}
                {e.sent_at
                  ? "sent to the other services"
                  : e.attempts > 0
                    ? `not sent yet (${plural(e.attempts, { one: "failed try", other: "failed tries" })})`
                    : "waiting to be sent"}
              </p>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}

function Fulfilment({ order: o }: { order: OrderDetail }) {
  const ship = useShipOrder();
  const deliver = useDeliverOrder();
  const confirm = useConfirm();
  const [carrier, setCarrier] = useState("");
  const [tracking, setTracking] = useState("");
  const [tried, setTried] = useState(false);
  if (o.status !== "paid" && o.status !== "shipped") return null;
  const carrierError = tried && !carrier.trim() ? "Enter the carrier." : undefined;
  const trackingError = tried && !tracking.trim() ? "Enter the tracking number." : undefined;
  const shipFailure =
    ship.error instanceof ApiError && ship.error.status === 409
      ? "This order can no longer be shipped: its status changed. The page shows it as it is now."
      : ship.error
        ? problemMessage(ship.error)
        : undefined;
  return (
    <section aria-labelledby="fulfilment" className={`${PANEL} p-4 sm:p-5`}>
      <h2 id="fulfilment" className="mb-3 font-semibold">
        {o.status === "paid" ? "Ship this order" : "Delivery"}
      </h2>
      {o.status === "paid" ? (
        <form
          noValidate
          className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-start"
          onSubmit={async (e) => {
            e.preventDefault();
            setTried(true);
            if (!carrier.trim() || !tracking.trim()) return;
            const ok = await confirm({
              title: `Mark ${o.number} as shipped?`,
              description: `${o.contact.name} is told it is on its way with ${carrier.trim()}, tracking ${tracking.trim()}. It can no longer be cancelled.`,
              confirmLabel: "Mark shipped",
              cancelLabel: "Not yet",
            });
            if (ok) {
              ship.mutate({
                id: o.id,
                carrier: carrier.trim(),
                tracking_number: tracking.trim(),
              });
            }
          }}
        >
          <Field label="Carrier" error={carrierError}>
            <TextInput
              name="carrier"
              value={carrier}
              onChange={(e) => setCarrier(e.target.value)}
            />
          </Field>
          <Field label="Tracking number" error={trackingError}>
            <TextInput
              name="tracking"
              value={tracking}
              onChange={(e) => setTracking(e.target.value)}
            />
          </Field>
          <Button type="submit" variant="primary" className="sm:mt-7" loading={ship.isPending}>
            Mark shipped
          </Button>
          <FormError className="sm:col-span-3">{shipFailure}</FormError>
        </form>
      ) : (
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm">
            On its way with {o.shipment?.carrier}, tracking {o.shipment?.tracking_number}.
          </p>
          <Button
            variant="primary"
            loading={deliver.isPending}
            onClick={async () => {
              const ok = await confirm({
                title: `Mark ${o.number} as delivered?`,
                description: `Only when ${o.contact.name} has the parcel: the order is then complete.`,
                confirmLabel: "Mark delivered",
                cancelLabel: "Not yet",
              });
              if (ok) deliver.mutate(o.id);
            }}
          >
            Mark delivered
          </Button>
        </div>
      )}
    </section>
  );
}
