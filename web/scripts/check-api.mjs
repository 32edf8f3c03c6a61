// Fails when src/api/schema.d.ts is not what openapi-typescript makes of
// openapi.json (the Rust suite checks openapi.json against the services).
import { readFileSync } from "node:fs";
import openapiTS, { astToString } from "openapi-typescript";

const spec = JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8"));
const generated = astToString(await openapiTS(spec));
const committed = readFileSync(new URL("../src/api/schema.d.ts", import.meta.url), "utf8");
const strip = (text) => text.replace(/^\/\*\*[\s\S]*?\*\/\s*/, "").trim();
if (strip(generated) !== strip(committed)) {
  console.error(
    "src/api/schema.d.ts is stale: run `make web-api` (or `npm run gen:api`) and commit it",
  );
  process.exit(1);
}
console.log("API client types match openapi.json");
