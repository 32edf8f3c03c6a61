import { defineConfig, devices } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchOptions } from "./scripts/chromium.mjs";

// The suite runs against a real `feira up` (embedded mode, demo data) on a
// fresh data folder, serving this app's production build, in Debian's
// Chromium: no browser is downloaded. FEIRA_E2E_PORT and FEIRA_E2E_WEB_DIR let
// several runs share a machine (each its own port and build folder).
const webDir = process.env.FEIRA_E2E_WEB_DIR ?? "web/dist";
const port = Number(process.env.FEIRA_E2E_PORT ?? 18480);
const dataDir = mkdtempSync(join(tmpdir(), "feira-web-e2e-"));
export default defineConfig({
  testDir: "e2e",
  outputDir: process.env.FEIRA_E2E_OUTPUT_DIR ?? "test-results/artifacts",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], launchOptions }, grepInvert: /@phone/ },
    {
      name: "phone",
      use: { ...devices["Pixel 5"], viewport: { width: 375, height: 740 }, launchOptions },
      grep: /@phone/,
    },
  ],
  webServer: {
    command: `cargo run --locked -q -p feira -- up --port ${port} --data-dir ${dataDir}`,
    cwd: "..",
    url: `http://127.0.0.1:${port}/ready`,
    timeout: 900_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      FEIRA_CONFIG_DIR: "/nonexistent",
      FEIRA_WEB__DIR: webDir,
      FEIRA_TELEMETRY__FILTER: "warn",
    },
  },
});
