import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { z } from "zod";
import type { Actor } from "@/server/auth/actor";
import {
  AppError,
  asAppError,
  isAppErrorCode,
  PlanLimitError,
  type AppErrorCode,
  type WireErrorCode,
  zodFieldIssues,
} from "@/server/errors";

export type Context = {
  actor: Actor | null;
  ip: string;
  userAgent: string;
  /** Re-issues the request's own session cookie with a new session version (HTTP requests only). */
  renewSession?: (sessionVersion: number) => Promise<void>;
};

const TRPC_CODE: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PLAN_LIMIT: "CONFLICT",
  STALE_VERSION: "CONFLICT",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  RETRY_LATER: "SERVICE_UNAVAILABLE",
};

const t = initTRPC.context<Context>().create({
  // Dates (and other non-JSON values) arrive as what the output schema declares, not as strings.
  transformer: superjson,
  // Clients get field paths they can show next to the field, never a stack trace.
  errorFormatter({ shape, error }) {
    const issues =
      error.cause instanceof z.ZodError
        ? zodFieldIssues(error.cause.issues)
        : error.cause instanceof AppError
          ? error.cause.issues
          : [];
    const { stack: _stack, ...data } = shape.data;
    const message =
      error.code === "INTERNAL_SERVER_ERROR"
        ? "Something went wrong on our side. Please try again."
        : error.cause instanceof z.ZodError
          ? "Invalid input"
          : shape.message;
    // Errors no service raised (bad input, no session) carry tRPC's code where it is one of ours.
    const appCode: WireErrorCode =
      error.cause instanceof AppError ? error.cause.code : isAppErrorCode(error.code) ? error.code : "INTERNAL";
    // A plan's refusal also names the limit ("flows"), so a client can point at it.
    const limit = error.cause instanceof PlanLimitError ? { limit: error.cause.limit } : {};
    return { ...shape, message, data: { ...data, issues, appCode, ...limit } };
  },
});

/** Maps the services' AppError (and a database too busy to answer) once, so handlers simply throw. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  const cause = result.ok ? null : asAppError(result.error.cause);
  if (cause) {
    throw new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const baseProcedure = t.procedure.use(appErrors);
export { TRPCError };
