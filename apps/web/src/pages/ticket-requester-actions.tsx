import type { Ticket } from "@helpdesk/contracts";
import { isOpenStatus } from "@helpdesk/contracts/constants";
import { useUpdateTicket } from "../api/tickets.ts";

/** What a requester may do to their ticket: close it while open, reopen it once resolved or closed. */
export function RequesterActions({ ticket }: { ticket: Ticket }) {
  const update = useUpdateTicket(ticket._id);
  const open = isOpenStatus(ticket.status);
  const pending = update.isPending;
  return (
    <div className="flex flex-col items-start gap-2 sm:items-end">
      {open ? (
        <button
          type="button"
          className="btn btn-sm"
          disabled={pending}
          onClick={() => update.mutate({ status: "CLOSED" })}
        >
          {pending && <span className="loading loading-spinner loading-xs" aria-hidden="true" />}
          {pending ? "Closing…" : "Close ticket"}
        </button>
      ) : (
        <button
          type="button"
          className="btn btn-sm btn-primary"
          disabled={pending}
          onClick={() => update.mutate({ status: "TODO" })}
        >
          {pending && <span className="loading loading-spinner loading-xs" aria-hidden="true" />}
          {pending ? "Reopening…" : "Reopen ticket"}
        </button>
      )}
      {update.error && (
        <p role="alert" className="text-sm text-error">
          {update.error.message}
        </p>
      )}
    </div>
  );
}
