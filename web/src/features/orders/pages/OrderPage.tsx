import { useParams } from "react-router";
import { Price } from "../../../ui/Price";
import { ErrorState, Loading } from "../../../ui/states";
import { useCancelOrder, useOrder } from "../api";
import { STATUS } from "../orderStatus";
import { when } from "../when";

export function OrderPage() {
  const { id = "" } = useParams();
  const order = useOrder(id);
  const cancel = useCancelOrder(id);
  if (order.isPending) return <Loading label="Loading order" />;
  if (order.error) return <ErrorState error={order.error} retry={() => void order.refetch()} />;
  const o = order.data;
  return (
    <article className="mx-auto max-w-3xl space-y-6">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">Order {o.number}</h1>
        <p
          className="rounded bg-slate-100 px-3 py-1 font-medium dark:bg-slate-800"
          data-testid="order-status"
        >
          {STATUS[o.status]}
        </p>
      </header>
      <section aria-labelledby="items" className="card p-4">
        <h2 id="items" className="mb-2 font-medium">
          Items
        </h2>
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {o.items.map((item) => (
            <li key={item.product_id} className="flex justify-between py-2">
              <span>
                {item.quantity} × {item.name}
              </span>
              <Price amount={item.line_total} currency={o.totals.currency} />
            </li>
          ))}
        </ul>
        <p className="mt-2 text-right font-semibold">
          Total <Price amount={o.totals.total} currency={o.totals.currency} />
        </p>
      </section>
      <section aria-labelledby="timeline" className="card p-4">
        <h2 id="timeline" className="mb-2 font-medium">
          Status
        </h2>
        <ol className="space-y-2 border-l-2 border-indigo-300 pl-4">
          {o.history.map((step, i) => (
            <li key={i}>
              <p className="font-medium">{STATUS[step.status]}</p>
              <p className="text-sm text-slate-600 dark:text-slate-400">
                {when(step.at)}
                {step.note ? ` · ${step.note}` : ""}
              </p>
            </li>
          ))}
        </ol>
        {o.shipment && (
          <p className="mt-3 text-sm">
            Sent with {o.shipment.carrier}, tracking {o.shipment.tracking_number}
          </p>
        )}
      </section>
      {o.status === "paid" && (
        <button
          type="button"
          className="btn-secondary"
          disabled={cancel.isPending}
          onClick={() => cancel.mutate()}
        >
          Cancel order
        </button>
      )}
    </article>
  );
}
