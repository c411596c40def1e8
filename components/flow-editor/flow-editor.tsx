"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { diffCallFlows, moduleTypeOf, type ModuleType, type TCallFlowInput } from "@/server/domain/call-flow";
import type { ResourceDirectory } from "@/server/services/call-flows/simulation";
import { soundAudioUrl, soundLength } from "@/components/sounds/sound-player";
import { serverIssues, useTRPC } from "@/components/trpc";
import { DiffView } from "./diff-view";
import { EditorContext, type EditorContextValue, type ResourceOptions } from "./editor-context";
import { FlowGraph } from "./flow-graph";
import { HistoryPanel } from "./history-panel";
import { IssuesPanel } from "./issues-panel";
import { JsonPanel } from "./json-panel";
import { ModuleForm } from "./module-form";
import { MODULE_LABELS } from "./module-labels";
import { SettingsForm } from "./settings-form";
import { CallAtTime } from "@/components/schedules/call-at-time";
import { TestCallPanel } from "./test-call-panel";
import { documentOfStored, type FlowDocument } from "./flow-document";
import { useFlowDocument } from "./use-flow-document";

/** A flow as the portal's API returns it after a save. */
export type StoredFlow = {
  id: string;
  version: number;
  name: string;
  extension: number;
  flow: unknown;
  showCallRouteName: boolean;
  showOriginalCallerId: boolean;
};
import { useLeaveGuard } from "./use-leave-guard";

export type FlowEditorProps = {
  accountId: string;
  /** The stored flow, or null for a new one. */
  flowId: string | null;
  version: number | null;
  initial: FlowDocument;
  directory: ResourceDirectory;
  extensionRange: { min: number; max: number };
};

const TABS = ["Modules", "JSON", "History", "Test call"] as const;
const NOTHING: ReadonlySet<string> = new Set();
type Tab = (typeof TABS)[number];

function resourceOptions(directory: ResourceDirectory, accountId: string): ResourceOptions {
  const named = (rows: { id: string; name: string }[]) => rows.map((row) => ({ id: row.id, label: row.name }));
  return {
    sipUsers: directory.sipUsers.map((u) => ({ id: u.id, label: `${u.name} (ext ${u.extension})` })),
    huntGroups: directory.huntGroups.map((g) => ({ id: g.id, label: `${g.name} (ext ${g.extension})` })),
    sounds: directory.sounds.map((sound) =>
      sound.durationMs === null
        ? { id: sound.id, label: sound.name }
        : { id: sound.id, label: `${sound.name} (${soundLength(sound.durationMs)})`, audioUrl: soundAudioUrl(accountId, sound.id) },
    ),
    playlists: named(directory.playlists),
    mailboxes: directory.mailboxes.map((m) => ({ id: m.id, label: `${m.name} (box ${m.boxNumber})` })),
    trunks: named(directory.trunks),
  };
}

function idSets(directory: ResourceDirectory) {
  const ids = (rows: { id: string }[]) => new Set(rows.map((row) => row.id));
  return {
    sipUsers: ids(directory.sipUsers),
    huntGroups: ids(directory.huntGroups),
    sounds: ids(directory.sounds),
    playlists: ids(directory.playlists),
    mailboxes: ids(directory.mailboxes),
    trunks: ids(directory.trunks),
  };
}

/** A short line under each module in the graph, so the flow reads without opening forms. */
function summarize(type: ModuleType | undefined, module: Record<string, unknown>, names: Map<string, string>): string {
  const name = (value: unknown) => (typeof value === "string" ? (names.get(value) ?? "") : "");
  switch (type) {
    case "play":
      return name(module.sound);
    case "musiconhold":
      return name(module.class);
    case "extension":
      return Array.isArray(module.extensions)
        ? module.extensions.map((t: { uuid?: string; number?: string }) => t.number ?? name(t.uuid)).filter(Boolean).join(", ")
        : "";
    case "calleridmatch":
      return Array.isArray(module.patterns) ? module.patterns.join("  ") : "";
    case "voicemail":
      return Array.isArray(module.mailboxes) ? module.mailboxes.map(name).join(", ") : "";
    case "Trunk":
      return name(module.uuid);
    case "conference":
      return module.pin ? "PIN required" : "";
    default:
      return "";
  }
}

