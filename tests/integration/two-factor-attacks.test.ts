import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { generate } from "otplib";
import { beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "@/server/auth/actor";
import { actorFromSessionToken } from "@/server/auth/session-token";
import { signInWithPassword } from "@/server/auth/sign-in";
import { db } from "@/server/db";
import { createCaller } from "@/server/trpc/root";
import { callerAs, createTenants, createUserIn, FIXTURE_PASSWORD, reload, sessionToken, uniqueSuffix } from "./fixtures";
import { accountIdsOf, auditEventsDuring, issuesOf, trpcCode, trpcError, type Tenants } from "./procedure-helpers";

// The attacker here knows a user's password (phished, reused) and guesses the second factor,
// or holds a stolen session and tries to change the user's two-factor sign-in through it.

let t: Tenants;
beforeAll(async () => {
  t = await createTenants();
});

let nextAddress = 0;
/** A fresh client address per attempt: the per-address limit on passwords plays no part. */
function freshAddress(): string {
  nextAddress += 1;
  return `203.0.${113 + Math.floor(nextAddress / 250)}.${nextAddress % 250}`;
}

/** A code from the secret `offsetSteps` 30-second steps from now. */
function codeAt(secret: string, offsetSteps: number): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
}

/** A code of six digits that is not valid now for `secret`. */
async function wrongCode(secret: string, seed: number): Promise<string> {
  const valid = new Set(await Promise.all([-1, 0, 1].map((step) => codeAt(secret, step))));
  for (let candidate = seed; ; candidate++) {
    const code = String(candidate % 1_000_000).padStart(6, "0");
    if (!valid.has(code)) return code;
  }
}

async function enrolledCustomer() {
  const user = await createUserIn(t.accounts.customerA1, "customer", `victim-${uniqueSuffix()}@example.test`);
  const actor = (await loadActor(user.id))!;
  const caller = callerAs(actor);
  const { secret } = await caller.users.twoFactor.begin({ password: FIXTURE_PASSWORD });
  const { recoveryCodes } = await caller.users.twoFactor.confirm({ code: await codeAt(secret, 0) });
  return { user, actor: await reload(actor), secret, recoveryCodes };
}

describe("guessing the second factor with the password known", () => {
  it("24 wrong codes and the right one just after, in parallel: no session", async () => {
    const { user, secret } = await enrolledCustomer();
    const burst = await Promise.all(Array.from({ length: 24 }, (_, n) => wrongCode(secret, 100_000 + n * 7919)));
    const attempts = burst.map((code) => signInWithPassword(user.email, FIXTURE_PASSWORD, freshAddress(), code));
    await sleep(200);
    const right = await signInWithPassword(user.email, FIXTURE_PASSWORD, freshAddress(), await codeAt(secret, 1));
    const wrong = await Promise.all(attempts);
    expect(right.ok).toBe(false);
    expect(wrong.every((result) => !result.ok)).toBe(true);
  });

  it("10 wrong codes lock code sign-in, whatever the address; a recovery code still works and unlocks it", async () => {
    const { user, secret, recoveryCodes } = await enrolledCustomer();
    for (let n = 0; n < 10; n++) {
      const result = await signInWithPassword(user.email, FIXTURE_PASSWORD, freshAddress(), await wrongCode(secret, 200_000 + n));
      expect(result).toMatchObject({ ok: false, reason: "invalid_code" });
    }
    const locked = await signInWithPassword(user.email, FIXTURE_PASSWORD, freshAddress(), await codeAt(secret, 1));
    expect(locked).toMatchObject({ ok: false, reason: "two_factor_locked" });
    // Without the password, nothing about the second factor is revealed.
    expect(await signInWithPassword(user.email, "not the password", freshAddress(), recoveryCodes[0]!)).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    expect(await signInWithPassword(user.email, FIXTURE_PASSWORD, freshAddress(), recoveryCodes[0]!)).toMatchObject({ ok: true });
    expect(await signInWithPassword(user.email, FIXTURE_PASSWORD, freshAddress(), await codeAt(secret, 1))).toMatchObject({
      ok: true,
    });
  });

  it("an admin of the user's tree resets a locked user's two-factor sign-in, audited; nobody outside the tree can", async () => {
    const { user, secret } = await enrolledCustomer();
    for (let n = 0; n < 10; n++) {
      await signInWithPassword(user.email, FIXTURE_PASSWORD, freshAddress(), await wrongCode(secret, 300_000 + n));
    }
    const oldSession = await sessionToken(user.id, (await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion);
    expect(await trpcCode(callerAs(t.actors.resellerB).users.resetTwoFactor({ id: user.id }))).toBe("NOT_FOUND");
    expect(await trpcCode(callerAs(t.actors.customerA2).users.resetTwoFactor({ id: user.id }))).toBe("NOT_FOUND");
    const events = await auditEventsDuring(accountIdsOf(t), () =>
      callerAs(t.actors.resellerA).users.resetTwoFactor({ id: user.id }),
    );
    expect(events.map((event) => [event.action, event.entityId])).toEqual([["user.two_factor_reset", user.id]]);
    expect(events[0]!.before).toMatchObject({ twoFactorEnabled: true });
    expect(events[0]!.after).toMatchObject({ twoFactorEnabled: false });
    expect(await actorFromSessionToken(oldSession)).toBeNull();
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await signInWithPassword(user.email, FIXTURE_PASSWORD, freshAddress())).toMatchObject({ ok: true });
    // A user without two-factor sign-in has nothing to reset.
    expect(await trpcCode(callerAs(t.actors.resellerA).users.resetTwoFactor({ id: user.id }))).toBe("CONFLICT");
  });
});

