import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_UPLOADS_PER_ACCOUNT } from "@/server/services/sounds/sounds";
import { expectOthersServed, pausedUpload, type PausedUpload } from "@/tests/support/slow-upload";
import { createTenants } from "./fixtures";
import type { Tenants } from "./procedure-helpers";
import { authHeaders, callApi, createApiUser, type ApiUser } from "./rest-client";

// ─── A SLOW UPLOAD HOLDS NO DATABASE CONNECTION ─── A client that starts uploads and then sends
// nothing must not take the pool from everyone else: the file is received and checked before any
// transaction opens. This file's process has a pool of 4 connections, and the attacker opens as
// many uploads as the pool has connections, from two accounts of one reseller.
process.env.DATABASE_POOL_SIZE = "4";

let t: Tenants;
let a1: ApiUser;
let a2: ApiUser;
let b1: ApiUser;
const open: PausedUpload[] = [];

beforeAll(async () => {
  t = await createTenants();
  [a1, a2, b1] = await Promise.all([
    createApiUser(t.accounts.customerA1),
    createApiUser(t.accounts.customerA2),
    createApiUser(t.accounts.customerB1),
  ]);
});

afterAll(async () => {
  for (const upload of open) upload.release();
  await Promise.allSettled(open.map((upload) => upload.response));
});

describe("uploads paused halfway", () => {
  it("leave /readyz answering 200 within 1 s and another tenant's GET /voip/flow within 2 s", async () => {
    for (const user of [a1, a1, a2, a2]) open.push(pausedUpload(authHeaders(user)));
    await Promise.all(open.map((upload) => upload.paused));

    await expectOthersServed(() => callApi("GET", "/voip/flow", { headers: authHeaders(b1) }));

    // Released, the uploads complete.
    for (const upload of open) upload.release();
    const answers = await Promise.all(open.map((upload) => upload.response));
    expect(answers.map((response) => response.status)).toEqual([201, 201, 201, 201]);
  });

  it(`at most ${MAX_UPLOADS_PER_ACCOUNT} uploads of one account at a time; the next is told to retry, and others still upload`, async () => {
    const held = Array.from({ length: MAX_UPLOADS_PER_ACCOUNT }, () => pausedUpload(authHeaders(a1)));
    open.push(...held);
    await Promise.all(held.map((upload) => upload.paused));

    const refused = pausedUpload(authHeaders(a1));
    open.push(refused);
    const answer = await refused.response;
    expect(answer.status).toBe(503);
    expect(answer.headers.get("retry-after")).toBe("1");

    const other = pausedUpload(authHeaders(a2));
    other.release();
    expect((await other.response).status).toBe(201);

    for (const upload of held) upload.release();
    expect((await Promise.all(held.map((upload) => upload.response))).map((response) => response.status)).toEqual(
      held.map(() => 201),
    );
  });
});
