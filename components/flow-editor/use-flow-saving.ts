"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import type { TCallFlowInput } from "@/server/domain/call-flow";
import { type RouterOutputs, serverIssues, useTRPC } from "@/components/trpc";
import { documentOfStored } from "./flow-document";
import type { useFlowDocument } from "./use-flow-document";
import type { useLayoutSaver } from "./use-layout-saver";

/** A flow as the portal's API returns it after a save. */
export type StoredFlow = RouterOutputs["callFlows"]["get"];

/**
 * Saving the flow from the editor: a new flow is saved once, as a draft-only flow (its extension
 * reserved), after which the draft bar takes over; a stored flow's version is the one the draft
 * bar and the history panel start from, moved on by what they save, restore or load.
 */
export function useFlowSaving({
  accountId,
  flowId,
  version,
  editor,
  layoutSaver,
  setNotice,
}: {
  accountId: string;
  flowId: string | null;
  version: number | null;
  editor: ReturnType<typeof useFlowDocument>;
  layoutSaver: ReturnType<typeof useLayoutSaver>;
  setNotice: (notice: string | null) => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { document } = editor;
  const [baseVersion, setBaseVersion] = useState(version);
  const [saveError, setSaveError] = useState<string | null>(null);

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
    [editor, queryClient, trpc, flowId, router, accountId, setNotice],
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

  return { baseVersion, setBaseVersion, saving, saveError, setSaveError, saveNew, applySaved };
}
