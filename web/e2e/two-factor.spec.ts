import { createHmac } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { expectAccessible, register, snap, uniqueEmail } from "./helpers";

const PASSWORD = "a long shopper passphrase";

/** RFC 4648 base32, as the app shows the key. */
function base32(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of text.replace(/\s/g, "")) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((b) => parseInt(b, 2)));
}

/** The RFC 6238 code (SHA-1, 6 digits, 30 s) of `key` at `unixSeconds`. */
function totp(key: string, unixSeconds: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const mac = createHmac("sha1", base32(key)).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 15;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, "0");
}

const now = () => Date.now() / 1000;

/** The four looks of the page as it is now, for review. */
async function shots(page: Page, name: string) {
  for (const [width, height] of [
    [390, 844],
    [1366, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    for (const theme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await snap(page, `${name}-${width}-${theme}`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
}

test("two-factor: set up with the QR code's key, then sign in with a computed code", async ({
  page,
}) => {
  const email = uniqueEmail("totp");
  await register(page, email);
  await page.goto("/account");
  const section = page.getByRole("region", { name: "Two-factor sign-in" });
  await expect(section.getByText("Off", { exact: true })).toBeVisible();
  await section.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(section.getByRole("img", { name: /QR code/ })).toBeVisible();
  await section.getByText("Cannot scan? Type the key instead").click();
  const key = (await section.getByTestId("totp-secret").textContent()) ?? "";
  expect(key.replace(/\s/g, "")).toMatch(/^[A-Z2-7]{32}$/);
  await section.scrollIntoViewIfNeeded();
  await expectAccessible(page);
  await shots(page, "two-factor-enrol");

  // A wrong code is refused on the field; the right one turns it on.
  const code = section.getByLabel("Enter the code the app shows");
  await code.fill(totp(key, now() + 300));
  await section.getByRole("button", { name: "Turn on" }).click();
  await expect(code).toHaveAccessibleDescription("This code is wrong or has expired.");
  await code.fill(totp(key, now()));
  await section.getByRole("button", { name: "Turn on" }).click();
  const codes = section.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const recovery = (await codes.nth(0).textContent()) ?? "";
  const spare = (await codes.nth(1).textContent()) ?? "";
  await expectAccessible(page);
  await shots(page, "two-factor-recovery-codes");
  await section.getByRole("button", { name: "I saved them" }).click();
  await expect(section.getByText("On", { exact: true })).toBeVisible();
  await expect(section.getByText("10 recovery codes are left.")).toBeVisible();

  // Sign out and in again: the password is not enough.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Two-factor sign-in" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Account/ })).toBeHidden();
  await expectAccessible(page);
  await shots(page, "two-factor-login");
  const step = page.getByLabel("Code from your app");
  await step.fill("000000");
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(step).toHaveAccessibleDescription("This code is wrong or has expired.");
  // The code that turned it on was used; the next step's code is accepted.
  await step.fill(totp(key, now() + 30));
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page.getByRole("button", { name: /^Account/ })).toBeVisible();

  // A recovery code signs in once.
  await page.goto("/account");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Use a recovery code" }).click();
  await page.getByLabel("Recovery code").fill(recovery);
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page.getByRole("button", { name: /^Account/ })).toBeVisible();

  // Off again, with the password and a code (a recovery code: the app's next
  // one may still be a step away).
  await page.goto("/account");
  await expect(section.getByText("9 recovery codes are left.")).toBeVisible();
  await section.getByLabel("Current password").fill(PASSWORD);
  await section.getByLabel("Code from your app, or a recovery code").fill(spare);
  await section.getByRole("button", { name: "Turn off" }).click();
  await expect(section.getByText("Off", { exact: true })).toBeVisible();
});
