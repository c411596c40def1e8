"use client";

import { useConfirm } from "@/components/ui/confirm";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { formatDay } from "@/components/format";
import { type ServerFieldIssue, serverIssues, useTRPC } from "@/components/trpc";
import {
  KIND_LABELS,
  PLACEHOLDER_KINDS,
  type PlaceholderKind,
  resourceSlots,
  type TTemplatePlaceholders,
} from "@/server/domain/templates";
import { RecentApplyRuns } from "./apply-run";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Select, Textarea } from "@/components/ui/input";
import { Table } from "@/components/ui/table";
import { FieldBox, Message } from "@/components/ui/field";

type Row = { name: string; kind: PlaceholderKind };
type Loaded = { name: string; flow?: unknown; placeholders: TTemplatePlaceholders; version: number | null; starter: boolean };

const BLANK: Loaded = {
  name: "",
  flow: { start: { module: "start", next: "" } },
  placeholders: {},
  version: null,
  starter: false,
};

/** Creates a template (blank, or proposed from a flow) or edits one of the library, with its versions. */
export function TemplateEditor({
  templateId,
  fromFlow,
}: {
  templateId: string | null;
  fromFlow: { accountId: string; flowId: string } | null;
}) {
  const trpc = useTRPC();
  const saved = useQuery({ ...trpc.templates.get.queryOptions({ id: templateId ?? "" }), enabled: templateId !== null });
  const proposal = useQuery({
    ...trpc.templates.proposeFromFlow.queryOptions(fromFlow ?? { accountId: "", flowId: "" }),
    enabled: fromFlow !== null,
  });
  const query = templateId !== null ? saved : fromFlow !== null ? proposal : null;
  if (query?.isPending) return <p>Loading the template…</p>;
  if (query?.isError) return <Message tone="error">Could not load the template: {query.error.message}</Message>;
  const loaded: Loaded =
    templateId !== null && saved.data ? saved.data : proposal.data ? { ...proposal.data, version: null, starter: false } : BLANK;
  return <TemplateForm key={`${templateId}:${loaded.version}`} templateId={templateId} loaded={loaded} />;
}

function rowsOf(placeholders: TTemplatePlaceholders): Row[] {
  return Object.entries(placeholders).map(([name, { kind }]) => ({ name, kind }));
}

