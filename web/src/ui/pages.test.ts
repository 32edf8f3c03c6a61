import { describe, expect, it } from "vitest";
import { pageItems } from "./pages";

describe("pageItems", () => {
  it("shows every page when there are few", () => {
    expect(pageItems(1, 1)).toEqual([]);
    expect(pageItems(2, 4)).toEqual([1, 2, 3, 4]);
  });

  it("puts gaps between far-apart numbers and never a gap for one page", () => {
    expect(pageItems(6, 12)).toEqual([1, "gap", 5, 6, 7, "gap", 12]);
    expect(pageItems(3, 12)).toEqual([1, 2, 3, 4, "gap", 12]);
    expect(pageItems(12, 12)).toEqual([1, "gap", 11, 12]);
  });
});
