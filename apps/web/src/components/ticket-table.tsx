import type { Ticket } from "@helpdesk/contracts";
import { isOpenStatus } from "@helpdesk/contracts/constants";
import { Link } from "react-router";
import { PriorityBadge, StatusBadge } from "./badges.tsx";
import { NeedsReviewBadge } from "./review-mark.tsx";
import { RelativeTime } from "./time.tsx";

/** Past its SLA due time and still open: what a moderator should look at first. */
export function isOverdue(ticket: Pick<Ticket, "status" | "dueAt">, now: Date = new Date()): boolean {
  return isOpenStatus(ticket.status) && ticket.dueAt !== null && new Date(ticket.dueAt) < now;
}

type Column = "assignee" | "due" | "requester";

/** Rows chosen for a bulk change; `onClick` gets the row and whether shift was held. */
export type RowSelection = {
  selected: ReadonlySet<string>;
  onClick(ticketId: string, shift: boolean): void;
  onAll(choose: boolean): void;
};

function SelectBox({ ticket, selection }: { ticket: Ticket; selection: RowSelection }) {
  return (
    <input
      type="checkbox"
      className="checkbox checkbox-sm"
      aria-label={`Choose #${ticket.number}`}
      checked={selection.selected.has(ticket._id)}
      onChange={() => {}}
      onClick={(event) => selection.onClick(ticket._id, event.shiftKey)}
    />
  );
}

/**
 * Tickets as a table on wide screens and as cards on phones; rows link to the ticket. With a
 * selection, each row has a box to choose it for a bulk change (shift-click chooses a range).
 */
export function TicketTable({
  tickets,
  columns = [],
  selection,
}: {
  tickets: Ticket[];
  columns?: Column[];
  selection?: RowSelection;
}) {
  const show = (column: Column) => columns.includes(column);
  const allChosen = selection !== undefined && tickets.every((ticket) => selection.selected.has(ticket._id));
  return (
    <>
      <div className="hidden overflow-x-auto rounded-box border border-base-300 bg-base-100 md:block">
        <table className="table table-sm lg:table-md">
          <thead>
            <tr>
              {selection && (
                <th className="w-8">
                  <input
                    type="checkbox"
                    className="checkbox checkbox-sm"
                    aria-label="Choose every ticket shown"
                    checked={allChosen}
                    onChange={(event) => selection.onAll(event.target.checked)}
                  />
                </th>
              )}
              <th className="w-16">#</th>
              <th>Ticket</th>
              <th>Status</th>
              <th>Priority</th>
              {show("requester") && <th>From</th>}
              {show("assignee") && <th>Assignee</th>}
              {show("due") && <th>Due</th>}
              <th>Updated</th>
            </tr>
          </thead>
          <tbody>
            {tickets.map((ticket) => (
              <tr key={ticket._id} className={`hover:bg-base-200 ${isOverdue(ticket) ? "bg-error/10" : ""}`}>
                {selection && (
                  <td>
                    <SelectBox ticket={ticket} selection={selection} />
                  </td>
                )}
                <td className="text-base-content/60">{ticket.number}</td>
                <td>
                  <Link
                    to={`/tickets/${ticket._id}`}
                    data-shortcut="row"
                    className="link link-hover font-medium wrap-anywhere"
                  >
                    {ticket.title}
                  </Link>
                  <div className="max-w-64 truncate text-xs text-base-content/60 lg:max-w-sm">
                    {[ticket.category, ticket.summary].filter(Boolean).join(" · ") || "Waiting for triage"}
                  </div>
                  <NeedsReviewBadge ticket={ticket} />
                </td>
                <td>
                  <StatusBadge status={ticket.status} />
                </td>
                <td>
                  <PriorityBadge priority={ticket.priority} />
                </td>
                {show("requester") && <td className="max-w-36 truncate text-sm">{ticket.requester.email}</td>}
                {show("assignee") && (
                  <td className="max-w-36 truncate text-sm">
                    {ticket.assignedTo?.email ?? <span className="text-base-content/50">Unassigned</span>}
                  </td>
                )}
                {show("due") && (
                  <td
                    className={`whitespace-nowrap text-sm ${isOverdue(ticket) ? "font-semibold text-error" : ""}`}
                  >
                    {ticket.dueAt ? <RelativeTime iso={ticket.dueAt} /> : "–"}
                  </td>
                )}
                <td className="whitespace-nowrap text-sm text-base-content/70">
                  <RelativeTime iso={ticket.updatedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="flex flex-col gap-2 md:hidden">
        {tickets.map((ticket) => (
          <li key={ticket._id} className="flex items-start gap-2">
            {selection && (
              <span className="pt-3">
                <SelectBox ticket={ticket} selection={selection} />
              </span>
            )}
            <Link
              to={`/tickets/${ticket._id}`}
              data-shortcut="row"
              className={`card card-sm min-w-0 flex-1 border bg-base-100 ${isOverdue(ticket) ? "border-error" : "border-base-300"}`}
            >
              <div className="card-body">
                <div className="flex items-start justify-between gap-2">
                  <span className="min-w-0 font-medium wrap-anywhere">{ticket.title}</span>
                  <span className="text-xs text-base-content/60">#{ticket.number}</span>
                </div>
                <div className="flex flex-wrap items-center gap-1.5 text-xs">
                  <StatusBadge status={ticket.status} />
                  <PriorityBadge priority={ticket.priority} />
                  {ticket.category && <span className="badge badge-ghost">{ticket.category}</span>}
                  <NeedsReviewBadge ticket={ticket} />
                </div>
                <div className="flex flex-wrap justify-between gap-2 text-xs text-base-content/60">
                  <span>{ticket.assignedTo?.email ?? "Unassigned"}</span>
                  {show("due") && ticket.dueAt ? (
                    <span className={isOverdue(ticket) ? "font-semibold text-error" : ""}>
                      Due <RelativeTime iso={ticket.dueAt} />
                    </span>
                  ) : (
                    <RelativeTime iso={ticket.updatedAt} />
                  )}
                </div>
              </div>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