export function FlowEditor({ accountId, flowId, version, initial, directory, extensionRange }: FlowEditorProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const resources = useMemo(() => idSets(directory), [directory]);
  const options = useMemo(() => resourceOptions(directory, accountId), [directory, accountId]);
  const names = useMemo(
    () => new Map(Object.values(options).flatMap((list) => list.map((option) => [option.id, option.label] as const))),
    [options],
  );
  const editor = useFlowDocument(initial, resources, extensionRange);
  const { document, validation, moduleIssues } = editor;
  const [baseVersion, setBaseVersion] = useState(version);
  const [tab, setTab] = useState<Tab>("Modules");
  const startKey = Object.keys(document.flow).find((key) => moduleTypeOf(document.flow[key]?.module) === "start") ?? null;
  const [selectedKey, setSelectedKey] = useState<string | null>(startKey);
  const [highlighted, setHighlighted] = useState<ReadonlySet<string>>(NOTHING);
  const [notice, setNotice] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<StoredFlow | null>(null);
  useLeaveGuard(editor.dirty);

  const moduleOptions = useMemo(
    () =>
      Object.entries(document.flow).map(([key, module]) => {
        const type = moduleTypeOf(module.module);
        const summary = summarize(type, module, names);
        return { key, label: `${type ? MODULE_LABELS[type].title : "Unknown"}${summary ? `: ${summary}` : ""} (${key.slice(0, 8)})` };
      }),
    [document.flow, names],
  );
  const summaries = useMemo(
    () => Object.fromEntries(Object.entries(document.flow).map(([key, module]) => [key, summarize(moduleTypeOf(module.module), module, names)])),
    [document.flow, names],
  );
  const statuses = useMemo(() => {
    const result: Record<string, "warning" | "error"> = {};
    for (const [key, issues] of moduleIssues) {
      if (issues.errors.length > 0) result[key] = "error";
      else if (issues.warnings.length > 0) result[key] = "warning";
    }
    return result;
  }, [moduleIssues]);

  const { addModule } = editor;
  const context = useMemo<EditorContextValue>(
    () => ({
      moduleOptions,
      resources: options,
      issuesOf: (key) => moduleIssues.get(key) ?? { errors: [], warnings: [] },
      addModule: (type) => {
        const key = addModule(type);
        setNotice(`Added a new ${MODULE_LABELS[type].title} module: select it in the graph to fill it in.`);
        return key;
      },
    }),
    [moduleOptions, options, moduleIssues, addModule],
  );

  const applySaved = useCallback(
    (saved: StoredFlow, message: string) => {
      editor.markSaved(documentOfStored(saved));
      setBaseVersion(saved.version);
      setConflict(null);
      setSaveError(null);
      setNotice(message);
      void queryClient.invalidateQueries({ queryKey: trpc.callFlows.pathKey() });
      // The page's heading and the list are server-rendered: refresh them too.
      if (flowId) router.refresh();
      else router.replace(`/accounts/${accountId}/flows/${saved.id}`);
    },
    [editor, queryClient, trpc, flowId, router, accountId],
  );

  const create = useMutation(trpc.callFlows.create.mutationOptions());
  const update = useMutation(trpc.callFlows.update.mutationOptions());
  const saving = create.isPending || update.isPending;

  async function save(expectedVersion = baseVersion) {
    setSaveError(null);
    setNotice(null);
    try {
      const saved =
        flowId === null || expectedVersion === null
          ? await create.mutateAsync({ accountId, document: document as TCallFlowInput })
          : await update.mutateAsync({ accountId, id: flowId, expectedVersion, document: document as TCallFlowInput });
      applySaved(saved, "Saved.");
    } catch (error) {
      const { message } = serverIssues(error);
      if (flowId && (error as { data?: { code?: string } }).data?.code === "CONFLICT" && /changed by someone else/.test(message)) {
        const latest = await queryClient.fetchQuery(trpc.callFlows.get.queryOptions({ accountId, id: flowId }, { staleTime: 0 }));
        setConflict(latest);
        return;
      }
      setSaveError(message);
    }
  }

  const selectedModule = selectedKey ? document.flow[selectedKey] : undefined;
  const selectedType = selectedModule ? moduleTypeOf(selectedModule.module) : undefined;
  const errorCount = validation.errors.length;

  return (
    <EditorContext.Provider value={context}>
      <div className="flow-editor">
        <SettingsForm
          document={document}
          extensionRange={extensionRange}
          issues={validation.errors.filter((issue) => !issue.path.startsWith("flow"))}
          onChange={(settings) => editor.setDocument((current) => ({ ...current, ...settings }))}
        />
        <div className="editor-toolbar">
          <button type="button" onClick={() => void save()} disabled={errorCount > 0 || saving || (!editor.dirty && flowId !== null)}>
            {saving ? "Saving…" : "Save"}
          </button>
          <span role="status" data-testid="editor-status">
            {errorCount > 0
              ? `${errorCount} error${errorCount === 1 ? "" : "s"} to fix before saving`
              : editor.dirty
                ? "Unsaved changes"
                : flowId
                  ? `Saved (version ${baseVersion})`
                  : "New flow"}
          </span>
          {notice ? <span className="notice">{notice}</span> : null}
          {saveError ? (
            <p className="form-error" data-testid="save-error">
              {saveError}
            </p>
          ) : null}
        </div>
        {conflict ? (
          <ConflictNotice
            mine={document}
            theirs={documentOfStored(conflict)}
            theirVersion={conflict.version}
            onReload={() => applySaved(conflict, "Loaded the latest version.")}
            onOverwrite={() => void save(conflict.version)}
          />
        ) : null}
        <div role="tablist" aria-label="Editor views" className="tabs">
          {TABS.map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              id={`tab-${name}`}
              aria-selected={tab === name}
              aria-controls={`panel-${name}`}
              className={tab === name ? "tab tab-active" : "tab"}
              onClick={() => setTab(name)}
            >
              {name}
            </button>
          ))}
        </div>
        <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
          {tab === "Modules" || tab === "Test call" ? (
            <div className="editor-grid">
              <FlowGraph
                flow={document.flow}
                summaries={summaries}
                statuses={statuses}
                selectedKey={selectedKey}
                highlightedKeys={tab === "Test call" ? highlighted : NOTHING}
                onSelect={(key) => {
                  setSelectedKey(key);
                  setTab("Modules");
                }}
              />
              <aside className="editor-side">
                {tab === "Test call" ? (
                  <>
                    <TestCallPanel accountId={accountId} flow={document.flow} hasErrors={errorCount > 0} onPath={setHighlighted} />
                    <section aria-labelledby="call-at-time-heading">
                      <h2 id="call-at-time-heading">Which flow answers a number, and when</h2>
                      <CallAtTime accountId={accountId} flowId={flowId} />
                    </section>
                  </>
                ) : (
                  <>
                    <AddModuleBar onAdd={(type) => setSelectedKey(context.addModule(type))} />
                    {selectedKey && selectedModule && selectedType ? (
                      <ModuleForm
                        key={selectedKey}
                        moduleKey={selectedKey}
                        type={selectedType}
                        module={selectedModule}
                        onChange={(module) => editor.updateModule(selectedKey, module)}
                        onDelete={
                          selectedType === "start"
                            ? null
                            : () => {
                                editor.deleteModule(selectedKey);
                                setSelectedKey(startKey);
                              }
                        }
                      />
                    ) : (
                      <p className="hint">Select a module in the graph to edit it.</p>
                    )}
                  </>
                )}
              </aside>
            </div>
          ) : null}
          {tab === "JSON" ? <JsonPanel document={document} onApply={(next) => editor.setDocument(next)} /> : null}
          {tab === "History" ? (
            flowId ? (
              <HistoryPanel
                accountId={accountId}
                flowId={flowId}
                currentVersion={baseVersion ?? 1}
                onRestored={(saved) => applySaved(saved, `Restored; saved as version ${saved.version}.`)}
              />
            ) : (
              <p className="hint">History starts once the flow is saved.</p>
            )
          ) : null}
        </div>
        <IssuesPanel validation={validation} onSelect={(key) => { setSelectedKey(key); setTab("Modules"); }} flowKeys={Object.keys(document.flow)} />
      </div>
    </EditorContext.Provider>
  );
}

