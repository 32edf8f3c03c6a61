// Prints the gzipped size of the JavaScript the browser loads first: the
// entry script and the chunks index.html preloads (lazy pages come later).
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { pathToFileURL } from "node:url";

// DIST: another build folder than web/dist.
const dist = process.env.DIST
  ? pathToFileURL(process.env.DIST.replace(/\/?$/, "/"))
  : new URL("../dist/", import.meta.url);
const html = readFileSync(new URL("index.html", dist), "utf8");
const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
let total = 0;
for (const file of scripts) {
  const size = gzipSync(readFileSync(new URL(file, dist))).length;
  total += size;
  console.log(`${file}  ${(size / 1024).toFixed(1)} kB gzipped`);
}
const limit = 200 * 1024;
console.log(`initial JavaScript: ${(total / 1024).toFixed(1)} kB gzipped (budget 200 kB)`);
if (total > limit) {
  console.log(`  MISSED: initial JavaScript ${(total / 1024).toFixed(1)} kB > 200 kB`);
  process.exit(1);
}
