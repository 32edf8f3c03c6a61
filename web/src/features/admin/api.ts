import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import type { components } from "../../api/schema";
import { problemMessage } from "../../lib/problem";
import { toast } from "../../ui/toast";
import { catalogKeys, productQuery } from "../catalog/api";
import { orderKeys } from "../orders/api";

type OrderStatus = components["schemas"]["OrderStatus"];
type Product = components["schemas"]["Product"];
type ProductFields = Omit<components["schemas"]["ProductCreate"], "stock">;

/** Rows per page of the admin tables. */
export const ADMIN_PER_PAGE = 20;

/** What the admin product table shows: a search and a page. */
export interface ProductListQuery {
  q: string;
  page: number;
}

/** What the admin order list shows: a status, a customer search and a page. */
export interface OrderListQuery {
  status: OrderStatus | "";
  customer: string;
  page: number;
}

/**
 * Admin lists sit under the catalog's and the orders' prefixes, so a change
 * made anywhere (or a live notification) refreshes them too.
 */
export const adminKeys = {
  products: (q: ProductListQuery) => [...catalogKeys.lists(), "admin", q.q, q.page] as const,
  orders: (q: OrderListQuery) => [...orderKeys.all, "admin", q.status, q.customer, q.page] as const,
  order: (id: string) => [...orderKeys.detail(id)] as const,
  events: (id: string) => [...orderKeys.all, "events", id] as const,
  deliveries: () => ["deliveries"] as const,
  deadDeliveries: () => [...adminKeys.deliveries(), "dead"] as const,
};

/** One page of every product, inactive ones too, matching the search. */
export function useAdminProducts(q: ProductListQuery) {
  return useQuery({
    queryKey: adminKeys.products(q),
    placeholderData: keepPreviousData,
    queryFn: () =>
      must(
        api.GET("/api/catalog/products", {
          params: {
            query: {
              q: q.q || undefined,
              include_inactive: true,
              page: q.page,
              per_page: ADMIN_PER_PAGE,
            },
          },
        }),
      ),
  });
}

/** The product being edited; nothing is fetched while creating one. */
export function useEditedProduct(id: string | undefined, creating: boolean) {
  return useQuery({ ...productQuery(id ?? ""), enabled: !creating });
}

function useProductsChanged() {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: catalogKeys.lists() });
    await queryClient.invalidateQueries({ queryKey: catalogKeys.products() });
  };
}

/**
 * Creates a product, or updates one at `version` and then its stock when that
 * changed (stock has its own endpoint and version). Errors are left to the
 * form, which places them on its fields.
 */
export function useSaveProduct(product: { id?: string; version?: number }, onSaved: () => void) {
  const changed = useProductsChanged();
  return useMutation({
    mutationFn: async ({ fields, stock }: { fields: ProductFields; stock: number }) => {
      const { id, version } = product;
      if (!id || version === undefined) {
        return must(api.POST("/api/catalog/products", { body: { ...fields, stock } }));
      }
      const updated = await must(
        api.PATCH("/api/catalog/products/{id}", {
          params: { path: { id } },
          body: { ...fields, version },
        }),
      );
      if (stock !== updated.stock) {
        return must(
          api.PUT("/api/catalog/products/{id}/stock", {
            params: { path: { id } },
            body: { stock, version: updated.version },
          }),
        );
      }
      return updated;
    },
    onSuccess: async (saved) => {
      toast.success(`Saved ${saved.name}.`);
      await changed();
      onSaved();
    },
  });
}

/** Sets one product's stock at the version the table showed. */
export function useUpdateStock() {
  const changed = useProductsChanged();
  return useMutation({
    mutationFn: (input: { product: Product; stock: number }) =>
      must(
        api.PUT("/api/catalog/products/{id}/stock", {
          params: { path: { id: input.product.id } },
          body: { stock: input.stock, version: input.product.version },
        }),
      ),
    onSettled: changed,
  });
}

