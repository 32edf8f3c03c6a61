import { expect, test } from "./fixtures";
import { emailedLink, expectAccessible, register, signIn, snap, uniqueEmail } from "./helpers";

const PASSWORD = "a long shopper passphrase";

test("a new account confirms its email from the link in the verification email", async ({
  page,
}) => {
  const email = uniqueEmail("verify");
  await register(page, email);
  const banner = page.getByText("Confirm your email to check out");
  await expect(banner).toBeVisible();
  await expectAccessible(page);
  await snap(page, "verify-banner");
  await page.goto("/account");
  await expect(page.getByText("Not confirmed")).toBeVisible();
  await snap(page, "account-unconfirmed");

  const link = await emailedLink(page.request, email, "Confirm your email");
  await page.goto(link);
  await expect(page.getByText("Thank you: your email is confirmed.")).toBeVisible();
  await expect(page, "the secret leaves the address bar").toHaveURL(/\/verify-email$/);
  await expectAccessible(page);
  await snap(page, "verify-email-done");
  await page.goto("/account");
  await expect(page.getByText("Confirmed", { exact: true })).toBeVisible();
  await expect(banner).toBeHidden();

  // The same link again: refused, with a way to get a new one.
  await page.goto(link);
  await expect(page.getByText("This link was used already.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Send a new link" })).toBeVisible();
});

test("forgot password: the emailed link sets a new one and signs every device out", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("reset");
  await register(page, email);
  const other = await browser.newPage();
  await signIn(other, email, PASSWORD);

  const guest = await (await browser.newContext()).newPage();
  await guest.goto("/login");
  await guest.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(guest.getByRole("heading", { level: 1, name: "Reset your password" })).toBeVisible();
  await guest.getByRole("textbox", { name: "Email" }).fill(email);
  await guest.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(guest.getByText(`If ${email} has an account, a link is on its way.`)).toBeVisible();
  await expectAccessible(guest);

  const link = await emailedLink(guest.request, email, "Reset your password");
  await guest.goto(link);
  const password = guest.getByLabel("New password", { exact: true });
  await password.fill("password123");
  await guest.getByRole("button", { name: "Set new password" }).click();
  await expect(password).toHaveAccessibleDescription(/too common/);
  await password.fill("a reset passphrase, long enough");
  await guest.getByRole("button", { name: "Set new password" }).click();
  await expect(guest.getByText("Your new password is set")).toBeVisible();
  await expectAccessible(guest);

  // Both earlier sessions are over: their refresh tokens are refused.
  for (const device of [page, other]) {
    const stored = await device.evaluate(() => localStorage.getItem("feira.tokens") ?? "{}");
    const { refresh_token } = JSON.parse(stored) as { refresh_token: string };
    expect(refresh_token).toBeTruthy();
    const refused = await device.request.post("/api/identity/refresh", { data: { refresh_token } });
    expect(refused.status()).toBe(401);
  }
  await signIn(guest, email, "a reset passphrase, long enough");
});
