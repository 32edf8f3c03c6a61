import { createContext, useContext } from "react";
import type { Tokens } from "./tokens";

/** The visitor's session: who is signed in, and the ways to change that. */
export interface Session {
  tokens: Tokens | null;
  userId: string | null;
  email: string | null;
  isAdmin: boolean;
  /**
   * Signs in; with two-factor on, resolves to the challenge that
   * `finishLogin` answers with a code, and nothing is signed in yet.
   */
  login: (email: string, password: string) => Promise<TwoFactorChallenge | null>;
  /** The code step of a login that answered with a challenge. */
  finishLogin: (challenge: string, code: string) => Promise<void>;
  register: (name: string, email: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
}

/** A login whose password was right and that still owes a code. */
export interface TwoFactorChallenge {
  challenge: string;
  expires_in: number;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}
