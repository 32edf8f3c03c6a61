// Largest contentful paint and cumulative layout shift of the catalog and a
// product page, from Chromium's performance timeline (the
// 'largest-contentful-paint' and 'layout-shift' entries, buffered), over RUNS
// cold loads (a fresh browser context each) of BASE_URL, at 1366×900. A load
// is measured once its main heading is on screen, no loading placeholder is
// left and every image in view has loaded or failed. CLS is Core Web Vitals' largest
// session window (shifts at most 1 s apart, 5 s at most, none after input).
// Prints p50 and max of each and exits 1 when a p50 misses its target.
import { chromium } from "@playwright/test";
import { launchOptions } from "./chromium.mjs";

const base = process.env.BASE_URL ?? "http://127.0.0.1:8080";
const runs = Number(process.env.RUNS ?? 10);
const targets = { lcp: 1500, cls: 0.05 };

const products = await fetch(`${base}/api/catalog/products?per_page=1`).then((r) => r.json());
const slug = products.items?.[0]?.slug;
if (!slug) throw new Error(`no product at ${base}/api/catalog/products`);
const pages = [
  { name: "catalog", path: process.env.CATALOG_PATH ?? "/products" },
  { name: "product", path: `/products/${slug}` },
];

const browser = await chromium.launch(launchOptions);
let missed = false;
for (const { name, path } of pages) {
  const lcp = [];
  const cls = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(base + path, { waitUntil: "load" });
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    await page.waitForFunction(
      () =>
        document.querySelectorAll(".animate-pulse").length === 0 &&
        Array.from(document.images).every((image) => {
          // Images in view; lazy ones further down never load without a scroll.
          const r = image.getBoundingClientRect();
          const hidden = r.width === 0 && r.height === 0;
          return image.complete || hidden || r.bottom < 0 || r.top > innerHeight;
        }),
    );
    const figures = await page.evaluate(
      () =>
        new Promise((resolve) => {
          // Two frames after the settled state, so its paint is in the timeline.
          requestAnimationFrame(() =>
            requestAnimationFrame(() => {
              // A buffered observer holds every entry so far at once (the
              // timeline's own buffer does not keep these two types).
              const entries = (type) => {
                const observer = new PerformanceObserver(() => {});
                observer.observe({ type, buffered: true });
                const list = observer.takeRecords();
                observer.disconnect();
                return list;
              };
              let worst = 0;
              let window = 0;
              let first = 0;
              let last = 0;
              for (const s of entries("layout-shift")) {
                if (s.hadRecentInput) continue;
                if (window && (s.startTime - last > 1000 || s.startTime - first > 5000)) window = 0;
                if (!window) first = s.startTime;
                window += s.value;
                last = s.startTime;
                worst = Math.max(worst, window);
              }
              const paint = entries("largest-contentful-paint").at(-1);
              resolve({ lcp: paint ? paint.startTime : NaN, cls: worst });
            }),
          );
        }),
    );
    lcp.push(figures.lcp);
    cls.push(figures.cls);
    await context.close();
  }
  const stat = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { p50: sorted[Math.floor(sorted.length / 2)], max: sorted.at(-1) };
  };
  const l = stat(lcp);
  const c = stat(cls);
  console.log(
    `${name} (${path}), ${runs} cold loads: LCP p50 ${l.p50.toFixed(0)} ms, max ${l.max.toFixed(0)} ms ` +
      `(target < ${targets.lcp} ms); CLS p50 ${c.p50.toFixed(3)}, max ${c.max.toFixed(3)} (target < ${targets.cls})`,
  );
  if (!(l.p50 < targets.lcp)) {
    console.log(`  MISSED: ${name} LCP p50 ${l.p50.toFixed(0)} ms >= ${targets.lcp} ms`);
    missed = true;
  }
  if (!(c.p50 < targets.cls)) {
    console.log(`  MISSED: ${name} CLS p50 ${c.p50.toFixed(3)} >= ${targets.cls}`);
    missed = true;
  }
}
await browser.close();
if (missed) process.exit(1);
