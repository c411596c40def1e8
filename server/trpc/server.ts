import "server-only";
import { TRPCError } from "@trpc/server";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { clientIp } from "@/server/auth/client-ip";
import { currentActor } from "@/server/auth/session";
import { AppError } from "@/server/errors";
import type { Context } from "./init";
import { createCaller } from "./root";

// How server components reach the server: through the same procedures as the browser, with the
// request's own context (who, and from which address and client, for the audit trail).

/** The context of the request being rendered, built once however many components call. */
const requestContext = cache(async (): Promise<Context> => {
  const [actor, requestHeaders] = await Promise.all([currentActor(), headers()]);
  return { actor, ip: clientIp(requestHeaders), userAgent: requestHeaders.get("user-agent") ?? "" };
});

/** The tRPC caller of the request being rendered: `(await serverApi()).callFlows.get(...)`. */
export const serverApi = cache(async () => createCaller(await requestContext()));

function isNotFound(error: unknown): boolean {
  return (error instanceof TRPCError || error instanceof AppError) && error.code === "NOT_FOUND";
}

/**
 * The answer of a call, or Next's 404 page when what it asked for is not found (another
 * tenant's object looks the same as a missing one). Every other failure is thrown on.
 */
export async function orNotFound<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (isNotFound(error)) notFound();
    throw error;
  }
}

/** The answer of a call, or null when what it asked for is not found; every other failure is thrown on. */
export async function orNull<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}
