import { describe, expect, it } from "vitest";
import { cardDigits, cardProblem, groupCardNumber } from "./card";

describe("card numbers", () => {
  it("ignores spaces and dashes", () => {
    expect(cardDigits("4242 4242-4242 4242")).toBe("4242424242424242");
    expect(cardProblem("4242 4242 4242 4242")).toBeNull();
  });

  it("says what is wrong in a sentence", () => {
    expect(cardProblem("")).toBe("Enter the card number.");
    expect(cardProblem("4242 abcd")).toMatch(/only digits/);
    expect(cardProblem("4242")).toMatch(/12 to 19 digits/);
  });

  it("groups digits in fours and leaves other text alone", () => {
    expect(groupCardNumber("4242424242424242")).toBe("4242 4242 4242 4242");
    expect(groupCardNumber("4242 42")).toBe("4242 42");
    expect(groupCardNumber("42x")).toBe("42x");
  });
});
