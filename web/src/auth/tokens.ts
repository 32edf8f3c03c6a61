/** The signed-in session: tokens kept in local storage so a reload stays signed in. */
export interface Tokens {
  access_token: string;
  refresh_token: string;
}

const KEY = "feira.tokens";
type Listener = (tokens: Tokens | null) => void;
const listeners = new Set<Listener>();

export function loadTokens(): Tokens | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  } catch {
    return null;
  }
}

export function saveTokens(tokens: Tokens | null): void {
  if (tokens) localStorage.setItem(KEY, JSON.stringify(tokens));
  else localStorage.removeItem(KEY);
  listeners.forEach((listener) => listener(tokens));
}

/** Calls `listener` whenever the session changes; returns the unsubscribe. */
export function onTokens(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The claims the app reads from an access token (it never verifies it: the API does). */
export interface Claims {
  sub: string;
  email?: string;
  /** Whether the token says the email is confirmed (checkout needs it). */
  email_verified?: boolean;
  roles?: string[];
  exp?: number;
}

export function claimsOf(accessToken: string): Claims | null {
  const payload = accessToken.split(".")[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    return JSON.parse(json) as Claims;
  } catch {
    return null;
  }
}
