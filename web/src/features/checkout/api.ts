import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import type { components } from "../../api/schema";
import { cartKeys } from "../cart/api";
import { orderKeys } from "../orders/api";

type ShippingAddress = components["schemas"]["ShippingAddress"];
type Order = components["schemas"]["OrderDetail"];

/** One attempt to place the order; the key makes a replay of the same attempt place it once. */
export interface PlaceOrder {
  idempotencyKey: string;
  shipping: ShippingAddress;
  cardNumber: string;
}

/**
 * Places the order from the account's cart, then refreshes the cart and the
 * orders. A declined card leaves the cart as it was, so the shopper tries
 * another card on the same page.
 */
export function usePlaceOrder(handlers: {
  onPlaced: (order: Order) => void;
  onFailed: (error: unknown) => void;
}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ idempotencyKey, shipping, cardNumber }: PlaceOrder) =>
      must(
        api.POST("/api/orders", {
          params: { header: { "Idempotency-Key": idempotencyKey } },
          body: { shipping_address: shipping, payment: { card_number: cardNumber } },
        }),
      ),
    onSuccess: async (order) => {
      await queryClient.invalidateQueries({ queryKey: cartKeys.all });
      void queryClient.invalidateQueries({ queryKey: orderKeys.all });
      handlers.onPlaced(order);
    },
    onError: (error) => {
      handlers.onFailed(error);
      void queryClient.invalidateQueries({ queryKey: cartKeys.all });
      void queryClient.invalidateQueries({ queryKey: orderKeys.all });
    },
  });
}

/** Another card for an order whose card was declined; the key makes a replay pay once. */
export interface PayOrder {
  orderId: string;
  idempotencyKey: string;
  cardNumber: string;
}

/** Pays an order still awaiting payment; on success the cart is cleared by the server. */
export function usePayOrder(handlers: {
  onPaid: (order: Order) => void;
  onFailed: (error: unknown) => void;
}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ orderId, idempotencyKey, cardNumber }: PayOrder) =>
      must(
        api.POST("/api/orders/{id}/pay", {
          params: { path: { id: orderId }, header: { "Idempotency-Key": idempotencyKey } },
          body: { payment: { card_number: cardNumber } },
        }),
      ),
    onSuccess: async (order) => {
      await queryClient.invalidateQueries({ queryKey: cartKeys.all });
      void queryClient.invalidateQueries({ queryKey: orderKeys.all });
      handlers.onPaid(order);
    },
    onError: (error) => {
      handlers.onFailed(error);
      void queryClient.invalidateQueries({ queryKey: orderKeys.all });
    },
  });
}
