import type { TicketSort } from "@helpdesk/contracts";
import { PRIORITIES, TICKET_STATUSES } from "@helpdesk/contracts/constants";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import { useTicketList } from "../api/tickets.ts";
import { STATUS_LABEL } from "../components/badges.tsx";
import { EmptyState, ErrorState, Loading, PageHeader } from "../components/states.tsx";
import { TicketTable } from "../components/ticket-table.tsx";
import { isStaff, useCurrentUser } from "../session/session.tsx";
import { BulkBar } from "./bulk-bar.tsx";
import { NewTicketForm } from "./new-ticket-form.tsx";
import { filtersFromSearch, hasFilters, OPEN_STATUS_FILTER, withFilter } from "./ticket-filters.ts";
import { selectionAfterClick } from "./ticket-selection.ts";

const SORT_LABEL: Record<TicketSort, string> = {
  newest: "Newest first",
  oldest: "Oldest first",
  updated: "Recently updated",
  priority: "Priority",
  due: "Due soonest",
};

/** Waits for typing to pause before searching, so each keystroke is not a request. */
function useDebounced(value: string, delayMs = 300): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

export function TicketsPage() {
  const user = useCurrentUser();
  const staff = isStaff(user);
  const [params, setParams] = useSearchParams();
  const filters = filtersFromSearch(params);
  const [creating, setCreating] = useState(params.has("new"));
  const [search, setSearch] = useState(filters.q ?? "");
  const debouncedSearch = useDebounced(search);
  // Tickets chosen for a bulk change (staff), and the last box clicked, where a shift-click range starts.
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [lastClicked, setLastClicked] = useState<string | null>(null);
  const [bulkOutcome, setBulkOutcome] = useState<string | undefined>();

  useEffect(() => {
    setParams((current) => withFilter(current, "q", debouncedSearch.trim()), { replace: true });
  }, [debouncedSearch, setParams]);

  const list = useTicketList(filters);
  const tickets = list.data?.pages.flatMap((page) => page.tickets) ?? [];
  // Someone with no tickets at all has nothing to filter: the empty state speaks alone.
  const nothingYet = list.isSuccess && tickets.length === 0 && !hasFilters(filters);
  const setFilter = (key: Parameters<typeof withFilter>[1], value: string) =>
    setParams((current) => withFilter(current, key, value), { replace: true });

  return (
    <>
      <PageHeader title={staff ? "Tickets" : "My tickets"}>
        {!creating && (
          <button type="button" className="btn btn-primary btn-sm" onClick={() => setCreating(true)}>
            New ticket
          </button>
        )}
      </PageHeader>

      {creating && <NewTicketForm onCancel={() => setCreating(false)} />}

      <search
        hidden={nothingYet}
        className="mb-4 grid grid-cols-2 gap-2 md:flex md:flex-wrap md:items-center"
        aria-label="Filter tickets"
      >
        <label className="input input-sm col-span-2 w-full md:w-72">
          <span className="sr-only">Search</span>
          <input
            type="search"
            data-shortcut="search"
            placeholder="Search: #number, words, requester"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </label>
        <select
          className="select select-sm w-full md:w-44"
          aria-label="Status"
          value={filters.status ?? ""}
          onChange={(event) => setFilter("status", event.target.value)}
        >
          <option value="">Any status</option>
          <option value={OPEN_STATUS_FILTER}>Open</option>
          {TICKET_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABEL[status]}
            </option>
          ))}
        </select>
        <select
          className="select select-sm w-full md:w-40"
          aria-label="Priority"
          value={filters.priority ?? ""}
          onChange={(event) => setFilter("priority", event.target.value)}
        >
          <option value="">Any priority</option>
          {PRIORITIES.map((priority) => (
            <option key={priority} value={priority} className="capitalize">
              {priority[0]?.toUpperCase() + priority.slice(1)}
            </option>
          ))}
        </select>
        {staff && (
          <select
            className="select select-sm w-full md:w-44"
            aria-label="Assignee"
            value={filters.assignee ?? ""}
            onChange={(event) => setFilter("assignee", event.target.value)}
          >
            <option value="">Anyone's</option>
            <option value="me">Assigned to me</option>
            <option value="none">Unassigned</option>
          </select>
        )}
        {staff && (
          <label className="label col-span-2 cursor-pointer gap-2 text-sm md:col-span-1">
            <input
              type="checkbox"
              className="checkbox checkbox-sm"
              checked={filters.needsReview ?? false}
              onChange={(event) => setFilter("needsReview", event.target.checked ? "true" : "")}
            />
            Needs review
          </label>
        )}
        <select
          className="select select-sm w-full md:w-44"
          aria-label="Sort"
          value={filters.sort ?? "newest"}
          onChange={(event) => setFilter("sort", event.target.value === "newest" ? "" : event.target.value)}
        >
          {Object.entries(SORT_LABEL).map(([sort, label]) => (
            <option key={sort} value={sort}>
              {label}
            </option>
          ))}
        </select>
      </search>

      {list.isPending ? (
        <Loading what="Loading tickets" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : tickets.length === 0 ? (
        hasFilters(filters) ? (
          <EmptyState title="No tickets match these filters">
            Try another search or clear a filter.
          </EmptyState>
        ) : (
          <EmptyState title={staff ? "No tickets yet" : "You have not filed a ticket yet"}>
            <p>When something is wrong or you need something, tell us here.</p>
            {!creating && (
              <button type="button" className="btn btn-primary btn-sm mt-3" onClick={() => setCreating(true)}>
                File your first ticket
              </button>
            )}
          </EmptyState>
        )
      ) : (
        <>
          {staff && chosen.size > 0 && (
            <BulkBar
              ids={[...chosen]}
              onDone={(left, outcome) => {
                setChosen(new Set(left));
                setBulkOutcome(outcome);
              }}
            />
          )}
          {bulkOutcome && (
            <p role="status" className="mb-3 text-sm">
              {bulkOutcome}
            </p>
          )}
          <TicketTable
            tickets={tickets}
            columns={staff ? ["requester", "assignee"] : ["assignee"]}
            selection={
              staff
                ? {
                    selected: chosen,
                    onClick: (id, shift) => {
                      setChosen(
                        selectionAfterClick(
                          chosen,
                          tickets.map((ticket) => ticket._id),
                          id,
                          lastClicked,
                          shift,
                        ),
                      );
                      setLastClicked(id);
                    },
                    onAll: (choose) => setChosen(new Set(choose ? tickets.map((ticket) => ticket._id) : [])),
                  }
                : undefined
            }
          />
          <div className="mt-4 flex justify-center">
            {list.hasNextPage && (
              <button
                type="button"
                className="btn btn-sm"
                onClick={() => list.fetchNextPage()}
                disabled={list.isFetchingNextPage}
              >
                {list.isFetchingNextPage ? "Loading…" : "Show more"}
              </button>
            )}
          </div>
        </>
      )}
    </>
  );
}