/** Takes a product out of the shop (the catalog keeps it, hidden, for order history). */
export function useRemoveProduct() {
  const changed = useProductsChanged();
  return useMutation({
    mutationFn: (product: Product) =>
      must(api.DELETE("/api/catalog/products/{id}", { params: { path: { id: product.id } } })),
    onSuccess: async (_, product) => {
      toast.success(`${product.name} was removed from the shop.`);
      await changed();
    },
    onError: (error) => toast.error(problemMessage(error)),
  });
}

/** One page of every customer's orders, newest first. */
export function useAdminOrders(q: OrderListQuery) {
  return useQuery({
    queryKey: adminKeys.orders(q),
    placeholderData: keepPreviousData,
    queryFn: () =>
      must(
        api.GET("/api/orders/admin/orders", {
          params: {
            query: {
              status: q.status || undefined,
              customer: q.customer || undefined,
              page: q.page,
              per_page: ADMIN_PER_PAGE,
            },
          },
        }),
      ),
  });
}

/** One order with its history and payment attempts. */
export function useAdminOrder(id: string) {
  return useQuery({
    queryKey: adminKeys.order(id),
    queryFn: () => must(api.GET("/api/orders/{id}", { params: { path: { id } } })),
  });
}

/** The events orders wrote to its outbox for one order, oldest first. */
export function useOrderEvents(id: string) {
  return useQuery({
    queryKey: adminKeys.events(id),
    queryFn: () =>
      must(api.GET("/api/orders/admin/outbox", { params: { query: { order_id: id } } })),
  });
}

function useOrderChanged(what: string) {
  const queryClient = useQueryClient();
  return () => {
    toast.success(what);
    return queryClient.invalidateQueries({ queryKey: orderKeys.all });
  };
}

export function useShipOrder() {
  const done = useOrderChanged("Marked as shipped; the customer is told.");
  return useMutation({
    mutationFn: (input: { id: string; carrier: string; tracking_number: string }) =>
      must(
        api.POST("/api/orders/{id}/ship", {
          params: { path: { id: input.id } },
          body: { carrier: input.carrier, tracking_number: input.tracking_number },
        }),
      ),
    onSuccess: done,
  });
}

export function useDeliverOrder() {
  const done = useOrderChanged("Marked as delivered.");
  return useMutation({
    mutationFn: (id: string) =>
      must(api.POST("/api/orders/{id}/deliver", { params: { path: { id } } })),
    onSuccess: done,
    onError: (error) => toast.error(problemMessage(error)),
  });
}

/** Notification deliveries that used up their retries. */
export function useDeadDeliveries() {
  return useQuery({
    queryKey: adminKeys.deadDeliveries(),
    queryFn: () =>
      must(
        api.GET("/api/notifications/admin/deliveries", { params: { query: { status: "dead" } } }),
      ),
  });
}

export function useReplayDelivery() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (d: { event_id: string; channel: string }) =>
      must(
        api.POST("/api/notifications/admin/deliveries/{event_id}/{channel}/replay", {
          params: { path: { event_id: d.event_id, channel: d.channel } },
        }),
      ),
    onSuccess: () => {
      toast.success("Queued to be sent again.");
      return queryClient.invalidateQueries({ queryKey: adminKeys.deliveries() });
    },
    onError: (error) => toast.error(problemMessage(error)),
  });
}

/** The recent traces `feira up` keeps in memory, newest first. */
export function useTraces() {
  return useQuery({
    queryKey: ["traces"] as const,
    queryFn: () => must(api.GET("/api/admin/traces", { params: { query: { limit: 100 } } })),
  });
}

/** One trace's spans, earliest first. */
export function useTrace(traceId: string) {
  return useQuery({
    queryKey: ["traces", traceId] as const,
    queryFn: () =>
      must(api.GET("/api/admin/traces/{trace_id}", { params: { path: { trace_id: traceId } } })),
  });
}
