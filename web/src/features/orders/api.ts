import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { problemMessage } from "../../lib/problem";
import { toast } from "../../ui/toast";

/** Every order query sits under `all`, so one invalidation refreshes the shopper's and the admin's lists. */
export const orderKeys = {
  all: ["orders"] as const,
  mine: () => [...orderKeys.all, "mine"] as const,
  detail: (id: string) => [...orderKeys.all, "detail", id] as const,
  countries: () => ["countries"] as const,
  shipping: () => ["shipping"] as const,
};

export function useMyOrders() {
  return useQuery({
    queryKey: orderKeys.mine(),
    queryFn: () => must(api.GET("/api/orders", { params: { query: { per_page: 50 } } })),
  });
}

export function useOrder(id: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: orderKeys.detail(id),
    queryFn: () => must(api.GET("/api/orders/{id}", { params: { path: { id } } })),
    enabled: options.enabled ?? true,
  });
}

/** The countries an address may be in (ISO 3166), with their postal-code formats; they do not change while the app runs. */
export function useCountries() {
  return useQuery({
    queryKey: orderKeys.countries(),
    queryFn: () => must(api.GET("/api/orders/countries")),
    staleTime: Infinity,
    gcTime: Infinity,
  });
}

/** The shipping rule the server applies (`orders.shipping`): a flat fee, free from a subtotal. */
export function useShippingRule() {
  return useQuery({
    queryKey: orderKeys.shipping(),
    queryFn: () => must(api.GET("/api/orders/shipping")),
    staleTime: Infinity,
  });
}

export function useCancelOrder(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => must(api.POST("/api/orders/{id}/cancel", { params: { path: { id } } })),
    onSuccess: (order) => {
      // 202: the cancel is recorded and the refund completes in the background.
      toast.success(
        order.status === "cancelling"
          ? "Your order is cancelled. The refund is on its way to your card."
          : "Your order is cancelled and the payment refunded to your card.",
      );
      return queryClient.invalidateQueries({ queryKey: orderKeys.all });
    },
    onError: (error) => toast.error(problemMessage(error)),
  });
}
