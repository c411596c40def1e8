"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc";
import { Badge } from "@/components/ui/badge";
import { useParams } from "next/navigation";
import type { ModuleType } from "@/server/domain/call-flow";
import { type PlanLimit, type PlanRules, planLimitMessage, unavailableModuleTypes } from "@/server/domain/plans";

/** The account's usage against its plan, and why a create of `limit` would be refused (null when it would not). */
export function usePlanLimit(accountId: string, limit: PlanLimit): string | null {
  const trpc = useTRPC();
  const usage = useQuery(trpc.accounts.usage.queryOptions({ accountId }));
  const entry = usage.data?.usage.find((candidate) => candidate.limit === limit);
  if (!usage.data?.plan || !entry?.full || entry.max === null) return null;
  return planLimitMessage(limit, entry.max, usage.data.plan.name);
}

/** "3 of 5 call flows" for each limit of the account's plan; what is over a lowered limit is marked. */
export function PlanUsage({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const usage = useQuery(trpc.accounts.usage.queryOptions({ accountId }));
  if (!usage.data) return null;
  const { plan } = usage.data;
  return (
    <section aria-labelledby="plan-usage-heading" className="flex flex-col gap-2">
      <h2 id="plan-usage-heading" className="text-base">
        {plan ? `Plan: ${plan.name}` : "No plan: nothing is limited"}
      </h2>
      <ul className="flex list-none flex-wrap gap-2 p-0" aria-label="Usage">
        {usage.data.usage.map((entry) => (
          <li key={entry.limit}>
            <Badge tone={entry.over ? "danger" : entry.full ? "warning" : "neutral"}>
              {entry.text}
              {entry.over ? " (over the plan's limit)" : ""}
            </Badge>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The module types the plan of the account being edited leaves out, each with the reason
 * ("The Starter plan does not include Fax"): the flow editor offers them as unavailable.
 */
export function useUnavailableModuleTypes(): Partial<Record<ModuleType, string>> {
  const trpc = useTRPC();
  const { accountId } = useParams<{ accountId?: string }>();
  const usage = useQuery({ ...trpc.accounts.usage.queryOptions({ accountId: accountId ?? "" }), enabled: Boolean(accountId) });
  const plan = usage.data?.plan;
  if (!plan) return {};
  return unavailableModuleTypes({
    name: plan.name,
    modules: plan.modules as ModuleType[] | null,
    limits: plan.limits as PlanRules["limits"],
  });
}
