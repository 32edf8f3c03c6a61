import { describe, expect, it } from "vitest";
import {
  ApiError,
  fieldErrors,
  fieldSentence,
  isRetryable,
  problemMessage,
  shortages,
  stockSentence,
} from "./problem";

const problem = (slug: string, status: number, extra: Record<string, unknown> = {}) =>
  new ApiError({ type: `urn:feira:problem:${slug}`, title: "T", status, ...extra });

describe("field errors", () => {
  it("turns the API's fragments into sentences", () => {
    const error = problem("validation", 422, {
      errors: [
        { field: "email", message: "is not a valid email address" },
        { field: "password", message: "must be at least 12 characters" },
        { field: "price.amount", message: "must not be negative" },
      ],
    });
    expect(fieldErrors(error)).toEqual({
      email: "Enter a valid email address, like name@example.com.",
      password: "Password must be at least 12 characters long.",
      "price.amount": "Enter a price of 0 or more.",
    });
  });

  it("never shows a field path or backticks", () => {
    const text = fieldSentence("slug", "is already used by another product");
    expect(text).toBe("This web address is already used; choose another.");
    const odd = fieldSentence("tag_match", "must be `any` or `all`");
    expect(odd).toBe("Check the tag match.");
    expect(fieldSentence("max_price", "must not be below min_price")).toBe(
      "The maximum price must not be below the minimum.",
    );
  });

  it("says what the password policy wants, in words", () => {
    expect(fieldSentence("new_password", "must be at least 10 characters long")).toBe(
      "New password must be at least 10 characters long.",
    );
    expect(
      fieldSentence("password", "is one of the most common passwords; choose a less guessable one"),
    ).toBe("This password is too common; choose one that is harder to guess.");
    expect(fieldSentence("current_password", "is not your current password")).toBe(
      "This is not your current password.",
    );
    expect(fieldSentence("new_password", "must differ from the current password")).toBe(
      "Choose a new password, not the one you have now.",
    );
  });

  it("asks for what is missing", () => {
    expect(fieldSentence("name", "must not be blank")).toBe("Enter a name.");
    expect(fieldSentence("email", "is required")).toBe("Enter your email address.");
    expect(fieldSentence("images[0]", "must not be empty")).toBe("Enter a value.");
  });

  it("keeps the first message of a field and has none for other errors", () => {
    const error = problem("validation", 422, {
      errors: [
        { field: "name", message: "must not be blank" },
        { field: "name", message: "must be at most 200 characters" },
      ],
    });
    expect(fieldErrors(error)).toEqual({ name: "Enter a name." });
    expect(fieldErrors(new Error("x"))).toEqual({});
  });
});

describe("problem messages", () => {
  it("maps known types to sentences and hides the API's detail", () => {
    const declined = problem("payment-declined", 402, {
      detail: "The payment was declined (card_declined); use a new Idempotency-Key.",
      code: "card_declined",
    });
    expect(problemMessage(declined)).toBe(
      "Your card was declined. Nothing was charged; try another card.",
    );
    expect(
      problemMessage(problem("payment-declined", 402, { code: "insufficient_funds" })),
    ).toMatch(/insufficient funds/);
    const unknown = problem("something-new", 400, { detail: "`include_inactive` is for admins." });
    expect(problemMessage(unknown)).not.toContain("include_inactive");
  });

  it("explains out of stock with the numbers", () => {
    const error = problem("out-of-stock", 409, {
      items: [{ product_id: "p1", requested: 5, available: 3 }],
    });
    expect(problemMessage(error)).toMatch(/^Only 3 of one item are left/);
    expect(shortages(error)).toEqual([{ product_id: "p1", requested: 5, available: 3 }]);
    expect(shortages(problem("validation", 422))).toEqual([]);
  });

  it("says what to fix for one bad field and points at several", () => {
    const one = problem("invalid-parameters", 400, {
      errors: [{ field: "max_price", message: "must not be below min_price" }],
    });
    expect(problemMessage(one)).toBe("The maximum price must not be below the minimum.");
    const two = problem("validation", 422, {
      errors: [
        { field: "a", message: "is required" },
        { field: "b", message: "is required" },
      ],
    });
    expect(problemMessage(two)).toMatch(/highlighted fields/);
  });

  it("tells network trouble and server errors apart from what retrying cannot fix", () => {
    expect(problemMessage(new TypeError("Failed to fetch"))).toMatch(/connection/);
    expect(problemMessage(problem("internal", 500))).toMatch(/our side/);
    expect(isRetryable(problem("internal", 500))).toBe(true);
    expect(isRetryable(problem("not-found", 404))).toBe(false);
    expect(isRetryable(new TypeError("Failed to fetch"))).toBe(true);
  });
});

describe("stock sentences", () => {
  it("says how many are left and how many the cart holds", () => {
    expect(stockSentence(3, 3)).toBe("Only 3 left — 3 are in your cart.");
    expect(stockSentence(1, 1)).toBe("Only 1 left — 1 is in your cart.");
    expect(stockSentence(3, 1)).toBe("Only 3 left.");
    expect(stockSentence(0, 0)).toBe("This product is out of stock.");
  });
});

describe("postal codes from kit's address rule", () => {
  it("names the country and its format, as the form does", () => {
    expect(
      fieldSentence(
        "shipping_address.postal_code",
        "is not a postal code of Portugal; it looks like 2725-079",
      ),
    ).toBe("Enter a postal code of Portugal, like 2725-079.");
  });
});
