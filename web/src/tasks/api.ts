import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../api/client";

export const tasksKey = ["tasks"] as const;

/** The user's tags with counts (for filters, autocomplete and the manager). */
export function useTags() {
  return useQuery({
    queryKey: [...tasksKey, "tags"],
    queryFn: () => must(api.GET("/api/tasks/tags")),
  });
}

/** Refetches everything the task area shows after a change. */
export function useTasksChanged() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: tasksKey });
}
