"use client";

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
    <div className="editor-toolbar">
      {isNew ? (
        <button type="button" onClick={onSave} disabled={saving}>
          {saving ? "Saving…" : "Save"}
        </button>
      ) : null}
      {emptyRouteCount > 0 ? (
        <button
          type="button"
          className="secondary"
          onClick={onFinishRoutes}
          title="Every route not chosen yet leads to a new Busy tone, which ends the call"
        >
          Finish with defaults
        </button>
      ) : null}
      {isNew ? (
        <span role="status" data-testid="editor-status">
          {errorCount > 0 ? `${steps(errorCount)} before saving` : dirty ? "Unsaved changes" : "New flow"}
        </span>
      ) : null}
      {notice ? <span className="notice">{notice}</span> : null}
      {saveError ? (
        <p className="form-error" data-testid="save-error">
          {saveError}
        </p>
      ) : null}
    </div>
  );
}
