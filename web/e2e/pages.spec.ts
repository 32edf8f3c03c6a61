import AxeBuilder from "@axe-core/playwright";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { fullShot } from "./helpers";

// Every page of the app at 1366×900 and 390×844, light and dark: no serious or
// critical axe violation, and a full-page screenshot in
// test-results/screens/<page>-<width>-<theme>.png (CI keeps them). Then the
// server's side of routing (200 for each page, 404 with the app shell for
// others) and a keyboard walk through the catalog.
//
// Adding a page is one line in PAGES. A route in the build's routes.json that
// no entry covers fails "every route of the app has an entry here".

type Role = "guest" | "customer" | "admin";

interface PageEntry {
  /** The screenshot's and the test's name. */
  name: string;
  /** The route pattern it shows, as in routes.tsx (null: no route, the 404). */
  route: string | null;
  /** Who looks at it. */
  as: Role;
  /** The address, or how to get one from the fixture data. */
  path: string | ((data: Fixture) => string);
  /** The HTTP status `feira up` answers for the address. */
  status?: number;
}

/** Data the dynamic pages need, made once through the API. */
interface Fixture {
  productSlug: string;
  productId: string;
  orderId: string;
  taskId: string;
  /** A recent trace, a checkout's when one is still kept. */
  traceId: string;
}

const PAGES: PageEntry[] = [
  { name: "home", route: "/", as: "guest", path: "/" },
  { name: "catalog", route: "/products", as: "guest", path: "/products" },
  { name: "search", route: "/search", as: "guest", path: "/search?q=wool" },
  {
    name: "product",
    route: "/products/:slug",
    as: "guest",
    path: (d) => `/products/${d.productSlug}`,
  },
  { name: "cart", route: "/cart", as: "customer", path: "/cart" },
  { name: "login", route: "/login", as: "guest", path: "/login" },
  { name: "register", route: "/register", as: "guest", path: "/register" },
  { name: "forgot-password", route: "/forgot-password", as: "guest", path: "/forgot-password" },
  // Opened without the emailed link's secret: the page says so and offers a new link.
  { name: "reset-password", route: "/reset-password", as: "guest", path: "/reset-password" },
  { name: "verify-email", route: "/verify-email", as: "guest", path: "/verify-email" },
  { name: "confirm-email", route: "/confirm-email", as: "guest", path: "/confirm-email" },
  { name: "checkout", route: "/checkout", as: "customer", path: "/checkout" },
  { name: "orders", route: "/orders", as: "customer", path: "/orders" },
  { name: "order", route: "/orders/:id", as: "customer", path: (d) => `/orders/${d.orderId}` },
  { name: "account", route: "/account", as: "customer", path: "/account" },
  { name: "notifications", route: "/notifications", as: "customer", path: "/notifications" },
  { name: "not-found", route: null, as: "guest", path: "/no-such-page", status: 404 },
  { name: "tasks", route: "/tasks", as: "customer", path: "/tasks" },
  { name: "tasks-dashboard", route: "/tasks/dashboard", as: "customer", path: "/tasks/dashboard" },
  { name: "tasks-tags", route: "/tasks/tags", as: "customer", path: "/tasks/tags" },
  { name: "task-edit", route: "/tasks/:id", as: "customer", path: (d) => `/tasks/${d.taskId}` },
  { name: "admin-products", route: "/admin/products", as: "admin", path: "/admin/products" },
  {
    name: "admin-product",
    route: "/admin/products/:id",
    as: "admin",
    path: (d) => `/admin/products/${d.productId}`,
  },
  { name: "admin-orders", route: "/admin/orders", as: "admin", path: "/admin/orders" },
  {
    name: "admin-dead-letters",
    route: "/admin/notifications",
    as: "admin",
    path: "/admin/notifications",
  },
  {
    name: "admin-order",
    route: "/admin/orders/:id",
    as: "admin",
    path: (d) => `/admin/orders/${d.orderId}`,
  },
  { name: "admin-categories", route: "/admin/categories", as: "admin", path: "/admin/categories" },
  { name: "admin-traces", route: "/admin/traces", as: "admin", path: "/admin/traces" },
  {
    name: "admin-trace",
    route: "/admin/traces/:id",
    as: "admin",
    path: (d) => `/admin/traces/${d.traceId}`,
  },
];

/**
 * Checks known to fail today, by "<page>" or "<page>-<width>-<theme>", with
 * the owner and what fails. Each is run with test.fail(): it must still fail,
 * and once its page is fixed Playwright reports it as passing unexpectedly, so
 * the entry has to go. Empty this list; never add to it to make a run green.
 */
