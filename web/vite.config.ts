/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";
import { routesManifest } from "./scripts/routes-manifest.mjs";

// `npm run dev` proxies the API to `feira up` on 8080, so the app uses the same
// relative paths in development, embedded mode and behind nginx.
export default defineConfig({
  // routesManifest: dist/routes.json, the page paths `feira up` answers 200 for.
  plugins: [react(), tailwindcss(), routesManifest()],
  server: {
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
  build: {
    rollupOptions: {
      output: {
        manualChunks: {
          react: ["react", "react-dom", "react-router"],
        },
      },
    },
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}", "scripts/**/*.test.mjs"],
  },
});
