import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { api, must } from "../../api/client";
import { describeError } from "../../lib/problem";

export const accountKeys = {
  all: ["account"] as const,
  me: () => [...accountKeys.all, "me"] as const,
};

/** The signed-in user's profile, preferences and saved addresses. */
export function useMe() {
  return useQuery({ queryKey: accountKeys.me(), queryFn: () => must(api.GET("/api/identity/me")) });
}

function useSaved() {
  const queryClient = useQueryClient();
  return () => {
    toast.success("Saved");
    return queryClient.invalidateQueries({ queryKey: accountKeys.me() });
  };
}

export function useUpdateProfile() {
  const saved = useSaved();
  return useMutation({
    mutationFn: (body: {
      name?: string;
      phone?: string | null;
      preferences?: Record<string, boolean>;
    }) => must(api.PATCH("/api/identity/me", { body })),
    onSuccess: saved,
    onError: (error) => toast.error(describeError(error)),
  });
}

export function useAddAddress() {
  const saved = useSaved();
  return useMutation({
    mutationFn: (body: Record<string, string | boolean>) =>
      must(api.POST("/api/identity/me/addresses", { body })),
    onSuccess: saved,
  });
}

export function useRemoveAddress() {
  const saved = useSaved();
  return useMutation({
    mutationFn: (id: string) =>
      must(api.DELETE("/api/identity/me/addresses/{id}", { params: { path: { id } } })),
    onSuccess: saved,
  });
}
