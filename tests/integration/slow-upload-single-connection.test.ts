import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_UPLOADS_IN_PROGRESS, MAX_UPLOADS_PER_ACCOUNT } from "@/server/services/sounds/sounds";
import { expectOthersServed, pausedUpload, type PausedUpload } from "@/tests/support/slow-upload";
import { createTenants } from "./fixtures";
import type { Tenants } from "./procedure-helpers";
import { authHeaders, callApi, createApiUser, type ApiUser } from "./rest-client";

// The embedded database (PGlite) serves one connection at a time: a pool of one connection gives
// PostgreSQL the same shape. One upload paused halfway must not take it.
process.env.DATABASE_POOL_SIZE = "1";

let t: Tenants;
let users: ApiUser[];
const open: PausedUpload[] = [];

beforeAll(async () => {
  t = await createTenants();
  const { customerA1, customerA2, customerB1, resellerA, resellerB } = t.accounts;
  users = await Promise.all([customerA1, customerA2, customerB1, resellerA, resellerB].map((account) => createApiUser(account)));
});

afterAll(async () => {
  for (const upload of open) upload.release();
  await Promise.allSettled(open.map((upload) => upload.response));
});

describe("with one database connection", () => {
  it("an upload paused halfway leaves /readyz answering 200 within 1 s and another tenant's GET /voip/flow within 2 s", async () => {
    const [attacker, , other] = users as [ApiUser, ApiUser, ApiUser];
    const upload = pausedUpload(authHeaders(attacker));
    open.push(upload);
    await upload.paused;

    await expectOthersServed(() => callApi("GET", "/voip/flow", { headers: authHeaders(other) }));

    upload.release();
    expect((await upload.response).status).toBe(201);
  });

  it(`at most ${MAX_UPLOADS_IN_PROGRESS} uploads at a time in all: the next is told to retry`, async () => {
    const perAccount = Array.from({ length: MAX_UPLOADS_PER_ACCOUNT }, () => 0);
    const accounts = Math.ceil(MAX_UPLOADS_IN_PROGRESS / MAX_UPLOADS_PER_ACCOUNT);
    expect(users.length).toBeGreaterThan(accounts);
    const held = users
      .slice(0, accounts)
      .flatMap((user) => perAccount.map(() => user))
      .slice(0, MAX_UPLOADS_IN_PROGRESS)
      .map((user) => pausedUpload(authHeaders(user)));
    open.push(...held);
    await Promise.all(held.map((upload) => upload.paused));

    const refused = pausedUpload(authHeaders(users[accounts]!));
    open.push(refused);
    const answer = await refused.response;
    expect(answer.status).toBe(503);
    expect(answer.headers.get("retry-after")).toBe("1");

    // One connection writes one upload at a time: released one by one, each completes.
    for (const upload of held) {
      upload.release();
      expect((await upload.response).status).toBe(201);
    }
  });
});
