"use client";

import { plural } from "./issue-messages";
import type { ListedIssue } from "./use-revealed-issues";
import { steps } from "./editor-toolbar";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Hint, Message } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";

/**
 * Every step that remains before the flow can be saved, and every warning, each naming its module
 * and field and linking to the module: the heading counts exactly what the list holds. A problem
 * the user has not met yet (a field not yet left) is listed as a step to do, not marked as an
 * error; it is marked once its field is left, or when saving is tried.
 */
export function IssuesPanel({
  errors,
  warnings,
  onSelect,
}: {
  errors: readonly ListedIssue[];
  warnings: readonly ListedIssue[];
  onSelect: (moduleKey: string) => void;
}) {
  const render = (kind: "error" | "warning") => (issue: ListedIssue, index: number) => (
    <li
      key={`${kind}-${index}`}
      data-kind={issue.revealed ? kind : "step"}
      className={cn(!issue.revealed ? "text-muted" : kind === "error" ? "text-danger" : "text-warning")}
    >
      <strong>
        {issue.place}
        {issue.fieldLabel ? ` – ${issue.fieldLabel}` : ""}
      </strong>
      : {issue.text}{" "}
      {issue.moduleKey ? (
        <Button type="button" variant="link" onClick={() => onSelect(issue.moduleKey as string)}>
          Show module
        </Button>
      ) : null}
    </li>
  );
  const heading = errors.length === 0 ? "Ready to save" : `${steps(errors.length)} before saving`;
  const unrevealed = [...errors, ...warnings].some((issue) => !issue.revealed);
  return (
    <Card aria-labelledby="issues-heading" data-testid="issues-panel">
      <h2 id="issues-heading">
        {heading}
        {warnings.length > 0 ? `, ${plural(warnings.length, "warning")}` : ""}
      </h2>
      {errors.length + warnings.length > 0 ? (
        <ul>
          {errors.map(render("error"))}
          {warnings.map(render("warning"))}
        </ul>
      ) : (
        <Message tone="ok">The flow is complete.</Message>
      )}
      {unrevealed ? <Hint>Each step is marked at its field once you have filled it in, or when you save.</Hint> : null}
    </Card>
  );
}
