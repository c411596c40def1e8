import { randomUUID } from "node:crypto";
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { deployMigrations, MIGRATIONS_DIR } from "@/prisma/migrate";
import { db } from "@/server/db";
import { writersPerAccount } from "@/server/db/account-writers";
import { listReferencedResources, RESOURCE_KINDS } from "@/server/domain/call-flow";
import type { AppError } from "@/server/errors";
import { flowsReferencing } from "@/server/services/call-flows/references";
import { createCallFlow, deleteCallFlow, updateCallFlow } from "@/server/services/call-flows/call-flows";
import { sounds } from "@/server/services/resources/kinds";
import { createScratchDatabase } from "@/tests/support/scratch-database";
import { contextAs, createTenants } from "./fixtures";
import type { Tenants } from "./procedure-helpers";

// The reference index (CallFlowReference): written with every save of a flow, read by the
// "used by flows" checks, and backfilled from the JSON of flows that existed before it.

let t: Tenants;
beforeAll(async () => {
  t = await createTenants();
});

const asA1 = () => contextAs(t.actors.customerA1);
const a1 = () => t.accounts.customerA1.id;

function playFlow(extension: number, soundId: string | null) {
  const play = soundId ? { module: "play", sound: soundId, next: "b" } : { module: "busy" };
  return { name: `Plays ${extension}`, extension, flow: { s: { module: "start", next: "p" }, p: play, b: { module: "busy" } } };
}

describe("the reference index", () => {
  it("follows every save of a flow, and goes with the flow", async () => {
    const sound = await sounds.create(asA1(), { accountId: a1(), name: "Indexed greeting" });
    const referencing = () => db.$transaction((tx) => flowsReferencing(tx, a1(), "sounds", sound.id));
    const flow = await createCallFlow(asA1(), { accountId: a1(), document: playFlow(720, sound.id) });
    expect((await referencing()).map((row) => row.id)).toEqual([flow.id]);
    const unplugged = await updateCallFlow(asA1(), { accountId: a1(), id: flow.id, document: playFlow(720, null) });
    expect(await referencing()).toEqual([]);
    await updateCallFlow(asA1(), {
      accountId: a1(),
      id: flow.id,
      document: playFlow(720, sound.id),
      expectedVersion: unplugged.version,
    });
    expect((await referencing()).map((row) => row.id)).toEqual([flow.id]);
    await deleteCallFlow(asA1(), { accountId: a1(), id: flow.id });
    expect(await db.callFlowReference.count({ where: { flowId: flow.id } })).toBe(0);
  });
});

/** Flows written before the index existed, with every kind of reference and some that are none. */
type LegacyIds = Record<
  "sipUser" | "huntGroup" | "other" | "ringtone" | "mailbox" | "mailbox2" | "trunk" | "sound" | "playlist",
  string
>;

function legacyFlows(ids: LegacyIds) {
  return [
    {
      s: { module: "start", next: "e" },
      e: {
        module: "extension",
        extensions: [
          { type: "sipuser", uuid: ids.sipUser },
          { type: "huntgroup", uuid: ids.huntGroup },
          { type: "external", uuid: ids.other },
        ],
        ringtone: ids.ringtone,
        announcement: "not a uuid",
        next: "v",
      },
      v: { module: "voicemail", mailboxes: [ids.mailbox, 42, ids.mailbox2] },
    },
    {
      s: { module: "start", next: "t" },
      t: { module: "trunk", uuid: ids.trunk.toUpperCase() },
      c: { module: "conference", announcement: ids.sound, music: ids.playlist },
      m: { module: "musiconhold", class: ids.playlist },
      d: { module: "dialbyextension", ringtone: ids.ringtone, sound: ids.sound },
      x: "not a module",
    },
    [],
  ];
}

