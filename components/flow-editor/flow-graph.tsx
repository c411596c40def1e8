"use client";

import { Background, ControlButton, Controls, MiniMap, ReactFlow, ReactFlowProvider } from "@xyflow/react";
import { type ReactNode, useRef, useState } from "react";
import type { GraphEditing } from "./graph-editing";
import type { GraphOverlay } from "./graph-overlay";
import { useGraphAdding } from "./graph-adding";
import { useGraphConnections } from "./graph-connections";
import { useGraphElements } from "./graph-elements";
import { useGraphKeys } from "./graph-keys";
import { useGraphLayout } from "./graph-layout";
import { EDGE_TYPES, FitToViewButton, InsertStepContext, NODE_TYPES, RouteKeyContext } from "./graph-nodes";
import { useGraphClipboard, useGraphSelection } from "./graph-selection";
import { GraphToolbar, MODULE_TYPE_MIME, STEP_TYPES, type HistoryControls } from "./graph-toolbar";
import { MAX_ZOOM, MIN_ZOOM, useViewport } from "./graph-viewport";
import { ModuleTypePicker } from "./module-type-picker";
import { useStableHandler } from "./stable-references";
import { Message } from "@/components/ui/field";

type FlowGraphProps = {
  flow: Readonly<Record<string, unknown>>;
  /** Each module's name in the editor ("Caller ID match 2"). */
  names: ReadonlyMap<string, string>;
  summaries: Readonly<Record<string, string>>;
  statuses: Readonly<Record<string, "warning" | "error">>;
  selectedKey: string | null;
  highlightedKeys: ReadonlySet<string>;
  onSelect: (key: string) => void;
  /** Changes made in the graph itself: dragging, connecting, adding, pasting. */
  editing: GraphEditing;
  history: HistoryControls;
  /** Tells the user what a graph action did ("Pasted 2 modules"). */
  onNotice: (message: string) => void;
  /** Why the module positions could not be saved, if they could not. */
  layoutProblem: string | null;
  /** Drawn at the end of the graph's toolbar (the side panel's switch). */
  toolbarEnd?: ReactNode;
  /** Calls drawn over the graph (the Analytics tab's heat), if any. */
  overlay?: GraphOverlay | null;
};

/** The flow drawn as a graph; clicking a module opens its form. */
export function FlowGraph(props: FlowGraphProps) {
  // The viewport hooks need React Flow's context, which the provider gives the whole graph.
  return (
    <ReactFlowProvider>
      <Graph {...props} />
    </ReactFlowProvider>
  );
}

