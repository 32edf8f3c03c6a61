import { mkdirSync } from "node:fs";
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import {
  addFirstResult,
  expectAccessible,
  fillAddress,
  fullShot,
  register,
  registerVerified,
  uniqueEmail,
  verifyEmail,
} from "./helpers";

// Checkout and what follows it, as a shopper goes through them: signing up from
// checkout, a declined card then a good one, address checks, a keyboard-only
// checkout, the confirmation and the order page, cancelling. Each journey runs
// at desktop size and, tagged @phone, on the 375-px phone project.

const DECLINED = "Your card was declined. Nothing was charged; try another card.";
const PHONE = [false, true] as const;
const tag = (phone: boolean) => (phone ? " @phone" : "");

const screens = `${process.env.FEIRA_E2E_OUTPUT_DIR ?? "test-results"}/screens`;

/** A cart with one product, for a shopper who just registered. */
async function shopperWithCart(page: Page, name: string): Promise<string> {
  await registerVerified(page, uniqueEmail(name));
  return addFirstResult(page, "soap");
}

/** Minor units from a money text such as "€54.97" or "54,97 €"; "Free" is 0. */
async function cents(locator: Locator): Promise<number> {
  const text = (await locator.textContent()) ?? "";
  if (/free/i.test(text)) return 0;
  return Number(text.replace(/[^\d]/g, ""));
}

/** Places the order, or pays the one a declined card left waiting. */
async function placeOrder(page: Page) {
  await page.getByRole("button", { name: /^(Place order|Pay now)/ }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]+$/);
  await expect(page.getByTestId("order-status")).toHaveText("Paid");
}

/** Presses Tab until `target` has focus (at most `max` times); fails otherwise. */
async function tabTo(page: Page, target: Locator, max = 60) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}

async function expectNoSideScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth > window.innerWidth,
  );
  expect(overflow, "the page scrolls sideways").toBe(false);
}

