import { useEffect, useMemo, useState, type ReactNode } from "react";
import { SessionContext, type Session } from "./useSession";
import { useQueryClient } from "@tanstack/react-query";
import { api, must } from "../api/client";
import { claimsOf, loadTokens, onTokens, saveTokens, type Tokens } from "./tokens";
import { loadGuestCart, saveGuestCart } from "../cart/guest";

export function SessionProvider({ children }: { children: ReactNode }) {
  const [tokens, setTokens] = useState<Tokens | null>(loadTokens);
  const queryClient = useQueryClient();
  useEffect(() => onTokens(setTokens), []);

  const session = useMemo<Session>(() => {
    const claims = tokens ? claimsOf(tokens.access_token) : null;
    const login = async (email: string, password: string) => {
      const pair = await must(api.POST("/api/identity/login", { body: { email, password } }));
      // The guest cart joins the account's (the larger quantity wins per
      // product) before the session shows, so the first cart fetched has it.
      const guest = loadGuestCart();
      if (guest.length) {
        await must(
          api.POST("/api/orders/cart/merge", {
            body: { items: guest },
            headers: { authorization: `Bearer ${pair.access_token}` },
          }),
        );
        saveGuestCart([]);
      }
      queryClient.removeQueries({ queryKey: ["cart"] });
      saveTokens(pair);
    };
    return {
      tokens,
      userId: claims?.sub ?? null,
      email: claims?.email ?? null,
      isAdmin: claims?.roles?.includes("admin") ?? false,
      login,
      register: async (name, email, password) => {
        await must(api.POST("/api/identity/register", { body: { name, email, password } }));
        await login(email, password);
      },
      logout: async () => {
        if (tokens) {
          await api.POST("/api/identity/logout", {
            body: { refresh_token: tokens.refresh_token },
          });
        }
        saveTokens(null);
        queryClient.clear();
      },
    };
  }, [tokens, queryClient]);

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
