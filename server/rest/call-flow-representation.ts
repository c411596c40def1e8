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
