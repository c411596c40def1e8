"use client";

import type { PeopleIssue } from "./issue-messages";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Hint, Message } from "@/components/ui/field";

/**
 * How many steps remain before the flow can be saved, and the problems the user is to see now,
 * each naming its module and field and linking to the module. The rest show as the user
 * leaves their fields, or all at once when saving is tried.
 */
export function IssuesPanel({
  errorCount,
  warningCount,
  errors,
  warnings,
  onSelect,
}: {
  errorCount: number;
  warningCount: number;
  errors: readonly PeopleIssue[];
  warnings: readonly PeopleIssue[];
  onSelect: (moduleKey: string) => void;
}) {
  const hidden = errorCount - errors.length + warningCount - warnings.length;
  const render = (kind: "error" | "warning") => (issue: PeopleIssue, index: number) => (
    <li key={`${kind}-${index}`} className={kind === "error" ? "text-danger" : "text-warning"}>
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
  const heading =
    errorCount === 0
      ? "Ready to save"
      : errorCount === 1
        ? "1 step remains before saving"
        : `${errorCount} steps remain before saving`;
  return (
    <Card aria-labelledby="issues-heading" data-testid="issues-panel">
      <h2 id="issues-heading">
        {heading}
        {warningCount > 0 ? `, ${warningCount} warning${warningCount === 1 ? "" : "s"}` : ""}
      </h2>
      {errors.length + warnings.length > 0 ? (
        <ul>
          {errors.map(render("error"))}
          {warnings.map(render("warning"))}
        </ul>
      ) : null}
      {hidden > 0 ? (
        <Hint>Each step shows here once you have filled in its field, or when you save.</Hint>
      ) : errorCount + warningCount === 0 ? (
        <Message tone="ok">The flow is complete.</Message>
      ) : null}
    </Card>
  );
}
