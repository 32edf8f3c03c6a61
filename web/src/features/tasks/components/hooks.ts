import { useEffect, useState } from "react";

/** The time now, refreshed each minute, so a task turns overdue while the page is open. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/** `errors` without `field`'s message: it goes once the field is edited. */
export function withoutError(errors: Record<string, string>, field: string) {
  const rest = { ...errors };
  delete rest[field];
  return rest;
}
