import { beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "@/server/auth/actor";
import { setTimeout as sleep } from "node:timers/promises";
import { decoyPasswordHash, hashPassword, passwordHashingStats, verifyPassword } from "@/server/auth/password";
import { MAX_FAILURES as MAX_FAILED_SIGN_INS, MAX_FAILURES_PER_ADDRESS } from "@/server/auth/failure-limit";
import { signInWithPassword } from "@/server/auth/sign-in";
import { db } from "@/server/db";
import { setPasswordWithLink } from "@/server/services/users/password-links";
import { createAccount, createUserIn, FIXTURE_PASSWORD, uniqueSuffix } from "./fixtures";

let account: { id: string; path: string };

beforeAll(async () => {
  account = await createAccount(`sign-in-${uniqueSuffix()}`, "customer", null);
});

async function newUser() {
  return createUserIn(account, "customer", `user-${uniqueSuffix()}@example.test`);
}

describe("password hashing", () => {
  it("verifies the right password only, with a salted scrypt hash", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterz", a)).toBe(false);
    // Unlike bcrypt, nothing past 72 bytes is ignored.
    const long = "x".repeat(80);
    expect(await verifyPassword(`${long}y`, await hashPassword(`${long}z`))).toBe(false);
  });
});

describe("signing in", () => {
  it("accepts the right password, whatever the email's case", async () => {
    const user = await newUser();
    const result = await signInWithPassword(user.email.toUpperCase(), FIXTURE_PASSWORD, "198.51.100.1");
    expect(result).toMatchObject({ ok: true, user: { id: user.id, role: "customer" } });
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    const user = await newUser();
    const wrongPassword = await signInWithPassword(user.email, "wrong-password", "198.51.100.2");
    const unknownEmail = await signInWithPassword(`nobody-${uniqueSuffix()}@example.test`, FIXTURE_PASSWORD, "198.51.100.2");
    expect(wrongPassword).toEqual({ ok: false, reason: "invalid", code: "INVALID", message: "Wrong email or password." });
    expect(unknownEmail).toEqual(wrongPassword);
  });

  it(`locks one email from one IP after ${MAX_FAILED_SIGN_INS} failures, even for the right password`, async () => {
    const user = await newUser();
    for (let attempt = 0; attempt < MAX_FAILED_SIGN_INS; attempt++) {
      expect((await signInWithPassword(user.email, `wrong-${attempt}`, "198.51.100.3")).ok).toBe(false);
    }
    const locked = await signInWithPassword(user.email, FIXTURE_PASSWORD, "198.51.100.3");
    expect(locked).toMatchObject({ ok: false, reason: "locked" });
    expect(locked.ok || locked.message).toMatch(/Too many failed sign-in attempts\. Try again in 1[45] minutes\./);
    // Another address is not locked out by someone else's guessing.
    expect((await signInWithPassword(user.email, FIXTURE_PASSWORD, "198.51.100.4")).ok).toBe(true);
  });

  it("counts only failures inside the 15-minute window", async () => {
    const user = await newUser();
    const old = new Date(Date.now() - 16 * 60_000);
    await db.authFailureCount.createMany({
      data: [
        { subject: user.email, ip: "198.51.100.5", windowStart: old, failures: MAX_FAILED_SIGN_INS },
        { subject: user.email, ip: "*", windowStart: old, failures: MAX_FAILED_SIGN_INS },
      ],
    });
    expect((await signInWithPassword(user.email, FIXTURE_PASSWORD, "198.51.100.5")).ok).toBe(true);
  });

  it("clears the failure count after a successful sign-in", async () => {
    const user = await newUser();
    for (let attempt = 0; attempt < MAX_FAILED_SIGN_INS - 1; attempt++) {
      await signInWithPassword(user.email, "wrong", "198.51.100.6");
    }
    expect((await signInWithPassword(user.email, FIXTURE_PASSWORD, "198.51.100.6")).ok).toBe(true);
    expect((await signInWithPassword(user.email, "wrong", "198.51.100.6")).ok).toBe(false);
    expect((await signInWithPassword(user.email, FIXTURE_PASSWORD, "198.51.100.6")).ok).toBe(true);
  });

  it("refuses a disabled user, and their existing session no longer yields an actor", async () => {
    const user = await newUser();
    expect(await loadActor(user.id)).not.toBeNull();
    await db.user.update({ where: { id: user.id }, data: { disabled: true } });
    expect(await signInWithPassword(user.email, FIXTURE_PASSWORD, "198.51.100.7")).toMatchObject({
      ok: false,
      reason: "disabled",
    });
    expect(await loadActor(user.id)).toBeNull();
  });
});

