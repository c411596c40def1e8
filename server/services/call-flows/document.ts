/** The columns of a saved call flow (or revision) that a client can change. */
export type SavedCallFlowFields = {
  name: string;
  extension: number;
  flow: unknown;
  showCallRouteName: boolean;
  showOriginalCallerId: boolean;
};

/**
 * A stored flow or revision as the document a client sends, in the provider's format. Pure and
 * browser-safe: the editor turns the portal API's rows back into documents with it too.
 */
export function documentOf(saved: SavedCallFlowFields) {
  return {
    name: saved.name,
    extension: saved.extension,
    flow: saved.flow,
    show_call_route_name: saved.showCallRouteName,
    show_original_caller_id: saved.showOriginalCallerId,
  };
}
