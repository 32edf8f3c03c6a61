import { useEffect, useMemo, useState, type ReactNode } from "react";
import { SessionContext, type Session } from "./useSession";
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, must } from "../api/client";
import { claimsOf, loadTokens, onTokens, saveTokens, type Tokens } from "./tokens";

/**
 * `beforeSignIn` runs once the credentials are accepted and before the session
 * shows; the app passes the cart's guest-cart merge, so this file knows no feature.
 */
export function SessionProvider({
  children,
  beforeSignIn,
}: {
  children: ReactNode;
  beforeSignIn?: (accessToken: string, queryClient: QueryClient) => Promise<void>;
}) {
  const [tokens, setTokens] = useState<Tokens | null>(loadTokens);
  const queryClient = useQueryClient();
  useEffect(() => onTokens(setTokens), []);

  const session = useMemo<Session>(() => {
    const claims = tokens ? claimsOf(tokens.access_token) : null;
    const signIn = async (pair: Tokens) => {
      await beforeSignIn?.(pair.access_token, queryClient);
      saveTokens(pair);
    };
    const login = async (email: string, password: string) => {
      const answer = await must(api.POST("/api/identity/login", { body: { email, password } }));
      if ("challenge" in answer) return answer;
      await signIn(answer);
      return null;
    };
    return {
      tokens,
      userId: claims?.sub ?? null,
      email: claims?.email ?? null,
      isAdmin: claims?.roles?.includes("admin") ?? false,
      login,
      finishLogin: async (challenge, code) => {
        await signIn(
          await must(api.POST("/api/identity/login/two-factor", { body: { challenge, code } })),
        );
      },
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
  }, [tokens, queryClient, beforeSignIn]);

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
