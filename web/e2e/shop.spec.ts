import { expect, test } from "./fixtures";
import {
  addFirstResult,
  expectAccessible,
  fillAddress,
  register,
  signIn,
  snap,
  uniqueEmail,
} from "./helpers";

test("a shopper searches, registers, pays and sees the order paid with a live notification", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page.getByTestId("product-grid").getByRole("listitem")).toHaveCount(12);
  await expectAccessible(page);
  await snap(page, "catalog");

  // The search box is debounced into the URL; the back button restores the list.
  await page.getByRole("searchbox", { name: "Search products" }).fill("wool");
  await expect(page).toHaveURL(/\?q=wool/);
  await expect(page.getByRole("heading", { name: /Results for “wool”/ })).toBeVisible();
  await page.getByLabel("Sort by").selectOption("price:asc");
  await expect(page).toHaveURL(/sort=price&order=asc/);
  await page.goBack();
  await expect(page).not.toHaveURL(/sort=price/);

  // A guest's cart is kept in the browser and joins the account on sign-up.
  const name = await addFirstResult(page, "wool");
  await expectAccessible(page);
  await snap(page, "product");
  await expect(page.getByRole("button", { name: "Cart, 1 items" })).toBeVisible();
  await register(page, uniqueEmail("shopper"));
  await expect(page.getByRole("button", { name: "Cart, 1 items" })).toBeVisible();

  await page.goto("/cart");
  await expect(page.getByRole("list", { name: "Cart items" })).toContainText(name);
  await expect(page.getByTestId("cart-total")).toBeVisible();
  await expectAccessible(page);
  await snap(page, "cart");

  await page.goto("/checkout");
  await expect(page.getByText("4242 4242 4242 4242", { exact: true })).toBeVisible();
  await fillAddress(page);
  await expectAccessible(page);
  await snap(page, "checkout");
  // A double click still places one order: the attempt's Idempotency-Key is the same.
  await page.getByRole("button", { name: "Place order" }).dblclick();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]+$/);
  await expect(page.getByTestId("order-status")).toHaveText("Paid");
  await expect(page.getByRole("link", { name: /Notifications, [1-9]\d* unread/ })).toBeVisible();
  await snap(page, "order");

  await page.goto("/orders");
  await expect(page.getByRole("link", { name: /FE-/ })).toHaveCount(1);
  await page.goto("/notifications");
  await expect(page.getByRole("list", { name: "Notifications" })).toContainText(/paid|confirmed/i);
  await expectAccessible(page);
  await snap(page, "notifications");
});

test("a declined card shows why and no order is paid", async ({ page }) => {
  await register(page, uniqueEmail("declined"));
  await addFirstResult(page, "soap");
  await page.goto("/checkout");
  await fillAddress(page);
  await page.getByLabel("Card number").fill("4000 0000 0000 0002");
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByRole("alert")).toContainText(/declined/i);
  await expect(page).toHaveURL(/\/checkout$/);
  await snap(page, "checkout-declined");
  await page.goto("/orders");
  await expect(page.getByText("Paid", { exact: true })).toHaveCount(0);
});

test("an admin creates a product and it appears in the shop", async ({ page }) => {
  await signIn(page, "admin@example.com", "demo-admin-password");
  await page.getByRole("link", { name: "Admin" }).click();
  await expect(page.getByRole("heading", { name: "Products" })).toBeVisible();
  await page.getByRole("link", { name: "New product" }).click();

  // Bad input: the API's field errors show beside the fields.
  await page.getByRole("button", { name: "Save product" }).click();
  await expect(page.locator("#field-name-error")).toBeVisible();

  const sku = `E2E-${Date.now()}`;
  const name = `Handwoven Basket ${sku}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("SKU").fill(sku);
  await page.getByLabel("Category").fill("home-kitchen");
  await page.getByLabel("Brand").fill("Feira Test");
  await page.getByLabel("Price (EUR)").fill("34.90");
  await page.getByLabel("Stock").fill("7");
  await snap(page, "admin-product");
  await page.getByRole("button", { name: "Save product" }).click();
  await expect(page.getByRole("link", { name })).toBeVisible();

  await page.goto(`/?q=${encodeURIComponent(sku)}`);
  const card = page.getByTestId("product-grid").getByRole("link", { name: new RegExp(name) });
  await expect(card).toContainText("34.90");
  await expect(card).toContainText("In stock");

  // The admin buys it, then ships and delivers that order from the admin pages.
  await card.click();
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByText("Added to your cart")).toBeVisible();
  await page.goto("/checkout");
  await fillAddress(page);
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByTestId("order-status")).toHaveText("Paid");
  const number = (await page.getByRole("heading", { level: 1 }).textContent())!.replace(
    "Order ",
    "",
  );
  await page.goto("/admin/orders?status=paid");
  const row = page.getByRole("listitem").filter({ hasText: number });
  await row.getByLabel(`Carrier for ${number}`).fill("CTT");
  await row.getByLabel(`Tracking number for ${number}`).fill("RR123456789PT");
  await row.getByRole("button", { name: "Ship" }).click();
  await expect(page.getByText("Marked shipped")).toBeVisible();
  await page.getByLabel("Status").selectOption("shipped");
  await page
    .getByRole("listitem")
    .filter({ hasText: number })
    .getByRole("button", { name: "Mark delivered" })
    .click();
  await expect(page.getByText("Marked delivered")).toBeVisible();
  await snap(page, "admin-orders");
  await page.goto("/orders");
  await page.getByRole("link", { name: new RegExp(number) }).click();
  await expect(page.getByTestId("order-status")).toHaveText("Delivered");
  await expect(page.getByText("Sent with CTT, tracking RR123456789PT")).toBeVisible();
});

test("checkout on a phone @phone", async ({ page }) => {
  await register(page, uniqueEmail("phone"));
  await addFirstResult(page, "lamp");
  await page.goto("/checkout");
  await fillAddress(page);
  await snap(page, "phone-checkout");
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByTestId("order-status")).toHaveText("Paid");
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth > window.innerWidth,
  );
  expect(overflow).toBe(false);
  await snap(page, "phone-order");
});
