import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatNumber } from "../../lib/format";
import { toast } from "../../ui/toast";
import { api, must } from "../../api/client";
import type { components } from "../../api/schema";
import { describeError } from "../../lib/problem";
import { apiQuery, taskSearch, type TaskFilters } from "./taskQuery";

type Task = components["schemas"]["TaskView"];
type NewTask = components["schemas"]["NewTask"];

/** Every task query sits under `all`: one invalidation refreshes the whole area. */
export const taskKeys = {
  all: ["tasks"] as const,
  tags: () => [...taskKeys.all, "tags"] as const,
  insights: () => [...taskKeys.all, "insights"] as const,
  lists: () => [...taskKeys.all, "list"] as const,
  list: (filters: TaskFilters) => [...taskKeys.lists(), taskSearch(filters).toString()] as const,
  dueSoon: () => [...taskKeys.lists(), "overdue-and-today"] as const,
  detail: (id: string) => [...taskKeys.all, "one", id] as const,
};

const toastError = (error: unknown) => toast.error(describeError(error));

/** The user's tags with counts (for filters, autocomplete and the manager). */
export function useTags() {
  return useQuery({
    queryKey: taskKeys.tags(),
    queryFn: () => must(api.GET("/api/tasks/tags")),
  });
}

/** Refetches everything the task area shows after a change. */
export function useTasksChanged() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: taskKeys.all });
}

/** One page of tasks for the filters in the URL. */
export function useTasks(filters: TaskFilters) {
  return useQuery({
    queryKey: taskKeys.list(filters),
    placeholderData: keepPreviousData,
    queryFn: () => must(api.GET("/api/tasks", { params: { query: apiQuery(filters) } })),
  });
}

export function useTask(id: string) {
  return useQuery({
    queryKey: taskKeys.detail(id),
    queryFn: () => must(api.GET("/api/tasks/{id}", { params: { path: { id } } })),
  });
}

export function useInsights() {
  return useQuery({
    queryKey: taskKeys.insights(),
    queryFn: () => must(api.GET("/api/tasks/insights")),
  });
}

/** Pending tasks due within a day (overdue ones too), soonest first. */
export function useDueSoon() {
  return useQuery({
    queryKey: taskKeys.dueSoon(),
    queryFn: () =>
      must(
        api.GET("/api/tasks", {
          params: {
            query: {
              status: "pending",
              deadline_before: new Date(Date.now() + 86_400_000).toISOString(),
              sort: "deadline",
              per_page: 10,
            },
          },
        }),
      ),
  });
}

export function useAddTask() {
  const changed = useTasksChanged();
  return useMutation({
    mutationFn: (body: NewTask) => must(api.POST("/api/tasks", { body })),
    // Not awaiting the refetch: the form clears in the same tick as the
    // toast, so what the user types next (seeing "Added") is never wiped.
    onSuccess: (task) => {
      toast.success(`Added “${task.title}”.`);
      void changed();
    },
  });
}

/** Brings deleted tasks back with their ids and state (a completed task stays completed). */
async function restore(ids: string[]) {
  const [only] = ids;
  if (ids.length === 1 && only)
    await must(api.POST("/api/tasks/{id}/restore", { params: { path: { id: only } } }));
  else await must(api.POST("/api/tasks/bulk/restore", { body: { ids } }));
}

/** A toast after a deletion, whose Undo restores exactly what was deleted. */
function deletedToast(message: string, ids: string[], changed: () => Promise<unknown>) {
  toast.success(message, {
    id: `deleted-${ids.join(",")}`,
    action: {
      label: "Undo",
      onClick: () =>
        void restore(ids)
          .then(() => {
            toast.success(ids.length === 1 ? "Task restored." : `${ids.length} tasks restored.`);
            return changed();
          })
          .catch(toastError),
    },
  });
}

/** Completes, reopens or deletes one task; a deletion offers Undo, which restores it. */
export function useTaskAction(onDeleted?: () => void) {
  const changed = useTasksChanged();
  return useMutation({
    mutationFn: async (action: { kind: "complete" | "reopen" | "delete"; task: Task }) => {
      const path = { id: action.task.id };
      if (action.kind === "delete")
        return must(api.DELETE("/api/tasks/{id}", { params: { path } }));
      if (action.kind === "complete")
        return must(api.POST("/api/tasks/{id}/complete", { params: { path } }));
      return must(api.POST("/api/tasks/{id}/reopen", { params: { path } }));
    },
    onSuccess: (_, action) => {
      if (action.kind === "delete") {
        deletedToast(`Deleted “${action.task.title}”.`, [action.task.id], changed);
        onDeleted?.();
      }
      return changed();
    },
    onError: toastError,
  });
}

/** Completes or deletes the selected tasks; a bulk deletion offers Undo too. */
export function useBulkTasks(onDone: () => void) {
  const changed = useTasksChanged();
  return useMutation({
    mutationFn: ({ kind, ids }: { kind: "complete" | "delete"; ids: string[] }) =>
      must(
        api.POST(kind === "complete" ? "/api/tasks/bulk/complete" : "/api/tasks/bulk/delete", {
          body: { ids },
        }),
      ),
    onSuccess: (result, { kind, ids }) => {
      const n = result.changed;
      const tasks = n === 1 ? "1 task" : `${formatNumber(n)} tasks`;
      if (kind === "delete") deletedToast(`Deleted ${tasks}.`, ids, changed);
      else toast.success(n === 0 ? "Those tasks were already done." : `Marked ${tasks} done.`);
      onDone();
      return changed();
    },
    onError: toastError,
  });
}

export function useSaveTask(id: string, onSaved: () => void) {
  const changed = useTasksChanged();
  return useMutation({
    mutationFn: (body: components["schemas"]["TaskPatch"]) =>
      must(api.PATCH("/api/tasks/{id}", { params: { path: { id } }, body })),
    onSuccess: async () => {
      toast.success("Task saved.");
      await changed();
      onSaved();
    },
    onError: toastError,
  });
}

export function useCreateTag() {
  const changed = useTasksChanged();
  return useMutation({
    mutationFn: (body: { name: string; colour: string }) =>
      must(api.POST("/api/tasks/tags", { body })),
    onSuccess: changed,
    onError: toastError,
  });
}

export function useEditTag() {
  const changed = useTasksChanged();
  return useMutation({
    mutationFn: (input: { id: string; name?: string; colour?: string }) =>
      must(
        api.PATCH("/api/tasks/tags/{id}", {
          params: { path: { id: input.id } },
          body: { name: input.name, colour: input.colour },
        }),
      ),
    onSuccess: changed,
    onError: toastError,
  });
}

export function useDeleteTag() {
  const changed = useTasksChanged();
  return useMutation({
    mutationFn: (id: string) =>
      must(api.DELETE("/api/tasks/tags/{id}", { params: { path: { id } } })),
    onSuccess: changed,
    onError: toastError,
  });
}
