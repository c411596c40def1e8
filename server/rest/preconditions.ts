import { AppError } from "@/server/errors";
import type { StoredCallFlow } from "@/server/services/call-flows/store";
import { etagOf } from "./call-flow-representation";

const ENTITY_TAGS = /(?:W\/)?"[^"]*"|\*/g;

/**
 * The version a PUT or DELETE must still find, from its If-Match header: undefined without
 * one, so the request behaves as the provider documents. `*` only requires the flow to exist;
 * weak tags never match, since If-Match compares strongly. The service re-checks the version
 * in the write itself, so a change slipping in after this check is refused too (412).
 */
export async function versionRequiredBy(request: Request, currentFlow: () => Promise<StoredCallFlow>): Promise<number | undefined> {
  const ifMatch = request.headers.get("if-match");
  if (ifMatch === null) return undefined;
  const flow = await currentFlow();
  const tags: string[] = ifMatch.match(ENTITY_TAGS) ?? [];
  if (tags.includes("*")) return undefined;
  if (tags.includes(etagOf(flow))) return flow.version;
  throw new AppError("PRECONDITION_FAILED", "The call flow has changed since the ETag in If-Match was issued: GET it again and reapply the change");
}
