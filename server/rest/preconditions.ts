import { AppError } from "@/server/errors";
import { etagOf } from "@/server/services/representations";

const ENTITY_TAGS = /(?:W\/)?"[^"]*"|\*/g;

/**
 * The version a PUT or DELETE must still find, from its If-Match header: undefined without
 * one, so the request behaves as the provider documents. `*` only requires the object to exist;
 * weak tags never match, since If-Match compares strongly. The service re-checks the version
 * in the write itself, so a change slipping in after this check is refused too (412).
 */
export async function versionRequiredBy(
  request: Request,
  current: () => Promise<{ id: string; version: number }>,
  what = "call flow",
): Promise<number | undefined> {
  const ifMatch = request.headers.get("if-match");
  if (ifMatch === null) return undefined;
  const object = await current();
  const tags: string[] = ifMatch.match(ENTITY_TAGS) ?? [];
  if (tags.includes("*")) return undefined;
  if (tags.includes(etagOf(object))) return object.version;
  throw new AppError(
    "PRECONDITION_FAILED",
    `The ${what} has changed since the ETag in If-Match was issued: GET it again and reapply the change`,
  );
}