for (const phone of PHONE) {
  test(`a shopper signs up from checkout and lands back on checkout${tag(phone)}`, async ({
    page,
  }) => {
    const name = await addFirstResult(page, "soap");
    await page.goto("/checkout");
    await expect(page).toHaveURL(/\/login\?next=%2Fcheckout$/);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
    await page.getByRole("link", { name: "Create an account" }).click();
    await expect(page).toHaveURL(/\/register\?next=%2Fcheckout$/);
    await expect(page).toHaveTitle(/Create an account/);
    // The way back to sign-in keeps next too.
    await expect(page.getByRole("link", { name: "Sign in", exact: true }).last()).toHaveAttribute(
      "href",
      "/login?next=%2Fcheckout",
    );

    // A mistake first: the field says so in a sentence, and editing clears it.
    await page.getByLabel("Name").fill("Ana Shopper");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel(/^Password/).fill("a long shopper passphrase");
    await page.getByRole("button", { name: "Create account" }).click();
    const email = page.getByLabel("Email");
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(email).toHaveAccessibleDescription(/Enter a valid email address/);
    const address = uniqueEmail("signup");
    await email.fill(address);
    await expect(email).not.toHaveAttribute("aria-invalid", "true");

    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/checkout$/);
    await expect(page.getByRole("heading", { level: 1, name: "Checkout" })).toBeVisible();
    await expect(page).toHaveTitle(/^Checkout/);
    // The guest cart came along.
    await expect(page.getByRole("list", { name: "Items" })).toContainText(name);
    await expectNoSideScroll(page);
    // Ordering waits for the emailed link; the cart stays meanwhile.
    const place = page.getByRole("button", { name: /^Place order/ });
    await expect(place).toBeDisabled();
    await expect(place).toHaveAccessibleDescription(/Confirm your email to place the order/);
    await verifyEmail(page, address);
    await page.goto("/checkout");
    await expect(page.getByRole("list", { name: "Items" })).toContainText(name);
    await expect(place).toBeEnabled();
  });

  test(`a declined card, then a good one: one order, paid, cart kept in between${tag(phone)}`, async ({
    page,
  }) => {
    const name = await shopperWithCart(page, "declined");
    await page.goto("/checkout");
    await fillAddress(page);
    const cardNumber = page.getByLabel("Card number");
    await cardNumber.fill("4000 0000 0000 0002");
    await page.getByRole("button", { name: /Place order/ }).click();

    // Said once, on the card field, in plain words; the shopper stays here.
    await expect(cardNumber).toHaveAttribute("aria-invalid", "true");
    await expect(cardNumber).toHaveAccessibleDescription(
      new RegExp(DECLINED.replace(/\./g, "\\.")),
    );
    await expect(cardNumber).toBeFocused();
    await expect(page.getByText(DECLINED)).toHaveCount(1);
    await expect(page.locator("main")).not.toContainText("`");
    await expect(page.locator("main")).not.toContainText(/idempotency|card_declined/i);
    await expect(page).toHaveURL(/\/checkout$/);
    await expect(page.getByRole("list", { name: "Items" })).toContainText(name);
    // The order exists now: the button pays it rather than placing another.
    await expect(page.getByRole("button", { name: /^Pay now/ })).toBeVisible();
    await expect(page.getByRole("button", { name: /Place order/ })).toHaveCount(0);

    // Another card: the error goes as soon as the number changes.
    await cardNumber.fill("4242 4242 4242 4242");
    await expect(cardNumber).not.toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText(DECLINED)).toHaveCount(0);
    await placeOrder(page);
    await expect(
      page.getByRole("heading", { name: /Thank you, your order is confirmed/ }),
    ).toBeVisible();

    await page.goto("/orders");
    const orders = page.getByRole("list", { name: "Orders" }).getByRole("listitem");
    await expect(orders).toHaveCount(1);
    await expect(orders.first()).toContainText("Paid");
    await expect(page.getByText("Payment failed")).toHaveCount(0);
  });

  test(`an invalid postal code is shown on its field and nothing is placed${tag(phone)}`, async ({
    page,
  }) => {
    await shopperWithCart(page, "postal");
    await page.goto("/checkout");
    await fillAddress(page);
    const postal = page.getByLabel("Postal code");
    await postal.fill("!!");
    await page.getByRole("button", { name: /Place order/ }).click();
    await expect(postal).toBeFocused();
    await expect(postal).toHaveAttribute("aria-invalid", "true");
    await expect(postal).toHaveAccessibleDescription(
      "Enter a postal code of Portugal, like 2725-079.",
    );

    // Another country judges the code again, by its own format.
    await page.getByLabel("Country").selectOption("DE");
    await expect(postal).toHaveAccessibleDescription(/Germany, like 26133/);
    await postal.fill("10115");
    await expect(postal).not.toHaveAttribute("aria-invalid", "true");
    await page.getByLabel("Country").selectOption("PT");
    await expect(postal).toHaveAttribute("aria-invalid", "true");

    // When the form lets a code through that the server refuses (here: the
    // form is handed a list that accepts anything), the server's word lands
    // on the same field and nothing is ordered.
    await page.route("**/api/orders/countries", async (route) => {
      const response = await route.fetch();
      const list = (await response.json()) as { code: string; postal_code?: object }[];
      await route.fulfill({
        response,
        json: list.map((c) =>
          c.code === "PT" ? { ...c, postal_code: { pattern: "^.*$", example: "2725-079" } } : c,
        ),
      });
    });
    await page.reload();
    await fillAddress(page);
    await postal.fill("!!");
    await page.getByRole("button", { name: /Place order/ }).click();
    await expect(postal).toHaveAttribute("aria-invalid", "true");
    await expect(postal).toHaveAccessibleDescription(/postal code/i);
    await expect(postal).toBeFocused();
    await expect(page).toHaveURL(/\/checkout$/);
    await page.unroute("**/api/orders/countries");

    await page.goto("/orders");
    await expect(page.getByText("No orders yet")).toBeVisible();
  });

  test(`the confirmation adds up and cancelling asks first${tag(phone)}`, async ({ page }) => {
    await shopperWithCart(page, "cancel");
    await page.goto("/checkout");
    await fillAddress(page);
    await placeOrder(page);
    await expectNoSideScroll(page);

    await expect(page.getByTestId("shipping-address")).toContainText("Rua das Flores 1");
    await expect(page.getByTestId("shipping-address")).toContainText("Portugal");
    await expect(page.getByTestId("payment-method")).toContainText("•••• 4242");
    await expect(page.getByRole("heading", { name: "What happens next" })).toBeVisible();
    const items = await cents(page.getByTestId("summary-subtotal"));
    const shipping = await cents(page.getByTestId("summary-shipping"));
    const total = await cents(page.getByTestId("summary-total"));
    expect(items + shipping).toBe(total);
    if (shipping === 0) await expect(page.getByTestId("summary-shipping")).toHaveText("Free");
    await expect(page.getByRole("list", { name: "Order progress" })).toContainText("Placed");

    // Cancel asks, says what happens to the money, and "Keep order" keeps it.
    await page.getByRole("button", { name: "Cancel order" }).click();
    const dialog = page.getByRole("alertdialog");
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(/goes back to your card ending in 4242/);
    await expect(dialog.getByRole("button", { name: "Keep order" })).toBeFocused();
    await dialog.getByRole("button", { name: "Keep order" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("order-status")).toHaveText("Paid");

    await page.getByRole("button", { name: "Cancel order" }).click();
    await dialog.getByRole("button", { name: "Cancel order" }).click();
    await expect(page.getByTestId("order-status")).toHaveText(/Cancelled|Cancelling/);
    await expect(page.getByRole("button", { name: "Cancel order" })).toHaveCount(0);
    await expect(page.getByRole("list", { name: "Order progress" })).toContainText(
      "You cancelled the order.",
    );
  });
}

