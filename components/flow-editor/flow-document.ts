import { documentOf, type SavedCallFlowFields } from "@/server/services/call-flows/document";

/** The call flow being edited, in the provider's format (what the REST API stores and returns). */
export type FlowDocument = {
  name: string;
  extension: number;
  flow: Record<string, Record<string, unknown>>;
  show_call_route_name?: boolean;
  show_original_caller_id?: boolean;
};

/** A stored flow as the portal's API returns it, turned back into the provider's format. */
export function documentOfStored(stored: SavedCallFlowFields): FlowDocument {
  return documentOf(stored) as FlowDocument;
}
