/** A page number to show, or a gap ("…") between far-apart numbers. */
export type PageItem = number | "gap";

/**
 * The numbers a pager shows: the first, the last, and the current one with
 * its neighbours, gaps between ("1 … 4 5 6 … 12").
 */
export function pageItems(page: number, pages: number, around = 1): PageItem[] {
  if (pages <= 1) return [];
  const wanted = new Set([1, pages]);
  for (let p = page - around; p <= page + around; p++) if (p >= 1 && p <= pages) wanted.add(p);
  const sorted = [...wanted].sort((a, b) => a - b);
  const items: PageItem[] = [];
  sorted.forEach((p, i) => {
    const prev = sorted[i - 1];
    if (prev !== undefined && p - prev === 2) items.push(prev + 1);
    else if (prev !== undefined && p - prev > 2) items.push("gap");
    items.push(p);
  });
  return items;
}
