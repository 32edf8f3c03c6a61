import { formatBoolean, formatMeasure, formatNumber, plural, userLocale } from "../../lib/format";

/** One row of a product's specifications, ready to show. */
export interface Spec {
  key: string;
  label: string;
  value: string;
}

/** Units that product data writes as a key's last word: `volume_ml`, `weight_grams`. */
const SUFFIX_UNITS: Record<string, string> = {
  ml: "ml",
  l: "l",
  g: "g",
  grams: "g",
  kg: "kg",
  mm: "mm",
  cm: "cm",
  m: "m",
  inches: "in",
  w: "W",
  watts: "W",
  v: "V",
  mah: "mAh",
  gb: "GB",
  tb: "TB",
  percent: "%",
};

/** Words for keys whose plain form reads badly. */
const LABELS: Record<string, string> = {
  min_age: "Suitable from",
  players: "Players",
  dishwasher_safe: "Dishwasher safe",
  warranty_years: "Warranty",
  color: "Colour",
  colour: "Colour",
};

const sentenceCase = (words: string) => {
  const text = words.replace(/[_-]+/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
};

function languageName(code: string, locale: string): string | null {
  if (!/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(code)) return null;
  try {
    return new Intl.DisplayNames([locale], { type: "language" }).of(code) ?? null;
  } catch {
    return null;
  }
}

/** A typed attribute as a catalog may send it: `{ "value": 500, "unit": "ml" }`. */
interface Measured {
  value: unknown;
  unit?: unknown;
  label?: unknown;
}

const isMeasured = (v: unknown): v is Measured =>
  typeof v === "object" && v !== null && !Array.isArray(v) && "value" in v;

function formatValue(key: string, value: unknown, unit: string | null, locale: string): string {
  if (typeof value === "boolean") return formatBoolean(value);
  if (typeof value === "number") {
    if (key === "warranty_years") return plural(value, { one: "year", other: "years" }, locale);
    if (key === "min_age") return plural(value, { one: "year", other: "years" }, locale);
    return unit ? formatMeasure(value, unit, locale) : formatNumber(value, locale);
  }
  if (typeof value === "string") {
    if (key === "language") return languageName(value, locale) ?? value;
    if (key === "players") return value.replace("-", "–");
    // Short codes (sizes such as XS) stay as written; words start with a capital.
    return /^[a-z]/.test(value) ? sentenceCase(value) : value;
  }
  if (Array.isArray(value)) return value.map((v) => formatValue(key, v, unit, locale)).join(", ");
  if (value === null || value === undefined) return "—";
  return String(value);
}

/**
 * A product's free-form attributes as labelled rows: units from the key
 * ("volume_ml" 500 → Volume, 500 ml), Yes/No for flags, languages by name,
 * sentence case for words. Typed attributes (`{value, unit, label}`) use
 * their own unit and label.
 */
export function formatSpecs(attributes: Record<string, unknown>, locale = userLocale()): Spec[] {
  return Object.entries(attributes ?? {}).map(([key, raw]) => {
    let unit: string | null = null;
    let label = LABELS[key];
    let value: unknown = raw;
    if (isMeasured(raw)) {
      value = raw.value;
      if (typeof raw.unit === "string") unit = raw.unit;
      if (typeof raw.label === "string") label = raw.label;
    }
    if (!label) {
      const words = key.split("_");
      const last = words[words.length - 1]?.toLowerCase() ?? "";
      if (words.length > 1 && SUFFIX_UNITS[last] && typeof value === "number") {
        unit ??= SUFFIX_UNITS[last];
        label = sentenceCase(words.slice(0, -1).join(" "));
      } else {
        label = sentenceCase(key);
      }
    }
    if (label === "Weight grams") label = "Weight";
    return { key, label, value: formatValue(key, value, unit, locale) };
  });
}

/** A stock level for shoppers, with the tone of its badge. */
export interface StockState {
  label: string;
  tone: "success" | "warning" | "neutral";
  available: boolean;
}

/** Below this many, the shop says "Only N left". */
export const LOW_STOCK = 5;

export function stockState(stock: number): StockState {
  if (stock <= 0) return { label: "Out of stock", tone: "neutral", available: false };
  if (stock < LOW_STOCK) return { label: `Only ${stock} left`, tone: "warning", available: true };
  return { label: "In stock", tone: "success", available: true };
}

/** A category slug as a name: "home-kitchen" → "Home & kitchen", "books" → "Books". */
export function categoryName(slug: string): string {
  const known: Record<string, string> = {
    "home-kitchen": "Home & kitchen",
    "sports-outdoors": "Sports & outdoors",
    "toys-games": "Toys & games",
    "beauty-personal-care": "Beauty & personal care",
    "health-beauty": "Health & beauty",
  };
  return known[slug] ?? sentenceCase(slug);
}
