/**
 * Addresses in the forms: the country picker's list in the shopper's language
 * and the postal-code check the server makes (kit's address rule), so a typo
 * is caught on the field before anything is sent. The server's list carries
 * each country's pattern; this file only applies it.
 */
import type { components } from "../../api/schema";
import { userLocale } from "../../lib/format";

/** One country as `GET /api/orders/countries` lists it. */
export type Country = components["schemas"]["Country"];

/** The fields of an address the forms edit, as strings (empty when not given). */
export interface AddressDraft {
  recipient: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postal_code: string;
  country: string;
}

export type AddressField = keyof AddressDraft;

export const EMPTY_ADDRESS: AddressDraft = {
  recipient: "",
  line1: "",
  line2: "",
  city: "",
  region: "",
  postal_code: "",
  country: "",
};

/** A postal code as carriers print it and the server stores it: upper-case, single spaces. */
export function normalisePostalCode(text: string): string {
  return text.trim().split(/\s+/).filter(Boolean).join(" ").toUpperCase();
}

/** The country's name in the shopper's language, the server's English name where Intl has none. */
export function countryName(country: Country, locale = userLocale()): string {
  try {
    const names = new Intl.DisplayNames([locale], { type: "region", fallback: "none" });
    return names.of(country.code) ?? country.name;
  } catch {
    return country.name;
  }
}

/** The list sorted by the names the shopper reads. */
export function sortCountries(
  countries: readonly Country[],
  locale = userLocale(),
): { code: string; name: string }[] {
  const collator = new Intl.Collator(locale);
  return countries
    .map((c) => ({ code: c.code, name: countryName(c, locale) }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

const SANE = /^[A-Z0-9 -]{2,10}$/;

/**
 * The sentence to show on the postal-code field, or null when the code fits
 * the country (what the server checks: its pattern, or a sanity check where
 * the shop knows no pattern; empty is fine only where the country has none).
 */
export function postalCodeProblem(
  country: Country | undefined,
  postalCode: string,
  locale = userLocale(),
): string | null {
  const code = normalisePostalCode(postalCode);
  if (!country) return code === "" ? "Enter a postal code." : null;
  const name = countryName(country, locale);
  if (code === "") {
    return country.postal_code_required ? `Enter a postal code for ${name}.` : null;
  }
  const format = country.postal_code;
  if (format) {
    let matches = true;
    try {
      matches = new RegExp(format.pattern, "u").test(code);
    } catch {
      // A pattern this browser cannot compile: the server still checks it.
    }
    return matches ? null : `Enter a postal code of ${name}, like ${format.example}.`;
  }
  return SANE.test(code) && /[A-Z0-9]/.test(code)
    ? null
    : "Enter a postal code of 2 to 10 letters or digits.";
}

/**
 * What the form checks before sending, as field → sentence: the required
 * fields, a country from the list and its postal code.
 */
export function addressProblems(
  draft: AddressDraft,
  countries: readonly Country[] | undefined,
  locale = userLocale(),
): Partial<Record<AddressField, string>> {
  const out: Partial<Record<AddressField, string>> = {};
  if (!draft.recipient.trim()) out.recipient = "Enter the name of the person receiving the parcel.";
  if (!draft.line1.trim()) out.line1 = "Enter the street and number.";
  if (!draft.city.trim()) out.city = "Enter the town or city.";
  const country = countries?.find((c) => c.code === draft.country);
  if (!draft.country) out.country = "Choose a country.";
  else if (countries && !country) out.country = "Choose a country from the list.";
  const postal = postalCodeProblem(country, draft.postal_code, locale);
  if (postal && (country || !countries)) out.postal_code = postal;
  return out;
}

/** The one-line form of an address for lists: "Rua das Flores 1, 1000-001 Lisboa, Portugal". */
export function addressLine(
  a: { line1: string; line2?: string | null; postal_code: string; city: string; country: string },
  locale = userLocale(),
): string {
  let country = a.country;
  try {
    country = new Intl.DisplayNames([locale], { type: "region" }).of(a.country) ?? a.country;
  } catch {
    // The code as it is.
  }
  return [a.line1, a.line2, `${a.postal_code} ${a.city}`.trim(), country]
    .filter(Boolean)
    .join(", ");
}
