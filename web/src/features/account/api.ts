import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { saveTokens } from "../../auth/tokens";
import type { components } from "../../api/schema";
import { problemMessage } from "../../lib/problem";
import { toast } from "../../ui/toast";

type AddressInput = components["schemas"]["AddressInput"];

export const accountKeys = {
  all: ["account"] as const,
  me: () => [...accountKeys.all, "me"] as const,
};

/** The signed-in user's profile, preferences and saved addresses. */
export function useMe() {
  return useQuery({ queryKey: accountKeys.me(), queryFn: () => must(api.GET("/api/identity/me")) });
}

function useSaved(message: string) {
  const queryClient = useQueryClient();
  return () => {
    toast.success(message);
    return queryClient.invalidateQueries({ queryKey: accountKeys.me() });
  };
}

/** Saves the profile; field errors are the form's to show, anything else is a toast. */
export function useUpdateProfile() {
  const saved = useSaved("Your profile is saved.");
  return useMutation({
    mutationFn: (body: {
      name?: string;
      phone?: string | null;
      preferences?: Record<string, boolean>;
    }) => must(api.PATCH("/api/identity/me", { body })),
    onSuccess: saved,
  });
}

/**
 * Changes the password with the current one. The server ends every session
 * and answers with a new one, which replaces this tab's tokens (ADR 0040).
 */
export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { current_password: string; new_password: string }) =>
      must(api.POST("/api/identity/me/password", { body })),
    onSuccess: (pair) => {
      saveTokens(pair);
      toast.success("Your password is changed. Other devices are signed out.");
    },
  });
}

export function useAddAddress() {
  const saved = useSaved("The address is saved.");
  return useMutation({
    mutationFn: (body: AddressInput) => must(api.POST("/api/identity/me/addresses", { body })),
    onSuccess: saved,
  });
}

export function useMakeDefaultAddress() {
  const saved = useSaved("That address is now your default.");
  return useMutation({
    mutationFn: (id: string) =>
      must(
        api.PATCH("/api/identity/me/addresses/{id}", {
          params: { path: { id } },
          body: { is_default: true },
        }),
      ),
    onSuccess: saved,
    onError: (error) => toast.error(problemMessage(error)),
  });
}

export function useRemoveAddress() {
  const saved = useSaved("The address is removed.");
  return useMutation({
    mutationFn: (id: string) =>
      must(api.DELETE("/api/identity/me/addresses/{id}", { params: { path: { id } } })),
    onSuccess: saved,
    onError: (error) => toast.error(problemMessage(error)),
  });
}
