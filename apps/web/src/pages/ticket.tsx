import type { Ticket } from "@helpdesk/contracts";
import { isOpenStatus } from "@helpdesk/contracts/constants";
import { Link, useParams } from "react-router";
import { ApiError } from "../api/client.ts";
import { useTicket, useTicketEvents } from "../api/tickets.ts";
import { useStaff } from "../api/users.ts";
import { AttachmentList } from "../components/attachment-list.tsx";
import { PriorityBadge, StatusBadge } from "../components/badges.tsx";
import { useDocumentTitle } from "../components/document-title.ts";
import { Markdown } from "../components/markdown.tsx";
import { ErrorState, Loading } from "../components/states.tsx";
import { isOverdue } from "../components/ticket-table.tsx";
import { isStaff, useCurrentUser } from "../session/session.tsx";
import { TicketConversation } from "./ticket-conversation.tsx";
import { TicketEditor } from "./ticket-editor.tsx";
import { namesFrom, TicketHistory } from "./ticket-history.tsx";
import { TicketDates, TicketLabels } from "./ticket-properties.tsx";
import { RequesterActions } from "./ticket-requester-actions.tsx";
import { TicketRouting } from "./ticket-routing.tsx";
import { TicketTriage } from "./ticket-triage.tsx";

function TicketNotFound() {
  useDocumentTitle("Ticket not found");
  return (
    <div className="flex min-h-[50vh] flex-col items-center justify-center gap-3 text-center">
      <p className="text-6xl font-bold text-base-content/60">404</p>
      <h1 className="text-xl font-semibold">We cannot find this ticket</h1>
      <p className="max-w-md text-base-content/70">
        It may have been removed, the link may be mistyped, or it belongs to someone else: you can see only
        the tickets you filed.
      </p>
      <Link to="/tickets" className="btn btn-primary btn-sm">
        Back to tickets
      </Link>
    </div>
  );
}

function TicketHeader({ ticket, staff }: { ticket: Ticket; staff: boolean }) {
  useDocumentTitle(`#${ticket.number} ${ticket.title}`);
  return (
    <header className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
      <div className="min-w-0">
        <Link to="/tickets" className="link link-hover text-sm text-base-content/70">
          ← Tickets
        </Link>
        <h1 className="mt-1 text-xl font-bold wrap-anywhere sm:text-2xl">
          <span className="mr-2 font-normal text-base-content/70">#{ticket.number}</span>
          {ticket.title}
        </h1>
        <div className="mt-2 flex flex-wrap items-center gap-1.5">
          <StatusBadge status={ticket.status} />
          <PriorityBadge priority={ticket.priority} />
          {ticket.category && <span className="badge badge-outline">{ticket.category}</span>}
          {isOverdue(ticket) && <span className="badge badge-error">Overdue</span>}
        </div>
      </div>
      {!staff && <RequesterActions ticket={ticket} />}
    </header>
  );
}

function TicketDescription({ ticket }: { ticket: Ticket }) {
  const done = !isOpenStatus(ticket.status);
  return (
    <section className="card border border-base-300 bg-base-100" aria-label="Description">
      <div className="card-body gap-4 p-4 sm:p-6">
        {ticket.summary && (
          <div className="rounded-box bg-base-200 px-4 py-3">
            <h2 className="text-xs font-semibold tracking-wide text-base-content/60 uppercase">Summary</h2>
            <p className="mt-1 text-sm wrap-anywhere">{ticket.summary}</p>
          </div>
        )}
        <div>
          <h2 className="mb-2 text-xs font-semibold tracking-wide text-base-content/60 uppercase">
            Description
          </h2>
          <p className="whitespace-pre-wrap wrap-anywhere leading-relaxed">{ticket.description}</p>
          <AttachmentList attachments={ticket.attachments} />
        </div>
        {done && ticket.resolution && (
          <div role="note" className="alert alert-success alert-soft items-start">
            <div>
              <h2 className="font-semibold">Resolution</h2>
              <p className="mt-1 whitespace-pre-wrap wrap-anywhere text-sm">{ticket.resolution}</p>
            </div>
          </div>
        )}
      </div>
    </section>
  );
}

function AiNotes({ notes }: { notes: string }) {
  return (
    <details className="collapse-arrow collapse border border-base-300 bg-base-100" open>
      <summary className="collapse-title font-semibold">
        AI notes for the agent
        <span className="badge badge-ghost badge-sm ml-2 align-middle font-normal">Staff only</span>
      </summary>
      <div className="collapse-content">
        <Markdown>{notes}</Markdown>
      </div>
    </details>
  );
}

/** A ticket, for its requester (read, reply, close, reopen) and for staff (work it, audit triage and routing). */
export function TicketPage() {
  const { id = "" } = useParams();
  // Keyed by id: an unsaved edit or reply never carries over when a link leads to another ticket.
  return <TicketView key={id} id={id} />;
}

function TicketView({ id }: { id: string }) {
  const user = useCurrentUser();
  const staff = isStaff(user);
  const ticket = useTicket(id);
  const team = useStaff(staff);
  const events = useTicketEvents(id, staff);

  if (ticket.isPending) return <Loading what="Loading the ticket" />;
  if (ticket.isError) {
    if (ticket.error instanceof ApiError && ticket.error.status === 404) return <TicketNotFound />;
    return <ErrorState error={ticket.error} onRetry={() => ticket.refetch()} />;
  }

  const current = ticket.data;
  const nameOf = namesFrom(current, team.data, events.data);

  return (
    <article>
      <TicketHeader ticket={current} staff={staff} />
      <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,1fr)_21rem] lg:grid-rows-[auto_1fr]">
        <aside aria-label="Properties" className="lg:col-start-2 lg:row-start-1">
          <section className="card card-sm border border-base-300 bg-base-100">
            <div className="card-body gap-3">
              <h2 className="card-title text-sm">{staff ? "Work this ticket" : "Details"}</h2>
              {staff ? (
                <TicketEditor ticket={current} />
              ) : (
                <dl>
                  <TicketLabels ticket={current} />
                </dl>
              )}
              <dl className={staff ? "border-t border-base-300 pt-2" : ""}>
                <TicketDates ticket={current} />
              </dl>
            </div>
          </section>
        </aside>

        <div className="flex min-w-0 flex-col gap-4 lg:col-start-1 lg:row-span-2 lg:row-start-1">
          <TicketDescription ticket={current} />
          {staff && current.helpfulNotes && <AiNotes notes={current.helpfulNotes} />}
          <TicketConversation ticket={current} />
        </div>

        {staff && (
          <aside
            aria-label="Routing, triage and history"
            className="flex flex-col gap-4 lg:col-start-2 lg:row-start-2"
          >
            <TicketRouting ticket={current} nameOf={nameOf} />
            <TicketTriage ticket={current} />
            <TicketHistory ticket={current} nameOf={nameOf} />
          </aside>
        )}
      </div>
    </article>
  );
}
