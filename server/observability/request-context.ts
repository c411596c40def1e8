import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { processSingleton } from "@/server/process-singleton";

/**
 * What the request log line says about a request, filled in by whoever learns it: the HTTP
 * server knows the id and path, the REST handler the route template and the account, the tRPC
 * context the signed-in actor. One line per request is written from it when the answer is sent.
 */
export type RequestFacts = {
  requestId: string;
  /** The route template (`/voip/flow/{uuid}`), when a router matched one. */
  route?: string;
  accountId?: string;
  /** `user:<id>` or `api:<credential id>`: who acted, never a name or a secret. */
  actor?: string;
};

export const REQUEST_ID_HEADER = "x-request-id";

const storage = processSingleton("portalRequestFacts", () => new AsyncLocalStorage<RequestFacts>());

/** A client's id is kept when it is a sane token; anything else gets a fresh one. */
const ACCEPTABLE_REQUEST_ID = /^[\w.:-]{1,128}$/;

export function requestIdFrom(incoming: string | string[] | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value && ACCEPTABLE_REQUEST_ID.test(value) ? value : randomUUID();
}

export function runWithRequestFacts<T>(facts: RequestFacts, work: () => T): T {
  return storage.run(facts, work);
}

/** The current request's facts, or undefined outside a request (scripts, jobs). */
export function currentRequest(): RequestFacts | undefined {
  return storage.getStore();
}

/** Adds what the caller learned about the current request to its log line. */
export function noteRequest(facts: Partial<Omit<RequestFacts, "requestId">>): void {
  const current = storage.getStore();
  if (current) Object.assign(current, facts);
}
