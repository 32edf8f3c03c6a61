import { Link, useParams } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { api, must } from "../api/client";
import { Price } from "../components/Price";
import { Empty, ErrorState, Loading } from "../components/states";
import { describeError } from "../lib/problem";
import { STATUS } from "../lib/orderStatus";

const when = (at: string) => new Date(at).toLocaleString();

export function OrdersPage() {
  const orders = useQuery({
    queryKey: ["orders", "mine"],
    queryFn: () => must(api.GET("/api/orders", { params: { query: { per_page: 50 } } })),
  });
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <h1 className="text-2xl font-semibold">Your orders</h1>
      {orders.isPending ? (
        <Loading label="Loading orders" />
      ) : orders.error ? (
        <ErrorState error={orders.error} retry={() => void orders.refetch()} />
      ) : orders.data.items.length === 0 ? (
        <Empty title="No orders yet" />
      ) : (
        <ul className="space-y-2">
          {orders.data.items.map((order) => (
            <li key={order.id}>
              <Link to={`/orders/${order.id}`} className="card flex justify-between p-4">
                <span>
                  <span className="font-medium">{order.number}</span>
                  <span className="ml-2 text-sm text-slate-600 dark:text-slate-400">
                    {when(order.created_at)}
                  </span>
                </span>
                <span className="flex gap-3">
                  <span>{STATUS[order.status]}</span>
                  <Price amount={order.totals.total} currency={order.totals.currency} />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function OrderPage() {
  const { id = "" } = useParams();
  const queryClient = useQueryClient();
  const order = useQuery({
    queryKey: ["orders", id],
    queryFn: () => must(api.GET("/api/orders/{id}", { params: { path: { id } } })),
  });
  const cancel = useMutation({
    mutationFn: () => must(api.POST("/api/orders/{id}/cancel", { params: { path: { id } } })),
    onSuccess: () => {
      toast.success("Order cancelled; the payment is refunded");
      return queryClient.invalidateQueries({ queryKey: ["orders"] });
    },
    onError: (error) => toast.error(describeError(error)),
  });
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
