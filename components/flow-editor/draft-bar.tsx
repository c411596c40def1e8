"use client";

import { useConfirm } from "@/components/ui/confirm";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useDeferredValue, useEffect, useId, useRef, useState } from "react";
import { serverIssues, useTRPC } from "@/components/trpc";
import { FlowDiffView } from "./diff-view";
import { useEditor } from "./editor-context";
import { Bone } from "./editor-skeleton";
import type { FlowDocument } from "./flow-document";
import { PublishSummary } from "./publish-summary";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { FieldBox, Message } from "@/components/ui/field";

/** How long typing must pause before the draft saves itself. */
const AUTOSAVE_DELAY_MS = 1500;
/** How often the editor asks whether live changed under the draft (a REST PUT, someone publishing). */
const LIVE_POLL_MS = 15_000;

type IssueText = { text: string };

type DraftBarProps = {
  accountId: string;
  flowId: string;
  /** The live version the editor opened (or last published or loaded): the base of a new draft. */
  startedFromVersion: number;
  document: FlowDocument;
  /** The document differs from the last saved draft. */
  dirty: boolean;
  errors: readonly IssueText[];
  warnings: readonly IssueText[];
  /** The draft was saved as `document`: it is the editor's new baseline. */
  onSaved: (document: FlowDocument) => void;
  /** Replace what the editor holds with live at `version` (after the draft was discarded). */
  onLoad: (document: FlowDocument, version: number) => void;
  /** Publishing was tried with errors: show them all. */
  onRevealErrors: () => void;
  /** The draft is live now, as this version. */
  onPublished: (version: number) => void;
};

function countOf(count: number, one: string): string {
  return `${count} ${one}${count === 1 ? "" : "s"}`;
}

/** The browser's own time zone, named so a scheduled time is never ambiguous. */
function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function localTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short", timeZoneName: "short" });
}

/**
 * The editor's draft controls: saving (explicit, and on its own as the user pauses typing),
 * "Draft — not live" and the changes against live, Publish (blocked by errors, listing warnings),
 * Discard draft, publishing at a time, and a warning with live, base and draft side by side
 * when live changed under the draft.
 */
