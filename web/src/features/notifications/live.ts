import { useEffect } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { apiFetch } from "../../api/client";
import { orderKeys } from "../orders/api";
import { notificationKeys } from "./api";
import { runLiveStream } from "./reconnect";

/**
 * Listens to the signed-in user's notification stream (Server-Sent Events over
 * fetch, so the bearer token and its refresh apply): each notification shows
 * as a toast (unless the shopper is on the page it links to) and refreshes the inbox and the orders it may be about. The
 * server ends the stream when its token expires; it reopens at once with a
 * fresh token, and with backoff after errors (see `reconnect.ts`).
 */
export function useLiveNotifications(enabled: boolean) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    const stop = new AbortController();
    const refresh = () => {
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
      void queryClient.invalidateQueries({ queryKey: orderKeys.all });
    };
    void runLiveStream({
      url: "/api/notifications/me/stream",
      fetch: apiFetch,
      signal: stop.signal,
      onNotification(data) {
        try {
          const item = JSON.parse(data) as { title: string; link?: string | null };
          // The page the notification is about redraws itself with the news
          // (an order's status, its banner); a toast there would say it twice.
          if (item.link !== window.location.pathname) toast(item.title);
        } catch {
          // A malformed message still means something changed.
        }
        refresh();
      },
      // Whatever arrived between two connections is in the inbox, not the stream.
      onReconnected: refresh,
    });
    return () => stop.abort();
  }, [enabled, queryClient]);
}
