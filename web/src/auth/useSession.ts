import { createContext, useContext } from "react";
import type { Tokens } from "./tokens";

/** The visitor's session: who is signed in, and the ways to change that. */
export interface Session {
  tokens: Tokens | null;
  userId: string | null;
  email: string | null;
  isAdmin: boolean;
  login: (email: string, password: string) => Promise<void>;
  register: (name: string, email: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}
