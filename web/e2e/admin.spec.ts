import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { expectAccessible, fullShot, uniqueEmail, verifyByApi } from "./helpers";

const ADMIN = { email: "admin@example.com", password: "demo-admin-password" };
const SCREENS = join(process.env.FEIRA_E2E_OUTPUT_DIR ?? "test-results", "screens");

interface Session {
  access_token: string;
  refresh_token: string;
}

/** A session from identity's login; `per_email` allows five a minute, so the admin's is shared. */
async function login(request: APIRequestContext, email: string, password: string) {
  const answer = await request.post("/api/identity/login", { data: { email, password } });
  expect(answer.ok(), `login of ${email}: ${answer.status()}`).toBe(true);
  const { access_token, refresh_token } = (await answer.json()) as Session;
  return { access_token, refresh_token };
}

let adminSession: Promise<Session> | undefined;
function admin(request: APIRequestContext): Promise<Session> {
  adminSession ??= login(request, ADMIN.email, ADMIN.password);
  return adminSession;
}

/**
 * Opens the app signed in as the demo admin: the session goes into local
 * storage before the app starts (the sign-in form is the shop suite's journey).
 */
async function signInAdmin(page: Page) {
  const session = await admin(page.request);
  await page.addInitScript((tokens) => {
    if (!localStorage.getItem("feira.tokens")) {
      localStorage.setItem("feira.tokens", JSON.stringify(tokens));
    }
  }, session);
}

async function token(request: APIRequestContext, email: string, password: string) {
  return (await login(request, email, password)).access_token;
}

/** A product made through the API, so a test starts from a known row. */
async function createProduct(
  request: APIRequestContext,
  fields: { name: string; sku: string; stock?: number },
) {
  const bearer = (await admin(request)).access_token;
  const categories = await (await request.get("/api/catalog/categories")).json();
  const created = await request.post("/api/catalog/products", {
    headers: { authorization: `Bearer ${bearer}` },
    data: {
      sku: fields.sku,
      name: fields.name,
      category: (categories as { category: string }[])[0]?.category ?? "home-kitchen",
      brand: "Feira Test",
      price: { amount: 1250, currency: "EUR" },
      stock: fields.stock ?? 5,
    },
  });
  expect(created.status()).toBe(201);
  return (await created.json()) as { id: string; name: string; sku: string };
}

/**
 * A new customer's order through the API: a declined card first, then a
 * good one. Returns the number of the order that was paid, and whether the
 * decline was kept on that order.
 */
async function placeOrder(
  request: APIRequestContext,
): Promise<{ number: string; declineKept: boolean }> {
  const email = uniqueEmail("admin-view");
  const password = "a long shopper passphrase";
  const registered = await request.post("/api/identity/register", {
    data: { email, password, name: "Ana Shopper" },
  });
  expect(registered.status()).toBe(202);
  await verifyByApi(request, email);
  const headers = { authorization: `Bearer ${await token(request, email, password)}` };
  const products = await (
    await request.get("/api/catalog/products", { params: { q: "soap", in_stock: true } })
  ).json();
  const productId = (products as { items: { id: string }[] }).items[0]!.id;
  const added = await request.post("/api/orders/cart/items", {
    headers,
    data: { product_id: productId, quantity: 2 },
  });
  expect(added.ok()).toBe(true);
  const checkout = (card: string) =>
    request.post("/api/orders", {
      headers: { ...headers, "idempotency-key": `e2e-${Date.now()}-${card}` },
      data: {
        shipping_address: {
          recipient: "Ana Shopper",
          line1: "Rua das Flores 1",
          city: "Lisboa",
          postal_code: "1000-001",
          country: "PT",
        },
        payment: { card_number: card },
      },
    });
  const declined = await checkout("4000000000000002");
  expect(declined.status()).toBe(402);
  // The declined order waits for another card when the problem says until when
  // (and its log keeps the decline); a server without that takes a new checkout.
  const problem = (await declined.json()) as { order_id?: string; pay_by?: string };
  const waits = Boolean(problem.order_id && problem.pay_by);
  const paid = waits
    ? await request.post(`/api/orders/${problem.order_id}/pay`, {
        headers: { ...headers, "idempotency-key": `e2e-pay-${Date.now()}` },
        data: { payment: { card_number: "4242424242424242" } },
      })
    : await checkout("4242424242424242");
  expect(paid.ok(), `payment: ${paid.status()}`).toBe(true);
  const order = (await paid.json()) as { number: string };
  return { number: order.number, declineKept: waits };
}