export function DraftBar(props: DraftBarProps) {
  const { accountId, flowId, document, dirty } = props;
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const stateKey = { accountId, id: flowId };
  const state = useQuery({ ...trpc.callFlowDrafts.state.queryOptions(stateKey), refetchInterval: LIVE_POLL_MS });
  const save = useMutation(trpc.callFlowDrafts.save.mutationOptions());
  const publish = useMutation(trpc.callFlowDrafts.publish.mutationOptions());
  const discard = useMutation(trpc.callFlowDrafts.discard.mutationOptions());
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.callFlowDrafts.state.queryKey(stateKey) });

  // One save at a time: a Publish clicked while an autosave is on its way waits for it.
  const inFlight = useRef<Promise<boolean> | null>(null);
  async function saveDraft(): Promise<boolean> {
    while (inFlight.current) await inFlight.current;
    const sent = document;
    const run = (async () => {
      try {
        const saved = await save.mutateAsync({
          accountId,
          id: flowId,
          document: sent,
          startedFromVersion: props.startedFromVersion,
        });
        props.onSaved(sent);
        queryClient.setQueryData(trpc.callFlowDrafts.state.queryKey(stateKey), (current) =>
          current ? { ...current, ...saved } : current,
        );
        setFailure(null);
        return true;
      } catch (error) {
        setFailure(serverIssues(error).message);
        return false;
      }
    })();
    inFlight.current = run;
    try {
      return await run;
    } finally {
      inFlight.current = null;
    }
  }

  // Autosave: once typing pauses, the draft is saved (a draft may have errors).
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new document (typing) restarts the wait
  useEffect(() => {
    if (!dirty) return;
    const timer = setTimeout(() => void saveDraft(), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [document, dirty]);

  const data = state.data;
  const hasDraft = dirty || (data?.draft ?? null) !== null;
  const live = (data?.live ?? null) as FlowDocument | null;
  // Compared in a render of its own after each keystroke's: a long flow's diff must not delay typing.
  const diffedDocument = useDeferredValue(document);
  const { resourceNames } = useEditor();
  const errorCount = props.errors.length;

  async function publishNow(overwriteLiveChanges = false) {
    setMessage(null);
    if (errorCount > 0) {
      props.onRevealErrors();
      return;
    }
    // Publishing over a changed live was already weighed, side by side, in LiveChangedNotice.
    if (
      !overwriteLiveChanges &&
      !(await confirm({
        title: "Publish this draft?",
        description: (
          <>
            <p>Callers reach the new version at once. Against live, it changes:</p>
            <PublishSummary live={live} draft={document} />
          </>
        ),
        confirmLabel: "Publish",
      }))
    )
      return;
    if (dirty && !(await saveDraft())) return;
    try {
      const result = await publish.mutateAsync({ accountId, id: flowId, overwriteLiveChanges });
      setFailure(null);
      props.onPublished(result.version);
      setMessage(
        result.warnings.length > 0
          ? `Published: version ${result.version} is live, with ${countOf(result.warnings.length, "warning")}.`
          : `Published: version ${result.version} is live.`,
      );
      await refresh();
      void queryClient.invalidateQueries({ queryKey: trpc.callFlows.pathKey() });
      router.refresh();
    } catch (error) {
      setFailure(serverIssues(error).message);
      await refresh();
    }
  }

  async function discardDraft() {
    const confirmed = await confirm({
      title: "Throw this draft away?",
      description: "Live stays as it is.",
      confirmLabel: "Discard draft",
      tone: "danger",
    });
    if (!confirmed) return;
    try {
      const { flowDeleted } = await discard.mutateAsync({ accountId, id: flowId });
      if (flowDeleted) {
        router.push(`/accounts/${accountId}/flows`);
        return;
      }
      if (live && data) props.onLoad(live, data.liveVersion);
      setMessage("Draft discarded: the editor shows live again.");
      await refresh();
    } catch (error) {
      setFailure(serverIssues(error).message);
    }
  }

  const busy = save.isPending || publish.isPending || discard.isPending;
  const status = save.isPending
    ? "Saving draft…"
    : dirty
      ? "Unsaved changes"
      : hasDraft
        ? "Draft saved"
        : data?.published
          ? `Live (version ${data.liveVersion})`
          : "Draft saved";

  // Until the draft state is known, no control can say what it would do: their shapes stand in.
  if (state.isPending && !dirty) {
    return (
      <section className="flex flex-wrap items-center gap-3" aria-label="Draft and publishing" data-testid="draft-bar-skeleton">
        <Bone className="h-9 w-24" />
        <Bone className="h-9 w-20" />
        <Bone className="h-9 w-28" />
        <span role="status" data-testid="editor-status">
          Checking for a draft…
        </span>
      </section>
    );
  }

  return (
    <section className="flex flex-col gap-3" aria-label="Draft and publishing">
      <div className="flex flex-wrap items-center gap-3">
        {hasDraft ? (
          <strong className="text-danger" data-testid="draft-banner">
            {data?.published === false ? "Draft — not live (never published)" : "Draft — not live"}
          </strong>
        ) : null}
        {/* Enabled with a draft even when autosave got there first: saving it again is harmless. */}
        <Button type="button" onClick={() => void saveDraft()} disabled={busy || !hasDraft}>
          Save draft
        </Button>
        <Button
          type="button"
          onClick={() => void publishNow()}
          disabled={busy || state.isPending || !hasDraft || errorCount > 0 || data?.liveChangedSinceBase === true}
          title={errorCount > 0 ? "Fix the errors listed below first" : undefined}
        >
          {publish.isPending ? "Publishing…" : "Publish"}
        </Button>
        <Button type="button" variant="secondary" onClick={() => void discardDraft()} disabled={busy || !hasDraft}>
          Discard draft
        </Button>
        <span role="status" data-testid="editor-status">
          {status}
        </span>
      </div>
      {hasDraft && errorCount > 0 ? (
        <div className="text-sm text-danger" data-testid="publish-blocked">
          Publishing is blocked by {countOf(errorCount, "error")}:
          <ul>
            {props.errors.map((issue) => (
              <li key={issue.text}>{issue.text}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {hasDraft && errorCount === 0 && props.warnings.length > 0 ? (
        <div className="text-xs text-muted" data-testid="publish-warnings">
          Publishing is allowed with {countOf(props.warnings.length, "warning")}:
          <ul>
            {props.warnings.map((issue) => (
              <li key={issue.text}>{issue.text}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {message ? (
        <Message tone="ok" data-testid="draft-notice">
          {message}
        </Message>
      ) : null}
      {failure ? (
        <Message tone="error" data-testid="draft-error">
          {failure}
        </Message>
      ) : null}
      {hasDraft && live ? (
        <details data-testid="draft-diff">
          <summary>Changes against live (version {data?.liveVersion})</summary>
          <FlowDiffView before={live} after={diffedDocument} names={resourceNames} />
        </details>
      ) : null}
      {data?.liveChangedSinceBase && data.draft && live ? (
        <LiveChangedNotice
          live={live}
          liveVersion={data.liveVersion}
          base={data.draft.baseDocument as FlowDocument}
          baseVersion={data.draft.baseVersion}
          draft={document}
          busy={busy}
          onPublishOver={() => void publishNow(true)}
          onDiscard={() => void discardDraft()}
        />
      ) : null}
      {data && hasDraft ? (
        <SchedulePublish accountId={accountId} flowId={flowId} scheduled={data.scheduled} onChange={refresh} />
      ) : null}
    </section>
  );
}

function DocumentColumn({ title, document }: { title: string; document: FlowDocument }) {
  return (
    <div className="flex flex-col gap-3">
      <h3>{title}</h3>
      <p>
        {document.name} ({document.extension}), {countOf(Object.keys(document.flow ?? {}).length, "module")}
      </p>
      <details>
        <summary className="cursor-pointer text-xs text-muted">Show JSON</summary>
        <pre className="max-h-80 overflow-auto rounded-md bg-subtle p-2 font-mono text-xs">
          {JSON.stringify(document.flow, null, 2)}
        </pre>
      </details>
    </div>
  );
}

function LiveChangedNotice(props: {
  live: FlowDocument;
  liveVersion: number;
  base: FlowDocument;
  baseVersion: number;
  draft: FlowDocument;
  busy: boolean;
  onPublishOver: () => void;
  onDiscard: () => void;
}) {
  const { resourceNames } = useEditor();
  return (
    <Card className="border-danger" role="alertdialog" aria-labelledby="live-changed-heading" data-testid="live-changed">
      <h2 id="live-changed-heading">
        Live changed since this draft was started (version {props.baseVersion}, now {props.liveVersion})
      </h2>
      <p>Someone published or the API saved a new version. Publishing this draft would replace it.</p>
      <div className="grid gap-4 md:grid-cols-3">
        <DocumentColumn title={`Live (version ${props.liveVersion})`} document={props.live} />
        <DocumentColumn title={`Draft's base (version ${props.baseVersion})`} document={props.base} />
        <DocumentColumn title="Draft" document={props.draft} />
      </div>
      <h3>What changed live</h3>
      <FlowDiffView before={props.base} after={props.live} names={resourceNames} />
      <h3>What the draft changes</h3>
      <FlowDiffView before={props.base} after={props.draft} names={resourceNames} />
      <div className="flex flex-wrap items-end gap-2">
        <Button type="button" variant="secondary" onClick={props.onDiscard} disabled={props.busy}>
          Discard draft and keep live
        </Button>
        <Button type="button" variant="danger" onClick={props.onPublishOver} disabled={props.busy}>
          Publish over live
        </Button>
      </div>
    </Card>
  );
}

type Scheduled = { id: string; runAt: string; status: string; failure: string | null; createdByLabel: string };

function SchedulePublish(props: {
  accountId: string;
  flowId: string;
  scheduled: readonly Scheduled[];
  onChange: () => Promise<void>;
}) {
  const trpc = useTRPC();
  const inputId = useId();
  const [when, setWhen] = useState("");
  const [error, setError] = useState<string | null>(null);
  const schedule = useMutation(trpc.callFlowDrafts.schedulePublish.mutationOptions());
  const cancel = useMutation(trpc.callFlowDrafts.cancelScheduledPublish.mutationOptions());
  const pending = props.scheduled.find((row) => row.status === "pending");
  const latest = props.scheduled[0];
  const lastFailed = latest?.status === "failed" ? latest : undefined;
  const zone = browserTimeZone();

  async function submit() {
    setError(null);
    // A datetime-local value is wall-clock time in the browser's zone; Date reads it so.
    const runAt = new Date(when);
    if (!when || Number.isNaN(runAt.getTime())) {
      setError("Pick a date and time");
      return;
    }
    try {
      await schedule.mutateAsync({ accountId: props.accountId, id: props.flowId, runAt: runAt.toISOString() });
      setWhen("");
      await props.onChange();
    } catch (failure) {
      setError(serverIssues(failure).message);
    }
  }

  return (
    <div className="flex flex-col gap-3" data-testid="schedule-publish">
      {pending ? (
        <p className="flex flex-wrap items-end gap-2">
          <span data-testid="scheduled-publish">
            Publish scheduled for {localTime(pending.runAt)} by {pending.createdByLabel}. It publishes the draft as it is then,
            including edits made after scheduling.
          </span>
          <Button
            type="button"
            variant="secondary"
            disabled={cancel.isPending}
            onClick={async () => {
              try {
                await cancel.mutateAsync({ accountId: props.accountId, id: props.flowId, scheduledPublishId: pending.id });
              } catch (failure) {
                setError(serverIssues(failure).message);
              }
              await props.onChange();
            }}
          >
            Cancel scheduled publish
          </Button>
        </p>
      ) : (
        <div className="flex flex-wrap items-end gap-2">
          <FieldBox>
            <label htmlFor={inputId}>Publish at (your time zone: {zone})</label>
            <Input id={inputId} type="datetime-local" value={when} onChange={(event) => setWhen(event.target.value)} />
          </FieldBox>
          <Button
            type="button"
            variant="secondary"
            className="self-end"
            onClick={() => void submit()}
            disabled={schedule.isPending}
          >
            Schedule publish
          </Button>
        </div>
      )}
      {lastFailed && !pending ? (
        <Message tone="error" data-testid="scheduled-publish-failed">
          The publish scheduled for {localTime(lastFailed.runAt)} failed: {lastFailed.failure}
        </Message>
      ) : null}
      {error ? <Message tone="error">{error}</Message> : null}
    </div>
  );
}
