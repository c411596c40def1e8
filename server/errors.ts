/**
 * The one error type services throw. tRPC and the REST API each map it once
 * (server/trpc/init.ts, the REST envelope), so a service never knows which API called it.
 */
export const APP_ERROR_CODES = [
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  /** A write based on a version that is no longer current (tRPC: CONFLICT, REST: 412). */
  "STALE_VERSION",
  "PRECONDITION_FAILED",
  "PAYLOAD_TOO_LARGE",
  "TOO_MANY_REQUESTS",
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

/** Another tenant's object and a missing one look the same: existence never leaks. */
export function notFound(what: string): AppError {
  return new AppError("NOT_FOUND", `${what} not found`);
}

export function fieldError(path: string, message: string): AppError {
  return new AppError("BAD_REQUEST", message, [{ path, message }]);
}

/** Prisma's unique-constraint violation (P2002), optionally on a given field. */
export function isUniqueViolation(error: unknown, field?: string): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, meta } = error as { code?: string; meta?: Record<string, unknown> };
  if (code !== "P2002") return false;
  if (!field) return true;
  return JSON.stringify(meta ?? {}).includes(field);
}

/** Prisma's "the record to update or delete was not found" (P2025): an update whose condition matched no row. */
export function isRecordNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2025";
}
