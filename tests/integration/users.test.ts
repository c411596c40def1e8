import type { TRPCError } from "@trpc/server";
import { encode } from "next-auth/jwt";
import { generate } from "otplib";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { loadActor, type Actor } from "@/server/auth/actor";
import { FAILURE_WINDOW_MINUTES, MAX_FAILURES } from "@/server/auth/failure-limit";
import { hashPassword, SCRYPT_PARAMS } from "@/server/auth/password";
import { actorFromSessionToken, reissueSessionToken } from "@/server/auth/session-token";
import { signInWithPassword } from "@/server/auth/sign-in";
import { db } from "@/server/db";
import { INVITATIONS_PER_WINDOW } from "@/server/services/users/users";
import { callerAs, createTenants, createUserIn, FIXTURE_PASSWORD, reload, sessionToken, uniqueSuffix } from "./fixtures";
import { accountIdsOf, auditEventsDuring, issuesOf, trpcCode, trpcError, type Tenants } from "./procedure-helpers";

let t: Tenants;
beforeAll(async () => {
  t = await createTenants();
});

const NEW_PASSWORD = "a sturdy new passphrase";

/** A fresh user of `account` with the fixture password, and its actor. */
async function userOf(account: { id: string }, role: "admin" | "reseller" | "customer") {
  const user = await createUserIn(account, role, `${role}-${uniqueSuffix()}@example.test`);
  const actor = await loadActor(user.id);
  if (!actor) throw new Error("fixture user could not act");
  return { user, actor };
}

/** Field issues of a call refused by a schema or a service, as the portal's forms receive them. */
function fieldIssues(error: TRPCError): { path: string; message: string }[] {
  if (error.cause instanceof ZodError)
    return error.cause.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  return issuesOf(error);
}

function tokenOf(link: string): string {
  const token = new URL(link).searchParams.get("token");
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}

