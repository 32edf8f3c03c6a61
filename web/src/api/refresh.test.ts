import { describe, expect, it } from "vitest";
import { authenticatedFetch } from "./refresh";
import type { Tokens } from "../auth/tokens";

/** A fake API: `valid` is the access token it accepts; refresh swaps tokens once. */
function server() {
  const state = { valid: "new-access", refreshes: 0, calls: [] as string[] };
  const base = async (request: Request): Promise<Response> => {
    const url = new URL(request.url).pathname;
    state.calls.push(`${url} ${request.headers.get("authorization") ?? "-"}`);
    if (url === "/api/identity/refresh") {
      state.refreshes += 1;
      const body = (await request.json()) as { refresh_token: string };
      if (body.refresh_token !== "refresh-1") return new Response(null, { status: 401 });
      return Response.json({ access_token: "new-access", refresh_token: "refresh-2" });
    }
    const ok = request.headers.get("authorization") === `Bearer ${state.valid}`;
    return ok ? Response.json({ body: await request.text() }) : new Response(null, { status: 401 });
  };
  return { state, base };
}

function session(initial: Tokens | null) {
  let tokens = initial;
  return {
    load: () => tokens,
    save: (next: Tokens | null) => {
      tokens = next;
    },
    current: () => tokens,
  };
}

describe("authenticated fetch", () => {
  it("refreshes once on 401 and retries the request with its body", async () => {
    const { state, base } = server();
    const s = session({ access_token: "expired", refresh_token: "refresh-1" });
    const call = authenticatedFetch({ base, ...s, refreshUrl: "http://x/api/identity/refresh" });
    const response = await call(new Request("http://x/api/orders", { method: "POST", body: "hi" }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ body: "hi" });
    expect(state.refreshes).toBe(1);
    expect(s.current()).toEqual({ access_token: "new-access", refresh_token: "refresh-2" });
  });

  it("shares one refresh between concurrent 401s (a refresh token is single-use)", async () => {
    const { state, base } = server();
    const s = session({ access_token: "expired", refresh_token: "refresh-1" });
    const call = authenticatedFetch({ base, ...s, refreshUrl: "http://x/api/identity/refresh" });
    const responses = await Promise.all(
      [1, 2, 3].map(() => call(new Request("http://x/api/orders/cart"))),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(state.refreshes).toBe(1);
  });

  it("signs out when the refresh is refused, and does not loop", async () => {
    const { state, base } = server();
    const s = session({ access_token: "expired", refresh_token: "revoked" });
    const call = authenticatedFetch({ base, ...s, refreshUrl: "http://x/api/identity/refresh" });
    const response = await call(new Request("http://x/api/orders"));
    expect(response.status).toBe(401);
    expect(state.refreshes).toBe(1);
    expect(s.current()).toBeNull();
  });

  it("sends anonymous requests unsigned and never refreshes for them", async () => {
    const { state, base } = server();
    const call = authenticatedFetch({ base, ...session(null), refreshUrl: "http://x/r" });
    expect((await call(new Request("http://x/api/orders"))).status).toBe(401);
    expect(state.calls).toEqual(["/api/orders -"]);
  });
});
