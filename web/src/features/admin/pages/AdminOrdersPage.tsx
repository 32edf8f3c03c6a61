import { useSearchParams } from "react-router";
import type { components } from "../../../api/schema";
import { Price } from "../../../ui/Price";
import { Empty, ErrorState, Loading } from "../../../ui/states";
import { STATUS } from "../../orders/orderStatus";
import { useAdminOrders, useDeliverOrder, useShipOrder } from "../api";
import { AdminNav } from "../components/AdminNav";

type OrderStatus = components["schemas"]["OrderStatus"];

export function AdminOrdersPage() {
  const [params, setParams] = useSearchParams();
  const status = (params.get("status") ?? "") as OrderStatus | "";
  const orders = useAdminOrders(status);
  const ship = useShipOrder();
  const deliver = useDeliverOrder();
  return (
    <div className="space-y-4">
      <AdminNav />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-2xl font-semibold">Orders</h1>
        <div>
          <label htmlFor="status" className="label">
            Status
          </label>
          <select
            id="status"
            className="input"
            value={status}
            onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {})}
          >
            <option value="">All</option>
            {Object.entries(STATUS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {orders.isPending ? (
        <Loading label="Loading orders" />
      ) : orders.error ? (
        <ErrorState error={orders.error} retry={() => void orders.refetch()} />
      ) : orders.data.items.length === 0 ? (
        <Empty title="No orders" />
      ) : (
        <ul className="space-y-2">
          {orders.data.items.map((o) => (
            <li key={o.id} className="card flex flex-wrap items-center justify-between gap-3 p-4">
              <div>
                <p className="font-medium">
                  {o.number} · {STATUS[o.status]}
                </p>
                <p className="text-sm">
                  {o.contact.email} · <Price amount={o.totals.total} currency={o.totals.currency} />
                </p>
              </div>
              {o.status === "paid" && (
                <form
                  className="flex flex-wrap gap-2"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const form = new FormData(e.currentTarget);
                    ship.mutate({
                      id: o.id,
                      carrier: String(form.get("carrier")),
                      tracking_number: String(form.get("tracking")),
                    });
                  }}
                >
                  <input
                    name="carrier"
                    aria-label={`Carrier for ${o.number}`}
                    placeholder="Carrier"
                    className="input w-28"
                    required
                  />
                  <input
                    name="tracking"
                    aria-label={`Tracking number for ${o.number}`}
                    placeholder="Tracking"
                    className="input w-36"
                    required
                  />
                  <button type="submit" className="btn-primary">
                    Ship
                  </button>
                </form>
              )}
              {o.status === "shipped" && (
                <button type="button" className="btn-primary" onClick={() => deliver.mutate(o.id)}>
                  Mark delivered
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
