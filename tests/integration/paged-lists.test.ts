import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/server/auth/actor";
import { db } from "@/server/db";
import { callerAs, createAccount, createTenants, createUserIn, uniqueSuffix } from "./fixtures";
import { type Tenants, trpcCode, trpcError, uniquePhoneNumber } from "./procedure-helpers";

/**
 * Every paged list (server/services/paging.ts): walking it page by page while rows are inserted
 * and deleted shows each row that was there throughout exactly once; a cursor or a search never
 * reaches another tenant's rows; a forged cursor is a clear BAD_REQUEST.
 */

let t: Tenants;
beforeAll(async () => {
  t = await createTenants();
});

type PageOf = { items: { id: string }[]; nextCursor: string | null };
type ListCall = (input: { cursor?: string; limit: number; search?: string }) => Promise<PageOf>;

/** Every page of a list, `limit` rows at a time, running `between` after each page. */
async function walk(list: ListCall, limit: number, between: () => Promise<unknown> = async () => {}, search?: string) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await list({ cursor, limit, search });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((item) => item.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
    await between();
  }
  throw new Error("the list never ended");
}

/** Names that sort all over the list, and repeat, so the id has to break ties. */
function scatteredName(index: number): string {
  return `${"qwertyuiopasdfghjklzxcvbnm"[index % 26]}-${index % 7}`;
}

describe("paging while rows come and go", () => {
  it("shows every customer that stays exactly once, in a total order (customers list)", async () => {
    const reseller = await createAccount(`paging-${uniqueSuffix()}`, "reseller", t.accounts.root);
    const actor = await actorOf(reseller);
    const s = uniqueSuffix();
    const steady = [];
    for (let i = 0; i < 60; i++) steady.push(await createAccount(`${scatteredName(i)}-${s}-${i}`, "customer", reseller));
    let added = 0;
    const transient: string[] = [];
    const churn = async () => {
      // Rows land before and after the cursor; some of them leave again.
      for (let k = 0; k < 3; k++)
        transient.push((await createAccount(`${scatteredName(added + k * 11)}-${s}-x${added++}`, "customer", reseller)).id);
      const leaving = transient.shift();
      if (leaving) await db.account.delete({ where: { id: leaving } });
    };
    const seen = await walk((input) => callerAs(actor).accounts.customers.list(input), 7, churn);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(steady.map((customer) => customer.id)));
  });

  it("holds for rows that share their sort value (sounds of one name; API users created in one instant)", async () => {
    const a1 = t.accounts.customerA1.id;
    await db.sound.createMany({ data: Array.from({ length: 25 }, () => ({ accountId: a1, name: "Same name" })) });
    const sounds = await db.sound.findMany({ where: { accountId: a1 }, select: { id: true } });
    const owner = callerAs(t.actors.customerA1);
    const inserting = async () =>
      db.sound.createMany({
        data: [
          { accountId: a1, name: "Same name" },
          { accountId: a1, name: "A first" },
        ],
      });
    const seenSounds = await walk((input) => owner.resources.sounds.list({ accountId: a1, ...input }), 4, inserting);
    expect(new Set(seenSounds).size).toBe(seenSounds.length);
    expect(seenSounds).toEqual(expect.arrayContaining(sounds.map((sound) => sound.id)));

    const instant = new Date();
    const passwordHash = "not-a-real-hash";
    await db.apiCredential.createMany({
      data: Array.from({ length: 12 }, (_, i) => ({
        accountId: a1,
        username: `same-${uniqueSuffix()}-${i}`,
        passwordHash,
        createdAt: instant,
      })),
    });
    const credentials = await db.apiCredential.findMany({ where: { accountId: a1 }, select: { id: true } });
    const seenCredentials = await walk(
      (input) => owner.apiCredentials.list(input),
      5,
      () =>
        db.apiCredential.create({
          data: { accountId: a1, username: `late-${uniqueSuffix()}`, passwordHash, createdAt: instant },
        }),
    );
    expect(new Set(seenCredentials).size).toBe(seenCredentials.length);
    expect(seenCredentials).toEqual(expect.arrayContaining(credentials.map((credential) => credential.id)));
  });

  it("caps a page at 100 rows and refuses a forged cursor at the cursor field", async () => {
    const reseller = callerAs(t.actors.resellerA);
    expect(await trpcCode(reseller.accounts.customers.list({ limit: 101 }))).toBe("BAD_REQUEST");
    for (const cursor of ["not-a-cursor", Buffer.from(JSON.stringify([1, "x"])).toString("base64url")]) {
      const error = await trpcError(reseller.accounts.customers.list({ cursor }));
      expect(error.code).toBe("BAD_REQUEST");
      expect((error.cause as { issues?: { path: string }[] }).issues?.map((issue) => issue.path)).toEqual(["cursor"]);
    }
  });

  it("treats LIKE's wildcards in a search as plain text", async () => {
    const a2 = t.accounts.customerA2.id;
    await db.trunk.createMany({
      data: [
        { accountId: a2, name: "50% off" },
        { accountId: a2, name: "500 lines" },
      ],
    });
    const found = await callerAs(t.actors.customerA2).resources.trunks.list({ accountId: a2, search: "0%" });
    expect(found.items.map((trunk) => trunk.name)).toEqual(["50% off"]);
  });
});

