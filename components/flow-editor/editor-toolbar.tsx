"use client";

import { Button } from "@/components/ui/button";
import { Message } from "@/components/ui/field";

/** "3 steps remain". */
export function steps(count: number): string {
  return count === 1 ? "1 step remains" : `${count} steps remain`;
}

/** Above the tabs: Save (for a new flow), Finish with defaults, the new flow's status and what the
 * last action did. */
export function EditorToolbar({
  isNew,
  saving,
  onSave,
  emptyRouteCount,
  onFinishRoutes,
  errorCount,
  dirty,
  notice,
  saveError,
}: {
  isNew: boolean;
  saving: boolean;
  onSave: () => void;
  emptyRouteCount: number;
  onFinishRoutes: () => void;
  errorCount: number;
  dirty: boolean;
  notice: string | null;
  saveError: string | null;
}) {
  return (
    // Always its height, empty or not, so a first notice moves nothing under it.
    <div className="flex min-h-9 flex-wrap items-center gap-3">
      {isNew ? (
        <Button type="button" onClick={onSave} disabled={saving}>
          {saving ? "Saving…" : "Save"}
        </Button>
      ) : null}
      {emptyRouteCount > 0 ? (
        <Button
          type="button"
          variant="secondary"
          onClick={onFinishRoutes}
          title="Every route not chosen yet leads to a new Busy tone, which ends the call"
        >
          Finish with defaults
        </Button>
      ) : null}
      {isNew ? (
        <span role="status" data-testid="editor-status">
          {errorCount > 0 ? `${steps(errorCount)} before saving` : dirty ? "Unsaved changes" : "New flow"}
        </span>
      ) : null}
      {/* One line, so a notice never pushes the graph down a second time. */}
      {notice ? (
        <span className="min-w-0 flex-1 truncate text-sm text-ok" title={notice}>
          {notice}
        </span>
      ) : null}
      {saveError ? (
        <Message tone="error" data-testid="save-error">
          {saveError}
        </Message>
      ) : null}
    </div>
  );
}
