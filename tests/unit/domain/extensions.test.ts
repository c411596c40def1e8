import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_EXTENSION_RANGE, nextFreeExtension } from "@/server/domain/call-flow";

describe("nextFreeExtension", () => {
  it.each([
    ["nothing is used", [], 500],
    ["the first is used", [500], 501],
    ["there is a gap", [503, 500, 501], 502],
    ["numbers outside the range are used", [499, 1000, 42], 500],
    ["numbers repeat", [500, 500, 501, 501], 502],
    ["every number but the last is used", Array.from({ length: 499 }, (_, i) => 500 + i), 999],
    ["every number is used", Array.from({ length: 500 }, (_, i) => 500 + i), null],
  ] as const)("in the default range when %s", (_, used, expected) => {
    expect(nextFreeExtension(DEFAULT_EXTENSION_RANGE, used)).toBe(expected);
  });

  it("reads any iterable, such as a set or a generator", () => {
    function* used() {
      yield 10;
      yield 11;
    }
    expect(nextFreeExtension({ min: 10, max: 20 }, new Set([10]))).toBe(11);
    expect(nextFreeExtension({ min: 10, max: 20 }, used())).toBe(12);
  });

  it("answers null for an empty range", () => {
    expect(nextFreeExtension({ min: 600, max: 599 }, [])).toBeNull();
  });

  it("costs time in the used numbers, not in the size of the range", () => {
    expect(nextFreeExtension({ min: 1, max: Number.MAX_SAFE_INTEGER }, [1, 2, 3])).toBe(4);
  });

  it("returns the lowest unused number of the range, or null when there is none", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 20 }),
        fc.array(fc.integer({ min: -5, max: 80 })),
        (min, span, used) => {
          const range = { min, max: min + span };
          const free = nextFreeExtension(range, used);
          const expected = Array.from({ length: span + 1 }, (_, i) => min + i).find((n) => !used.includes(n)) ?? null;
          expect(free).toBe(expected);
        },
      ),
    );
  });
});