describe("inviting a user and accepting through the link", () => {
  it("creates the user without a password, with a one-time link valid 24 hours, audited", async () => {
    const email = `invited-${uniqueSuffix()}@example.test`;
    let invited!: Awaited<ReturnType<ReturnType<typeof callerAs>["users"]["invite"]>>;
    const events = await auditEventsDuring(accountIdsOf(t), async () => {
      invited = await callerAs(t.actors.resellerA).users.invite({
        accountId: t.accounts.customerA1.id,
        email: email.toUpperCase(),
        displayName: "New Person",
      });
    });
    expect(invited.user).toMatchObject({ email, role: "customer", status: "invited", accountId: t.accounts.customerA1.id });
    expect(invited.mailed).toBe(false);
    expect(invited.link).toMatch(/\/set-password\?token=[\w-]{43}$/);
    const hoursValid = (invited.expiresAt.getTime() - Date.now()) / 3_600_000;
    expect(hoursValid).toBeGreaterThan(23.9);
    expect(hoursValid).toBeLessThanOrEqual(24);
    expect(events.map((event) => [event.action, event.accountId, event.entityId])).toEqual([
      ["user.invite", t.accounts.customerA1.id, invited.user.id],
    ]);
    // Only a hash of the token is stored.
    const stored = await db.passwordToken.findFirstOrThrow({ where: { userId: invited.user.id } });
    expect(stored.tokenHash).not.toContain(tokenOf(invited.link));

    expect((await signInWithPassword(email, NEW_PASSWORD, "198.51.100.20")).ok).toBe(false);
    const accepted = await callerAs(null).users.setPassword({ token: tokenOf(invited.link), password: NEW_PASSWORD });
    expect(accepted).toEqual({ email });
    expect(await signInWithPassword(email, NEW_PASSWORD, "198.51.100.20")).toMatchObject({
      ok: true,
      user: { id: invited.user.id },
    });
    const [setEvent] = await db.auditEvent.findMany({ where: { entityId: invited.user.id, action: "user.password_set" } });
    expect(setEvent).toMatchObject({ actorUserId: invited.user.id, accountId: t.accounts.customerA1.id });

    // The link works once.
    const again = await trpcError(
      callerAs(null).users.setPassword({ token: tokenOf(invited.link), password: "another long passphrase" }),
    );
    expect(again.code).toBe("NOT_FOUND");
  });

  it("refuses an expired link, a made-up one, and a link replaced by a newer one", async () => {
    const invited = await callerAs(t.actors.admin).users.invite({
      accountId: t.accounts.resellerB.id,
      email: `exp-${uniqueSuffix()}@example.test`,
      displayName: "Late",
    });
    expect(invited.user.role).toBe("reseller");
    await db.passwordToken.updateMany({ where: { userId: invited.user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await trpcCode(callerAs(null).users.setPassword({ token: tokenOf(invited.link), password: NEW_PASSWORD }))).toBe(
      "NOT_FOUND",
    );
    expect(await trpcCode(callerAs(null).users.setPassword({ token: "made-up-token", password: NEW_PASSWORD }))).toBe(
      "NOT_FOUND",
    );
    const user = await db.user.findUniqueOrThrow({ where: { id: invited.user.id }, select: { passwordHash: true } });
    expect(user.passwordHash).toBeNull();
  });

  it("names the email field when the email is taken within the inviter's reach, or invalid", async () => {
    const taken = await trpcError(
      callerAs(t.actors.customerA1).users.invite({
        accountId: t.accounts.customerA1.id,
        email: t.actors.customerA1.email,
        displayName: "Dup",
      }),
    );
    expect(taken.code).toBe("CONFLICT");
    expect(issuesOf(taken)).toEqual([{ path: "email", message: "A user with this email already exists" }]);
    const invalid = await trpcError(
      callerAs(t.actors.customerA1).users.invite({ accountId: t.accounts.customerA1.id, email: "not-an-email", displayName: "" }),
    );
    expect(invalid.code).toBe("BAD_REQUEST");
  });

  it("an email held by another tenant's user gets the answer a new email gets, and that user is untouched", async () => {
    const customer = callerAs(t.actors.customerA1);
    const accountId = t.accounts.customerA1.id;
    const fresh = await customer.users.invite({ accountId, email: `fresh-${uniqueSuffix()}@example.test`, displayName: "Probe" });
    const victim = t.actors.customerB1;
    const tokensBefore = await db.passwordToken.count({ where: { userId: victim.userId } });
    let probe!: typeof fresh;
    const events = await auditEventsDuring([t.accounts.customerB1.id], async () => {
      probe = await customer.users.invite({ accountId, email: victim.email.toUpperCase(), displayName: "Probe" });
    });
    // Same fields, same kinds of values: nothing tells the two apart.
    const shape = (answer: typeof fresh) => ({
      keys: Object.keys(answer).sort(),
      userKeys: Object.keys(answer.user).sort(),
      user: {
        ...answer.user,
        id: typeof answer.user.id,
        email: typeof answer.user.email,
        createdAt: typeof answer.user.createdAt,
      },
      link: answer.link.replace(/token=[\w-]{43}$/, "token=…"),
      hours: Math.round((answer.expiresAt.getTime() - Date.now()) / 3_600_000),
      mailed: answer.mailed,
    });
    expect(shape(probe)).toEqual(shape(fresh));
    expect(probe.user.id).not.toBe(victim.userId);
    expect(probe.user.email).toBe(victim.email);
    // The other tenant's user is where it was, with no new link; its account heard nothing.
    expect(await db.user.findUniqueOrThrow({ where: { id: victim.userId } })).toMatchObject({ accountId: victim.accountId });
    expect(await db.passwordToken.count({ where: { userId: victim.userId } })).toBe(tokensBefore);
    expect(events).toEqual([]);
    // The link leads nowhere.
    expect(await trpcCode(callerAs(null).users.setPassword({ token: tokenOf(probe.link), password: NEW_PASSWORD }))).toBe(
      "NOT_FOUND",
    );
  });

  it(`limits invitations to ${INVITATIONS_PER_WINDOW} per user in ${FAILURE_WINDOW_MINUTES} minutes, whatever their outcome`, async () => {
    const inviter = await loadActor(
      (await createUserIn(t.accounts.customerA1, "customer", `inviter-${uniqueSuffix()}@example.test`)).id,
    );
    const caller = callerAs(inviter!);
    const accountId = t.accounts.customerA1.id;
    for (let i = 0; i < INVITATIONS_PER_WINDOW; i++) {
      // Probes of other tenants' addresses count too.
      const email = i % 2 === 0 ? `many-${i}-${uniqueSuffix()}@example.test` : t.actors.customerB1.email;
      expect(await trpcCode(caller.users.invite({ accountId, email, displayName: `Many ${i}` }))).toBe("OK");
    }
    const refused = await trpcError(
      caller.users.invite({ accountId, email: `one-more-${uniqueSuffix()}@example.test`, displayName: "One more" }),
    );
    expect(refused.code).toBe("TOO_MANY_REQUESTS");
    // Another user of the account is not held back.
    expect(
      await trpcCode(
        callerAs(t.actors.resellerA).users.invite({
          accountId,
          email: `other-${uniqueSuffix()}@example.test`,
          displayName: "Other",
        }),
      ),
    ).toBe("OK");
  });

  it("mails the link through SMTP_URL when it is set", async () => {
    const received: string[] = [];
    const sink = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, callback) {
        let data = "";
        stream.on("data", (chunk: Buffer) => (data += chunk.toString()));
        stream.on("end", () => {
          received.push(data);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
    const { port } = sink.server.address() as { port: number };
    // config() is read once per process: this file's process gets SMTP_URL from here on.
    const { config } = await import("@/server/config");
    const settings = config() as { SMTP_URL?: string };
    settings.SMTP_URL = `smtp://127.0.0.1:${port}`;
    try {
      const email = `mailed-${uniqueSuffix()}@example.test`;
      const invited = await callerAs(t.actors.customerA1).users.invite({
        accountId: t.accounts.customerA1.id,
        email,
        displayName: "Mailed",
      });
      expect(invited.mailed).toBe(true);
      expect(received).toHaveLength(1);
      expect(received[0]).toContain(`To: ${email}`);
      expect(received[0]!.replace(/=\r?\n/g, "").replace(/=3D/g, "=")).toContain(invited.link);
    } finally {
      settings.SMTP_URL = undefined;
      await new Promise<void>((resolve) => sink.close(() => resolve()));
    }
  });
});

describe("who may manage whom", () => {
  it("lists users within reach; another tenant's account is not found", async () => {
    const list = await callerAs(t.actors.resellerA).users.list({ accountId: t.accounts.customerA1.id });
    expect(list.users.map((user) => user.email)).toContain(t.actors.customerA1.email);
    expect(list.users.every((user) => !("passwordHash" in user) && !("totpSecret" in user))).toBe(true);
    expect(
      (await callerAs(t.actors.resellerA).users.list({ accountId: t.accounts.resellerA.id })).users.map((user) => user.email),
    ).toContain(t.actors.resellerA.email);
    expect(await trpcCode(callerAs(t.actors.admin).users.list({ accountId: t.accounts.customerB1.id }))).toBe("OK");
    for (const [actor, accountId] of [
      [t.actors.resellerB, t.accounts.customerA1.id],
      [t.actors.resellerA, t.accounts.resellerB.id],
      [t.actors.resellerA, t.accounts.root.id],
      [t.actors.customerA1, t.accounts.customerA2.id],
      [t.actors.customerA1, t.accounts.resellerA.id],
      [t.actors.customerA1, "not-a-uuid"],
    ] as const) {
      expect(await trpcCode(callerAs(actor).users.list({ accountId }))).toBe("NOT_FOUND");
      expect(
        await trpcCode(callerAs(actor).users.invite({ accountId, email: `x-${uniqueSuffix()}@example.test`, displayName: "X" })),
      ).toBe("NOT_FOUND");
    }
    expect(await trpcCode(callerAs(null).users.list({ accountId: t.accounts.customerA1.id }))).toBe("UNAUTHORIZED");
  });

  it("another tenant's user, or staff above a customer, is not found; nobody disables or removes themselves", async () => {
    const target = await userOf(t.accounts.customerA2, "customer");
    expect(await trpcCode(callerAs(t.actors.resellerB).users.setDisabled({ id: target.user.id, disabled: true }))).toBe(
      "NOT_FOUND",
    );
    expect(await trpcCode(callerAs(t.actors.customerA1).users.remove({ id: target.user.id }))).toBe("NOT_FOUND");
    expect(
      await trpcCode(callerAs(t.actors.customerA1).users.setDisabled({ id: t.actors.resellerA.userId, disabled: true })),
    ).toBe("NOT_FOUND");
    expect(await trpcCode(callerAs(t.actors.resellerA).users.remove({ id: t.actors.admin.userId }))).toBe("NOT_FOUND");
    expect(
      await trpcCode(callerAs(t.actors.customerA1).users.setDisabled({ id: t.actors.customerA1.userId, disabled: true })),
    ).toBe("FORBIDDEN");
    expect(await trpcCode(callerAs(t.actors.resellerA).users.remove({ id: t.actors.resellerA.userId }))).toBe("FORBIDDEN");
    expect(await loadActor(target.user.id)).not.toBeNull();
  });

  it("keeps the last enabled admin", async () => {
    // This file's platform has one admin of its own, but other files' admins share the table:
    // only a platform-wide count is meaningful, so disable every other admin first.
    const second = await userOf(t.accounts.root, "admin");
    const others = await db.user.findMany({
      where: { role: "admin", disabled: false, id: { notIn: [t.actors.admin.userId, second.user.id] } },
      select: { id: true },
    });
    await db.user.updateMany({ where: { id: { in: others.map((other) => other.id) } }, data: { disabled: true } });
    try {
      expect(await trpcCode(callerAs(t.actors.admin).users.setDisabled({ id: second.user.id, disabled: true }))).toBe("OK");
      // Now `second` (disabled) cannot act; the remaining admin cannot lose itself either.
      expect(await trpcCode(callerAs(t.actors.admin).users.remove({ id: second.user.id }))).toBe("OK");
      const third = await userOf(t.accounts.root, "admin");
      await db.user.update({ where: { id: t.actors.admin.userId }, data: { disabled: true } });
      expect(await trpcCode(callerAs(third.actor).users.setDisabled({ id: t.actors.admin.userId, disabled: false }))).toBe("OK");
      const lastError = await trpcError(
        (async () => {
          await db.user.update({ where: { id: t.actors.admin.userId }, data: { disabled: true } });
          // `third` is now the only enabled admin; a disabled admin tries to remove it through a stale actor.
          return callerAs(t.actors.admin).users.remove({ id: third.user.id });
        })(),
      );
      expect(lastError.code).toBe("CONFLICT");
      expect(lastError.message).toBe("You cannot remove the last enabled admin");
      await db.user.update({ where: { id: t.actors.admin.userId }, data: { disabled: false } });
    } finally {
      await db.user.updateMany({ where: { id: { in: others.map((other) => other.id) } }, data: { disabled: false } });
    }
  });
});

describe("disabling, enabling and removing", () => {
  it("a disabled user's session fails on its next request, and enabling does not revive it", async () => {
    const target = await userOf(t.accounts.customerA1, "customer");
    const cookie = await sessionToken(target.user.id, 0);
    expect((await actorFromSessionToken(cookie))?.userId).toBe(target.user.id);

    const events = await auditEventsDuring(accountIdsOf(t), () =>
      callerAs(t.actors.resellerA).users.setDisabled({ id: target.user.id, disabled: true }),
    );
    expect(events.map((event) => event.action)).toEqual(["user.disable"]);
    expect(events[0]!.before).toMatchObject({ disabled: false });
    expect(events[0]!.after).toMatchObject({ disabled: true });
    expect(await actorFromSessionToken(cookie)).toBeNull();
    expect((await signInWithPassword(target.user.email, FIXTURE_PASSWORD, "198.51.100.21")).ok).toBe(false);

    const enabled = await callerAs(t.actors.customerA1).users.setDisabled({ id: target.user.id, disabled: false });
    expect(enabled.status).toBe("active");
    expect(await actorFromSessionToken(cookie)).toBeNull();
    expect((await signInWithPassword(target.user.email, FIXTURE_PASSWORD, "198.51.100.21")).ok).toBe(true);
  });

  it("removes a user for good, audited with who they were", async () => {
    const target = await userOf(t.accounts.customerA2, "customer");
    const cookie = await sessionToken(target.user.id, 0);
    const events = await auditEventsDuring(accountIdsOf(t), () =>
      callerAs(t.actors.resellerA).users.remove({ id: target.user.id }),
    );
    expect(events.map((event) => [event.action, event.entityId])).toEqual([["user.delete", target.user.id]]);
    expect(events[0]!.before).toMatchObject({ email: target.user.email });
    expect(await db.user.findUnique({ where: { id: target.user.id } })).toBeNull();
    expect(await actorFromSessionToken(cookie)).toBeNull();
    expect(await trpcCode(callerAs(t.actors.resellerA).users.remove({ id: target.user.id }))).toBe("NOT_FOUND");
  });
});

describe("sessions", () => {
  it("signing out everywhere kills an old session token", async () => {
    const { user, actor } = await userOf(t.accounts.customerA1, "customer");
    const oldCookie = await sessionToken(user.id, 0);
    expect(await actorFromSessionToken(oldCookie)).not.toBeNull();
    const events = await auditEventsDuring(accountIdsOf(t), () => callerAs(actor).users.signOutEverywhere());
    expect(events.map((event) => event.action)).toEqual(["user.sign_out_everywhere"]);
    expect(await actorFromSessionToken(oldCookie)).toBeNull();
    // A new sign-in carries the new version and works.
    const signedIn = await signInWithPassword(user.email, FIXTURE_PASSWORD, "198.51.100.22");
    expect(signedIn.ok && signedIn.user.sessionVersion).toBe(1);
    expect(await actorFromSessionToken(await sessionToken(user.id, 1))).not.toBeNull();
  });

  it("refuses a token without a session version, and a forged one", async () => {
    const { user } = await userOf(t.accounts.customerA1, "customer");
    expect(
      await actorFromSessionToken(await encode({ token: { sub: user.id }, secret: process.env.NEXTAUTH_SECRET! })),
    ).toBeNull();
    expect(
      await actorFromSessionToken(
        await encode({ token: { sub: user.id, sv: 0 }, secret: "someone-elses-secret-of-enough-length" }),
      ),
    ).toBeNull();
  });
});

describe("changing one's own password", () => {
  it("needs the current password, ends other sessions and keeps the current one", async () => {
    const { user, actor } = await userOf(t.accounts.customerA1, "customer");
    const otherDevice = await sessionToken(user.id, 0);
    const thisDevice = await sessionToken(user.id, 0);

    const wrong = await trpcError(
      callerAs(actor).users.changePassword({ currentPassword: "not my password", newPassword: NEW_PASSWORD }),
    );
    expect(issuesOf(wrong)).toEqual([{ path: "currentPassword", message: "Wrong password" }]);
    expect(await db.authFailureCount.findUnique({ where: { subject_ip: { subject: user.email, ip: "*" } } })).toMatchObject({
      failures: 1,
    });

    const renewed: number[] = [];
    const caller = (await import("@/server/trpc/root")).createCaller({
      actor,
      ip: "203.0.113.7",
      userAgent: "integration-test",
      renewSession: async (version) => {
        renewed.push(version);
      },
    });
    const events = await auditEventsDuring(accountIdsOf(t), () =>
      caller.users.changePassword({ currentPassword: FIXTURE_PASSWORD, newPassword: NEW_PASSWORD }),
    );
    expect(events.map((event) => event.action)).toEqual(["user.password_change"]);
    expect(
      JSON.stringify(events[0], (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value)),
    ).not.toContain("scrypt");
    expect(renewed).toEqual([1]);
    expect(await actorFromSessionToken(otherDevice)).toBeNull();
    const reissued = await reissueSessionToken(thisDevice, renewed[0]!);
    expect((await actorFromSessionToken(reissued!))?.userId).toBe(user.id);

    expect((await signInWithPassword(user.email, FIXTURE_PASSWORD, "198.51.100.23")).ok).toBe(false);
    expect((await signInWithPassword(user.email, NEW_PASSWORD, "198.51.100.23")).ok).toBe(true);
  });

  it("applies the password rules, naming the field", async () => {
    const { actor } = await userOf(t.accounts.customerA1, "customer");
    const short = await trpcError(
      callerAs(actor).users.changePassword({ currentPassword: FIXTURE_PASSWORD, newPassword: "elevenchars" }),
    );
    expect(fieldIssues(short)).toEqual([{ path: "newPassword", message: "Password must be at least 12 characters" }]);
    const common = await trpcError(
      callerAs(actor).users.changePassword({ currentPassword: FIXTURE_PASSWORD, newPassword: "qwerty123456" }),
    );
    expect(fieldIssues(common)).toEqual([
      { path: "newPassword", message: "This password is on a list of common passwords. Choose another." },
    ]);
    // NFKC: full-width letters are the same common password.
    const fullWidth = await trpcError(
      callerAs(actor).users.changePassword({ currentPassword: FIXTURE_PASSWORD, newPassword: "ｑｗｅｒｔｙ１２３４５６" }),
    );
    expect(fieldIssues(fullWidth)[0]?.path).toBe("newPassword");
    const invite = await trpcError(callerAs(null).users.setPassword({ token: "whatever", password: "short" }));
    expect(fieldIssues(invite)).toEqual([{ path: "password", message: "Password must be at least 12 characters" }]);
  });

  it("NFKC-normalises: a password typed in another Unicode form still matches", async () => {
    const { user, actor } = await userOf(t.accounts.customerA1, "customer");
    const composed = "caf\u00e9 au lait, s'il vous pla\u00eet";
    await callerAs(actor).users.changePassword({ currentPassword: FIXTURE_PASSWORD, newPassword: composed });
    expect((await signInWithPassword(user.email, composed.normalize("NFD"), "198.51.100.24")).ok).toBe(true);
  });
});

describe("password hashes", () => {
  it("uses OWASP's scrypt parameters and upgrades an old hash at the next successful sign-in", async () => {
    expect(SCRYPT_PARAMS).toEqual({ N: 131072, r: 8, p: 1 });
    const { user } = await userOf(t.accounts.customerA1, "customer");
    const oldHash = await hashPassword(FIXTURE_PASSWORD, { N: 16384, r: 8, p: 1 });
    await db.user.update({ where: { id: user.id }, data: { passwordHash: oldHash } });
    expect((await signInWithPassword(user.email, "wrong password!", "198.51.100.25")).ok).toBe(false);
    const afterFailure = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    expect(afterFailure.passwordHash).toBe(oldHash);
    expect((await signInWithPassword(user.email, FIXTURE_PASSWORD, "198.51.100.25")).ok).toBe(true);
    const upgraded = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    expect(upgraded.passwordHash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect((await signInWithPassword(user.email, FIXTURE_PASSWORD, "198.51.100.25")).ok).toBe(true);
  });
});

describe("two-factor sign-in", () => {
  async function enrol(actor: Actor) {
    const caller = callerAs(actor);
    const started = await caller.users.twoFactor.begin({ password: FIXTURE_PASSWORD });
    expect(started.otpauthUri).toContain(`secret=${started.secret}`);
    expect(started.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    // Not on until a code is confirmed.
    expect((await caller.users.twoFactor.status()).enabled).toBe(false);
    const wrong = await trpcError(
      caller.users.twoFactor.confirm({ code: "000000" === (await generate({ secret: started.secret })) ? "111111" : "000000" }),
    );
    expect(issuesOf(wrong)[0]?.path).toBe("code");
    let confirmed!: { recoveryCodes: string[] };
    const events = await auditEventsDuring([actor.accountId], async () => {
      confirmed = await caller.users.twoFactor.confirm({ code: await generate({ secret: started.secret }) });
    });
    expect(events.map((event) => event.action)).toEqual(["user.two_factor_enable"]);
    return { secret: started.secret, recoveryCodes: confirmed.recoveryCodes, actor: await reload(actor) };
  }

  it("enrols with a confirmed code, then sign-in asks for a code after the password", async () => {
    const { user, actor } = await userOf(t.accounts.customerA1, "customer");
    const { secret, recoveryCodes, actor: enrolled } = await enrol(actor);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(await callerAs(enrolled).users.twoFactor.status()).toEqual({ enabled: true, required: false, recoveryCodesLeft: 10 });
    const stored = await db.recoveryCode.findMany({ where: { userId: user.id } });
    expect(stored.some((code) => recoveryCodes.some((plain) => code.codeHash.includes(plain.replace("-", ""))))).toBe(false);

    const ip = "198.51.100.30";
    expect(await signInWithPassword(user.email, FIXTURE_PASSWORD, ip)).toMatchObject({
      ok: false,
      reason: "two_factor_required",
    });
    // Wrong password first: the code is never asked for.
    expect(await signInWithPassword(user.email, "wrong password!", ip)).toMatchObject({ ok: false, reason: "invalid" });
    expect(await signInWithPassword(user.email, FIXTURE_PASSWORD, ip, "123456")).toMatchObject({
      ok: false,
      reason: "invalid_code",
    });
    expect(await db.authFailureCount.findUnique({ where: { subject_ip: { subject: user.email, ip } } })).toMatchObject({
      failures: 2,
    });
    // The enrolment code was used already; the next step's code works, once.
    const next = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    expect(await signInWithPassword(user.email, FIXTURE_PASSWORD, ip, next)).toMatchObject({ ok: true });
    expect(await signInWithPassword(user.email, FIXTURE_PASSWORD, ip, next)).toMatchObject({ ok: false, reason: "invalid_code" });
  });

  it("accepts each recovery code once", async () => {
    const { user, actor } = await userOf(t.accounts.customerA2, "customer");
    const { recoveryCodes, actor: enrolled } = await enrol(actor);
    const ip = "198.51.100.31";
    expect(await signInWithPassword(user.email, FIXTURE_PASSWORD, ip, recoveryCodes[3]!.toLowerCase())).toMatchObject({
      ok: true,
    });
    expect(await signInWithPassword(user.email, FIXTURE_PASSWORD, ip, recoveryCodes[3]!)).toMatchObject({
      ok: false,
      reason: "invalid_code",
    });
    expect((await callerAs(enrolled).users.twoFactor.status()).recoveryCodesLeft).toBe(9);
  });

  it("wrong codes lock the sign-in like wrong passwords", async () => {
    const { user, actor } = await userOf(t.accounts.customerA2, "customer");
    const { secret } = await enrol(actor);
    const ip = "198.51.100.32";
    await db.authFailureCount.create({ data: { subject: user.email, ip, windowStart: new Date(), failures: MAX_FAILURES - 1 } });
    expect(await signInWithPassword(user.email, FIXTURE_PASSWORD, ip, "AAAAA-BBBBB")).toMatchObject({
      ok: false,
      reason: "invalid_code",
    });
    const next = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    expect(await signInWithPassword(user.email, FIXTURE_PASSWORD, ip, next)).toMatchObject({ ok: false, reason: "locked" });
  });

  it("turns off with the password and a current code, audited", async () => {
    const { user, actor } = await userOf(t.accounts.customerA1, "customer");
    const { secret, actor: enrolled } = await enrol(actor);
    const code = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    const wrong = await trpcError(callerAs(enrolled).users.twoFactor.disable({ password: "not the password", code }));
    expect(issuesOf(wrong)).toEqual([{ path: "password", message: "Wrong password" }]);
    const events = await auditEventsDuring([actor.accountId], () =>
      callerAs(enrolled).users.twoFactor.disable({ password: FIXTURE_PASSWORD, code }),
    );
    expect(events.map((event) => event.action)).toEqual(["user.two_factor_disable"]);
    expect(await signInWithPassword(user.email, FIXTURE_PASSWORD, "198.51.100.33")).toMatchObject({ ok: true });
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
  });
});

afterAll(async () => {
  await db.authFailureCount.deleteMany({ where: { ip: { startsWith: "198.51.100." } } });
});
