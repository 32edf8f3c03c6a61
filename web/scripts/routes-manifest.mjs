// The app's route list for the server: a Vite plugin that reads
// src/app/routes.tsx with the TypeScript parser and writes routes.json into
// the build, `{"routes": ["/", "/products/:slug", ...]}`, React Router's
// patterns with nested paths joined to their parents. `feira up` answers 404
// (still with index.html) for a page path none of them matches. The same list
// goes into routes.map, the entries of an nginx `map` (one case-insensitive
// regex a pattern), which the gateway includes to do the same. The bare `*`
// route is the app's not-found page and is left out. A route the parser
// cannot read (a path that is not a string literal, children that are not an
// array literal) fails the build rather than leaving the server out of step.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import ts from "typescript";

/**
 * The page patterns of a routes module's `export const routes = [...]`.
 * @param {string} source the module's text
 * @param {string} [file] its name, for error messages
 * @returns {string[]}
 */
export function routePatterns(source, file = "routes.tsx") {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  /** @type {ts.Expression | undefined} */
  let list;
  sf.forEachChild((node) => {
    if (!ts.isVariableStatement(node)) return;
    for (const decl of node.declarationList.declarations) {
      if (ts.isIdentifier(decl.name) && decl.name.text === "routes") list = decl.initializer;
    }
  });
  const fail = (/** @type {ts.Node} */ node, /** @type {string} */ why) => {
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
    throw new Error(`${file}:${line + 1}: ${why}; the route manifest cannot list it`);
  };
  const unwrap = (/** @type {ts.Expression} */ e) => {
    while (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e))
      e = e.expression;
    return e;
  };
  if (!list) throw new Error(`${file}: no \`routes\` declaration`);
  /** @type {Set<string>} */
  const found = new Set();
  /** @type {number} */
  let literalPaths = 0;
  const walk = (/** @type {ts.Expression} */ array, /** @type {string} */ parent) => {
    array = unwrap(array);
    if (!ts.isArrayLiteralExpression(array)) fail(array, "routes that are not an array literal");
    for (const element of /** @type {ts.ArrayLiteralExpression} */ (array).elements) {
      const route = unwrap(/** @type {ts.Expression} */ (element));
      if (!ts.isObjectLiteralExpression(route))
        fail(route, "a route that is not an object literal");
      /** @type {string | undefined} */
      let path;
      let index = false;
      /** @type {ts.Expression | undefined} */
      let children;
      for (const prop of /** @type {ts.ObjectLiteralExpression} */ (route).properties) {
        if (ts.isSpreadAssignment(prop)) continue; // page(...): lazy and fallbacks
        const name = prop.name && ts.isIdentifier(prop.name) ? prop.name.text : undefined;
        if (name !== "path" && name !== "index" && name !== "children") continue;
        if (!ts.isPropertyAssignment(prop))
          fail(prop, `a \`${name}\` that is not \`${name}: value\``);
        const value = unwrap(/** @type {ts.PropertyAssignment} */ (prop).initializer);
        if (name === "path") {
          if (!ts.isStringLiteral(value) && !ts.isNoSubstitutionTemplateLiteral(value))
            fail(value, "a path that is not a string literal");
          path = /** @type {ts.StringLiteral} */ (value).text;
          literalPaths += 1;
        } else if (name === "index") {
          index = value.kind === ts.SyntaxKind.TrueKeyword;
        } else {
          children = value;
        }
      }
      const full =
        path === undefined
          ? parent
          : path.startsWith("/")
            ? path
            : `${parent.replace(/\/$/, "")}/${path}`;
      // The bare `*` is the catch-all, the not-found page: not a page path.
      if (path !== "*" && (path !== undefined || index)) found.add(full || "/");
      if (children) walk(children, full);
    }
  };
  walk(list, "");
  // Every `path:` in the file must be one the walk read.
  const written = (source.match(/\bpath\s*:/g) ?? []).length;
  if (written !== literalPaths)
    throw new Error(
      `${file}: ${written} \`path:\` properties, ${literalPaths} read from the routes list; ` +
        "keep every route inside `routes` with a literal path",
    );
  return [...found].sort();
}

/**
 * One React Router pattern as a regular expression over a request path, in
 * the subset PCRE (nginx) and JavaScript read alike: `:name` is one
 * segment, a `?` suffix makes a segment optional, a trailing `*` takes the
 * rest, and a trailing slash is allowed, as the app's router allows it.
 * @param {string} pattern
 * @returns {string}
 */
export function patternRegex(pattern) {
  let re = "^";
  for (const segment of pattern.split("/").filter(Boolean)) {
    if (segment === "*") {
      re += "(?:/.*)?";
      continue;
    }
    const optional = segment.endsWith("?");
    const body = optional ? segment.slice(0, -1) : segment;
    const part = body.startsWith(":")
      ? "/[^/]+"
      : `/${body.replace(/[.*+?^${}()|[\]\\"]/g, "\\$&")}`;
    re += optional ? `(?:${part})?` : part;
  }
  return `${re}/?$`;
}

/**
 * The body of an nginx `map $uri $feira_page { ... }`: `1` for each page
 * pattern, case-insensitive like React Router's static segments.
 * @param {string[]} patterns
 * @returns {string}
 */
export function nginxMap(patterns) {
  return patterns.map((p) => `"~*${patternRegex(p)}" 1;`).join("\n") + "\n";
}

/**
 * The Vite plugin: emits routes.json and routes.map into the build.
 * @param {string} [routesFile] relative to the Vite root
 * @returns {import("vite").Plugin}
 */
export function routesManifest(routesFile = "src/app/routes.tsx") {
  /** @type {string} */
  let root = process.cwd();
  return {
    name: "feira-routes-manifest",
    apply: "build",
    configResolved(config) {
      root = config.root;
    },
    generateBundle() {
      const file = resolve(root, routesFile);
      this.addWatchFile(file);
      const routes = routePatterns(readFileSync(file, "utf8"), routesFile);
      this.emitFile({
        type: "asset",
        fileName: "routes.json",
        source: JSON.stringify({ routes }, null, 2) + "\n",
      });
      this.emitFile({ type: "asset", fileName: "routes.map", source: nginxMap(routes) });
    },
  };
}

// `node scripts/routes-manifest.mjs` prints the list; with `--nginx`, the map
// entries the build writes to routes.map.
if (import.meta.url === `file://${process.argv[1]}`) {
  const routes = routePatterns(
    readFileSync(new URL("../src/app/routes.tsx", import.meta.url), "utf8"),
  );
  process.stdout.write(
    process.argv.includes("--nginx") ? nginxMap(routes) : routes.join("\n") + "\n",
  );
}
