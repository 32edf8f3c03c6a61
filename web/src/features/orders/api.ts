import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { api, must } from "../../api/client";
import { describeError } from "../../lib/problem";

/** Every order query sits under `all`, so one invalidation refreshes the shopper's and the admin's lists. */
export const orderKeys = {
  all: ["orders"] as const,
  mine: () => [...orderKeys.all, "mine"] as const,
  detail: (id: string) => [...orderKeys.all, "detail", id] as const,
};

export function useMyOrders() {
  return useQuery({
    queryKey: orderKeys.mine(),
    queryFn: () => must(api.GET("/api/orders", { params: { query: { per_page: 50 } } })),
  });
}

export function useOrder(id: string) {
  return useQuery({
    queryKey: orderKeys.detail(id),
    queryFn: () => must(api.GET("/api/orders/{id}", { params: { path: { id } } })),
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
          ? "Cancellation recorded; the refund follows shortly"
          : "Order cancelled; the payment is refunded",
      );
      return queryClient.invalidateQueries({ queryKey: orderKeys.all });
    },
    onError: (error) => toast.error(describeError(error)),
  });
}
