import { AppError } from "@/server/errors";
import { etagOf } from "./representations";

const ENTITY_TAGS = /(?:W\/)?"[^"]*"|\*/g;

/**
 * An HTTP If-Match header on a write (the REST API's PUT and DELETE), checked by the service
 * against the object as it reads it inside the write's transaction: no read of its own, and
 * nothing can change the object between the check and the write, whose own version condition
 * refuses a change that slipped in (STALE_VERSION, 412 too). Without the header the write
 * behaves as the provider documents; `*` only requires the object to exist, which finding it
 * proved; weak tags never match, since If-Match compares strongly.
 */
export function checkIfMatch(ifMatch: string | undefined, current: { id: string; version: number }, what: string): void {
  if (ifMatch === undefined) return;
  const tags: string[] = ifMatch.match(ENTITY_TAGS) ?? [];
  if (tags.includes("*") || tags.includes(etagOf(current))) return;
  throw new AppError(
    "PRECONDITION_FAILED",
    `The ${what} has changed since the ETag in If-Match was issued: GET it again and reapply the change`,
  );
}
