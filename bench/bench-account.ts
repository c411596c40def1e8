import { randomUUID } from "node:crypto";
import type { RequestContext } from "@/server/auth/actor";
import type { Db } from "@/server/db";

/**
 * A fresh customer account in the benchmark's scratch database, and the context of an API user
 * of it: what the services see when a provider client calls them.
 */
export async function benchAccount(db: Db) {
  const id = randomUUID();
  const account = await db.account.create({ data: { id, name: `bench-${id}`, kind: "customer", path: `/${id}/` } });
  const ctx: RequestContext = {
    principal: {
      via: "api",
      apiCredentialId: randomUUID(),
      username: "bench",
      accountId: account.id,
      accountName: account.name,
      accountKind: account.kind,
      accountPath: account.path,
    },
    ip: "127.0.0.1",
    userAgent: "bench",
  };
  return { account, ctx };
}
