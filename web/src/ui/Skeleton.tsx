/** A grey block in the shape of what is loading; hidden from screen readers. */
export function Skeleton({ className = "" }: { className?: string }) {
  return (
    <div
      aria-hidden="true"
      className={`animate-pulse rounded-lg bg-zinc-200/80 dark:bg-zinc-800 ${className}`}
    />
  );
}
