import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { trpcCode } from "./procedure-helpers";
import { callerAs, createAccount, createTenants, createUserIn, uniqueSuffix } from "./fixtures";

type Tenants = Awaited<ReturnType<typeof createTenants>>;
let t: Tenants;

beforeAll(async () => {
  t = await createTenants();
});

describe("accounts.me", () => {
  it("describes the signed-in user and their account", async () => {
    const me = await callerAs(t.actors.customerA1).accounts.me();
    expect(me.role).toBe("customer");
    expect(me.account.name).toBe(t.accounts.customerA1.name);
  });

  it("refuses a signed-out caller", async () => {
    expect(await trpcCode(callerAs(null).accounts.me())).toBe("UNAUTHORIZED");
  });
});

describe("a reseller's customers", () => {
  it("lists only the reseller's own customers", async () => {
    const names = (await callerAs(t.actors.resellerA).accounts.customers.list()).items.map((c) => c.name);
    expect(names).toEqual([t.accounts.customerA1.name, t.accounts.customerA2.name]);
  });

  it("creates a customer under the reseller, with its path in the tree", async () => {
    const name = `new-${uniqueSuffix()}`;
    const created = await callerAs(t.actors.resellerA).accounts.customers.create({ name, contactName: "New Co" });
    const stored = await db.account.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.parentId).toBe(t.accounts.resellerA.id);
    expect(stored.kind).toBe("customer");
    expect(stored.path).toBe(`${t.accounts.resellerA.path}${created.id}/`);
  });

  it("rejects a taken name as a conflict on the name field, storing nothing", async () => {
    const before = await db.account.count();
    const error = await callerAs(t.actors.resellerA)
      .accounts.customers.create({ name: t.accounts.customerB1.name, contactName: "" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("CONFLICT");
    expect((error as TRPCError).message).toMatch(/already exists/);
    expect(await db.account.count()).toBe(before);
  });

  it("rejects an invalid name with a message naming the field", async () => {
    const error = (await callerAs(t.actors.resellerA)
      .accounts.customers.create({ name: "Bad Name!", contactName: "" })
      .catch((e: unknown) => e)) as TRPCError;
    expect(error.code).toBe("BAD_REQUEST");
    expect(JSON.stringify(error.cause)).toContain("name");
  });

  it("renames its own customer", async () => {
    const account = await createAccount(`rename-me-${uniqueSuffix()}`, "customer", t.accounts.resellerA);
    const name = `renamed-${uniqueSuffix()}`;
    await callerAs(t.actors.resellerA).accounts.customers.rename({ id: account.id, name, contactName: "Renamed" });
    expect((await db.account.findUniqueOrThrow({ where: { id: account.id } })).name).toBe(name);
  });

  it("keeps a customer's display name beside its handle: created, listed, read and renamed", async () => {
    const reseller = callerAs(t.actors.resellerA);
    const name = `shown-${uniqueSuffix()}`;
    const created = await reseller.accounts.customers.create({ name, displayName: "  Shown Corporation ", contactName: "" });
    expect(created).toMatchObject({ name, displayName: "Shown Corporation" });
    const listed = (await reseller.accounts.customers.list({ search: name })).items;
    expect(listed.map((customer) => [customer.name, customer.displayName])).toEqual([[name, "Shown Corporation"]]);
    // Found by its display name as well as by its handle.
    const byDisplayName = (await reseller.accounts.customers.list({ search: "shown corp" })).items;
    expect(byDisplayName.map((customer) => customer.id)).toContain(created.id);

    await reseller.accounts.customers.rename({ id: created.id, name, displayName: "Shown Ltd", contactName: "" });
    expect(await reseller.accounts.customers.get({ id: created.id })).toMatchObject({ name, displayName: "Shown Ltd" });
    // Without one, a customer has none: the handle alone names it.
    const plain = await reseller.accounts.customers.create({ name: `plain-${uniqueSuffix()}`, contactName: "" });
    expect(plain.displayName).toBe("");
  });

  it("refuses a display name with control characters, naming the field", async () => {
    const error = await callerAs(t.actors.resellerA)
      .accounts.customers.create({ name: `ctl-${uniqueSuffix()}`, displayName: "Acme\u0007", contactName: "" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect(JSON.stringify((error as TRPCError).cause)).toContain("displayName");
  });

  it("creates a customer user with a lower-cased email and a hashed password", async () => {
    const email = `Mixed.Case-${uniqueSuffix()}@Example.test`;
    const user = await callerAs(t.actors.resellerA).accounts.customers.createUser({
      accountId: t.accounts.customerA2.id,
      email,
      displayName: "Mixed Case",
      password: "a-long-enough-password",
    });
    expect(user.email).toBe(email.toLowerCase());
    expect(user.role).toBe("customer");
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } });
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    expect(stored.passwordHash).not.toContain("a-long-enough-password");
  });

  it("refuses a duplicate email regardless of case", async () => {
    const error = (await callerAs(t.actors.resellerA)
      .accounts.customers.createUser({
        accountId: t.accounts.customerA2.id,
        email: t.actors.customerA1.email.toUpperCase(),
        displayName: "Dup",
        password: "a-long-enough-password",
      })
      .catch((e: unknown) => e)) as TRPCError;
    expect(error.code).toBe("CONFLICT");
  });
});