describe("what a database leak gives away", () => {
  it("TOTP secrets are stored encrypted and recovery codes as a keyed hash", async () => {
    const { user, secret, recoveryCodes } = await enrolledCustomer();
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpSecret: true } });
    expect(row.totpSecret).toMatch(/^v1:/);
    expect(row.totpSecret).not.toContain(secret);
    const stored = (await db.recoveryCode.findMany({ where: { userId: user.id } })).map((code) => code.codeHash);
    const unkeyed = recoveryCodes.map((code) => createHash("sha256").update(code.replace("-", "")).digest("hex"));
    expect(stored.some((hash) => unkeyed.some((plain) => hash.includes(plain)))).toBe(false);
  });

  it("a user enrolled before (plain secret, unsalted codes) still signs in, and the stored forms are upgraded", async () => {
    const { user, secret, recoveryCodes } = await enrolledCustomer();
    await db.user.update({ where: { id: user.id }, data: { totpSecret: secret } });
    await db.recoveryCode.deleteMany({ where: { userId: user.id } });
    await db.recoveryCode.createMany({
      data: recoveryCodes.map((code) => ({
        userId: user.id,
        codeHash: createHash("sha256").update(code.replace("-", "")).digest("hex"),
      })),
    });
    expect(await signInWithPassword(user.email, FIXTURE_PASSWORD, freshAddress(), recoveryCodes[1]!)).toMatchObject({ ok: true });
    expect(await signInWithPassword(user.email, FIXTURE_PASSWORD, freshAddress(), await codeAt(secret, 1))).toMatchObject({
      ok: true,
    });
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpSecret: true } });
    expect(row.totpSecret).toMatch(/^v1:/);
    const stored = await db.recoveryCode.findMany({ where: { userId: user.id } });
    expect(stored.every((code) => code.codeHash.startsWith("v1:"))).toBe(true);
    expect(await signInWithPassword(user.email, FIXTURE_PASSWORD, freshAddress(), recoveryCodes[2]!)).toMatchObject({ ok: true });
  });
});

describe("changing two-factor sign-in through a stolen session", () => {
  it("setting it up needs the password, and ends the user's other sessions", async () => {
    const user = await createUserIn(t.accounts.customerA1, "customer", `enrol-${uniqueSuffix()}@example.test`);
    const actor = (await loadActor(user.id))!;
    const otherDevice = await sessionToken(user.id, 0);
    const wrong = await trpcError(callerAs(actor).users.twoFactor.begin({ password: "not the password" }));
    expect(issuesOf(wrong)).toEqual([{ path: "password", message: "Wrong password" }]);
    const renewed: number[] = [];
    const caller = createCaller({
      actor,
      ip: "203.0.113.7",
      userAgent: "integration-test",
      renewSession: async (version) => {
        renewed.push(version);
      },
    });
    const { secret } = await caller.users.twoFactor.begin({ password: FIXTURE_PASSWORD });
    await caller.users.twoFactor.confirm({ code: await codeAt(secret, 0) });
    expect(await actorFromSessionToken(otherDevice)).toBeNull();
    expect(renewed).toEqual([1]);
  });

  it("turning it off needs the password and a current code, and ends the user's other sessions", async () => {
    const { user, actor, secret, recoveryCodes } = await enrolledCustomer();
    const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    const otherDevice = await sessionToken(user.id, sessionVersion);
    const caller = callerAs(actor);
    const noCode = await trpcError(caller.users.twoFactor.disable({ password: FIXTURE_PASSWORD } as never));
    expect(noCode.code).toBe("BAD_REQUEST");
    const badCode = await trpcError(
      caller.users.twoFactor.disable({ password: FIXTURE_PASSWORD, code: await wrongCode(secret, 400_000) }),
    );
    expect(issuesOf(badCode)).toEqual([{ path: "code", message: "Wrong or already used code" }]);
    const events = await auditEventsDuring([actor.accountId], () =>
      caller.users.twoFactor.disable({ password: FIXTURE_PASSWORD, code: recoveryCodes[0]! }),
    );
    expect(events.map((event) => event.action)).toEqual(["user.two_factor_disable"]);
    expect(await actorFromSessionToken(otherDevice)).toBeNull();
    expect(await signInWithPassword(user.email, FIXTURE_PASSWORD, freshAddress())).toMatchObject({ ok: true });
  });
});
