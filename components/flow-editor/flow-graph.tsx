"use client";

import {
  Background,
  Controls,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  type Edge,
  type Node,
  type NodeProps,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { memo, useMemo } from "react";
import { layoutFlow } from "./graph-model";

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

export type FlowGraphProps = {
  flow: Readonly<Record<string, unknown>>;
  summaries: Readonly<Record<string, string>>;
  statuses: Readonly<Record<string, "warning" | "error">>;
  selectedKey: string | null;
  highlightedKeys: ReadonlySet<string>;
  onSelect: (key: string) => void;
};

/** The flow drawn as a graph, laid out automatically; clicking a module opens its form. */
export function FlowGraph({ flow, summaries, statuses, selectedKey, highlightedKeys, onSelect }: FlowGraphProps) {
  const layout = useMemo(() => layoutFlow(flow), [flow]);
  const nodes = useMemo<Node<ModuleNodeData>[]>(
    () =>
      layout.nodes.map((node) => ({
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
      })),
    [layout, summaries, statuses, selectedKey, highlightedKeys],
  );
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
        onNodeClick={(_, node) => onSelect(node.id)}
        fitView
        minZoom={0.1}
        nodesDraggable={false}
        nodesConnectable={false}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
