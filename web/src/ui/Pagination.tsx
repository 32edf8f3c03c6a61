import { buttonClass } from "./classes";
import { pageItems } from "./pages";

/**
 * Numbered pages with Previous and Next; nothing when everything fits on one.
 * The caller moves the view: scroll to the list's top and focus its heading.
 */
export function Pagination({
  page,
  pages,
  onChange,
  label = "Pages",
  className = "",
}: {
  page: number;
  pages: number;
  onChange: (page: number) => void;
  label?: string;
  className?: string;
}) {
  if (pages <= 1) return null;
  const items = pageItems(page, pages);
  return (
    <nav aria-label={label} className={`mt-10 flex items-center justify-center gap-1 ${className}`}>
      <button
        type="button"
        className={buttonClass("ghost", "sm")}
        disabled={page <= 1}
        onClick={() => onChange(page - 1)}
      >
        <span aria-hidden="true">←</span> Previous
      </button>
      <ul className="hidden items-center gap-1 sm:flex">
        {items.map((item, i) =>
          item === "gap" ? (
            <li key={`gap-${i}`} aria-hidden="true" className="px-2 text-zinc-400">
              …
            </li>
          ) : (
            <li key={item}>
              <button
                type="button"
                aria-label={`Page ${item}`}
                aria-current={item === page ? "page" : undefined}
                className={buttonClass(
                  item === page ? "primary" : "ghost",
                  "sm",
                  "min-w-9 tabular-nums",
                )}
                onClick={() => item !== page && onChange(item)}
              >
                {item}
              </button>
            </li>
          ),
        )}
      </ul>
      <span className="px-2 text-sm text-zinc-600 tabular-nums sm:hidden dark:text-zinc-400">
        Page {page} of {pages}
      </span>
      <button
        type="button"
        className={buttonClass("ghost", "sm")}
        disabled={page >= pages}
        onClick={() => onChange(page + 1)}
      >
        Next <span aria-hidden="true">→</span>
      </button>
    </nav>
  );
}
