import type { z } from "zod";

/**
 * The one error type services throw. tRPC and the REST API each map it once
 * (server/trpc/init.ts, the REST envelope), so a service never knows which API called it.
 */
const APP_ERROR_CODES = [
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  /** A write that would pass a limit of the account's plan (tRPC: CONFLICT, REST: 409). */
  "PLAN_LIMIT",
  /** A write based on a version that is no longer current (tRPC: CONFLICT, REST: 412). */
  "STALE_VERSION",
  "PRECONDITION_FAILED",
  "PAYLOAD_TOO_LARGE",
  "TOO_MANY_REQUESTS",
  // The database could not serve the request in time (an account's lock, a free connection):
  // nothing was written, and the same request may succeed shortly (tRPC: SERVICE_UNAVAILABLE,
  // REST: 503 with Retry-After).
  "RETRY_LATER",
] as const;

/**
 * The application's own error codes. They cross the wire as they are (tRPC's `data.appCode`),
 * so clients branch on `STALE_VERSION`, never on an error's English text.
 */
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

/** What tRPC's `data.appCode` carries: one of ours, or INTERNAL for a fault no service raised. */
export type WireErrorCode = AppErrorCode | "INTERNAL";

export function isAppErrorCode(code: string): code is AppErrorCode {
  return (APP_ERROR_CODES as readonly string[]).includes(code);
}

/** A problem with one input field; `path` uses dots, e.g. `flow.<key>.next`. */
export type FieldIssue = { path: string; message: string };

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** A refusal by a limit of the account's plan; `limit` is the limit's API name ("flows"). */
export class PlanLimitError extends AppError {
  constructor(
    readonly limit: string,
    message: string,
  ) {
    super("PLAN_LIMIT", message);
  }
}

/** Another tenant's object and a missing one look the same: existence never leaks. */
export function notFound(what: string): AppError {
  return new AppError("NOT_FOUND", `${what} not found`);
}

export function fieldError(path: string, message: string): AppError {
  return new AppError("BAD_REQUEST", message, [{ path, message }]);
}

/** The HTTP status of each code: one table for the REST envelope and the portal's own route handlers. */
const HTTP_STATUS_OF = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PLAN_LIMIT: 409,
  STALE_VERSION: 412,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  RETRY_LATER: 503,
} as const satisfies Record<AppErrorCode, number>;

export type AppErrorStatus = (typeof HTTP_STATUS_OF)[AppErrorCode];

export function httpStatusOf(error: AppError): AppErrorStatus {
  return HTTP_STATUS_OF[error.code];
}

/** A field that should not be there, named as its own path; at the top level (`within` empty)
 * the message names the object it is not a field of (`what`, e.g. "schedule"). */
export function unknownField(within: readonly PropertyKey[], key: string, what?: string): FieldIssue {
  const of = within.length === 0 && what ? `of ${/^[aeiou]/i.test(what) ? "an" : "a"} ${what}` : "here";
  return { path: [...within, key].map(String).join("."), message: `"${key}" is not a field ${of}` };
}

/** Zod's issues as field issues: the one mapping tRPC, the REST API and the portal's routes use. */
export function zodFieldIssues(issues: readonly z.core.$ZodIssue[], what?: string): FieldIssue[] {
  return issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => unknownField(issue.path, key, what))
      : [{ path: issue.path.map(String).join("."), message: issue.message }],
  );
}

/** A refused input, with every problem at its field. */
export function invalidInput(what: string, issues: FieldIssue[]): AppError {
  return new AppError("BAD_REQUEST", `The ${what} has ${issues.length} error${issues.length === 1 ? "" : "s"}`, issues);
}

/** Seconds a client is asked to wait before retrying a RETRY_LATER. */
const RETRY_AFTER_SECONDS = 1;

/** The HTTP headers an error's answer carries: `Retry-After` for RETRY_LATER. */
export function retryHeaders(error: AppError): Record<string, string> {
  return error.code === "RETRY_LATER" ? { "Retry-After": String(RETRY_AFTER_SECONDS) } : {};
}

export function retryLater(): AppError {
  return new AppError("RETRY_LATER", "The account is busy with other changes; try again in a moment");
}

/** PostgreSQL's lock_not_available: a lock wait ran past lock_timeout. */
const LOCK_TIMEOUT_SQLSTATE = "55P03";

/**
 * A wait the database gave up on, as Prisma and pg report it: a lock wait past lock_timeout
 * (SQLSTATE 55P03, inside the driver adapter's error), a transaction that found no connection
 * within its maxWait or outlived its timeout (P2028), or the pool's own acquire timeout.
 */
export function isDatabaseBusy(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  type Reported = { code?: unknown; meta?: { driverAdapterError?: { cause?: { code?: unknown } } }; message?: unknown };
  const { code, meta, message } = error as Reported;
  if (code === "P2028" || code === LOCK_TIMEOUT_SQLSTATE) return true;
  if (meta?.driverAdapterError?.cause?.code === LOCK_TIMEOUT_SQLSTATE) return true;
  return message === "timeout exceeded when trying to connect";
}

/** What an API tells the client of a failure: an AppError as it is, a busy database as
 * RETRY_LATER; null for anything else (a fault of ours, logged and answered without detail). */
export function asAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  return isDatabaseBusy(error) ? retryLater() : null;
}

/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION_SQLSTATE = "23505";

/**
 * A unique-constraint violation, optionally on a given field: Prisma's P2002 from a model query,
 * or a raw query's failure (P2010) whose cause is PostgreSQL's unique_violation (its meta names
 * the constraint, e.g. `CallFlow_accountId_extension_key`).
 */
export function isUniqueViolation(error: unknown, field?: string): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, meta } = error as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };
  const rawViolation = code === "P2010" && meta?.driverAdapterError?.cause?.originalCode === UNIQUE_VIOLATION_SQLSTATE;
  if (code !== "P2002" && !rawViolation) return false;
  if (!field) return true;
  return JSON.stringify(meta ?? {}).includes(field);
}

/** Prisma's "the record to update or delete was not found" (P2025): an update whose condition matched no row. */
export function isRecordNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2025";
}
