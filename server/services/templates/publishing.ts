import { createDraftOnlyFlow } from "../call-flows/drafts";
import { createCallFlowInTransaction, refuseErrors } from "../call-flows/call-flows";
import { validateForAccount } from "../call-flows/validation";
import type { FlowCreator } from "./apply";

/** Published: the flow callers reach at once. */
const createLiveFlow: FlowCreator = (tx, ctx, account, document, origin) =>
  createCallFlowInTransaction(tx, ctx, account, document, origin);

/**
 * A draft-only flow: its extension is held, callers never reach it until someone publishes it.
 * A template's draft must be as valid as a published flow would be, so a run's results mean
 * the same either way.
 */
const createUnpublishedFlow: FlowCreator = async (tx, ctx, account, document) => {
  refuseErrors((await validateForAccount(tx, account, document)).errors);
  return createDraftOnlyFlow(tx, ctx, account, document);
};

/** How applying creates each customer's flow: live, or as a draft that callers never reach. */
export function flowCreatorFor(publish: boolean): FlowCreator {
  return publish ? createLiveFlow : createUnpublishedFlow;
}
