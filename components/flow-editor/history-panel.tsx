"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatDay } from "@/components/format";
import { serverIssues, useTRPC } from "@/components/trpc";
import { DiffView } from "./diff-view";
import type { StoredFlow } from "./use-flow-saving";

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
  const diff = useQuery({
    ...trpc.callFlows.diff.queryOptions({ accountId, id: flowId, fromVersion: compare?.from ?? 1, toVersion: compare?.to ?? 1 }),
    enabled: compare !== null,
  });
  const restore = useMutation(trpc.callFlows.restore.mutationOptions());
  const [error, setError] = useState<string | null>(null);

  if (history.isPending) return <p>Loading history…</p>;
  if (history.isError) return <p className="form-error">{history.error.message}</p>;
  return (
    <div className="stack history">
      <table aria-label="Versions">
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
              <td className="row-inline">
                {revision.version !== currentVersion ? (
                  <>
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => setCompare({ from: revision.version, to: currentVersion })}
                    >
                      Compare with current
                    </button>
                    <button
                      type="button"
                      className="secondary"
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
                    </button>
                  </>
                ) : (
                  <span className="hint">current</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error ? <p className="form-error">{error}</p> : null}
      {compare && diff.data ? (
        <section aria-labelledby="diff-heading">
          <h2 id="diff-heading">
            Version {compare.from} → version {compare.to}
          </h2>
          <DiffView diff={diff.data} />
        </section>
      ) : null}
    </div>
  );
}
