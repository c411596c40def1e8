import { isObject } from "@/server/domain/json";
import { fieldError } from "@/server/errors";
import type { StoredCallFlow } from "@/server/services/call-flows/call-flows";

/** A call flow as the provider's API returns it; keys in the provider's (alphabetical) order. */
export type ApiCallFlow = {
  created_on: string;
  extension: number;
  flow: unknown;
  name: string;
  show_call_route_name: boolean;
  show_original_caller_id: boolean;
  updated_on: string;
  uuid: string;
};

/** The provider gives dates as the calendar day (UTC), e.g. "2023-06-07". */
export function apiDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function toApiCallFlow(flow: StoredCallFlow): ApiCallFlow {
  return {
    created_on: apiDay(flow.createdAt),
    extension: flow.extension,
    flow: flow.flow,
    name: flow.name,
    show_call_route_name: flow.showCallRouteName,
    show_original_caller_id: flow.showOriginalCallerId,
    updated_on: apiDay(flow.updatedAt),
    uuid: flow.id,
  };
}

/** Strong, and changes with every save: the flow's id and version. */
export function etagOf(flow: Pick<StoredCallFlow, "id" | "version">): string {
  return `"${flow.id}:${flow.version}"`;
}

/**
 * The call-flow document in a POST or PUT body. The fields the API itself returns (`uuid`,
 * `created_on`, `updated_on`) are dropped, so a client can GET a flow, change it and PUT it
 * back whole; everything else goes to validation as sent. On PUT a `uuid` naming another flow
 * is refused rather than ignored: the client is confused about which flow it is changing.
 */
export function callFlowDocument(body: unknown, pathUuid?: string): unknown {
  if (!isObject(body)) return body;
  const { uuid, created_on: _createdOn, updated_on: _updatedOn, ...document } = body;
  const namesAnotherFlow =
    pathUuid !== undefined && uuid !== undefined && (typeof uuid !== "string" || uuid.toLowerCase() !== pathUuid.toLowerCase());
  if (namesAnotherFlow) throw fieldError("uuid", `"uuid" must be this call flow's uuid, as in the URL, or be left out`);
  return document;
}
