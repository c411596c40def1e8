import { describe, expect, it } from "vitest";
import type { ActingAccount } from "@/server/services/acting-account";

// The compiler is the test here (`npm test`'s build type-checks this file): if ActingAccount lost
// its brand, the expected error below would be missing and type-checking would fail.
describe("ActingAccount", () => {
  it("cannot be made from a plain row, only by the scoping functions", () => {
    const row = {
      id: "00000000-0000-4000-8000-000000000000",
      name: "acme",
      path: "/a/",
      flowExtensionMin: 500,
      flowExtensionMax: 999,
    };
    // @ts-expect-error an account nobody looked up within a principal's reach is not an ActingAccount
    const account: ActingAccount = row;
    expect(account.id).toBe(row.id);
  });
});
