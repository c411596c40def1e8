import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { FAILURE_WINDOW_MINUTES, KNOWN_ADDRESS_DAYS } from "@/server/auth/failure-limit";
import { db } from "@/server/db";
import { JOB_DEFINITIONS } from "@/server/jobs/definitions";
import { firstDetailedDay, pruneExpired, retentionJob } from "@/server/services/retention";
import { createTenants, createUserIn, uniqueSuffix } from "./fixtures";

// Rows on both sides of each boundary, relative to one `now`: pruning deletes exactly the expired
// side. Other test files share the database, so every assertion reads this file's own rows only.

const now = new Date();
const ms = (minutes: number) => minutes * 60_000;
const DAY = 86_400_000;
const RETENTION_DAYS = 4000;
const subject = `retention-${uniqueSuffix()}@example.test`;
const usageAccount = randomUUID();

let userId: string;

beforeAll(async () => {
  const t = await createTenants();
  userId = (await createUserIn(t.accounts.customerA1, "customer", `tokens-${t.suffix}@example.test`)).id;
  const windowEdge = now.getTime() - ms(FAILURE_WINDOW_MINUTES);
  await db.authFailureCount.createMany({
    data: [
      { subject, ip: "198.51.100.1", windowStart: new Date(windowEdge), failures: 3 },
      { subject, ip: "198.51.100.2", windowStart: new Date(windowEdge + 1), failures: 3 },
    ],
  });
  const knownEdge = now.getTime() - KNOWN_ADDRESS_DAYS * DAY;
  await db.authKnownAddress.createMany({
    data: [
      { subject, ip: "198.51.100.3", lastSuccessAt: new Date(knownEdge) },
      { subject, ip: "198.51.100.4", lastSuccessAt: new Date(knownEdge + 1) },
    ],
  });
  await db.passwordToken.createMany({
    data: [
      { userId, tokenHash: `expired-${uniqueSuffix()}`, expiresAt: now },
      { userId, tokenHash: `valid-${uniqueSuffix()}`, expiresAt: new Date(now.getTime() + 1) },
    ],
  });
  const keptDay = firstDetailedDay(now, RETENTION_DAYS);
  const foldedDay = new Date(Date.parse(keptDay) - DAY).toISOString().slice(0, 10);
  const usage = (day: string, method: string, route: string, status: number, requests: number) => ({
    day: new Date(day),
    accountId: usageAccount,
    method,
    route,
    status,
    requests,
    totalDurationMs: BigInt(requests * 10),
  });
  await db.apiUsageDaily.createMany({
    data: [
      usage(foldedDay, "GET", "/voip/flow", 200, 5),
      usage(foldedDay, "PUT", "/voip/flow/{uuid}", 412, 2),
      usage(keptDay, "GET", "/voip/flow", 200, 7),
      usage(keptDay, "GET", "/voip/flow", 404, 1),
    ],
  });
});

describe("retention", () => {
  it("deletes exactly what has expired, and folds old metering detail into daily totals", async () => {
    const report = await pruneExpired(now, RETENTION_DAYS);
    const failures = await db.authFailureCount.findMany({ where: { subject }, select: { ip: true } });
    expect(failures.map((row) => row.ip)).toEqual(["198.51.100.2"]);
    const known = await db.authKnownAddress.findMany({ where: { subject }, select: { ip: true } });
    expect(known.map((row) => row.ip)).toEqual(["198.51.100.4"]);
    const tokens = await db.passwordToken.findMany({ where: { userId }, select: { tokenHash: true } });
    expect(tokens.map((row) => row.tokenHash.split("-")[0])).toEqual(["valid"]);
    const usage = await db.apiUsageDaily.findMany({
      where: { accountId: usageAccount },
      orderBy: [{ day: "asc" }, { status: "asc" }],
      select: { day: true, method: true, route: true, status: true, requests: true, totalDurationMs: true },
    });
    const keptDay = firstDetailedDay(now, RETENTION_DAYS);
    expect(usage.map((row) => ({ ...row, day: row.day.toISOString().slice(0, 10) }))).toEqual([
      {
        day: new Date(Date.parse(keptDay) - DAY).toISOString().slice(0, 10),
        method: "*",
        route: "*",
        status: 0,
        requests: 7,
        totalDurationMs: 70n,
      },
      { day: keptDay, method: "GET", route: "/voip/flow", status: 200, requests: 7, totalDurationMs: 70n },
      { day: keptDay, method: "GET", route: "/voip/flow", status: 404, requests: 1, totalDurationMs: 10n },
    ]);
    expect(report.usageDetailRows).toBeGreaterThanOrEqual(2);
  });

  it("folds into an existing total rather than beside it, when run again", async () => {
    const keptDay = firstDetailedDay(now, RETENTION_DAYS);
    const foldedDay = new Date(Date.parse(keptDay) - DAY);
    await db.apiUsageDaily.create({
      data: {
        day: foldedDay,
        accountId: usageAccount,
        method: "GET",
        route: "/voip/user",
        status: 200,
        requests: 3,
        totalDurationMs: 30n,
      },
    });
    await pruneExpired(now, RETENTION_DAYS);
    const folded = await db.apiUsageDaily.findMany({ where: { accountId: usageAccount, day: foldedDay } });
    expect(folded.map((row) => [row.route, row.requests])).toEqual([["*", 10]]);
  });

  it("is a scheduled job the server works", () => {
    expect(JOB_DEFINITIONS).toContain(retentionJob);
    expect(retentionJob.cron).toBeTruthy();
  });
});