const KNOWN_FAILURES: Record<string, string> = {};

/** Where the keyboard walk runs: the catalog's entry. */
const CATALOG = PAGES.find((p) => p.name === "catalog")!.path as string;

const WIDTHS = [
  { width: 1366, height: 900, mobile: false },
  { width: 390, height: 844, mobile: true },
] as const;
const THEMES = ["light", "dark"] as const;

const CREDENTIALS: Record<Exclude<Role, "guest">, { email: string; password: string }> = {
  customer: { email: "customer@example.com", password: "demo-customer-password" },
  admin: { email: "admin@example.com", password: "demo-admin-password" },
};

interface Session {
  tokens: { access_token: string; refresh_token: string };
  at: number;
}

/**
 * Sessions and fixture data outlive a worker (Playwright starts a new one
 * after a failed test) in a file of this run's output folder, which
 * Playwright empties at the start of a run; each is checked before use.
 */
interface State {
  sessions: Partial<Record<Role, Session>>;
  fixture?: Omit<Fixture, "traceId">;
}
const stateFile = () => join(test.info().project.outputDir, "pages-state.json");
function loadState(): State {
  try {
    return JSON.parse(readFileSync(stateFile(), "utf8")) as State;
  } catch {
    return { sessions: {} };
  }
}
function saveState(change: (state: State) => void): void {
  const state = loadState();
  change(state);
  mkdirSync(dirname(stateFile()), { recursive: true });
  writeFileSync(stateFile(), JSON.stringify(state));
}

/**
 * One sign-in per role for the whole run (the login rate limit allows five a
 * minute per address), refreshed through the API before the access token's
 * 15 minutes run out, so no page has to refresh it itself.
 */
async function session(request: APIRequestContext, role: Exclude<Role, "guest">) {
  const known = loadState().sessions[role];
  if (known && Date.now() - known.at < 10 * 60_000) {
    const me = await request.get("/api/identity/me", {
      headers: { authorization: `Bearer ${known.tokens.access_token}` },
    });
    if (me.ok()) return known.tokens;
  }
  let response = known
    ? await request.post("/api/identity/refresh", {
        data: { refresh_token: known.tokens.refresh_token },
      })
    : undefined;
  if (!response?.ok())
    response = await request.post("/api/identity/login", { data: CREDENTIALS[role] });
  expect(response.status(), `${role} sign-in: ${await response.text()}`).toBe(200);
  const tokens = (await response.json()) as Session["tokens"];
  saveState((state) => {
    state.sessions[role] = { tokens, at: Date.now() };
  });
  return tokens;
}

async function signedIn(page: Page, request: APIRequestContext, role: Role) {
  if (role === "guest") return;
  const tokens = await session(request, role);
  await page.addInitScript((value) => {
    localStorage.setItem("feira.tokens", value);
  }, JSON.stringify(tokens));
}

/** A product, a paid order of the demo customer's and a task, made once, and a trace. */
async function data(request: APIRequestContext): Promise<Fixture> {
  const made = await madeOnce(request);
  // Asked each time: the spans kept in memory are bounded, so an old trace goes.
  const admin = (await session(request, "admin")).access_token;
  const traces = await request.get("/api/admin/traces?limit=500", {
    headers: { authorization: `Bearer ${admin}` },
  });
  expect(traces.status()).toBe(200);
  const items = (
    (await traces.json()) as { items: { trace_id: string; name: string; spans: number }[] }
  ).items;
  // The checkout's when it is still kept, else the richest there is: a
  // waterfall of one span shows little.
  const trace =
    items.find((t) => t.name === "POST /api/orders") ??
    items.reduce<(typeof items)[number] | undefined>(
      (best, t) => (best && best.spans >= t.spans ? best : t),
      undefined,
    );
  expect(trace, "a trace is kept").toBeDefined();
  return { ...made, traceId: trace!.trace_id };
}

