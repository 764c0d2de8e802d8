import { useState } from "react";
import { ApiError } from "../api/client.ts";
import { useTicketList } from "../api/tickets.ts";
import { useSetOwnAvailability } from "../api/users.ts";
import { fieldsNeedingReview } from "../components/review-mark.tsx";
import { EmptyState, ErrorState, Loading, PageHeader } from "../components/states.tsx";
import { isOverdue, TicketTable } from "../components/ticket-table.tsx";
import { useCurrentUser } from "../session/session.tsx";
import { orderQueue } from "./queue-order.ts";
import { OPEN_STATUS_FILTER } from "./ticket-filters.ts";

/** A moderator's own availability: off means routing sends them no new tickets. */
function AvailabilityToggle() {
  const user = useCurrentUser();
  const setAvailability = useSetOwnAvailability();
  const error = setAvailability.error instanceof ApiError ? setAvailability.error.message : null;
  return (
    <div className="flex flex-col items-end gap-1">
      <label className="label cursor-pointer gap-3 text-sm">
        <span>{user.available ? "Available for new tickets" : "Away: no new tickets"}</span>
        <input
          type="checkbox"
          className="toggle toggle-success"
          checked={user.available}
          disabled={setAvailability.isPending}
          onChange={(event) => setAvailability.mutate(event.target.checked)}
        />
      </label>
      {error && (
        <span role="alert" className="text-xs text-error">
          {error}
        </span>
      )}
    </div>
  );
}

export function QueuePage() {
  const user = useCurrentUser();
  const [onlyReview, setOnlyReview] = useState(false);
  const list = useTicketList({ assignee: "me", status: OPEN_STATUS_FILTER, sort: "due", limit: 200 });
  const tickets = orderQueue(list.data?.pages.flatMap((page) => page.tickets) ?? []);
  const overdue = tickets.filter((ticket) => isOverdue(ticket)).length;
  // The whole queue is loaded (the counts above are of all of it): the review filter only narrows the view.
  const toReview = tickets.filter((ticket) => fieldsNeedingReview(ticket).length > 0);
  const shown = onlyReview ? toReview : tickets;
  const overCapacity = list.isPending ? 0 : tickets.length - user.capacity;

  return (
    <>
      <PageHeader title="My queue">
        <AvailabilityToggle />
      </PageHeader>
      <label className="label mb-3 cursor-pointer gap-2 text-sm">
        <input
          type="checkbox"
          className="checkbox checkbox-sm"
          checked={onlyReview}
          onChange={(event) => setOnlyReview(event.target.checked)}
        />
        Only the {toReview.length} {toReview.length === 1 ? "ticket" : "tickets"} that need review (fields
        triage left for a person)
      </label>
      <div className="stats stats-horizontal mb-4 w-full bg-base-100 shadow-sm sm:w-auto">
        <div className="stat py-3">
          <div className="stat-title">Open</div>
          <div className={`stat-value text-2xl ${overCapacity > 0 ? "text-error" : ""}`}>
            {list.isPending ? "–" : tickets.length}
          </div>
          <div className={`stat-desc ${overCapacity > 0 ? "font-semibold text-error" : ""}`}>
            {overCapacity > 0
              ? `${overCapacity} over the ${user.capacity} you take at once`
              : overCapacity === 0
                ? `at your capacity of ${user.capacity}: routing sends you no more`
                : `of ${user.capacity} you take at once`}
          </div>
        </div>
        <div className="stat py-3">
          <div className="stat-title">Overdue</div>
          <div className={`stat-value text-2xl ${overdue ? "text-error" : ""}`}>
            {list.isPending ? "–" : overdue}
          </div>
          <div className="stat-desc">past their SLA due time</div>
        </div>
      </div>
      {list.isPending ? (
        <Loading what="Loading your queue" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : tickets.length === 0 ? (
        <EmptyState title="Nothing assigned to you">
          {user.available
            ? "New tickets that match your skills will appear here as soon as they are routed to you."
            : "You are away, so routing sends you nothing new. Switch availability on to receive tickets."}
        </EmptyState>
      ) : shown.length === 0 ? (
        <EmptyState title="Nothing needs review">
          Triage set every field of the tickets in your queue.
        </EmptyState>
      ) : (
        <TicketTable tickets={shown} columns={["requester", "due"]} />
      )}
    </>
  );
}
