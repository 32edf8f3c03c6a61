import { describe, expect, it } from "vitest";
import { nginxMap, patternRegex, routePatterns } from "./routes-manifest.mjs";

// The gateway's regexes must answer as `feira up`'s matcher (crates/feira/src/web.rs).
const matches = (pattern, path) => new RegExp(patternRegex(pattern), "i").test(path);

describe("patternRegex", () => {
  it("takes one segment for a parameter, case-insensitive literals and a trailing slash", () => {
    expect(matches("/products/:slug", "/products/wool-scarf")).toBe(true);
    expect(matches("/products/:slug", "/Products/wool-scarf/")).toBe(true);
    expect(matches("/products/:slug", "/products")).toBe(false);
    expect(matches("/products/:slug", "/products/a/b")).toBe(false);
    expect(matches("/", "/")).toBe(true);
    expect(matches("/", "/no-such-page")).toBe(false);
  });

  it("reads optional segments and a splat", () => {
    expect(matches("/:lang?/about", "/about")).toBe(true);
    expect(matches("/:lang?/about", "/pt/about")).toBe(true);
    expect(matches("/:lang?/about", "/pt/br/about")).toBe(false);
    expect(matches("/files/*", "/files")).toBe(true);
    expect(matches("/files/*", "/files/a/b.txt")).toBe(true);
    expect(matches("/files/*", "/filesx")).toBe(false);
  });

  it("escapes what a literal segment could mean to a regex", () => {
    expect(matches("/a.b", "/a.b")).toBe(true);
    expect(matches("/a.b", "/axb")).toBe(false);
  });
});

describe("nginxMap", () => {
  it("writes one case-insensitive entry a page of the routes file", () => {
    const source = `export const routes = [{ path: "/", children: [{ index: true }, { path: "products/:slug" }, { path: "*" }] }];`;
    expect(nginxMap(routePatterns(source))).toBe('"~*^/?$" 1;\n"~*^/products/[^/]+/?$" 1;\n');
  });
});
