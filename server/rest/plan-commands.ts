import { createPlan, deletePlan, getPlan, listPlans, type PlanView, updatePlan } from "@/server/services/plans/plans";
import { type TPlanDocument, ZPlanDocument } from "@/server/services/plans/schemas";
import { etagOf, toApiPlan } from "@/server/services/representations";
import { STORED_FIELDS, ZApiPlan } from "./api-schemas";
import type { BodyCall, VoipCall, VoipOutcome } from "./handler";
import { restBody } from "./input";

// The API user's own plans (a reseller's for its customers, the platform's for resellers), on
// top of the plan services, which scope, check and audit; these only translate to and from the API.

export type PlanParams = { uuid: string };

/** POST and PUT: `{name, limits, modules}`, as tRPC and the Plans page take it; a plan read with GET can be sent back whole. */
export const PLAN_BODY = restBody({
  what: "plan",
  name: "PlanDocument",
  schema: ZPlanDocument,
  readOnly: { ...STORED_FIELDS, customers: ZApiPlan.shape.customers },
});

function planOutcome(status: 200 | 201, plan: PlanView, headers: Record<string, string> = {}): VoipOutcome {
  return { status, result: toApiPlan(plan), headers: { ETag: etagOf(plan), ...headers } };
}

export async function listPlansCommand({ ctx }: VoipCall): Promise<VoipOutcome> {
  return { status: 200, result: (await listPlans(ctx)).map(toApiPlan) };
}

export async function createPlanCommand({ ctx, body }: BodyCall<TPlanDocument>): Promise<VoipOutcome> {
  const plan = await createPlan(ctx, { document: body });
  return planOutcome(201, plan, { Location: `/voip/plan/${plan.id}` });
}

export async function getPlanCommand({ ctx, params }: VoipCall<PlanParams>): Promise<VoipOutcome> {
  return planOutcome(200, await getPlan(ctx, { id: params.uuid }));
}

export async function replacePlanCommand({
  request,
  ctx,
  params,
  body,
}: BodyCall<TPlanDocument, PlanParams>): Promise<VoipOutcome> {
  const ifMatch = request.headers.get("if-match") ?? undefined;
  return planOutcome(200, await updatePlan(ctx, { id: params.uuid, document: body, ifMatch }));
}

export async function deletePlanCommand({ request, ctx, params }: VoipCall<PlanParams>): Promise<VoipOutcome> {
  await deletePlan(ctx, { id: params.uuid, ifMatch: request.headers.get("if-match") ?? undefined });
  return { status: 204 };
}
