"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import {
  MODULE_REGISTRY,
  moduleTypeDefinition,
  moduleTypeOf,
  type FlowDiagnostic,
  type ModuleType,
  type TCallFlowInput,
} from "@/server/domain/call-flow";
import type { ResourceDirectory } from "@/server/services/call-flows/simulation";
import { soundAudioUrl, soundLength } from "@/components/sounds/sound-player";
import { serverIssues, useTRPC, type RouterOutputs } from "@/components/trpc";
import { DraftBar } from "./draft-bar";
import { EditorContext, type EditorContextValue, type FieldIssue, type ResourceOptions } from "./editor-context";
import { moduleFieldText } from "./field-labels";
import { FlowGraph } from "./flow-graph";
import { useGraphEditing } from "./graph-editing";
import type { FlowPositions } from "./layout-positions";
import { useHistoryKeys } from "./use-history-keys";
import { useLayoutSaver } from "./use-layout-saver";
import { HistoryPanel } from "./history-panel";
import { moduleNames, peopleIssue, type PeopleIssue } from "./issue-messages";
import { IssuesPanel } from "./issues-panel";
import { JsonPanel } from "./json-panel";
import { ModuleForm } from "./module-form";
import { ADDABLE_TYPES } from "./graph-toolbar";
import { emptyRoutes, finishWithDefaults } from "./routes";
import { BUILT_IN_STARTING_POINTS, type StartingPoint } from "./starting-points";
import { SettingsForm } from "./settings-form";
import { CallAtTime } from "@/components/schedules/call-at-time";
import { TestCallPanel } from "./test-call-panel";
import { documentOfStored, type FlowDocument } from "./flow-document";
import { useFlowDocument } from "./use-flow-document";
import { useStableHandler, useStableValue } from "./stable-references";

/** A flow as the portal's API returns it after a save. */
export type StoredFlow = RouterOutputs["callFlows"]["get"];
import { useLeaveGuard } from "./use-leave-guard";

export type FlowEditorProps = {
  accountId: string;
  /** The stored flow, or null for a new one. */
  flowId: string | null;
  version: number | null;
  initial: FlowDocument;
  directory: ResourceDirectory;
  extensionRange: { min: number; max: number };
  /** What a new flow can start from; the built-in shapes unless given (e.g. with templates). */
  startingPoints?: readonly StartingPoint[];
  /** Where the flow's modules were last drawn; laid out automatically when null. */
  initialPositions?: FlowPositions | null;
};

const TABS = ["Modules", "JSON", "History", "Test call"] as const;
const NOTHING: ReadonlySet<string> = new Set();
type Tab = (typeof TABS)[number];

/** An issue in people's words, with the rule's path to decide when it shows. */
type ShownIssue = PeopleIssue & { path: string };

/** Whether the user is to see an issue at `path` yet: once they have left its field (or a field
 * inside it, or the module it is in), or once saving has been tried. */
function revealedAt(path: string, revealed: ReadonlySet<string>): boolean {
  if (revealed.has(path)) return true;
  for (const done of revealed) if (path.startsWith(`${done}.`) || done.startsWith(`${path}.`)) return true;
  return false;
}

function steps(count: number): string {
  return count === 1 ? "1 step remains" : `${count} steps remain`;
}