describe("tenant isolation: another tenant's account is not found, never forbidden", () => {
  const foreignCalls = {
    get: (id: string) => callerAs(t.actors.resellerB).accounts.customers.get({ id }),
    rename: (id: string) =>
      callerAs(t.actors.resellerB).accounts.customers.rename({ id, name: `stolen-${uniqueSuffix()}`, contactName: "" }),
    createUser: (id: string) =>
      callerAs(t.actors.resellerB).accounts.customers.createUser({
        accountId: id,
        email: `intruder-${uniqueSuffix()}@example.test`,
        displayName: "Intruder",
        password: "a-long-enough-password",
      }),
  };

  for (const [name, call] of Object.entries(foreignCalls)) {
    it(`${name} on another reseller's customer is NOT_FOUND and changes nothing`, async () => {
      const before = await db.account.findUniqueOrThrow({ where: { id: t.accounts.customerA1.id }, include: { users: true } });
      expect(await trpcCode(call(t.accounts.customerA1.id))).toBe("NOT_FOUND");
      const after = await db.account.findUniqueOrThrow({ where: { id: t.accounts.customerA1.id }, include: { users: true } });
      expect(after).toEqual(before);
    });

    it(`${name} with an id that does not exist is the same NOT_FOUND`, async () => {
      expect(await trpcCode(call("00000000-0000-4000-8000-000000000000"))).toBe("NOT_FOUND");
      expect(await trpcCode(call("not-a-uuid"))).toBe("NOT_FOUND");
    });
  }

  it("a reseller cannot treat itself or its parent as a customer", async () => {
    const caller = callerAs(t.actors.resellerA);
    expect(await trpcCode(caller.accounts.customers.get({ id: t.accounts.resellerA.id }))).toBe("NOT_FOUND");
    expect(await trpcCode(caller.accounts.customers.get({ id: t.accounts.root.id }))).toBe("NOT_FOUND");
  });

  it("customers and admins cannot use reseller procedures", async () => {
    expect(await trpcCode(callerAs(t.actors.customerA1).accounts.customers.list())).toBe("FORBIDDEN");
    expect(await trpcCode(callerAs(t.actors.admin).accounts.customers.list())).toBe("FORBIDDEN");
  });

  it("reaches customers at any depth below a reseller (sub-resellers)", async () => {
    const sub = await createAccount(`sub-${uniqueSuffix()}`, "reseller", t.accounts.resellerA);
    const deep = await createAccount(`deep-${uniqueSuffix()}`, "customer", sub);
    const got = await callerAs(t.actors.resellerA).accounts.customers.get({ id: deep.id });
    expect(got.name).toBe(deep.name);
    expect(await trpcCode(callerAs(t.actors.resellerB).accounts.customers.get({ id: deep.id }))).toBe("NOT_FOUND");
  });
});

describe("an admin's resellers", () => {
  it("creates a reseller with its first user in one step and lists it", async () => {
    const name = `reseller-${uniqueSuffix()}`;
    const email = `${name}@example.test`;
    const caller = callerAs(t.actors.admin);
    const created = await caller.accounts.resellers.create({
      name,
      contactName: "Resa",
      user: { email, displayName: "Resa", password: "a-long-enough-password" },
    });
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(user.accountId).toBe(created.id);
    expect(user.role).toBe("reseller");
    const listed = (await caller.accounts.resellers.list({ search: name })).items.find((r) => r.id === created.id);
    expect(listed).toMatchObject({ name, customerCount: 0, userCount: 1 });
  });

  it("creates neither account nor user when the user's email is taken", async () => {
    const name = `reseller-${uniqueSuffix()}`;
    const error = (await callerAs(t.actors.admin)
      .accounts.resellers.create({
        name,
        contactName: "",
        user: { email: t.actors.resellerA.email, displayName: "Dup", password: "a-long-enough-password" },
      })
      .catch((e: unknown) => e)) as TRPCError;
    expect(error.code).toBe("CONFLICT");
    expect(await db.account.findUnique({ where: { name } })).toBeNull();
  });

  it("is refused to resellers", async () => {
    expect(await trpcCode(callerAs(t.actors.resellerA).accounts.resellers.list())).toBe("FORBIDDEN");
  });
});

describe("users", () => {
  it("stores emails lower-cased only: the database refuses anything else", async () => {
    await expect(createUserIn(t.accounts.customerA1, "customer", `UPPER-${uniqueSuffix()}@EXAMPLE.TEST`)).rejects.toThrow();
  });
});
