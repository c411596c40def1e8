import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { beforeAll, describe, expect, it } from "vitest";
import { appErrorCode } from "@/components/trpc";
import { db } from "@/server/db";
import { appRouter, type AppRouter } from "@/server/trpc/root";
import { createTenants } from "./fixtures";
import { busyFlow, type Tenants } from "./procedure-helpers";

// What the portal's browser client sees over HTTP: the same link settings as components/trpc.tsx,
// answered in-process by the tRPC fetch handler the server mounts at /api/trpc.

let t: Tenants;
let a1: string;

beforeAll(async () => {
  t = await createTenants();
  a1 = t.accounts.customerA1.id;
});

const client = () =>
  createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: "http://portal.test/api/trpc",
        methodOverride: "POST",
        transformer: superjson,
        fetch: (url, init) =>
          fetchRequestHandler({
            endpoint: "/api/trpc",
            req: new Request(url, init as RequestInit),
            router: appRouter,
            allowMethodOverride: true,
            createContext: () => ({ actor: t.actors.customerA1, ip: "203.0.113.7", userAgent: "wire-test" }),
          }),
      }),
    ],
  });

async function failure(call: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCClientError)) throw new Error(`expected a TRPCClientError, got ${String(error)}`);
  return error as TRPCClientError<AppRouter>;
}

describe("tRPC over HTTP", () => {
  it("answers dates as Date, not as strings", async () => {
    const created = await client().callFlows.create.mutate({ accountId: a1, document: busyFlow(760, "On the wire") });
    const fetched = await client().callFlows.get.query({ accountId: a1, id: created.id });
    expect(fetched.createdAt).toBeInstanceOf(Date);
    expect(fetched.updatedAt.getTime()).toBe(created.updatedAt.getTime());
  });

  it("carries the application's code: a save from an old version is STALE_VERSION", async () => {
    const created = await client().callFlows.create.mutate({ accountId: a1, document: busyFlow(761) });
    const newer = busyFlow(761, "Newer");
    await client().callFlows.update.mutate({ accountId: a1, id: created.id, expectedVersion: 1, document: newer });
    const error = await failure(
      client().callFlows.update.mutate({ accountId: a1, id: created.id, expectedVersion: 1, document: busyFlow(761, "Stale") }),
    );
    expect(error.data?.code).toBe("CONFLICT");
    expect(error.data?.appCode).toBe("STALE_VERSION");
    expect(appErrorCode(error)).toBe("STALE_VERSION");
  });

  it("answers a plan's limit as CONFLICT with appCode PLAN_LIMIT and the limit's name", async () => {
    const plan = await db.plan.create({ data: { ownerAccountId: t.accounts.resellerA.id, name: "Tiny", flows: 0 } });
    await db.account.update({ where: { id: a1 }, data: { planId: plan.id } });
    try {
      const error = await failure(client().callFlows.create.mutate({ accountId: a1, document: busyFlow(763) }));
      expect(error.data?.code).toBe("CONFLICT");
      expect(error.data?.appCode).toBe("PLAN_LIMIT");
      expect((error.data as { limit?: string }).limit).toBe("flows");
      expect(error.message).toBe('Plan limit reached: at most 0 call flows (plan "Tiny")');
    } finally {
      await db.account.update({ where: { id: a1 }, data: { planId: null } });
    }
  });

  it("names other failures by their code too: another tenant's flow, bad input, a taken extension", async () => {
    const theirs = await client().callFlows.create.mutate({ accountId: a1, document: busyFlow(762) });
    const notFound = await failure(client().callFlows.get.query({ accountId: t.accounts.customerB1.id, id: theirs.id }));
    expect(appErrorCode(notFound)).toBe("NOT_FOUND");

    const badInput = await failure(client().callFlows.get.query({ accountId: a1, id: 42 as unknown as string }));
    expect(appErrorCode(badInput)).toBe("BAD_REQUEST");

    const taken = await failure(client().callFlows.create.mutate({ accountId: a1, document: busyFlow(762, "Same extension") }));
    expect(appErrorCode(taken)).toBe("CONFLICT");
    expect(taken.data?.issues).toEqual([expect.objectContaining({ path: "extension" })]);
  });

  it("has no application code for a failure with no answer", () => {
    expect(appErrorCode(new Error("network down"))).toBeNull();
  });
});
