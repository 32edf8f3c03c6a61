/** The test cards this shop's built-in provider knows, as the checkout offers them. */
export const TEST_CARDS = [
  { number: "4242 4242 4242 4242", outcome: "pays" },
  { number: "4000 0000 0000 0002", outcome: "is declined" },
  { number: "4000 0000 0000 9995", outcome: "has insufficient funds" },
] as const;

/** The digits of a card number as typed ("4242 4242-4242 4242" → "4242424242424242"). */
export function cardDigits(text: string): string {
  return text.replace(/[\s-]/g, "");
}

/** The sentence for the card field before anything is sent, or null when it may be sent. */
export function cardProblem(text: string): string | null {
  const digits = cardDigits(text);
  if (digits === "") return "Enter the card number.";
  if (!/^\d+$/.test(digits)) return "A card number has only digits; check what you typed.";
  if (digits.length < 12 || digits.length > 19)
    return "A card number has 12 to 19 digits; check what you typed.";
  return null;
}

/** A card number grouped in fours as it is printed on the card, for showing while typing. */
export function groupCardNumber(text: string): string {
  const digits = cardDigits(text);
  if (!/^\d*$/.test(digits)) return text;
  return digits.replace(/(\d{4})(?=\d)/g, "$1 ");
}
