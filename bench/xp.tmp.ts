import { randomUUID } from "node:crypto";
import pg from "pg";
import { deployMigrations } from "@/prisma/migrate";
import { createScratchDatabase } from "@/tests/support/scratch-database";

const database = await createScratchDatabase("xp_calls");
try {
  await deployMigrations({ kind: "postgres", url: database.url });
  process.env.DATABASE_URL = database.url;
  const { ensureCallPartitions } = await import("@/server/db/call-partitions");
  const { closeDatabase } = await import("@/server/db");
  const now = Date.now();
  await ensureCallPartitions([new Date(now - 31 * 86_400_000), new Date(now)]);
  await closeDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const acc = randomUUID(); const flow = randomUUID();
  let seq = 0;
  const mk = () => {
    const i = seq++;
    const s = now - 600000 - Math.floor(Math.random() * 30 * 86400000);
    const at = (x: number) => new Date(s + x * 1000).toISOString();
    return { a: acc, c: `c-${i}`, f: flow, v: 1, s: at(0), e: at(100), o: "answered", n: "+441632960001", k: "+447700900123",
      t: [{ module: "start", at: at(0), route: "next" }, { module: "rec", at: at(0), route: "next" }, { module: "greeting", at: at(1), route: "next" }, { module: "menu", at: at(6), route: "1" }, { module: "ring", at: at(12) }] };
  };
  const COLS = `"accountId", "startedAt", "callId", "callFlowId", "flowVersion", "endedAt", "outcome", "number", "caller", "steps"`;
  const IN = `a uuid, c text, f uuid, v int, s timestamptz, e timestamptz, o text, n text, k text, t jsonb`;
  const stmt = (fn: string, cast: string, keys: boolean) => `WITH input AS (SELECT * FROM ${fn}($1::${cast}) AS x(${IN}))
   ${keys ? `, claimed AS (INSERT INTO "CallKey" ("callId", "accountId", "startedAt") SELECT c, a, s FROM input ORDER BY c, a RETURNING 1)` : ""}
   , stored AS (INSERT INTO "Call" (${COLS}) SELECT a, s, c, f, v, e, o, n, k, t FROM input)
   , pending AS (INSERT INTO "CallRollupPending" ("counted") VALUES ($2::json))
   SELECT 1 AS x`;
  const pend = JSON.stringify({ outcomes: [{ f: flow, v: 1, d: "2026-12-01", o: "answered", a: acc, n: 500 }] });
  const B = 100;
  const variants: [string, string][] = [
    ["jsonb+keys", stmt("jsonb_to_recordset", "jsonb", true)],
    ["json+keys", stmt("json_to_recordset", "json", true)],
    ["json nokeys", stmt("json_to_recordset", "json", false)],
  ];
  const totals = new Map<string, number>();
  for (let round = 0; round < 4; round++) {
    for (const [label, sql] of variants) {
      const data = Array.from({ length: B }, () => JSON.stringify(Array.from({ length: 500 }, mk).sort((x, y) => (x.c < y.c ? -1 : 1))));
      const t0 = performance.now();
      for (const batch of data) await client.query({ text: sql, values: [batch, pend] });
      if (round > 0) totals.set(label, (totals.get(label) ?? 0) + (performance.now() - t0) / B);
    }
    if (round === 1) { await client.query(`DROP INDEX "CallKey_startedAt_idx"`); console.log("(index dropped from round 2)"); }
    console.log(round, [...totals].map(([k, v]) => `${k} ${(v / Math.max(1, round)).toFixed(2)}`).join(" | "));
  }
  await client.end();
} finally {
  await database.drop();
}
