"use client";

import { PanelRightClose, PanelRightOpen } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { moduleTypeOf, type ModuleType } from "@/server/domain/call-flow";
import type { ResourceDirectory } from "@/server/services/call-flows/simulation";
import { CallAtTime } from "@/components/schedules/call-at-time";
import { FlowScheduleSwitches } from "@/components/schedules/flow-schedule-switches";
import { AnalyticsPanel } from "./analytics-panel";
import { DraftBar } from "./draft-bar";
import { EditorContext, type EditorContextValue } from "./editor-context";
import type { EditorHost, HostedEditing } from "./editor-host";
import { EMPTY_DIRECTORY, useEditorResources } from "./editor-resources";
import { EditorTabs } from "./editor-tabs";
import { TABS, type Tab, tabIds } from "./editor-views";
import { EditorToolbar } from "./editor-toolbar";
import type { FlowDocument } from "./flow-document";
import { FlowGraph } from "./flow-graph";
import type { GraphOverlay } from "./graph-overlay";
import { useGraphEditing } from "./graph-editing";
import { HistoryPanel } from "./history-panel";
import { moduleNames } from "./issue-messages";
import { IssuesPanel } from "./issues-panel";
import { JsonPanel } from "./json-panel";
import type { FlowPositions } from "./layout-positions";
import { ModulePanel } from "./module-panel";
import { SettingsForm } from "./settings-form";
import { StartingPointChoice } from "./starting-point-choice";
import { BUILT_IN_STARTING_POINTS, type StartingPoint } from "./starting-points";
import { StepsPanel } from "./steps-panel";
import { TestCallPanel } from "./test-call-panel";
import { useFlowDocument } from "./use-flow-document";
import { useFlowSaving } from "./use-flow-saving";
import { useHistoryKeys } from "./use-history-keys";
import { useLayoutSaver } from "./use-layout-saver";
import { useLeaveGuard } from "./use-leave-guard";
import { useModuleAdding } from "./use-module-adding";
import { useModuleLabels } from "./use-module-labels";
import { usePhoneWidth } from "./use-phone-width";
import { useRevealedIssues } from "./use-revealed-issues";
import { useRemainingHeight, useSidePanel } from "./use-workspace";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Hint } from "@/components/ui/field";

type FlowEditorProps = {
  /** The account whose flow it is (or, with a host, whose library holds it). */
  accountId: string;
  /** The stored flow, or null for a new one (and with a host). */
  flowId: string | null;
  version: number | null;
  initial: FlowDocument;
  extensionRange: { min: number; max: number };
  /** What a new flow can start from; the built-in shapes unless given (e.g. with templates). */
  startingPoints?: readonly StartingPoint[];
  /** Where the flow's modules were last drawn; laid out automatically when null. */
  initialPositions?: FlowPositions | null;
  /** The side panel's view to open on (a link to a flow's Analytics), instead of Modules (Steps on a phone). */
  initialTab?: Tab;
} & (
  | { directory: ResourceDirectory; host?: undefined }
  /** A flow that is part of something else (a template), which brings its own resources and saving. */
  | { directory?: undefined; host: EditorHost }
);

const NOTHING: ReadonlySet<string> = new Set();
const HOSTED_TABS: readonly Tab[] = ["Steps", "Modules", "JSON"];

/** The flow editor: it holds the flow being edited and which module and tab are shown, and lays
 * out the pieces that each own one part of the work. */