describe("an attacker racing the lockout", () => {
  it("24 wrong passwords and the right one just after, in parallel: no session once the limit is reached", async () => {
    const user = await newUser();
    const ip = "198.51.100.60";
    const burst = Array.from({ length: 24 }, (_, attempt) => signInWithPassword(user.email, `wrong-${attempt}`, ip));
    // The right password arrives while the wrong ones are still being checked.
    await sleep(200);
    const right = await signInWithPassword(user.email, FIXTURE_PASSWORD, ip);
    const wrong = await Promise.all(burst);
    expect(right).toMatchObject({ ok: false, reason: "locked" });
    // At most the limit's worth of guesses got an answer that depends on the password.
    expect(wrong.filter((result) => !result.ok && result.reason === "invalid").length).toBeLessThanOrEqual(MAX_FAILED_SIGN_INS);
  });

  it("every attempt of a burst is counted before its password is checked", async () => {
    const user = await newUser();
    const ip = "198.51.100.61";
    const results = await Promise.all([
      ...Array.from({ length: 24 }, (_, attempt) => signInWithPassword(user.email, `wrong-${attempt}`, ip)),
      signInWithPassword(user.email, FIXTURE_PASSWORD, ip),
    ]);
    const answered = results.filter((result) => result.ok || result.reason === "invalid");
    expect(answered.length).toBeLessThanOrEqual(MAX_FAILED_SIGN_INS);
  });
});

describe("an attacker spraying one password over many emails from one address", () => {
  it(`is refused before any hashing past ${MAX_FAILURES_PER_ADDRESS} failures across emails, in any address of its IPv6 /64`, async () => {
    await decoyPasswordHash();
    let host = 0;
    // Every attempt from another address of the same /64, as one IPv6 client can.
    const spray = (count: number, network: string) =>
      Promise.all(
        Array.from({ length: count }, () => {
          host += 1;
          return signInWithPassword(`victim-${uniqueSuffix()}@example.test`, "Summer2026!", `${network}${host.toString(16)}`);
        }),
      );
    const first = await spray(MAX_FAILURES_PER_ADDRESS, "2001:db8:62:1::");
    expect(first.every((result) => !result.ok && result.reason === "invalid")).toBe(true);
    const before = passwordHashingStats().started;
    const more = await spray(5, "2001:db8:62:1:ffff:0:0:");
    expect(passwordHashingStats().started).toBe(before);
    expect(more.every((result) => !result.ok && result.reason === "locked")).toBe(true);
    // A user who signed in from this address before is not locked out by the spraying.
    const user = await newUser();
    const ownAddress = "2001:db8:62:1::beef";
    await db.authKnownAddress.create({ data: { subject: user.email, ip: ownAddress, lastSuccessAt: new Date() } });
    expect((await signInWithPassword(user.email, FIXTURE_PASSWORD, ownAddress)).ok).toBe(true);
    // Another network is not affected.
    expect((await signInWithPassword((await newUser()).email, FIXTURE_PASSWORD, "2001:db8:62:2::1")).ok).toBe(true);
  });
});

describe("an attacker posting junk set-password tokens", () => {
  it("is answered NOT_FOUND without hashing the password", async () => {
    const before = passwordHashingStats().started;
    const request = { ip: "198.51.100.63", userAgent: "attacker" };
    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(
        setPasswordWithLink(request, { token: `junk-${uniqueSuffix()}`, password: "a perfectly good passphrase" }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect(passwordHashingStats().started).toBe(before);
  });
});

describe("password hashing under a flood", () => {
  it("runs a bounded number of hashes at once and refuses what would queue too long", async () => {
    await decoyPasswordHash();
    const peakBefore = passwordHashingStats().peakRunning;
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, attempt) =>
        signInWithPassword(`flood-${uniqueSuffix()}@example.test`, "wrong-password", `198.51.101.${attempt}`),
      ),
    );
    expect(Math.max(peakBefore, passwordHashingStats().peakRunning)).toBeLessThanOrEqual(2);
    expect(results.some((result) => !result.ok && result.reason === "busy")).toBe(true);
    expect(results.every((result) => !result.ok && ["invalid", "busy"].includes(result.reason))).toBe(true);
  });
});
