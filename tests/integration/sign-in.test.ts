import { beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "@/server/auth/actor";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { MAX_FAILURES as MAX_FAILED_SIGN_INS } from "@/server/auth/failure-limit";
import { signInWithPassword } from "@/server/auth/sign-in";
import { db } from "@/server/db";
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
    expect(wrongPassword).toEqual({ ok: false, reason: "invalid", message: "Wrong email or password." });
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
