import type { components } from "../../api/schema";
import { fieldSentence, type Problem } from "../../lib/problem";

type Product = components["schemas"]["Product"];

/** The product form as typed: every input is text until it is checked. */
export interface Draft {
  sku: string;
  name: string;
  category: string;
  brand: string;
  description: string;
  price: string;
  stock: string;
  images: string;
  active: boolean;
}

/** A field of the form that can carry an error. */
export type DraftField = Exclude<keyof Draft, "active">;

/** Messages per field, full sentences for a person. */
export type DraftErrors = Partial<Record<DraftField, string>>;

export const BLANK_DRAFT: Draft = {
  sku: "",
  name: "",
  category: "",
  brand: "",
  description: "",
  price: "",
  stock: "0",
  images: "",
  active: true,
};

/** The most a price or a stock may be: far past any real product, well inside the API's range. */
const MAX_PRICE_CENTS = 100_000_000_00;
const MAX_STOCK = 1_000_000_000;
const SKU = /^[A-Za-z0-9_-]+$/;

/** A product as the form shows it: the price in major units with two decimals. */
export function draftOf(p: Product): Draft {
  return {
    sku: p.sku,
    name: p.name,
    category: p.category,
    brand: p.brand,
    description: p.description,
    price: (p.price.amount / 100).toFixed(2),
    stock: String(p.stock),
    images: p.images.join("\n"),
    active: p.active,
  };
}

/**
 * Reads a typed price ("12.5", "12,50", "7") into cents, or says why it cannot.
 * A comma is taken as the decimal mark, as people in the euro area write it.
 */
export function readPrice(text: string): { cents: number } | { error: string } {
  const clean = text.trim().replace(/\s/g, "");
  if (clean === "") return { error: "Enter a price." };
  const negative = clean.startsWith("-");
  const digits = negative ? clean.slice(1) : clean;
  const match = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(digits);
  if (!match) return { error: "Enter a price like 12.50." };
  if (negative) return { error: "The price can't be negative." };
  const cents = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  if (cents > MAX_PRICE_CENTS) return { error: "Enter a price below €100,000,000." };
  return { cents };
}

/** Reads a typed stock into a whole number, or says why it cannot. */
export function readStock(text: string): { stock: number } | { error: string } {
  const clean = text.trim();
  if (clean === "") return { error: "Enter how many are in stock (0 if none)." };
  if (/^-\d+$/.test(clean)) return { error: "The stock can't be negative." };
  if (!/^\d+$/.test(clean)) return { error: "Enter the stock as a whole number, like 12." };
  const stock = Number(clean);
  if (stock > MAX_STOCK) return { error: "Enter a stock below 1,000,000,000." };
  return { stock };
}

/** The image lines of the form, blank lines left out. */
export function imageLines(text: string): string[] {
  return text
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Whether a line is an image address the shop can show: a secure web address
 * (`https://…`; the app's content policy blocks plain `http:` images) or a
 * path on this site (`/api/catalog/images/…`).
 */
export function isImageUrl(line: string): boolean {
  if (line.startsWith("/") && !line.startsWith("//")) return !/\s/.test(line);
  try {
    const url = new URL(line);
    return url.protocol === "https:" && url.hostname !== "";
  } catch {
    return false;
  }
}

/** Why the image lines cannot be saved, or undefined when they can. */
export function imagesError(text: string): string | undefined {
  const lines = imageLines(text);
  if (lines.length > 20) return "Add at most 20 images.";
  const long = lines.findIndex((l) => l.length > 2048);
  if (long >= 0)
    return `Image ${long + 1} is too long: use an address of at most 2,048 characters.`;
  const bad = lines.findIndex((l) => !isImageUrl(l));
  if (bad >= 0) {
    return lines.length === 1
      ? "Enter the image as a web address starting with https:// or a path on this site starting with /."
      : `Image ${bad + 1} is not an image address: start it with https:// or with / for this site.`;
  }
  return undefined;
}

/** Every problem with the draft, by field; empty when it can be sent. */
export function validateDraft(d: Draft): DraftErrors {
  const errors: DraftErrors = {};
  const name = d.name.trim();
  if (name === "") errors.name = "Enter a name.";
  else if (name.length > 200) errors.name = "Use a name of at most 200 characters.";
  const sku = d.sku.trim();
  if (sku === "") errors.sku = "Enter a SKU.";
  else if (sku.length > 64) errors.sku = "Use a SKU of at most 64 characters.";
  else if (!SKU.test(sku)) errors.sku = "Use only letters, digits, - and _ in the SKU.";
  if (d.category === "") errors.category = "Choose a category.";
  if (d.brand.trim().length > 100) errors.brand = "Use a brand of at most 100 characters.";
  if (d.description.trim().length > 5000) {
    errors.description = "Use a description of at most 5,000 characters.";
  }
  const price = readPrice(d.price);
  if ("error" in price) errors.price = price.error;
  const stock = readStock(d.stock);
  if ("error" in stock) errors.stock = stock.error;
  const images = imagesError(d.images);
  if (images) errors.images = images;
  return errors;
}

/** The API's field paths → the form's fields. `slug` is made from the name. */
function formFieldOf(path: string): DraftField | undefined {
  const head = path.split(/[.[]/)[0];
  switch (head) {
    case "sku":
    case "name":
    case "category":
    case "brand":
    case "description":
    case "price":
    case "stock":
    case "images":
      return head;
    case "slug":
      return "name";
    default:
      return undefined;
  }
}

/** What a server message means on a form field, as a sentence. */
function serverSentence(field: DraftField, path: string, message: string, slug: string): string {
  if (slug === "duplicate") {
    if (field === "sku") return "Another product already has this SKU.";
    if (field === "name") {
      return "Another product already has this name (its web address would be the same). Choose a different name.";
    }
  }
  if (field === "price") {
    if (/negative/.test(message)) return "The price can't be negative.";
    if (path.endsWith("currency")) return "The shop sells in euros only.";
  }
  if (field === "stock" && /negative/.test(message)) return "The stock can't be negative.";
  if (field === "category") return "Choose a category from the list.";
  if (field === "images") return "Check the image addresses: each must start with https://.";
  return fieldSentence(field, message);
}

/**
 * Splits a failed save's problem into messages on the form's fields and one
 * form-level sentence for the rest, so nothing names a field that is not on
 * the form.
 */
export function serverErrors(problem: Problem): { fields: DraftErrors; form?: string } {
  const slug = problem.type.split(":").pop() ?? "";
  const fields: DraftErrors = {};
  let unplaced = false;
  for (const e of problem.errors ?? []) {
    const field = formFieldOf(e.field);
    if (!field) {
      unplaced = true;
      continue;
    }
    fields[field] ??= serverSentence(field, e.field, e.message, slug);
  }
  if (slug === "version-conflict") {
    return {
      fields,
      form: "Someone changed this product while you were editing it. Reload the page to see their change, then apply yours again.",
    };
  }
  if (unplaced || Object.keys(fields).length === 0) {
    return {
      fields,
      form:
        problem.status >= 500
          ? "The product could not be saved because of a problem on our side. Try again in a moment."
          : "The product could not be saved. Check the fields and try again.",
    };
  }
  return { fields };
}
