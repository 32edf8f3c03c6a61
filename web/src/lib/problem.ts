/**
 * API errors for people, in ONE place: every problem `type` and every field
 * message the services send is turned into a full sentence here. Screens show
 * these sentences and never the API's own text, which names internals
 * (backticked parameters, field paths, idempotency keys).
 */

/** An RFC 9457 problem as the services send it (`application/problem+json`). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string | null;
  errors?: { field: string; message: string }[];
  [extra: string]: unknown;
}

/** A failed API call, carrying the problem the service answered with. */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  /** The problem's slug: `urn:feira:problem:out-of-stock` → `out-of-stock`. */
  get slug(): string {
    return this.problem.type.split(":").pop() ?? "";
  }

  /** Field errors keyed by field path, as sentences for people (see {@link fieldErrors}). */
  fieldErrors(): Record<string, string> {
    return fieldErrors(this);
  }
}

/** What each field is called in a sentence; the last segment of a path is looked up too. */
const FIELD_NOUNS: Record<string, string> = {
  email: "email address",
  password: "password",
  current_password: "current password",
  new_password: "new password",
  name: "name",
  full_name: "name",
  title: "title",
  description: "description",
  slug: "web address",
  sku: "SKU",
  category: "category",
  price: "price",
  "price.amount": "price",
  amount: "amount",
  min_price: "minimum price",
  max_price: "maximum price",
  stock: "stock",
  quantity: "quantity",
  images: "image addresses",
  attributes: "specifications",
  tags: "tags",
  colour: "colour",
  code: "code",
  q: "search",
  card_number: "card number",
  "payment.card_number": "card number",
  expiry: "expiry date",
  cvc: "security code",
  line1: "address",
  line2: "second address line",
  city: "town or city",
  region: "county or region",
  postal_code: "postal code",
  country: "country",
  phone: "phone number",
  label: "label",
  deadline_on: "deadline",
  due_on: "due date",
};

