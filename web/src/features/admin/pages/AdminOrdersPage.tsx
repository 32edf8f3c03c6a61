import type { ReactNode } from "react";
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
import { DataTable, type Column } from "../components/DataTable";
import { OrderStatusBadge } from "../components/OrderStatusBadge";
import { PANEL, usePageParam } from "../components/table";

type Order = components["schemas"]["Order"];
type OrderStatus = components["schemas"]["OrderStatus"];

const itemCount = (o: Order) => o.items.reduce((n, i) => n + i.quantity, 0);

const COLUMNS: Column<Order>[] = [
  {
    header: "Order",
    cell: (o) => (
      <Link
        to={`/admin/orders/${o.id}`}
        className="font-medium whitespace-nowrap underline underline-offset-2"
      >
        {o.number}
      </Link>
    ),
  },
  {
    header: "Placed",
    className: "whitespace-nowrap",
    cell: (o) => <time dateTime={o.created_at}>{formatDateTime(o.created_at)}</time>,
  },
  {
    header: "Customer",
    className: "max-w-[14rem]",
    cell: (o) => <TwoLines main={o.contact.name} detail={o.contact.email} />,
  },
  {
    header: "Ship to",
    className: "max-w-[14rem]",
    cell: (o) => (
      <TwoLines
        main={`${o.shipping_address.city}, ${o.shipping_address.country}`}
        detail={o.shipping_address.line1}
      />
    ),
  },
  {
    header: "Items",
    align: "right",
    className: "tabular-nums",
    cell: (o) => plural(itemCount(o), { one: "item", other: "items" }),
  },
  {
    header: "Total",
    align: "right",
    className: "tabular-nums",
    cell: (o) => <Price amount={o.totals.total} currency={o.totals.currency} />,
  },
  { header: "Status", cell: (o) => <OrderStatusBadge status={o.status} /> },
];

function TwoLines({ main, detail }: { main: ReactNode; detail: ReactNode }) {
  return (
    <>
      <span className="block truncate">{main}</span>
      <span className="block truncate text-xs text-zinc-600 dark:text-zinc-400">{detail}</span>
    </>
  );
}

export function AdminOrdersPage() {
  const [params, setParams] = useSearchParams();
  const raw = params.get("status") ?? "";
  const status = (raw in STATUS ? raw : "") as OrderStatus | "";
  const [page, goTo] = usePageParam();
  const orders = useAdminOrders({ status, customer: "", page });
  const total = orders.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / ADMIN_PER_PAGE));

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
          <DataTable
            label="Orders table"
            caption="Orders"
            className="hidden sm:block"
            minWidth="min-w-[52rem]"
            rows={orders.data.items}
            rowKey={(o) => o.id}
            columns={COLUMNS}
          />
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
