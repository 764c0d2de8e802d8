import type { BulkUpdateReply, BulkUpdateRequest, Priority, TicketStatus } from "@helpdesk/contracts";
import { PRIORITIES, TICKET_STATUSES } from "@helpdesk/contracts/constants";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError, api } from "../api/client.ts";
import { ticketKeys } from "../api/tickets.ts";
import { useStaff } from "../api/users.ts";
import { STATUS_LABEL } from "../components/badges.tsx";

type Choice = { status: TicketStatus | ""; priority: Priority | ""; assignee: string };
const NONE: Choice = { status: "", priority: "", assignee: "" };

/** The change a bulk bar's choices ask for; null until something is chosen. */
export function bulkChangesOf(choice: Choice): BulkUpdateRequest["changes"] | null {
  const changes: BulkUpdateRequest["changes"] = {
    ...(choice.status && { status: choice.status }),
    ...(choice.priority && { priority: choice.priority }),
    ...(choice.assignee && { assignedTo: choice.assignee === "none" ? null : choice.assignee }),
  };
  return Object.keys(changes).length ? changes : null;
}

/** What a bulk change did, for the person who asked: how many changed, and why others did not. */
export function describeBulkReply(reply: BulkUpdateReply): string {
  const changed = `Changed ${reply.updated.length} ${reply.updated.length === 1 ? "ticket" : "tickets"}.`;
  if (!reply.failed.length) return changed;
  return `${changed} Left as they were: ${reply.failed.map((failure) => failure.message).join("; ")}`;
}

/**
 * Above a list with chosen tickets: one change (status, priority, assignee) for all of them, made
 * to each as if by hand. Says how many changed and why any did not; those stay chosen.
 */
export function BulkBar({
  ids,
  onDone,
}: {
  ids: string[];
  /** The tickets still chosen (those the change did not fit), and what happened, in words. */
  onDone(leftChosen: string[], outcome?: string): void;
}) {
  const queryClient = useQueryClient();
  const staff = useStaff().data ?? [];
  const [choice, setChoice] = useState<Choice>(NONE);
  const changes = bulkChangesOf(choice);
  const apply = useMutation({
    mutationFn: (request: BulkUpdateRequest) =>
      api<BulkUpdateReply>("/api/tickets/bulk", { method: "POST", body: request }),
    onSuccess: (reply) => {
      setChoice(NONE);
      onDone(
        reply.failed.map((failure) => failure._id),
        describeBulkReply(reply),
      );
      return queryClient.invalidateQueries({ queryKey: ticketKeys.lists });
    },
  });

  return (
    <section
      aria-label="Change the chosen tickets"
      className="mb-3 flex flex-wrap items-center gap-2 rounded-box border border-primary/40 bg-primary/5 p-3 text-sm"
    >
      <span className="font-medium">{ids.length} chosen</span>
      <select
        className="select select-sm w-40"
        aria-label="Set status"
        value={choice.status}
        onChange={(event) => setChoice({ ...choice, status: event.target.value as Choice["status"] })}
      >
        <option value="">Status…</option>
        {TICKET_STATUSES.map((status) => (
          <option key={status} value={status}>
            {STATUS_LABEL[status]}
          </option>
        ))}
      </select>
      <select
        className="select select-sm w-36"
        aria-label="Set priority"
        value={choice.priority}
        onChange={(event) => setChoice({ ...choice, priority: event.target.value as Choice["priority"] })}
      >
        <option value="">Priority…</option>
        {PRIORITIES.map((priority) => (
          <option key={priority} value={priority}>
            {priority[0]?.toUpperCase() + priority.slice(1)}
          </option>
        ))}
      </select>
      <select
        className="select select-sm w-56"
        aria-label="Assign to"
        value={choice.assignee}
        onChange={(event) => setChoice({ ...choice, assignee: event.target.value })}
      >
        <option value="">Assignee…</option>
        <option value="none">Unassigned</option>
        {staff.map((member) => (
          <option key={member._id} value={member._id}>
            {member.email}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="btn btn-primary btn-sm"
        disabled={!changes || apply.isPending}
        onClick={() => changes && apply.mutate({ ids, changes })}
      >
        {apply.isPending ? "Applying…" : `Apply to ${ids.length}`}
      </button>
      <button type="button" className="btn btn-ghost btn-sm" onClick={() => onDone([])}>
        Clear
      </button>
      {apply.error && (
        <p role="alert" className="w-full text-error">
          {apply.error instanceof ApiError ? apply.error.message : "The change could not be made."}
        </p>
      )}
    </section>
  );
}
