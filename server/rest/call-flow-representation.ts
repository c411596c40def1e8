import { fieldError } from "@/server/errors";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The call-flow document in a POST or PUT body. The fields the API itself returns (`uuid`,
 * `created_on`, `updated_on`) are dropped, so a client can GET a flow, change it and PUT it
 * back whole; everything else goes to validation as sent. On PUT a `uuid` naming another flow
 * is refused rather than ignored: the client is confused about which flow it is changing.
 */
export function callFlowDocument(body: unknown, pathUuid?: string): unknown {
  if (!isPlainObject(body)) return body;
  const { uuid, created_on: _createdOn, updated_on: _updatedOn, ...document } = body;
  const namesAnotherFlow =
    pathUuid !== undefined && uuid !== undefined && (typeof uuid !== "string" || uuid.toLowerCase() !== pathUuid.toLowerCase());
  if (namesAnotherFlow) throw fieldError("uuid", `"uuid" must be this call flow's uuid, as in the URL, or be left out`);
  return document;
}
