"use client";

import { Background, Controls, ReactFlow, ReactFlowProvider } from "@xyflow/react";
import { useMemo, useRef } from "react";
import { moduleTypeOf } from "@/server/domain/call-flow";
import { useGraphElements } from "./graph-elements";
import { useGraphLayout } from "./graph-layout";
import { EDGE_TYPES, FitToViewButton, NODE_TYPES } from "./graph-nodes";
import type { GraphOverlay } from "./graph-overlay";
import { MAX_ZOOM, MIN_ZOOM, useViewport } from "./graph-viewport";
import type { ModulePosition } from "./layout-positions";
import { summarize } from "./module-labels";

type FlowGraphViewProps = {
  flow: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Where each module is drawn (every module placed, see `withEveryModulePlaced`). */
  positions: Readonly<Record<string, ModulePosition>>;
  /** Each module's name ("Caller ID match 2"). */
  names: ReadonlyMap<string, string>;
  /** The account's resources by uuid, for each module's summary line ("Pete (201)"). */
  resourceNames: ReadonlyMap<string, string>;
  overlay: GraphOverlay;
};

const NONE: ReadonlySet<string> = new Set();
const NO_STATUSES: Readonly<Record<string, "warning" | "error">> = {};

/** A flow drawn to be read, not edited (a version a call ran on): panned and zoomed, never changed. */
export function FlowGraphView(props: FlowGraphViewProps) {
  return (
    <ReactFlowProvider>
      <GraphView {...props} />
    </ReactFlowProvider>
  );
}

function GraphView({ flow, positions, names, resourceNames, overlay }: FlowGraphViewProps) {
  const layout = useGraphLayout(flow, positions);
  const container = useRef<HTMLDivElement>(null);
  const viewport = useViewport(layout.boxes, layout.moduleKeys, null, container);
  const summaries = useMemo(
    () =>
      Object.fromEntries(
        Object.entries(flow).map(([key, module]) => [key, summarize(moduleTypeOf(module.module), module, resourceNames)]),
      ),
    [flow, resourceNames],
  );
  const { nodes, edges } = useGraphElements({
    layout,
    flow,
    names,
    summaries,
    statuses: NO_STATUSES,
    selectedKey: null,
    selectedIds: NONE,
    selectedEdges: NONE,
    highlightedKeys: NONE,
    overlay,
  });
  return (
    <figure className="m-0 flex h-full min-w-0 flex-col gap-1.5">
      <figcaption className="text-sm text-muted">{overlay.caption}</figcaption>
      <div
        className="relative h-[420px] rounded-md border border-border bg-surface lg:h-auto lg:min-h-[480px] lg:flex-1"
        data-testid="flow-graph-view"
        ref={container}
      >
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          edgeTypes={EDGE_TYPES}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          edgesFocusable={false}
          minZoom={MIN_ZOOM}
          maxZoom={MAX_ZOOM}
          panOnScroll
          zoomOnScroll={false}
          // Fitted once React Flow has measured its pane: the card around it takes its size late.
          onInit={viewport.fitToView}
        >
          <Background />
          <Controls showInteractive={false} showFitView={false}>
            <FitToViewButton onFit={viewport.fitToView} />
          </Controls>
        </ReactFlow>
      </div>
    </figure>
  );
}
