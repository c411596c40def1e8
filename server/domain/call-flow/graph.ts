/**
 * Graph walks over a flow's routes, with modules numbered 0..n-1 and `successors[i]` listing
 * where module i can route to. All are iterative: a flow of thousands of modules in a chain
 * must not overflow the call stack.
 */
type Successors = readonly (readonly number[])[];

/** Which nodes a walk from `starts` can reach. */
export function reachableFrom(successors: Successors, starts: readonly number[]): boolean[] {
  const reached = new Array<boolean>(successors.length).fill(false);
  const pending = [...starts];
  for (const start of starts) reached[start] = true;
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    for (const next of successors[node] ?? []) {
      if (!reached[next]) {
        reached[next] = true;
        pending.push(next);
      }
    }
  }
  return reached;
}

/**
 * Groups of nodes that can all reach one another and contain at least one cycle (a single node
 * counts only if it routes to itself). Tarjan's algorithm with an explicit stack.
 */
export function cyclicComponents(successors: Successors): number[][] {
  const count = successors.length;
  const order = new Array<number>(count).fill(-1);
  const lowLink = new Array<number>(count).fill(0);
  const onStack = new Array<boolean>(count).fill(false);
  const componentStack: number[] = [];
  const components: number[][] = [];
  let nextOrder = 0;

  for (let root = 0; root < count; root++) {
    if (order[root] !== -1) continue;
    const walk: { node: number; edge: number }[] = [{ node: root, edge: 0 }];
    order[root] = lowLink[root] = nextOrder++;
    componentStack.push(root);
    onStack[root] = true;
    while (walk.length > 0) {
      const frame = walk[walk.length - 1];
      if (frame === undefined) break;
      const edges = successors[frame.node] ?? [];
      const next = edges[frame.edge];
      if (next !== undefined) {
        frame.edge++;
        if (order[next] === -1) {
          order[next] = lowLink[next] = nextOrder++;
          componentStack.push(next);
          onStack[next] = true;
          walk.push({ node: next, edge: 0 });
        } else if (onStack[next]) {
          lowLink[frame.node] = Math.min(lowLink[frame.node] ?? 0, order[next] ?? 0);
        }
        continue;
      }
      walk.pop();
      const parent = walk[walk.length - 1];
      if (parent !== undefined) {
        lowLink[parent.node] = Math.min(lowLink[parent.node] ?? 0, lowLink[frame.node] ?? 0);
      }
      if (lowLink[frame.node] !== order[frame.node]) continue;
      const component: number[] = [];
      for (;;) {
        const member = componentStack.pop();
        if (member === undefined) break;
        onStack[member] = false;
        component.push(member);
        if (member === frame.node) break;
      }
      if (component.length > 1 || edges.includes(frame.node)) components.push(component.reverse());
    }
  }
  return components;
}

/**
 * A shortest cycle from `start` back to itself using only nodes of `component`, as the list of
 * nodes visited (`[start, ..., start]`). `start` must belong to a cyclic component.
 */
export function shortestCycle(successors: Successors, component: readonly number[], start: number): number[] {
  const members = new Set(component);
  const cameFrom = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] ?? start;
    for (const next of successors[node] ?? []) {
      if (!members.has(next)) continue;
      if (next === start) return [...pathTo(cameFrom, start, node), start];
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start];
}

function pathTo(cameFrom: ReadonlyMap<number, number>, start: number, end: number): number[] {
  const path = [end];
  for (let node = end; node !== start; ) {
    node = cameFrom.get(node) ?? start;
    path.push(node);
  }
  return path.reverse();
}
