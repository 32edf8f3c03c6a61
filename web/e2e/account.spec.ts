import { expect, test } from "./fixtures";
import { expectAccessible, register, signIn, uniqueEmail } from "./helpers";

test("changing the password checks the current one, keeps this session and ends the others", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("password");
  await register(page, email);
  // A second device, signed in with the old password.
  const other = await browser.newPage();
  await signIn(other, email, "a long shopper passphrase");

  await page.goto("/account");
  const form = page.getByRole("form", { name: "Password" });
  const current = form.getByLabel("Current password");
  const fresh = form.getByLabel("New password");
  await current.fill("not my password");
  await fresh.fill("a brand new passphrase");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(current).toHaveAccessibleDescription("This is not your current password.");
  await expect(current).toBeFocused();
  await current.fill("a long shopper passphrase");
  await expect(current).not.toHaveAttribute("aria-invalid", "true");
  await fresh.fill("password123");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(fresh).toHaveAccessibleDescription(/too common/);
  await expectAccessible(page);

  await fresh.fill("a brand new passphrase");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(
    page.getByText("Your password is changed. Other devices are signed out."),
  ).toBeVisible();
  await expect(current).toHaveValue("");
  // This tab holds the new session: a reload stays signed in.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Account/ })).toBeVisible();

  // The other device's refresh token was revoked.
  const refused = await other.evaluate(async () => {
    const tokens = JSON.parse(localStorage.getItem("feira.tokens") ?? "{}");
    const response = await fetch("/api/identity/refresh", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refresh_token: tokens.refresh_token }),
    });
    return response.status;
  });
  expect(refused).toBe(401);
  await other.close();

  // Signing in with the new password is the API suite's (identity's tests/api/change_password.rs):
  // here the account's login attempts are spent, and the limit holds.
});

test("the account lists its signed-in devices and signs another one out", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("devices");
  await register(page, email);
  const other = await browser.newPage();
  await signIn(other, email, "a long shopper passphrase");

  await page.goto("/account");
  const devices = page.getByRole("region", { name: "Signed-in devices" });
  await expect(devices.getByRole("listitem")).toHaveCount(2);
  await expect(devices.getByText("This device")).toHaveCount(1);
  await expectAccessible(page);
  await devices.getByRole("button", { name: /^Sign out / }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("That device is signed out.")).toBeVisible();
  await expect(devices.getByRole("listitem")).toHaveCount(1);

  const stored = await other.evaluate(() => localStorage.getItem("feira.tokens") ?? "{}");
  const { refresh_token } = JSON.parse(stored) as { refresh_token: string };
  const refused = await other.request.post("/api/identity/refresh", { data: { refresh_token } });
  expect(refused.status()).toBe(401);
});
