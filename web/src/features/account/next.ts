/**
 * Where a sign-in or sign-up form goes once it succeeds: the `next` query
 * parameter when it is a path on this site, else home. A value such as
 * `//elsewhere.example` or `/\elsewhere.example` is a URL on another host to the
 * browser, so it is refused like any absolute URL.
 */
export function safeNext(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  return raw;
}

/** `path` with `next` carried along, so switching between sign-in and sign-up keeps it. */
export function withNext(path: string, next: string): string {
  return next === "/" ? path : `${path}?next=${encodeURIComponent(next)}`;
}
