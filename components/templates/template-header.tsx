"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { type ServerFieldIssue, serverIssues, useTRPC } from "@/components/trpc";
import type { HostedEditing } from "@/components/flow-editor/editor-host";
import { steps } from "@/components/flow-editor/editor-toolbar";
import { moduleNames } from "@/components/flow-editor/issue-messages";
import { useLeaveGuard } from "@/components/flow-editor/use-leave-guard";
import { type Placeholder, templateDocument } from "./template-placeholders";
import { Button } from "@/components/ui/button";
import { useConfirm } from "@/components/ui/confirm";
import { FieldBox, Message } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

type Issues = { errors: ServerFieldIssue[]; warnings: ServerFieldIssue[] };

/**
 * Above the template's graph: its name, and checking, saving and deleting it. A starter is built
 * in: it can be read and copied, not changed.
 */
export function TemplateHeader({
  editing,
  templateId,
  version,
  starter,
  placeholders,
  placeholdersChanged,
  onSaved,
}: {
  editing: HostedEditing;
  templateId: string | null;
  version: number | null;
  starter: boolean;
  placeholders: readonly Placeholder[];
  /** Whether the placeholders differ from those last saved. */
  placeholdersChanged: boolean;
  onSaved: (saved: { name: string; version: number }) => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const nameId = useId();
  const [issues, setIssues] = useState<Issues | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const create = useMutation(trpc.templates.create.mutationOptions());
  const update = useMutation(trpc.templates.update.mutationOptions());
  const remove = useMutation(trpc.templates.delete.mutationOptions());
  const validate = useMutation(trpc.templates.validate.mutationOptions());
  const copy = useMutation(trpc.templates.copyStarter.mutationOptions());
  const { document } = editing;
  // The flow's own changes are guarded by the editor; renamed or removed placeholders by this.
  useLeaveGuard(placeholdersChanged && !editing.dirty);

  async function check() {
    setMessage(null);
    setIssues(await validate.mutateAsync({ document: templateDocument(document, placeholders) }));
  }

  async function save() {
    setMessage(null);
    setIssues(null);
    if (editing.errorCount > 0) {
      // Every problem shows at once, in the list below the graph.
      editing.revealAll();
      setMessage(`${steps(editing.errorCount)} before this template can be saved: see the list below.`);
      return;
    }
    try {
      const saved = templateDocument(document, placeholders);
      if (templateId === null) {
        const created = await create.mutateAsync({ document: saved });
        editing.markSaved(document);
        router.push(`/templates/${created.id}`);
        return;
      }
      const updated = await update.mutateAsync({ id: templateId, expectedVersion: version!, document: saved });
      editing.markSaved(document);
      onSaved({ name: updated.name, version: updated.version });
      await queryClient.invalidateQueries({ queryKey: trpc.templates.pathKey() });
      setMessage(`Saved as version ${updated.version}.`);
    } catch (error) {
      const { message: text, issues: found } = serverIssues(error);
      setIssues({ errors: found.length > 0 ? found : [{ path: "", message: text }], warnings: [] });
    }
  }

  async function deleteTemplate() {
    if (templateId === null) return;
    const confirmed = await confirm({
      title: `Delete the template "${document.name}"?`,
      description: "Flows made from it stay.",
      confirmLabel: "Delete template",
      tone: "danger",
    });
    if (!confirmed) return;
    await remove.mutateAsync({ id: templateId, expectedVersion: version! });
    await queryClient.invalidateQueries({ queryKey: trpc.templates.pathKey() });
    editing.markSaved(document);
    router.push("/templates");
  }

  async function copyStarter() {
    if (templateId === null) return;
    try {
      const copied = await copy.mutateAsync({ id: templateId });
      await queryClient.invalidateQueries({ queryKey: trpc.templates.list.pathKey() });
      router.push(`/templates/${copied.id}`);
    } catch (error) {
      setMessage(null);
      setIssues({ errors: [{ path: "", message: serverIssues(error).message }], warnings: [] });
    }
  }

  return (
    <div className="flex flex-col gap-3 rounded-lg border border-border bg-surface p-4">
      {starter ? (
        <Message tone="ok">
          A starter template: built in, so it cannot be changed. Copy it to your templates to change it.
        </Message>
      ) : null}
      <div className="flex flex-wrap items-end gap-3">
        <FieldBox>
          <label htmlFor={nameId}>Name</label>
          <Input
            id={nameId}
            value={document.name}
            maxLength={100}
            readOnly={starter}
            onChange={(event) => editing.setDocument({ ...document, name: event.target.value })}
          />
        </FieldBox>
        {starter ? (
          <Button type="button" onClick={() => void copyStarter()} disabled={copy.isPending}>
            Copy to your templates
          </Button>
        ) : (
          <>
            <Button type="button" disabled={create.isPending || update.isPending} onClick={() => void save()}>
              {templateId === null ? "Save template" : "Save changes"}
            </Button>
            <Button type="button" variant="secondary" onClick={() => void check()}>
              Check
            </Button>
            {templateId !== null ? (
              <Button type="button" variant="danger" onClick={() => void deleteTemplate()}>
                Delete template
              </Button>
            ) : null}
          </>
        )}
        {!starter && (editing.dirty || placeholdersChanged) ? (
          <span className="text-sm text-muted" data-testid="template-status">
            Unsaved changes
          </span>
        ) : null}
      </div>
      {message ? (
        <Message tone={message.startsWith("Saved") ? "ok" : "error"} role="status" data-testid="template-message">
          {message}
        </Message>
      ) : null}
      {issues ? <IssueList issues={issues} flow={document.flow} /> : null}
    </div>
  );
}

/** Where a template's issue is, as people read it: a module by its name, a placeholder by its. */
function placeOf(path: string, names: ReadonlyMap<string, string>): string | null {
  const [root, key] = path.split(".");
  if (root === "name") return "Name";
  if (root === "placeholders" && key) return `Placeholder "${key}"`;
  if (root === "flow" && key) return names.get(key) ?? "The flow";
  if (root === "flow") return "The flow";
  return null;
}

/** The server's issues, with modules named as the editor names them where the API quotes their keys. */
function IssueList({ issues, flow }: { issues: Issues; flow: HostedEditing["document"]["flow"] }) {
  if (issues.errors.length === 0 && issues.warnings.length === 0) return <Message tone="ok">No problems found.</Message>;
  const names = moduleNames(flow);
  const line = (issue: ServerFieldIssue) => {
    const place = placeOf(issue.path, names);
    const message = [...names].reduce((text, [key, name]) => text.replaceAll(`"${key}"`, `"${name}"`), issue.message);
    return place ? `${place}: ${message}` : message;
  };
  return (
    <ul className="m-0 text-sm" data-testid="template-issues">
      {issues.errors.map((issue, index) => (
        <li key={`e${index}`} className="text-danger">
          {line(issue)}
        </li>
      ))}
      {issues.warnings.map((issue, index) => (
        <li key={`w${index}`} className="text-warning">
          Warning: {line(issue)}
        </li>
      ))}
    </ul>
  );
}
