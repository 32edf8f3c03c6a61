import type { Tokens } from "../auth/tokens";

/** A signed-in fetch, and `renew` for a new token pair now (after a change the claims carry). */
export type AuthenticatedFetch = ((request: Request) => Promise<Response>) & {
  renew: () => Promise<Tokens | null>;
};

/**
 * Makes a fetch that signs requests with the access token and, when one gets
 * 401, refreshes the session once and retries. Concurrent 401s share one
 * refresh, since a refresh token is single-use (reusing one revokes the
 * session). When refreshing fails the session is cleared.
 */
export function authenticatedFetch(options: {
  base: (request: Request) => Promise<Response>;
  load: () => Tokens | null;
  save: (tokens: Tokens | null) => void;
  refreshUrl: string;
}): AuthenticatedFetch {
  let refreshing: Promise<Tokens | null> | null = null;

  const refresh = (stale: Tokens): Promise<Tokens | null> => {
    refreshing ??= (async () => {
      try {
        const response = await options.base(
          new Request(options.refreshUrl, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ refresh_token: stale.refresh_token }),
          }),
        );
        const next = response.ok ? ((await response.json()) as Tokens) : null;
        options.save(next);
        return next;
      } catch {
        return null;
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  };

  const sign = (request: Request, tokens: Tokens | null): Request => {
    const signed = request.clone();
    if (tokens) signed.headers.set("authorization", `Bearer ${tokens.access_token}`);
    return signed;
  };

  const call = async (request: Request) => {
    const tokens = options.load();
    const retry = tokens ? request.clone() : null;
    const response = await options.base(sign(request, tokens));
    if (response.status !== 401 || !tokens || !retry) return response;
    // Another request may have refreshed already while this one was in flight.
    const current = options.load();
    const fresh =
      current && current.access_token !== tokens.access_token ? current : await refresh(tokens);
    if (!fresh) return response;
    return options.base(sign(retry, fresh));
  };
  return Object.assign(call, {
    renew: async () => {
      const tokens = options.load();
      return tokens ? refresh(tokens) : null;
    },
  });
}
