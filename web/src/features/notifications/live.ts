import { useEffect } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { fetchEventSource } from "@microsoft/fetch-event-source";
import { toast } from "sonner";
import { apiFetch } from "../../api/client";
import { orderKeys } from "../orders/api";
import { notificationKeys } from "./api";

/**
 * Listens to the signed-in user's notification stream (Server-Sent Events over
 * fetch, so the bearer token and its refresh apply): each notification shows
 * as a toast and refreshes the inbox and the orders it may be about.
 */
export function useLiveNotifications(enabled: boolean) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    const stop = new AbortController();
    void fetchEventSource("/api/notifications/me/stream", {
      signal: stop.signal,
      openWhenHidden: true,
      fetch: (input, init) => apiFetch(new Request(input, init)),
      onmessage(message) {
        if (message.event !== "notification") return;
        try {
          const item = JSON.parse(message.data) as { title: string };
          toast(item.title);
        } catch {
          // A malformed message still means something changed.
        }
        void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
        void queryClient.invalidateQueries({ queryKey: orderKeys.all });
      },
      onerror() {
        // Returning lets the library retry with its backoff.
      },
    });
    return () => stop.abort();
  }, [enabled, queryClient]);
}
