import { describe, expect, it } from "vitest";
import { authenticatedFetch } from "../../api/refresh";
import type { Tokens } from "../../auth/tokens";
import { ReconnectPolicy, runLiveStream, type LiveStreamOptions } from "./reconnect";

const STREAM = "http://x/api/notifications/me/stream";
const REFRESH = "http://x/api/identity/refresh";

/** A stream answer that sends `text` and then closes, as the server does. */
function stream(text: string): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream" } });
}

function problem(status: number, headers: Record<string, string> = {}): Response {
  return Response.json(
    { type: "urn:feira:problem:x", title: "x", status },
    { status, headers: { "content-type": "application/problem+json", ...headers } },
  );
}

const notification = (title: string) =>
  `event: notification\nid: ${title}\ndata: {"title":"${title}"}\n\n`;
const expired = 'event: expired\ndata: {"expired_at":"2026-01-01T00:00:00.000Z"}\n\n';

/** Runs the stream with waits recorded instead of slept; `stopAfter` waits end it. */
async function run(
  options: Omit<LiveStreamOptions, "signal" | "sleep" | "onNotification" | "url"> & {
    stopAfter?: number;
    stopOnTitle?: string;
  },
) {
  const stop = new AbortController();
  const waits: number[] = [];
  const titles: string[] = [];
  let reconnected = 0;
  await runLiveStream({
    url: STREAM,
    signal: stop.signal,
    ...options,
    onNotification(data) {
      const { title } = JSON.parse(data) as { title: string };
      titles.push(title);
      if (title === options.stopOnTitle) stop.abort();
    },
    onReconnected: () => (reconnected += 1),
    sleep: async (ms) => {
      waits.push(ms);
      if (waits.length === options.stopAfter) stop.abort();
    },
  });
  return { waits, titles, reconnected };
}

/** A clock where every reading is a minute later: each stream looks healthy. */
function minutes() {
  let now = 0;
  return () => (now += 60_000);
}

describe("the live notification stream", () => {
  it("reopens at once with a refreshed token when the server says the token expired", async () => {
    const server = { valid: "access-1", calls: [] as string[], refreshes: 0 };
    const base = async (request: Request): Promise<Response> => {
      const path = new URL(request.url).pathname;
      const auth = request.headers.get("authorization");
      server.calls.push(`${path} ${auth}`);
      if (path === "/api/identity/refresh") {
        server.refreshes += 1;
        server.valid = "access-2";
        return Response.json({ access_token: "access-2", refresh_token: "refresh-2" });
      }
      if (auth !== `Bearer ${server.valid}`) return problem(401);
      if (server.valid === "access-1") {
        // Its last event, then access-1 is expired for good.
        server.valid = "none";
        return stream(notification("Paid") + expired);
      }
      return stream(notification("Shipped"));
    };
    let tokens: Tokens | null = { access_token: "access-1", refresh_token: "refresh-1" };
    const fetch = authenticatedFetch({
      base,
      load: () => tokens,
      save: (next) => (tokens = next),
      refreshUrl: REFRESH,
    });

    const result = await run({
      fetch,
      policy: new ReconnectPolicy(undefined, minutes(), () => 1),
      stopOnTitle: "Shipped",
    });

    expect(result.titles).toEqual(["Paid", "Shipped"]);
    expect(result.waits).toEqual([0]);
    expect(result.reconnected).toBe(1);
    expect(server.refreshes).toBe(1);
    expect(server.calls).toEqual([
      "/api/notifications/me/stream Bearer access-1",
      "/api/notifications/me/stream Bearer access-1",
      "/api/identity/refresh null",
      "/api/notifications/me/stream Bearer access-2",
    ]);
  });

  it("backs off exponentially up to a minute on failures, at least as long as Retry-After", async () => {
    const answers: (() => Promise<Response>)[] = [
      async () => problem(429, { "retry-after": "30" }),
      ...Array.from({ length: 7 }, () => async () => problem(503)),
      async () => {
        throw new TypeError("network down");
      },
    ];
    let calls = 0;
    const result = await run({
      fetch: () => {
        const answer = answers[calls] ?? answers[answers.length - 1]!;
        calls += 1;
        return answer();
      },
      policy: new ReconnectPolicy(
        undefined,
        () => 0,
        () => 1,
      ),
      stopAfter: 9,
    });
    expect(result.waits).toEqual([
      30_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
    expect(calls).toBe(9);
  });

  it("jitters each wait between half and all of its ceiling", () => {
    const low = new ReconnectPolicy(
      undefined,
      () => 0,
      () => 0,
    );
    expect([1, 2, 3].map(() => low.delayAfter({ kind: "failed" }))).toEqual([500, 1_000, 2_000]);
  });

  it("does not storm when streams end as soon as they open", async () => {
    const result = await run({
      fetch: async () => stream(expired),
      // The clock stands still: no stream lives long enough to count as healthy.
      policy: new ReconnectPolicy(
        undefined,
        () => 0,
        () => 1,
      ),
      stopAfter: 4,
    });
    expect(result.waits).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it("after a healthy stream closes without a reason, waits about a second and catches up", async () => {
    let opened = 0;
    const result = await run({
      fetch: async () => {
        opened += 1;
        return stream(opened === 1 ? "" : notification("Late"));
      },
      policy: new ReconnectPolicy(undefined, minutes(), () => 1),
      stopOnTitle: "Late",
    });
    expect(result.waits).toEqual([1_000]);
    expect(result.reconnected).toBe(1);
    expect(result.titles).toEqual(["Late"]);
  });

  it("stops for good when the session cannot be refreshed", async () => {
    let tokens: Tokens | null = { access_token: "expired", refresh_token: "revoked" };
    let calls = 0;
    const fetch = authenticatedFetch({
      base: async () => {
        calls += 1;
        return problem(401);
      },
      load: () => tokens,
      save: (next) => (tokens = next),
      refreshUrl: REFRESH,
    });
    // Ends a run that would retry, so a regression fails instead of hanging.
    const result = await run({ fetch, stopAfter: 1 });
    expect(result.waits).toEqual([]);
    expect(calls).toBe(2);
    expect(tokens).toBeNull();
  });
});
