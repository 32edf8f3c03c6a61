import { Link } from "react-router";
import { Price } from "../../../ui/Price";
import { Empty, ErrorState, Loading } from "../../../ui/states";
import { useMyOrders } from "../api";
import { STATUS } from "../orderStatus";
import { when } from "../when";

export function OrdersPage() {
  const orders = useMyOrders();
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
