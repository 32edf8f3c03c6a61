import { Link } from "react-router";
import { formatDate, formatMoney, plural } from "../../../lib/format";
import { LinkButton } from "../../../ui/Button";
import { PageHeader } from "../../../ui/Page";
import { Empty, ErrorState, Loading } from "../../../ui/states";
import { useMyOrders } from "../api";
import { StatusBadge } from "../components/StatusBadge";

/** What an order holds, in a few words: "Shea Butter Soap and 2 more". */
function contents(items: readonly { name: string }[]): string {
  const [first, ...rest] = items;
  if (!first) return "";
  return rest.length === 0 ? first.name : `${first.name} and ${rest.length} more`;
}

/** The shopper's orders, newest first, each with its date, contents, status and total. */
export function OrdersPage() {
  const orders = useMyOrders();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="Your orders"
        description={
          orders.data && orders.data.total > 0
            ? plural(orders.data.total, { one: "order", other: "orders" })
            : undefined
        }
      />
      {orders.isPending ? (
        <Loading label="Loading orders" />
      ) : orders.error ? (
        <ErrorState error={orders.error} retry={() => void orders.refetch()} />
      ) : orders.data.items.length === 0 ? (
        <Empty
          title="No orders yet"
          action={
            <LinkButton to="/" variant="primary">
              Browse products
            </LinkButton>
          }
        >
          When you buy something, it shows here with its status.
        </Empty>
      ) : (
        <ul className="space-y-3" aria-label="Orders">
          {orders.data.items.map((order) => {
            const count = order.items.reduce((n, i) => n + i.quantity, 0);
            return (
              <li key={order.id}>
                <Link
                  to={`/orders/${order.id}`}
                  className="block rounded-xl border border-zinc-200 bg-white p-4 transition-colors hover:border-zinc-400 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-zinc-600"
                >
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <span className="font-semibold">{order.number}</span>
                    <StatusBadge status={order.status} />
                  </div>
                  <p className="mt-1 truncate text-sm">{contents(order.items)}</p>
                  <div className="mt-1 flex flex-wrap justify-between gap-2 text-sm text-zinc-600 dark:text-zinc-400">
                    <span>
                      <time dateTime={order.created_at}>{formatDate(order.created_at)}</time> ·{" "}
                      {plural(count, { one: "item", other: "items" })}
                    </span>
                    <span className="font-medium text-zinc-900 tabular-nums dark:text-white">
                      {formatMoney(order.totals.total, order.totals.currency)}
                    </span>
                  </div>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
