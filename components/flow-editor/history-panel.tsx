"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatDay } from "@/components/format";
import { serverIssues, useTRPC } from "@/components/trpc";
import { FlowDiffView } from "./diff-view";
import { useEditor } from "./editor-context";
import type { StoredFlow } from "./use-flow-saving";
import { Button } from "@/components/ui/button";
import { Table } from "@/components/ui/table";
import { Message } from "@/components/ui/field";

/** Every saved version: compare any two, restore one (a new save; history is never rewritten). */
export function HistoryPanel({
  accountId,
  flowId,
  currentVersion,
  onRestored,
}: {
  accountId: string;
  flowId: string;
  currentVersion: number;
  onRestored: (saved: StoredFlow) => void;
}) {
  const trpc = useTRPC();
  const history = useQuery(trpc.callFlows.history.queryOptions({ accountId, id: flowId }));
  const [compare, setCompare] = useState<{ from: number; to: number } | null>(null);
  const versions = useQuery({
    ...trpc.callFlows.compare.queryOptions({
      accountId,
      id: flowId,
      fromVersion: compare?.from ?? 1,
      toVersion: compare?.to ?? 1,
    }),
    enabled: compare !== null,
  });
  const { resourceNames } = useEditor();
  const restore = useMutation(trpc.callFlows.restore.mutationOptions());
  const [error, setError] = useState<string | null>(null);

  if (history.isPending) return <p>Loading history…</p>;
  if (history.isError) return <Message tone="error">{history.error.message}</Message>;
  return (
    <div className="flex flex-col gap-3">
      <Table aria-label="Versions">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Saved by</th>
            <th scope="col">When</th>
            <th scope="col">Name</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {history.data.map((revision) => (
            <tr key={revision.version}>
              <td>
                {revision.version}
                {revision.restoredFromVersion ? ` (restored from ${revision.restoredFromVersion})` : ""}
              </td>
              <td>{revision.createdByLabel}</td>
              <td>
                {formatDay(revision.createdAt)} {revision.createdAt.toISOString().slice(11, 16)} UTC
              </td>
              <td>{revision.name}</td>
              <td className="space-x-2 whitespace-nowrap">
                {revision.version !== currentVersion ? (
                  <>
                    <Button
                      type="button"
                      variant="secondary"
                      onClick={() => setCompare({ from: revision.version, to: currentVersion })}
                    >
                      Compare with current
                    </Button>
                    <Button
                      type="button"
                      variant="secondary"
                      disabled={restore.isPending}
                      onClick={async () => {
                        setError(null);
                        try {
                          const saved = await restore.mutateAsync({
                            accountId,
                            id: flowId,
                            version: revision.version,
                            expectedVersion: currentVersion,
                          });
                          onRestored(saved);
                          await history.refetch();
                        } catch (problem) {
                          setError(serverIssues(problem).message);
                        }
                      }}
                    >
                      Restore version {revision.version}
                    </Button>
                  </>
                ) : (
                  <span className="text-xs text-muted">current</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      {error ? <Message tone="error">{error}</Message> : null}
      {compare && versions.data ? (
        <section aria-labelledby="diff-heading">
          <h2 id="diff-heading">
            Version {compare.from} → version {compare.to}
          </h2>
          <FlowDiffView before={versions.data.before} after={versions.data.after} names={resourceNames} />
        </section>
      ) : null}
    </div>
  );
}
