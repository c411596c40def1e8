"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { serverIssues, useTRPC } from "@/components/trpc";
import { type EditedSchedule, ScheduleEditor } from "./schedule-editor";
import { statusLine } from "./schedule-status";

type Message = { tone: "notice" | "error"; text: string };

/** The account's schedules: each with its status line and the numbers it routes; create, edit, delete. */
export function ScheduleSection({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  const list = useQuery(trpc.schedules.list.queryOptions({ accountId }));
  const remove = useMutation(trpc.schedules.delete.mutationOptions());
  // null: no editor open; "new": creating; else the schedule being edited.
  const [editing, setEditing] = useState<EditedSchedule | "new" | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.schedules.pathKey() });

  async function confirmDelete(id: string, name: string) {
    if (!window.confirm(`Delete the schedule "${name}"?`)) return;
    setMessage(null);
    try {
      await remove.mutateAsync({ accountId, id });
      setMessage({ tone: "notice", text: `Deleted the schedule "${name}".` });
      await refresh();
    } catch (error) {
      setMessage({ tone: "error", text: serverIssues(error).message });
    }
  }

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Schedules</h2>
      <p className="hint">
        Business hours, closures and public holidays: a phone number can route to one flow while open and another while closed.
      </p>
      <div role="status" data-testid="schedules-message">
        {message ? <p className={message.tone === "error" ? "form-error" : "notice"}>{message.text}</p> : null}
      </div>
      {list.isPending ? <p>Loading schedules…</p> : null}
      {list.isError ? <p className="form-error">Could not load schedules: {list.error.message}</p> : null}
      {list.data?.length === 0 ? <p className="empty">No schedules yet.</p> : null}
      {list.data && list.data.length > 0 ? (
        <table aria-label="Schedules">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Time zone</th>
              <th scope="col">Now</th>
              <th scope="col">Routes</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((schedule) => (
              <tr key={schedule.id}>
                <td>{schedule.name}</td>
                <td>{schedule.timezone}</td>
                <td data-testid="schedule-status">{statusLine(schedule.state, schedule.timezone)}</td>
                <td>
                  {schedule.numbers.length === 0 ? (
                    <span className="hint">No numbers</span>
                  ) : (
                    schedule.numbers.map((number) => number.number).join(", ")
                  )}
                </td>
                <td className="row-inline">
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Edit ${schedule.name}`}
                    onClick={() => {
                      setMessage(null);
                      setEditing(schedule);
                    }}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="danger"
                    aria-label={`Delete ${schedule.name}`}
                    disabled={remove.isPending}
                    onClick={() => void confirmDelete(schedule.id, schedule.name)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {editing === null ? (
        <button
          type="button"
          onClick={() => {
            setMessage(null);
            setEditing("new");
          }}
        >
          New schedule
        </button>
      ) : (
        <ScheduleEditor
          key={editing === "new" ? "new" : `${editing.id}:${editing.version}`}
          accountId={accountId}
          schedule={editing === "new" ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={async (name) => {
            setEditing(null);
            setMessage({ tone: "notice", text: `Saved the schedule "${name}".` });
            await refresh();
          }}
        />
      )}
    </section>
  );
}
