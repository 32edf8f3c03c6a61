import { Link, useSearchParams } from "react-router";
import type { components } from "../../../api/schema";
import { formatDateTime, plural } from "../../../lib/format";
import { Field, Select } from "../../../ui/Field";
import { PageHeader } from "../../../ui/Page";
import { Pagination } from "../../../ui/Pagination";
import { Price } from "../../../ui/Price";
import { Empty, ErrorState, Loading } from "../../../ui/states";
import { STATUS } from "../../orders/orderStatus";
import { ADMIN_PER_PAGE, useAdminOrders } from "../api";
import { AdminNav } from "../components/AdminNav";
import { TableFrame } from "../components/TableFrame";
import { OrderStatusBadge } from "../components/OrderStatusBadge";
import { PANEL, STICKY_CELL, THEAD, toTop } from "../components/table";

type Order = components["schemas"]["Order"];
type OrderStatus = components["schemas"]["OrderStatus"];

const itemCount = (o: Order) => o.items.reduce((n, i) => n + i.quantity, 0);

export function AdminOrdersPage() {
  const [params, setParams] = useSearchParams();
  const raw = params.get("status") ?? "";
  const status = (raw in STATUS ? raw : "") as OrderStatus | "";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const orders = useAdminOrders({ status, customer: "", page });
  const total = orders.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / ADMIN_PER_PAGE));
  const goTo = (next: number) => {
    const p = new URLSearchParams(params);
    if (next > 1) p.set("page", String(next));
    else p.delete("page");
    setParams(p);
    toTop();
  };

  return (
    <div>
      <AdminNav />
      <PageHeader
        title="Orders · Admin"
        heading="Orders"
        description={
          orders.data && (
            <>
              {plural(total, { one: "order", other: "orders" })}
              {status && <> with status “{STATUS[status]}”</>}
            </>
          )
        }
      />
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <Field label="Status" className="w-full sm:w-56">
          <Select
            id="status"
            value={status}
            onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {})}
          >
            <option value="">All statuses</option>
            {Object.entries(STATUS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {orders.isPending ? (
        <Loading label="Loading orders" />
      ) : orders.error ? (
        <ErrorState error={orders.error} retry={() => void orders.refetch()} />
      ) : orders.data.items.length === 0 ? (
        <Empty title={status ? `No orders with status “${STATUS[status]}”` : "No orders yet"}>
          {status && (
            <button type="button" className="underline" onClick={() => setParams({})}>
              Show every order
            </button>
          )}
        </Empty>
      ) : (
        <>
          <OrderCards orders={orders.data.items} />
          <TableFrame label="Orders table" className={`hidden sm:block ${PANEL}`}>
            <table className="w-full min-w-[52rem] text-left text-sm">
              <caption className="sr-only">Orders</caption>
              <thead className={THEAD}>
                <tr>
                  <th scope="col" className={`${STICKY_CELL} p-3`}>
                    Order
                  </th>
                  <th scope="col" className="p-3">
                    Placed
                  </th>
                  <th scope="col" className="p-3">
                    Customer
                  </th>
                  <th scope="col" className="p-3">
                    Ship to
                  </th>
                  <th scope="col" className="p-3 text-right">
                    Items
                  </th>
                  <th scope="col" className="p-3 text-right">
                    Total
                  </th>
                  <th scope="col" className="p-3">
                    Status
                  </th>
                </tr>
              </thead>
              <tbody>
                {orders.data.items.map((o) => (
                  <tr key={o.id} className="border-t border-zinc-200 dark:border-zinc-800">
                    <th scope="row" className={`${STICKY_CELL} p-3 font-normal`}>
                      <Link
                        to={`/admin/orders/${o.id}`}
                        className="font-medium whitespace-nowrap underline underline-offset-2"
                      >
                        {o.number}
                      </Link>
                    </th>
                    <td className="p-3 whitespace-nowrap">
                      <time dateTime={o.created_at}>{formatDateTime(o.created_at)}</time>
                    </td>
                    <td className="max-w-[14rem] p-3">
                      <span className="block truncate">{o.contact.name}</span>
                      <span className="block truncate text-xs text-zinc-600 dark:text-zinc-400">
                        {o.contact.email}
                      </span>
                    </td>
                    <td className="max-w-[14rem] p-3">
                      <span className="block truncate">
                        {o.shipping_address.city}, {o.shipping_address.country}
                      </span>
                      <span className="block truncate text-xs text-zinc-600 dark:text-zinc-400">
                        {o.shipping_address.line1}
                      </span>
                    </td>
                    <td className="p-3 text-right tabular-nums">
                      {plural(itemCount(o), { one: "item", other: "items" })}
                    </td>
                    <td className="p-3 text-right tabular-nums">
                      <Price amount={o.totals.total} currency={o.totals.currency} />
                    </td>
                    <td className="p-3">
                      <OrderStatusBadge status={o.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableFrame>
          <Pagination page={page} pages={pages} onChange={goTo} className="mt-6" />
        </>
      )}
    </div>
  );
}

/** The orders as cards, for phones: the status and the way to the order first. */
function OrderCards({ orders }: { orders: Order[] }) {
  return (
    <ul aria-label="Orders" className="space-y-3 sm:hidden">
      {orders.map((o) => (
        <li key={o.id} className={`${PANEL} p-4`}>
          <div className="flex items-start justify-between gap-3">
            <Link
              to={`/admin/orders/${o.id}`}
              className="font-semibold underline underline-offset-2 after:absolute after:inset-0 after:rounded-2xl"
            >
              {o.number}
            </Link>
            <OrderStatusBadge status={o.status} />
          </div>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            <time dateTime={o.created_at}>{formatDateTime(o.created_at)}</time> ·{" "}
            {plural(itemCount(o), { one: "item", other: "items" })} ·{" "}
            <Price amount={o.totals.total} currency={o.totals.currency} />
          </p>
          <p className="mt-2 truncate text-sm">
            {o.contact.name} · {o.shipping_address.city}, {o.shipping_address.country}
          </p>
        </li>
      ))}
    </ul>
  );
}
