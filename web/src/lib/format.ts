/**
 * Money, dates, numbers and plurals for people, through `Intl` in the
 * shopper's locale. Every screen formats through here, so a euro shop never
 * shows "1 products", seconds in a time or "€0.00" for free shipping.
 */

/**
 * The shop's own English: as written in a euro country (day before month, a
 * 24-hour clock, "€1,234.50"). Also the fallback when the browser names no
 * language.
 */
export const SHOP_LOCALE = "en-IE";

/**
 * The shopper's locale: the browser's first language, except that plain or
 * US English becomes the shop's English, so a euro shop never puts
 * "12/2/2026, 3:41 AM" beside its prices (ADR 0039). Other languages and
 * regions are kept: a de-DE browser reads "2. Dez. 2026, 03:41".
 */
export function userLocale(): string {
  if (typeof navigator === "undefined") return SHOP_LOCALE;
  const first = navigator.languages?.[0] ?? navigator.language;
  if (!first) return SHOP_LOCALE;
  try {
    const locale = Intl.getCanonicalLocales(first)[0] ?? SHOP_LOCALE;
    return locale === "en" || locale === "en-US" ? SHOP_LOCALE : locale;
  } catch {
    return SHOP_LOCALE;
  }
}

/** Formats an amount in minor units (cents) for its ISO 4217 currency. */
export function formatMoney(amount: number, currency: string, locale = userLocale()): string {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}

/** A charge that may be nothing, such as shipping: "Free" for 0, the amount otherwise. */
export function formatMoneyOrFree(amount: number, currency: string, locale = userLocale()): string {
  return amount === 0 ? "Free" : formatMoney(amount, currency, locale);
}

/** Parses a price typed by a person ("12.5", "12,50") into minor units, or null. */
export function parseMoney(text: string): number | null {
  const clean = text.trim().replace(",", ".");
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return null;
  const [whole = "0", fraction = ""] = clean.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

type DateInput = string | number | Date;

const toDate = (value: DateInput) => (value instanceof Date ? value : new Date(value));

/** A day, with the month in words so it reads the same everywhere: "1 Dec 2026". */
export function formatDate(value: DateInput, locale = userLocale()): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(toDate(value));
}

/**
 * A calendar day stored as `YYYY-MM-DD` (a deadline), formatted without a
 * time zone shift: it is the same day wherever the shopper is.
 */
export function formatDay(day: string, locale = userLocale()): string {
  const [y, m, d] = day.split("-").map(Number);
  if (!y || !m || !d) return day;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** A moment, to the minute (never seconds): "1 Dec 2026, 14:05". */
export function formatDateTime(value: DateInput, locale = userLocale()): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(
    toDate(value),
  );
}

/** A time of day, to the minute. */
export function formatTime(value: DateInput, locale = userLocale()): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: "short" }).format(toDate(value));
}

/** How long ago, in words ("5 minutes ago", "yesterday"); the date itself past a week. */
export function formatRelative(value: DateInput, now = Date.now(), locale = userLocale()): string {
  const seconds = (toDate(value).getTime() - now) / 1000;
  const abs = Math.abs(seconds);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  if (abs < 60) return rtf.format(0, "second");
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), "hour");
  if (abs < 7 * 86400) return rtf.format(Math.round(seconds / 86400), "day");
  return formatDate(value, locale);
}

/** A count or measure with the locale's grouping and decimal signs. */
export function formatNumber(
  value: number,
  locale = userLocale(),
  options?: Intl.NumberFormatOptions,
): string {
  return new Intl.NumberFormat(locale, options).format(value);
}

/** The words for one and for many; other plural categories fall back to `other`. */
export interface PluralForms {
  one: string;
  other: string;
  zero?: string;
  two?: string;
  few?: string;
  many?: string;
}

/** A count with its noun in the right form: "1 product", "2 products", "1,200 products". */
export function plural(count: number, forms: PluralForms, locale = userLocale()): string {
  const category = new Intl.PluralRules(locale).select(count) as keyof PluralForms;
  const word = forms[category] ?? forms.other;
  return `${formatNumber(count, locale)} ${word}`;
}

/** Units written short in product data, as `Intl` names them. */
const UNITS: Record<string, string> = {
  ml: "milliliter",
  l: "liter",
  g: "gram",
  kg: "kilogram",
  mm: "millimeter",
  cm: "centimeter",
  m: "meter",
  km: "kilometer",
  in: "inch",
  oz: "ounce",
  lb: "pound",
  "%": "percent",
  gb: "gigabyte",
  mb: "megabyte",
  tb: "terabyte",
  h: "hour",
  min: "minute",
  s: "second",
};

/**
 * A measure with its unit ("500 ml", "1.5 kg") through `Intl` where it knows
 * the unit, the number and the unit as written otherwise ("60 W").
 */
/** Units written as words ("2 years"), which `Intl` writes long and in the right number. */
const WORD_UNITS: Record<string, string> = {
  year: "year",
  years: "year",
  month: "month",
  months: "month",
  week: "week",
  weeks: "week",
  day: "day",
  days: "day",
  hours: "hour",
  minutes: "minute",
};

export function formatMeasure(value: number, unit: string, locale = userLocale()): string {
  const word = WORD_UNITS[unit.trim().toLowerCase()];
  if (word) {
    return new Intl.NumberFormat(locale, { style: "unit", unit: word, unitDisplay: "long" }).format(
      value,
    );
  }
  const known = UNITS[unit.trim().toLowerCase()];
  if (known) {
    try {
      return new Intl.NumberFormat(locale, {
        style: "unit",
        unit: known,
        unitDisplay: "short",
      }).format(value);
    } catch {
      // An engine without this unit: the plain form below.
    }
  }
  // Another word ("pages", "players"): singular for one.
  const text = unit.trim();
  const written = value === 1 && /^[a-z]{3,}s$/.test(text) ? text.slice(0, -1) : text;
  return `${formatNumber(value, locale)} ${written}`.trim();
}

/** A yes/no fact for people. */
export function formatBoolean(value: boolean): string {
  return value ? "Yes" : "No";
}
