import { describe, expect, it } from "vitest";
import {
  addressLine,
  addressProblems,
  normalisePostalCode,
  postalCodeProblem,
  sortCountries,
  type Country,
} from "./address";

const PT: Country = {
  code: "PT",
  name: "Portugal",
  postal_code_required: true,
  postal_code: { pattern: "^(?:\\d{4}-\\d{3})$", example: "2725-079" },
};
const GB: Country = {
  code: "GB",
  name: "United Kingdom",
  postal_code_required: true,
  postal_code: {
    pattern: "^(?:GIR ?0AA|[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2})$",
    example: "EC1Y 8SY",
  },
};
const AE: Country = { code: "AE", name: "United Arab Emirates", postal_code_required: false };
const EG: Country = { code: "EG", name: "Egypt", postal_code_required: true };
const COUNTRIES = [PT, GB, AE, EG];

describe("postal codes", () => {
  it("normalises as the server stores them", () => {
    expect(normalisePostalCode("  sw1a   1aa ")).toBe("SW1A 1AA");
  });

  it("checks a country's pattern and names its example", () => {
    expect(postalCodeProblem(PT, "1000-001", "en")).toBeNull();
    expect(postalCodeProblem(PT, "!!", "en")).toBe(
      "Enter a postal code of Portugal, like 2725-079.",
    );
    expect(postalCodeProblem(PT, "1000", "en")).toMatch(/like 2725-079/);
    expect(postalCodeProblem(GB, " sw1a 1aa", "en")).toBeNull();
  });

  it("asks for a code only where the country has them", () => {
    expect(postalCodeProblem(PT, "", "en")).toBe("Enter a postal code for Portugal.");
    expect(postalCodeProblem(AE, "", "en")).toBeNull();
  });

  it("sanity-checks a country without a known format", () => {
    expect(postalCodeProblem(EG, "11511", "en")).toBeNull();
    expect(postalCodeProblem(EG, "!!", "en")).toMatch(/2 to 10 letters or digits/);
    expect(postalCodeProblem(EG, "12345678901", "en")).not.toBeNull();
  });
});

describe("addressProblems", () => {
  const good = {
    recipient: "Ana",
    line1: "Rua das Flores 1",
    line2: "",
    city: "Lisboa",
    region: "",
    postal_code: "1000-001",
    country: "PT",
  };

  it("passes a complete address", () => {
    expect(addressProblems(good, COUNTRIES, "en")).toEqual({});
  });

  it("names each missing field in a sentence", () => {
    const problems = addressProblems(
      { ...good, recipient: " ", line1: "", city: "" },
      COUNTRIES,
      "en",
    );
    expect(Object.keys(problems).sort()).toEqual(["city", "line1", "recipient"]);
    for (const sentence of Object.values(problems)) expect(sentence).toMatch(/^[A-Z].*\.$/);
  });

  it("refuses a country that is not in the list, without judging its postal code", () => {
    expect(addressProblems({ ...good, country: "ZZ", postal_code: "!!" }, COUNTRIES, "en")).toEqual(
      {
        country: "Choose a country from the list.",
      },
    );
  });

  it("checks the postal code against the chosen country", () => {
    expect(addressProblems({ ...good, postal_code: "!!" }, COUNTRIES, "en")).toEqual({
      postal_code: "Enter a postal code of Portugal, like 2725-079.",
    });
  });
});

describe("country names", () => {
  it("sorts by the name in the shopper's language", () => {
    const de = sortCountries([GB, PT, EG], "de").map((c) => c.name);
    expect(de).toEqual(["Ägypten", "Portugal", "Vereinigtes Königreich"]);
  });

  it("writes an address on one line with the country's name", () => {
    expect(
      addressLine(
        { line1: "Rua das Flores 1", postal_code: "1000-001", city: "Lisboa", country: "PT" },
        "en",
      ),
    ).toBe("Rua das Flores 1, 1000-001 Lisboa, Portugal");
  });
});
