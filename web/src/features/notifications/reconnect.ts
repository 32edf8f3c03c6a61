import { EventStreamContentType, fetchEventSource } from "@microsoft/fetch-event-source";

/** How one connection to the stream ended, which decides when to open the next. */
export type Ending =
  /** The server said the token expired (`event: expired`), then closed. */
  | { kind: "expired" }
  /** The server closed without saying why (it fell behind, or restarted). */
  | { kind: "closed" }
  /** No stream: a network error, a 5xx, or 429 with its `Retry-After`. */
  | { kind: "failed"; retryAfterMs?: number }
  /** 401 even after the session was refreshed: signed out, so stop. */
  | { kind: "signed-out" };

/** The waits between connections, in milliseconds. */
export interface Backoff {
  /** The first wait after a failure; doubles per failure in a row. */
  baseMs: number;
  /** The longest wait. */
  maxMs: number;
  /** A connection that lived this long was healthy: the failure count starts again. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1_000, maxMs: 60_000, stableMs: 10_000 };

/**
 * Decides how long to wait before connecting again. A healthy stream that
 * ended because its token expired reconnects at once, so the user sees no gap;
 * anything else waits with exponential backoff and jitter (so a restarted
 * server is not met by every client in the same instant), at least as long as
 * a `Retry-After` asked. A stream that expires or closes right after opening
 * counts as a failure, so a misbehaving server cannot cause a reconnect storm.
 */
export class ReconnectPolicy {
  private failures = 0;
  private openedAt: number | null = null;
  private readonly backoff: Backoff;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(
    backoff: Backoff = DEFAULT_BACKOFF,
    now: () => number = Date.now,
    random: () => number = Math.random,
  ) {
    this.backoff = backoff;
    this.now = now;
    this.random = random;
  }

  /** A connection opened (the server answered with the stream). */
  opened(): void {
    this.openedAt = this.now();
  }

  /** Milliseconds to wait after a connection ended with `ending`. */
  delayAfter(ending: Ending): number {
    const lived = this.openedAt === null ? 0 : this.now() - this.openedAt;
    this.openedAt = null;
    const stable = lived >= this.backoff.stableMs;
    if (stable) this.failures = 0;
    if (ending.kind === "expired" && stable) return 0;
    this.failures += 1;
    const ceiling = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** (this.failures - 1));
    // "Equal jitter": between half the ceiling and all of it.
    const wait = Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
    const asked = ending.kind === "failed" ? (ending.retryAfterMs ?? 0) : 0;
    return Math.max(wait, asked);
  }
}

export interface LiveStreamOptions {
  /** The stream's absolute or page-relative URL. */
  url: string;
  /** The signed-in fetch: it adds the access token and refreshes it on 401. */
  fetch: (request: Request) => Promise<Response>;
  /** Each `notification` event's data (JSON text). */
  onNotification: (data: string) => void;
  /** A connection opened after an earlier one ended: something may have been missed. */
  onReconnected?: () => void;
  /** Aborting stops the stream for good. */
  signal: AbortSignal;
  policy?: ReconnectPolicy;
  /** Waits `ms`, or less when `signal` aborts first. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * Keeps the notification stream open until `signal` aborts or the user is
 * signed out: every connection goes through `fetch`, so when the server ends
 * the stream because its token expired, the next connection is refused with
 * 401, the session is refreshed and the stream reopens with the fresh token.
 */
export async function runLiveStream(options: LiveStreamOptions): Promise<void> {
  const policy = options.policy ?? new ReconnectPolicy();
  const sleep = options.sleep ?? abortableSleep;
  let openedBefore = false;
  while (!options.signal.aborted) {
    const ending = await connectOnce(options, () => {
      policy.opened();
      if (openedBefore) options.onReconnected?.();
      openedBefore = true;
    });
    if (ending.kind === "signed-out" || options.signal.aborted) return;
    await sleep(policy.delayAfter(ending), options.signal);
  }
}

/** A stream request answered with something other than the stream. */
class Refused extends Error {
  readonly status: number;
  readonly retryAfterMs?: number;

  constructor(response: Response) {
    super(`the stream answered ${response.status}`);
    this.status = response.status;
    const seconds = Number(response.headers.get("retry-after") ?? Number.NaN);
    if (Number.isFinite(seconds) && seconds >= 0) this.retryAfterMs = seconds * 1000;
  }
}

async function connectOnce(options: LiveStreamOptions, onOpen: () => void): Promise<Ending> {
  let expired = false;
  try {
    await fetchEventSource(options.url, {
      signal: options.signal,
      // The library's own reopening (on visibility and on errors) is off:
      // one call is one connection, and runLiveStream decides the next.
      openWhenHidden: true,
      fetch: (input, init) => options.fetch(new Request(input, init)),
      async onopen(response) {
        const type = response.headers.get("content-type") ?? "";
        if (!response.ok || !type.startsWith(EventStreamContentType)) throw new Refused(response);
        onOpen();
      },
      onmessage(message) {
        if (message.event === "expired") expired = true;
        else if (message.event === "notification") options.onNotification(message.data);
      },
      onerror(error) {
        throw error;
      },
    });
  } catch (error) {
    if (error instanceof Refused) {
      return error.status === 401
        ? { kind: "signed-out" }
        : { kind: "failed", retryAfterMs: error.retryAfterMs };
    }
    return { kind: "failed" };
  }
  return expired ? { kind: "expired" } : { kind: "closed" };
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}
