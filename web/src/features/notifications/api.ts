import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../api/client";

export const notificationKeys = {
  all: ["inbox"] as const,
  badge: () => [...notificationKeys.all, "badge"] as const,
  page: () => [...notificationKeys.all, "page"] as const,
};

/** The newest notification and the unread count, for the header's badge. */
export function useInboxBadge() {
  return useQuery({
    queryKey: notificationKeys.badge(),
    queryFn: () => must(api.GET("/api/notifications/me", { params: { query: { per_page: 1 } } })),
  });
}

/** The inbox as its page lists it. */
export function useInbox() {
  return useQuery({
    queryKey: notificationKeys.page(),
    queryFn: () => must(api.GET("/api/notifications/me", { params: { query: { per_page: 50 } } })),
  });
}

function useInboxChanged() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: notificationKeys.all });
}

export function useMarkRead() {
  const changed = useInboxChanged();
  return useMutation({
    mutationFn: (id: string) =>
      must(api.POST("/api/notifications/me/{id}/read", { params: { path: { id } } })),
    onSuccess: changed,
  });
}

export function useMarkAllRead() {
  const changed = useInboxChanged();
  return useMutation({
    mutationFn: () => must(api.POST("/api/notifications/me/read-all")),
    onSuccess: changed,
  });
}
