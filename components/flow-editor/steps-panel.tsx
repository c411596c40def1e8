"use client";

import { MODULE_REGISTRY, moduleTypeOf } from "@/server/domain/call-flow";
import type { FlowDocument } from "./flow-document";
import { keysInRouteOrder, stepDetails, stepRoutes } from "./flow-steps";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Hint } from "@/components/ui/field";

type StepsPanelProps = {
  flow: FlowDocument["flow"];
  /** Each module's name in the editor ("IVR menu 2"). */
  names: ReadonlyMap<string, string>;
  /** Resources by id, as the pickers name them. */
  resourceNames: ReadonlyMap<string, string>;
  statuses: Readonly<Record<string, "warning" | "error">>;
  /** Opens a module's form. */
  onEdit: (key: string) => void;
};

/**
 * The flow as a numbered list in the order a call meets its modules: what each does, by name,
 * and where each route goes. What a person reads on a phone, where the graph is too small.
 */
export function StepsPanel({ flow, names, resourceNames, statuses, onEdit }: StepsPanelProps) {
  const { reached, unreached } = keysInRouteOrder(flow);
  const numbers = new Map([...reached, ...unreached].map((key, index) => [key, index + 1]));
  const nameOf = (key: string) => names.get(key) ?? "Unknown module";
  const step = (key: string) => (
    <Step
      key={key}
      moduleKey={key}
      number={numbers.get(key)!}
      flow={flow}
      name={nameOf(key)}
      targetName={(target) => `${numbers.get(target)}. ${nameOf(target)}`}
      resourceName={(id) => resourceNames.get(id) ?? null}
      status={statuses[key]}
      onEdit={onEdit}
    />
  );
  return (
    <div className="flex flex-col gap-4">
      <ol className="m-0 flex list-none flex-col gap-3 p-0" aria-label="Steps in the order a call meets them">
        {reached.map(step)}
      </ol>
      {unreached.length > 0 ? (
        <section className="flex flex-col gap-3" aria-labelledby="unreached-steps-heading">
          <h3 id="unreached-steps-heading">No call reaches these</h3>
          <ol className="m-0 flex list-none flex-col gap-3 p-0">{unreached.map(step)}</ol>
        </section>
      ) : null}
    </div>
  );
}

/** Scrolls to a step of the list and puts the focus on it. */
function showStep(key: string) {
  const step = document.getElementById(`step-${key}`);
  step?.scrollIntoView({ block: "start" });
  step?.focus({ preventScroll: true });
}

function Step({
  moduleKey,
  number,
  flow,
  name,
  targetName,
  resourceName,
  status,
  onEdit,
}: {
  moduleKey: string;
  number: number;
  flow: FlowDocument["flow"];
  name: string;
  targetName: (key: string) => string;
  resourceName: (id: string) => string | null;
  status: "warning" | "error" | undefined;
  onEdit: (key: string) => void;
}) {
  const module = flow[moduleKey]!;
  const type = moduleTypeOf(module.module);
  const headingId = `step-${moduleKey}-heading`;
  const details = stepDetails(module, resourceName);
  const routes = stepRoutes(module, flow);
  return (
    <li
      id={`step-${moduleKey}`}
      tabIndex={-1}
      className="flex min-w-0 scroll-mt-4 flex-col gap-2 rounded-lg border border-border bg-surface p-3"
      aria-labelledby={headingId}
    >
      <div className="flex flex-wrap items-center gap-2">
        <h3 id={headingId} className="m-0 text-base">
          {number}. {name}
        </h3>
        {status === "error" ? <Badge tone="danger">Needs fixing</Badge> : null}
        {status === "warning" ? <Badge tone="warning">Has a warning</Badge> : null}
      </div>
      <Hint>{type ? MODULE_REGISTRY[type].help : "A module the portal does not know."}</Hint>
      {details.length > 0 ? (
        <dl className="m-0 flex flex-col gap-1 text-sm">
          {details.map((detail) => (
            <div key={detail.label} className="min-w-0 break-words">
              <dt className="inline font-medium">{detail.label}: </dt>
              <dd className="inline">{detail.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {routes.length > 0 ? (
        <ul className="m-0 flex list-none flex-col gap-1 p-0 text-sm">
          {routes.map((route) => (
            <li key={route.label} className="min-w-0 break-words">
              <span className="font-medium">{route.label}: </span>
              {route.to === "module" ? (
                // A button, not a link to #step: the editor asks before following links with unsaved changes.
                <Button type="button" variant="link" onClick={() => showStep(route.key)}>
                  {targetName(route.key)}
                </Button>
              ) : route.to === "special" ? (
                route.text
              ) : route.required ? (
                <span className="text-danger">not chosen yet</span>
              ) : (
                <span className="text-muted">none</span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <div>
        <Button type="button" variant="secondary" onClick={() => onEdit(moduleKey)}>
          Edit {name}
        </Button>
      </div>
    </li>
  );
}