/** A field's name for a sentence: "payment.card_number" → "card number". Never the raw path. */
export function fieldNoun(field: string): string {
  if (FIELD_NOUNS[field]) return FIELD_NOUNS[field];
  const last =
    field
      .split(/[.[\]]/)
      .filter(Boolean)
      .pop() ?? "";
  if (FIELD_NOUNS[last]) return FIELD_NOUNS[last];
  if (/^\d+$/.test(last) || !last) return "value";
  return last.replace(/[_-]+/g, " ").toLowerCase();
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const article = (noun: string) => (/^[aeiou]/i.test(noun) && !/^u[bcs]/i.test(noun) ? "an" : "a");

/**
 * One field's message from the API as a sentence a person understands,
 * for showing beside that field. Unknown messages become a plain request to
 * check the value, never the API's wording with its internals.
 */
export function fieldSentence(field: string, message: string): string {
  const noun = fieldNoun(field);
  const m = message.trim().replace(/`/g, "");
  let match: RegExpMatchArray | null;
  if (/^(is required|must not be (empty|blank)|is missing)/i.test(m)) {
    if (noun === "email address") return "Enter your email address.";
    if (noun === "password") return "Enter your password.";
    return `Enter ${article(noun)} ${noun}.`;
  }
  if (/not a valid email/i.test(m)) return "Enter a valid email address, like name@example.com.";
  // The password policy (identity's `check_policy`) and the change-password checks.
  if (/most common passwords/i.test(m))
    return "This password is too common; choose one that is harder to guess.";
  if (/built from your email/i.test(m))
    return "Do not build the password from your email address or name; add words of your own.";
  if (/characters other than spaces/i.test(m)) return "Use characters other than spaces.";
  if (/must differ from the current password/i.test(m))
    return "Choose a new password, not the one you have now.";
  if (/is not your current password/i.test(m)) return "This is not your current password.";
  if (/must not be negative/i.test(m)) return `Enter ${article(noun)} ${noun} of 0 or more.`;
  if ((match = m.match(/must be (\d+) or more/i))) return `Enter ${match[1]} or more.`;
  if ((match = m.match(/must be at least (\d+) characters/i)))
    return `${capitalise(noun)} must be at least ${match[1]} characters long.`;
  if ((match = m.match(/must be at most (\d+) characters/i)))
    return `${capitalise(noun)} can be at most ${match[1]} characters long.`;
  if ((match = m.match(/^at most (\d+) (\w+)/i)))
    return `You can add at most ${match[1]} ${match[2]}.`;
  if (/must not be below min_price/i.test(m))
    return "The maximum price must not be below the minimum.";
  if (/control characters|formatting characters|invisible/i.test(m))
    return `${capitalise(noun)} contains characters that cannot be used; retype it.`;
  if (/already used|already exists|already has/i.test(m))
    return `This ${noun} is already used; choose another.`;
  if (/#rrggbb/i.test(m)) return "Choose a colour.";
  if (/must be a day|YYYY-MM-DD/i.test(m)) return "Enter a date.";
  if (/date and time|RFC 3339/i.test(m)) return "Enter a date and time.";
  if (/wrong or has expired/i.test(m)) return "This code is wrong or has expired.";
  if (/needs a phone number/i.test(m)) return "Add a phone number to get text messages.";
  if (/card/i.test(noun)) return "Check the card number.";
  // kit's address rule: "is not a postal code of Portugal; it looks like 2725-079".
  if ((match = m.match(/not a postal code of (.+); it looks like (.+)$/i)))
    return `Enter a postal code of ${match[1]}, like ${match[2]}.`;
  if (/postal code|postcode/i.test(noun))
    return "Enter a postal code in the format used in that country.";
  if (noun === "country") return "Choose a country from the list.";
  if (/valid|must be|is not/i.test(m)) return `Check the ${noun}.`;
  return `Check the ${noun}.`;
}

/** Field errors of any thrown value, keyed by field path, each a sentence (empty when there are none). */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const e of error.problem.errors ?? []) {
    // The first message of a field is the one to fix first.
    out[e.field] ??= fieldSentence(e.field, e.message);
  }
  return out;
}

/** The items an `out-of-stock` problem names. */
export interface Shortage {
  product_id: string;
  requested: number;
  available: number;
}

/** The short items of an `out-of-stock` problem, or none. */
export function shortages(error: unknown): Shortage[] {
  if (!(error instanceof ApiError) || error.slug !== "out-of-stock") return [];
  const items = error.problem.items;
  return Array.isArray(items) ? (items as Shortage[]) : [];
}

/** What to say when a shopper wants more than the shop has: "Only 3 left — 3 are in your cart." */
export function stockSentence(available: number, inCart: number): string {
  if (available <= 0) return "This product is out of stock.";
  const left = available === 1 ? "Only 1 left" : `Only ${available} left`;
  if (inCart >= available)
    return `${left} — ${inCart === 1 ? "1 is" : `${inCart} are`} in your cart.`;
  return `${left}.`;
}

/** Sentences per problem slug; a function reads the problem's extra members. */
const BY_SLUG: Record<string, string | ((p: Problem) => string)> = {
  "not-found": "We could not find that. It may have been removed, or the link is wrong.",
  unauthorized: "Please sign in again to continue.",
  forbidden: "Your account cannot do this.",
  "invalid-credentials": "The email address or the password is wrong.",
  "account-disabled": "This account is disabled. Please contact support.",
  "account-not-confirmed": "Confirm the code we sent to your email, then sign in.",
  "link-invalid":
    "This link does not work. Copy the whole link from the email, or ask for a new one.",
  "link-expired": "This link has expired. Ask for a new one below.",
  "link-used": "This link was used already. Ask for a new one if you still need it.",
  "challenge-invalid": "This sign-in was interrupted. Enter your email and password again.",
  "challenge-expired": "This sign-in took too long. Enter your email and password again.",
  "challenge-used": "This sign-in was already finished. Enter your email and password again.",
  "email-not-verified":
    "Confirm your email address with the link we sent before placing the order. Your cart is kept.",
  "two-factor-enabled":
    "Two-factor sign-in is already on. Turn it off first to set up another app.",
  "two-factor-not-set-up": "Two-factor sign-in is not set up. Start again.",
  "email-unavailable":
    "This email address cannot be used to register. If it is yours, sign in instead.",
  "self-change": "You cannot remove your own admin role or disable yourself; ask another admin.",
  "version-conflict":
    "Someone else changed this at the same time. Reload it and make your change again.",
  duplicate: "Another product already uses this. Choose another.",
  "out-of-stock": (p) => {
    const items = Array.isArray(p.items) ? (p.items as Shortage[]) : [];
    if (items.length === 1 && items[0]) {
      const { available } = items[0];
      return available <= 0
        ? "One item in your cart is now out of stock. Remove it to continue; nothing was charged."
        : `Only ${available} of one item ${available === 1 ? "is" : "are"} left. Lower the quantity to continue; nothing was charged.`;
    }
    return "Some items in your cart are no longer available in the quantity you chose. Nothing was charged.";
  },
  "payment-declined": (p) =>
    p.code === "insufficient_funds"
      ? "The card has insufficient funds. Nothing was charged; try another card."
      : "Your card was declined. Nothing was charged; try another card.",
  "cart-not-payable": "Your cart cannot be paid as it is. Check the items and try again.",
  "invalid-transition":
    "This order can no longer be changed that way. Reload it to see its status.",
  "idempotency-key-in-progress":
    "We are still working on your last attempt. Wait a moment, then check your orders.",
  "idempotency-key-reused": "Something changed since your last attempt. Please try again.",
  "reservation-released": "The items were released. Please try again.",
  "reservation-mismatch": "Something changed since your last attempt. Please try again.",
  "tag-exists": "You already have a tag with this name (names ignore case).",
  "too-many-streams":
    "Too many open windows are following your notifications. Close one and reload.",
  "too-many-requests": "Too many attempts. Wait a minute, then try again.",
  "rate-limited": "Too many attempts. Wait a minute, then try again.",
  unavailable:
    "Part of the shop is not answering right now. Nothing was changed; try again in a moment.",
  internal: "Something went wrong on our side. Nothing was changed; try again in a moment.",
};

/** Whether asking again may help: network trouble and 5xx may pass, a 4xx will not change. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ApiError) return error.status >= 500 || error.status === 429;
  return true;
}

/** Whether the thing asked for does not exist. */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

/**
 * Any thrown value as one sentence a person understands. A validation
 * problem with fields says what to fix; screens that show the fields beside
 * their inputs use {@link fieldErrors} for those.
 */
export function problemMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const known = BY_SLUG[error.slug];
    if (typeof known === "function") return known(error.problem);
    if (known) return known;
    const errors = error.problem.errors ?? [];
    if (errors.length === 1 && errors[0]) return fieldSentence(errors[0].field, errors[0].message);
    if (errors.length > 1) return "Some details need fixing; check the highlighted fields.";
    if (error.status === 429) return BY_SLUG["too-many-requests"] as string;
    if (error.status >= 500) return BY_SLUG.internal as string;
    if (error.status === 404) return BY_SLUG["not-found"] as string;
    return "That did not work. Check the details and try again.";
  }
  if (error instanceof TypeError) {
    // fetch rejects with a TypeError when the network is down.
    return "We could not reach the shop. Check your connection and try again.";
  }
  return "Something went wrong. Please try again.";
}

/** Turns any thrown value into a sentence for a person (the same as {@link problemMessage}). */
export function describeError(error: unknown): string {
  return problemMessage(error);
}

/** What a failed checkout tells the shopper, by problem type. */
export function checkoutMessage(error: unknown): string {
  return problemMessage(error);
}
