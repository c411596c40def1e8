"use client";

import {
  Background,
  Controls,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  useReactFlow,
  type Edge,
  type Node,
  type NodeProps,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { memo, useEffect, useMemo, useRef } from "react";
import { graphStructure, layoutGraph, sameStructure, type GraphStructure } from "./graph-model";

type ModuleNodeData = {
  title: string;
  moduleKey: string;
  summary: string;
  status: "ok" | "warning" | "error";
  selected: boolean;
  highlighted: boolean;
};

const ModuleNode = memo(function ModuleNode({ data }: NodeProps<Node<ModuleNodeData>>) {
  const classes = ["flow-node", `flow-node-${data.status}`];
  if (data.selected) classes.push("flow-node-selected");
  if (data.highlighted) classes.push("flow-node-highlighted");
  return (
    <div className={classes.join(" ")} data-testid={`node-${data.moduleKey}`}>
      <Handle type="target" position={Position.Top} />
      <strong>{data.title}</strong>
      <span className="flow-node-summary">{data.summary}</span>
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
});

const NODE_TYPES = { module: ModuleNode };

/**
 * The `fitView` prop only fits the first render. A module added from a route picker or the add
 * bar is placed by the layout wherever it ranks, often outside the view, while the editor asks
 * the user to select it in the graph: fit again whenever modules come or go.
 */
function FitViewOnModulesChange({ moduleKeys }: { moduleKeys: string }) {
  const { fitView } = useReactFlow();
  const fitted = useRef(moduleKeys);
  useEffect(() => {
    if (fitted.current === moduleKeys) return;
    fitted.current = moduleKeys;
    void fitView();
  }, [moduleKeys, fitView]);
  return null;
}

export type FlowGraphProps = {
  flow: Readonly<Record<string, unknown>>;
  summaries: Readonly<Record<string, string>>;
  statuses: Readonly<Record<string, "warning" | "error">>;
  selectedKey: string | null;
  highlightedKeys: ReadonlySet<string>;
  onSelect: (key: string) => void;
};

/**
 * The flow's modules and routes, as the same object for as long as they stay the same. Most
 * edits change a field (a sound, a duration), not the graph, and must not pay for a new layout:
 * dagre takes about a tenth of a second for a few hundred modules.
 */
function useGraphStructure(flow: Readonly<Record<string, unknown>>): GraphStructure {
  const previous = useRef<GraphStructure | null>(null);
  return useMemo(() => {
    const next = graphStructure(flow);
    if (previous.current && sameStructure(previous.current, next)) return previous.current;
    previous.current = next;
    return next;
  }, [flow]);
}

function sameNode(a: Node<ModuleNodeData>, b: Node<ModuleNodeData>): boolean {
  const same = <T extends object>(x: T, y: T) => (Object.keys(x) as (keyof T)[]).every((key) => x[key] === y[key]);
  return a.position.x === b.position.x && a.position.y === b.position.y && a.ariaLabel === b.ariaLabel && same(a.data, b.data);
}

/** The flow drawn as a graph, laid out automatically; clicking a module opens its form. */
export function FlowGraph({ flow, summaries, statuses, selectedKey, highlightedKeys, onSelect }: FlowGraphProps) {
  const structure = useGraphStructure(flow);
  const layout = useMemo(() => layoutGraph(structure), [structure]);
  const moduleKeys = useMemo(() => structure.modules.map((module) => module.key).join("\n"), [structure]);
  // React Flow re-renders and re-measures every node given as a new object: a node whose
  // position and content are unchanged keeps its object, so an edit redraws only what it changes.
  const previousNodes = useRef(new Map<string, Node<ModuleNodeData>>());
  const nodes = useMemo<Node<ModuleNodeData>[]>(() => {
    const next = layout.nodes.map((node): Node<ModuleNodeData> => {
      const drawn: Node<ModuleNodeData> = {
        id: node.key,
        type: "module",
        position: { x: node.x, y: node.y },
        data: {
          title: node.title,
          moduleKey: node.key,
          summary: summaries[node.key] ?? "",
          status: statuses[node.key] ?? "ok",
          selected: node.key === selectedKey,
          highlighted: highlightedKeys.has(node.key),
        },
        draggable: false,
        connectable: false,
        ariaLabel: `${node.title} module ${node.key}${summaries[node.key] ? `: ${summaries[node.key]}` : ""}`,
      };
      const previous = previousNodes.current.get(node.key);
      return previous && sameNode(previous, drawn) ? previous : drawn;
    });
    previousNodes.current = new Map(next.map((node) => [node.id, node]));
    return next;
  }, [layout, summaries, statuses, selectedKey, highlightedKeys]);
  const edges = useMemo<Edge[]>(
    () =>
      layout.edges.map((edge) => ({
        id: edge.id,
        source: edge.source,
        target: edge.target,
        label: edge.label || undefined,
        markerEnd: { type: MarkerType.ArrowClosed },
        className: highlightedKeys.has(edge.source) && highlightedKeys.has(edge.target) ? "flow-edge-highlighted" : undefined,
      })),
    [layout, highlightedKeys],
  );
  return (
    <div className="flow-graph" data-testid="flow-graph">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        // Selection changes come from a click and from Enter or Space on a focused node, so the
        // graph opens a module's form from the keyboard too (React Flow announces those keys).
        onNodesChange={(changes) => {
          for (const change of changes) if (change.type === "select" && change.selected) onSelect(change.id);
        }}
        fitView
        minZoom={0.1}
        nodesDraggable={false}
        nodesConnectable={false}
      >
        <Background />
        <Controls showInteractive={false} />
        <FitViewOnModulesChange moduleKeys={moduleKeys} />
      </ReactFlow>
    </div>
  );
}
