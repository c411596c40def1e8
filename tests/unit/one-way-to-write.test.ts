import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { RequestContext } from "@/server/auth/actor";
import type { Db } from "@/server/db";
import type { AccountTx, accountWriteTransaction } from "@/server/db/account-writers";
import type { recordChange } from "@/server/services/audit/record";

// ─── ONE WAY TO WRITE ─── recordChange takes only an AccountTx, which only
// accountWriteTransaction makes, so an audited change cannot skip its account's share of the
// pool. The compiler is the test of that (`npx tsc --noEmit -p .`, and `npm test`'s build,
// type-check this file): if a plain transaction's client were accepted, the expected errors below
// would be missing and type-checking would fail. The functions are never called.

const change = { accountId: "a", action: "user.invite", entityType: "user", entityId: "u" };

function recordedInAPlainTransaction(transaction: Db["$transaction"], record: typeof recordChange, ctx: RequestContext) {
  return transaction((tx) =>
    // @ts-expect-error a plain transaction's client is no account's writer: recordChange refuses it
    record(tx, ctx, change),
  );
}

function recordedAsAnAccountsWriter(
  transaction: typeof accountWriteTransaction,
  record: typeof recordChange,
  ctx: RequestContext,
) {
  return transaction("a", (tx) => record(tx, ctx, change));
}

function madeFromAPlainClient(tx: Parameters<Parameters<Db["$transaction"]>[0]>[0]): AccountTx {
  // @ts-expect-error nothing but accountWriteTransaction makes an AccountTx
  return tx;
}

const ROOT = path.resolve(import.meta.dirname, "../..");

/** The server's source files outside `folder`, with their text. */
function serverSourcesOutside(folder: string): { file: string; text: string }[] {
  return readdirSync(path.join(ROOT, "server"), { recursive: true, encoding: "utf8" })
    .map((name) => path.join("server", name))
    .filter((file) => /\.tsx?$/.test(file) && !file.startsWith(folder) && !file.startsWith("server/generated/"))
    .map((file) => ({ file, text: readFileSync(path.join(ROOT, file), "utf8") }));
}

describe("one way to write", () => {
  it("recordChange takes an account's writer's transaction, never a plain one (checked by the compiler)", () => {
    expect([recordedInAPlainTransaction, recordedAsAnAccountsWriter, madeFromAPlainClient]).toHaveLength(3);
  });

  it("opens transactions only in server/db (accountWriteTransaction, or transactionOfNoAccount)", () => {
    const opening = serverSourcesOutside("server/db/").filter(({ text }) => /\.\$transaction\s*\(/.test(text));
    expect(opening.map(({ file }) => file)).toEqual([]);
  });

  it("makes an AccountTx nowhere but server/db/account-writers.ts", () => {
    const casting = serverSourcesOutside("server/db/account-writers.ts").filter(({ text }) => /\bas\s+AccountTx\b/.test(text));
    expect(casting.map(({ file }) => file)).toEqual([]);
  });
});