describe("the migration that adds it", () => {
  it("backfills exactly what listReferencedResources finds in each existing flow", async () => {
    const database = await createScratchDatabase("backfill");
    const before = await mkdtemp(path.join(os.tmpdir(), "before-references-"));
    try {
      const names = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name);
      const adding = names.find((name) => name.endsWith("_call_flow_references"))!;
      for (const name of names.filter((name) => name < adding))
        await cp(path.join(MIGRATIONS_DIR, name), path.join(before, name), { recursive: true });
      await cp(path.join(MIGRATIONS_DIR, "migration_lock.toml"), path.join(before, "migration_lock.toml"));
      await deployMigrations({ kind: "postgres", url: database.url }, before);

      const client = new pg.Client(database.url);
      await client.connect();
      try {
        const accountId = randomUUID();
        await client.query(`INSERT INTO "Account" (id, name, kind, path, "updatedAt") VALUES ($1, $2, 'customer', $3, now())`, [
          accountId,
          `backfill-${accountId}`,
          `/${accountId}/`,
        ]);
        const idNames = [
          "sipUser",
          "huntGroup",
          "other",
          "ringtone",
          "mailbox",
          "mailbox2",
          "trunk",
          "sound",
          "playlist",
        ] as const;
        const ids = Object.fromEntries(idNames.map((name) => [name, randomUUID()])) as LegacyIds;
        const flows = legacyFlows(ids);
        for (const [index, flow] of flows.entries()) {
          await client.query(
            `INSERT INTO "CallFlow" (id, "accountId", name, extension, flow, "updatedAt") VALUES ($1, $2, $3, $4, $5, now())`,
            [randomUUID(), accountId, `Legacy ${index}`, 600 + index, JSON.stringify(flow)],
          );
        }
        await deployMigrations({ kind: "postgres", url: database.url });

        const stored = await client.query(`SELECT id, flow FROM "CallFlow" ORDER BY extension`);
        const expected = stored.rows.flatMap((row: { id: string; flow: unknown }) => {
          const referenced = listReferencedResources(row.flow);
          return RESOURCE_KINDS.flatMap((kind) => [...referenced[kind]].map((uuid) => `${row.id} ${kind} ${uuid.toLowerCase()}`));
        });
        const indexed = await client.query(
          `SELECT "flowId", kind, "resourceId" FROM "CallFlowReference" WHERE "accountId" = $1`,
          [accountId],
        );
        const actual = indexed.rows.map(
          (row: { flowId: string; kind: string; resourceId: string }) => `${row.flowId} ${row.kind} ${row.resourceId}`,
        );
        expect(actual.sort()).toEqual([...new Set(expected)].sort());
        // Every kind appears, so no branch of the backfill went untested.
        expect(new Set(indexed.rows.map((row: { kind: string }) => row.kind))).toEqual(new Set(RESOURCE_KINDS));
      } finally {
        await client.end();
      }
    } finally {
      await rm(before, { recursive: true, force: true });
      await database.drop();
    }
  });
});

