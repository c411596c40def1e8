"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { serverIssues, useTRPC } from "@/components/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useConfirm } from "@/components/ui/confirm";
import { Field, FieldBox, FormError, Hint, Message } from "@/components/ui/field";
import { Table } from "@/components/ui/table";
import { MODULE_TYPES, moduleTypeDefinition } from "@/server/domain/call-flow";
import { LIMIT_LABELS, PLAN_LIMITS, type PlanLimit } from "@/server/domain/plans";

type PlanRow = {
  id: string;
  name: string;
  limits: Record<string, number | null>;
  modules: readonly string[] | null;
  accountCount: number;
};

type Draft = { id: string | null; name: string; limits: Record<PlanLimit, string>; allModules: boolean; modules: string[] };

const EMPTY: Draft = {
  id: null,
  name: "",
  limits: Object.fromEntries(PLAN_LIMITS.map((limit) => [limit, ""])) as Record<PlanLimit, string>,
  allModules: true,
  modules: [...MODULE_TYPES],
};

function draftOf(plan: PlanRow): Draft {
  return {
    id: plan.id,
    name: plan.name,
    limits: Object.fromEntries(PLAN_LIMITS.map((limit) => [limit, plan.limits[limit]?.toString() ?? ""])) as Record<
      PlanLimit,
      string
    >,
    allModules: plan.modules === null,
    modules: plan.modules ? [...plan.modules] : [...MODULE_TYPES],
  };
}

/** A limit as the list shows it: "5", or "∞" for unlimited. */
const shown = (value: number | null | undefined) => (value === null || value === undefined ? "∞" : String(value));

/** The Plans page: the account's plans, and a form that creates one or edits the one chosen. */
export function PlanManager({ forResellers }: { forResellers: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const plans = useQuery(trpc.plans.list.queryOptions());
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [issues, setIssues] = useState<{ message: string; byField: Record<string, string> } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.plans.pathKey() });
  const onError = (error: unknown) => {
    const { message, issues: fieldIssues } = serverIssues(error);
    setIssues({ message, byField: Object.fromEntries(fieldIssues.map((issue) => [issue.path, issue.message])) });
  };
  const create = useMutation(trpc.plans.create.mutationOptions());
  const update = useMutation(trpc.plans.update.mutationOptions());
  const save = useMutation({
    mutationFn: async (document: Parameters<typeof create.mutateAsync>[0]) =>
      draft.id ? update.mutateAsync({ id: draft.id, document }) : create.mutateAsync(document),
    onSuccess: (plan) => {
      toast.success(`Plan ${plan.name} saved`);
      setDraft(EMPTY);
      setIssues(null);
      return refresh();
    },
    onError,
  });
  const remove = useMutation(
    trpc.plans.delete.mutationOptions({ onSuccess: refresh, onError: (error) => toast.error(serverIssues(error).message) }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const limits = Object.fromEntries(
      PLAN_LIMITS.map((limit) => [limit, draft.limits[limit].trim() === "" ? null : Number(draft.limits[limit])]),
    );
    save.mutate({ name: draft.name, limits, modules: draft.allModules ? null : draft.modules });
  }

  async function deletePlan(plan: PlanRow) {
    const confirmed = await confirm({ title: `Delete the plan ${plan.name}?`, confirmLabel: "Delete plan", tone: "danger" });
    if (confirmed) remove.mutate({ id: plan.id });
  }

  const limitsShown = PLAN_LIMITS.filter((limit) => limit !== "customers" || forResellers);
  return (
    <>
      <Card aria-labelledby="plans-heading">
        <h2 id="plans-heading">Plans</h2>
        {plans.isPending ? <p>Loading plans…</p> : null}
        {plans.data?.length === 0 ? <Message tone="muted">No plans yet: create one below.</Message> : null}
        {plans.data && plans.data.length > 0 ? (
          <div className="overflow-x-auto">
            <Table aria-label="Plans">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  {limitsShown.map((limit) => (
                    <th scope="col" key={limit}>
                      {LIMIT_LABELS[limit]}
                    </th>
                  ))}
                  <th scope="col">Modules</th>
                  <th scope="col">{forResellers ? "Resellers" : "Customers"} on it</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {plans.data.map((plan) => (
                  <tr key={plan.id}>
                    <td>{plan.name}</td>
                    {limitsShown.map((limit) => (
                      <td key={limit}>{shown(plan.limits[limit])}</td>
                    ))}
                    <td>{plan.modules === null ? <Badge tone="ok">All</Badge> : `${plan.modules.length} types`}</td>
                    <td>{plan.accountCount}</td>
                    <td className="flex gap-2">
                      <Button variant="secondary" size="sm" onClick={() => setDraft(draftOf(plan))}>
                        Edit {plan.name}
                      </Button>
                      <Button variant="danger" size="sm" onClick={() => deletePlan(plan)}>
                        Delete {plan.name}
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        ) : null}
      </Card>
      <Card aria-labelledby="plan-form-heading">
        <h2 id="plan-form-heading">{draft.id ? `Edit ${draft.name}` : "New plan"}</h2>
        <form className="flex flex-col gap-4" noValidate onSubmit={submit}>
          <Field
            label="Plan name"
            name="name"
            value={draft.name}
            onChange={(event) => setDraft({ ...draft, name: event.target.value })}
            error={issues?.byField.name ? { type: "server", message: issues.byField.name } : undefined}
          />
          <fieldset className="flex flex-wrap gap-3">
            <legend className="mb-1 text-sm">Limits (leave empty for unlimited; a lower limit keeps what exists)</legend>
            {limitsShown.map((limit) => (
              <Field
                key={limit}
                label={LIMIT_LABELS[limit]}
                name={`limits.${limit}`}
                inputMode="numeric"
                value={draft.limits[limit]}
                onChange={(event) => setDraft({ ...draft, limits: { ...draft.limits, [limit]: event.target.value } })}
                error={
                  issues?.byField[`limits.${limit}`] ? { type: "server", message: issues.byField[`limits.${limit}`]! } : undefined
                }
              />
            ))}
          </fieldset>
          <FieldBox>
            <label className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={draft.allModules}
                onChange={(event) => setDraft({ ...draft, allModules: event.target.checked })}
              />
              Every module type
            </label>
            {draft.allModules ? null : (
              <fieldset className="flex flex-wrap gap-3">
                <legend className="text-sm">Module types flows may use</legend>
                {MODULE_TYPES.map((type) => (
                  <label key={type} className="flex items-center gap-1">
                    <input
                      type="checkbox"
                      checked={draft.modules.includes(type)}
                      onChange={(event) =>
                        setDraft({
                          ...draft,
                          modules: event.target.checked
                            ? [...draft.modules, type]
                            : draft.modules.filter((value) => value !== type),
                        })
                      }
                    />
                    {moduleTypeDefinition(type).label}
                  </label>
                ))}
              </fieldset>
            )}
            <Hint>Flows can use only these; the editor shows the others as unavailable.</Hint>
          </FieldBox>
          <div className="flex gap-2">
            <Button type="submit" disabled={save.isPending}>
              {draft.id ? "Save plan" : "Create plan"}
            </Button>
            {draft.id ? (
              <Button variant="secondary" onClick={() => setDraft(EMPTY)}>
                Cancel editing
              </Button>
            ) : null}
          </div>
          <FormError message={issues?.message ?? null} />
        </form>
      </Card>
    </>
  );
}
