import { generate } from "otplib";
import { beforeAll, describe, expect, it } from "vitest";
import { loadActor, type Actor } from "@/server/auth/actor";
import { signInWithPassword } from "@/server/auth/sign-in";
import { callerAs, createTenants, FIXTURE_PASSWORD } from "./fixtures";
import { trpcCode, trpcError, type Tenants } from "./procedure-helpers";

// The configuration is read once per process, on first use: this file's process requires
// two-factor sign-in for staff (REQUIRE_2FA_FOR_STAFF=1), as a deployment would.
process.env.REQUIRE_2FA_FOR_STAFF = "1";

let t: Tenants;
beforeAll(async () => {
  t = await createTenants();
});

async function reload(actor: Actor): Promise<Actor> {
  const fresh = await loadActor(actor.userId);
  if (!fresh) throw new Error("actor cannot act");
  return fresh;
}

describe("two-factor sign-in required for staff", () => {
  it("an admin or reseller without it can only enrol; once enrolled, everything works again", async () => {
    for (const staff of [t.actors.admin, t.actors.resellerA]) {
      expect(staff.mustEnrolTwoFactor).toBe(true);
      const caller = callerAs(staff);
      const refused = await trpcError(caller.users.list({ accountId: staff.accountId }));
      expect(refused).toMatchObject({ code: "FORBIDDEN", message: "Set up two-factor sign-in first" });
      expect(await trpcCode(caller.accounts.me())).toBe("FORBIDDEN");
      expect(await caller.users.twoFactor.status()).toEqual({ enabled: false, required: true, recoveryCodesLeft: 0 });

      const { secret } = await caller.users.twoFactor.begin({ password: FIXTURE_PASSWORD });
      await caller.users.twoFactor.confirm({ code: await generate({ secret }) });
      const enrolled = await reload(staff);
      expect(enrolled).toMatchObject({ twoFactorEnabled: true, mustEnrolTwoFactor: false });
      expect(await trpcCode(callerAs(enrolled).users.list({ accountId: staff.accountId }))).toBe("OK");
      // Required means it cannot be turned off again.
      expect(
        await trpcCode(callerAs(enrolled).users.twoFactor.disable({ password: FIXTURE_PASSWORD, code: "AAAAA-BBBBB" })),
      ).toBe("FORBIDDEN");
      // And sign-in now asks for the code.
      expect(await signInWithPassword(staff.email, FIXTURE_PASSWORD, "198.51.100.40")).toMatchObject({
        ok: false,
        reason: "two_factor_required",
      });
    }
  });

  it("customers are not required to use it", async () => {
    expect(t.actors.customerA1.mustEnrolTwoFactor).toBe(false);
    expect(await trpcCode(callerAs(t.actors.customerA1).users.list({ accountId: t.accounts.customerA1.id }))).toBe("OK");
    expect((await callerAs(t.actors.customerA1).users.twoFactor.status()).required).toBe(false);
  });
});
