import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import reactRefresh from "eslint-plugin-react-refresh";
import tseslint from "typescript-eslint";

// The layers of src/ (see README.md): shared code (ui, lib, api, auth) knows
// no feature and no app; features know no app, and pages are only the router's.
const sharedLayers = {
  regex: "(^|/)(features|app)(/|$)",
  message: "Shared code (ui, lib, api, auth) must not import a feature or the app.",
};
const appFromFeature = {
  regex: "(^|/)app(/|$)",
  message: "A feature must not import the app; the app imports features.",
};
const pageFromFeature = {
  regex: "(^|/)pages(/|$)",
  message:
    "Pages are entry points for the router in app/: share a component or an api.ts hook instead.",
};

export default tseslint.config(
  { ignores: ["dist", "test-results", "playwright-report", "src/api/schema.d.ts"] },
  {
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    files: ["**/*.{ts,tsx}"],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser, ...globals.node } },
    plugins: { "react-hooks": reactHooks, "react-refresh": reactRefresh },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "react-refresh/only-export-components": ["warn", { allowConstantExport: true }],
    },
  },
  {
    files: ["src/ui/**", "src/lib/**", "src/api/**", "src/auth/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [sharedLayers] }] },
  },
  {
    files: ["src/features/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [appFromFeature, pageFromFeature] }] },
  },
);