function Graph({
  flow,
  names,
  summaries,
  statuses,
  selectedKey,
  highlightedKeys,
  onSelect,
  editing,
  history,
  onNotice,
  layoutProblem,
  toolbarEnd,
  overlay = null,
}: FlowGraphProps) {
  const layout = useGraphLayout(flow, editing.positions);
  const selection = useGraphSelection({
    flow,
    structure: layout.structure,
    onSelect,
    editing,
    dragged: layout.dragged,
    setDragged: layout.setDragged,
  });
  const container = useRef<HTMLDivElement>(null);
  const graphKeys = useGraphKeys();
  const viewport = useViewport(layout.boxes, layout.moduleKeys, selectedKey, container);
  const { nodes, edges } = useGraphElements({
    layout,
    flow,
    names,
    summaries,
    statuses,
    selectedKey,
    selectedIds: selection.selectedIds,
    selectedEdges: selection.selectedEdges,
    highlightedKeys,
    overlay,
  });
  const adding = useGraphAdding({ editing, names, onSelect, onNotice, container });
  const { pendingDrop } = adding;
  const connections = useGraphConnections({
    flow,
    editing,
    names,
    isModule: selection.isModule,
    onSelect,
    onNotice,
    openPicker: adding.openPicker,
  });
  const clipboard = useGraphClipboard({
    editing,
    selectedIds: selection.selectedIds,
    setSelectedIds: selection.setSelectedIds,
    selectedKey,
    onSelect,
    onNotice,
  });

  // Every route's insert button calls it from context: a new function would redraw them all.
  const insertStep = useStableHandler((edgeId: string, at: { clientX: number; clientY: number }) => {
    const edge = layout.structure.edges.find((route) => route.id === edgeId);
    if (edge) adding.openInsert(at.clientX, at.clientY, { source: edge.source, handle: edge.sourceHandle, target: edge.target });
  });

  const [showMinimap, setShowMinimap] = useState(false);

  return (
    <div className="flex h-full min-w-0 flex-col gap-1.5">
      <GraphToolbar
        history={history}
        onAutoLayout={() => {
          editing.autoLayout();
          onNotice("Laid out automatically.");
        }}
        onCopy={clipboard.copy}
        onPaste={clipboard.paste}
        onAddModule={(type) => adding.addAt(type, viewport.viewCentre())}
        end={toolbarEnd}
      />
      {layoutProblem ? <Message tone="error">{layoutProblem}</Message> : null}
      {overlay ? <p className="sr-only">{overlay.caption}</p> : null}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the palette, whose buttons add modules by keyboard. */}
      <div
        // A height of its own when stacked; beside the side panel, what the workspace leaves it.
        className="relative h-[420px] rounded-md border border-border sm:h-[500px] lg:h-auto lg:min-h-0 lg:flex-1"
        data-testid="flow-graph"
        ref={container}
        {...graphKeys.handlers}
        onDragOver={(event) => {
          if (event.dataTransfer.types.includes(MODULE_TYPE_MIME)) event.preventDefault();
        }}
        onDrop={adding.onDrop}
      >
        <RouteKeyContext.Provider value={connections.openRoute}>
          <InsertStepContext.Provider value={insertStep}>
            <ReactFlow
              nodes={nodes}
              edges={edges}
              nodeTypes={NODE_TYPES}
              edgeTypes={EDGE_TYPES}
              // Every prop stays the same object while it means the same: React Flow copies each
              // changed one into its store, which re-runs every node's and edge's selectors.
              onNodesChange={selection.onNodesChange}
              onNodeClick={selection.onNodeClick}
              onEdgesChange={selection.onEdgesChange}
              onEdgesDelete={connections.onEdgesDelete}
              onConnect={connections.onConnect}
              onConnectEnd={connections.onConnectEnd}
              isValidConnection={connections.isValidConnection}
              {...graphKeys.keys}
              minZoom={MIN_ZOOM}
              maxZoom={MAX_ZOOM}
              // The wheel scrolls a long flow (Ctrl or pinch still zooms), down to a legible size only.
              panOnScroll
              zoomOnScroll={false}
            >
              <Background />
              {/* Hidden until asked for: shown, it covers a corner of the graph. */}
              {showMinimap ? (
                <MiniMap
                  pannable
                  zoomable
                  ariaLabel="Overview of the whole flow"
                  nodeColor={minimapNodeColor}
                  nodeStrokeColor="#52637d"
                  nodeStrokeWidth={2}
                  nodeBorderRadius={4}
                  maskColor="rgb(28 36 48 / 0.12)"
                />
              ) : null}
              <Controls showInteractive={false} showFitView={false}>
                <FitToViewButton onFit={viewport.fitToView} />
                <ControlButton
                  onClick={() => setShowMinimap((shown) => !shown)}
                  title={showMinimap ? "Hide minimap" : "Show minimap"}
                  aria-label={showMinimap ? "Hide minimap" : "Show minimap"}
                  aria-pressed={showMinimap}
                >
                  <svg viewBox="0 0 32 32" aria-hidden="true">
                    <path d="M2 4h28v24H2V4zm3 3v18h22V7H5zm3 3h7v5H8v-5zm9 7h7v5h-7v-5z" />
                  </svg>
                </ControlButton>
              </Controls>
            </ReactFlow>
          </InsertStepContext.Provider>
        </RouteKeyContext.Provider>
        {pendingDrop?.between ? (
          <ModuleTypePicker
            at={pendingDrop.screen}
            purpose={`Insert a step between ${names.get(pendingDrop.between.source) ?? "a module"} and ${names.get(pendingDrop.between.target) ?? "a module"}`}
            chooseLabel="Insert"
            types={STEP_TYPES}
            onChoose={(type) => {
              if (pendingDrop.between) adding.insertOn(type, pendingDrop.between);
              adding.setPendingDrop(null);
            }}
            onCancel={() => adding.setPendingDrop(null)}
          />
        ) : pendingDrop ? (
          <ModuleTypePicker
            at={pendingDrop.screen}
            onChoose={(type) => {
              adding.addAt(type, pendingDrop.at, pendingDrop.from);
              adding.setPendingDrop(null);
            }}
            onCancel={() => adding.setPendingDrop(null)}
          />
        ) : null}
      </div>
    </div>
  );
}

function minimapNodeColor(node: { type?: string }): string {
  return node.type === "module" ? "#c9d5e6" : "#eef1f5";
}
