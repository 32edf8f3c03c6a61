import { describe, expect, it } from "vitest";
import { catalogSearch, parseCatalogQuery, withFilter } from "./catalogQuery";

describe("catalog URL state", () => {
  it("round-trips through the URL and leaves defaults out", () => {
    const query = parseCatalogQuery(new URLSearchParams("q=wool&sort=price&order=asc&page=3"));
    expect(query).toMatchObject({ q: "wool", sort: "price", order: "asc", page: 3 });
    expect(catalogSearch(query).toString()).toBe("q=wool&sort=price&order=asc&page=3");
    expect(catalogSearch(parseCatalogQuery(new URLSearchParams())).toString()).toBe("");
  });

  it("ignores values it does not know instead of sending them to the API", () => {
    const query = parseCatalogQuery(new URLSearchParams("sort=random&order=up&page=-2"));
    expect(query).toMatchObject({ sort: "newest", order: "", page: 1 });
  });

  it("goes back to page 1 when a filter changes", () => {
    const query = parseCatalogQuery(new URLSearchParams("q=wool&page=4"));
    expect(withFilter(query, { category: "fashion" }).page).toBe(1);
    expect(withFilter(query, { page: 5 }).page).toBe(5);
  });
});