async function actorOf(account: { id: string }): Promise<Actor> {
  const { loadActor } = await import("@/server/auth/actor");
  const user = await createUserIn(account, "reseller", `paging-${uniqueSuffix()}@example.test`);
  const actor = await loadActor(user.id);
  if (!actor) throw new Error("fixture user could not act");
  return actor;
}

/**
 * Each paged list, as tenant B: B's own rows through a search that matches A's rows too, and
 * through a cursor taken from A's list. None of A's rows may appear; naming A's account is
 * NOT_FOUND.
 */
describe("tenant isolation on every paged list", () => {
  type Isolation = {
    list: string;
    /** A's rows: seeded, each with the search text in its name. */
    seedA: () => Promise<string[]>;
    seedB: () => Promise<string[]>;
    asA: ListCall;
    asB: ListCall;
    /** B naming A's account, where the list takes one. */
    bNamingA?: () => Promise<unknown>;
  };
  const SEARCH = "isolated";
  const a1 = () => t.accounts.customerA1.id;
  const b1 = () => t.accounts.customerB1.id;
  const named = (i: number) => `${SEARCH} ${i}`;

  function resourceCase(
    kind: "sipUsers" | "huntGroups" | "sounds" | "playlists" | "trunks" | "mailboxes" | "phoneNumbers",
    seed: (accountId: string, i: number) => Promise<{ id: string }>,
  ): Isolation {
    const seedFor = (accountId: () => string) => async () =>
      Promise.all([0, 1, 2].map(async (i) => (await seed(accountId(), i)).id));
    const list =
      (actor: () => Actor, accountId: () => string): ListCall =>
      (input) =>
        callerAs(actor()).resources[kind].list({ accountId: accountId(), ...input });
    return {
      list: `resources.${kind}.list`,
      seedA: seedFor(a1),
      seedB: seedFor(b1),
      asA: list(() => t.actors.customerA1, a1),
      asB: list(() => t.actors.customerB1, b1),
      bNamingA: () => callerAs(t.actors.customerB1).resources[kind].list({ accountId: a1() }),
    };
  }
  let extension = 3000;
  const cases: Isolation[] = [
    {
      list: "accounts.customers.list",
      seedA: async () =>
        Promise.all(
          [0, 1, 2].map(
            async (i) => (await createAccount(`${SEARCH}-a-${uniqueSuffix()}-${i}`, "customer", t.accounts.resellerA)).id,
          ),
        ),
      seedB: async () =>
        Promise.all(
          [0, 1, 2].map(
            async (i) => (await createAccount(`${SEARCH}-b-${uniqueSuffix()}-${i}`, "customer", t.accounts.resellerB)).id,
          ),
        ),
      asA: (input) => callerAs(t.actors.resellerA).accounts.customers.list(input),
      asB: (input) => callerAs(t.actors.resellerB).accounts.customers.list(input),
    },
    {
      list: "accounts.customers.users",
      seedA: async () =>
        Promise.all(
          [0, 1, 2].map(
            async (i) => (await createUserIn(t.accounts.customerA1, "customer", `${SEARCH}-${uniqueSuffix()}-${i}@a.test`)).id,
          ),
        ),
      seedB: async () =>
        Promise.all(
          [0, 1, 2].map(
            async (i) => (await createUserIn(t.accounts.customerB1, "customer", `${SEARCH}-${uniqueSuffix()}-${i}@b.test`)).id,
          ),
        ),
      asA: (input) => callerAs(t.actors.resellerA).accounts.customers.users({ accountId: a1(), ...input }),
      asB: (input) => callerAs(t.actors.resellerB).accounts.customers.users({ accountId: b1(), ...input }),
      bNamingA: () => callerAs(t.actors.resellerB).accounts.customers.users({ accountId: a1() }),
    },
    {
      // Admins of two platforms: each file's fixtures build their own root.
      list: "accounts.resellers.list",
      seedA: async () =>
        Promise.all(
          [0, 1, 2].map(
            async (i) => (await createAccount(`${SEARCH}-ra-${uniqueSuffix()}-${i}`, "reseller", t.accounts.root)).id,
          ),
        ),
      seedB: async () => {
        const other = await createTenants();
        otherAdmin = other.actors.admin;
        return Promise.all(
          [0, 1, 2].map(
            async (i) => (await createAccount(`${SEARCH}-rb-${uniqueSuffix()}-${i}`, "reseller", other.accounts.root)).id,
          ),
        );
      },
      asA: (input) => callerAs(t.actors.admin).accounts.resellers.list(input),
      asB: (input) => callerAs(otherAdmin).accounts.resellers.list(input),
    },
    {
      list: "apiCredentials.list",
      seedA: async () =>
        Promise.all(
          [0, 1, 2].map(
            async (i) =>
              (await callerAs(t.actors.customerA1).apiCredentials.create({ username: `${SEARCH}-${uniqueSuffix()}-${i}` })).id,
          ),
        ),
      seedB: async () =>
        Promise.all(
          [0, 1, 2].map(
            async (i) =>
              (await callerAs(t.actors.customerB1).apiCredentials.create({ username: `${SEARCH}-${uniqueSuffix()}-${i}` })).id,
          ),
        ),
      asA: (input) => callerAs(t.actors.customerA1).apiCredentials.list(input),
      asB: (input) => callerAs(t.actors.customerB1).apiCredentials.list(input),
    },
    {
      list: "callFlows.list",
      seedA: async () =>
        (await db.callFlow.createManyAndReturn({ data: [0, 1, 2].map((i) => flowRow(a1(), extension++, named(i))) })).map(
          (f) => f.id,
        ),
      seedB: async () =>
        (await db.callFlow.createManyAndReturn({ data: [0, 1, 2].map((i) => flowRow(b1(), extension++, named(i))) })).map(
          (f) => f.id,
        ),
      asA: (input) => callerAs(t.actors.customerA1).callFlows.list({ accountId: a1(), ...input }),
      asB: (input) => callerAs(t.actors.customerB1).callFlows.list({ accountId: b1(), ...input }),
      bNamingA: () => callerAs(t.actors.customerB1).callFlows.list({ accountId: a1() }),
    },
    resourceCase("sipUsers", (accountId, i) =>
      db.sipUser.create({ data: { accountId, name: named(i), extension: extension++ } }),
    ),
    resourceCase("huntGroups", (accountId, i) =>
      db.huntGroup.create({ data: { accountId, name: named(i), extension: extension++ } }),
    ),
    resourceCase("sounds", (accountId, i) => db.sound.create({ data: { accountId, name: named(i) } })),
    resourceCase("playlists", (accountId, i) => db.playlist.create({ data: { accountId, name: named(i) } })),
    resourceCase("trunks", (accountId, i) => db.trunk.create({ data: { accountId, name: named(i) } })),
    resourceCase("mailboxes", (accountId, i) =>
      db.mailbox.create({ data: { accountId, name: named(i), boxNumber: (extension++ % 9000) + 1 } }),
    ),
    {
      // Numbers are searched by number: A's and B's share the digits searched for.
      ...resourceCase("phoneNumbers", (accountId) =>
        db.phoneNumber.create({ data: { accountId, number: `${uniquePhoneNumber()}7` } }),
      ),
    },
  ];
  let otherAdmin: Actor;

  it.each(cases.map((c) => [c.list, c] as const))("%s", async (_list, c) => {
    const ofA = await c.seedA();
    const ofB = await c.seedB();
    const search = c.list === "resources.phoneNumbers.list" ? "7" : SEARCH;
    const firstOfA = await c.asA({ limit: 1, search });
    expect(ofA).toContain(firstOfA.items[0]?.id);
    expect(firstOfA.nextCursor).not.toBeNull();

    for (const cursor of [undefined, firstOfA.nextCursor ?? undefined]) {
      const seen = await walk(
        (input) => c.asB({ ...input, cursor: input.cursor ?? cursor }),
        2,
        async () => {},
        search,
      );
      expect(seen.filter((id) => ofA.includes(id))).toEqual([]);
      if (!cursor) expect(seen).toEqual(expect.arrayContaining(ofB));
    }
    if (c.bNamingA) expect(await trpcCode(c.bNamingA())).toBe("NOT_FOUND");
  });
});

function flowRow(accountId: string, extension: number, name: string) {
  return { accountId, extension, name, flow: { s: { module: "start", next: "b" }, b: { module: "busy" } } };
}
