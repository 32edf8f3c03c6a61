import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { api, must } from "../../api/client";
import type { components } from "../../api/schema";
import { describeError } from "../../lib/problem";
import { catalogKeys, productQuery } from "../catalog/api";
import { orderKeys } from "../orders/api";

type OrderStatus = components["schemas"]["OrderStatus"];
type ProductFields = Omit<components["schemas"]["ProductCreate"], "stock">;

/**
 * Admin lists sit under the catalog's and the orders' prefixes, so a change
 * made anywhere (or a live notification) refreshes them too.
 */
export const adminKeys = {
  products: (q: string) => [...catalogKeys.lists(), "admin", q] as const,
  orders: (status: string) => [...orderKeys.all, "admin", status] as const,
  deliveries: () => ["deliveries"] as const,
  deadDeliveries: () => [...adminKeys.deliveries(), "dead"] as const,
};

/** Every product, inactive ones too, matching the search. */
export function useAdminProducts(q: string) {
  return useQuery({
    queryKey: adminKeys.products(q),
    placeholderData: keepPreviousData,
    queryFn: () =>
      must(
        api.GET("/api/catalog/products", {
          params: { query: { q: q || undefined, include_inactive: true, per_page: 100 } },
        }),
      ),
  });
}

/** The product being edited; nothing is fetched while creating one. */
export function useEditedProduct(id: string | undefined, creating: boolean) {
  return useQuery({ ...productQuery(id ?? ""), enabled: !creating });
}

/**
 * Creates a product, or updates one at `version` and then its stock when that
 * changed (stock has its own endpoint and version).
 */
export function useSaveProduct(product: { id?: string; version?: number }, onSaved: () => void) {
  const queryClient = useQueryClient();
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
      toast.success(`Saved ${saved.name}`);
      await queryClient.invalidateQueries({ queryKey: catalogKeys.lists() });
      await queryClient.invalidateQueries({ queryKey: catalogKeys.products() });
      onSaved();
    },
    onError: (error) => toast.error(describeError(error)),
  });
}

export function useAdminOrders(status: OrderStatus | "") {
  return useQuery({
    queryKey: adminKeys.orders(status),
    queryFn: () =>
      must(
        api.GET("/api/orders/admin/orders", {
          params: { query: { status: status || undefined, per_page: 100 } },
        }),
      ),
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
  const done = useOrderChanged("Marked shipped");
  return useMutation({
    mutationFn: (input: { id: string; carrier: string; tracking_number: string }) =>
      must(
        api.POST("/api/orders/{id}/ship", {
          params: { path: { id: input.id } },
          body: { carrier: input.carrier, tracking_number: input.tracking_number },
        }),
      ),
    onSuccess: done,
    onError: (error) => toast.error(describeError(error)),
  });
}

export function useDeliverOrder() {
  const done = useOrderChanged("Marked delivered");
  return useMutation({
    mutationFn: (id: string) =>
      must(api.POST("/api/orders/{id}/deliver", { params: { path: { id } } })),
    onSuccess: done,
    onError: (error) => toast.error(describeError(error)),
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
      toast.success("Queued again");
      return queryClient.invalidateQueries({ queryKey: adminKeys.deliveries() });
    },
    onError: (error) => toast.error(describeError(error)),
  });
}
