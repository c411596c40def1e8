"use client";

import type { ValidationResult } from "@/server/domain/call-flow";

/** Every error and warning of the flow, each linking to the module it is about. */
export function IssuesPanel({
  validation,
  flowKeys,
  onSelect,
}: {
  validation: ValidationResult;
  flowKeys: string[];
  onSelect: (moduleKey: string) => void;
}) {
  const moduleOf = (path: string) =>
    path.startsWith("flow.")
      ? flowKeys.filter((key) => path === `flow.${key}` || path.startsWith(`flow.${key}.`)).sort((a, b) => b.length - a.length)[0]
      : undefined;
  const render = (kind: "error" | "warning") => (issue: { path: string; message: string }, index: number) => {
    const key = moduleOf(issue.path);
    return (
      <li key={`${kind}-${index}`} className={kind === "error" ? "issue-error" : "issue-warning"}>
        <code>{issue.path || "(flow)"}</code> {issue.message}{" "}
        {key ? (
          <button type="button" className="link" onClick={() => onSelect(key)}>
            Show module
          </button>
        ) : null}
      </li>
    );
  };
  return (
    <section className="panel issues" aria-labelledby="issues-heading" data-testid="issues-panel">
      <h2 id="issues-heading">
        {validation.errors.length} error{validation.errors.length === 1 ? "" : "s"}, {validation.warnings.length} warning
        {validation.warnings.length === 1 ? "" : "s"}
      </h2>
      {validation.errors.length + validation.warnings.length === 0 ? (
        <p className="notice">The flow is valid.</p>
      ) : (
        <ul>
          {validation.errors.map(render("error"))}
          {validation.warnings.map(render("warning"))}
        </ul>
      )}
    </section>
  );
}
