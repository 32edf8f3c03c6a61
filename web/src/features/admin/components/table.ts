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

/** Moves the view to the top of the page after a page change. */
export function toTop() {
  window.scrollTo({ top: 0 });
}