async function madeOnce(request: APIRequestContext): Promise<Omit<Fixture, "traceId">> {
  const token = (await session(request, "customer")).access_token;
  const auth = { authorization: `Bearer ${token}` };
  const known = loadState().fixture;
  if (known && (await request.get(`/api/orders/${known.orderId}`, { headers: auth })).ok()) {
    return known;
  }
  const products = await request.get("/api/catalog/products?q=wool");
  expect(products.status()).toBe(200);
  const product = ((await products.json()) as { items: { id: string; slug: string }[] }).items[0]!;
  const line = await request.post("/api/orders/cart/items", {
    headers: auth,
    data: { product_id: product.id, quantity: 1 },
  });
  expect(line.ok(), await line.text()).toBe(true);
  const order = await request.post("/api/orders", {
    headers: { ...auth, "idempotency-key": `pages-${Date.now()}` },
    data: {
      shipping_address: {
        recipient: "Ana Shopper",
        line1: "Rua das Flores 1",
        city: "Lisboa",
        postal_code: "1000-001",
        country: "PT",
      },
      payment: { card_number: "4242424242424242" },
    },
  });
  expect(order.ok(), await order.text()).toBe(true);
  // Something in the cart again, so the cart and checkout pages have content.
  await request.post("/api/orders/cart/items", {
    headers: auth,
    data: { product_id: product.id, quantity: 2 },
  });
  const task = await request.post("/api/tasks", {
    headers: auth,
    data: { title: "Water the plants", priority: "high" },
  });
  expect(task.ok(), await task.text()).toBe(true);
  const fixture = {
    productSlug: product.slug,
    productId: product.id,
    orderId: ((await order.json()) as { id: string }).id,
    taskId: ((await task.json()) as { id: string }).id,
  };
  saveState((state) => {
    state.fixture = fixture;
  });
  return fixture;
}

/**
 * The page is drawn: its main heading is on screen, no loading placeholder
 * (Skeleton's pulse) is left and every image has finished loading or failing.
 */
async function settled(page: Page): Promise<void> {
  // Generous: the machine may be busy; a page without a main heading still fails.
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator(".animate-pulse")).toHaveCount(0);
  // Lazy images load once near the viewport: walk the page down one screen
  // at a time, each step once the images in view are done, then back up,
  // so the full-page screenshot has every picture.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const screen = page.viewportSize()?.height ?? 800;
  for (let y = 0; y < height; y += screen) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForFunction(() =>
      Array.from(document.images).every((image) => {
        const r = image.getBoundingClientRect();
        const hidden = r.width === 0 && r.height === 0;
        return image.complete || hidden || r.bottom < 0 || r.top > innerHeight;
      }),
    );
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => document.fonts.ready);
}

interface Violation {
  rule: string;
  impact: string;
  help: string;
  elements: string[];
}

/** Axe's serious and critical violations of the page as it is now. */
async function seriousViolations(page: Page): Promise<Violation[]> {
  // Toasts fade in and out: axe would measure their colours mid-animation.
  const results = await new AxeBuilder({ page }).exclude("[data-sonner-toaster]").analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      rule: v.id,
      impact: v.impact ?? "",
      help: v.help,
      elements: v.nodes.map((n) => `${n.target.join(" ")} — ${n.html.slice(0, 160)}`),
    }));
}

test.describe("every page", () => {
  for (const size of WIDTHS) {
    test.describe(`at ${size.width}`, () => {
      test.use({
        viewport: { width: size.width, height: size.height },
        isMobile: size.mobile,
        hasTouch: size.mobile,
      });
      for (const entry of PAGES) {
        for (const theme of THEMES) {
          const shot = `${entry.name}-${size.width}-${theme}`;
          test(`${shot}: axe finds nothing serious`, async ({ page, request }) => {
            const known = KNOWN_FAILURES[shot] ?? KNOWN_FAILURES[entry.name];
            test.fail(known !== undefined, known);
            await page.emulateMedia({ colorScheme: theme });
            await signedIn(page, request, entry.as);
            const path =
              typeof entry.path === "string" ? entry.path : entry.path(await data(request));
            await page.goto(path);
            await settled(page);
            mkdirSync("test-results/screens", { recursive: true });
            await fullShot(page, `test-results/screens/${shot}.png`);
            const violations = await seriousViolations(page);
            mkdirSync("test-results/axe", { recursive: true });
            writeFileSync(`test-results/axe/${shot}.json`, JSON.stringify(violations, null, 2));
            expect(
              violations.map((v) => `${v.rule} (${v.impact}): ${v.elements.join(" | ")}`),
            ).toEqual([]);
          });
        }
      }
    });
  }
});

test("every route of the app has an entry here", async ({ request }) => {
  const response = await request.get("/routes.json");
  expect(response.status()).toBe(200);
  const { routes } = (await response.json()) as { routes: string[] };
  const covered = new Set(PAGES.map((p) => p.route));
  expect(routes.filter((r) => !covered.has(r))).toEqual([]);
});

