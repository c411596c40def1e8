import { TRPCError } from "@trpc/server";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { callerAs, createTenants } from "./fixtures";
import { busyFlow, type Tenants } from "./procedure-helpers";
import { authHeaders, callApi, createApiUser, type ApiUser } from "./rest-client";

// A write that cannot get its account's lock in time (the audit-chain lock every write of the
// account takes last) gets a retryable answer (REST 503 with Retry-After, tRPC
// SERVICE_UNAVAILABLE with the app code RETRY_LATER), never a hang or a 500, and a burst of such
// writes leaves the pool free for other accounts. Read before the database
// is first used (server/db opens on first query), so this file's connections get this timeout.
const LOCK_TIMEOUT_MS = 1500;
process.env.DATABASE_LOCK_TIMEOUT_MS = String(LOCK_TIMEOUT_MS);

let t: Tenants;
let reseller: ApiUser;
/** Another session holding customer A1's audit-chain lock, as a long transaction of another server would. */
let holder: pg.Client;

beforeAll(async () => {
  t = await createTenants();
  reseller = await createApiUser(t.accounts.resellerA);
  holder = new pg.Client(process.env.DATABASE_URL);
  await holder.connect();
  await holder.query("BEGIN");
  await holder.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`audit:${t.accounts.customerA1.id}`]);
});

afterAll(async () => {
  await holder.end();
});

async function appCodeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (rejected: unknown) => rejected,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return `${error.code}/${error.cause instanceof AppError ? error.cause.code : "-"}`;
}

describe("an account whose lock is held elsewhere", () => {
  it("answers a REST write 503 with Retry-After in the provider's envelope", async () => {
    const response = await callApi("POST", "/voip/flow", {
      headers: authHeaders(reseller, t.accounts.customerA1.name),
      body: busyFlow(801, "Blocked"),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(response.json).toMatchObject({ result: {}, status_code: 503, status_message: "Service Unavailable" });
    expect(response.json!.errors![0]!.message).toMatch(/try again/);
  });

  it("answers tRPC writes with a typed retryable error, and other accounts' reads are served meanwhile", async () => {
    const a1 = t.accounts.customerA1.id;
    const settled: string[] = [];
    // A burst: more writers than the pool has connections.
    const writes = [...Array(25).keys()].map((i) =>
      appCodeOf(callerAs(t.actors.resellerA).callFlows.create({ accountId: a1, document: busyFlow(810 + i) })).finally(() =>
        settled.push("write"),
      ),
    );
    const read = callerAs(t.actors.customerA2)
      .callFlows.list({ accountId: t.accounts.customerA2.id })
      .finally(() => settled.push("other account's read"));
    await read;
    const codes = await Promise.all(writes);
    expect(new Set(codes)).toEqual(new Set(["SERVICE_UNAVAILABLE/RETRY_LATER"]));
    // The read did not queue behind the writers, who each waited out the lock timeout.
    expect(settled[0]).toBe("other account's read");
    expect(await callerAs(t.actors.resellerA).callFlows.list({ accountId: a1 })).toMatchObject({ items: [] });
  });

  it("lets the write through once the lock is released", async () => {
    await holder.query("ROLLBACK");
    const flow = await callerAs(t.actors.resellerA).callFlows.create({
      accountId: t.accounts.customerA1.id,
      document: busyFlow(850),
    });
    expect(flow.extension).toBe(850);
  });
});