/** Screenshots of the page as it is, at 390 and 1366 px wide, light and dark. */
async function screens(page: Page, name: string, ready: () => Locator) {
  mkdirSync(SCREENS, { recursive: true });
  for (const [width, height] of [
    [390, 844],
    [1366, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await expect(ready()).toBeVisible();
      // Colours ease between themes: measure them once every transition has ended.
      await expect.poll(() => page.evaluate(() => document.getAnimations().length)).toBe(0);
      await expectAccessible(page);
      await fullShot(page, join(SCREENS, `admin-${name}-${width}-${colorScheme}.png`));
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/** Leaves the focused field, so what was typed is checked. */
async function leave(field: Locator) {
  await field.press("Tab");
}

test("the product form says what is wrong with a price, on the field, and clears it once fixed", async ({
  page,
}) => {
  await signInAdmin(page);
  await page.goto("/admin/products");
  await page.getByRole("link", { name: "New product" }).click();
  await expect(page).toHaveTitle(/New product/);
  await expect(page.getByRole("heading", { level: 1, name: "New product" })).toBeFocused();

  // Nothing typed: one sentence per missing field, and focus on the first.
  await page.getByRole("button", { name: "Save product" }).click();
  const name = page.getByLabel("Name");
  const price = page.getByLabel("Price (EUR)");
  await expect(name).toBeFocused();
  await expect(name).toHaveAccessibleDescription(/Enter a name\./);
  await expect(price).toHaveAttribute("aria-invalid", "true");
  await expect(price).toHaveAccessibleDescription(/Enter a price\./);
  await expect(page.getByLabel("Category")).toHaveAccessibleDescription(/Choose a category\./);

  await price.fill("12,5x");
  await leave(price);
  await expect(price).toHaveAccessibleDescription(/Enter a price like 12\.50\./);
  await price.fill("-3");
  await expect(price).toHaveAccessibleDescription(/The price can't be negative\./);
  await price.fill("12,50");
  await expect(price).not.toHaveAttribute("aria-invalid");
  await expect(page.getByText("The price can't be negative.")).toHaveCount(0);
  await name.fill("Basket");
  await expect(name).not.toHaveAttribute("aria-invalid");

  // An image address that is not one is marked on its field before saving.
  const images = page.getByLabel(/Image addresses/);
  await images.fill("basket.jpg");
  await expect(images).toHaveAccessibleDescription(/web address starting with https:\/\//);
  await images.fill("");
  await expect(images).not.toHaveAttribute("aria-invalid");
});

test("a name another product has is refused on the name field, never naming a hidden field", async ({
  page,
  request,
}) => {
  const sku = `E2E-DUP-${Date.now()}`;
  const existing = await createProduct(request, { name: `Twin Basket ${sku}`, sku });
  await signInAdmin(page);
  await page.goto("/admin/products/new");
  await page.getByLabel("Name").fill(existing.name);
  await page.getByLabel("SKU").fill(`${sku}-2`);
  await page.getByLabel("Category").selectOption({ index: 1 });
  await page.getByLabel("Price (EUR)").fill("9.99");
  await page.getByRole("button", { name: "Save product" }).click();
  const name = page.getByLabel("Name");
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toHaveAccessibleDescription(/Another product already has this name/);
  await expect(page.getByText(/slug/i)).toHaveCount(0);
  // Fixing the name clears the message at once.
  await name.fill(`${existing.name} large`);
  await expect(name).not.toHaveAttribute("aria-invalid");
  await page.getByRole("button", { name: "Save product" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
  await expect(page.getByText(`Saved ${existing.name} large.`)).toBeVisible();
});

test("the category is picked from the managed list, with a way to manage it", async ({ page }) => {
  await signInAdmin(page);
  await page.goto("/admin/products/new");
  const category = page.getByLabel("Category");
  await expect(category.locator("option")).not.toHaveCount(1);
  await expect(category.locator("option").nth(1)).toHaveText(/\S/);
  await page.getByRole("link", { name: "Manage categories" }).click();
  await expect(page).toHaveURL(/\/admin\/categories$/);
  await expect(page.getByRole("heading", { level: 1, name: "Categories" })).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Categories" }),
  ).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("table", { name: "Categories" }).getByRole("row")).not.toHaveCount(1);
});

test("categories are added, renamed and deleted (after a confirmation), and the picker follows", async ({
  page,
}) => {
  await signInAdmin(page);
  await page.goto("/admin/categories");
  const name = `Garden ${Date.now()}`;
  const form = page.getByRole("region", { name: "New category" });
  await form.getByRole("button", { name: "Add category" }).click();
  await expect(form.getByLabel("Name")).toHaveAccessibleDescription(/Enter a name\./);
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Add category" }).click();
  await expect(page.getByText(`Added the category ${name}.`)).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("0 products");

  // The same name again is refused on the field.
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Add category" }).click();
  await expect(form.getByLabel("Name")).toHaveAccessibleDescription(/already exists/);

  await row.getByRole("button", { name: `Rename ${name}` }).click();
  await page.getByLabel(`New name for ${name}`).fill(`${name} Tools`);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(`Renamed to ${name} Tools.`)).toBeVisible();

  await page.goto("/admin/products/new");
  await expect(
    page.getByLabel("Category").locator("option", { hasText: `${name} Tools` }),
  ).toHaveCount(1);

  await page.goto("/admin/categories");
  const renamed = page.getByRole("row").filter({ hasText: `${name} Tools` });
  await renamed.getByRole("button", { name: `Delete ${name} Tools` }).click();
  const dialog = page.getByRole("alertdialog", { name: `Delete the category ${name} Tools?` });
  await dialog.getByRole("button", { name: "Keep it" }).click();
  await expect(renamed).toBeVisible();
  await renamed.getByRole("button", { name: `Delete ${name} Tools` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete category" }).click();
  await expect(page.getByText(`Deleted the category ${name} Tools.`)).toBeVisible();
  await expect(renamed).toHaveCount(0);
});

test("stock is edited in the table and stays after a reload", async ({ page, request }) => {
  const sku = `E2E-STOCK-${Date.now()}`;
  const product = await createProduct(request, { name: `Stock Jar ${sku}`, sku, stock: 5 });
  await signInAdmin(page);
  await page.goto(`/admin/products?q=${sku}`);
  const stock = page.getByLabel(`Stock of ${product.name}`);
  await expect(stock).toHaveValue("5");

  // Not a number: said beside it, nothing saved.
  await stock.fill("lots");
  await stock.press("Enter");
  await expect(stock).toHaveAccessibleDescription(/whole number/);

  await stock.fill("17");
  await stock.press("Enter");
  await expect(stock).toHaveAccessibleDescription("Saved");
  await page.reload();
  await expect(page.getByLabel(`Stock of ${product.name}`)).toHaveValue("17");

  // Leaving the field saves too.
  await page.getByLabel(`Stock of ${product.name}`).fill("3");
  await page.getByLabel("Find products by name or SKU").focus();
  await expect(page.getByLabel(`Stock of ${product.name}`)).toHaveAccessibleDescription("Saved");
  await page.goto(`/admin/products/${product.id}`);
  await expect(page.getByLabel("Stock", { exact: true })).toHaveValue("3");
});

test("removing a product from the shop asks first, and Keep it keeps it", async ({
  page,
  request,
}) => {
  const sku = `E2E-DEL-${Date.now()}`;
  const product = await createProduct(request, { name: `Old Crate ${sku}`, sku });
  await signInAdmin(page);
  await page.goto(`/admin/products?q=${sku}`);
  const remove = page.getByRole("button", { name: `Remove ${product.name} from the shop` });
  const row = page.getByRole("row").filter({ hasText: product.name });
  await remove.click();
  const dialog = page.getByRole("alertdialog", { name: `Remove ${product.name} from the shop?` });
  await expect(dialog).toBeVisible();
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Keep it" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("Active");

  await remove.click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove from shop" }).click();
  await expect(page.getByText(`${product.name} was removed from the shop.`)).toBeVisible();
  await expect(row).toContainText("Hidden");
  await expect(remove).toHaveCount(0);
  await page.goto(`/?q=${sku}`);
  await expect(page.getByRole("link", { name: new RegExp(product.name) })).toHaveCount(0);
});

test("an order goes from the list to its page with address, payments and timeline, then ships and is delivered", async ({
  page,
  request,
}) => {
  const { number, declineKept } = await placeOrder(request);
  await signInAdmin(page);
  await page.goto("/admin/orders");
  const row = page.getByRole("row").filter({ hasText: number });
  await expect(row).toContainText("Ana Shopper");
  await expect(row).toContainText("Lisboa, PT");
  await expect(row).toContainText("2 items");
  await expect(row.getByTestId("order-status-badge")).toHaveText("Paid");
  // A date to the minute, no seconds.
  await expect(row.locator("time")).not.toHaveText(/\d:\d\d:\d\d/);

  await row.getByRole("link", { name: number }).click();
  await expect(page).toHaveURL(/\/admin\/orders\/[0-9a-f-]+$/);
  await expect(page).toHaveTitle(new RegExp(`Order ${number}`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Order ${number}`);
  await expect(page.getByTestId("shipping-address")).toContainText("Rua das Flores 1");
  await expect(page.getByTestId("shipping-address")).toContainText("1000-001 Lisboa");
  await expect(page.getByTestId("shipping-address")).toContainText("Portugal");
  const payments = page.getByRole("list", { name: "Payment attempts" });
  await expect(payments).toContainText(/Charged|Authorized/);
  await expect(payments).toContainText("card ending 4242");
  if (declineKept) {
    await expect(payments).toContainText("Declined: the card was declined");
    await expect(payments).toContainText("card ending 0002");
  }
  const events = page.getByRole("list", { name: "Events" });
  await expect(events).toContainText("Order placed");
  await expect(events).toContainText("Payment received");

  // Ship: both fields are needed, and it asks before telling the customer.
  await page.getByRole("button", { name: "Mark shipped" }).click();
  await expect(page.getByLabel("Carrier")).toHaveAccessibleDescription("Enter the carrier.");
  await page.getByLabel("Carrier").fill("CTT");
  await page.getByLabel("Tracking number").fill("RR123456789PT");
  await page.getByRole("button", { name: "Mark shipped" }).click();
  const ask = page.getByRole("alertdialog", { name: `Mark ${number} as shipped?` });
  await expect(ask).toContainText("CTT");
  await ask.getByRole("button", { name: "Mark shipped" }).click();
  await expect(page.getByTestId("order-status-badge")).toHaveText("Shipped");
  await expect(events).toContainText("Shipped");

  await page.getByRole("button", { name: "Mark delivered" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Mark delivered" }).click();
  await expect(page.getByTestId("order-status-badge")).toHaveText("Delivered");

  await page
    .getByRole("navigation", { name: "Breadcrumb" })
    .getByRole("link", { name: "Orders" })
    .click();
  await page.getByLabel("Status").selectOption("delivered");
  await expect(page.getByRole("row").filter({ hasText: number })).toContainText("Delivered");
});

test("every admin page, at 390 and 1366 px, light and dark", async ({ page, request }) => {
  test.setTimeout(300_000);
  const { number } = await placeOrder(request);
  const sku = `E2E-SHOT-${Date.now()}`;
  const product = await createProduct(request, { name: `Rattan Basket ${sku}`, sku });
  await signInAdmin(page);

  await page.goto("/admin/products");
  await screens(page, "products", () => page.getByRole("table", { name: "Products" }));
  await page.goto(`/admin/products/${product.id}`);
  await screens(page, "product-edit", () => page.getByLabel("Name"));
  await page.goto("/admin/products/new");
  await page.getByRole("button", { name: "Save product" }).click();
  await page.getByLabel("Price (EUR)").fill("12,5x");
  await screens(page, "product-errors", () => page.getByText("Enter a price like 12.50."));
  await page.goto("/admin/categories");
  await screens(page, "categories", () => page.getByRole("table", { name: "Categories" }));
  await page.goto("/admin/orders");
  await screens(page, "orders", () => page.getByRole("link", { name: number }));
  await page.getByRole("link", { name: number }).click();
  await screens(page, "order", () => page.getByRole("list", { name: "Events" }));
  await page.goto("/admin/notifications");
  await screens(page, "notifications", () =>
    page.getByRole("heading", { level: 1, name: "Failed notifications" }),
  );
});

test("on a phone the admin tables scroll inside their frame and stock still saves @phone", async ({
  page,
  request,
}) => {
  const sku = `E2E-PHONE-${Date.now()}`;
  const product = await createProduct(request, { name: `Phone Tray ${sku}`, sku, stock: 2 });
  const { number } = await placeOrder(request);
  await signInAdmin(page);
  await page.goto(`/admin/products?q=${sku}`);
  // A phone's layout viewport widens to fit what overflows: compare with the screen's width.
  const width = page.viewportSize()!.width;
  const noPageOverflow = async () =>
    (await page.evaluate(() => document.documentElement.scrollWidth)) <= width;
  await expect(page.getByRole("link", { name: product.name })).toBeVisible();
  expect(await noPageOverflow()).toBe(true);
  const stock = page.getByLabel(`Stock of ${product.name}`);
  await stock.scrollIntoViewIfNeeded();
  await stock.fill("9");
  await stock.press("Enter");
  await expect(stock).toHaveAccessibleDescription("Saved");

  await page.goto("/admin/orders");
  const link = page.getByRole("link", { name: number });
  await expect(link).toBeVisible();
  expect(await noPageOverflow()).toBe(true);
  await link.click();
  await expect(page.getByTestId("shipping-address")).toContainText("Rua das Flores 1");
  expect(await noPageOverflow()).toBe(true);
  await expectAccessible(page);
});
