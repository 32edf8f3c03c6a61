/** Colours of tag chips and the overdue rule, kept apart from React so they are tested alone. */

/** A `#rgb` or `#rrggbb` colour as its three channels (0–255), or null when it is not one. */
export function parseHex(colour: string): [number, number, number] | null {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour.trim());
  const digits = m?.[1];
  if (!digits) return null;
  const hex =
    digits.length === 3
      ? digits
          .split("")
          .map((c) => c + c)
          .join("")
      : digits;
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG 2 relative luminance of a colour's channels. */
export function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2 contrast ratio between two luminances (1 to 21). */
export function contrast(a: number, b: number): number {
  const [hi, lo] = a > b ? [a, b] : [b, a];
  return (hi + 0.05) / (lo + 0.05);
}

// Pure black: with it or white, every background reaches 4.5:1 (zinc-900 misses
// by a little on mid greys).
const INK = "#000000";
const PAPER = "#ffffff";
/** The chip of a tag whose colour is missing or unreadable as a colour. */
const FALLBACK = "#71717a"; // zinc-500

/**
 * A chip's colours for a tag: its own colour as the background, and dark or
 * white text, whichever contrasts more. The chip looks the same in light and
 * dark mode, and its text always reaches at least 4.5:1 (WCAG AA), since one of
 * the two always does against any colour.
 */
export function tagChipColours(colour: string | undefined): {
  background: string;
  color: string;
} {
  const rgb = (colour && parseHex(colour)) || parseHex(FALLBACK)!;
  const bg = luminance(rgb);
  const onInk = contrast(bg, luminance(parseHex(INK)!));
  const onPaper = contrast(bg, 1);
  const hex = `#${rgb.map((c) => c.toString(16).padStart(2, "0")).join("")}`;
  return { background: hex, color: onInk >= onPaper ? INK : PAPER };
}

/** Whether a task is overdue: still pending and its deadline has passed. */
export function isOverdue(
  task: { status: string; deadline?: string | null },
  now: number = Date.now(),
): boolean {
  if (task.status !== "pending" || !task.deadline) return false;
  const due = new Date(task.deadline).getTime();
  return !Number.isNaN(due) && due < now;
}