test("checkout on a phone keeps Place order within reach and nothing scrolls sideways @phone", async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await shopperWithCart(page, "reach");
  await page.goto("/checkout");
  await expect(page.getByRole("heading", { level: 1, name: "Checkout" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Place order/ })).toBeInViewport();
  await expectNoSideScroll(page);
  await page.getByLabel("Postal code").scrollIntoViewIfNeeded();
  await expect(page.getByRole("button", { name: /Place order/ })).toBeInViewport();
});

test("a whole checkout with the keyboard only: Tab, typing, Space and Enter", async ({ page }) => {
  await shopperWithCart(page, "keyboard");
  await page.goto("/checkout");
  await expect(page.getByRole("heading", { level: 1, name: "Checkout" })).toBeVisible();

  const type = async (label: string | RegExp, text: string, exact = false) => {
    await tabTo(page, page.getByLabel(label, { exact }));
    await page.keyboard.type(text);
  };
  await type("Full name", "Kim Keys");
  // The country is Portugal already; Tab passes the picker.
  await expect(page.getByLabel("Country")).toHaveValue("PT");
  await type("Address", "Rua do Teclado 5", true);
  await type("Postal code", "1000-001");
  await type("City", "Lisboa");
  // Choose the declining test card with Space, try it, then the good one with Enter.
  await tabTo(page, page.getByRole("button", { name: /Use 4000 0000 0000 0002/ }));
  await page.keyboard.press("Space");
  await expect(page.getByLabel("Card number")).toHaveValue("4000 0000 0000 0002");
  await tabTo(page, page.getByRole("button", { name: /Place order/ }));
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Card number")).toBeFocused();
  await expect(page.getByText(DECLINED)).toHaveCount(1);
  await tabTo(page, page.getByRole("button", { name: /Use 4242 4242 4242 4242/ }));
  await page.keyboard.press("Enter");
  await tabTo(page, page.getByRole("button", { name: /Pay now/ }));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("order-status")).toHaveText("Paid");
  // The new page's heading has focus, where a keyboard user starts reading.
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();

  // Cancel with the keyboard: the dialog opens on "Keep order"; Escape keeps it.
  await tabTo(page, page.getByRole("button", { name: "Cancel order" }));
  await page.keyboard.press("Space");
  const dialog = page.getByRole("alertdialog");
  await expect(dialog.getByRole("button", { name: "Keep order" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: "Cancel order" })).toBeFocused();
});

