import { useCallback, useSyncExternalStore } from "react";
import {
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
  type QueryClient,
} from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { useSession } from "../../auth/useSession";
import { problemMessage, stockSentence } from "../../lib/problem";
import { toast } from "../../ui/toast";
import { productQuery } from "../catalog/api";
import { useShippingRule } from "../orders/api";
import * as guest from "./guest";

/** What an add did: how many were added of how many asked, and what the cart now holds. */
export interface AddResult {
  added: number;
  asked: number;
  inCart: number;
  stock: number;
}

/** One line of the cart as the pages show it, for guests and signed-in users alike. */
export interface CartLine {
  productId: string;
  name: string;
  slug: string | null;
  image: string | null;
  quantity: number;
  stock: number;
  unitPrice: number | null;
  lineTotal: number | null;
  currency: string;
  availability: string;
}

export interface CartTotals {
  currency: string;
  subtotal: number;
  shipping: number | null;
  total: number | null;
}

export const cartKeys = {
  all: ["cart"] as const,
};

/** The visitor's cart: the guest cart in this browser, or the account's on the server. */
export function useCart() {
  const { tokens } = useSession();
  const signedIn = Boolean(tokens);
  const queryClient = useQueryClient();
  const guestLines = useSyncExternalStore(guest.subscribeGuestCart, guest.guestSnapshot);

  const server = useQuery({
    queryKey: cartKeys.all,
    queryFn: () => must(api.GET("/api/orders/cart")),
    enabled: signedIn,
  });
  const products = useQueries({
    queries: (signedIn ? [] : guestLines).map((line) => productQuery(line.product_id)),
  });
  // A guest's totals apply the server's shipping rule, as the signed-in cart does.
  const shippingRule = useShippingRule();

  let lines: CartLine[];
  let totals: CartTotals | null;
  if (signedIn) {
    lines = (server.data?.items ?? []).map((item) => ({
      productId: item.product_id,
      name: item.name ?? "Unavailable product",
      slug: item.slug ?? null,
      image: item.image ?? null,
      quantity: item.quantity,
      stock: item.stock,
      unitPrice: item.unit_price ?? null,
      lineTotal: item.line_total ?? null,
      currency: item.currency ?? server.data?.totals?.currency ?? "EUR",
      availability: item.availability,
    }));
    const t = server.data?.totals;
    totals = t ? { ...t } : null;
  } else {
    lines = guestLines.map((line, i) => {
      const product = products[i]?.data;
      return {
        productId: line.product_id,
        name: product?.name ?? "…",
        slug: product?.slug ?? null,
        image: product?.images[0] ?? null,
        quantity: line.quantity,
        stock: product?.stock ?? line.quantity,
        unitPrice: product?.price.amount ?? null,
        lineTotal: product ? product.price.amount * line.quantity : null,
        currency: product?.price.currency ?? "EUR",
        availability: product && product.stock < line.quantity ? "insufficient_stock" : "available",
      };
    });
    const prices = Object.fromEntries(
      guestLines.map((l, i) => [l.product_id, products[i]?.data?.price.amount]),
    );
    const subtotal = guest.subtotal(guestLines, prices);
    const rule = shippingRule.data;
    const shipping = rule ? (subtotal >= rule.free_from ? 0 : rule.flat_fee) : null;
    totals = lines.length
      ? {
          currency: lines[0]?.currency ?? "EUR",
          subtotal,
          shipping,
          total: shipping === null ? null : subtotal + shipping,
        }
      : null;
  }

  const refresh = () => queryClient.invalidateQueries({ queryKey: cartKeys.all });
  /**
   * Adds up to what the shop has: the quantity is capped by the stock, and the
   * toast says so ("Only 3 left — 3 are in your cart") instead of claiming
   * everything was added.
   */
  const add = useMutation({
    mutationFn: async (input: {
      productId: string;
      quantity: number;
      stock: number;
    }): Promise<AddResult> => {
      const inCart = lines.find((l) => l.productId === input.productId)?.quantity ?? 0;
      const target = Math.min(inCart + input.quantity, Math.max(input.stock, 0));
      const added = Math.max(target - inCart, 0);
      const result = {
        added,
        asked: input.quantity,
        inCart: Math.max(target, inCart),
        stock: input.stock,
      };
      if (added === 0) return result;
      if (!signedIn) {
        guest.saveGuestCart(guest.setLine(guest.guestSnapshot(), input.productId, target));
        return result;
      }
      if (inCart > 0) {
        await must(
          api.PUT("/api/orders/cart/items/{product_id}", {
            params: { path: { product_id: input.productId } },
            body: { quantity: target },
          }),
        );
      } else {
        await must(
          api.POST("/api/orders/cart/items", {
            body: { product_id: input.productId, quantity: target },
          }),
        );
      }
      return result;
    },
    onSuccess: (result) => {
      toast.dismiss("cart-add");
      const capped = stockSentence(result.stock, result.inCart);
      if (result.added === 0) {
        toast.info(`Nothing added. ${capped}`, { id: "cart-add" });
      } else if (result.added < result.asked) {
        toast.success(`Added ${result.added} to your cart. ${capped}`, { id: "cart-add" });
      } else {
        toast.success(
          result.added === 1 ? "Added to your cart." : `Added ${result.added} to your cart.`,
          { id: "cart-add" },
        );
      }
      return refresh();
    },
    onError: (error) => toast.error(problemMessage(error)),
  });
  const setQuantity = useMutation({
    mutationFn: async (input: { productId: string; quantity: number }) => {
      if (!signedIn) {
        guest.saveGuestCart(guest.setLine(guest.guestSnapshot(), input.productId, input.quantity));
        return;
      }
      const path = { product_id: input.productId };
      if (input.quantity <= 0) {
        await must(api.DELETE("/api/orders/cart/items/{product_id}", { params: { path } }));
      } else {
        await must(
          api.PUT("/api/orders/cart/items/{product_id}", {
            params: { path },
            body: { quantity: input.quantity },
          }),
        );
      }
    },
    onSuccess: refresh,
    onError: (error) => toast.error(problemMessage(error)),
  });

  const remove = useCallback(
    (productId: string) => setQuantity.mutate({ productId, quantity: 0 }),
    [setQuantity],
  );

  return {
    signedIn,
    lines,
    totals,
    count: guest.itemCount(lines),
    loading: signedIn ? server.isPending : products.some((p) => p.isPending),
    error: server.error,
    checkoutReady: signedIn ? (server.data?.checkout_ready ?? false) : false,
    add,
    setQuantity,
    remove,
    refetch: server.refetch,
  };
}

export type Cart = ReturnType<typeof useCart>;

/**
 * Runs once a sign-in's credentials are accepted, before the session shows:
 * the guest cart joins the account's (the larger quantity wins per product),
 * so the first cart fetched has it.
 */
export async function mergeGuestCart(accessToken: string, queryClient: QueryClient) {
  const lines = guest.loadGuestCart();
  if (lines.length) {
    await must(
      api.POST("/api/orders/cart/merge", {
        body: { items: lines },
        headers: { authorization: `Bearer ${accessToken}` },
      }),
    );
    guest.saveGuestCart([]);
  }
  queryClient.removeQueries({ queryKey: cartKeys.all });
}