function TemplateForm({ templateId, loaded }: { templateId: string | null; loaded: Loaded }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const nameId = useId();
  const flowId = useId();
  const [name, setName] = useState(loaded.name);
  const [flowText, setFlowText] = useState(JSON.stringify(loaded.flow, null, 2));
  const [rows, setRows] = useState<Row[]>(rowsOf(loaded.placeholders));
  const [issues, setIssues] = useState<{ errors: ServerFieldIssue[]; warnings: ServerFieldIssue[] } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const create = useMutation(trpc.templates.create.mutationOptions());
  const update = useMutation(trpc.templates.update.mutationOptions());
  const remove = useMutation(trpc.templates.delete.mutationOptions());
  const validate = useMutation(trpc.templates.validate.mutationOptions());
  const readOnly = loaded.starter;

  /** The template as typed; null (with the problem shown) while the flow is not JSON. */
  function documentOrNull() {
    try {
      const flow = JSON.parse(flowText) as Record<string, unknown>;
      return { name, flow, placeholders: Object.fromEntries(rows.map((row) => [row.name, { kind: row.kind }])) };
    } catch (error) {
      setIssues({ errors: [{ path: "flow", message: `The flow is not valid JSON: ${(error as Error).message}` }], warnings: [] });
      return null;
    }
  }

  /** Declares each "{{…}}" the flow uses that is not declared yet, with the kind its field takes. */
  function declareUsedPlaceholders() {
    const document = documentOrNull();
    if (!document) return;
    const declared = new Set(rows.map((row) => row.name));
    const added: Row[] = [];
    for (const slot of resourceSlots(document.flow)) {
      if (slot.placeholder === null || declared.has(slot.placeholder)) continue;
      declared.add(slot.placeholder);
      added.push({ name: slot.placeholder, kind: slot.kinds[0]! });
    }
    setRows([...rows, ...added]);
  }

  async function check() {
    const document = documentOrNull();
    if (document) setIssues(await validate.mutateAsync({ document }));
  }

  async function save() {
    setMessage(null);
    const document = documentOrNull();
    if (!document) return;
    try {
      if (templateId === null) {
        const created = await create.mutateAsync({ document });
        router.push(`/templates/${created.id}`);
        return;
      }
      const updated = await update.mutateAsync({ id: templateId, expectedVersion: loaded.version!, document });
      await queryClient.invalidateQueries({ queryKey: trpc.templates.pathKey() });
      setIssues(null);
      setMessage(`Saved as version ${updated.version}.`);
    } catch (error) {
      const { message: text, issues: found } = serverIssues(error);
      setIssues({ errors: found.length > 0 ? found : [{ path: "", message: text }], warnings: [] });
    }
  }

  return (
    <div className="flex flex-col gap-3">
      <p>
        <Link href="/templates">← Templates</Link>
      </p>
      {templateId !== null ? <h1>{loaded.name}</h1> : null}
      {readOnly ? (
        <Message tone="ok">
          A starter template: built in, so it cannot be changed. Copy it to your templates to change it.
        </Message>
      ) : null}
      {templateId !== null ? (
        <p>
          <Link className={buttonVariants({ variant: "primary" })} href={`/templates/${templateId}/apply`}>
            Apply to customers
          </Link>
        </p>
      ) : null}
      <Card className="flex flex-col gap-3" aria-labelledby="template-heading">
        <h2 id="template-heading">Template</h2>
        <FieldBox>
          <label htmlFor={nameId}>Name</label>
          <Input id={nameId} value={name} maxLength={100} readOnly={readOnly} onChange={(event) => setName(event.target.value)} />
        </FieldBox>
        <FieldBox>
          <label htmlFor={flowId}>Flow (JSON; a resource is written "{"{{Placeholder name}}"}")</label>
          <Textarea
            id={flowId}
            rows={16}
            value={flowText}
            readOnly={readOnly}
            onChange={(event) => setFlowText(event.target.value)}
          />
        </FieldBox>
        <fieldset>
          <legend>Placeholders</legend>
          <Table aria-label="Placeholders">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">
                  <span className="text-xs text-muted">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={index}>
                  <td>
                    <Input
                      aria-label={`Placeholder ${index + 1} name`}
                      value={row.name}
                      readOnly={readOnly}
                      onChange={(event) =>
                        setRows(rows.map((other, at) => (at === index ? { ...other, name: event.target.value } : other)))
                      }
                    />
                  </td>
                  <td>
                    <Select
                      aria-label={`Kind of ${row.name || `placeholder ${index + 1}`}`}
                      value={row.kind}
                      disabled={readOnly}
                      onChange={(event) =>
                        setRows(
                          rows.map((other, at) =>
                            at === index ? { ...other, kind: event.target.value as PlaceholderKind } : other,
                          ),
                        )
                      }
                    >
                      {PLACEHOLDER_KINDS.map((kind) => (
                        <option key={kind} value={kind}>
                          {KIND_LABELS[kind]}
                        </option>
                      ))}
                    </Select>
                  </td>
                  <td>
                    {readOnly ? null : (
                      <Button type="button" variant="link" onClick={() => setRows(rows.filter((_, at) => at !== index))}>
                        Remove {row.name}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          {readOnly ? null : (
            <p className="flex flex-wrap items-end gap-2">
              <Button type="button" variant="secondary" onClick={() => setRows([...rows, { name: "", kind: "sipuser" }])}>
                Add a placeholder
              </Button>
              <Button type="button" variant="secondary" onClick={declareUsedPlaceholders}>
                Declare the placeholders the flow uses
              </Button>
            </p>
          )}
        </fieldset>
        {readOnly ? null : (
          <p className="flex flex-wrap items-end gap-2">
            <Button type="button" variant="secondary" onClick={() => void check()}>
              Check
            </Button>
            <Button type="button" disabled={create.isPending || update.isPending} onClick={() => void save()}>
              {templateId === null ? "Save template" : "Save changes"}
            </Button>
            {templateId !== null ? (
              <Button
                type="button"
                variant="danger"
                onClick={async () => {
                  const confirmed = await confirm({
                    title: `Delete the template "${loaded.name}"?`,
                    description: "Flows made from it stay.",
                    confirmLabel: "Delete template",
                    tone: "danger",
                  });
                  if (!confirmed) return;
                  await remove.mutateAsync({ id: templateId, expectedVersion: loaded.version! });
                  await queryClient.invalidateQueries({ queryKey: trpc.templates.pathKey() });
                  router.push("/templates");
                }}
              >
                Delete template
              </Button>
            ) : null}
          </p>
        )}
        {message ? (
          <Message tone="ok" role="status" data-testid="template-message">
            {message}
          </Message>
        ) : null}
        {issues ? <IssueList issues={issues} /> : null}
      </Card>
      {templateId !== null ? <RecentApplyRuns source={{ kind: "template", id: templateId }} /> : null}
      {templateId !== null && !readOnly ? <TemplateVersions templateId={templateId} currentVersion={loaded.version!} /> : null}
    </div>
  );
}

function IssueList({ issues }: { issues: { errors: ServerFieldIssue[]; warnings: ServerFieldIssue[] } }) {
  if (issues.errors.length === 0 && issues.warnings.length === 0) return <Message tone="ok">No problems found.</Message>;
  return (
    <div className="text-sm" data-testid="template-issues">
      <ul>
        {issues.errors.map((issue, index) => (
          <li key={`e${index}`} className="text-danger">
            {issue.path ? <code>{issue.path}</code> : null} {issue.message}
          </li>
        ))}
        {issues.warnings.map((issue, index) => (
          <li key={`w${index}`} className="text-warning">
            Warning: {issue.path ? <code>{issue.path}</code> : null} {issue.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

function TemplateVersions({ templateId, currentVersion }: { templateId: string; currentVersion: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const history = useQuery(trpc.templates.history.queryOptions({ id: templateId }));
  const restore = useMutation(trpc.templates.restore.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  return (
    <Card aria-labelledby="versions-heading">
      <h2 id="versions-heading">Versions</h2>
      {error ? <Message tone="error">{error}</Message> : null}
      {history.isPending ? <p>Loading versions…</p> : null}
      {history.data ? (
        <Table aria-label="Versions">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Name</th>
              <th scope="col">Saved</th>
              <th scope="col">By</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {history.data.map((revision) => (
              <tr key={revision.version}>
                <td>{revision.version}</td>
                <td>{revision.name}</td>
                <td>{formatDay(revision.createdAt)}</td>
                <td>{revision.createdByLabel}</td>
                <td>
                  {revision.version === currentVersion ? (
                    "current"
                  ) : (
                    <Button
                      type="button"
                      variant="secondary"
                      onClick={async () => {
                        setError(null);
                        try {
                          await restore.mutateAsync({
                            id: templateId,
                            version: revision.version,
                            expectedVersion: currentVersion,
                          });
                          await queryClient.invalidateQueries({ queryKey: trpc.templates.pathKey() });
                        } catch (failure) {
                          setError(serverIssues(failure).message);
                        }
                      }}
                    >
                      Restore version {revision.version}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </Card>
  );
}
