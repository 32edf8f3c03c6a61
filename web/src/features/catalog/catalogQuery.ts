import { parseMoney } from "../../lib/format";

/** The catalog page's state, kept in the URL so links and the back button work. */
export interface CatalogQuery {
  q: string;
  category: string;
  min: string;
  max: string;
  /** Only products that can be bought now. */
  inStock: boolean;
  sort: "newest" | "price" | "name";
  order: "" | "asc" | "desc";
  page: number;
}

const SORTS = ["newest", "price", "name"] as const;

export function parseCatalogQuery(params: URLSearchParams): CatalogQuery {
  const sort = params.get("sort");
  const order = params.get("order");
  const page = Number(params.get("page"));
  return {
    q: params.get("q") ?? "",
    category: params.get("category") ?? "",
    min: params.get("min") ?? "",
    max: params.get("max") ?? "",
    inStock: params.get("stock") === "1",
    sort: SORTS.find((s) => s === sort) ?? "newest",
    order: order === "asc" || order === "desc" ? order : "",
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The URL form: defaults are left out so links stay short. */
export function catalogSearch(query: CatalogQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q.trim()) params.set("q", query.q.trim());
  if (query.category) params.set("category", query.category);
  if (query.min) params.set("min", query.min);
  if (query.max) params.set("max", query.max);
  if (query.inStock) params.set("stock", "1");
  if (query.sort !== "newest") params.set("sort", query.sort);
  if (query.order) params.set("order", query.order);
  if (query.page > 1) params.set("page", String(query.page));
  return params;
}

/** A change of any filter starts again at page 1. */
export function withFilter(query: CatalogQuery, change: Partial<CatalogQuery>): CatalogQuery {
  return { ...query, ...change, page: change.page ?? 1 };
}

/** Sentences beside the price fields; empty when both can be sent. */
export interface PriceErrors {
  min?: string;
  max?: string;
}

/**
 * Checks the price filter before it reaches the URL: each bound is empty or
 * an amount ("12", "12.50", "12,50"), and the minimum is not above the maximum.
 */
export function validatePrice(min: string, max: string): PriceErrors {
  const errors: PriceErrors = {};
  const low = min.trim() ? parseMoney(min) : null;
  const high = max.trim() ? parseMoney(max) : null;
  if (min.trim() && low === null) errors.min = "Enter an amount like 10 or 12.50.";
  if (max.trim() && high === null) errors.max = "Enter an amount like 50 or 59.90.";
  if (low !== null && high !== null && low > high) {
    errors.max = "Enter at least the minimum.";
  }
  return errors;
}

/**
 * The spelling the server suggests for a search ("keybord" → "keyboard"), and
 * whether the list it sent is already that of the suggestion.
 */
export function searchSuggestion(data: unknown): { words: string; corrected: boolean } | null {
  const d = data as
    { did_you_mean?: unknown; suggestion?: unknown; corrected?: unknown } | undefined;
  const words = d?.did_you_mean ?? d?.suggestion;
  return typeof words === "string" && words.trim()
    ? { words, corrected: d?.corrected === true }
    : null;
}
