import { z } from "zod";
import { type TCallFlowInput, ZCallFlowName } from "@/server/domain/call-flow";
import { isObject } from "@/server/domain/json";
import { ZAccountId } from "../accounts/schemas";
import { ZListInput } from "../paging";

// The tRPC inputs of call flows; pure zod, so the portal's forms can share them.

const ZCallFlowId = z.string().min(1, "Call flow is required");
const ZVersion = z.int("Version must be a whole number").min(1, "Version must be at least 1");

/**
 * A call-flow document, checked by the domain validator in the service rather than here: it
 * reports every problem at once, cross-module rules included, with paths relative to the
 * document, and passes the document on untouched, so it is stored exactly as sent (a zod
 * parse would rebuild every object).
 */
export const ZCallFlowDocument = z.custom<TCallFlowInput>(
  isObject,
  "The call flow must be a JSON object with name, extension and flow",
);

/** One page of an account's flows in extension order; `search` is part of a name, or an extension. */
export const ZListCallFlowsInput = ZListInput.extend({
  accountId: ZAccountId,
  /** Only flows callers can reach (published): what a phone number may be routed to. */
  publishedOnly: z.boolean().optional(),
});

export const ZCallFlowAccountInput = z.object({ accountId: ZAccountId });

export const ZCallFlowRefInput = z.object({ accountId: ZAccountId, id: ZCallFlowId });

/** A flow's versions, newest first, a page at a time: revisions are kept forever. */
export const ZCallFlowHistoryInput = ZCallFlowRefInput.extend({
  /** The oldest version of the previous page: this page holds the versions before it. */
  beforeVersion: z.int("beforeVersion must be a whole number").min(2, "beforeVersion must be at least 2").optional(),
  limit: z.int("limit must be a whole number").min(1, "limit must be 1-200").max(200, "limit must be 1-200").default(100),
});
export type TCallFlowHistoryInput = z.infer<typeof ZCallFlowHistoryInput>;

export const ZCreateCallFlowInput = z.object({ accountId: ZAccountId, document: ZCallFlowDocument });

/** `expectedVersion` is the version the edit started from: a newer save makes this one a conflict. */
export const ZUpdateCallFlowInput = ZCallFlowRefInput.extend({ expectedVersion: ZVersion, document: ZCallFlowDocument });

export const ZDeleteCallFlowInput = ZCallFlowRefInput.extend({ expectedVersion: ZVersion.optional() });

export const ZDuplicateCallFlowInput = ZCallFlowRefInput.extend({ name: ZCallFlowName });

/** Anything can be checked, that is the point; `id` is the flow being edited, if any. */
export const ZValidateCallFlowInput = z.object({ accountId: ZAccountId, id: ZCallFlowId.optional(), document: z.unknown() });

export const ZCompareCallFlowVersionsInput = ZCallFlowRefInput.extend({ fromVersion: ZVersion, toVersion: ZVersion });

export const ZRestoreCallFlowInput = ZCallFlowRefInput.extend({ version: ZVersion, expectedVersion: ZVersion });

/** A draft: any JSON object, errors and all (the editor saves as the user types); publishing validates it. */
export const ZCallFlowDraftDocument = z.custom<Record<string, unknown>>(
  isObject,
  "The draft must be a JSON object with name, extension and flow",
);