export function FlowEditor({
  accountId,
  flowId,
  version,
  initial,
  directory,
  extensionRange,
  startingPoints = BUILT_IN_STARTING_POINTS,
  initialPositions = null,
  initialTab,
  host,
}: FlowEditorProps) {
  const accountResources = useEditorResources(directory ?? EMPTY_DIRECTORY, accountId);
  const { resources, options, names } = host?.resources ?? accountResources;
  const stored = host ? !host.blank : flowId !== null;
  const editor = useFlowDocument(initial, resources, extensionRange, initialPositions);
  const graphEditing = useGraphEditing(editor, accountId);
  const layoutSaver = useLayoutSaver(accountId, flowId, editor.positions);
  useHistoryKeys(editor.undo, editor.redo);
  useLeaveGuard(editor.dirty);
  const { document, validation } = editor;
  const moduleNamesByKey = useMemo(() => moduleNames(document.flow), [document.flow]);
  const { moduleOptions, summaries } = useModuleLabels(document.flow, names, moduleNamesByKey);
  const { issues, listed, shown, moduleIssues, statuses, reveal, revealAll } = useRevealedIssues({
    stored,
    flow: document.flow,
    validation,
    moduleNamesByKey,
  });
  const [started, setStarted] = useState(stored);
  const panel = useSidePanel();
  const workspace = useRemainingHeight();
  const [tab, setTab] = useState<Tab>(initialTab ?? "Modules");
  // A phone shows the flow as a list to read first: the graph is too small to read there.
  const phone = usePhoneWidth();
  useEffect(() => {
    if (phone && !initialTab) setTab("Steps");
  }, [phone, initialTab]);
  const startKey = Object.keys(document.flow).find((key) => moduleTypeOf(document.flow[key]?.module) === "start") ?? null;
  const [selectedKey, setSelectedKey] = useState<string | null>(startKey);
  const [highlighted, setHighlighted] = useState<ReadonlySet<string>>(NOTHING);
  const [notice, setNotice] = useState<string | null>(null);
  const [callsOverlay, setCallsOverlay] = useState<GraphOverlay | null>(null);
  const saving = useFlowSaving({ accountId, flowId, version, editor, layoutSaver, setNotice });
  const adding = useModuleAdding({ editor, moduleNamesByKey, selectedKey, setSelectedKey, setNotice });
  const { addModuleFromPicker } = adding;

  const context = useMemo<EditorContextValue>(
    () => ({
      moduleOptions,
      resources: options,
      resourceNames: names,
      issuesOf: (key) => moduleIssues.get(key) ?? { errors: [], warnings: [] },
      reveal: (moduleKey, path) => reveal(`flow.${moduleKey}.${path}`),
      addModule: addModuleFromPicker,
      newResource: host?.newResource ?? null,
    }),
    [moduleOptions, options, names, moduleIssues, addModuleFromPicker, reveal, host?.newResource],
  );

  const errorCount = validation.errors.length;
  /** Save, or, while steps remain, show every one of them and go to the first. */
  function trySave() {
    if (errorCount === 0) {
      void saving.saveNew();
      return;
    }
    revealAll();
    saving.setSaveError(null);
    // The count lives in the status and the issues panel, which follow each edit; a notice would go stale.
    setNotice("Not saved yet: the steps that remain are listed in the side panel.");
    panel.setOpen(true);
    // The first module with a step left, else the settings (the issues panel lists them all).
    const first = validation.errors.find((issue) => issue.moduleKey !== null && issue.moduleKey in document.flow);
    if (first?.moduleKey) {
      setSelectedKey(first.moduleKey);
      setTab("Modules");
    } else setTab("Settings");
  }

  /** Opens a module's form, beside the graph. */
  function openModule(key: string) {
    setSelectedKey(key);
    setTab("Modules");
  }

  const hosted: HostedEditing = {
    document,
    dirty: editor.dirty,
    errorCount,
    setDocument: editor.setDocument,
    markSaved: editor.markSaved,
    revealAll,
  };

  const testCall = (
    <>
      <TestCallPanel accountId={accountId} flow={document.flow} hasErrors={errorCount > 0} onPath={setHighlighted} />
      <section aria-labelledby="call-at-time-heading">
        <h2 id="call-at-time-heading">Which flow answers a number, and when</h2>
        <CallAtTime accountId={accountId} flowId={flowId} />
      </section>
    </>
  );
  // On a phone the list of steps, the test call and the analytics stand alone: the graph beside them would not fit.
  const graphShown = !(phone && (tab === "Steps" || tab === "Test call" || tab === "Analytics"));

  const selectedModule = selectedKey ? document.flow[selectedKey] : undefined;
  const selectedType: ModuleType | undefined = selectedModule ? moduleTypeOf(selectedModule.module) : undefined;

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
      {/* The editor takes the whole width of the page (see the shell's main column). */}
      <div className="flex min-w-0 flex-col gap-3" data-wide-page>
        {host ? host.header(hosted) : null}
        {flowId !== null ? (
          <DraftBar
            accountId={accountId}
            flowId={flowId}
            document={document}
            dirty={editor.dirty}
            errors={issues.errors}
            warnings={issues.warnings}
            startedFromVersion={saving.baseVersion ?? 0}
            onSaved={editor.markSavedAs}
            onLoad={(live, liveVersion) => {
              editor.markSaved(live);
              saving.setBaseVersion(liveVersion);
            }}
            onPublished={saving.setBaseVersion}
            onRevealErrors={revealAll}
          />
        ) : null}
        <EditorToolbar
          isNew={flowId === null && !host}
          saving={saving.saving}
          onSave={trySave}
          emptyRouteCount={adding.emptyRouteCount}
          onFinishRoutes={adding.finishRoutes}
          errorCount={errorCount}
          dirty={editor.dirty}
          notice={notice}
          saveError={saving.saveError}
        />
        <div ref={workspace.ref} className="flex min-w-0 flex-col gap-2 lg:flex-row" style={{ height: workspace.height }}>
          {graphShown ? (
            <div className="min-w-0 lg:h-full lg:flex-1">
              <FlowGraph
                flow={document.flow}
                names={moduleNamesByKey}
                summaries={summaries}
                statuses={statuses}
                selectedKey={selectedKey}
                highlightedKeys={tab === "Test call" ? highlighted : NOTHING}
                overlay={tab === "Analytics" ? callsOverlay : null}
                onSelect={openModule}
                editing={graphEditing}
                history={editor}
                onNotice={setNotice}
                layoutProblem={layoutSaver.problem}
                toolbarEnd={
                  <Button
                    type="button"
                    size="sm"
                    variant="secondary"
                    aria-expanded={panel.open}
                    aria-controls="editor-side-panel"
                    onClick={() => panel.setOpen(!panel.open)}
                  >
                    {panel.open ? (
                      <PanelRightClose className="size-4" aria-hidden />
                    ) : (
                      <PanelRightOpen className="size-4" aria-hidden />
                    )}
                    Side panel
                  </Button>
                }
              />
            </div>
          ) : null}
          <aside
            id="editor-side-panel"
            aria-label="Forms and checks"
            // Without the graph (a phone's list of steps) the panel is all there is: never hidden then.
            hidden={!panel.open && graphShown}
            className={cn(
              "flex min-w-0 flex-col gap-3 lg:h-full lg:overflow-y-auto",
              !graphShown
                ? "lg:flex-1"
                : tab === "JSON" || tab === "History" || tab === "Analytics"
                  ? "lg:w-[28rem] lg:shrink-0"
                  : "lg:w-80 lg:shrink-0",
            )}
          >
            <EditorTabs tab={tab} onChange={setTab} tabs={host ? HOSTED_TABS : TABS} />
            <div role="tabpanel" id={tabIds(tab).panel} aria-labelledby={tabIds(tab).tab} className="flex min-w-0 flex-col gap-4">
              {tab === "Steps" ? (
                <>
                  {flowId !== null ? <FlowScheduleSwitches accountId={accountId} flowId={flowId} /> : null}
                  <StepsPanel
                    flow={document.flow}
                    names={moduleNamesByKey}
                    resourceNames={names}
                    statuses={statuses}
                    onEdit={openModule}
                  />
                </>
              ) : null}
              {tab === "Modules" ? (
                <>
                  <ModulePanel
                    selectedKey={selectedKey}
                    selectedModule={selectedModule}
                    selectedType={selectedType}
                    name={selectedKey ? moduleNamesByKey.get(selectedKey) : undefined}
                    onAdd={adding.addAfterSelected}
                    onChange={editor.updateModule}
                    onDelete={(key) => {
                      editor.deleteModule(key);
                      setSelectedKey(startKey);
                    }}
                  />
                  {host?.aside(hosted)}
                </>
              ) : null}
              {tab === "Settings" ? (
                <SettingsForm
                  document={document}
                  extensionRange={extensionRange}
                  issues={shown.errors
                    .filter((issue) => issue.moduleKey === null && issue.fieldLabel !== null)
                    .map((issue) => ({ path: issue.field, message: issue.text }))}
                  onReveal={reveal}
                  onChange={(settings) => editor.setDocument((current) => ({ ...current, ...settings }))}
                />
              ) : null}
              {tab === "Test call" ? testCall : null}
              {tab === "JSON" && host ? host.json(hosted) : null}
              {tab === "JSON" && !host ? (
                <JsonPanel
                  value={document}
                  label="Call flow JSON (the provider's format)"
                  fileName={`${document.name || "call-flow"}.json`}
                  onApply={({ uuid: _uuid, created_on: _created, updated_on: _updated, ...next }) => {
                    editor.setDocument(next as FlowDocument);
                    // A pasted flow is a whole flow to check: all of its problems show at once.
                    revealAll();
                    return null;
                  }}
                />
              ) : null}
              {tab === "Analytics" ? (
                flowId ? (
                  <AnalyticsPanel
                    accountId={accountId}
                    flowId={flowId}
                    flow={document.flow}
                    names={moduleNamesByKey}
                    onOverlay={setCallsOverlay}
                  />
                ) : (
                  <Hint>Analytics start once the flow is saved and its calls arrive.</Hint>
                )
              ) : null}
              {tab === "History" ? (
                flowId ? (
                  <HistoryPanel
                    accountId={accountId}
                    flowId={flowId}
                    currentVersion={saving.baseVersion ?? 1}
                    onRestored={(saved) => saving.applySaved(saved, `Restored; saved as version ${saved.version}.`)}
                  />
                ) : (
                  <Hint>History starts once the flow is saved.</Hint>
                )
              ) : null}
            </div>
            <IssuesPanel errors={listed.errors} warnings={listed.warnings} onSelect={openModule} />
          </aside>
        </div>
      </div>
    </EditorContext.Provider>
  );
}
