/** A cart kept in the browser until the shopper signs in; then merged into theirs. */
export interface GuestLine {
  product_id: string;
  quantity: number;
}

const KEY = "feira.guest-cart";

export function loadGuestCart(): GuestLine[] {
  try {
    const lines = JSON.parse(localStorage.getItem(KEY) ?? "[]") as GuestLine[];
    return Array.isArray(lines) ? lines.filter((l) => l.quantity > 0) : [];
  } catch {
    return [];
  }
}

// Components re-render when the guest cart changes (useSyncExternalStore).
const listeners = new Set<() => void>();
let snapshot: GuestLine[] | null = null;

/** The current lines, the same array until they change. */
export function guestSnapshot(): GuestLine[] {
  snapshot ??= loadGuestCart();
  return snapshot;
}

export function subscribeGuestCart(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function saveGuestCart(lines: GuestLine[]): void {
  if (lines.length) localStorage.setItem(KEY, JSON.stringify(lines));
  else localStorage.removeItem(KEY);
  snapshot = lines;
  listeners.forEach((listener) => listener());
}

/** Adds `quantity` of a product, never past `max` (the stock) and never below 1. */
export function addLine(lines: GuestLine[], productId: string, quantity: number, max: number) {
  const current = lines.find((l) => l.product_id === productId)?.quantity ?? 0;
  return setLine(lines, productId, Math.min(current + quantity, Math.max(max, 1)));
}

/** Sets a line's quantity; zero or less removes it. Keeps the lines' order. */
export function setLine(lines: GuestLine[], productId: string, quantity: number): GuestLine[] {
  if (quantity <= 0) return lines.filter((l) => l.product_id !== productId);
  if (lines.some((l) => l.product_id === productId)) {
    return lines.map((l) => (l.product_id === productId ? { ...l, quantity } : l));
  }
  return [...lines, { product_id: productId, quantity }];
}

/** Subtotal in minor units of the lines whose price is known. */
export function subtotal(lines: GuestLine[], prices: Record<string, number | undefined>): number {
  return lines.reduce((sum, l) => sum + (prices[l.product_id] ?? 0) * l.quantity, 0);
}

export function itemCount(lines: { quantity: number }[]): number {
  return lines.reduce((sum, l) => sum + l.quantity, 0);
}
