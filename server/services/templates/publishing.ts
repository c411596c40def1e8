import { fieldError } from "@/server/errors";
import { createCallFlowInTransaction } from "../call-flows/store";
import type { FlowCreator } from "./apply";

/** Published: the flow callers reach at once. */
const createLiveFlow: FlowCreator = (tx, ctx, account, document, origin) => createCallFlowInTransaction(tx, ctx, account, document, origin);

const createDraftFlow: FlowCreator = () => {
  throw fieldError("publish", "Drafts are not available yet: publish must be true");
};

/** How applying creates each customer's flow: live, or as a draft that callers never reach. */
export function flowCreatorFor(publish: boolean): FlowCreator {
  return publish ? createLiveFlow : createDraftFlow;
}