describe("references held like foreign keys, row by row", () => {
  /** Every live flow of A1 that points at a sound which no longer exists. */
  async function flowsWithAMissingSound() {
    const flows = await db.callFlow.findMany({ where: { accountId: a1(), published: true }, select: { name: true, flow: true } });
    const existing = new Set(
      (await db.sound.findMany({ where: { accountId: a1() }, select: { id: true } })).map((sound) => sound.id),
    );
    return flows
      .filter((flow) => [...listReferencedResources(flow.flow).sounds].some((id) => !existing.has(id)))
      .map((flow) => flow.name);
  }

  it("never commits a saved flow pointing at a resource deleted at the same time", async () => {
    const flow = await createCallFlow(asA1(), { accountId: a1(), document: playFlow(740, null) });
    let version = flow.version;
    for (let round = 0; round < 40; round++) {
      const sound = await sounds.create(asA1(), { accountId: a1(), name: `Contested ${round}` });
      // Half the rounds create a flow, half save the existing one (the REST PUT's path).
      const save =
        round % 2 === 0
          ? updateCallFlow(asA1(), { accountId: a1(), id: flow.id, document: playFlow(740, sound.id), expectedVersion: version })
          : createCallFlow(asA1(), { accountId: a1(), document: playFlow(741 + round, sound.id) });
      const [saved, deleted] = await Promise.allSettled([save, sounds.remove(asA1(), { accountId: a1(), id: sound.id })]);
      // Exactly one wins: the save (the deletion is refused as in use) or the deletion (the sound is not found).
      expect([saved.status, deleted.status].filter((status) => status === "fulfilled")).toHaveLength(1);
      if (saved.status === "fulfilled") {
        expect(deleted.status === "rejected" && (deleted.reason as AppError).code).toBe("CONFLICT");
        if (round % 2 === 0) version = saved.value.version;
        await updateCallFlow(asA1(), { accountId: a1(), id: saved.value.id, document: playFlow(saved.value.extension, null) });
        if (round % 2 === 0) version++;
        await sounds.remove(asA1(), { accountId: a1(), id: sound.id });
      } else {
        // Refused by validation, naming the field that points at the missing sound.
        expect((saved.reason as AppError).code).toBe("BAD_REQUEST");
        expect((saved.reason as AppError).issues.map((issue) => issue.path)).toEqual(["flow.p.sound"]);
      }
      expect(await flowsWithAMissingSound()).toEqual([]);
    }
  });

  it("lets saves of other flows of the account through while one save is held mid-way", async () => {
    const sound = await sounds.create(asA1(), { accountId: a1(), name: "Shared by both" });
    const held = await createCallFlow(asA1(), { accountId: a1(), document: playFlow(790, sound.id) });
    const other = await createCallFlow(asA1(), { accountId: a1(), document: playFlow(791, sound.id) });
    // Another session holds the row of the first flow, as another instance's save of it would.
    const holder = new pg.Client(process.env.DATABASE_URL);
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query(`SELECT 1 FROM "CallFlow" WHERE id = $1 FOR UPDATE`, [held.id]);
      let heldSettled = false;
      // This save has locked the sound and waits for its flow's row: its transaction is open.
      const heldSave = updateCallFlow(asA1(), {
        accountId: a1(),
        id: held.id,
        document: { ...playFlow(790, sound.id), name: "Held save" },
      }).finally(() => {
        heldSettled = true;
      });
      await waitForLockWaiters(holder, 1);
      const otherSave = await updateCallFlow(asA1(), {
        accountId: a1(),
        id: other.id,
        document: { ...playFlow(791, sound.id), name: "Other save" },
      });
      expect(otherSave.name).toBe("Other save");
      expect(heldSettled).toBe(false);
      await holder.query("ROLLBACK");
      expect((await heldSave).name).toBe("Held save");
    } finally {
      await holder.end();
    }
  });

  it("runs concurrent saves of distinct flows of one account side by side, up to the account's share of the pool", async () => {
    const flows = await Promise.all(
      [...Array(8).keys()].map((i) => createCallFlow(asA1(), { accountId: a1(), document: playFlow(800 + i, null) })),
    );
    const holder = new pg.Client(process.env.DATABASE_URL);
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query(`SELECT 1 FROM "CallFlow" WHERE id = ANY($1::uuid[]) FOR UPDATE`, [flows.map((flow) => flow.id)]);
      const saves = flows.map((flow, i) =>
        updateCallFlow(asA1(), { accountId: a1(), id: flow.id, document: { ...playFlow(800 + i, null), name: `Saved ${i}` } }),
      );
      // Each waits on its own flow's row, in a transaction of its own, all at the same time.
      const expected = Math.min(flows.length, writersPerAccount());
      expect(expected).toBeGreaterThan(1);
      expect(await waitForLockWaiters(holder, expected)).toBe(expected);
      await holder.query("ROLLBACK");
      expect((await Promise.all(saves)).map((saved) => saved.name)).toEqual(flows.map((_, i) => `Saved ${i}`));
    } finally {
      await holder.end();
    }
  });
});

/** Waits until `count` sessions wait for a lock `client`'s session holds; returns how many do. */
async function waitForLockWaiters(client: pg.Client, count: number): Promise<number> {
  const waiters = async () =>
    Number(
      (await client.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))`))
        .rows[0].n,
    );
  const deadline = Date.now() + 1000;
  let seen = await waiters();
  while (seen < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    seen = await waiters();
  }
  return seen;
}
