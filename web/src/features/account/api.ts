import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, apiFetch, must } from "../../api/client";
import { saveTokens } from "../../auth/tokens";
import type { components } from "../../api/schema";
import { problemMessage } from "../../lib/problem";
import { toast } from "../../ui/toast";

type AddressInput = components["schemas"]["AddressInput"];

export const accountKeys = {
  all: ["account"] as const,
  me: () => [...accountKeys.all, "me"] as const,
};

/** The signed-in user's profile, preferences and saved addresses (fetched while `enabled`). */
export function useMe(enabled = true) {
  return useQuery({
    queryKey: accountKeys.me(),
    queryFn: () => must(api.GET("/api/identity/me")),
    enabled,
  });
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

/** Follows an emailed link: verifies the email or confirms a new one (ADR 0041). */
export function useFollowLink(kind: "verify" | "confirm-email") {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) =>
      must(
        kind === "verify"
          ? api.POST("/api/identity/verify-email", { body: { token } })
          : api.POST("/api/identity/email/confirm", { body: { token } }),
      ),
    onSuccess: async () => {
      // A signed-in tab's token was issued before the address was confirmed:
      // a fresh one says `email_verified`, which checkout needs.
      if (kind === "verify") await apiFetch.renew();
      await queryClient.invalidateQueries({ queryKey: accountKeys.me() });
    },
  });
}

/**
 * Asks for a link by address: a new verification link or a password reset.
 * The server answers the same whether the address has an account.
 */
export function useSendLink(kind: "verification" | "reset") {
  return useMutation({
    mutationFn: (email: string) =>
      must(
        kind === "verification"
          ? api.POST("/api/identity/verify-email/resend", { body: { email } })
          : api.POST("/api/identity/password/forgot", { body: { email } }),
      ),
  });
}

/** Sets a new password with a reset link; every session ends. */
export function useResetPassword() {
  return useMutation({
    mutationFn: (body: { token: string; new_password: string }) =>
      must(api.POST("/api/identity/password/reset", { body })),
    onSuccess: () => saveTokens(null),
  });
}

/** Starts moving the account to a new email: the link goes there. */
export function useChangeEmail() {
  return useMutation({
    mutationFn: (body: { password: string; new_email: string }) =>
      must(api.POST("/api/identity/me/email", { body })),
  });
}

/** The secret of an emailed link: after `#token=` (never sent to a server). */
export function linkToken(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, "")).get("token");
  return token && token.trim() ? token.trim() : null;
}

/** The signed-in devices of this account, this one marked `current`. */
export function useSessions() {
  return useQuery({
    queryKey: [...accountKeys.all, "sessions"] as const,
    queryFn: () => must(api.GET("/api/identity/me/sessions")),
  });
}

/** Signs one of this account's other devices out. */
export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      must(api.DELETE("/api/identity/me/sessions/{id}", { params: { path: { id } } })),
    onSuccess: () => {
      toast.success("That device is signed out.");
      return queryClient.invalidateQueries({ queryKey: [...accountKeys.all, "sessions"] });
    },
    onError: (error) => toast.error(problemMessage(error)),
  });
}

const twoFactorKey = [...accountKeys.all, "two-factor"] as const;

/** Whether two-factor sign-in is on, and how many recovery codes are left. */
export function useTwoFactor() {
  return useQuery({
    queryKey: twoFactorKey,
    queryFn: () => must(api.GET("/api/identity/me/two-factor")),
  });
}

/** Starts setting up an authenticator app: its key, as a QR code and as text. */
export function useBeginTwoFactor() {
  return useMutation({
    mutationFn: () => must(api.POST("/api/identity/me/two-factor")),
  });
}

/** Turns two-factor on with the app's code; resolves to the recovery codes. */
export function useConfirmTwoFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) =>
      must(api.POST("/api/identity/me/two-factor/confirm", { body: { code } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: twoFactorKey }),
  });
}

/** Turns two-factor off with the password and a code. */
export function useDisableTwoFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { password: string; code: string }) =>
      must(api.POST("/api/identity/me/two-factor/disable", { body })),
    onSuccess: () => {
      toast.success("Two-factor sign-in is off.");
      return queryClient.invalidateQueries({ queryKey: twoFactorKey });
    },
  });
}