test("account: a saved address uses the same country picker and checks", async ({ page }) => {
  await registerVerified(page, uniqueEmail("account"));
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  await expect(page).toHaveTitle(/^Your account/);
  await page.getByLabel("Full name").fill("Ana Shopper");
  await page.getByLabel("Country").selectOption("NL");
  await page.getByLabel("Address", { exact: true }).fill("Damrak 1");
  await page.getByLabel("City").fill("Amsterdam");
  const postal = page.getByLabel("Postal code");
  await postal.fill("12");
  await postal.blur();
  await expect(postal).toHaveAccessibleDescription(/Netherlands, like 1234 AB/);
  await postal.fill("1012 lg");
  await expect(postal).not.toHaveAttribute("aria-invalid", "true");
  await page.getByRole("button", { name: "Save address" }).click();
  const saved = page.getByRole("list", { name: "Saved addresses" });
  await expect(saved).toContainText("1012 LG Amsterdam");
  await expect(saved).toContainText("Default");

  // A saved address is offered at checkout.
  await addFirstResult(page, "soap");
  await page.goto("/checkout");
  await expect(page.getByRole("radio", { name: /Damrak 1/ })).toBeChecked();
  await placeOrder(page);
  await expect(page.getByTestId("shipping-address")).toContainText("1012 LG Amsterdam");

  // Removing asks first.
  await page.goto("/account");
  await saved.getByRole("button", { name: /Remove/ }).click();
  await expect(page.getByRole("alertdialog")).toContainText(
    /Orders already sent there are not changed/,
  );
  await page.getByRole("button", { name: "Remove address" }).click();
  await expect(page.getByText("No saved addresses yet.")).toBeVisible();
});

test("screenshots of checkout, orders, account and inbox at 390 and 1366, light and dark", async ({
  page,
}) => {
  test.setTimeout(240_000);
  mkdirSync(screens, { recursive: true });
  const shoot = async (name: string) => {
    for (const width of [390, 1366]) {
      for (const scheme of ["light", "dark"] as const) {
        await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
        await page.emulateMedia({ colorScheme: scheme });
        await page.evaluate(() => document.fonts.ready);
        await fullShot(page, `${screens}/${name}-${width}-${scheme}.png`);
        await expectAccessible(page);
      }
    }
  };

  await page.goto("/login?next=%2Fcheckout");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await shoot("login");
  await page.goto("/register?next=%2Fcheckout");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await shoot("register-errors");

  const email = uniqueEmail("screens");
  await register(page, email);
  await addFirstResult(page, "soap");
  await page.goto("/checkout");
  await expect(page.getByText("Confirm your email to place the order.")).toBeVisible();
  await shoot("checkout-unverified");
  await verifyEmail(page, email);
  await page.goto("/checkout");
  await expect(page.getByRole("heading", { level: 1, name: "Checkout" })).toBeVisible();
  await shoot("checkout");
  await page.getByLabel("Postal code").fill("!!");
  await page.getByRole("button", { name: /Place order/ }).click();
  await expect(page.getByLabel("Postal code")).toHaveAttribute("aria-invalid", "true");
  await shoot("checkout-errors");
  await fillAddress(page);
  await page.getByLabel("Card number").fill("4000 0000 0000 0002");
  await page.getByRole("button", { name: /Place order/ }).click();
  await expect(page.getByText(DECLINED)).toBeVisible();
  await shoot("checkout-declined");
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await placeOrder(page);
  await shoot("order-confirmation");
  await page.reload();
  await expect(page.getByTestId("order-status")).toHaveText("Paid");
  await shoot("order");
  await page.goto("/orders");
  await expect(page.getByRole("list", { name: "Orders" })).toBeVisible();
  await shoot("orders");
  await page.goto("/notifications");
  await expect(page.getByRole("list", { name: "Notifications" })).toBeVisible();
  await shoot("notifications");
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  await shoot("account");
  await page.goto("/checkout");
  await shoot("checkout-empty");
});
