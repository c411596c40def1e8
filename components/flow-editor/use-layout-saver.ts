"use client";

import { useMutation } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { serverIssues, useTRPC } from "@/components/trpc";
import type { FlowPositions } from "./layout-positions";

/** Moves come in bursts (a drag, arrow keys): one save once they stop. */
const SAVE_AFTER_MS = 700;

/**
 * Keeps a stored flow's module positions saved as the portal's metadata, apart from the flow
 * and its versions: moving a module is not an edit of the flow, so it needs no Save. A new flow
 * has nowhere to keep them until it is created: `saveFor` writes them then.
 */
export function useLayoutSaver(accountId: string, flowId: string | null, positions: FlowPositions) {
  const trpc = useTRPC();
  const { mutateAsync } = useMutation(trpc.callFlowLayouts.save.mutationOptions());
  const [problem, setProblem] = useState<string | null>(null);
  const saved = useRef(positions);

  const saveFor = useCallback(
    async (id: string, next: FlowPositions) => {
      saved.current = next;
      try {
        await mutateAsync({ accountId, id, positions: { ...next } });
        setProblem(null);
      } catch (error) {
        setProblem(`The layout was not saved: ${serverIssues(error).message}`);
      }
    },
    [accountId, mutateAsync],
  );

  useEffect(() => {
    if (flowId === null || positions === saved.current) return;
    const timer = setTimeout(() => void saveFor(flowId, positions), SAVE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [flowId, positions, saveFor]);

  return { problem, saveFor: (id: string) => saveFor(id, positions) };
}