test("feira up answers 200 for the app's pages and 404 with the app shell for others", async ({
  request,
}) => {
  const fixtureData = await data(request);
  for (const entry of PAGES) {
    const path = typeof entry.path === "string" ? entry.path : entry.path(fixtureData);
    const response = await request.get(path);
    expect(response.status(), path).toBe(entry.status ?? 200);
    expect(response.headers()["content-type"], path).toContain("text/html");
    expect(await response.text(), path).toContain('id="root"');
  }
  for (const path of ["/products/a/b", "/orders/x/y", "/admin", "/tasks/x/y"]) {
    expect((await request.get(path)).status(), path).toBe(404);
  }
  const api = await request.get("/api/no-such-thing");
  expect(api.status()).toBe(404);
  expect(api.headers()["content-type"]).toContain("application/problem+json");
});

test.describe("keyboard", () => {
  test.use({ viewport: { width: 1366, height: 900 } });
  for (const theme of THEMES) {
    test(`catalog, ${theme}: each of the first 25 Tab stops is visible with a focus indicator`, async ({
      page,
    }) => {
      const known = KNOWN_FAILURES[`tab-walk-${theme}`] ?? KNOWN_FAILURES["tab-walk"];
      test.fail(known !== undefined, known);
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(CATALOG);
      await settled(page);
      const problems: string[] = [];
      for (let press = 1; press <= 25; press++) {
        await page.keyboard.press("Tab");
        const problem = await page.evaluate(focusProblem);
        if (problem) problems.push(`Tab ${press}: ${problem}`);
      }
      expect(problems).toEqual([]);
    });
  }
});

/**
 * Why the focused element is not visibly focused, or null when it is: it is
 * in the viewport and on top at its centre, no ancestor that clips overflow
 * cuts it or its ring off, and it has an outline or a box-shadow.
 */
function focusProblem(): string | null {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) {
    return "focus is on the page body";
  }
  const label = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} "${(
    el.getAttribute("aria-label") ??
    el.textContent ??
    ""
  )
    .trim()
    .slice(0, 40)}"`;
  const style = getComputedStyle(el);
  const px = (v: string) => Number.parseFloat(v) || 0;
  const outline =
    style.outlineStyle !== "none" && (style.outlineStyle === "auto" || px(style.outlineWidth) > 0);
  // Non-inset shadows' spread (Tailwind's rings are a 0 0 0 Npx shadow).
  let spread = 0;
  let shadow = false;
  if (style.boxShadow && style.boxShadow !== "none") {
    for (const part of style.boxShadow.split(/,(?![^(]*\))/)) {
      const lengths = part.match(/-?[\d.]+px/g)?.map(px) ?? [];
      const size = Math.max(lengths[2] ?? 0, lengths[3] ?? 0);
      if (size > 0 || Math.abs(lengths[0] ?? 0) > 0 || Math.abs(lengths[1] ?? 0) > 0) {
        shadow = true;
        if (!part.includes("inset")) spread = Math.max(spread, lengths[3] ?? 0);
      }
    }
  }
  if (!outline && !shadow) return `${label} has no outline or box-shadow focus indicator`;
  const ring = Math.max(
    outline ? Math.max(0, px(style.outlineWidth) + px(style.outlineOffset)) : 0,
    spread,
  );
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return `${label} has no size`;
  const tolerance = 1;
  if (
    r.top < -tolerance ||
    r.left < -tolerance ||
    r.bottom > innerHeight + tolerance ||
    r.right > innerWidth + tolerance
  ) {
    return `${label} is outside the viewport (${Math.round(r.top)},${Math.round(r.left)})`;
  }
  const centre = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  if (centre && centre !== el && !el.contains(centre) && !centre.contains(el)) {
    return `${label} is covered by ${centre.tagName.toLowerCase()}.${String(centre.className).slice(0, 60)}`;
  }
  for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
    const s = getComputedStyle(a);
    if (s.overflowX === "visible" && s.overflowY === "visible") continue;
    const b = a.getBoundingClientRect();
    const cut =
      r.top - ring < b.top - tolerance ||
      r.left - ring < b.left - tolerance ||
      r.bottom + ring > b.bottom + tolerance ||
      r.right + ring > b.right + tolerance;
    if (cut) {
      return `${label}'s focus ring is clipped by ${a.tagName.toLowerCase()}.${String(a.className).slice(0, 60)} (overflow ${s.overflowX}/${s.overflowY})`;
    }
  }
  return null;
}