function AddModuleBar({ onAdd }: { onAdd: (type: ModuleType) => void }) {
  const [type, setType] = useState<ModuleType>("play");
  return (
    <div className="row-inline">
      <div className="field">
        <label htmlFor="add-module-type">Add a module</label>
        <select id="add-module-type" value={type} onChange={(event) => setType(event.target.value as ModuleType)}>
          {(Object.keys(MODULE_LABELS) as ModuleType[])
            .filter((t) => t !== "start")
            .map((t) => (
              <option key={t} value={t}>
                {MODULE_LABELS[t].title}
              </option>
            ))}
        </select>
      </div>
      <button type="button" className="secondary actions" onClick={() => onAdd(type)}>
        Add
      </button>
    </div>
  );
}

function ConflictNotice(props: {
  mine: FlowDocument;
  theirs: FlowDocument;
  theirVersion: number;
  onReload: () => void;
  onOverwrite: () => void;
}) {
  const diff = useMemo(() => diffCallFlows(props.mine, props.theirs), [props.mine, props.theirs]);
  return (
    <section className="panel conflict" role="alertdialog" aria-labelledby="conflict-heading" data-testid="conflict">
      <h2 id="conflict-heading">Someone else saved this flow (version {props.theirVersion})</h2>
      <p>Your changes are not saved. From your version to theirs:</p>
      <DiffView diff={diff} />
      <div className="row-inline">
        <button type="button" className="secondary" onClick={props.onReload}>
          Discard mine and load theirs
        </button>
        <button type="button" className="danger" onClick={props.onOverwrite}>
          Overwrite theirs with mine
        </button>
      </div>
    </section>
  );
}
