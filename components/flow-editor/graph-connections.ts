"use client";

import type { Connection, Edge, FinalConnectionState } from "@xyflow/react";
import { moduleTypeOf, type ModuleType } from "@/server/domain/call-flow";
import { moduleFieldText } from "./field-labels";
import type { GraphEditing, RouteRef } from "./graph-editing";
import { routeName } from "./graph-nodes";
import { useStableHandler } from "./stable-references";

/** Moves focus to the picker of a route in the module's form, once that form is shown. */
function focusRoutePicker(
  moduleKey: string,
  type: ModuleType,
  module: Readonly<Record<string, unknown>>,
  field: readonly string[],
) {
  const label = moduleFieldText(type, module, field)?.label;
  let frames = 0;
  const attempt = () => {
    const form = document.querySelector(`form[data-module-key="${CSS.escape(moduleKey)}"]`);
    const target = [...(form?.querySelectorAll("label") ?? [])].find((element) => element.textContent === label);
    const field = target?.htmlFor ? document.getElementById(target.htmlFor) : null;
    if (field) field.focus();
    else if (frames++ < 30) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}

/**
 * Setting and clearing routes in the graph: a route's handle dragged onto a module (its body as
 * well as its entry handle) or onto empty canvas (`openPicker` asks what to add there), selected
 * routes deleted, and a route handle's Enter opening that route's picker in the module's form.
 */
export function useGraphConnections({
  flow,
  editing,
  names,
  isModule,
  onSelect,
  onNotice,
  openPicker,
}: {
  flow: Readonly<Record<string, unknown>>;
  editing: GraphEditing;
  names: ReadonlyMap<string, string>;
  isModule: (id: string | null | undefined) => boolean;
  onSelect: (key: string) => void;
  onNotice: (message: string) => void;
  openPicker: (clientX: number, clientY: number, from?: RouteRef) => void;
}) {
  function connectTo(route: RouteRef, target: string) {
    if (!isModule(target)) return;
    editing.connect(route, target);
    onNotice(
      `${names.get(route.source) ?? "The module"}'s ${routeName(route)} route now leads to ${names.get(target) ?? "the module"}.`,
    );
  }

  /** A route dropped on a module's body (not only its small entry handle) connects there; dropped
   * on empty canvas, it asks which module to add there. */
  const onConnectEnd = useStableHandler((event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    if (state.isValid || !state.fromNode || !state.fromHandle?.id || state.fromHandle.type !== "source") return;
    const point = "changedTouches" in event ? event.changedTouches[0] : event;
    if (!point) return;
    const from = { source: state.fromNode.id, handle: state.fromHandle.id };
    const under = document.elementFromPoint(point.clientX, point.clientY);
    const node = under?.closest<HTMLElement>(".react-flow__node-module");
    if (node?.dataset.id) {
      connectTo(from, node.dataset.id);
      return;
    }
    if (under?.closest(".react-flow__pane")) openPicker(point.clientX, point.clientY, from);
  });

  // Every module node reads it from context: a new function would redraw them all.
  const openRoute = useStableHandler((route: RouteRef) => {
    const module = flow[route.source] as Readonly<Record<string, unknown>> | undefined;
    const type = moduleTypeOf(module?.module);
    if (!module || !type) return;
    onSelect(route.source);
    focusRoutePicker(route.source, type, module, route.handle.split("."));
  });
  const onEdgesDelete = useStableHandler((deleted: Edge[]) => {
    const routes = deleted.flatMap((edge) => (edge.sourceHandle ? [{ source: edge.source, handle: edge.sourceHandle }] : []));
    editing.clearRoutes(routes);
    onNotice(
      routes.length === 1 ? "The route now leads nowhere: choose where it goes." : `${routes.length} routes now lead nowhere.`,
    );
  });
  const onConnect = useStableHandler((connection: Connection) => {
    if (connection.sourceHandle) connectTo({ source: connection.source, handle: connection.sourceHandle }, connection.target);
  });
  const isValidConnection = useStableHandler((connection: Edge | Connection) => isModule(connection.target));
  return { onConnect, onConnectEnd, isValidConnection, onEdgesDelete, openRoute };
}
