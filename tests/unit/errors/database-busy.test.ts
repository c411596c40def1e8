import { describe, expect, it } from "vitest";
import { AppError, asAppError, isDatabaseBusy, isUniqueViolation } from "@/server/errors";
import { appErrorResponse } from "@/server/rest/envelope";

// The shapes in which Prisma 7 (driver adapter) and pg report a wait the database gave up on,
// as seen against PostgreSQL 15; anything else stays a fault of ours.

const lockTimeout = {
  code: "P2010",
  meta: { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "postgres", code: "55P03", originalCode: "55P03" } } },
  message: "Raw query failed. Code: `55P03`. Message: `canceling statement due to lock timeout`",
};
const transactionWait = {
  code: "P2028",
  meta: {},
  message: "Transaction API error: Unable to start a transaction in the given time.",
};
const poolAcquire = new Error("timeout exceeded when trying to connect");

describe("a busy database", () => {
  it("is recognised in each shape it arrives in, and only then", () => {
    for (const error of [lockTimeout, transactionWait, poolAcquire]) expect(isDatabaseBusy(error)).toBe(true);
    const others = [
      new Error("boom"),
      { code: "P2002", meta: { target: ["name"] } },
      { code: "P2010", meta: { driverAdapterError: { cause: { code: "23505" } } } },
      null,
      "55P03",
    ];
    for (const error of others) expect(isDatabaseBusy(error)).toBe(false);
  });

  it("becomes RETRY_LATER, answered 503 with Retry-After in the provider's envelope", async () => {
    const error = asAppError(lockTimeout);
    expect(error).toBeInstanceOf(AppError);
    expect(error!.code).toBe("RETRY_LATER");
    const response = appErrorResponse(error!);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await response.json()).toMatchObject({ result: {}, status_code: 503, status_message: "Service Unavailable" });
    expect(asAppError(new Error("boom"))).toBeNull();
  });
});

describe("a unique violation", () => {
  const rawViolation = {
    code: "P2010",
    meta: {
      driverAdapterError: {
        name: "DriverAdapterError",
        cause: {
          originalCode: "23505",
          kind: "UniqueConstraintViolation",
          constraint: { index: "CallFlow_accountId_extension_key" },
          table: "CallFlow",
        },
      },
    },
  };

  it("is recognised from a model query (P2002) and from a raw one (P2010, SQLSTATE 23505), on its field", () => {
    expect(isUniqueViolation({ code: "P2002", meta: { target: ["email"] } }, "email")).toBe(true);
    expect(isUniqueViolation(rawViolation)).toBe(true);
    expect(isUniqueViolation(rawViolation, "extension")).toBe(true);
    expect(isUniqueViolation(rawViolation, "email")).toBe(false);
    expect(isUniqueViolation(lockTimeout)).toBe(false);
    expect(isUniqueViolation(new Error("boom"))).toBe(false);
  });
});
