import type { InputHTMLAttributes, ReactNode } from "react";
import { isRetryable, problemMessage } from "../lib/problem";
import { Button } from "./Button";
import { TextInput } from "./Field";
import { Skeleton } from "./Skeleton";

export { Skeleton } from "./Skeleton";

/** Skeleton rows while something loads; screen readers hear the label once. */
export function Loading({ label = "Loading", rows = 3 }: { label?: string; rows?: number }) {
  return (
    <div role="status" aria-label={label} className="space-y-3">
      <span className="sr-only">{label}…</span>
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} className="h-16" />
      ))}
    </div>
  );
}

const panel =
  "rounded-2xl border border-zinc-200 bg-white px-6 py-10 text-center dark:border-zinc-800 dark:bg-zinc-900";

/**
 * Something could not load. The message comes from `problemMessage` (never
 * the API's own text); "Try again" appears only when asking again can help
 * (network trouble, a server error), not for a 4xx that will not change.
 */
export function ErrorState({
  error,
  retry,
  title = "We could not load this",
  children,
}: {
  error: unknown;
  retry?: () => void;
  title?: string;
  /** Ways on, such as a link home, shown under the message. */
  children?: ReactNode;
}) {
  return (
    <div role="alert" className={panel}>
      <p className="text-base font-semibold text-zinc-900 dark:text-white">{title}</p>
      <p className="mx-auto mt-1 max-w-prose text-sm text-zinc-600 dark:text-zinc-400">
        {problemMessage(error)}
      </p>
      {(children || (retry && isRetryable(error))) && (
        <div className="mt-5 flex flex-wrap justify-center gap-2">
          {retry && isRetryable(error) && <Button onClick={retry}>Try again</Button>}
          {children}
        </div>
      )}
    </div>
  );
}

/** Nothing to show yet, with what to do about it. */
export function Empty({
  title,
  children,
  action,
  icon,
}: {
  title: string;
  children?: ReactNode;
  /** A button or link to the next step ("Browse products"). */
  action?: ReactNode;
  icon?: ReactNode;
}) {
  return (
    <div className={panel}>
      {icon && (
        <div className="mx-auto mb-3 flex size-12 items-center justify-center rounded-full bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400">
          {icon}
        </div>
      )}
      <p className="text-base font-semibold text-zinc-900 dark:text-white">{title}</p>
      {children && (
        <div className="mx-auto mt-1 max-w-prose text-sm text-zinc-600 dark:text-zinc-400">
          {children}
        </div>
      )}
      {action && <div className="mt-5 flex flex-wrap justify-center gap-2">{action}</div>}
    </div>
  );
}

/**
 * A labelled text input with its error. Kept for older forms; new code uses
 * `Field` with `TextInput` from `./Field`, which has hints and any control.
 */
export function Field({
  label,
  name,
  error,
  ...input
}: { label: string; name: string; error?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = `field-${name}`;
  return (
    <div>
      <label
        htmlFor={id}
        className="mb-1.5 block text-sm font-medium text-zinc-800 dark:text-zinc-200"
      >
        {label}
      </label>
      <TextInput
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...input}
      />
      {error && (
        <p id={`${id}-error`} className="mt-1.5 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
