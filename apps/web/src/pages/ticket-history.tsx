import type { Ticket, TicketEvent, User } from "@helpdesk/contracts";
import { useTicketEvents } from "../api/tickets.ts";
import { ErrorState, Loading } from "../components/states.tsx";
import { RelativeTime } from "../components/time.tsx";
import { describeTicketEvent, type NameOf } from "./ticket-event-description.ts";
import { Email } from "./ticket-properties.tsx";

/** Everyone the page knows by id: the team, the requester, the assignee and every actor in the history. */
export function namesFrom(ticket: Ticket, staff: User[] = [], events: TicketEvent[] = []): NameOf {
  const names = new Map<string, string>();
  for (const member of staff) names.set(member._id, member.email);
  for (const event of events) if (event.actor) names.set(event.actor._id, event.actor.email);
  names.set(ticket.requester._id, ticket.requester.email);
  if (ticket.assignedTo) names.set(ticket.assignedTo._id, ticket.assignedTo.email);
  return (id) => names.get(id);
}

const DOT_CLASS: Record<TicketEvent["kind"], string> = {
  created: "bg-info",
  triaged: "bg-secondary",
  assigned: "bg-primary",
  status_changed: "bg-success",
  updated: "bg-accent",
  commented: "bg-base-content/40",
  sla_breached: "bg-error",
  due_date_set: "bg-warning",
};

/** The ticket's life, oldest first: who did what (or "System"), when. */
export function TicketHistory({ ticket, nameOf }: { ticket: Ticket; nameOf: NameOf }) {
  const events = useTicketEvents(ticket._id);
  return (
    <section className="card card-sm border border-base-300 bg-base-100" aria-labelledby="history-title">
      <div className="card-body gap-3">
        <h2 id="history-title" className="card-title text-sm">
          History
        </h2>
        {events.isPending ? (
          <Loading what="Loading history" />
        ) : events.isError ? (
          <ErrorState error={events.error} onRetry={() => events.refetch()} />
        ) : events.data.length === 0 ? (
          <p className="text-sm text-base-content/60">Nothing has happened yet.</p>
        ) : (
          <ol className="ml-1.5 border-l-2 border-base-300">
            {events.data.map((event) => (
              <li key={event._id} className="relative pb-3 pl-4 last:pb-0">
                <span
                  aria-hidden="true"
                  className={`absolute top-1.5 -left-[5px] size-2 rounded-full ring-2 ring-base-100 ${DOT_CLASS[event.kind]}`}
                />
                <p className="text-sm wrap-anywhere">{describeTicketEvent(event, nameOf)}</p>
                <p className="text-xs text-base-content/60">
                  {event.actor ? <Email address={event.actor.email} /> : "System"}
                  {" · "}
                  <RelativeTime iso={event.createdAt} />
                </p>
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
