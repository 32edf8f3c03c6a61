import { describe, expect, it } from "vitest";
import { contrast, isOverdue, luminance, parseHex, tagChipColours } from "./tagColour";

describe("tag chip colours", () => {
  it("reads #rgb and #rrggbb, and nothing else", () => {
    expect(parseHex("#6366f1")).toEqual([0x63, 0x66, 0xf1]);
    expect(parseHex("#fa0")).toEqual([0xff, 0xaa, 0x00]);
    expect(parseHex("indigo")).toBeNull();
    expect(parseHex("#12345")).toBeNull();
  });

  it("uses the tag's own colour as the background", () => {
    expect(tagChipColours("#DC2626").background).toBe("#dc2626");
    expect(tagChipColours("#16a34a").background).toBe("#16a34a");
  });

  it("picks white text on dark colours and dark text on light ones", () => {
    expect(tagChipColours("#1e3a8a").color).toBe("#ffffff");
    expect(tagChipColours("#fde047").color).toBe("#000000");
    expect(tagChipColours("#ffffff").color).toBe("#000000");
    expect(tagChipColours("#000000").color).toBe("#ffffff");
  });

  it("keeps at least 4.5:1 contrast for every grey and hue", () => {
    const samples: string[] = [];
    for (let v = 0; v < 256; v += 15) {
      const h = v.toString(16).padStart(2, "0");
      samples.push(`#${h}${h}${h}`, `#${h}0000`, `#00${h}00`, `#0000${h}`, `#${h}${h}00`);
    }
    for (const colour of samples) {
      const { background, color } = tagChipColours(colour);
      const ratio = contrast(luminance(parseHex(background)!), luminance(parseHex(color)!));
      expect(ratio, colour).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("falls back to grey for a colour it cannot read", () => {
    expect(tagChipColours("not a colour").background).toBe("#71717a");
    expect(tagChipColours(undefined).background).toBe("#71717a");
  });
});

describe("overdue", () => {
  const now = Date.parse("2026-12-01T12:00:00Z");
  it("is a pending task past its deadline", () => {
    expect(isOverdue({ status: "pending", deadline: "2026-12-01T11:59:00Z" }, now)).toBe(true);
  });
  it("is not a completed one, one due later, or one without a deadline", () => {
    expect(isOverdue({ status: "completed", deadline: "2026-11-01T00:00:00Z" }, now)).toBe(false);
    expect(isOverdue({ status: "pending", deadline: "2026-12-01T12:01:00Z" }, now)).toBe(false);
    expect(isOverdue({ status: "pending", deadline: null }, now)).toBe(false);
  });
});
