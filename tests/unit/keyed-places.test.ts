import { describe, expect, it } from "vitest";
import { keyedPlaces } from "@/server/keyed-places";

let names = 0;
const placesOf = (limits: Parameters<typeof keyedPlaces>[1]) => keyedPlaces(`keyed-places-test-${names++}`, limits);

describe("keyedPlaces", () => {
  it("gives each key its own share; a waiter gets the next place given back, first come first served", async () => {
    const places = placesOf({ places: () => 2 });
    expect(await places.take("a", 0)).toBe(true);
    expect(await places.take("a", 0)).toBe(true);
    expect(await places.take("b", 0)).toBe(true);
    const order: string[] = [];
    const first = places.take("a", 1000).then((got) => order.push(`first ${got}`));
    const second = places.take("a", 1000).then((got) => order.push(`second ${got}`));
    places.release("a");
    places.release("a");
    await Promise.all([first, second]);
    expect(order).toEqual(["first true", "second true"]);
  });

  it("gives up after the wait, leaving the queue, so the next place given back stays free", async () => {
    const places = placesOf({ places: () => 1 });
    expect(await places.take("a", 0)).toBe(true);
    expect(await places.take("a", 20)).toBe(false);
    places.release("a");
    expect(await places.take("a", 0)).toBe(true);
  });

  it("refuses at once when `maxWaiting` others already wait", async () => {
    const places = placesOf({ places: () => 1, maxWaiting: () => 1 });
    expect(await places.take("a", 0)).toBe(true);
    const waiting = places.take("a", 1000);
    expect(await places.take("a", 1000)).toBe(false);
    places.release("a");
    expect(await waiting).toBe(true);
  });
});
