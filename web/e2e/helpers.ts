import { expect, type APIRequestContext, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

let counter = 0;
/** A fresh shopper's email per test and run. */
export function uniqueEmail(tag: string): string {
  counter += 1;
  return `${tag}-${Date.now()}-${counter}@example.com`;
}

/**
 * A full-page screenshot at `path`, taken from the top of the page: scrolled
 * down, the sticky header would be drawn part way down the picture.
 */
export async function fullShot(page: Page, path: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage: true });
}

/** Saves a full-page screenshot under test-results/ (git-ignored). */
export async function snap(page: Page, name: string): Promise<void> {
  await fullShot(page, `test-results/screens/${name}.png`);
}

/** No serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  // Toasts fade in and out: axe would measure their colours mid-animation.
  const results = await new AxeBuilder({ page }).exclude("[data-sonner-toaster]").analyze();
  const serious = results.violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  expect(
    serious.map(
      (v) =>
        `${v.id}: ${v.nodes.map((n) => n.target.join(" ") + " " + (n.failureSummary ?? "")).join(", ")}`,
    ),
  ).toEqual([]);
}

export async function register(page: Page, email: string): Promise<void> {
  await page.goto("/register");
  await page.getByLabel("Name").fill("Ana Shopper");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill("a long shopper passphrase");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("button", { name: /^Account/ })).toBeVisible();
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: /^Account/ })).toBeVisible();
}

/** Adds the first product the search finds to the cart, from its page. */
export async function addFirstResult(page: Page, search: string): Promise<string> {
  await page.goto(`/?q=${encodeURIComponent(search)}`);
  const first = page.getByTestId("product-grid").getByRole("link").first();
  const name = (await first.getByRole("heading").textContent()) ?? "";
  await first.click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByText("Added to your cart")).toBeVisible();
  return name;
}

export async function fillAddress(page: Page): Promise<void> {
  await page.getByLabel("Full name").fill("Ana Shopper");
  await page.getByLabel("Country").selectOption("PT");
  await page.getByLabel("Address", { exact: true }).fill("Rua das Flores 1");
  await page.getByLabel("City").fill("Lisboa");
  await page.getByLabel("Postal code").fill("1000-001");
}

const ADMIN = { email: "admin@example.com", password: "demo-admin-password" };

let adminLogin: Promise<string> | undefined;
/** The demo admin's access token, one login per worker (the login limit is per email). */
export function adminToken(request: APIRequestContext): Promise<string> {
  adminLogin ??= (async () => {
    const answer = await request.post("/api/identity/login", { data: ADMIN });
    expect(answer.ok()).toBe(true);
    return ((await answer.json()) as { access_token: string }).access_token;
  })();
  return adminLogin;
}

/**
 * The link of the newest email to `to` whose subject is `subject`, read from
 * the `.eml` files `feira up` writes (through the admin emails endpoint).
 */
export async function emailedLink(request: APIRequestContext, to: string, subject: string) {
  const headers = { authorization: `Bearer ${await adminToken(request)}` };
  let link = "";
  await expect
    .poll(
      async () => {
        const files = (await (
          await request.get("/api/notifications/admin/emails", { headers })
        ).json()) as { name: string }[];
        for (const file of files.slice(0, 60)) {
          const raw = await (
            await request.get(`/api/notifications/admin/emails/${file.name}`, { headers })
          ).text();
          // Quoted-printable: undo the soft line breaks and `=3D`.
          const text = raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
          if (text.includes(`<${to}>`) && text.includes(`Subject: ${subject}`)) {
            link = /https?:\/\/\S+#token=feira_lt_[A-Za-z0-9_-]+/.exec(text)?.[0] ?? "";
            return link;
          }
        }
        return "";
      },
      { message: `the email "${subject}" to ${to}`, timeout: 15_000 },
    )
    .not.toBe("");
  // The app under test, whatever address the email names.
  const url = new URL(link);
  return `${url.pathname}${url.hash}`;
}

/**
 * Follows the verification email's link in the page, as the shopper would:
 * checkout needs a confirmed email.
 */
export async function verifyEmail(page: Page, email: string): Promise<void> {
  await page.goto(await emailedLink(page.request, email, "Confirm your email"));
  await expect(page.getByText("Thank you: your email is confirmed.")).toBeVisible();
}

/** {@link register}, then {@link verifyEmail}: a shopper who may check out. */
export async function registerVerified(page: Page, email: string): Promise<void> {
  await register(page, email);
  await verifyEmail(page, email);
}

/** Confirms `email` with its emailed link through the API, for tests without a page. */
export async function verifyByApi(request: APIRequestContext, email: string): Promise<void> {
  const link = await emailedLink(request, email, "Confirm your email");
  const token = new URL(link, "http://app").hash.replace(/^#token=/, "");
  const answer = await request.post("/api/identity/verify-email", { data: { token } });
  expect(answer.status()).toBe(204);
}
