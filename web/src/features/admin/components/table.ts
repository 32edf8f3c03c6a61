import { useSearchParams } from "react-router";

/** An admin panel: a table's frame, a section of a detail page. */
export const PANEL =
  "relative rounded-2xl bg-white ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800";

/**
 * The sticky first cell of an admin table's row: at 390 px the table scrolls
 * sideways and the row's name (product, order number) stays in view.
 */
export const STICKY_CELL =
  "sticky left-0 z-10 bg-white shadow-[1px_0_0_0] shadow-zinc-200 dark:bg-zinc-900 dark:shadow-zinc-800";

/** A table's header row. */
export const THEAD = "text-xs font-medium tracking-wide text-zinc-600 uppercase dark:text-zinc-400";

/**
 * The list page in the URL (`?page=`, 1 when absent) and a way to another:
 * the other parameters stay and the view goes back to the top.
 */
export function usePageParam(): [number, (next: number) => void] {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get("page")) || 1);
  const goTo = (next: number) => {
    const p = new URLSearchParams(params);
    if (next > 1) p.set("page", String(next));
    else p.delete("page");
    setParams(p);
    window.scrollTo({ top: 0 });
  };
  return [page, goTo];
}
