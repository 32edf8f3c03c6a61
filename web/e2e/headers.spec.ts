import { expect, test } from "./fixtures";

// What `feira up` sends with the app and the API docs: a policy that lets the
// pages load only from this origin and be framed by no one, no MIME sniffing,
// no full URL sent to other sites. The fixture fails a test on any violation.
function expectSecurityHeaders(headers: Record<string, string>): void {
  const policy = headers["content-security-policy"] ?? "";
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).toMatch(/script-src 'self'(;|$)/);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
}

test("the shop, account and tasks pages send the security headers", async ({ page }) => {
  for (const path of ["/", "/login", "/register", "/cart", "/tasks"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    expectSecurityHeaders(response!.headers());
  }
  // The policy lets the home page draw its picks from the API.
  await page.goto("/");
  await expect(page.getByRole("list", { name: "Our picks" }).getByRole("listitem")).not.toHaveCount(
    0,
  );
});

test("the API docs render under their policy", async ({ page }) => {
  const response = await page.goto("/docs/");
  expect(response?.status()).toBe(200);
  expectSecurityHeaders(response!.headers());
  await expect(page.getByRole("heading", { name: /Feira API/ })).toBeVisible();
  // Open one operation, so the parts Swagger UI draws on demand run too.
  await page
    .getByRole("button", { name: /GET \/api\/catalog\/products\b/ })
    .first()
    .click();
  await expect(page.getByRole("button", { name: "Try it out" })).toBeVisible();
});

test("the API's answers send the security headers", async ({ request }) => {
  const response = await request.get("/api/catalog/products?per_page=1");
  expect(response.status()).toBe(200);
  expectSecurityHeaders(response.headers());
  expect(response.headers()["etag"]).toMatch(/^"[^"]+"$/);
});