function resourceOptions(directory: ResourceDirectory, accountId: string): ResourceOptions {
  const named = (rows: { id: string; name: string }[]) => rows.map((row) => ({ id: row.id, label: row.name }));
  return {
    sipUsers: directory.sipUsers.map((u) => ({ id: u.id, label: `${u.name} (ext ${u.extension})` })),
    huntGroups: directory.huntGroups.map((g) => ({ id: g.id, label: `${g.name} (ext ${g.extension})` })),
    sounds: directory.sounds.map((sound) =>
      sound.durationMs === null
        ? { id: sound.id, label: sound.name }
        : {
            id: sound.id,
            label: `${sound.name} (${soundLength(sound.durationMs)})`,
            audioUrl: soundAudioUrl(accountId, sound.id),
          },
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

/** Names for the graph's short summaries and the route pickers: "Pete (201)". */
function summaryNames(directory: ResourceDirectory, options: ResourceOptions): Map<string, string> {
  const names = new Map(Object.values(options).flatMap((list) => list.map((option) => [option.id, option.label] as const)));
  for (const row of [...directory.sipUsers, ...directory.huntGroups]) names.set(row.id, `${row.name} (${row.extension})`);
  return names;
}

/** A short line under each module in the graph, so the flow reads without opening forms. */
function summarize(type: ModuleType | undefined, module: Record<string, unknown>, names: Map<string, string>): string {
  const name = (value: unknown) => (typeof value === "string" ? (names.get(value) ?? "") : "");
  return type ? (moduleTypeDefinition(type).summary?.(module, name) ?? "") : "";
}

export function FlowEditor({
  accountId,
  flowId,
  version,
  initial,
  directory,
  extensionRange,
  startingPoints = BUILT_IN_STARTING_POINTS,
  initialPositions = null,
}: FlowEditorProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const resources = useMemo(() => idSets(directory), [directory]);
  const options = useMemo(() => resourceOptions(directory, accountId), [directory, accountId]);
  const names = useMemo(() => summaryNames(directory, options), [directory, options]);
  const editor = useFlowDocument(initial, resources, extensionRange, initialPositions);
  const graphEditing = useGraphEditing(editor, accountId);
  const layoutSaver = useLayoutSaver(accountId, flowId, editor.positions);
  useHistoryKeys(editor.undo, editor.redo);
  const { document, validation } = editor;
  const moduleNamesByKey = useMemo(() => moduleNames(document.flow), [document.flow]);
  const [started, setStarted] = useState(flowId !== null);
  // A new flow shows no problem before the user has done anything: each field's show once it
  // is left, and all of them once saving has been tried. A stored flow shows what it had.
  const [revealAll, setRevealAll] = useState(false);
  const [revealed, setRevealed] = useState<ReadonlySet<string>>(() =>
    flowId === null ? NOTHING : new Set([...validation.errors, ...validation.warnings].map((issue) => issue.path)),
  );
  const reveal = useCallback(
    (path: string) =>
      setRevealed((current) => {
        if (current.has(path)) return current;
        const next = new Set(current);
        next.add(path);
        return next;
      }),
    [],
  );
  const [baseVersion, setBaseVersion] = useState(version);
  const [tab, setTab] = useState<Tab>("Modules");
  const startKey = Object.keys(document.flow).find((key) => moduleTypeOf(document.flow[key]?.module) === "start") ?? null;
  const [selectedKey, setSelectedKey] = useState<string | null>(startKey);
  const [highlighted, setHighlighted] = useState<ReadonlySet<string>>(NOTHING);
  const [notice, setNotice] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  useLeaveGuard(editor.dirty);

  const labelledModules = useMemo(() => {
    // "Ring: Pete (201)"; the module's name ("Ring 2") where the summary is empty or not unique.
    const options = Object.entries(document.flow).map(([key, module]) => {
      const type = moduleTypeOf(module.module);
      const summary = summarize(type, module, names);
      const name = moduleNamesByKey.get(key) ?? "Unknown module";
      return { key, name, summary, label: summary && type ? `${MODULE_REGISTRY[type].label}: ${summary}` : name };
    });
    const uses = new Map<string, number>();
    for (const option of options) uses.set(option.label, (uses.get(option.label) ?? 0) + 1);
    return options.map(({ key, name, summary, label }) => ({
      key,
      label: (uses.get(label) ?? 0) > 1 ? `${name}${summary ? `: ${summary}` : ""}` : label,
    }));
  }, [document.flow, names, moduleNamesByKey]);
  // The same list while no label changes, so the route pickers skip redrawing it on each keystroke.
  const moduleOptions = useStableValue(labelledModules);
  const summaries = useMemo(
    () =>
      Object.fromEntries(
        Object.entries(document.flow).map(([key, module]) => [key, summarize(moduleTypeOf(module.module), module, names)]),
      ),
    [document.flow, names],
  );
  const issues = useMemo(() => {
    const context = { flow: document.flow, names: moduleNamesByKey };
    const words = (list: FlowDiagnostic[]): ShownIssue[] =>
      list.map((issue) => ({ ...peopleIssue(issue, context), path: issue.path }));
    return { errors: words(validation.errors), warnings: words(validation.warnings) };
  }, [validation, document.flow, moduleNamesByKey]);
  const shown = useMemo(() => {
    const visible = (issue: ShownIssue) => revealAll || revealedAt(issue.path, revealed);
    return { errors: issues.errors.filter(visible), warnings: issues.warnings.filter(visible) };
  }, [issues, revealAll, revealed]);
  const moduleIssues = useMemo(() => {
    const byModule = new Map<string, { errors: FieldIssue[]; warnings: FieldIssue[] }>();
    const place = (issue: ShownIssue, bucket: "errors" | "warnings") => {
      if (issue.moduleKey === null) return;
      let entry = byModule.get(issue.moduleKey);
      if (!entry) {
        entry = { errors: [], warnings: [] };
        byModule.set(issue.moduleKey, entry);
      }
      entry[bucket].push({ path: issue.field, message: issue.text });
    };
    for (const issue of shown.errors) place(issue, "errors");
    for (const issue of shown.warnings) place(issue, "warnings");
    return byModule;
  }, [shown]);
  const statuses = useMemo(() => {
    const result: Record<string, "warning" | "error"> = {};
    for (const [key, found] of moduleIssues) {
      if (found.errors.length > 0) result[key] = "error";
      else if (found.warnings.length > 0) result[key] = "warning";
    }
    return result;
  }, [moduleIssues]);
  const emptyRouteCount = useMemo(
    () => Object.values(document.flow).reduce((count, module) => count + emptyRoutes(module).length, 0),
    [document.flow],
  );

  const { addModule } = editor;
  const addModuleFromPicker = useStableHandler((type: ModuleType) => {
    const { key } = addModule(type);
    const name = moduleNames({ ...document.flow, [key]: { module: type } }).get(key);
    setNotice(`Added ${name}: select it in the graph to fill it in.`);
    return key;
  });
  const context = useMemo<EditorContextValue>(
    () => ({
      moduleOptions,
      resources: options,
      issuesOf: (key) => moduleIssues.get(key) ?? { errors: [], warnings: [] },
      reveal: (moduleKey, path) => reveal(`flow.${moduleKey}.${path}`),
      addModule: addModuleFromPicker,
    }),
    [moduleOptions, options, moduleIssues, addModuleFromPicker, reveal],
  );

  /** The add bar: the new module follows the selected one (see `connectAfter`) and opens. */
  function addAfterSelected(type: ModuleType) {
    const after = selectedKey && document.flow[selectedKey] ? selectedKey : null;
    const { key, via } = addModule(type, after);
    const name = moduleNames({ ...document.flow, [key]: { module: type } }).get(key);
    const afterModule = after ? document.flow[after] : undefined;
    const afterType = moduleTypeOf(afterModule?.module);
    const route = afterModule && afterType && via ? moduleFieldText(afterType, afterModule, via)?.label : undefined;
    setNotice(
      after && route
        ? `Added ${name}: "${route}" of ${moduleNamesByKey.get(after)} now leads to it.`
        : `Added ${name}. Choose it in another module's route to connect it.`,
    );
    setSelectedKey(key);
  }

  function finishRoutes() {
    const finished = finishWithDefaults(document.flow);
    if (finished.busyKey === null) return;
    const busyKey = finished.busyKey;
    editor.setDocument((current) => ({ ...current, flow: finished.flow as FlowDocument["flow"] }));
    const name = moduleNames(finished.flow).get(busyKey);
    setNotice(
      `${finished.filled === 1 ? "1 empty route now leads" : `${finished.filled} empty routes now lead`} to a new ${name}.`,
    );
  }

  const applySaved = useCallback(
    (saved: StoredFlow, message: string) => {
      editor.markSaved(documentOfStored(saved));
      setBaseVersion(saved.version);
      setSaveError(null);
      setNotice(message);
      void queryClient.invalidateQueries({ queryKey: trpc.callFlows.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.callFlowDrafts.pathKey() });
      // The page's heading and the list are server-rendered: refresh them too.
      if (flowId) router.refresh();
      else router.replace(`/accounts/${accountId}/flows/${saved.id}`);
    },
    [editor, queryClient, trpc, flowId, router, accountId],
  );

  // A new flow is saved as a draft-only flow (its extension reserved); the draft bar takes over.
  const createDraft = useMutation(trpc.callFlowDrafts.create.mutationOptions());
  const saving = createDraft.isPending;

  async function saveNew() {
    setSaveError(null);
    setNotice(null);
    try {
      const { id } = await createDraft.mutateAsync({ accountId, document: document as TCallFlowInput });
      editor.markSaved(document);
      // A new flow's layout has had nowhere to go until now; the stored flow's page reads it.
      await layoutSaver.saveFor(id);
      router.replace(`/accounts/${accountId}/flows/${id}`);
    } catch (error) {
      setSaveError(serverIssues(error).message);
    }
  }

  /** Save, or, while steps remain, show every one of them and go to the first. */
  function trySave() {
    if (errorCount === 0) {
      void saveNew();
      return;
    }
    setRevealAll(true);
    setSaveError(null);
    setNotice(`${steps(errorCount)} before this flow can be saved: see the list below.`);
    const first = validation.errors.find((issue) => issue.moduleKey !== null && issue.moduleKey in document.flow);
    if (first?.moduleKey) {
      setSelectedKey(first.moduleKey);
      setTab("Modules");
    }
  }

  const selectedModule = selectedKey ? document.flow[selectedKey] : undefined;
  const selectedType = selectedModule ? moduleTypeOf(selectedModule.module) : undefined;
  const errorCount = validation.errors.length;

  if (!started) {
    return (
      <StartingPointChoice
        points={startingPoints}
        onChoose={(point) => {
          const start = startKey ?? crypto.randomUUID();
          editor.setDocument((current) => ({ ...current, flow: point.build(start) }));
          setSelectedKey(start);
          setStarted(true);
        }}
      />
    );
  }

  return (
    <EditorContext.Provider value={context}>
      <div className="flow-editor">
        <SettingsForm
          document={document}
          extensionRange={extensionRange}
          issues={shown.errors
            .filter((issue) => issue.moduleKey === null && issue.fieldLabel !== null)
            .map((issue) => ({ path: issue.field, message: issue.text }))}
          onReveal={reveal}
          onChange={(settings) => editor.setDocument((current) => ({ ...current, ...settings }))}
        />
        {flowId !== null ? (
          <DraftBar
            accountId={accountId}
            flowId={flowId}
            document={document}
            dirty={editor.dirty}
            errors={issues.errors}
            warnings={issues.warnings}
            startedFromVersion={baseVersion ?? 0}
            onSaved={editor.markSavedAs}
            onLoad={(live, liveVersion) => {
              editor.markSaved(live);
              setBaseVersion(liveVersion);
            }}
            onPublished={setBaseVersion}
            onRevealErrors={() => setRevealAll(true)}
          />
        ) : null}
        <div className="editor-toolbar">
          {flowId === null ? (
            <button type="button" onClick={trySave} disabled={saving}>
              {saving ? "Saving…" : "Save"}
            </button>
          ) : null}
          {emptyRouteCount > 0 ? (
            <button
              type="button"
              className="secondary"
              onClick={finishRoutes}
              title="Every route not chosen yet leads to a new Busy tone, which ends the call"
            >
              Finish with defaults
            </button>
          ) : null}
          {flowId === null ? (
            <span role="status" data-testid="editor-status">
              {errorCount > 0 ? `${steps(errorCount)} before saving` : editor.dirty ? "Unsaved changes" : "New flow"}
            </span>
          ) : null}
          {notice ? <span className="notice">{notice}</span> : null}
          {saveError ? (
            <p className="form-error" data-testid="save-error">
              {saveError}
            </p>
          ) : null}
        </div>
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
                names={moduleNamesByKey}
                summaries={summaries}
                statuses={statuses}
                selectedKey={selectedKey}
                highlightedKeys={tab === "Test call" ? highlighted : NOTHING}
                onSelect={(key) => {
                  setSelectedKey(key);
                  setTab("Modules");
                }}
                editing={graphEditing}
                history={editor}
                onNotice={setNotice}
                layoutProblem={layoutSaver.problem}
              />
              <aside className="editor-side">
                {tab === "Test call" ? (
                  <>
                    <TestCallPanel
                      accountId={accountId}
                      flow={document.flow}
                      hasErrors={errorCount > 0}
                      onPath={setHighlighted}
                    />
                    <section aria-labelledby="call-at-time-heading">
                      <h2 id="call-at-time-heading">Which flow answers a number, and when</h2>
                      <CallAtTime accountId={accountId} flowId={flowId} />
                    </section>
                  </>
                ) : (
                  <>
                    <AddModuleBar onAdd={addAfterSelected} />
                    {selectedKey && selectedModule && selectedType ? (
                      <ModuleForm
                        key={selectedKey}
                        moduleKey={selectedKey}
                        name={moduleNamesByKey.get(selectedKey) ?? MODULE_REGISTRY[selectedType].label}
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
          {tab === "JSON" ? (
            <JsonPanel
              document={document}
              onApply={(next) => {
                editor.setDocument(next);
                // A pasted flow is a whole flow to check: all of its problems show at once.
                setRevealAll(true);
              }}
            />
          ) : null}
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
        <IssuesPanel
          errorCount={errorCount}
          warningCount={validation.warnings.length}
          errors={shown.errors}
          warnings={shown.warnings}
          onSelect={(key) => {
            setSelectedKey(key);
            setTab("Modules");
          }}
        />
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
          {ADDABLE_TYPES.map((t) => (
            <option key={t} value={t}>
              {MODULE_REGISTRY[t].label}
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

/** A new flow's first choice: blank, or one of the starting points. */
function StartingPointChoice({
  points,
  onChoose,
}: {
  points: readonly StartingPoint[];
  onChoose: (point: StartingPoint) => void;
}) {
  return (
    <section className="panel starting-points" aria-labelledby="starting-points-heading" data-testid="starting-points">
      <h2 id="starting-points-heading">How do you want to start?</h2>
      <ul className="starting-point-list">
        {points.map((point) => (
          <li key={point.id}>
            <button type="button" className="secondary starting-point" onClick={() => onChoose(point)}>
              <strong>{point.title}</strong>
              <span className="hint">{point.description}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
