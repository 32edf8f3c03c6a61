import { Link } from "react-router";

export interface Crumb {
  label: string;
  /** Absent for the current page, the last crumb. */
  to?: string;
}

/** Where the page sits ("Home / Kitchen / Teapot"); the last crumb is the current page. */
export function Breadcrumb({ items, className = "" }: { items: Crumb[]; className?: string }) {
  return (
    <nav aria-label="Breadcrumb" className={`mb-3 text-sm ${className}`}>
      <ol className="flex flex-wrap items-center gap-1.5 text-zinc-500 dark:text-zinc-400">
        {items.map((item, i) => {
          const last = i === items.length - 1;
          return (
            <li key={`${item.label}-${i}`} className="flex min-w-0 items-center gap-1.5">
              {item.to && !last ? (
                <Link
                  to={item.to}
                  className="rounded hover:text-zinc-900 hover:underline dark:hover:text-white"
                >
                  {item.label}
                </Link>
              ) : (
                <span
                  aria-current={last ? "page" : undefined}
                  className="truncate text-zinc-700 dark:text-zinc-300"
                >
                  {item.label}
                </span>
              )}
              {!last && (
                <svg
                  aria-hidden="true"
                  viewBox="0 0 20 20"
                  className="size-4 shrink-0"
                  fill="currentColor"
                >
                  <path d="M7.2 14.8a.75.75 0 0 1 0-1.06L10.94 10 7.2 6.26a.75.75 0 1 1 1.06-1.06l4.27 4.27a.75.75 0 0 1 0 1.06L8.26 14.8a.75.75 0 0 1-1.06 0Z" />
                </svg>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
