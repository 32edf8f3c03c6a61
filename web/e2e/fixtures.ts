import { expect, test as base } from "@playwright/test";

/**
 * Playwright's `test`, with every page watched for Content Security Policy
 * violations: the browser reports each one as a `securitypolicyviolation`
 * event and a console error, and a test that caused any fails at its end.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ page }, use) => {
      const violations: string[] = [];
      await page.exposeFunction("__feiraCspViolation", (report: string) => {
        violations.push(report);
      });
      await page.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (event) => {
          const report = `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} on ${event.documentURI}`;
          (window as unknown as { __feiraCspViolation: (r: string) => void }).__feiraCspViolation(
            report,
          );
        });
      });
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) {
          violations.push(`console: ${message.text()}`);
        }
      });
      await use(violations);
      expect(violations, "Content Security Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
