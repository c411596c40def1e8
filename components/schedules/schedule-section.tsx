"use client";

import { useConfirm } from "@/components/ui/confirm";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { serverIssues, useTRPC } from "@/components/trpc";
import { type EditedSchedule, ScheduleEditor } from "./schedule-editor";
import { statusLine } from "./schedule-status";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table } from "@/components/ui/table";
import { Hint, Message } from "@/components/ui/field";

type Feedback = { tone: "notice" | "error"; text: string };

/** The account's schedules: each with its status line and the numbers it routes; create, edit, delete. */
export function ScheduleSection({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const headingId = useId();
  const list = useQuery(trpc.schedules.list.queryOptions({ accountId }));
  const remove = useMutation(trpc.schedules.delete.mutationOptions());
  // null: no editor open; "new": creating; else the schedule being edited.
  const [editing, setEditing] = useState<EditedSchedule | "new" | null>(null);
  const [message, setMessage] = useState<Feedback | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.schedules.pathKey() });

  async function confirmDelete(id: string, name: string) {
    const confirmed = await confirm({
      title: `Delete the schedule "${name}"?`,
      description: "Numbers it routes must be routed another way first.",
      confirmLabel: "Delete schedule",
      tone: "danger",
    });
    if (!confirmed) return;
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
    <Card aria-labelledby={headingId}>
      <h2 id={headingId}>Schedules</h2>
      <Hint>
        Business hours, closures and public holidays. On <Link href={`/accounts/${accountId}/numbers`}>Numbers</Link>, a phone
        number can follow a schedule: one flow while open, another while closed.
      </Hint>
      <div role="status" data-testid="schedules-message">
        {message ? <p className={message.tone === "error" ? "text-sm text-danger" : "text-sm text-ok"}>{message.text}</p> : null}
      </div>
      {list.isPending ? <p>Loading schedules…</p> : null}
      {list.isError ? <Message tone="error">Could not load schedules: {list.error.message}</Message> : null}
      {list.data?.length === 0 ? <Message tone="muted">No schedules yet.</Message> : null}
      {list.data && list.data.length > 0 ? (
        <Table aria-label="Schedules">
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
                    <span className="text-xs text-muted">No numbers</span>
                  ) : (
                    schedule.numbers.map((number) => number.number).join(", ")
                  )}
                </td>
                <td className="space-x-2 whitespace-nowrap">
                  <Button
                    type="button"
                    variant="secondary"
                    aria-label={`Edit ${schedule.name}`}
                    onClick={() => {
                      setMessage(null);
                      setEditing(schedule);
                    }}
                  >
                    Edit
                  </Button>
                  <Button
                    type="button"
                    variant="danger"
                    aria-label={`Delete ${schedule.name}`}
                    disabled={remove.isPending}
                    onClick={() => void confirmDelete(schedule.id, schedule.name)}
                  >
                    Delete
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
      {editing === null ? (
        <Button
          type="button"
          onClick={() => {
            setMessage(null);
            setEditing("new");
          }}
        >
          New schedule
        </Button>
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
    </Card>
  );
}
