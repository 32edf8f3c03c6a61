import { defineConfig } from "vitest/config";

// Synthesizing three stacks takes a few seconds on a small machine.
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });
