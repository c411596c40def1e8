"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/trpc";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Message } from "@/components/ui/field";
import { ImportReport } from "./import-wizard";

/** An import run's progress, read from the server each second until it ends; then its results. */
export function ImportRunProgress({ id }: { id: string }) {
  const trpc = useTRPC();
  const run = useQuery({
    ...trpc.imports.get.queryOptions({ id }),
    refetchInterval: (query) => (query.state.data && ["done", "failed"].includes(query.state.data.status) ? false : 1000),
  });
  if (run.isPending) return <p>Loading the import…</p>;
  if (run.isError) return <Message tone="error">Could not load the import: {run.error.message}</Message>;
  const { data } = run;
  const done = data.rows - data.pending;
  return (
    <Card aria-labelledby="run-heading">
      <h2 id="run-heading">
        Import of {data.kind}{" "}
        <Badge tone={data.status === "failed" ? "danger" : data.status === "done" ? "ok" : "accent"}>{data.status}</Badge>
      </h2>
      <label htmlFor="import-progress">
        {done} of {data.rows} rows applied
      </label>
      <progress id="import-progress" className="w-full" max={Math.max(data.rows, 1)} value={done} />
      {data.failure ? <Message tone="error">{data.failure}</Message> : null}
      {data.status === "done" || data.status === "failed" ? <ImportReport counts={data} title="Results" /> : null}
      <p className="text-sm">
        <Link href="/imports">← Import and export</Link>
      </p>
    </Card>
  );
}
