"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useMemo, useState } from "react";
import { formatDay } from "@/components/format";
import { serverIssues, useTRPC } from "@/components/trpc";
import { DEFAULT_EXTENSION_RANGE } from "@/server/domain/call-flow";
import { isObject } from "@/server/domain/json";
import type { TTemplatePlaceholders } from "@/server/domain/templates";
import type { ResourceMaker } from "@/components/flow-editor/editor-context";
import type { EditorHost, HostedEditing } from "@/components/flow-editor/editor-host";
import { FlowEditor } from "@/components/flow-editor/flow-editor";
import { JsonPanel } from "@/components/flow-editor/json-panel";
import { RecentApplyRuns } from "./apply-run";
import { useNewPlaceholder } from "./new-placeholder-dialog";
import { PlaceholderList } from "./placeholder-list";
import { TemplateHeader } from "./template-header";
import {
  editableTemplate,
  type Placeholder,
  placeholderResources,
  templateDocument,
  usedPlaceholderIds,
} from "./template-placeholders";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table } from "@/components/ui/table";
import { Message } from "@/components/ui/field";

type Loaded = { name: string; flow?: unknown; placeholders: TTemplatePlaceholders; version: number | null; starter: boolean };

const BLANK: Loaded = { name: "", flow: {}, placeholders: {}, version: null, starter: false };

/**
 * Creates a template (blank, or proposed from a flow) or edits one of the library, with its
 * versions, in the call-flow editor. `libraryAccountId` is the account whose library holds it.
 */
export function TemplateEditor({
  templateId,
  fromFlow,
  libraryAccountId,
}: {
  templateId: string | null;
  fromFlow: { accountId: string; flowId: string } | null;
  libraryAccountId: string;
}) {
  const trpc = useTRPC();
  // A restored version is a new start: the editor opens again on it.
  const [restores, setRestores] = useState(0);
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
  return (
    <TemplateForm
      key={`${templateId}:${restores}`}
      templateId={templateId}
      loaded={loaded}
      blank={query === null}
      libraryAccountId={libraryAccountId}
      onRestored={() => setRestores((count) => count + 1)}
    />
  );
}

const NEW_PLACEHOLDER = "New placeholder…";

function TemplateForm({
  templateId,
  loaded,
  blank,
  libraryAccountId,
  onRestored,
}: {
  templateId: string | null;
  loaded: Loaded;
  blank: boolean;
  libraryAccountId: string;
  onRestored: () => void;
}) {
  const [initial] = useState(() => editableTemplate(loaded, () => crypto.randomUUID()));
  const [placeholders, setPlaceholders] = useState<Placeholder[]>(initial.placeholders);
  const [savedPlaceholders, setSavedPlaceholders] = useState<readonly Placeholder[]>(initial.placeholders);
  const [title, setTitle] = useState(loaded.name);
  const [version, setVersion] = useState(loaded.version);
  const starter = loaded.starter;
  const addPlaceholder = useCallback((made: Placeholder) => setPlaceholders((current) => [...current, made]), []);
  const { ask, dialog } = useNewPlaceholder(placeholders, addPlaceholder);
  const resources = useMemo(() => placeholderResources(placeholders), [placeholders]);
  const newResource = useMemo<ResourceMaker | null>(
    () => (starter ? null : { label: NEW_PLACEHOLDER, make: async (kinds) => (await ask(kinds))?.id ?? null }),
    [starter, ask],
  );
  const placeholdersChanged = placeholders !== savedPlaceholders;

  /** A template pasted in the JSON view: its placeholders keep the ids of those of the same name. */
  function applyJson(parsed: Record<string, unknown>, editing: HostedEditing): string | null {
    if (!isObject(parsed.flow)) return 'A template needs "flow": an object mapping module keys to modules.';
    const next = editableTemplate(
      parsed,
      (name) => placeholders.find((placeholder) => placeholder.name === name)?.id ?? crypto.randomUUID(),
    );
    setPlaceholders(next.placeholders);
    editing.setDocument(next.document);
    editing.revealAll();
    return null;
  }

  const host: EditorHost = {
    blank,
    resources,
    newResource,
    header: (editing) => (
      <TemplateHeader
        editing={editing}
        templateId={templateId}
        version={version}
        starter={starter}
        placeholders={placeholders}
        placeholdersChanged={placeholdersChanged}
        onSaved={(saved) => {
          setTitle(saved.name);
          setVersion(saved.version);
          setSavedPlaceholders(placeholders);
        }}
      />
    ),
    json: (editing) => (
      <JsonPanel
        value={templateDocument(editing.document, placeholders)}
        label={'Template JSON (a resource is written "{{Placeholder name}}")'}
        fileName={`${editing.document.name || "template"}.json`}
        onApply={(parsed) => applyJson(parsed, editing)}
      />
    ),
    aside: (editing) => (
      <PlaceholderList
        placeholders={placeholders}
        used={usedPlaceholderIds(editing.document.flow)}
        readOnly={starter}
        onChange={setPlaceholders}
      />
    ),
  };

  return (
    <div className="flex flex-col gap-3">
      <p>
        <Link href="/templates">← Templates</Link>
      </p>
      {templateId !== null ? <h1>{title}</h1> : null}
      {templateId !== null ? (
        <p>
          <Link className={buttonVariants({ variant: "primary" })} href={`/templates/${templateId}/apply`}>
            Apply to customers
          </Link>
        </p>
      ) : null}
      <FlowEditor
        accountId={libraryAccountId}
        flowId={null}
        version={null}
        initial={initial.document}
        extensionRange={DEFAULT_EXTENSION_RANGE}
        host={host}
      />
      {dialog}
      {templateId !== null ? <RecentApplyRuns source={{ kind: "template", id: templateId }} /> : null}
      {templateId !== null && !starter ? (
        <TemplateVersions templateId={templateId} currentVersion={version!} onRestored={onRestored} />
      ) : null}
    </div>
  );
}

function TemplateVersions({
  templateId,
  currentVersion,
  onRestored,
}: {
  templateId: string;
  currentVersion: number;
  onRestored: () => void;
}) {
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
                          onRestored();
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
